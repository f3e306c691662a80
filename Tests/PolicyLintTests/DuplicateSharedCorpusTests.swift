import Foundation
import PolicyLint
import PolicyText
import XCTest

/// The shared corpus, loaded once for the duplicate tests that need it (skipped when `../shared` is absent).
enum SharedCorpus {
  static let duplicateChecks: [any Check.Type] = [DoubledPhraseCheck.self, CorpusReuseCheck.self, RepeatedSentenceCheck.self]

  static func index(manifest: Bool = true) throws -> CorpusIndex {
    try SharedData.require()
    return try CorpusProvider.load(
      directory: SharedData.corpus.path, manifest: manifest ? SharedData.manifest.path : nil
    ).index
  }

  /// Lints a file as `policylint check` does: by its resolved path, so a corpus file is recognised.
  static func lint(_ url: URL, index: CorpusIndex, text: String? = nil) throws -> (String, [Finding]) {
    let string = try text ?? String(contentsOf: url, encoding: .utf8)
    let draft = DraftDocument(path: URLPath.resolve(url.path), text: SourceText(string), corpus: index)
    return (string, Linter(corpus: index, checks: duplicateChecks).lint(draft, configuration: Configuration()))
  }
}

final class DuplicateSharedCorpusTests: XCTestCase {
  func reprintFindings(manifest: Bool) throws -> (String, [Finding], CorpusIndex) {
    let index = try SharedCorpus.index(manifest: manifest)
    let (text, findings) = try SharedCorpus.lint(try SharedData.corpusFile("001_"), index: index)
    return (text, findings, index)
  }

  func assertReprintFindings(manifest: Bool) throws {
    let (text, findings, index) = try reprintFindings(manifest: manifest)
    let doubled = findings.filter { $0.code == "duplicate/doubled" }
    XCTAssertEqual(doubled.map { DuplicateLint.slice(text, $0.range) }, ["社会主义思想"])
    let reuse = findings.filter { $0.code == "duplicate/reuse" }
    let original = try XCTUnwrap(index.documents.first { $0.info.name.hasPrefix("000_") })
    let longest = try XCTUnwrap(reuse.max { $0.range.count < $1.range.count })
    XCTAssertGreaterThan(longest.range.count, 2500, "the communiqué is one passage")
    guard case .corpus(let id, _) = longest.related.first?.location else { return XCTFail("no corpus evidence") }
    XCTAssertEqual(id, original.id)
    // Cited by the article the passage is in (`CorpusDocument.citation(at:)`): without a manifest, the
    // communiqué's headline on the page, not the page's first headline.
    guard case .corpus(_, let at)? = longest.related.first?.location else { return XCTFail("no corpus range") }
    XCTAssertTrue(longest.message.contains(original.citation(at: at.lowerBound)), longest.message)
    if !manifest {
      XCTAssertTrue(longest.message.contains("《中国共产党四川省第十二届委员会第四次全体会议公报》"), longest.message)
    }
    let own = try XCTUnwrap(index.documents.first { $0.info.name.hasPrefix("001_") })
    for f in findings {
      for e in f.related {
        if case .corpus(let id, _) = e.location { XCTAssertNotEqual(id, own.id, "the reprint cited itself") }
      }
    }
  }

  func testReprintReportsTheDoubledPhraseAndReuseOfTheOriginal() throws {
    try assertReprintFindings(manifest: true)
  }

  func testReprintFindingsHoldWithoutAManifest() throws {
    try assertReprintFindings(manifest: false)
  }

  func testControlSampleHasNoDuplicateWarning() throws {
    let index = try SharedCorpus.index()
    let (_, findings) = try SharedCorpus.lint(SharedData.samples.appendingPathComponent("s2_control_2023.txt"), index: index)
    XCTAssertEqual(findings.filter { $0.severity >= .warning }.map(\.message), [])
  }

  func testMarkedDuplicatesInTheSamplesAreFound() throws {
    let index = try SharedCorpus.index()
    let names = try FileManager.default.contentsOfDirectory(atPath: SharedData.samples.path).filter { $0.hasSuffix(".txt") }
    var marks = 0
    for name in names.sorted() {
      let url = SharedData.samples.appendingPathComponent(name)
      let marked = MarkedText(try String(contentsOf: url, encoding: .utf8), familyPrefixes: true)
      let (_, findings) = try SharedCorpus.lint(url, index: index, text: marked.text)
      let lines = SourceText(marked.text).lines
      for (mark, family) in zip(marked.marks, marked.families) where family?.split(separator: "|").contains("dup") ?? false {
        marks += 1
        let lo = lines.codeUnitOffset(ofScalarIndex: mark.lowerBound, in: .utf16)
        let hi = lines.codeUnitOffset(ofScalarIndex: mark.upperBound, in: .utf16)
        let hit = findings.contains { f in
          let a = lines.codeUnitOffset(ofScalarIndex: f.range.lowerBound, in: .utf16)
          let b = lines.codeUnitOffset(ofScalarIndex: f.range.upperBound, in: .utf16)
          return f.family == "duplicate" && f.severity >= .warning && a <= hi + 8 && b >= lo - 8
        }
        XCTAssertTrue(hit, "\(name): dup mark at \(mark) not found")
      }
    }
    XCTAssertGreaterThan(marks, 0)
  }

  /// Each corpus document checked against the rest: every duplicate warning is a real repeat in that text
  /// (001 doubles a phrase and repeats its headline block and caption; 000 repeats its headline blocks, which
  /// quote the communiqué, at the end of the page). Legitimate documents (002–004) raise none.
  func testCorpusDocumentsRaiseOnlyRealDuplicateWarnings() throws {
    let index = try SharedCorpus.index()
    var counts: [String: [String]] = [:]
    for doc in index.documents {
      let (text, findings) = try SharedCorpus.lint(URL(fileURLWithPath: doc.info.path), index: index)
      counts[String(doc.info.name.prefix(3))] = findings.filter { $0.severity >= .warning }.map {
        "\($0.code) \(DuplicateLint.slice(text, $0.range).prefix(12))"
      }.sorted()
    }
    XCTAssertEqual(
      counts["000"],
      ["duplicate/sentence 中国共产党四川省第十二届", "duplicate/sentence 全会坚持以习近平新时代中", "duplicate/sentence 省委书记王晓晖作了讲话。"])
    XCTAssertEqual(
      counts["001"],
      [
        "duplicate/doubled 社会主义思想", "duplicate/sentence 中国共产党四川省第十二届", "duplicate/sentence 中国共产党四川省第十二届",
        "duplicate/sentence 全会坚持以习近平新时代中", "duplicate/sentence 王晓晖就《决定(讨论稿)", "duplicate/sentence 省委书记王晓晖作了讲话。",
      ])
    XCTAssertEqual(counts["002"], [])
    XCTAssertEqual(counts["003"], [])
    XCTAssertEqual(counts["004"], [])
  }
}
