import XCTest

@testable import PolicyLint
import PolicyText

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
      XCTAssertEqual(FormulationMiner.hasDissimilarPair(counted.map { ($0.key, $0.value) }), expected, "\(sets)")
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
    let uses = (0..<50).map { (i: Int) -> FormulationIndex.Use in
      FormulationIndex.Use(document: i, count: 1 + i % 4, range: (10 * i)..<(10 * i + 7))
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
      let list = index.postings.ids(of: h)
      guard !list.isEmpty, list.count <= SentenceIndex.commonGram else { continue }
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
    for n in index.entries.indices {
      // Every sentence as a query, whole and with its second half dropped, with and without a filter.
      let content = index.content(of: n).scalars
      for query in [content, Array(content.prefix(content.count / 2 + 4))] {
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
        let content = index.content(of: n)
        XCTAssertEqual(lookup.content(of: n, in: documents)?.scalars, content.scalars)
        XCTAssertEqual(lookup.content(of: n, in: documents)?.viewIndex, content.viewIndex)
        for query in [content.scalars, Array(content.scalars.prefix(content.scalars.count / 2 + 4))] {
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
      documents: [0, 1], viewStarts: [0, 5], viewEnds: [4, 9],
      grams: GramPostings(hashes: [7, 3], starts: [0, 1, 2], ids: [0, 1])
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
        let r = FormulationMiner.sentence(
          around: start..<min(s.count, start + 5), breaks: FormulationMiner.sentenceBreaks(s), count: s.count)
        XCTAssertEqual(FormulationMiner.sortedBigrams(s, r), bigramSet(s, r).sorted())
      }
    }
  }
}

/// The sentence index's postings and the miner's independence test, made faster, against the straightforward
/// versions they replaced.
final class FlatBuildEquivalenceTests: XCTestCase {
  /// A generator with a fixed seed, so a failure can be replayed.
  struct Seeded {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33) % n
    }
  }

  /// Documents made of a few recurring clauses, some of them slightly changed, so grams, clauses and
  /// sentences recur across documents as they do in an archive.
  func documents(_ count: Int, seed: UInt64) -> [CorpusDocument] {
    var random = Seeded(state: seed)
    let clauses = [
      "坚持稳中求进工作总基调", "全面推进乡村振兴", "深入学习贯彻党的二十大精神", "防风险保安全", "推动高质量发展",
      "加快建设农业强国", "城乡融合发展", "新增就业十二万人", "完善社会治理体系", "统筹发展和安全",
    ]
    let marks = ["，", "。", "；", "！", "\n", "、"]
    return (0..<count).map { n in
      var text = ""
      for _ in 0..<(4 + random.next(30)) {
        var clause = Array(clauses[random.next(clauses.count)].unicodeScalars)
        if random.next(6) == 0 { clause[random.next(clause.count)] = "国" }
        text += String(String.UnicodeScalarView(clause)) + marks[random.next(marks.count)]
      }
      return CorpusDocument.inMemory(text, name: "d\(n).txt", id: n, date: SimpleDate(year: 2020, month: 1, day: 1))
    }
  }

  func testSentencePostingsAreThoseOfADictionaryOfArrays() {
    let index = SentenceIndex(documents: documents(300, seed: 7))
    // The build the flat postings replaced: each sentence's distinct grams appended to the gram's list.
    var expected: [UInt64: [Int32]] = [:]
    for id in index.entries.indices {
      var seen = Set<UInt64>()
      for h in SentenceIndex.grams(index.content(of: id).scalars) where seen.insert(h).inserted {
        expected[h, default: []].append(Int32(id))
      }
    }
    XCTAssertGreaterThan(index.count, 1000)
    XCTAssertEqual(index.postings.hashes.count, expected.count)
    XCTAssertEqual(index.postings.ids.count, expected.values.reduce(0) { $0 + $1.count })
    XCTAssertTrue(expected.values.contains { $0.count > SentenceIndex.commonGram }, "common grams are exercised")
    for (h, ids) in expected { XCTAssertEqual(Array(index.postings.ids(of: h)), ids) }
    let kept = index.postings.keeping(atMost: SentenceIndex.commonGram)
    for (h, ids) in expected {
      XCTAssertEqual(Array(kept.ids(of: h)), ids.count <= SentenceIndex.commonGram ? ids : [])
    }
    XCTAssertTrue(index.postings.ids(of: 12345).isEmpty)
  }

  func testDistinctGramFilterGivesEachGramOfTheContentOnceInFirstOrder() {
    var random = Seeded(state: 41)
    var filter = DistinctGramFilter()
    // Few distinct characters (many repeated grams), non-content characters between them, and lengths that
    // grow and shrink, so the table is regrown and its slots reused by later sentences.
    let alphabet = Array("发展安全改革一二，、 \n".unicodeScalars)
    for length in [0, 3, 4, 5, 40, 400, 7, 2000, 12, 64, 1, 300] {
      for _ in 0..<20 {
        let view = (0..<length).map { _ in alphabet[random.next(alphabet.count)] }
        let lo = length > 2 ? random.next(length / 2) : 0
        let range = lo..<length
        var seen = Set<UInt64>()
        let expected = SentenceIndex.grams(ContentRun(view, range).scalars).filter { seen.insert($0).inserted }
        var got: [UInt64] = []
        filter.forEachDistinct(in: view, range) { got.append($0) }
        XCTAssertEqual(got, expected, "length \(length)")
      }
    }
  }

  func testBucketedPostingsGroupEveryBucketByHash() {
    // Hashes that share their top bits (one bucket, out of order) and hashes spread over many buckets.
    var random = Seeded(state: 99)
    var pairs: [(UInt64, Int32)] = []
    var taken = Set<[UInt64]>()
    for id in 0..<4000 {
      for _ in 0..<(1 + random.next(4)) {
        let h: UInt64 =
          random.next(2) == 0
          ? (0xABCD << 48) | UInt64(random.next(50)) : UInt64(random.next(1 << 20)) << 40 | UInt64(random.next(7))
        if taken.insert([h, UInt64(id)]).inserted { pairs.append((h, Int32(id))) }
      }
    }
    let expected = Dictionary(grouping: pairs, by: \.0).mapValues { $0.map(\.1) }
    // Buckets laid out exactly, and with a few slots reserved and left unused (filled with junk), as the
    // sentence index leaves them for a gram repeated in a sentence.
    for spare in [0, 3] {
      let buckets = GramPostings.bucketCount
      var starts = [Int](repeating: 0, count: buckets + 1)
      for (h, _) in pairs { starts[GramPostings.bucket(of: h) + 1] += 1 }
      for b in 0..<buckets { starts[b + 1] += starts[b] + (starts[b + 1] > 0 ? spare : 0) }
      var next = starts
      var hashes = [UInt64](repeating: .max, count: starts[buckets])
      var ids = [Int32](repeating: -7, count: starts[buckets])
      for (h, id) in pairs {
        let b = GramPostings.bucket(of: h)
        hashes[next[b]] = h
        ids[next[b]] = id
        next[b] += 1
      }
      let postings = GramPostings(bucketed: hashes, ids: ids, bucketStarts: starts, bucketEnds: next)
      XCTAssertEqual(postings.hashes, expected.keys.sorted())
      XCTAssertEqual(postings.ids.count, pairs.count)
      for (h, list) in expected { XCTAssertEqual(Array(postings.ids(of: h)), list) }
    }
  }

  /// The sentence around a range, as the miner scanned for it before it kept each text's breaks.
  func scannedSentence(around r: Range<Int>, in s: [Unicode.Scalar]) -> Range<Int> {
    var a = r.lowerBound
    while a > 0 && !ScalarClass.isSentenceEnd(s[a - 1]) && s[a - 1] != "\n" && r.lowerBound - a < 200 { a -= 1 }
    var b = r.upperBound
    while b < s.count && !ScalarClass.isSentenceEnd(s[b]) && s[b] != "\n" && b - r.upperBound < 200 { b += 1 }
    return a..<b
  }

  func testSentenceFromBreaksIsTheScannedSentence() {
    var random = Seeded(state: 5)
    for _ in 0..<300 {
      // Long runs without a break too, so the 200-character limit is reached on both sides.
      let alphabet: [Unicode.Scalar] = random.next(4) == 0 ? ["文", "字"] : ["文", "字", "。", "\n", "！", "，", "a"]
      let s = (0..<(1 + random.next(900))).map { _ in alphabet[random.next(alphabet.count)] }
      let breaks = FormulationMiner.sentenceBreaks(s)
      for _ in 0..<20 {
        let lower = random.next(s.count + 1)
        let r = lower..<(lower + random.next(s.count - lower + 1))
        XCTAssertEqual(
          FormulationMiner.sentence(around: r, breaks: breaks, count: s.count), scannedSentence(around: r, in: s))
      }
    }
  }

  func testIndependenceWithKeptSetsIsTheOneComputedEachTime() {
    // 150 documents, then 50 reprints of one of them (a clause there sits in the same sentence everywhere).
    var docs = documents(150, seed: 11)
    for n in 150..<200 {
      docs.append(
        CorpusDocument.inMemory(
          docs[0].text?.string ?? "", name: "r\(n).txt", id: n, date: SimpleDate(year: 2021, month: 1, day: 1)))
    }
    let views = docs.map(\.view)
    let breaks = views.map { FormulationMiner.sentenceBreaks($0?.scalars ?? []) }
    var random = Seeded(state: 3)
    var sets = SentenceBigramSets()
    var answers: [Bool: Int] = [:]
    for _ in 0..<400 {
      // Occurrences of a clause: a few per document, documents in order.
      var occurrences: [FormulationMiner.Occurrence] = []
      let reprinted = random.next(2) == 0
      let fixed = random.next((views[0]?.scalars.count ?? 5) - 4)
      var position = reprinted ? 150 + random.next(10) : random.next(20)
      while position < docs.count {
        let s = views[position]?.scalars ?? []
        for _ in 0..<(1 + random.next(2)) where s.count > 4 {
          // In a reprint, mostly the same place; now and then a place elsewhere in it.
          let lower = reprinted && random.next(40) != 0 ? fixed : random.next(s.count - 4)
          occurrences.append(.init(position: Int32(position), lower: Int32(lower), upper: Int32(lower + 4)))
        }
        position += 1 + random.next(reprinted ? 4 : random.next(2) == 0 ? 3 : 60)
      }
      // The test made before: each document's first occurrence, its sentence scanned, sets counted anew.
      var counted: [[UInt32]: Int] = [:]
      var seen = Set<Int32>()
      for o in occurrences where seen.insert(o.position).inserted {
        let s = views[Int(o.position)]!.scalars
        counted[FormulationMiner.sortedBigrams(s, scannedSentence(around: o.range, in: s)), default: 0] += 1
      }
      let expected = FormulationMiner.hasDissimilarPair(counted.map { ($0.key, $0.value) })
      XCTAssertEqual(FormulationMiner.isIndependent(occurrences, views: views, breaks: breaks, sets: &sets), expected)
      answers[expected, default: 0] += 1
    }
    XCTAssertGreaterThan(answers[true] ?? 0, 20)
    XCTAssertGreaterThan(answers[false] ?? 0, 20)
  }

  func testClauseTableGroupsClausesAsStringKeysDo() {
    // Unified ideographs, compatibility ideographs that map onto them (U+F90A is 金, U+F9B2 is 零) and ones
    // that map onto nothing (U+FA0E), so canonical equivalence decides some of the merges.
    let alphabet: [Unicode.Scalar] = ["金", "\u{F90A}", "零", "\u{F9B2}", "\u{FA0E}", "文", "字"]
    var random = Seeded(state: 17)
    var table = ClauseTable()
    var expected: [String: [FormulationMiner.Occurrence]] = [:]
    for n in 0..<3000 {
      let clause = (0..<(1 + random.next(4))).map { _ in alphabet[random.next(alphabet.count)] }
      let occurrence = FormulationMiner.Occurrence(position: Int32(n), lower: 0, upper: Int32(clause.count))
      table.add(clause[...], occurrence)
      expected[SloganText.string(clause), default: []].append(occurrence)
    }
    XCTAssertEqual(table.texts.count, expected.count)
    XCTAssertLessThan(expected.count, 2000, "equivalent clauses were merged")
    for (text, occurrences) in zip(table.texts, table.occurrences) {
      let want = expected[text]
      XCTAssertEqual(occurrences.map(\.position), want?.map(\.position), text)
      // The text kept is the one first met, as a dictionary keeps its first key.
      XCTAssertEqual(Array(text.unicodeScalars), Array(expected.keys.first { $0 == text }!.unicodeScalars))
    }
  }
}

/// A use is kept in 12 bytes; what does not fit is clamped, never wrapped. Its document's date and rank
/// are the index's.
final class FormulationUseLayoutTests: XCTestCase {
  func testUseKeepsItsValuesAndClampsWhatDoesNotFit() {
    XCTAssertEqual(MemoryLayout<FormulationIndex.Use>.stride, 12)
    let use = FormulationIndex.Use(document: 9_999, count: 60_000, range: 123_456..<123_480)
    XCTAssertEqual(use.document, 9_999)
    XCTAssertEqual(use.count, 60_000)
    XCTAssertEqual(use.range, 123_456..<123_480)
    var huge = FormulationIndex.Use(document: Int(Int32.max) + 5, count: 70_000, range: 5..<100_000)
    XCTAssertEqual(huge.document, Int(Int32.max))
    XCTAssertEqual(huge.count, Int(UInt16.max))
    XCTAssertEqual(huge.range, 5..<(5 + Int(UInt16.max)))
    huge.count += 1
    XCTAssertEqual(huge.count, Int(UInt16.max), "counting on stays at the limit")
    XCTAssertTrue(huge.isWellFormed)
    XCTAssertFalse(FormulationIndex.Use(document: -1, count: 1, range: 0..<1).isWellFormed)
    XCTAssertFalse(FormulationIndex.Use(document: 1, count: 1, range: -3..<1).isWellFormed)
  }

  /// The index answers each use's date and rank from its document; an index whose uses name a document it
  /// has no date for is refused when read, from the cache and from the pack's JSON.
  func testDatesAndRanksComeFromTheDocuments() throws {
    let (d0, d1) = (SimpleDate(year: 2022, month: 10, day: 1), SimpleDate(year: 2023, month: 3, day: 5))
    let docs = [
      CorpusDocument.inMemory("全会强调“两个确立”。", name: "a", id: 0, date: d0, rank: 10),
      CorpusDocument.inMemory("会议指出“两个确立”。", name: "b", id: 1, date: d1, rank: 2),
    ]
    let index = FormulationIndex(documents: docs)
    let f = try XCTUnwrap(index.formulations.first { $0.text == "两个确立" })
    XCTAssertEqual(f.uses.map { index.date(of: $0) }, [docs[0].info.date, docs[1].info.date])
    XCTAssertEqual(f.uses.map { index.rank(of: $0) }, [10, 2])
    XCTAssertEqual(index.firstUse(of: f), docs[0].info.date)
    XCTAssertEqual(index.lastUse(of: f), docs[1].info.date)
    func roundTrip(_ i: FormulationIndex) throws -> FormulationIndex {
      var w = BinaryWriter()
      i.write(to: &w)
      return try w.bytes.withUnsafeBytes { raw in
        var r = BinaryReader(raw)
        return try FormulationIndex(from: &r)
      }
    }
    XCTAssertEqual(try roundTrip(index).documentFacts, index.documentFacts)
    let json = try JSONEncoder().encode(index)
    XCTAssertEqual(try JSONDecoder().decode(FormulationIndex.self, from: json).documentFacts, index.documentFacts)
    var short = index
    short.documentFacts.removeLast()
    XCTAssertThrowsError(try roundTrip(short))
    XCTAssertThrowsError(try JSONDecoder().decode(FormulationIndex.self, from: try JSONEncoder().encode(short)))
  }
}

/// Scalars written as UTF-8 into a buffer are the bytes Swift's own encoding gives.
final class ScalarUTF8Tests: XCTestCase {
  func testBytesAreSwiftsUTF8() {
    var random = FlatBuildEquivalenceTests.Seeded(state: 21)
    // One, two, three and four bytes, at both ends of each length.
    let pool: [Unicode.Scalar] = [
      "a", "\u{7F}", "\u{80}", "é", "\u{7FF}", "\u{800}", "中", "\u{FFFD}", "\u{FFFF}", "\u{10000}", "𠀀", "\u{10FFFF}",
    ]
    for length in [0, 1, 2, 7, 100, 3000] {
      let scalars = (0..<length).map { _ in pool[random.next(pool.count)] }
      let expected = Array(String(String.UnicodeScalarView(scalars)).utf8)
      XCTAssertEqual(ScalarUTF8.bytes(scalars), expected)
      XCTAssertEqual(ScalarUTF8.bytes(scalars[...]), expected)
      XCTAssertEqual(ScalarUTF8.bytes(AnySequence(scalars)), expected, "the Sequence version")
      XCTAssertEqual(String(scalarSlice: scalars[...]), String(String.UnicodeScalarView(scalars)))
    }
  }
}

/// An update of the formulation index (near copies and clause verdicts carried where no change reaches)
/// gives the index a build from scratch gives, and searches only part of the corpus again.
final class FormulationUpdateTests: XCTestCase {
  static let clauses = [
    "坚持稳中求进工作总基调", "“四化同步、城乡融合、五区共兴”", "讲政治、抓发展、惠民生、保安全", "《关于加强基层治理的意见》",
    "深入学习贯彻党的二十大精神", "全面推进乡村振兴", "新增就业12万人", "防风险保安全", "“两个确立”", "持续改善生态环境质量",
    "加快建设现代化产业体系", "着力扩大国内需求",
  ]

  /// Document `n`'s text in version `version` (a changed document gets another version).
  static func text(_ n: Int, version: Int = 0) -> String {
    var text = (0..<6).map { k in clauses[(n * 7 + k * 3 + version) % clauses.count] + (k % 2 == 0 ? "，" : "。") }
      .joined()
    // A sentence in a few documents, and slips of it: forms the others outvote.
    if n % 60 == 1 { text += "深化改革、防风险保安全、全面从严治党等重点工作。" }
    if n == 230 || (version > 0 && n % 2 == 0) { text += "深化改革、防风险保安、全面从严治党等重点工作。" }
    // A long sentence reprinted with a slip that depends on the document (version 3 drops it).
    if n % 9 == 4 && version != 3 {
      let slip = ["统一", "统筹", "同一"][(n / 9 + version) % 3]
      text += "各地区各部门要把思想和行动\(slip)到党中央决策部署上来，确保各项任务落地见效。"
    }
    // A clause that recurs in otherwise unrelated sentences.
    if n % 13 == 5 { text += "今年\(n)月工作要点：推动高质量发展取得新成效，\(n % 7)项任务已经完成。" }
    // A clause in reprints of one sentence only (not independent), and in version 4 in a sentence of its own.
    if n % 50 == 7 { text += "会议要求，统筹推进疫情防控和经济社会发展。" }
    if version == 4 { text += "同时，统筹推进疫情防控和经济社会发展，各项工作取得了显著成效并受到群众广泛好评。" }
    // Sentences of the document's own, as most of a real document is.
    for k in 0..<4 { text += ownSentence(seed: n * 31 + k * 7 + version * 1009) }
    return text
  }

  static let pool = Array("国家发展改革委员会财政部门工作会议强调要深化推进建设现代化经济体系民生保障环境治理科技创新人才教育卫生文化")

  /// Sixteen characters drawn from `pool` by a seeded generator, then a full stop.
  static func ownSentence(seed: Int) -> String {
    var x = UInt64(seed) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    var s = ""
    for _ in 0..<16 {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      s.append(pool[Int((x >> 33) % UInt64(pool.count))])
    }
    return s + "。"
  }

  static func document(_ n: Int, id: Int, version: Int = 0) -> CorpusDocument {
    CorpusDocument.inMemory(
      text(n, version: version), name: "d\(n).txt", id: id,
      date: SimpleDate(year: 2010 + n % 14, month: 1 + n % 12, day: 1 + n % 28), rank: n % 20 == 1 ? 10 : 1)
  }

  func encoded(_ index: FormulationIndex) -> [UInt8] {
    var w = BinaryWriter()
    index.write(to: &w)
    return w.bytes
  }

  /// Updates `before` (built from `old`) to `new`, where `kept[i]` is the position in `old` of `new[i]`
  /// when unchanged; checks the result against a build from scratch and returns it.
  @discardableResult
  func assertUpdate(
    _ before: FormulationIndex, old: [CorpusDocument], new: [CorpusDocument], kept: [Int?],
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> FormulationIndex {
    let previous = kept.map { $0.map { old[$0].id } }
    let keptIDs = Set(previous.compactMap { $0 })
    let gone = old.filter { !keptIDs.contains($0.id) }
    let updated = before.updated(documents: new, previous: previous, gone: gone)
    let scratch = FormulationIndex(documents: new)
    XCTAssertNotNil(updated.nearCopyPairs, file: file, line: line)
    XCTAssertEqual(updated.nearCopyPairs, scratch.nearCopyPairs, "near-copy pairs", file: file, line: line)
    XCTAssertTrue(encoded(updated) == encoded(scratch), "the update differs from a build", file: file, line: line)
    // Part of the corpus is searched again, not all of it.
    let update = try XCTUnwrap(
      FormulationUpdate(previous: before, documents: new, previousIDs: previous, gone: gone), file: file, line: line)
    let sentences = SentenceIndex(documents: new)
    let searched = update.reached(sentences).filter { $0 }.count
    XCTAssertLessThan(searched, sentences.count / 2, "sentences searched again", file: file, line: line)
    XCTAssertGreaterThan(searched, 0, file: file, line: line)
    return updated
  }

  func testUpdatesEqualBuildsFromScratch() throws {
    let old = (0..<240).map { Self.document($0, id: $0) }
    let before = FormulationIndex(documents: old)
    XCTAssertGreaterThan(try XCTUnwrap(before.nearCopyPairs).count, 10, "near copies are exercised")
    XCTAssertFalse(before.disputes.isEmpty, "disputes are exercised")
    XCTAssertTrue(before.formulations.contains { $0.kind == .phrase }, "recurring clauses are exercised")

    // A changed document (its slip and clauses change), keeping every id.
    var changed = old
    changed[40] = Self.document(40, id: 40, version: 1)
    changed[121] = Self.document(121, id: 121, version: 2)
    let afterEdit = try assertUpdate(
      before, old: old, new: changed, kept: old.indices.map { $0 == 40 || $0 == 121 ? nil : $0 })
    // A reprint dropped: an earlier copy's best candidates change (doc 193's were docs 220, 202 and 211; 229
    // takes 220's place), though nothing the changed document now says shares their grams.
    for n in [220, 13] {
      var dropped = changed
      dropped[n] = Self.document(n, id: n, version: 3)
      try assertUpdate(afterEdit, old: changed, new: dropped, kept: changed.indices.map { $0 == n ? nil : $0 })
    }
    // A clause becomes independent when a changed document uses it in a sentence of its own, and stops
    // being when that use is gone.
    let clause = "统筹推进疫情防控和经济社会发展"
    XCTAssertFalse(afterEdit.formulations.contains { $0.kind == .phrase && $0.text == clause })
    var independent = changed
    independent[58] = Self.document(58, id: 58, version: 4)
    let withUse = try assertUpdate(
      afterEdit, old: changed, new: independent, kept: changed.indices.map { $0 == 58 ? nil : $0 })
    XCTAssertTrue(withUse.formulations.contains { $0.kind == .phrase && $0.text == clause })
    let withoutUse = try assertUpdate(
      withUse, old: independent, new: changed, kept: changed.indices.map { $0 == 58 ? nil : $0 })
    XCTAssertFalse(withoutUse.formulations.contains { $0.kind == .phrase && $0.text == clause })

    // A document added in front (every id moves) and one removed, from the updated index.
    let added = Self.document(1000, id: 0, version: 1)
    var moved = [added]
    var kept: [Int?] = [nil]
    for (i, d) in changed.enumerated() where i != 61 {
      let n = Int(d.info.name.dropFirst().dropLast(4))!
      moved.append(Self.document(n, id: moved.count, version: i == 40 ? 1 : i == 121 ? 2 : 0))
      kept.append(i)
    }
    try assertUpdate(afterEdit, old: changed, new: moved, kept: kept)
  }

  /// The reference pack's index (no near-copy pairs: `Codable`) is never updated: it is built whole.
  func testAnIndexWithoutNearCopyPairsIsBuiltWhole() throws {
    let documents = (0..<30).map { Self.document($0, id: $0) }
    let index = FormulationIndex(documents: documents)
    let decoded = try JSONDecoder().decode(FormulationIndex.self, from: JSONEncoder().encode(index))
    XCTAssertNil(decoded.nearCopyPairs)
    XCTAssertNil(FormulationUpdate(previous: decoded, documents: documents, previousIDs: documents.map(\.id), gone: []))
    let rebuilt = decoded.updated(documents: documents, previous: documents.map(\.id), gone: [])
    XCTAssertTrue(encoded(rebuilt) == encoded(index))
  }
}
