import PolicyText

/// Numbers of corpus sentences keyed by the verbatim text around them, so a draft sentence that matches a
/// corpus sentence except for a number is caught even by the text-less reference pack.
///
/// For each Arabic number in a corpus sentence two keys are kept: the `NearVerbatim.numberContext`
/// content characters after it with the one character before it, and the same number of characters
/// before it with the one character after it. A key is a 32-bit hash, stored with the number as written
/// and the document: no text. A draft number with the same key but another value is a misquoted number.
/// When the corpus itself puts different numbers in the same slot, the wording is a template (the same
/// sentence about another meeting or year), and nothing is reported.
public struct NumberContexts: Sendable, Codable, Equatable {
  /// One number of a corpus sentence, under one of its keys.
  struct Fact: Equatable {
    /// The number as the document writes it (`2035`, `3.5`).
    var number: String
    /// Corpus document id.
    var document: Int
  }

  /// Sorted keys; `numbers[i]` and `documents[i]` belong to `keys[i]`.
  private(set) var keys: [UInt32]
  /// The number stored under each key.
  private(set) var numbers: [String]
  /// The document stored under each key.
  private(set) var documents: [Int]

  /// Nothing indexed.
  public init() {
    keys = []
    numbers = []
    documents = []
  }

  /// Indexes the numbers of the sentences of documents that have text.
  init(documents docs: [CorpusDocument]) {
    var rows = Set<Row>()
    for doc in docs {
      guard let view = doc.view else { continue }
      for range in Segmenter.sentences(in: view) {
        let run = ContentRun(view.scalars, range)
        for r in Self.numbers(in: run.scalars) where !NearVerbatim.isEventIdentifier(r, in: run.scalars) {
          let number = Self.written(r, run, view.scalars)
          for key in Self.keys(run, view.scalars, r) { rows.insert(Row(key: key, number: number, document: doc.id)) }
        }
      }
    }
    let sorted = rows.sorted { ($0.key, $0.document, $0.number) < ($1.key, $1.document, $1.number) }
    keys = sorted.map(\.key)
    numbers = sorted.map(\.number)
    documents = sorted.map(\.document)
  }

  /// Writes the contexts for the corpus cache: the count, then each key, number and document (varints).
  func write(to w: inout VarintWriter) {
    w.put(keys.count)
    for i in keys.indices {
      w.put(Int(keys[i]))
      w.put(numbers[i])
      w.put(documents[i])
    }
  }

  /// Reads what `write(to:)` wrote; keys out of order or out of range throw.
  init(from r: inout VarintReader) throws(CorpusCacheError) {
    let n = try r.count()
    keys = []
    numbers = []
    documents = []
    keys.reserveCapacity(n)
    numbers.reserveCapacity(n)
    documents.reserveCapacity(n)
    var previous: UInt32 = 0
    for _ in 0..<n {
      let k = try r.int()
      guard k >= Int(previous), k <= Int(UInt32.max) else { throw .malformed("number context keys out of order") }
      previous = UInt32(k)
      keys.append(previous)
      numbers.append(try r.string())
      documents.append(try r.int())
    }
  }

  private struct Row: Hashable {
    var key: UInt32
    var number: String
    var document: Int
  }

  /// Number of stored facts.
  public var count: Int { keys.count }

  /// Facts stored under `key`.
  func facts(_ key: UInt32) -> [Fact] {
    var lo = keys.partitionPoint { $0 < key }
    var result: [Fact] = []
    while lo < keys.count && keys[lo] == key {
      if lo < numbers.count && lo < documents.count {
        result.append(Fact(number: numbers[lo], document: documents[lo]))
      }
      lo += 1
    }
    return result
  }

  /// Runs of ASCII digits in content characters, leaving out those glued to a letter (`G20`, `5G`: names).
  static func numbers(in c: [Unicode.Scalar]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var i = 0
    while i < c.count {
      // A year written digit by digit in Chinese numerals (`二〇二五年`), compared as `2025`.
      if ChineseNumeral.digit(c[i]) != nil, i == 0 || !SloganText.isNumeral(c[i - 1]) {
        var j = i
        while j < c.count, ChineseNumeral.digit(c[j]) != nil { j += 1 }
        if j - i == 4, j < c.count, c[j] == "年", chineseYear(c[i..<j]) != nil { result.append(i..<j) }
        i = max(j, i + 1)
        continue
      }
      guard ScalarClass.isDigit(c[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < c.count && ScalarClass.isDigit(c[j]) { j += 1 }
      let glued =
        (i > 0 && ScalarClass.isASCIIAlphanumeric(c[i - 1])) || (j < c.count && ScalarClass.isASCIIAlphanumeric(c[j]))
      if !glued { result.append(i..<j) }
      i = j
    }
    return result
  }

  /// The number as written in the view (content drops the decimal point: `3.5` is `35` there).
  /// The number at `r` as the corpus's slots hold it: as written, a Chinese year in Arabic digits.
  static func written(_ r: Range<Int>, _ run: ContentRun, _ view: [Unicode.Scalar]) -> String {
    let text = view[run.viewRange(r)]
    return chineseYear(text).map(String.init) ?? SloganText.string(text)
  }

  /// The value of a year written with four Chinese digits (`二〇二五`), or nil.
  static func chineseYear(_ s: ArraySlice<Unicode.Scalar>) -> Int64? {
    guard s.count == 4, let (value, form) = ChineseNumeral.integer(s), form == .digits else { return nil }
    return value
  }

  /// `number` written as the draft writes the number at `r`: Chinese digits for a Chinese year.
  static func inDraftStyle(_ number: String, _ r: Range<Int>, _ run: ContentRun) -> String {
    guard chineseYear(run.scalars[r]) != nil, number.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else {
      return number
    }
    let glyphs = Array("〇一二三四五六七八九")
    return String(number.compactMap { $0.wholeNumberValue.map { glyphs[$0] } })
  }

  /// The keys of the number at `r` in content `c`: long context after it with one character before, and
  /// long context before it with one character after (a sentence edge stands for the one character).
  static func keys(_ c: [Unicode.Scalar], _ r: Range<Int>) -> [UInt32] {
    let k = NearVerbatim.numberContext
    var result: [UInt32] = []
    let before: Unicode.Scalar = r.lowerBound > 0 ? c[r.lowerBound - 1] : "^"
    let after: Unicode.Scalar = r.upperBound < c.count ? c[r.upperBound] : "$"
    if r.upperBound + k <= c.count {
      result.append(hash(["R", before, "#"] + c[r.upperBound..<(r.upperBound + k)]))
    }
    if r.lowerBound >= k {
      result.append(hash(["L"] + c[(r.lowerBound - k)..<r.lowerBound] + ["#", after]))
    }
    return result
  }

  /// The keys of the number at `r` of a sentence's wording: its verbatim contexts (`keys(_:_:)`) and the
  /// clause a year opens (`clauseKey`).
  static func keys(_ run: ContentRun, _ view: [Unicode.Scalar], _ r: Range<Int>) -> [UInt32] {
    keys(run.scalars, r) + [clauseKey(run, view, r)].compactMap { $0 }
  }

  /// The shortest and longest clause a year's clause key holds, in wording characters.
  static let clauseLengths = 10...30

  /// A key for a year and the whole clause after it (`到2027年，城乡融合发展取得明显成效，`), with the
  /// character before the year: a target stated in a clause of its own, whatever the clauses around it say
  /// (`确保到2025年城乡融合发展取得明显成效、…`). Nil for other numbers and for clauses out of `clauseLengths`.
  static func clauseKey(_ run: ContentRun, _ view: [Unicode.Scalar], _ r: Range<Int>) -> UInt32? {
    let c = run.scalars
    let u = r.upperBound
    guard r.count == 4, u + 1 < c.count, c[u] == "年", r.lowerBound > 0 else { return nil }
    /// Whether punctuation stands between wording characters `j - 1` and `j`.
    func breaks(_ j: Int) -> Bool {
      run.viewIndex[j] - run.viewIndex[j - 1] > 1
        && view[(run.viewIndex[j - 1] + 1)..<run.viewIndex[j]].contains { !ScalarClass.isBlank($0) && $0 != "\n" }
    }
    var end = u + 2
    while end < c.count && !breaks(end) { end += 1 }
    guard end == c.count || breaks(end), clauseLengths.contains(end - (u + 1)) else { return nil }
    return hash(["C", c[r.lowerBound - 1], "#"] + c[u..<end])
  }

  static func hash(_ s: [Unicode.Scalar]) -> UInt32 { UInt32(truncatingIfNeeded: SloganText.hash(s)) }
}
