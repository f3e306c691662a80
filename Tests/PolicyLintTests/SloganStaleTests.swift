import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// `slogan/stale`: time-aware, history-aware, with successors, dates, sources and fixes.
final class SloganStaleTests: XCTestCase {
  func lint(_ text: String, date: String?) -> [Finding] {
    let draft = DraftDocument(
      path: "/memory/draft.txt", text: SourceText(text), explicitDate: date.flatMap(SimpleDate.init(iso:)))
    return Linter(corpus: .empty, checks: [SloganStaleCheck.self]).lint(draft, configuration: Configuration())
  }

  func testDiseaseNameIsCurrentInNovember2022AndStaleInMarch2023() {
    XCTAssertTrue(lint("做好新冠肺炎患者救治工作。", date: "2022-11-15").isEmpty)
    let findings = lint("做好新冠肺炎患者救治工作。", date: "2023-03-01")
    XCTAssertEqual(findings.count, 1)
    XCTAssertTrue(findings[0].message.contains("2022-12-26"), findings[0].message)
    XCTAssertTrue(findings[0].message.contains("来源"), findings[0].message)
    XCTAssertEqual(findings[0].fixes.first?.edits.first?.newText, "新冠病毒感染")
  }

  func testTheMessageSaysInChineseWhereTheDraftsDateCameFrom() {
    let findings = lint("关于做好春耕工作的通知\n（2023年3月1日）\n\n做好新冠肺炎患者救治工作。", date: nil)
    XCTAssertEqual(findings.count, 1)
    XCTAssertTrue(findings[0].message.contains("据文首日期「（2023年3月1日）」"), findings[0].message)
    XCTAssertFalse(findings[0].message.contains("dateline"), findings[0].message)
    XCTAssertEqual(SloganSupport.describe(dateSource: "adoption note “(2023年11月20日全会通过)”"), "据题注「（2023年11月20日全会通过）」")
    XCTAssertEqual(SloganSupport.describe(dateSource: "--date"), "据 --date 参数")
    XCTAssertTrue(lint("做好新冠肺炎患者救治工作。", date: "2023-03-01")[0].message.contains("据 --date 参数"))
  }

  func testHistoricalNarrationIsNotFlagged() {
    XCTAssertTrue(lint("2020年，新冠肺炎疫情突如其来，我们坚持“动态清零”。", date: "2023-06-01").isEmpty)
    XCTAssertTrue(lint("过去三年，我们科学精准做好疫情防控工作。", date: "2023-06-01").isEmpty)
    XCTAssertTrue(lint("原国家卫生和计划生育委员会的职责由国家卫生健康委员会承担。", date: "2023-06-01").isEmpty)
  }

  func testStudyListMustNameTheLatestPlenaryHeldBeforeTheDraft() {
    let list = "深入学习贯彻党的二十大和二十届一中、二中全会精神。"
    XCTAssertTrue(lint(list, date: "2023-12-26").isEmpty)
    let later = lint(list, date: "2024-09-01")
    XCTAssertEqual(later.count, 1)
    XCTAssertEqual(later.first?.fixes.first?.edits.first?.newText, "二十大和二十届一中、二中、三中全会精神")
    XCTAssertTrue(lint("深入学习贯彻党的二十大精神。", date: "2025-12-01").isEmpty, "the short form stays current")
  }

  func testDraftDateComesFromTheDatelineUnderATitleEndingInABracket() {
    let findings = lint("工作提示（内部稿）\n（2023年3月15日）\n\n做好新冠肺炎患者救治工作。", date: nil)
    XCTAssertEqual(findings.count, 1)
    XCTAssertTrue(findings.first?.message.contains("2023-03-15") ?? false, findings.first?.message ?? "")
    XCTAssertTrue(lint("工作提示（内部稿）\n（2022年11月15日）\n\n做好新冠肺炎患者救治工作。", date: nil).isEmpty)
  }

  func testADraftDated2022Using2022FormulationsIsClean() throws {
    let url = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/slogan-draft-2022.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    let draft = DraftDocument(path: url.path, text: SourceText(text))
    let checks: [any Check.Type] = [SloganStaleCheck.self, SloganVariantCheck.self, SloganMisquoteCheck.self]
    let findings = Linter(corpus: .empty, checks: checks).lint(draft, configuration: Configuration())
    XCTAssertEqual(findings.map { "\($0.code) \(draft.text.string($0.range))" }, [])

    // The same text a few months on is full of outdated formulations.
    let later = DraftDocument(
      path: url.path, text: SourceText(text), explicitDate: SimpleDate(year: 2023, month: 6, day: 1))
    let stale = Linter(corpus: .empty, checks: [SloganStaleCheck.self]).lint(later, configuration: Configuration())
    let flagged = Set(stale.map { later.text.string($0.range) })
    for expected in [
      "科学精准做好疫情防控工作", "动态清零", "疫情要防住、经济要稳住、发展要安全", "统筹疫情防控和经济社会发展", "新冠肺炎",
      "新型冠状病毒肺炎", "银保监局", "二十大和二十届一中全会精神",
    ] {
      XCTAssertTrue(flagged.contains(expected), "\(expected) not flagged in \(flagged)")
    }
  }
}
