import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// The slogan checks on `../shared`: the marked samples, the reprint `001` against its original, and every
/// corpus document against the rest. Skipped when `../shared` is absent.
final class SloganSharedCorpusTests: XCTestCase {
  static let checks: [any Check.Type] = [SloganMisquoteCheck.self, SloganStaleCheck.self, SloganVariantCheck.self]

  func corpus(manifest: Bool) throws -> CorpusIndex {
    try SharedData.require()
    let loaded = try CorpusLoader.load(
      directory: SharedData.corpus.path, manifest: manifest ? SharedData.manifest.path : nil)
    return CorpusIndex(documents: loaded.documents, origin: SharedData.corpus.path)
  }

  func lint(_ path: String, _ text: String, _ corpus: CorpusIndex) -> [Finding] {
    let data = Data(text.utf8)
    let draft = DraftDocument(path: path, text: SourceText(text), corpus: corpus, contentHash: FNV1a.hash(data))
    return Linter(corpus: corpus, checks: Self.checks).lint(draft, configuration: Configuration())
  }

  func testEverySloganMarkInTheSamplesIsFoundAndNoneOnTheControl() throws {
    let corpus = try corpus(manifest: true)
    let names = try FileManager.default.contentsOfDirectory(atPath: SharedData.samples.path).filter {
      $0.hasSuffix(".txt")
    }.sorted()
    XCTAssertFalse(names.isEmpty)
    for name in names {
      let marked = MarkedText(
        try String(contentsOf: SharedData.samples.appendingPathComponent(name), encoding: .utf8), familyPrefixes: true)
      let findings = lint("/samples/" + name, marked.text, corpus).filter {
        $0.severity <= .warning || $0.severity == .error
      }
      let utf16 = Array(marked.text.unicodeScalars).map { $0.value > 0xFFFF ? 2 : 1 }
      func offset(_ i: Int) -> Int { utf16[0..<min(i, utf16.count)].reduce(0, +) }
      for (mark, family) in zip(marked.marks, marked.families) {
        let families = (family ?? "").split(separator: "|").map(String.init)
        guard families.contains("var") || families.contains("stale") else { continue }
        XCTAssertTrue(
          findings.contains {
            $0.family == "slogan" && offset($0.range.lowerBound) <= offset(mark.upperBound) + 8
              && offset($0.range.upperBound) >= offset(mark.lowerBound) - 8
          }, "\(name): mark \(family ?? "") «\(SourceText(marked.text).string(mark))» not found")
      }
      if marked.marks.isEmpty {
        XCTAssertEqual(findings.map(\.message), [], "\(name) is a control")
      }
      // No slogan warning away from a mark.
      for f in findings where f.family == "slogan" {
        XCTAssertTrue(
          marked.marks.contains {
            offset(f.range.lowerBound) <= offset($0.upperBound) + 8
              && offset(f.range.upperBound) >= offset($0.lowerBound) - 8
          },
          "\(name): unmatched \(f.code) «\(SourceText(marked.text).string(f.range))» \(f.message)")
      }
    }
  }

  func testReprintIsCheckedAgainstItsOriginalWithAndWithoutManifest() throws {
    for manifest in [true, false] {
      let corpus = try corpus(manifest: manifest)
      let url = try SharedData.corpusFile("001_")
      let text = try String(contentsOf: url, encoding: .utf8)
      let draft = DraftDocument(path: url.path, text: SourceText(text), corpus: corpus)
      XCTAssertNotNil(draft.corpusDocumentID)
      let findings = Linter(corpus: corpus, checks: Self.checks).lint(draft, configuration: Configuration())
      let flagged = findings.map { draft.text.string($0.range) + "|" + $0.message }
      for garble in ["风险保安", "逐", "提质增效", "人才乡", "均衡配置"] {
        XCTAssertTrue(
          flagged.contains { $0.contains(garble) }, "manifest \(manifest): \(garble) not reported in \(flagged)")
      }
      XCTAssertTrue(findings.allSatisfy { !$0.fixes.isEmpty })
    }
  }

  func testOtherCorpusDocumentsCheckedAgainstTheRestStayQuiet() throws {
    let corpus = try corpus(manifest: true)
    for prefix in ["000_", "002_", "004_"] {
      let url = try SharedData.corpusFile(prefix)
      let text = try String(contentsOf: url, encoding: .utf8)
      let draft = DraftDocument(path: url.path, text: SourceText(text), corpus: corpus)
      let findings = Linter(corpus: corpus, checks: Self.checks).lint(draft, configuration: Configuration())
      XCTAssertEqual(findings.map { "\($0.code) «\(draft.text.string($0.range))» \($0.message)" }, [], prefix)
    }
  }

  func testADraftDated2022Using2022FormulationsIsCleanAgainstTheCorpus() throws {
    let corpus = try corpus(manifest: true)
    let url = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/slogan-draft-2022.txt")
    let findings = lint(url.path, try String(contentsOf: url, encoding: .utf8), corpus)
    XCTAssertEqual(findings.map(\.message), [])
  }

  func testBuiltInPackFromTheSharedCorpusStillFindsTheSampleSlogans() throws {
    let corpus = try corpus(manifest: true)
    let pack = try JSONDecoder().decode(
      ReferencePack.self, from: try ReferencePack(index: corpus, generatedFrom: "test").encoded())
    let marked = MarkedText(
      try String(contentsOf: SharedData.samples.appendingPathComponent("s1_plenary_brief.txt"), encoding: .utf8),
      familyPrefixes: true)
    let findings = lint("/samples/s1.txt", marked.text, pack.index).filter { $0.family == "slogan" }
    XCTAssertEqual(Set(findings.map(\.code)), ["slogan/variant", "slogan/stale"])
  }
}
