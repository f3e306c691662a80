import PolicyText
import XCTest

@testable import PolicyLint

/// `slogan/variant` and the formulation index it draws on.
final class SloganVariantTests: XCTestCase {
  func index(_ docs: [(String, String, Int)]) -> CorpusIndex {
    let documents = docs.enumerated().map { i, d in
      CorpusDocument.inMemory(d.0, name: "doc-\(i).txt", id: i, date: SimpleDate(iso: d.1) ?? SimpleDate(year: 2023, month: 1, day: 1), rank: d.2)
    }
    return CorpusIndex(documents: documents, origin: "test")
  }

  func lint(_ text: String, _ corpus: CorpusIndex, date: String = "2023-12-01", checks: [any Check.Type] = [SloganVariantCheck.self]) -> [Finding] {
    let draft = DraftDocument(path: "/memory/draft.txt", text: SourceText(text), explicitDate: SimpleDate(iso: date), corpus: corpus)
    return Linter(corpus: corpus, checks: checks).lint(draft, configuration: Configuration())
  }

  func testReprintAgainstOriginalIsRecordedAsDisputeTheOriginalWins() {
    let corpus = index([
      ("深化改革、防风险保安全、全面从严治党等重点工作。", "2023-11-20", 10),
      ("深化改革、防风险保安、全面从严治党等重点工作。", "2023-11-21", 1),
    ])
    let disputes = corpus.formulations.disputes
    XCTAssertEqual(disputes.map(\.weak), ["防风险保安"], "\(disputes)")
    XCTAssertEqual(disputes.map(\.strong), ["防风险保安全"])
    let findings = lint("加强民主法治、防风险保安、全面从严治党等工作。", corpus)
    XCTAssertEqual(findings.count, 1)
    XCTAssertTrue(findings.first?.message.contains("以前者为准") ?? false, findings.first?.message ?? "")
  }
}
