import PolicyText
import XCTest

@testable import PolicyLint

/// `slogan/variant` and the formulation index it draws on.
final class SloganVariantTests: XCTestCase {
  func index(_ docs: [(String, String, Int)]) -> CorpusIndex {
    let documents = docs.enumerated().map { i, d in
      CorpusDocument.inMemory(
        d.0, name: "doc-\(i).txt", id: i, date: SimpleDate(iso: d.1) ?? SimpleDate(year: 2023, month: 1, day: 1),
        rank: d.2)
    }
    return CorpusIndex(documents: documents, origin: "test")
  }

  func lint(
    _ text: String, _ corpus: CorpusIndex, date: String = "2023-12-01",
    checks: [any Check.Type] = [SloganVariantCheck.self]
  ) -> [Finding] {
    let draft = DraftDocument(
      path: "/memory/draft.txt", text: SourceText(text), explicitDate: SimpleDate(iso: date), corpus: corpus)
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

extension SloganVariantTests {
  func testChangedMissingSwappedAndAddedListMembers() {
    let corpus = index([("坚持“讲政治、抓发展、惠民生、保安全”工作总思路，以“四化同步、城乡融合、五区共兴”为总抓手。", "2022-11-29", 10)])
    let cases: [(String, String)] = [
      ("深入实施“四化同步、城乡一体、五区共兴”发展战略。", "四化同步、城乡一体、五区共兴"),
      ("坚持讲政治、抓发展、保安全工作总思路。", "讲政治、抓发展、保安全"),
      ("坚持“抓发展、讲政治、惠民生、保安全”。", "抓发展、讲政治、惠民生、保安全"),
      ("坚持“讲政治、抓发展、惠民生、保安”工作总思路。", "讲政治、抓发展、惠民生、保安"),
      ("坚持“讲政治、抓发展、促改革、惠民生、保安全”。", "讲政治、抓发展、促改革、惠民生、保安全"),
    ]
    for (text, flagged) in cases {
      let findings = lint(text, corpus)
      XCTAssertEqual(findings.map { SourceText(text).string($0.range) }, [flagged], text)
      XCTAssertFalse(findings.first?.fixes.isEmpty ?? true, text)
      XCTAssertTrue(
        findings.first?.message.contains("2022-11-29") ?? false,
        "evidence dates missing: \(findings.first?.message ?? "")")
    }
  }

  func testWordSwapsAcrossMembersAreFoundAndWholeMemberSwapsAreLeftToOrder() {
    func c(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    XCTAssertTrue(CanonicalSet.isWordSwap(c("重点在乡村、难点在县域"), c("重点在县域、难点在乡村")))
    XCTAssertTrue(CanonicalSet.isWordSwap(c("抓好中间、畅通两端"), c("抓好两端、畅通中间")))
    // Whole members reordered, an equal text, a changed character: no word swap.
    XCTAssertFalse(CanonicalSet.isWordSwap(c("难点在乡村、重点在县域"), c("重点在县域、难点在乡村")))
    XCTAssertFalse(CanonicalSet.isWordSwap(c("重点在县域、难点在乡村"), c("重点在县域、难点在乡村")))
    XCTAssertFalse(CanonicalSet.isWordSwap(c("重点在县城、难点在乡村"), c("重点在县域、难点在乡村")))
    XCTAssertEqual(CanonicalSet.anagramKey(c("乙、甲")), CanonicalSet.anagramKey(c("甲乙")))
  }

  func testPartialMentionsAndOtherListsAreNotVariants() {
    let corpus = index([("坚持“讲政治、抓发展、惠民生、保安全”工作总思路。", "2022-11-29", 10)])
    for text in ["要讲政治、顾大局。", "抓发展、保安全两手都要硬。", "坚持讲政治、抓发展、惠民生、保安全。", "统筹发展和安全。"] {
      XCTAssertTrue(lint(text, corpus).isEmpty, text)
    }
  }

  func testFormulationIndexKeepsEvidenceAndSurvivesThePackWithoutTexts() throws {
    let corpus = index([
      ("以“四化同步、城乡融合、五区共兴”为总抓手，着力写好“四个融合”大文章。促进要素融合，促进产业融合，促进设施融合，促进治理融合。", "2023-11-20", 10),
      ("深入实施“四化同步、城乡融合、五区共兴”发展战略。", "2022-11-29", 10),
    ])
    let f = try XCTUnwrap(corpus.formulations.formulations.first { $0.text == "四化同步、城乡融合、五区共兴" })
    XCTAssertEqual(f.kind, .list)
    XCTAssertEqual(corpus.formulations.firstUse(of: f), SimpleDate(year: 2022, month: 11, day: 29))
    XCTAssertEqual(corpus.formulations.lastUse(of: f), SimpleDate(year: 2023, month: 11, day: 20))
    let numbered = try XCTUnwrap(corpus.formulations.formulations.first { $0.text == "四个融合" })
    XCTAssertEqual(numbered.members, ["要素融合", "产业融合", "设施融合", "治理融合"])

    let pack = ReferencePack(index: corpus, generatedFrom: "test")
    let decoded = try JSONDecoder().decode(ReferencePack.self, from: try pack.encoded())
    let textless = decoded.index
    XCTAssertEqual(textless.formulations.formulations.count, corpus.formulations.formulations.count)
    XCTAssertEqual(textless.formulations.sentences.count, 0)
    let findings = lint("深入实施“四化同步、城乡统筹、五区共兴”发展战略。", textless)
    XCTAssertEqual(findings.count, 1)
    XCTAssertTrue(
      findings[0].related.allSatisfy { if case .document = $0.location { return true } else { return false } })
  }
}
