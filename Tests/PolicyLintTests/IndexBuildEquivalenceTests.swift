import XCTest

@testable import PolicyLint

/// Index builders made faster must decide exactly as the straightforward versions did.
final class IndexBuildEquivalenceTests: XCTestCase {
  /// The pairwise test `FormulationMiner.isIndependent` used to make: some pair below 0.6 Jaccard similarity.
  func bruteForce(_ sets: [Set<UInt32>]) -> Bool {
    for x in sets.indices {
      for y in sets.indices where y > x {
        let union = sets[x].union(sets[y]).count
        let shared = sets[x].intersection(sets[y]).count
        if union > 0 && Double(shared) / Double(union) < 0.6 { return true }
      }
    }
    return false
  }

  func testPivotPruningFindsADissimilarPairExactlyWhenComparingEveryPairDoes() {
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % n
    }
    var answers: [Bool: Int] = [:]
    var generator = FixedGenerator()
    for _ in 0..<3000 {
      // Variants of one sentence: a base set with a few elements changed, as reprints and redrafts make them.
      let base = Set((0..<(1 + next(40))).map { _ in UInt32(next(200)) })
      var sets: [Set<UInt32>] = []
      for _ in 0..<(1 + next(12)) {
        var s = base
        for _ in 0..<next(1 + next(16)) {
          if next(2) == 0, let drop = s.randomElement(using: &generator) {
            s.remove(drop)
          } else {
            s.insert(UInt32(next(200)))
          }
        }
        if next(50) == 0 { s = [] }
        sets.append(s)
      }
      var counted: [[UInt32]: Int] = [:]
      for s in sets { counted[s.sorted(), default: 0] += 1 }
      let expected = bruteForce(sets)
      XCTAssertEqual(FormulationMiner.hasDissimilarPair(counted), expected, "\(sets)")
      answers[expected, default: 0] += 1
    }
    XCTAssertGreaterThan(answers[true] ?? 0, 200)
    XCTAssertGreaterThan(answers[false] ?? 0, 200)
  }

  /// A deterministic generator for `randomElement(using:)`.
  struct FixedGenerator: RandomNumberGenerator {
    var state: UInt64 = 42
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }
  }
}

/// The formulation index's cache encoding gives back the index it was given.
final class FormulationCacheEncodingTests: XCTestCase {
  func json(_ index: FormulationIndex) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(index), as: UTF8.self)
  }

  func testTheBinaryEncodingRoundTripsTheSharedCorpusIndexAndRefusesTruncation() throws {
    try SharedData.require()
    let documents = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
      .documents
    let index = FormulationIndex(documents: documents)
    XCTAssertFalse(index.formulations.isEmpty)
    XCTAssertGreaterThan(index.numbers.count, 50, "the number contexts are exercised")
    var writer = BinaryWriter()
    index.write(to: &writer)
    let decoded = try writer.bytes.withUnsafeBytes { raw -> FormulationIndex in
      var reader = BinaryReader(raw)
      return try FormulationIndex(from: &reader)
    }
    XCTAssertEqual(try json(decoded), try json(index))
    XCTAssertEqual(decoded.canonical.forms.count, index.canonical.forms.count)
    for cut in stride(from: 0, to: writer.bytes.count, by: max(1, writer.bytes.count / 101)) {
      XCTAssertThrowsError(
        try Array(writer.bytes[0..<cut]).withUnsafeBytes { raw in
          var reader = BinaryReader(raw)
          _ = try FormulationIndex(from: &reader)
        })
    }
  }
}

/// Mining on a second thread while the sentence index is built gives the index built one step at a time.
final class FormulationConcurrentBuildTests: XCTestCase {
  func testConcurrentAndSerialBuildsAgree() throws {
    let clauses = [
      "坚持稳中求进工作总基调", "“四化同步、城乡融合、五区共兴”", "讲政治、抓发展、惠民生、保安全", "《关于加强基层治理的意见》",
      "深入学习贯彻党的二十大精神", "全面推进乡村振兴", "新增就业12万人", "防风险保安全", "“两个确立”",
    ]
    let documents = (0..<240).map { n -> CorpusDocument in
      var text = (0..<6).map { k in clauses[(n * 7 + k * 3) % clauses.count] + (k % 2 == 0 ? "，" : "。") }.joined()

      // A sentence in a few documents, and a slip of it in one: the form the others outvote.
      if n == 230 { text += "深化改革、防风险保安、全面从严治党等重点工作。" }
      if n % 60 == 1 { text += "深化改革、防风险保安全、全面从严治党等重点工作。" }
      return CorpusDocument.inMemory(
        text, name: "d\(n).txt", id: n, date: SimpleDate(year: 2010 + n % 14, month: 1 + n % 12, day: 1 + n % 28),
        rank: n % 20 == 1 ? 10 : 1)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let serial = FormulationIndex(documents: documents, concurrently: false)
    let concurrent = FormulationIndex(documents: documents, concurrently: true)
    XCTAssertFalse(serial.formulations.isEmpty)
    XCTAssertFalse(serial.disputes.isEmpty, "the dispute search is exercised")
    XCTAssertEqual(try encoder.encode(concurrent), try encoder.encode(serial))
    XCTAssertEqual(concurrent.sentences.count, serial.sentences.count)
  }
}

/// Formulation uses are stored as their bytes; uses that could not have been written are refused.
final class FormulationUseBlockTests: XCTestCase {
  func testUsesRoundTripAsABlockAndGarbageIsRefused() throws {
    let uses = (0..<50).map {
      FormulationIndex.Use(
        document: $0, date: SimpleDate(year: 2000 + $0, month: 1 + $0 % 12, day: 1 + $0 % 28), rank: $0 % 3,
        count: 1 + $0 % 4, range: (10 * $0)..<(10 * $0 + 7))
    }
    var w = VarintWriter()
    w.put(uses)
    w.put(7)
    let (back, after) = try w.bytes.withUnsafeBytes { raw in
      var r = VarintReader(raw)
      return (try r.uses(), try r.int())
    }
    XCTAssertEqual(back, uses)
    XCTAssertEqual(after, 7, "the reader stops exactly after the block")
    // The same block with every byte 0xFF: negative documents and ranges.
    var garbage = VarintWriter()
    garbage.put(3)
    garbage.put(MemoryLayout<FormulationIndex.Use>.stride)
    garbage.bytes += [UInt8](repeating: 0xFF, count: 3 * MemoryLayout<FormulationIndex.Use>.stride)
    XCTAssertThrowsError(try garbage.bytes.withUnsafeBytes { raw in var r = VarintReader(raw); _ = try r.uses() })
    // Another layout's stride.
    var other = VarintWriter()
    other.put(1)
    other.put(MemoryLayout<FormulationIndex.Use>.stride + 4)
    other.bytes += [UInt8](repeating: 0, count: 64)
    XCTAssertThrowsError(try other.bytes.withUnsafeBytes { raw in var r = VarintReader(raw); _ = try r.uses() })
  }
}

/// The sentence index's candidate search counts votes in its own small table; it must pick exactly what the
/// dictionary-based count picked.
final class SentenceCandidateTests: XCTestCase {
  func dictionaryCandidates(
    _ index: SentenceIndex, _ content: [Unicode.Scalar], limit: Int, share: Double,
    accept: (SentenceIndex.Entry) -> Bool
  ) -> [Int] {
    let grams = Set(SentenceIndex.grams(content))
    guard !grams.isEmpty else { return [] }
    var votes: [Int32: Int] = [:]
    for h in grams {
      guard let list = index.postings[h], list.count <= SentenceIndex.commonGram else { continue }
      for id in list { votes[id, default: 0] += 1 }
    }
    let needed = max(3, Int(Double(grams.count) * share))
    return votes.filter { $0.value >= needed && accept(index.entries[Int($0.key)]) }
      .sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }
      .prefix(limit).map { Int($0.key) }
  }

  func testCandidatesAreThoseOfADictionaryCount() throws {
    try SharedData.require()
    let documents = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
      .documents
    let index = SentenceIndex(documents: documents)
    var found = 0
    for (n, entry) in index.entries.enumerated() {
      // Every sentence as a query, whole and with its second half dropped, with and without a filter.
      for query in [entry.content.scalars, Array(entry.content.scalars.prefix(entry.content.scalars.count / 2 + 4))] {
        for (limit, share) in [(4, 1.0 / 3.0), (3, 0.5)] {
          let accept: (SentenceIndex.Entry) -> Bool = { $0.document != n % 5 }
          let expected = dictionaryCandidates(index, query, limit: limit, share: share, accept: accept)
          XCTAssertEqual(index.candidates(for: query, limit: limit, share: share, accept: accept), expected)
          found += expected.count
        }
      }
    }
    XCTAssertGreaterThan(found, 100)
  }

  /// The flat lookup the corpus cache stores answers every query as the index it was made from, names the
  /// same sentences with the same content, and survives its own binary encoding unchanged.
  func testLookupAnswersAsTheIndexItWasMadeFrom() throws {
    try SharedData.require()
    let documents = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
      .documents
    let index = SentenceIndex(documents: documents)
    var writer = BinaryWriter()
    SentenceLookup(index).write(to: &writer)
    let bytes = writer.bytes
    let decoded = try bytes.withUnsafeBytes { raw in
      var reader = BinaryReader(raw)
      return try SentenceLookup(from: &reader)
    }
    for lookup in [SentenceLookup(index), decoded] {
      XCTAssertEqual(lookup.count, index.entries.count)
      var found = 0
      for (n, entry) in index.entries.enumerated() {
        XCTAssertEqual(lookup.document(of: n), entry.document)
        XCTAssertEqual(lookup.content(of: n, in: documents)?.scalars, entry.content.scalars)
        XCTAssertEqual(lookup.content(of: n, in: documents)?.viewIndex, entry.content.viewIndex)
        for query in [entry.content.scalars, Array(entry.content.scalars.prefix(entry.content.scalars.count / 2 + 4))] {
          for (limit, share) in [(4, 1.0 / 3.0), (3, 0.5)] {
            let expected = index.candidates(for: query, limit: limit, share: share) { $0.document != n % 5 }
            XCTAssertEqual(lookup.candidates(for: query, limit: limit, share: share) { $0 != n % 5 }, expected)
            found += expected.count
          }
        }
      }
      XCTAssertGreaterThan(found, 100)
    }
  }

  /// A damaged column is an error, never a lookup that names sentences that do not exist.
  func testDamagedLookupColumnsAreRejected() {
    var writer = BinaryWriter()
    SentenceLookup(
      documents: [0, 1], viewStarts: [0, 5], viewEnds: [4, 9], gramHashes: [7, 3], gramStarts: [0, 1, 2], ids: [0, 1]
    ).write(to: &writer)
    let bytes = writer.bytes
    XCTAssertThrowsError(
      try bytes.withUnsafeBytes { raw in
        var reader = BinaryReader(raw)
        return try SentenceLookup(from: &reader)
      })
  }
}

final class SentenceBigramTests: XCTestCase {
  /// The set the miner used to build with a `Set`.
  func bigramSet(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Set<UInt32> {
    var result = Set<UInt32>()
    var last: Unicode.Scalar?
    for k in r where SloganText.isContent(s[k]) {
      if let l = last { result.insert((l.value &* 31) ^ (s[k].value << 7)) }
      last = s[k]
    }
    return result
  }

  func testSortedBigramsAreTheBigramSet() throws {
    try SharedData.require()
    let documents = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
      .documents
    for doc in documents {
      let s = try XCTUnwrap(doc.view).scalars
      for start in stride(from: 0, to: s.count, by: 37) {
        let r = FormulationMiner.sentence(around: start..<min(s.count, start + 5), in: s)
        XCTAssertEqual(FormulationMiner.sortedBigrams(s, r), bigramSet(s, r).sorted())
      }
    }
  }
}
