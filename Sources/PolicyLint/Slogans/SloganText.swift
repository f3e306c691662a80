import PolicyText

/// Small text tools shared by the slogan checks: content characters, numerals, hashing, edit distance.
/// They work on folded scalars of a `MatchingView` (so `，` is already `,`).
enum SloganText {
  /// Whether a scalar is content for alignment: Han, ASCII letters and digits, `%`.
  /// Punctuation, quotes and spaces are not: a misquote is about words, not about commas.
  @inline(__always)
  static func isContent(_ s: Unicode.Scalar) -> Bool {
    ScalarClass.isHan(s) || ScalarClass.isASCIIAlphanumeric(s) || s == "%"
  }

  /// Whether a scalar writes a number: ASCII digits and the Chinese numerals.
  static func isNumeral(_ s: Unicode.Scalar) -> Bool {
    if ScalarClass.isDigit(s) { return true }
    switch s {
    case "〇", "零", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万", "亿": return true
    default: return false
    }
  }

  /// Punctuation that separates clauses and phrases in the view (quotes and brackets included).
  static func isBreak(_ s: Unicode.Scalar) -> Bool {
    if s == "\n" { return true }
    return ScalarClass.isClauseEnd(s) || ScalarClass.isPunctuation(s)
  }

  /// View text with its folded punctuation shown full-width again (`,` `(` `)` → `，` `（` `）`), as a writer
  /// typed it: for messages and for fixes that put view text back into a draft.
  static func displayed(_ s: String) -> String {
    // Scalar by scalar: mapping `Character`s walked grapheme breaks, a third of the repeated-sentence check.
    let scalars = Array(s.unicodeScalars)
    var out = String.UnicodeScalarView()
    for (i, c) in scalars.enumerated() {
      // Between two digits a comma or colon is a number's (`1,000`, `10:30`).
      let inNumber =
        i > 0 && i + 1 < scalars.count && ScalarClass.isDigit(scalars[i - 1]) && ScalarClass.isDigit(scalars[i + 1])
      switch c {
      case "," where !inNumber: out.append("，")
      case ":" where !inNumber: out.append("：")
      case ";": out.append("；")
      case "(": out.append("（")
      case ")": out.append("）")
      default: out.append(c)
      }
    }
    return String(out)
  }

  /// Folded scalars of a string as the matching view would hold them (full-width folded, blanks dropped).
  static func folded(_ string: String) -> [Unicode.Scalar] {
    MatchingView(SourceText(string)).scalars.filter { $0 != "\n" }
  }

  /// FNV-1a over the scalars' values: a stable key for a phrase.
  static func hash<C: Collection>(_ scalars: C) -> UInt64 where C.Element == Unicode.Scalar {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for s in scalars {
      var v = s.value
      for _ in 0..<3 {
        h ^= UInt64(v & 0xFF)
        h &*= 0x100_0000_01b3
        v >>= 8
      }
    }
    return h
  }

  /// Optimal-string-alignment distance (insert, delete, substitute, swap two neighbours), or `limit + 1`
  /// once it is certain to exceed `limit`.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    distance(a[...], b, limit: limit)
  }

  /// `distance` of a slice (a window of a draft) from a sequence, with its three rows on the stack: the
  /// near-miss search asks this for every window around every candidate, and allocating a window and three
  /// rows each time cost more than the comparison.
  static func distance(_ a: ArraySlice<Unicode.Scalar>, _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    let n = b.count + 1
    let s = a.startIndex
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * n) { buffer -> Int in
      guard let base = buffer.baseAddress else { return limit + 1 }
      var prev2 = base
      var prev = base + n
      var cur = base + 2 * n
      for j in 0..<n {
        prev2[j] = 0
        prev[j] = j
        cur[j] = 0
      }
      for i in 1...a.count {
        cur[0] = i
        var rowMin = cur[0]
        for j in 1...b.count {
          let cost = a[s + i - 1] == b[j - 1] ? 0 : 1
          var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
          if i > 1 && j > 1 && a[s + i - 1] == b[j - 2] && a[s + i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
          cur[j] = v
          rowMin = min(rowMin, v)
        }
        if rowMin > limit { return limit + 1 }
        (prev2, prev, cur) = (prev, cur, prev2)
      }
      return prev[b.count]
    }
  }

  /// The optimal-string-alignment distance from `b` of each prefix of `a` (element `m` for `a`'s first `m`
  /// scalars), exact where it is at most `limit` and greater than `limit` otherwise: what `distance` gives
  /// for each prefix as a window, from one table instead of one per window. Only cells within `limit` of
  /// the diagonal are computed (a path leaving that band costs more than `limit`), and the rows stop once
  /// a whole band exceeds `limit` (longer prefixes only cost more).
  static func prefixDistances(_ a: ArraySlice<Unicode.Scalar>, _ b: [Unicode.Scalar], limit: Int) -> [Int] {
    var result: [Int] = []
    prefixDistances(a, b, limit: limit, into: &result)
    return result
  }

  /// `prefixDistances` into `result` (replacing what it held), so a caller asking thousands of times reuses
  /// one buffer.
  static func prefixDistances(
    _ a: ArraySlice<Unicode.Scalar>, _ b: [Unicode.Scalar], limit: Int, into result: inout [Int]
  ) {
    let over = limit + 1
    result.removeAll(keepingCapacity: true)
    result.append(contentsOf: repeatElement(over, count: a.count + 1))
    let n = b.count
    guard limit >= 0 else { return }
    let width = n + 2  // columns 0...n and one sentinel past the end
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { buffer in
      guard let base = buffer.baseAddress else { return }
      base.initialize(repeating: over, count: 3 * width)
      var prev2 = base
      var prev = base + width
      var cur = base + 2 * width
      // Row 0: the empty prefix is `j` insertions from `b`'s first `j`.
      for j in 0...min(n, limit) { prev[j] = j }
      result[0] = n <= limit ? n : over
      let s = a.startIndex
      var i = 1
      while i <= a.count {
        let lo = max(0, i - limit)
        let hi = min(n, i + limit)
        guard lo <= hi else { break }
        // Cells just outside this row's band read as `over` for the next row.
        if lo >= 1 { cur[lo - 1] = over }
        cur[hi + 1] = over
        var rowMin = over
        var j = lo
        if j == 0 {
          cur[0] = i
          rowMin = i
          j = 1
        }
        let x = a[s + i - 1]
        while j <= hi {
          let cost = x == b[j - 1] ? 0 : 1
          var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
          if i > 1 && j > 1 && x == b[j - 2] && a[s + i - 2] == b[j - 1] { v = min(v, prev2[j - 2] + 1) }
          cur[j] = v
          rowMin = min(rowMin, v)
          j += 1
        }
        if rowMin > limit { break }
        if hi == n { result[i] = min(cur[n], over) }
        (prev2, prev, cur) = (prev, cur, prev2)
        i += 1
      }
    }
  }

  /// The differing middle of two sequences after their common prefix and suffix are removed.
  static func middle(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> (
    ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>
  ) {
    var p = 0
    while p < a.count && p < b.count && a[p] == b[p] { p += 1 }
    var s = 0
    while s < a.count - p && s < b.count - p && a[a.count - 1 - s] == b[b.count - 1 - s] { s += 1 }
    return (a[p..<(a.count - s)], b[p..<(b.count - s)])
  }

  /// Whether two forms differ only in numerals (`四个融合`/`七个融合`): a count, which is the figure
  /// family's business, not a garbled slogan.
  static func differsOnlyInNumerals(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
    let (x, y) = middle(a, b)
    guard !x.isEmpty || !y.isEmpty else { return false }
    return x.allSatisfy(isNumeral) && y.allSatisfy(isNumeral)
  }

  /// Builds a string from scalars.
  static func string<C: Sequence>(_ s: C) -> String where C.Element == Unicode.Scalar { String(scalarSlice: s) }
}

/// One step of an alignment between a draft and a source.
enum AlignmentStep: Equatable {
  /// Both have this character.
  case match
  /// Different characters.
  case substitute
  /// The draft has a character the source lacks.
  case extra
  /// The source has a character the draft lacks.
  case missing
}

/// A local alignment (Smith–Waterman) of two content sequences: the region of each that matches best,
/// with the steps in between. Used to align a draft sentence with a corpus sentence it nearly reproduces.
struct LocalAlignment {
  /// Start and end in `a` (the draft) of the aligned region.
  var aRange: Range<Int>
  /// Start and end in `b` (the source) of the aligned region.
  var bRange: Range<Int>
  /// The steps, in order.
  var steps: [AlignmentStep]
  /// The aligned sequences (sentences, so copies are cheap).
  var a: [Unicode.Scalar] = []
  var b: [Unicode.Scalar] = []

  /// Matched characters.
  var matches: Int { steps.reduce(0) { $0 + ($1 == .match ? 1 : 0) } }

  /// Aligns `a` with `b`; nil when nothing aligns. Cost is `a.count * b.count`, so callers pass
  /// sentences, not documents.
  static func align(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> LocalAlignment? {
    let n = a.count
    let m = b.count
    guard n > 0, m > 0, n * m <= 4_000_000 else { return nil }
    let matchScore: Int32 = 2
    let mismatch: Int32 = -3
    let gap: Int32 = -3
    // Traceback: 0 stop, 1 diagonal, 2 up (a has extra), 3 left (b has extra).
    var trace = [UInt8](repeating: 0, count: (n + 1) * (m + 1))
    var prev = [Int32](repeating: 0, count: m + 1)
    var cur = [Int32](repeating: 0, count: m + 1)
    var best: Int32 = 0
    var bestI = 0
    var bestJ = 0
    for i in 1...n {
      cur[0] = 0
      let ai = a[i - 1]
      for j in 1...m {
        let diag = prev[j - 1] + (ai == b[j - 1] ? matchScore : mismatch)
        let up = prev[j] + gap
        let left = cur[j - 1] + gap
        var v: Int32 = 0
        var t: UInt8 = 0
        if diag > v {
          v = diag
          t = 1
        }
        if up > v {
          v = up
          t = 2
        }
        if left > v {
          v = left
          t = 3
        }
        cur[j] = v
        trace[i * (m + 1) + j] = t
        if v > best {
          best = v
          bestI = i
          bestJ = j
        }
      }
      swap(&prev, &cur)
    }
    guard best > 0 else { return nil }
    var steps: [AlignmentStep] = []
    var i = bestI
    var j = bestJ
    while i > 0 && j > 0 {
      let t = trace[i * (m + 1) + j]
      if t == 0 { break }
      switch t {
      case 1:
        steps.append(a[i - 1] == b[j - 1] ? .match : .substitute)
        i -= 1
        j -= 1
      case 2:
        steps.append(.extra)
        i -= 1
      default:
        steps.append(.missing)
        j -= 1
      }
    }
    return LocalAlignment(aRange: i..<bestI, bRange: j..<bestJ, steps: steps.reversed(), a: a, b: b)
  }

  /// A local alignment never starts or ends on a difference, so a changed first or last character of a
  /// sentence (`逐步`/`迈步` opening it) would be lost. When both sequences have the same short stretch
  /// left before (or after) the aligned region, it is taken in as changed characters.
  mutating func extendEnds(maximum: Int) {
    let head = aRange.lowerBound
    if head > 0, head <= maximum, bRange.lowerBound == head {
      steps = (0..<head).map { a[$0] == b[$0] ? AlignmentStep.match : .substitute } + steps
      aRange = 0..<aRange.upperBound
      bRange = 0..<bRange.upperBound
    }
    let tailA = a.count - aRange.upperBound
    if tailA > 0, tailA <= maximum, b.count - bRange.upperBound == tailA {
      let (a0, b0) = (aRange.upperBound, bRange.upperBound)
      steps += (0..<tailA).map { a[a0 + $0] == b[b0 + $0] ? AlignmentStep.match : .substitute }
      aRange = aRange.lowerBound..<a.count
      bRange = bRange.lowerBound..<b.count
    }
  }

  /// A run of differing steps: the draft's part and the source's part.
  struct Hunk {
    var a: Range<Int>
    var b: Range<Int>
  }

  /// Maximal runs of non-matching steps, in positions of `a` and `b`.
  var hunks: [Hunk] {
    var result: [Hunk] = []
    var i = aRange.lowerBound
    var j = bRange.lowerBound
    var open: (Int, Int)?
    for step in steps {
      if step == .match {
        if let (oi, oj) = open {
          result.append(Hunk(a: oi..<i, b: oj..<j))
          open = nil
        }
        i += 1
        j += 1
        continue
      }
      if open == nil { open = (i, j) }
      switch step {
      case .substitute:
        i += 1
        j += 1
      case .extra: i += 1
      case .missing: j += 1
      case .match: break
      }
    }
    if let (oi, oj) = open { result.append(Hunk(a: oi..<i, b: oj..<j)) }
    return result.map(leftmost)
  }

  /// A gap inside a run of repeated characters can sit anywhere in the run (`保安全全面` less one `全`);
  /// put it as far left as it goes, so it stays with the clause it ends rather than the one a break starts.
  func leftmost(_ h: Hunk) -> Hunk {
    var h = h
    if h.a.isEmpty && !h.b.isEmpty {
      while h.b.lowerBound > bRange.lowerBound && h.a.lowerBound > aRange.lowerBound
        && b[h.b.lowerBound - 1] == b[h.b.upperBound - 1]
      {
        h = Hunk(a: (h.a.lowerBound - 1)..<(h.a.lowerBound - 1), b: (h.b.lowerBound - 1)..<(h.b.upperBound - 1))
      }
    } else if h.b.isEmpty && !h.a.isEmpty {
      while h.a.lowerBound > aRange.lowerBound && h.b.lowerBound > bRange.lowerBound
        && a[h.a.lowerBound - 1] == a[h.a.upperBound - 1]
      {
        h = Hunk(a: (h.a.lowerBound - 1)..<(h.a.upperBound - 1), b: (h.b.lowerBound - 1)..<(h.b.lowerBound - 1))
      }
    }
    return h
  }
}

/// Content characters of a view range, with the view index of each.
struct ContentRun {
  /// The content scalars.
  var scalars: [Unicode.Scalar]
  /// View index of each scalar.
  var viewIndex: [Int]

  /// Collects the content characters of `range` in `view`.
  init(_ view: [Unicode.Scalar], _ range: Range<Int>) {
    self.init(range) { view[$0] }
  }

  /// Collects the content characters of `range` in a compact view (a corpus sentence's).
  init(_ view: CompactView, _ range: Range<Int>) {
    self.init(range) { view[$0] }
  }

  @inline(__always)
  private init(_ range: Range<Int>, scalar: (Int) -> Unicode.Scalar) {
    scalars = []
    viewIndex = []
    scalars.reserveCapacity(range.count)
    viewIndex.reserveCapacity(range.count)
    for k in range {
      let s = scalar(k)
      guard SloganText.isContent(s) else { continue }
      scalars.append(s)
      viewIndex.append(k)
    }
  }

  /// The view range spanned by content positions `r` (empty at the position before `r.lowerBound`'s char).
  func viewRange(_ r: Range<Int>) -> Range<Int> {
    guard !r.isEmpty else {
      let at = r.lowerBound < viewIndex.count ? viewIndex[r.lowerBound] : (viewIndex.last.map { $0 + 1 } ?? 0)
      return at..<at
    }
    return viewIndex[r.lowerBound]..<(viewIndex[r.upperBound - 1] + 1)
  }
}
