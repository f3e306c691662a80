import Foundation
import PolicyLint
import PolicyText
import XCTest

final class DuplicateReuseTests: XCTestCase {
  static let source = """
    全会指出，推进城乡融合发展涉及面广、政策性强、社会关注度高，是一项复杂的系统工程，必须加强组织领导。
    要建立省负总责、部门协同配合、市县抓落实的工作格局，强化市县党委、政府主体责任，坚持统筹谋划、协同推
    进，坚持因地制宜、循序渐进，坚持守正创新、防范风险，坚持积极探索、重点突破，抓好试点示范，加
    大 考 核 激 励 力 度 ，广 泛 凝 聚 各 方 力 量，齐心协力把城乡融合发展不断推向深入。 下转 02 版
    """
  static let copied = "要建立省负总责、部门协同配合、市县抓落实的工作格局，强化市县党委、政府主体责任，坚持统筹谋划、协同推进，"
    + "坚持因地制宜、循序渐进，坚持守正创新、防范风险"

  func reuse(_ text: String, corpus: [CorpusDocument], configuration: Configuration = Configuration(), path: String = "/memory/draft.txt") -> [Finding] {
    DuplicateLint.run(text, checks: [CorpusReuseCheck.self], corpus: corpus, configuration: configuration, path: path)
  }

  func testReusedPassageCitesTheDocumentAndItsExactOriginalRange() throws {
    let doc = DuplicateLint.document(Self.source, id: 0, title: "四川省委全会公报")
    let text = "各地要认真落实。" + Self.copied + "。以上请遵照执行。"
    let findings = reuse(text, corpus: [doc])
    XCTAssertEqual(findings.count, 1)
    let f = try XCTUnwrap(findings.first)
    XCTAssertEqual(f.code, "duplicate/reuse")
    XCTAssertEqual(f.severity, .information)
    XCTAssertEqual(DuplicateLint.slice(text, f.range), Self.copied)
    XCTAssertTrue(f.message.contains("《四川省委全会公报》（2023-11-20）"), f.message)
    guard case .corpus(let id, let range) = f.related.first?.location else { return XCTFail("no corpus evidence") }
    XCTAssertEqual(id, 0)
    let original = try XCTUnwrap(doc.text).string(range)
    XCTAssertTrue(original.hasPrefix("要建立省负总责"), original)
    XCTAssertTrue(original.hasSuffix("防范风险"), original)
    XCTAssertTrue(original.contains("协同推\n进"), "the range spans the document's own line break")
  }

  func testNearlyVerbatimPassageIsOneFinding() throws {
    let doc = DuplicateLint.document(Self.source, id: 0)
    // Three characters dropped or changed along the way, as a careless reprint has them.
    let text = "要建立省负总责、部门协同配合、市县抓落实的工作格局，强化市县党委政府主体责任，坚持统筹谋划、协同推进，"
      + "坚持因地制宜、逐步渐进，坚持守正创新、防范风险，坚持积极探索、重点突破，抓好试点示范，加大考核激力度。"
    let findings = reuse(text, corpus: [doc])
    XCTAssertEqual(findings.count, 1, findings.map(\.message).description)
    let f = try XCTUnwrap(findings.first)
    XCTAssertTrue(DuplicateLint.slice(text, f.range).hasPrefix("要建立省负总责"))
    XCTAssertTrue(DuplicateLint.slice(text, f.range).hasSuffix("加大考核激力度"), DuplicateLint.slice(text, f.range))
    XCTAssertTrue(f.message.contains("基本相同"), f.message)
  }

  func testTheDraftsOwnCorpusDocumentIsNeverEvidence() throws {
    let own = DuplicateLint.document(Self.source, id: 0, rank: 10)
    let reprint = DuplicateLint.document("转载：" + Self.source, id: 1, date: "2023-11-21", rank: 1)
    let findings = reuse(Self.source, corpus: [own, reprint], path: own.info.path)
    XCTAssertFalse(findings.isEmpty)
    for f in findings {
      for e in f.related {
        switch e.location {
        case .corpus(let id, _), .document(let id): XCTAssertEqual(id, 1, "evidence from the draft itself")
        case .draft: XCTFail("unexpected draft evidence")
        }
      }
    }
  }

  func testHighestRankedThenEarliestDocumentIsTheSource() throws {
    let reprint = DuplicateLint.document("转载：" + Self.source, id: 0, date: "2023-11-21", rank: 1, title: "转载")
    let original = DuplicateLint.document(Self.source, id: 1, date: "2023-11-20", rank: 10, title: "原文")
    let later = DuplicateLint.document(Self.source, id: 2, date: "2023-11-25", rank: 10, title: "再版")
    let f = try XCTUnwrap(reuse(Self.copied, corpus: [reprint, original, later]).first)
    XCTAssertTrue(f.message.contains("《原文》"), f.message)
    guard case .corpus(let id, _) = f.related.first?.location else { return XCTFail("no evidence") }
    XCTAssertEqual(id, 1)
    XCTAssertEqual(f.related.count, 3, "the other carriers follow as further evidence")
  }

  func testDocumentsDatedAfterTheDraftAreNotSources() {
    let doc = DuplicateLint.document(Self.source, id: 0, date: "2024-01-05")
    XCTAssertTrue(reuse(Self.copied, corpus: [doc]).isEmpty)
  }

  /// A document only its file's time dates (no manifest entry, no date in the text) may be older than the
  /// draft: it stays a source, and is cited as dated by its file.
  func testDocumentsDatedOnlyByTheirFileTimeRemainSources() throws {
    var doc = DuplicateLint.document(Self.source, id: 0, date: "2024-01-05")
    doc.info.dateSource = "file time"
    let f = try XCTUnwrap(reuse(Self.copied, corpus: [doc]).first)
    XCTAssertTrue(f.message.contains("（文件时间2024-01-05）"), f.message)
  }

  func testShortSharedFormulationsAreBelowTheMinimumLength() {
    let doc = DuplicateLint.document("全会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。", id: 0)
    XCTAssertTrue(reuse("各单位要坚持以习近平新时代中国特色社会主义思想为指导，抓好落实。", corpus: [doc]).isEmpty)
  }

  func testSeverityAndMinimumLengthAreConfigurable() throws {
    let doc = DuplicateLint.document(Self.source, id: 0)
    var config = Configuration()
    config.rules["duplicate/reuse"] = .severity(.warning)
    XCTAssertEqual(reuse(Self.copied, corpus: [doc], configuration: config).first?.severity, .warning)
    config.thresholds["reuseMinLength"] = 200
    XCTAssertTrue(reuse(Self.copied, corpus: [doc], configuration: config).isEmpty)
  }

  func testReferencePackWithoutTextsStillReportsTheSource() throws {
    let doc = DuplicateLint.document(Self.source, id: 0, title: "四川省委全会公报")
    let built = CorpusIndex(documents: [doc], origin: "tests")
    let data = try ReferencePack(index: built, generatedFrom: "tests").encoded()
    XCTAssertFalse(String(decoding: data, as: UTF8.self).contains("省负总责"), "the pack must not carry the text")
    let pack = try JSONDecoder().decode(ReferencePack.self, from: data).index
    XCTAssertNil(pack.documents[0].text)
    let text = "各地要认真落实。" + Self.copied + "。以上请遵照执行。"
    let f = try XCTUnwrap(DuplicateLint.run(text, checks: [CorpusReuseCheck.self], index: pack).first)
    guard case .document(let id) = f.related.first?.location else { return XCTFail("expected document evidence") }
    XCTAssertEqual(id, 0)
    XCTAssertTrue(f.message.contains("《四川省委全会公报》"), f.message)
    // Without the text, ends are known to within a winnowing window.
    let expected = DuplicateLint.slice(text, 8..<(8 + Self.copied.unicodeScalars.count))
    let found = DuplicateLint.slice(text, f.range)
    XCTAssertTrue(expected.contains(found), found)
    XCTAssertGreaterThan(found.unicodeScalars.count, expected.unicodeScalars.count * 2 / 3)
  }
}

final class DuplicateFingerprintIndexTests: XCTestCase {
  func testIndexRoundTripsThroughJSON() throws {
    let doc = DuplicateLint.document(DuplicateReuseTests.source, id: 3)
    let index = FingerprintIndex(documents: [doc])
    XCTAssertFalse(index.isEmpty)
    let decoded = try JSONDecoder().decode(FingerprintIndex.self, from: try JSONEncoder().encode(index))
    XCTAssertEqual(decoded.count, index.count)
    let content = Array(DuplicateReuseTests.copied.unicodeScalars.filter { ScalarClass.isHan($0) })
    for hash in FingerprintIndex.gramHashes(content, gramLength: index.gramLength) {
      XCTAssertEqual(decoded.postings(for: hash), index.postings(for: hash))
    }
  }

  func testTheEmptyPlaceholderDecodesAsAnEmptyIndex() throws {
    let index = try JSONDecoder().decode(FingerprintIndex.self, from: Data("{}".utf8))
    XCTAssertTrue(index.isEmpty)
  }

  func testEverySharedStretchOfTheGuaranteedLengthHasAFingerprint() throws {
    let doc = DuplicateLint.document(DuplicateReuseTests.source, id: 0)
    let index = FingerprintIndex(documents: [doc])
    let content = Array(try XCTUnwrap(doc.view).scalars.filter { ScalarClass.isHan($0) || ScalarClass.isASCIIAlphanumeric($0) })
    let guaranteed = index.gramLength + index.window - 1
    for start in 0...(content.count - guaranteed) {
      let stretch = Array(content[start..<(start + guaranteed)])
      let hits = FingerprintIndex.gramHashes(stretch, gramLength: index.gramLength).flatMap { index.postings(for: $0) }
      XCTAssertFalse(hits.isEmpty, "no fingerprint in \(String(scalarSlice: stretch))")
    }
  }

  func testPostingsCarryViewAndOriginalOffsets() throws {
    let doc = DuplicateLint.document("甲乙丙丁。\n推 进 城 乡 融 合 发 展，事关中国式现代化全局。", id: 0)
    let index = FingerprintIndex(documents: [doc], gramLength: 4, window: 1, originals: true)
    let gram = Array("推进城乡".unicodeScalars)
    let posting = try XCTUnwrap(index.postings(for: FingerprintIndex.gramHashes(gram, gramLength: 4)[0]).first)
    XCTAssertEqual(posting.document, 0)
    XCTAssertEqual(posting.contentOffset, 4)
    XCTAssertEqual(try XCTUnwrap(doc.text).string(try XCTUnwrap(posting.originalRange)), "推 进 城 乡")
    // The document's compact view places the gram in the view from its wording offset.
    let compact = try XCTUnwrap(doc.compactView)
    XCTAssertEqual(compact.viewIndex(ofWording: posting.contentOffset).map { compact[$0] }, "推")
    // An index built without originals (the corpus cache's) leaves them to the text.
    let plain = FingerprintIndex(documents: [doc], gramLength: 4, window: 1)
    let plainPosting = try XCTUnwrap(plain.postings(for: FingerprintIndex.gramHashes(gram, gramLength: 4)[0]).first)
    XCTAssertNil(plainPosting.originalRange)
    // Adding originals afterwards (as the reference pack does) gives the same postings as building with them.
    let added = plain.withOriginals(from: [doc])
    for hash in FingerprintIndex.gramHashes(Array(try XCTUnwrap(doc.view).scalars), gramLength: 4) {
      XCTAssertEqual(added.postings(for: hash), index.postings(for: hash))
    }
  }
}
