/// A view of a text with the noise of newspaper and PDF extraction folded away, for matching.
///
/// - Full-width ASCII and look-alike punctuation are folded (`，` reads `,`, `２０２３` reads `2023`).
/// - Blanks are dropped unless they separate two ASCII words (`全 会 由 省 委` reads `全会由省委`).
/// - A line break inside a sentence is dropped; one after sentence-ending punctuation, a heading or a
///   list item becomes a single `\n`, the only boundary marker the view uses.
/// - Page furniture is dropped: page numbers on their own line (`- 31 -`), page references
///   (`下转 02 版`, `（上接第1版）`), markdown heading marks and `**`.
///
/// Every view scalar records the original scalar index it came from (`originalIndex`), so a range found in
/// the view maps back to the exact original characters with `originalRange(_:)`.
public struct MatchingView: Sendable {
  /// The folded scalars.
  public let scalars: [Unicode.Scalar]
  /// For each folded scalar, the index of the original scalar it stands for.
  public let originalIndex: [Int32]
  /// Number of scalars in the original text.
  public let originalCount: Int

  /// Builds the view of `text`.
  public init(_ text: SourceText) {
    var builder = Builder(source: text.scalars, lines: text.lines)
    builder.run()
    scalars = builder.out
    originalIndex = builder.map
    originalCount = text.scalars.count
  }

  /// Number of folded scalars.
  public var count: Int { scalars.count }

  /// The part of this view between two boundaries, as the view of the original text it covers: view
  /// indices `range` of this view, original indices made relative to `originalStart`, over an original
  /// text of `originalCount` scalars. Used to check one paragraph as the whole text's view sees it (a
  /// view built from the paragraph alone can differ: titles and blank lines around it count).
  public init(slicing view: MatchingView, _ range: Range<Int>, originalStart: Int, originalCount: Int) {
    scalars = Array(view.scalars[range])
    originalIndex = view.originalIndex[range].map { $0 - Int32(originalStart) }
    self.originalCount = originalCount
  }

  /// The original range covered by a view range: from the first view scalar's origin to just past the last's.
  public func originalRange(_ viewRange: Range<Int>) -> Range<Int> {
    guard !viewRange.isEmpty else {
      let at = viewRange.lowerBound < originalIndex.count ? Int(originalIndex[viewRange.lowerBound]) : originalCount
      return at..<at
    }
    let lower = Int(originalIndex[viewRange.lowerBound])
    let upper = Int(originalIndex[viewRange.upperBound - 1]) + 1
    return lower..<max(lower, upper)
  }

  /// The first view index whose original index is at or after `original` (binary search).
  public func viewIndex(atOrAfterOriginal original: Int) -> Int {
    var lo = 0
    var hi = originalIndex.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(originalIndex[mid]) < original { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The view range whose scalars come from inside an original range.
  public func viewRange(coveringOriginal range: Range<Int>) -> Range<Int> {
    viewIndex(atOrAfterOriginal: range.lowerBound)..<viewIndex(atOrAfterOriginal: range.upperBound)
  }

  /// A slice of the view as a string.
  public func string(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, scalars.count))
    let upper = max(lower, min(range.upperBound, scalars.count))
    return String(scalarSlice: scalars[lower..<upper])
  }

  /// Builds the view in two passes: first it classifies lines and the blocks (paragraphs) they form, then
  /// it appends each line's folded content, deciding at each line break whether it is a real boundary.
  private struct Builder {
    let source: [Unicode.Scalar]
    let lines: LineTable
    var out: [Unicode.Scalar] = []
    var map: [Int32] = []
    /// Scalars that are not content: `<!-- … -->` comments, page references, `**`, bare suppression lines.
    var hidden: [Bool]

    /// What the first pass knows about a line.
    struct Line {
      enum Kind { case blank, transparent, content }
      var kind: Kind
      /// Trimmed content range (after heading, bullet and quote marks).
      var content: Range<Int>
      var isHeading = false
      var startsList = false
      /// The whole line is one bracketed aside: `（2023年12月28日）`.
      var isEnclosed = false
      var hasClausePunctuation = false
      var isBalanced = true
      /// The line is only a date (`2023年12月29日`, `（二〇二三年十二月）`): a dateline or signature date.
      var isDate = false
      /// The line ends with a colon (a salutation such as `各单位：`).
      var endsWithColon = false
      /// The line opens with a page reference (`紧接01版`): a new column starts here.
      var startsWithPageReference = false
      /// Visible, non-blank scalars.
      var length = 0
      var block = 0
    }

    /// What the first pass knows about a block (a run of content lines between blank lines).
    struct Block {
      var length = 0
      var hasClausePunctuation = false
      var balance = Balance()
      var first: Unicode.Scalar = " "
      var last: Unicode.Scalar = " "
      /// Blank lines before the block (a page break through furniture counts as one).
      var blanksBefore = 0

      /// A headline, caption or byline: short, no clause punctuation, brackets and quotes balanced.
      var isTitleLike: Bool { !hasClausePunctuation && balance.isBalanced && length >= 2 && length <= 60 }
      /// A bracketed aside such as an adoption note `（2023年11月20日…通过）`.
      var isEnclosed: Bool { first == "(" && last == ")" && balance.isBalanced && length <= 160 }
    }

    /// Counts of opening and closing brackets and quotes, after folding.
    struct Balance {
      var round = 0
      var quote = 0
      var title = 0
      var square = 0
      var broken = false
      mutating func add(_ s: Unicode.Scalar) {
        switch s {
        case "(": round += 1
        case ")": round -= 1
        case "“": quote += 1
        case "”": quote -= 1
        case "《": title += 1
        case "》": title -= 1
        case "【": square += 1
        case "】": square -= 1
        default: return
        }
        if round < 0 || quote < 0 || title < 0 || square < 0 { broken = true }
      }
      var isBalanced: Bool { !broken && round == 0 && quote == 0 && title == 0 && square == 0 }
    }

    init(source: [Unicode.Scalar], lines: LineTable) {
      self.source = source
      self.lines = lines
      hidden = Array(repeating: false, count: source.count)
      out.reserveCapacity(source.count)
      map.reserveCapacity(source.count)
    }

    func isVoid(_ i: Int) -> Bool { hidden[i] || ScalarClass.isBlank(source[i]) }

    /// Marks comments (which may span lines), page references and `**` as hidden.
    mutating func hideNoise() {
      var line = 0
      var i = 0
      let n = source.count
      while i < n {
        while line + 1 < lines.lineCount && lines.lineStarts[line + 1] <= i { line += 1 }
        let lineEnd = lines.contentEnds[line]
        let s = source[i]
        if s == "<", let length = Furniture.htmlCommentLength(source, i, n) {
          for k in i..<(i + length) { hidden[k] = true }
          i += length
          continue
        }
        if s == "*" && i + 1 < lineEnd && source[i + 1] == "*" {
          hidden[i] = true
          hidden[i + 1] = true
          i += 2
          continue
        }
        if i < lineEnd, let length = Furniture.pageReferenceLength(source, i, lineEnd) {
          for k in i..<(i + length) { hidden[k] = true }
          i += length
          continue
        }
        i += 1
      }
    }

    func classify(_ line: Int) -> Line {
      var start = lines.lineStarts[line]
      var end = lines.contentEnds[line]
      var sawHidden = false
      while start < end && isVoid(start) {
        if hidden[start] { sawHidden = true }
        start += 1
      }
      while end > start && isVoid(end - 1) {
        if hidden[end - 1] { sawHidden = true }
        end -= 1
      }
      if start == end {
        return Line(kind: sawHidden ? .transparent : .blank, content: start..<end)
      }
      if Furniture.isPageFurnitureLine(source, start..<end) || Furniture.isRuleLine(source, start..<end)
        || Furniture.isDirectiveLine(source, start..<end)
      {
        return Line(kind: .transparent, content: start..<end)
      }
      var info = Line(kind: .content, content: start..<end)
      var firstNonBlank = lines.lineStarts[line]
      while firstNonBlank < end && ScalarClass.isBlank(source[firstNonBlank]) { firstNonBlank += 1 }
      info.startsWithPageReference = hidden[firstNonBlank]
        && Furniture.pageReferenceLength(source, firstNonBlank, lines.contentEnds[line]) != nil
      var contentStart = start
      if source[start] == "#" {
        var j = start
        while j < end && source[j] == "#" { j += 1 }
        if j < end && ScalarClass.isBlank(source[j]) && j - start <= 6 {
          info.isHeading = true
          contentStart = j
        }
      } else if let marker = Furniture.markdownMarkerLength(source, start..<end) {
        contentStart = start + marker
        info.startsList = source[start] != ">"
      }
      while contentStart < end && isVoid(contentStart) { contentStart += 1 }
      info.content = contentStart..<end
      info.startsList = info.startsList || ListMarker.startsListItem(source, info.content)
      var balance = Balance()
      var first: Unicode.Scalar?
      var last: Unicode.Scalar = " "
      for k in info.content where !isVoid(k) {
        let f = ScalarClass.fold(source[k])
        if first == nil { first = f }
        last = f
        info.length += 1
        balance.add(f)
        if ScalarClass.isClauseEnd(f) { info.hasClausePunctuation = true }
      }
      info.isBalanced = balance.isBalanced
      info.endsWithColon = last == ":"
      info.isDate = Furniture.isDateLine(source, info.content)
      info.isEnclosed = first == "(" && last == ")" && balance.isBalanced && Self.closesAtEnd(source, info.content)
      return info
    }

    /// Whether the bracket opening a line closes only at its end (`（一）……（二）` is not one aside).
    static func closesAtEnd(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
      var depth = 0
      var lastClose = -1
      for k in r {
        let f = ScalarClass.fold(s[k])
        if f == "(" { depth += 1 } else if f == ")" {
          depth -= 1
          if depth == 0 {
            if lastClose >= 0 { return false }
            lastClose = k
          }
        }
      }
      var tail = lastClose + 1
      while tail < r.upperBound && ScalarClass.isBlank(s[tail]) { tail += 1 }
      return lastClose >= 0 && tail == r.upperBound
    }

    mutating func run() {
      hideNoise()
      var infos: [Line] = []
      infos.reserveCapacity(lines.lineCount)
      var blocks: [Block] = []
      var blanks = 0
      var pageBreak = false
      var previousWasContent = false
      for line in 0..<lines.lineCount {
        var info = classify(line)
        switch info.kind {
        case .blank:
          blanks += 1
          previousWasContent = false
        case .transparent:
          if Furniture.isPageFurnitureLine(source, info.content) { pageBreak = true }
        case .content:
          if !previousWasContent || blocks.isEmpty {
            var block = Block()
            block.blanksBefore = pageBreak ? min(blanks, 1) : blanks
            blocks.append(block)
          }
          info.block = blocks.count - 1
          blocks[info.block].length += info.length
          blocks[info.block].hasClausePunctuation = blocks[info.block].hasClausePunctuation || info.hasClausePunctuation
          for k in info.content where !isVoid(k) {
            let f = ScalarClass.fold(source[k])
            if blocks[info.block].first == " " { blocks[info.block].first = f }
            blocks[info.block].last = f
            blocks[info.block].balance.add(f)
          }
          blanks = 0
          pageBreak = false
          previousWasContent = true
        }
        infos.append(info)
      }

      var previous: Line?
      var previousStartedFresh = true  // whether a boundary (or the start of the text) came before `previous`
      var blockStartedFresh = Array(repeating: false, count: blocks.count)
      var pendingBreak: Int? = nil  // original index of the line break that may become a boundary
      var previousEndsBlock = false
      for line in 0..<lines.lineCount {
        let info = infos[line]
        guard info.kind == .content else { continue }
        var fresh = out.isEmpty
        if let brk = pendingBreak, let prev = previous, !out.isEmpty {
          let boundary = previousEndsBlock
            || isBoundary(prev, info, blocks, previousStartedFresh: previousStartedFresh, blockStartedFresh)
          if boundary {
            out.append("\n")
            map.append(Int32(brk))
            fresh = true
          } else if let last = out.last, ScalarClass.isASCIILetter(last),
            let next = firstVisible(info.content), ScalarClass.isASCIILetter(ScalarClass.fold(source[next]))
          {
            // English words wrapped across lines keep a space between them.
            out.append(" ")
            map.append(Int32(brk))
          }
        }
        // The text's first block does not count as starting fresh: a short unpunctuated opening block is as
        // likely a fragment cut from a longer text as a title (a title above a long line is still found by
        // the short-line rule).
        if previous.map({ $0.block != info.block }) ?? true { blockStartedFresh[info.block] = fresh && !out.isEmpty }
        let before = out.count
        appendLine(info.content)
        if out.count > before {
          let terminator = lines.contentEnds[line]
          pendingBreak = terminator < source.count ? terminator : max(0, source.count - 1)
          let last = out[out.count - 1]
          let penultimate: Unicode.Scalar = out.count - before >= 2 ? out[out.count - 2] : " "
          let closesSentence = (last == "”" || last == ")" || last == "’" || last == "」") && ScalarClass.isSentenceEnd(penultimate)
          previousEndsBlock = info.isHeading || ScalarClass.isSentenceEnd(last) || last == ":" || closesSentence
            || (info.startsList && info.length <= 24)
          previous = info
          previousStartedFresh = fresh
        }
      }
    }

    /// Whether the break between two consecutive content lines is a real boundary when the first does not
    /// end a sentence: a heading or list item starts; a bracketed aside starts or ends; two blank lines part
    /// them; a page reference opens a new column; or a headline ends. A headline is a short block without
    /// clause punctuation that starts after a boundary (so a column-break fragment in mid-sentence is not
    /// one), or a short unpunctuated line after a boundary standing above a much longer line (a title or byline).
    func isBoundary(
      _ a: Line, _ b: Line, _ blocks: [Block], previousStartedFresh: Bool, _ blockStartedFresh: [Bool]
    ) -> Bool {
      if b.isHeading || b.startsList || a.isEnclosed || b.isEnclosed || b.startsWithPageReference { return true }
      if a.isDate || b.isDate { return true }
      if a.block != b.block {
        let x = blocks[a.block]
        let y = blocks[b.block]
        if x.isEnclosed || y.isEnclosed || y.blanksBefore >= 2 || (x.isTitleLike && blockStartedFresh[a.block]) {
          return true
        }
      }
      if previousStartedFresh && !a.hasClausePunctuation && a.isBalanced && a.length >= 4 && b.length >= 16
        && 2 * a.length <= b.length
      {
        return true
      }
      // A salutation (`各单位：`) under a title.
      if previousStartedFresh && !a.hasClausePunctuation && a.isBalanced && b.endsWithColon && b.length <= 8
        && a.length > b.length
      {
        return true
      }
      return false
    }

    func firstVisible(_ r: Range<Int>) -> Int? {
      var i = r.lowerBound
      while i < r.upperBound && isVoid(i) { i += 1 }
      return i < r.upperBound ? i : nil
    }

    mutating func appendLine(_ range: Range<Int>) {
      var i = range.lowerBound
      let end = range.upperBound
      while i < end {
        if hidden[i] {
          i += 1
          continue
        }
        let s = source[i]
        if ScalarClass.isBlank(s) {
          var j = i
          while j < end && isVoid(j) { j += 1 }
          if let last = out.last, j < end, ScalarClass.isASCIIAlphanumeric(last),
            ScalarClass.isASCIIAlphanumeric(ScalarClass.fold(source[j])), last != "\n"
          {
            out.append(" ")
            map.append(Int32(i))
          }
          i = j
          continue
        }
        out.append(ScalarClass.fold(s))
        map.append(Int32(i))
        i += 1
      }
    }
  }
}

/// Recognises page furniture left in newspaper and PDF extractions.
enum Furniture {
  /// Dashes around a page number.
  static let furnitureDashes: Set<Unicode.Scalar> = ["-", "—", "–", "─"]

  /// A line that is only a page number: `- 31 -`, `—12—`, `第 3 页`.
  static func isPageFurnitureLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    // At most 12 visible characters: a longer line (most are paragraphs) is rejected without collecting it.
    var core: [Unicode.Scalar] = []
    for i in r where !ScalarClass.isBlank(s[i]) {
      guard core.count < 12 else { return false }
      core.append(ScalarClass.fold(s[i]))
    }
    guard !core.isEmpty else { return false }
    let dashes = furnitureDashes
    var a = 0
    var b = core.count
    var dashed = false
    while a < b && dashes.contains(core[a]) { a += 1; dashed = true }
    while b > a && dashes.contains(core[b - 1]) { b -= 1 }
    if dashed && a < b && core[a..<b].allSatisfy(ScalarClass.isDigit) { return true }
    if core.first == "第" && core.last == "页" && core.count > 2 && core[1..<(core.count - 1)].allSatisfy(ScalarClass.isDigit) {
      return true
    }
    return false
  }

  /// A line that is only a date: digits (Arabic or Chinese) with 年, 月 and a closing 日 or 号, perhaps in
  /// brackets. Written under titles and at the end of notices.
  static func isDateLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    // At most 16 characters and two brackets: a longer line is rejected without collecting it.
    var core: [Unicode.Scalar] = []
    for i in r where !ScalarClass.isBlank(s[i]) {
      guard core.count < 18 else { return false }
      core.append(ScalarClass.fold(s[i]))
    }
    if let first = core.first, let last = core.last, first == "(" || first == "【", last == ")" || last == "】" {
      core = Array(core.dropFirst().dropLast())
    }
    guard core.count >= 6 && core.count <= 16, core.last == "日" || core.last == "号" else { return false }
    guard core.contains("年") && core.contains("月") else { return false }
    return core.allSatisfy { c in
      ScalarClass.isDigit(c) || ListMarker.isChineseDigit(c) || c == "年" || c == "月" || c == "日" || c == "号"
        || c == "○" || c == "O"
    }
  }

  /// A markdown thematic break or setext underline: `---`, `***`, `===`, `___` (three or more, blanks allowed).
  static func isRuleLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    var mark: Unicode.Scalar?
    var count = 0
    for i in r where !ScalarClass.isBlank(s[i]) {
      let c = s[i]
      guard c == "-" || c == "*" || c == "=" || c == "_" else { return false }
      if let m = mark, m != c { return false }
      mark = c
      count += 1
    }
    return count >= 3
  }

  /// A line that is only a bare suppression directive (`policylint-disable-next-line …`) in a plain-text draft.
  static func isDirectiveLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    let marker = Array("policylint-".unicodeScalars)
    guard r.count >= marker.count + 6 else { return false }
    var i = r.lowerBound
    // Allow a comment leader such as `//` or `#` before the directive.
    while i < r.upperBound && (s[i] == "/" || s[i] == "#" || ScalarClass.isBlank(s[i])) { i += 1 }
    guard i + marker.count <= r.upperBound, Array(s[i..<(i + marker.count)]) == marker else { return false }
    let j = i + marker.count
    return s[j] == "d" || s[j] == "e"
  }

  /// Length of a markdown list or quote marker at the start of a line (`- `, `* `, `+ `, `> `), or nil.
  static func markdownMarkerLength(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Int? {
    guard r.count >= 2 else { return nil }
    let c = s[r.lowerBound]
    guard c == "-" || c == "*" || c == "+" || c == ">", ScalarClass.isBlank(s[r.lowerBound + 1]) || c == ">" else {
      return nil
    }
    return c == ">" && !ScalarClass.isBlank(s[r.lowerBound + 1]) ? 1 : 2
  }

  /// Length of an HTML comment `<!-- … -->` starting at `i` and closed before `end` (suppression comments
  /// live in these; a comment may span lines).
  static func htmlCommentLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
    guard i + 3 < end, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" else { return nil }
    var j = i + 4
    while j + 2 < end {
      if s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">" { return j + 3 - i }
      j += 1
    }
    return nil
  }

  /// Length of a page reference starting at `i` (`下转 02 版`, `(上接第1版)`, `紧接01版`, `（转第三版）`), or nil.
  static func pageReferenceLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
    var j = i
    var opened = false
    let open = ScalarClass.fold(s[j])
    if open == "(" || open == "【" || open == "[" {
      opened = true
      j += 1
      while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    }
    guard j < end else { return nil }
    // The verb: 下转, 上接, 紧接, 转, 接, 续.
    switch s[j] {
    case "下", "上", "紧":
      guard j + 1 < end, s[j + 1] == "转" || s[j + 1] == "接" else { return nil }
      j += 2
    case "转", "接", "续":
      j += 1
    default:
      return nil
    }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    if j < end && s[j] == "第" { j += 1 }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    let digitsStart = j
    while j < end && j - digitsStart < 3
      && (ScalarClass.isDigit(ScalarClass.fold(s[j])) || ListMarker.isChineseDigit(s[j]))
    {
      j += 1
    }
    guard j > digitsStart else { return nil }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    guard j < end, s[j] == "版" else { return nil }
    j += 1
    if opened {
      while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
      guard j < end else { return nil }
      let close = ScalarClass.fold(s[j])
      guard close == ")" || close == "】" || close == "]" else { return nil }
      j += 1
    }
    return j - i
  }
}

/// Recognises the markers that open a list item or heading in policy documents.
public enum ListMarker {
  /// Whether the range starts with `一、`, `（一）`, `1.`, `1、`, `第一，`, `一是` and similar.
  public static func startsListItem(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    guard !r.isEmpty else { return false }
    var j = r.lowerBound
    let first = ScalarClass.fold(s[j])
    if first == "(" {
      j += 1
      let numStart = j
      while j < r.upperBound && (isChineseDigit(s[j]) || ScalarClass.isDigit(ScalarClass.fold(s[j]))) { j += 1 }
      return j > numStart && j < r.upperBound && ScalarClass.fold(s[j]) == ")"
    }
    let numStart = j
    while j < r.upperBound && (isChineseDigit(s[j]) || ScalarClass.isDigit(ScalarClass.fold(s[j]))) { j += 1 }
    guard j > numStart, j < r.upperBound else { return false }
    let next = ScalarClass.fold(s[j])
    if next == "、" { return true }
    if next == "." && j + 1 < r.upperBound && !ScalarClass.isDigit(ScalarClass.fold(s[j + 1])) { return true }
    return false
  }

  /// `一` to `十`, `〇`, `零`, `两`, `百`.
  public static func isChineseDigit(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零", "两", "百": return true
    default: return false
    }
  }
}
