import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// The fingerprint index and the reuse check were rewritten for speed (flat sorted columns, a raw binary
/// cache encoding, extension without rescanning); these tests pin what the checks report on the shared
/// data to what the straightforward version reported, through every way the index reaches a lint: built
/// from the texts, read back from the corpus cache, and through the reference pack (no texts).
///
/// `Tests/Fixtures/duplicate-golden.json` was written by the version before the rewrite. Should a deliberate
/// change of the duplicate checks alter their findings, regenerate it with `POLICYLINT_UPDATE_GOLDEN=1
/// swift test --filter DuplicateGoldenTests` and say why in the commit.
final class DuplicateGoldenTests: XCTestCase {
  static let fixture = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/duplicate-golden.json")
  static let today = SimpleDate(year: 2024, month: 6, day: 1)

  /// Every draft: the shared samples, and each corpus document checked as a draft (as `policylint check
  /// ../shared/corpus` does, so it is never its own evidence).
  static func drafts() throws -> [(name: String, url: URL)] {
    var result: [(String, URL)] = []
    for (folder, dir) in [("samples", SharedData.samples), ("corpus", SharedData.corpus)] {
      let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter(CorpusLoader.isDraftFile)
        .sorted()
      result += names.map { ("\(folder)/\($0)", dir.appendingPathComponent($0)) }
    }
    return result
  }

  /// A finding as one line: code, range and severity in clear, the wording and evidence as a digest (the
  /// messages quote the corpus, which must not be copied into the project).
  static func line(_ f: Finding) -> String {
    let evidence = f.related.map { "\($0.location)|\($0.message)" }.joined(separator: "\n")
    let fixes = f.fixes.map { "\($0.title)|\($0.edits.map { "\($0.range)=\($0.newText)" })" }.joined(separator: "\n")
    let digest = FNV1a.hash(Array("\(f.message)\n\(f.detail ?? "")\n\(evidence)\n\(fixes)".utf8))
    return "\(f.code) \(f.range.lowerBound)-\(f.range.upperBound) \(f.severity) \(String(digest, radix: 16))"
  }

  /// Drafts stitched from the corpus at run time (never stored): sentences of all documents interleaved,
  /// with characters changed, clauses dropped and the order reversed, so extension has to step over
  /// differences and passages come from several documents.
  static func stitchedDrafts() throws -> [(name: String, text: String)] {
    let texts = try drafts().filter { $0.name.hasPrefix("corpus/") }.map { try CorpusLoader.readText($0.url.path).0 }
    let sentences = texts.map { $0.split(separator: "。").map(String.init) }
    var interleaved: [String] = []
    for j in 0..<(sentences.map(\.count).max() ?? 0) {
      for (i, doc) in sentences.enumerated() where j < doc.count && (j + i) % 3 == 0 { interleaved.append(doc[j]) }
    }
    func substitute(_ s: String, every n: Int) -> String {
      var count = 0
      return String(
        String.UnicodeScalarView(
          s.unicodeScalars.map { c in
            guard ScalarClass.isHan(c) else { return c }
            count += 1
            return count % n == 0 ? "某" : c
          }))
    }
    let changed = interleaved.enumerated().map { $0.offset % 2 == 0 ? substitute($0.element, every: 23) : $0.element }
    let dropped = interleaved.map { s in
      s.split(separator: "，").enumerated().filter { $0.offset != 1 }.map(\.element).joined(separator: "，")
    }
    return [
      ("stitched/changed", changed.joined(separator: "。")),
      ("stitched/dropped", dropped.joined(separator: "。\n")),
      ("stitched/reversed", interleaved.reversed().joined(separator: "。")),
    ]
  }

  static func findings(index: CorpusIndex, checks: [any Check.Type] = SharedCorpus.duplicateChecks) throws -> [String:
    [String]]
  {
    var result: [String: [String]] = [:]
    let linter = Linter(corpus: index, checks: checks)
    var inputs = try drafts().map {
      (name: $0.name, path: URLPath.resolve($0.url.path), text: try CorpusLoader.readText($0.url.path).0)
    }
    inputs += try stitchedDrafts().map { (name: $0.name, path: "/drafts/" + $0.name, text: $0.text) }
    for input in inputs {
      let draft = DraftDocument(path: input.path, text: SourceText(input.text), corpus: index, today: today)
      result[input.name] = linter.lint(draft, configuration: Configuration()).map(line)
    }
    return result
  }

  struct Golden: Codable, Equatable {
    var corpus: [String: [String]]
    var pack: [String: [String]]
  }

  func packIndex(_ index: CorpusIndex) throws -> CorpusIndex {
    let data = try ReferencePack(index: index, generatedFrom: "golden").encoded()
    return try JSONDecoder().decode(ReferencePack.self, from: data).index
  }

  func testDuplicateFindingsOnTheSharedDataAreThoseOfTheStraightforwardIndex() throws {
    try SharedData.require()
    let fresh = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
    let index = CorpusIndex(documents: fresh.documents, origin: SharedData.corpus.path)
    let actual = Golden(corpus: try Self.findings(index: index), pack: try Self.findings(index: try packIndex(index)))
    XCTAssertGreaterThan(actual.corpus.values.joined().filter { $0.hasPrefix("duplicate/reuse") }.count, 5)

    if ProcessInfo.processInfo.environment["POLICYLINT_UPDATE_GOLDEN"] == "1" {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(actual).write(to: Self.fixture)
      return
    }
    let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: Self.fixture))
    for (name, expected) in golden.corpus.sorted(by: { $0.key < $1.key }) {
      XCTAssertEqual(actual.corpus[name], expected, "against the corpus: \(name)")
    }
    for (name, expected) in golden.pack.sorted(by: { $0.key < $1.key }) {
      XCTAssertEqual(actual.pack[name], expected, "against the pack: \(name)")
    }
    XCTAssertEqual(Set(actual.corpus.keys), Set(golden.corpus.keys))
  }

  func testTheCachedIndexFindsWhatTheFreshOneFinds() throws {
    try SharedData.require()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-golden-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let cacheFile = dir.appendingPathComponent("corpus.plcache").path
    let (built, first) = try CorpusCache.load(
      directory: SharedData.corpus.path, manifest: SharedData.manifest.path, cacheFile: cacheFile)
    XCTAssertEqual(first.kind, .rebuilt)
    let (cached, second) = try CorpusCache.load(
      directory: SharedData.corpus.path, manifest: SharedData.manifest.path, cacheFile: cacheFile)
    XCTAssertEqual(second.kind, .hit, second.reason)
    XCTAssertEqual(cached.index.fingerprints.count, built.index.fingerprints.count)
    // Every check, not only the duplicate ones: all three index parts come back from their cache encodings.
    XCTAssertEqual(
      try Self.findings(index: cached.index, checks: builtInChecks),
      try Self.findings(index: built.index, checks: builtInChecks))
    XCTAssertEqual(
      try Self.findings(index: built.index, checks: builtInChecks).values.joined().filter { $0.hasPrefix("slogan/") }
        .isEmpty,
      false, "the shared data exercise the slogan checks")
  }
}

/// The flat index against a plain dictionary built the obvious way, and its cache encoding.
final class DuplicateIndexLayoutTests: XCTestCase {
  static func documents() throws -> [CorpusDocument] {
    try SharedData.require()
    return try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path).documents
  }

  /// What every lookup must return: each document's winnowed grams, in document then text order.
  static func bruteForce(_ documents: [CorpusDocument], k: Int, w: Int) -> [UInt32: [FingerprintIndex.Posting]] {
    var table: [UInt32: [FingerprintIndex.Posting]] = [:]
    for doc in documents {
      guard let view = doc.view else { continue }
      let wording = view.scalars.enumerated().filter {
        ScalarClass.isHan($0.element) || ScalarClass.isASCIIAlphanumeric($0.element)
      }
      let scalars = wording.map { c -> Unicode.Scalar in
        (0x41...0x5A).contains(c.element.value) ? Unicode.Scalar(c.element.value + 0x20)! : c.element
      }
      let hashes = FingerprintIndex.gramHashes(scalars, gramLength: k)
      // Robust winnowing written out: the rightmost minimum of every window, each position once.
      var kept: [Int] = []
      if hashes.count <= w {
        if let m = hashes.indices.last(where: { hashes[$0] == hashes.min() }) { kept = [m] }
      } else {
        for start in 0...(hashes.count - w) {
          let window = start..<(start + w)
          let m = window.last { hashes[$0] == hashes[window].min() }!
          if kept.last != m { kept.append(m) }
        }
      }
      for i in kept {
        table[hashes[i], default: []].append(
          FingerprintIndex.Posting(
            document: doc.id, contentOffset: i, originalRange: nil))
      }
    }
    return table
  }

  func testEveryLookupEqualsABruteForceTable() throws {
    let documents = try Self.documents()
    let index = FingerprintIndex(documents: documents)
    let expected = Self.bruteForce(documents, k: index.gramLength, w: index.window)
    XCTAssertEqual(index.count, expected.values.reduce(0) { $0 + $1.count })
    for (hash, postings) in expected {
      XCTAssertEqual(index.postings(for: hash), postings)
      XCTAssertEqual(index.postingCount(for: hash), postings.count)
    }
    // Hashes that are not stored find nothing, whichever bucket they fall in.
    var probe: UInt32 = 0x1234_5678
    for _ in 0..<10_000 {
      probe = probe &* 1_664_525 &+ 1_013_904_223
      if expected[probe] == nil { XCTAssertTrue(index.postings(for: probe).isEmpty) }
    }
  }

  func testTheCacheEncodingRoundTripsAndRefusesDamage() throws {
    let documents = try Self.documents()
    for index in [
      FingerprintIndex(documents: documents), FingerprintIndex(documents: documents).withOriginals(from: documents),
    ] {
      var writer = BinaryWriter()
      index.write(to: &writer)
      let decoded = try writer.bytes.withUnsafeBytes { raw -> FingerprintIndex in
        var reader = BinaryReader(raw)
        return try FingerprintIndex(from: &reader)
      }
      XCTAssertEqual(decoded.count, index.count)
      XCTAssertEqual(decoded.hasOriginals, index.hasOriginals)
      for hash in FingerprintIndex.gramHashes(Array(try XCTUnwrap(documents[0].view).scalars), gramLength: 8) {
        XCTAssertEqual(decoded.postings(for: hash), index.postings(for: hash))
      }
      // Every truncation is refused, never read past.
      for cut in stride(from: 0, to: writer.bytes.count, by: max(1, writer.bytes.count / 97)) {
        XCTAssertThrowsError(
          try Array(writer.bytes[0..<cut]).withUnsafeBytes { raw in
            var reader = BinaryReader(raw)
            _ = try FingerprintIndex(from: &reader)
          })
      }
    }
  }

  func testColumnsThatBreakTheLayoutAreRefused() throws {
    let documents = try Self.documents()
    let json =
      try JSONSerialization.jsonObject(with: JSONEncoder().encode(FingerprintIndex(documents: documents)))
      as? [String: Any]
    var object = try XCTUnwrap(json)
    // Hashes out of order would make lookups miss.
    var hashes = Data(base64Encoded: try XCTUnwrap(object["hashes"] as? String))!
    hashes.swapAt(0, hashes.count - 1)
    object["hashes"] = hashes.base64EncodedString()
    XCTAssertThrowsError(
      try JSONDecoder().decode(FingerprintIndex.self, from: JSONSerialization.data(withJSONObject: object)))
    // A column of another length than the hashes.
    object = try XCTUnwrap(json)
    object["positions"] = Data([1, 0, 0, 0]).base64EncodedString()
    XCTAssertThrowsError(
      try JSONDecoder().decode(FingerprintIndex.self, from: JSONSerialization.data(withJSONObject: object)))
  }
}
