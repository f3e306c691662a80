import PolicyText

/// Corpus sentences indexed by their content 4-grams, so a draft sentence is aligned only with the few
/// corpus sentences that share enough of its words, never with the whole corpus.
public struct SentenceIndex: Sendable {
  /// One corpus sentence: where it is, not its text (`content(of:)` reads that from the document's view).
  ///
  /// A sentence's content with each character's view index took 12 bytes a character, which for a 100 MB
  /// corpus was about 400 MB of a build's peak; the index reads it back for a few candidates at a time.
  struct Entry: Sendable {
    /// Corpus document id.
    let document: Int
    /// The document's view, as an index into the sentence index's views.
    let view: Int32
    /// The view range from the sentence's first content character to its last.
    let viewStart: Int32
    let viewEnd: Int32
    /// Number of content characters.
    let length: Int32
  }

  /// Length of the indexed character grams.
  static let gram = 4
  /// Sentences shorter than this (content characters) are not indexed: too short to be quoted.
  static let minimumLength = 12
  /// A gram found in more sentences than this says nothing about which one is quoted; it is skipped.
  static let commonGram = 64

  let entries: [Entry]
  /// The views of the documents the sentences are in.
  private let views: [MatchingView]
  /// Every gram's sentences, grouped by gram: `ids[starts[g]..<starts[g + 1]]` carry `hashes[g]`, ascending.
  let postings: GramPostings

  /// Number of indexed sentences.
  public var count: Int { entries.count }

  /// Indexes the sentences of documents that have text.
  ///
  /// The postings are laid out flat (about 12 bytes a posting while building, 4 after) rather than as a
  /// dictionary of arrays, which cost an allocation per distinct gram and a scattered write per posting:
  /// a first pass finds the sentences and counts their grams by the top bits of the hash (a gram repeated
  /// in a sentence reserves a slot it will not use: counting distinct grams would mean sorting them), a
  /// second writes each sentence's distinct (hash, sentence) pairs into their buckets, and each bucket is
  /// then sorted on its own. The second pass reads each sentence's grams straight from its view and drops
  /// repeats with a small reused table (`DistinctGramFilter`), making no array per sentence: copying the
  /// content out and sorting its grams took most of a build's time for this index.
  init(documents: [CorpusDocument]) {
    var entries: [Entry] = []
    var views: [MatchingView] = []
    var bucketCounts = [Int](repeating: 0, count: GramPostings.bucketCount + 1)
    for doc in documents {
      guard let view = doc.view else { continue }
      let position = Int32(views.count)
      views.append(view)
      for run in Self.indexedSentences(in: view) {
        guard let first = run.viewIndex.first, let last = run.viewIndex.last else { continue }
        entries.append(
          Entry(
            document: doc.id, view: position, viewStart: Int32(first), viewEnd: Int32(last + 1),
            length: Int32(run.scalars.count)))
        Self.forEachGram(run.scalars) { bucketCounts[GramPostings.bucket(of: $0) + 1] += 1 }
      }
    }
    self.entries = entries
    self.views = views
    GramPostings.bucketStarts(fromCounts: &bucketCounts)
    let total = bucketCounts[GramPostings.bucketCount]
    var hashes = [UInt64](repeating: 0, count: total)
    var ids = [Int32](repeating: 0, count: total)
    var next = bucketCounts
    var filter = DistinctGramFilter()
    hashes.withUnsafeMutableBufferPointer { hashes in
      ids.withUnsafeMutableBufferPointer { ids in
        next.withUnsafeMutableBufferPointer { next in
          for (id, entry) in entries.enumerated() {
            let range = Int(entry.viewStart)..<Int(entry.viewEnd)
            filter.forEachDistinct(in: views[Int(entry.view)].scalars, range) { h in
              let b = GramPostings.bucket(of: h)
              hashes[next[b]] = h
              ids[next[b]] = Int32(id)
              next[b] += 1
            }
          }
        }
      }
    }
    postings = GramPostings(bucketed: hashes, ids: ids, bucketStarts: bucketCounts, bucketEnds: next)
  }

  /// The content of each sentence of `view` the index keeps: those of at least `minimumLength` content
  /// characters, in text order.
  static func indexedSentences(in view: MatchingView) -> [ContentRun] {
    Segmenter.sentences(in: view).map { ContentRun(view.scalars, $0) }.filter {
      $0.scalars.count >= minimumLength
    }
  }

  /// The content of sentence `id`, with each character's view index.
  func content(of id: Int) -> ContentRun { Self.content(entries[id], in: views) }

  private static func content(_ e: Entry, in views: [MatchingView]) -> ContentRun {
    ContentRun(views[Int(e.view)].scalars, Int(e.viewStart)..<Int(e.viewEnd))
  }

  /// Calls `body` with the hash of every gram of `s`, in order.
  @inline(__always)
  static func forEachGram(_ s: [Unicode.Scalar], _ body: (UInt64) -> Void) {
    guard s.count >= gram else { return }
    s.withUnsafeBufferPointer { p in
      for i in 0...(p.count - gram) { body(gramHash(p[i].value, p[i + 1].value, p[i + 2].value, p[i + 3].value)) }
    }
  }

  /// The hash of every gram of `s`, in order.
  static func grams(_ s: [Unicode.Scalar]) -> [UInt64] {
    guard s.count >= gram else { return [] }
    return s.withUnsafeBufferPointer { p in
      [UInt64](unsafeUninitializedCapacity: p.count - gram + 1) { out, initialized in
        for i in 0...(p.count - gram) {
          out[i] = gramHash(p[i].value, p[i + 1].value, p[i + 2].value, p[i + 3].value)
        }
        initialized = p.count - gram + 1
      }
    }
  }

  /// The hash of the gram `a b c d`: three scalars packed in 63 bits, the fourth multiplied in, then
  /// SplitMix64's finalizer, so the top bits (which pick a posting's bucket) are well mixed. A third of the
  /// cost of hashing the twelve bytes one at a time (FNV-1a), and every gram of the corpus is hashed twice
  /// in a build.
  @inline(__always)
  static func gramHash(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt64 {
    var h = UInt64(a) | UInt64(b) << 21 | UInt64(c) << 42
    h ^= UInt64(d) &* 0x9E37_79B9_7F4A_7C15
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
  }

  /// Sentences sharing at least a third of `content`'s grams, best first, at most `limit`;
  /// sentences for which `accept` is false are skipped.
  func candidates(
    for content: [Unicode.Scalar], limit: Int = 4, share: Double = 1.0 / 3.0, accept: (Entry) -> Bool
  ) -> [Int] {
    postings.candidates(for: content, longestList: Self.commonGram, limit: limit, share: share) {
      accept(entries[Int($0)])
    }
  }

  /// The distinct grams of `content`, sorted (the set a `Set` gives, without hashing).
  static func distinctGrams(_ content: [Unicode.Scalar]) -> ArraySlice<UInt64> {
    var grams = Self.grams(content)
    // A sentence has a few dozen grams: insertion sort is quicker there than the library's merge sort.
    if grams.count <= 48 {
      grams.withUnsafeMutableBufferPointer { g in
        for i in g.indices.dropFirst() {
          let x = g[i]
          var j = i
          while j > 0 && g[j - 1] > x {
            g[j] = g[j - 1]
            j -= 1
          }
          g[j] = x
        }
      }
    } else {
      grams.sort()
    }
    var distinct = 0
    for i in grams.indices where i == 0 || grams[i] != grams[i - 1] {
      grams[distinct] = grams[i]
      distinct += 1
    }
    return grams[0..<distinct]
  }

  /// Sentences whose content contains `needle` exactly (found through its first gram).
  func containing(_ needle: [Unicode.Scalar]) -> [Int] {
    guard needle.count >= Self.gram else { return [] }
    let first = Self.gramHash(needle[0].value, needle[1].value, needle[2].value, needle[3].value)
    return postings.ids(of: first).map(Int.init).filter {
      content(of: $0).scalars.contains(subsequence: needle)
    }
  }
}

/// The distinct grams of one sentence after another, read from a view's content characters, with no
/// allocation per sentence: the grams go to a reused buffer and repeats are dropped with a reused open
/// addressing table whose slots are marked with the sentence they were filled for (so it is never cleared).
struct DistinctGramFilter {
  private var grams: [UInt64] = []
  private var slots: [UInt64] = []
  private var marks: [UInt32] = []
  private var mark: UInt32 = 0

  /// Calls `body` once with each distinct gram hash of the content characters of `view[range]` (what
  /// `SentenceIndex.distinctGrams` gives for that content), in the order of their first occurrence.
  @inline(__always)
  mutating func forEachDistinct(in view: [Unicode.Scalar], _ range: Range<Int>, _ body: (UInt64) -> Void) {
    grams.removeAll(keepingCapacity: true)
    view.withUnsafeBufferPointer { v in
      var a: UInt32 = 0
      var b: UInt32 = 0
      var c: UInt32 = 0
      var seen = 0
      for k in range {
        let s = v[k]
        guard SloganText.isContent(s) else { continue }
        if seen >= SentenceIndex.gram - 1 { grams.append(SentenceIndex.gramHash(a, b, c, s.value)) }
        (a, b, c) = (b, c, s.value)
        seen += 1
      }
    }
    guard grams.count > 1 else {
      if let only = grams.first { body(only) }
      return
    }
    var size = 16
    while size < 2 * grams.count { size <<= 1 }
    if slots.count < size {
      slots = [UInt64](repeating: 0, count: size)
      marks = [UInt32](repeating: 0, count: size)
      mark = 0
    }
    mark &+= 1
    if mark == 0 {
      for i in marks.indices { marks[i] = 0 }
      mark = 1
    }
    let mask = size - 1
    let current = mark
    slots.withUnsafeMutableBufferPointer { slots in
      marks.withUnsafeMutableBufferPointer { marks in
        for h in grams {
          var i = Int(truncatingIfNeeded: h) & mask
          while true {
            if marks[i] != current {
              marks[i] = current
              slots[i] = h
              body(h)
              break
            }
            if slots[i] == h { break }
            i = (i + 1) & mask
          }
        }
      }
    }
  }
}

extension Array where Element == Unicode.Scalar {
  /// Whether `needle` occurs somewhere that is not part of an occurrence of `container`.
  func hasOccurrence(of needle: [Unicode.Scalar], outside container: [Unicode.Scalar]) -> Bool {
    var covered: [Range<Int>] = []
    var from = 0
    while let at = firstIndex(of: container, from: from) {
      covered.append(at..<(at + container.count))
      from = at + 1
    }
    from = 0
    while let at = firstIndex(of: needle, from: from) {
      let r = at..<(at + needle.count)
      if !covered.contains(where: { $0.lowerBound <= r.lowerBound && r.upperBound <= $0.upperBound }) { return true }
      from = at + 1
    }
    return false
  }

  /// Whether `needle` occurs as a contiguous run.
  func contains(subsequence needle: [Unicode.Scalar]) -> Bool { firstIndex(of: needle, from: 0) != nil }

  /// First index at or after `from` where `needle` starts.
  func firstIndex(of needle: [Unicode.Scalar], from: Int) -> Int? {
    guard !needle.isEmpty, needle.count <= count else { return nil }
    var i = from
    while i + needle.count <= count {
      if self[i] == needle[0] {
        var k = 1
        while k < needle.count && self[i + k] == needle[k] { k += 1 }
        if k == needle.count { return i }
      }
      i += 1
    }
    return nil
  }
}

/// Decides whether a draft sentence nearly reproduces a source sentence, and which differences are slips.
///
/// Two things must hold before a difference is called a misquote. First, the draft must be quoting: a
/// whole-sentence copy, or a long verbatim stretch of a longer sentence; a short overlap is a stock phrase
/// any writer may use (`深入学习贯彻党的二十大精神`), and a word inserted into it is an edit
/// (`深入学习宣传贯彻`). Second, the difference itself must sit inside verbatim text: enough identical
/// characters on both sides of it (or the shared start or end of both sentences), so the aligner is not
/// pairing two different phrasings.
enum NearVerbatim {
  /// A difference small enough to be a slip: at most this many characters on either side.
  static let smallHunk = 3
  /// The shortest aligned stretch (content characters) that counts as reproducing a sentence.
  static let minimumAligned = 16
  /// An aligned stretch this long is a quotation even when it is only part of the source sentence.
  static let longQuote = 24
  /// Share of the source sentence an alignment must cover to be a whole-sentence copy.
  static let wholeSentence = 0.8
  /// Identical characters wanted on each side of a word difference in a whole-sentence copy.
  static let copyAnchor = 3
  /// Identical characters wanted on each side of a word difference in any other quotation.
  static let quoteAnchor = 6
  /// Identical characters wanted on one side of a changed number (the other side needs one); the
  /// text-less reference pack keeps number contexts of this length, so both paths judge alike.
  static let numberContext = 14

  /// How strongly a draft sentence is shown to quote a source sentence.
  enum Level: Comparable {
    /// A long verbatim part of a longer sentence, or a whole short sentence.
    case quote
    /// The whole of a sentence at least `longQuote` characters long.
    case copy
  }

  /// A near reproduction: the alignment, how strong it is, and the differences that are slips.
  struct Reproduction {
    /// The alignment of the draft (a) with the source (b).
    var alignment: LocalAlignment
    /// Strength of the evidence that the draft quotes the source.
    var level: Level
    /// Differences to report, in draft order; numbers widened to whole numbers.
    var slips: [LocalAlignment.Hunk]
  }

  /// The alignment of `draft` with `source` when the draft reproduces it nearly verbatim, else nil.
  static func compare(_ draft: [Unicode.Scalar], _ source: [Unicode.Scalar]) -> Reproduction? {
    if case .near(let r)? = assess(draft, source) { return r }
    return nil
  }

  /// How a draft sentence relates to a source sentence it may reproduce.
  enum Verdict {
    /// The draft reproduces (its covered part of) the source exactly, or with small differences none of
    /// which is a slip.
    case exact
    /// The draft reproduces the source with small differences that are slips.
    case near(Reproduction)
  }

  /// Exact or near reproduction, or nil when the draft does not reproduce the source (or differs from it
  /// only by edits: rewritten stretches, inserted words, differences without verbatim context).
  ///
  /// Nearly verbatim: at least 16 aligned characters covering all of the draft but a short lead-in
  /// (`全会强调`), 85% of the aligned characters equal, few small differences, and quoting evidence
  /// (`Level`).
  static func assess(_ draft: [Unicode.Scalar], _ source: [Unicode.Scalar]) -> Verdict? {
    guard draft.count >= SentenceIndex.minimumLength, var al = LocalAlignment.align(draft, source) else { return nil }
    al.extendEnds(maximum: 2)
    let aligned = al.aRange.count
    // A shared stock phrase (`成渝地区双城经济圈建设为总牵引`) is not a quoted sentence: ask for more.
    guard aligned >= minimumAligned else { return nil }
    let uncovered = draft.count - aligned
    guard uncovered <= max(6, draft.count / 5) else { return nil }
    let whole = Double(al.bRange.count) >= wholeSentence * Double(source.count)
    guard whole || aligned >= longQuote else { return nil }
    let level: Level = whole && aligned >= longQuote ? .copy : .quote
    let (hunks, swaps) = mergingSwaps(al.hunks, draft, source)
    if hunks.isEmpty { return .exact }
    guard Double(al.matches) >= 0.85 * Double(max(aligned, al.bRange.count)) else { return nil }
    let small = hunks.indices.filter { swaps.contains($0) || max(hunks[$0].a.count, hunks[$0].b.count) <= smallHunk }
    guard !small.isEmpty, small.count <= max(2, aligned / 12) else { return nil }
    let slips = small.compactMap { k in
      swaps.contains(k) ? swapSlip(hunks[k], draft, source) : slip(hunks[k], draft, source, level)
    }
    // Every difference small and none a slip (`全省` for `全市`, a weekday added): the draft says what the
    // source says, as an exact copy would.
    if slips.isEmpty && small.count == hunks.count { return .exact }
    guard !slips.isEmpty else { return nil }
    return .near(Reproduction(alignment: al, level: level, slips: slips))
  }

  /// The longest stretch between two swapped words (`双圈建设“极核”、都市圈建设` holds `建设极核`).
  static let swapGap = 12

  /// `hunks` with each pair of neighbouring hunks that swap two words (the draft's first is the source's
  /// second and the other way round: `都市圈…双圈` for `双圈…都市圈`) made one hunk over both, and the indices
  /// of those merged hunks. A swap is a slip however long its span; apart, neither half has the verbatim
  /// context a slip needs.
  static func mergingSwaps(
    _ hunks: [LocalAlignment.Hunk], _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]
  ) -> ([LocalAlignment.Hunk], Set<Int>) {
    var result: [LocalAlignment.Hunk] = []
    var swaps = Set<Int>()
    var k = 0
    while k < hunks.count {
      if k + 1 < hunks.count {
        let (x, y) = (hunks[k], hunks[k + 1])
        let gap = y.a.lowerBound - x.a.upperBound
        if !x.a.isEmpty, !x.b.isEmpty, !y.a.isEmpty, !y.b.isEmpty, gap <= swapGap,
          a[x.a].elementsEqual(b[y.b]), a[y.a].elementsEqual(b[x.b]), !a[x.a].elementsEqual(a[y.a]),
          !isNumeric(a[x.a], b[x.b])
        {
          // Widened to the words swapped: `都市`/`双` share `圈建设` after them, which belongs to both.
          var r = 0
          while x.a.upperBound + r < y.a.lowerBound, y.a.upperBound + r < a.count, y.b.upperBound + r < b.count,
            a[x.a.upperBound + r] == a[y.a.upperBound + r], b[y.b.upperBound + r] == a[y.a.upperBound + r]
          {
            r += 1
          }
          var l = 0
          while x.a.lowerBound - l > 0, x.b.lowerBound - l > 0, y.a.lowerBound - l - 1 >= x.a.upperBound + r,
            a[x.a.lowerBound - l - 1] == a[y.a.lowerBound - l - 1],
            b[x.b.lowerBound - l - 1] == a[x.a.lowerBound - l - 1]
          {
            l += 1
          }
          swaps.insert(result.count)
          result.append(
            LocalAlignment.Hunk(
              a: (x.a.lowerBound - l)..<(y.a.upperBound + r), b: (x.b.lowerBound - l)..<(y.b.upperBound + r)))
          k += 2
          continue
        }
      }
      result.append(hunks[k])
      k += 1
    }
    return (result, swaps)
  }

  /// A swap as a slip: anchored by verbatim text around the pair. The swapped words are the source's own, so
  /// the shorter anchor of a whole-sentence copy is enough at any level.
  static func swapSlip(
    _ hunk: LocalAlignment.Hunk, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]
  ) -> LocalAlignment.Hunk? {
    isAnchored(hunk, a, b, by: copyAnchor) ? hunk : nil
  }

  /// The hunk as a slip to report (numbers widened), or nil when it is an edit.
  static func slip(
    _ hunk: LocalAlignment.Hunk, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar], _ level: Level
  ) -> LocalAlignment.Hunk? {
    if isNumeric(a[hunk.a], b[hunk.b]) {
      let (x, y) = widenToNumber(hunk.a, in: a, hunk.b, in: b)
      // `二、在推动…` copied as `三、在推动…`: a list's numbering is the draft's own.
      if isEnumerator(x, in: a) || isEnumerator(y, in: b) { return nil }
      let c = context(x, a, y, b)
      guard c.left > 0 || c.leftEdge, c.right > 0 || c.rightEdge, max(c.left, c.right) >= numberContext else {
        return nil
      }
      return LocalAlignment.Hunk(a: x, b: y)
    }
    // `今年`/`明年`: a time told relative to the day of writing changes with the day; no slip.
    if isRelativeTime(hunk, a, b) { return nil }
    // `预计…将达到` → `达到`: a forecast told as done, or a plan restated; the writer's tense, no slip.
    if isModalOnly(hunk, a, b) { return nil }
    // `确保四川各项工作` → `确保全市各项工作`: a text adapted to its own region; no slip.
    if isScopeChange(hunk, a, b) { return nil }
    // A word added to the quoted text is an edit unless the draft copies a whole long sentence.
    if hunk.b.isEmpty && hunk.a.count >= 2 && level < .copy { return nil }
    // An added weekday (`28日（星期一）`) or count (`以下五个特征`) is the writer's own, checked on its own.
    if hunk.b.isEmpty && isAddedWeekdayOrCount(a[hunk.a]) { return nil }
    return isAnchored(hunk, a, b, by: level == .copy ? copyAnchor : quoteAnchor) ? hunk : nil
  }

  /// Whether `need` identical characters (or the shared edge of both sentences) stand on each side of a
  /// difference.
  static func isAnchored(
    _ hunk: LocalAlignment.Hunk, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar], by need: Int
  ) -> Bool {
    let c = context(hunk.a, a, hunk.b, b)
    return (c.left >= need || c.leftEdge) && (c.right >= need || c.rightEdge)
  }

  /// Words that place a time relative to the day of writing.
  static let relativeTimes: Set<String> = [
    "今年", "明年", "去年", "前年", "后年", "本年", "当年", "次年", "上年", "下年", "今天", "明天", "昨天", "本月",
    "上月", "下月", "今后", "当前", "目前", "近期", "日前", "近日",
  ]

  /// Whether added characters are a weekday (`星期一`, `周三`) or a count (`五个`, `3项`).
  static func isAddedWeekdayOrCount(_ added: ArraySlice<Unicode.Scalar>) -> Bool {
    let w = Array(added)
    guard w.count >= 2, w.count <= 4 else { return false }
    if (w.count == 3 && w[0] == "星" && w[1] == "期") || (w.count == 3 && w[0] == "礼" && w[1] == "拜")
      || (w.count == 2 && w[0] == "周")
    {
      return "一二三四五六日天".unicodeScalars.contains(w[w.count - 1])
    }
    let numerals = w.prefix { SloganText.isNumeral($0) || ScalarClass.isDigit($0) }
    return !numerals.isEmpty && numerals.count == w.count - 1 && "个项条点大种类方面".unicodeScalars.contains(w[w.count - 1])
  }

  /// Words of tense and mood a writer adapts when restating a sentence (`将`, `预计`, `已经`).
  static let modalWords: Set<String> = ["将", "将要", "预计", "力争", "争取", "拟", "已", "已经", "要", "会", "正在", "正"]

  /// Whether a difference only adds or drops a word of tense or mood, or puts one for another.
  static func isModalOnly(_ h: LocalAlignment.Hunk, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
    let x = SloganText.string(a[h.a])
    let y = SloganText.string(b[h.b])
    return (x.isEmpty || modalWords.contains(x)) && (y.isEmpty || modalWords.contains(y)) && x != y
  }

  /// Words that name the region or body a text speaks for (`全市`, `我省`, `本县`): a city's text adapting a
  /// province's sentence puts one where the source names the province.
  static func isScopeWord(_ w: [Unicode.Scalar]) -> Bool {
    guard w.count == 2 else { return false }
    return "全我本该各".unicodeScalars.contains(w[0]) && "国省市县区州盟旗镇乡村".unicodeScalars.contains(w[1])
  }

  /// Whether a difference puts a region's own name or scope word in place of another's (`四川`/`全市`,
  /// `我省`/`我市`): either side, alone or with the character before it, is a scope word.
  static func isScopeChange(_ h: LocalAlignment.Hunk, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
    guard !h.a.isEmpty, !h.b.isEmpty, h.a.count <= 2, h.b.count <= 2 else { return false }
    func scoped(_ r: Range<Int>, _ s: [Unicode.Scalar]) -> Bool {
      if isScopeWord(Array(s[r])) { return true }
      return r.count == 1 && r.lowerBound > 0 && isScopeWord(Array(s[(r.lowerBound - 1)..<r.upperBound]))
    }
    return scoped(h.a, a) || scoped(h.b, b)
  }

  /// Whether both sides of a difference, with the character after (or before) it, are relative times.
  static func isRelativeTime(_ h: LocalAlignment.Hunk, _ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
    guard !h.a.isEmpty, !h.b.isEmpty else { return false }
    func word(_ r: Range<Int>, _ s: [Unicode.Scalar], after: Bool) -> String? {
      let w = after ? r.lowerBound..<(r.upperBound + 1) : (r.lowerBound - 1)..<r.upperBound
      guard w.lowerBound >= 0, w.upperBound <= s.count else { return nil }
      return SloganText.string(s[w])
    }
    for after in [true, false] {
      if let x = word(h.a, a, after: after), let y = word(h.b, b, after: after),
        relativeTimes.contains(x), relativeTimes.contains(y)
      {
        return true
      }
    }
    return false
  }

  /// Identical characters right before and after a difference (`x` in `a`, `y` in `b`), and whether the
  /// difference starts (ends) both sentences — a shared sentence edge anchors it as well as text does.
  static func context(_ x: Range<Int>, _ a: [Unicode.Scalar], _ y: Range<Int>, _ b: [Unicode.Scalar]) -> (
    left: Int, right: Int, leftEdge: Bool, rightEdge: Bool
  ) {
    var left = 0
    while x.lowerBound - left > 0 && y.lowerBound - left > 0
      && a[x.lowerBound - left - 1] == b[y.lowerBound - left - 1]
    {
      left += 1
    }
    var right = 0
    while x.upperBound + right < a.count && y.upperBound + right < b.count
      && a[x.upperBound + right] == b[y.upperBound + right]
    {
      right += 1
    }
    let leftEdge = x.lowerBound - left == 0 && y.lowerBound - left == 0
    let rightEdge = x.upperBound + right == a.count && y.upperBound + right == b.count
    return (left, right, leftEdge, rightEdge)
  }

  /// Whether a difference is about numbers (`2030`/`2035`, `三`/`四`) rather than words.
  static func isNumeric(_ draft: ArraySlice<Unicode.Scalar>, _ source: ArraySlice<Unicode.Scalar>) -> Bool {
    let all = Array(draft) + Array(source)
    guard !all.isEmpty else { return false }
    if all.contains(where: ScalarClass.isDigit) { return true }
    return all.allSatisfy(SloganText.isNumeral)
  }

  /// Whether the number at `r` names an event rather than a quantity: an ordinal (`第四次`, `第十二届`)
  /// or part of a full date (`2023年11月20日`).
  static func isEventIdentifier(_ r: Range<Int>, in s: [Unicode.Scalar]) -> Bool {
    let (lo, hi) = numberRun(around: r, in: s)
    if lo > 0 && s[lo - 1] == "第" { return true }
    if hi < s.count && (s[hi] == "次" || s[hi] == "届") { return true }
    if hi < s.count && (s[hi] == "月" || s[hi] == "日") { return true }
    if hi + 1 < s.count && s[hi] == "年" && SloganText.isNumeral(s[hi + 1]) {
      var k = hi + 1
      while k < s.count && SloganText.isNumeral(s[k]) { k += 1 }
      if k < s.count && s[k] == "月" { return true }
    }
    return false
  }

  /// Characters after a number that make it a quantity, a date or an ordinal, not a list's numbering.
  static let quantityFollowers: Set<Unicode.Scalar> = Set("个项人名位次届年月日号时分秒万亿千百元岁天周期批件条家所座%".unicodeScalars)

  /// Whether the number at `r` of a sentence's wording numbers a list item: one or two numerals opening the
  /// sentence (`二、在推动…`, `（三）`, `3.`; punctuation is not wording) and not followed by a unit, or a
  /// Chinese numeral before `是` (`二是`).
  static func isEnumerator(_ r: Range<Int>, in s: [Unicode.Scalar]) -> Bool {
    let (lo, hi) = numberRun(around: r, in: s)
    guard hi - lo <= 2, hi > lo else { return false }
    if hi < s.count && s[hi] == "是" && !ScalarClass.isDigit(s[lo]) { return true }
    guard lo == 0, hi < s.count else { return false }
    return !quantityFollowers.contains(s[hi])
  }

  /// The bounds of the run of numerals holding `r`.
  static func numberRun(around r: Range<Int>, in s: [Unicode.Scalar]) -> (Int, Int) {
    var lo = r.lowerBound
    var hi = r.upperBound
    while lo > 0 && SloganText.isNumeral(s[lo - 1]) { lo -= 1 }
    while hi < s.count && SloganText.isNumeral(s[hi]) { hi += 1 }
    return (lo, hi)
  }

  /// Whether the number at `r` counts years from a start (`第5年`).
  static func isYearCount(_ r: Range<Int>, in s: [Unicode.Scalar]) -> Bool {
    let (lo, hi) = numberRun(around: r, in: s)
    return lo > 0 && s[lo - 1] == "第" && hi < s.count && s[hi] == "年" && (hi + 1 == s.count || s[hi + 1] != "代")
  }

  /// Widens a numeric difference to the whole numbers around it (`0`/`5` → `2030`/`2035`).
  static func widenToNumber(
    _ a: Range<Int>, in x: [Unicode.Scalar], _ b: Range<Int>, in y: [Unicode.Scalar]
  ) -> (Range<Int>, Range<Int>) {
    var a0 = a.lowerBound
    var a1 = a.upperBound
    var b0 = b.lowerBound
    var b1 = b.upperBound
    while a0 > 0 && b0 > 0 && SloganText.isNumeral(x[a0 - 1]) && x[a0 - 1] == y[b0 - 1] {
      a0 -= 1
      b0 -= 1
    }
    while a1 < x.count && b1 < y.count && SloganText.isNumeral(x[a1]) && x[a1] == y[b1] {
      a1 += 1
      b1 += 1
    }
    return (a0..<a1, b0..<b1)
  }
}

/// Finds places where two corpus documents carry the same sentence with a few characters changed,
/// and decides which form the evidence supports.
enum DisputeFinder {
  /// Context kept on each side of a difference when its clause is long.
  static let context = 6
  /// A clause up to this long is kept whole.
  static let wholeClauseLength = 16

  private struct Side: Hashable {
    var form: String
  }

  /// For each sentence in `range`, the later documents' sentences it nearly reproduces, with the alignment.
  static func nearCopies(_ sentences: SentenceIndex, _ range: Range<Int>) -> [[(Int, NearVerbatim.Reproduction)]] {
    range.map { nearCopies(of: $0, in: sentences) }
  }

  /// The later documents' sentences that sentence `ai` nearly reproduces, with the alignment.
  static func nearCopies(of ai: Int, in sentences: SentenceIndex) -> [(Int, NearVerbatim.Reproduction)] {
    let document = sentences.entries[ai].document
    let a = sentences.content(of: ai).scalars
    // Only near-copies matter here: most of the grams shared and about the same length, so the
    // alignment runs on few pairs even in a large corpus.
    let length = a.count
    let candidates = sentences.candidates(for: a, limit: 3, share: 0.5) {
      $0.document > document && abs(Int($0.length) - length) * 5 <= length
    }
    return candidates.compactMap { bi in
      guard ai != bi else { return nil }
      let b = sentences.content(of: bi).scalars
      guard a != b, let reproduction = NearVerbatim.compare(a, b) else { return nil }
      return (bi, reproduction)
    }
  }

  /// The disputes between corpus documents: `near` is `nearCopies` of all the sentences (searched apart,
  /// since it reads the sentence index only and is most of the time), `attested` the documents using each
  /// clause (`FormulationMiner.clauseDocuments`).
  static func find(
    documents: [CorpusDocument], sentences: SentenceIndex, near: [[(Int, NearVerbatim.Reproduction)]],
    attested: GramPostings
  ) -> [FormulationIndex.Dispute] {
    var info: [Int: DocumentInfo] = [:]
    var views: [Int: MatchingView] = [:]
    for d in documents {
      info[d.id] = d.info
      views[d.id] = d.view
    }
    // (form A, form B) with A < B → uses of each and whether the forms are whole clauses.
    var pairs: [[String]: (uses: [String: [Int: FormulationIndex.Use]], whole: Bool)] = [:]
    for (ai, a) in sentences.entries.enumerated() where !near[ai].isEmpty {
      let contentA = sentences.content(of: ai)
      for (bi, reproduction) in near[ai] {
        let b = sentences.entries[bi]
        let contentB = sentences.content(of: bi)
        guard let va = views[a.document], let vb = views[b.document], info[a.document] != nil,
          info[b.document] != nil
        else { continue }
        for hunk in reproduction.slips {
          let ha = Array(contentA.scalars[hunk.a])
          let hb = Array(contentB.scalars[hunk.b])
          if NearVerbatim.isNumeric(ha[...], hb[...]) { continue }
          guard let (ra, rb, whole) = forms(hunk, contentA, va.scalars, contentB, vb.scalars) else { continue }
          let fa = SloganText.string(contentA.scalars[ra])
          let fb = SloganText.string(contentB.scalars[rb])
          guard fa != fb else { continue }
          let key = [fa, fb].sorted()
          var entry = pairs[key] ?? (uses: [:], whole: whole)
          entry.whole = entry.whole && whole
          let originalA = va.originalRange(contentA.viewRange(ra))
          let originalB = vb.originalRange(contentB.viewRange(rb))
          entry.uses[fa, default: [:]][a.document] = FormulationIndex.Use(
            document: a.document, count: 1, range: originalA)
          entry.uses[fb, default: [:]][b.document] = FormulationIndex.Use(
            document: b.document, count: 1, range: originalB)
          pairs[key] = entry
        }
      }
    }
    var result: [FormulationIndex.Dispute] = []
    for (key, entry) in pairs {
      guard key.count == 2 else { continue }
      let u0 = entry.uses[key[0]].map { Array($0.values) } ?? []
      let u1 = entry.uses[key[1]].map { Array($0.values) } ?? []
      let s0 = strength(u0) { info[$0]?.rank ?? 0 }
      let s1 = strength(u1) { info[$0]?.rank ?? 0 }
      guard s0 != s1 else { continue }  // equal evidence: nothing to decide
      let (weak, strong, weakUses, strongUses) = s0 < s1 ? (key[0], key[1], u0, u1) : (key[1], key[0], u1, u0)
      // A weak form the corpus uses elsewhere on its own is a legitimate phrase, not a slip.
      let weakScalars = Array(weak.unicodeScalars)
      let weakDocs = Set(weakUses.map(\.document))
      if attested.ids(of: SloganText.hash(weakScalars)).contains(where: { !weakDocs.contains(Int($0)) }) { continue }
      let strongScalars = Array(strong.unicodeScalars)
      let elsewhere = sentences.containing(weakScalars).contains { e in
        !weakDocs.contains(sentences.entries[e].document)
          && sentences.content(of: e).scalars.hasOccurrence(of: weakScalars, outside: strongScalars)
      }
      if !entry.whole && elsewhere { continue }
      result.append(
        FormulationIndex.Dispute(
          weak: weak, strong: strong, weakUses: weakUses.sorted { $0.document < $1.document },
          strongUses: strongUses.sorted { $0.document < $1.document }, wholeClause: entry.whole))
    }
    return result.sorted { ($0.weak, $0.strong) < ($1.weak, $1.strong) }
  }

  /// Evidence strength: the highest rank, then the number of documents.
  static func strength(_ uses: [FormulationIndex.Use], rank: (Int) -> Int) -> (Int, Int) {
    (uses.map { rank($0.document) }.max() ?? Int.min, uses.count)
  }

  /// The parallel forms around a hunk: its clause when short, else a few characters either side. Returns
  /// content ranges in `a` and `b` and whether both are whole clauses.
  static func forms(
    _ hunk: LocalAlignment.Hunk, _ a: ContentRun, _ va: [Unicode.Scalar], _ b: ContentRun, _ vb: [Unicode.Scalar]
  ) -> (Range<Int>, Range<Int>, Bool)? {
    // Clause of the hunk in a, in content positions.
    let (ca, _) = clause(around: hunk.a, in: a, view: va)
    var left = hunk.a.lowerBound - ca.lowerBound
    var right = ca.upperBound - hunk.a.upperBound
    let whole = ca.count <= wholeClauseLength
    if !whole {
      left = min(left, context)
      right = min(right, context)
    }
    let ra = (hunk.a.lowerBound - left)..<(hunk.a.upperBound + right)
    guard hunk.b.lowerBound - left >= 0, hunk.b.upperBound + right <= b.scalars.count else { return nil }
    let rb = (hunk.b.lowerBound - left)..<(hunk.b.upperBound + right)
    // The same context must be plain matching text on the b side (no clause break inside it).
    let (cb, _) = clause(around: hunk.b, in: b, view: vb)
    guard cb.lowerBound <= rb.lowerBound, rb.upperBound <= cb.upperBound else { return nil }
    let wholeBoth = whole && cb == rb
    guard ra.count >= 3 else { return nil }
    return (ra, rb, wholeBoth)
  }

  /// The clause (content positions) around a content range: bounded by break characters in the view.
  static func clause(around r: Range<Int>, in run: ContentRun, view: [Unicode.Scalar]) -> (Range<Int>, Bool) {
    // A gap belongs to the clause of the character before it (gaps are placed leftmost).
    if r.isEmpty && r.lowerBound > 0 { return clause(around: (r.lowerBound - 1)..<r.lowerBound, in: run, view: view) }
    var lo = r.lowerBound
    while lo > 0 {
      let gapStart = run.viewIndex[lo - 1] + 1
      let gapEnd = lo < run.viewIndex.count ? run.viewIndex[lo] : view.count
      if (gapStart..<gapEnd).contains(where: { SloganText.isBreak(view[$0]) }) { break }
      lo -= 1
    }
    var hi = r.upperBound
    while hi < run.scalars.count {
      let gapStart = hi > 0 ? run.viewIndex[hi - 1] + 1 : 0
      let gapEnd = run.viewIndex[hi]
      if (gapStart..<gapEnd).contains(where: { SloganText.isBreak(view[$0]) }) { break }
      hi += 1
    }
    return (lo..<hi, true)
  }
}
