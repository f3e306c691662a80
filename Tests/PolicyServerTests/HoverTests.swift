import Foundation
import JSONRPC
import PolicyLint
@testable import PolicyServer
import PolicyText
import XCTest

/// `textDocument/hover` on figures: the parsed value, unit and subject, alone or with the findings there.
final class HoverTests: XCTestCase {
  let uri = "file:///tmp/policylint-hover/draft.md"

  private func hoverAt(_ client: TestClient, _ position: JSONValue, uri: String? = nil) async throws -> JSONValue {
    try await client.request(
      "textDocument/hover", ["textDocument": ["uri": .string(uri ?? self.uri)], "position": position]
    ).get()
  }

  func testHoverOnAFigureWithoutFindingsShowsItsValueUnitAndSubject() async throws {
    let doc = MarkedDocument("𠀀。全年新增学位8万1️⃣个，建成村卫生室1000个。")
    let client = TestClient()
    try await client.initialize(capabilities: ["textDocument": ["hover": ["contentFormat": ["markdown"]]]])
    client.open(uri, doc.text, language: "markdown")
    let diagnostics = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(diagnostics, [])
    let hover = try await hoverAt(client, doc.position("1"))
    let value = try XCTUnwrap(hover[path: "contents", "value"]?.stringValue)
    XCTAssertTrue(value.contains("**数字**“8万个”"), value)
    XCTAssertTrue(value.contains("数值：80000（整数）"), value)
    XCTAssertTrue(value.contains("单位：“个”"), value)
    XCTAssertTrue(value.contains("所指：“全年新增学位”"), value)
    XCTAssertFalse(value.contains("1000"), "only the figure under the cursor: \(value)")
    // `8万个` starts after the astral `𠀀` (two UTF-16 units) and seven more characters.
    XCTAssertEqual(hover["range"], ["start": ["line": 0, "character": 9], "end": ["line": 0, "character": 12]])
    let none = try await hoverAt(client, ["line": 0, "character": 4])
    XCTAssertEqual(none, .null, "no figure and no finding at 全")
    _ = try await client.shutdownAndExit()
  }

  func testFigureHoverCountsPositionsInTheNegotiatedEncodingAndHonoursPlainText() async throws {
    let doc = MarkedDocument("𠀀增长5.2%1️⃣。")
    let client = TestClient()
    try await client.initialize(capabilities: [
      "general": ["positionEncodings": ["utf-8"]], "textDocument": ["hover": ["contentFormat": ["plaintext"]]],
    ])
    client.open(uri, doc.text, language: "markdown")
    _ = try await client.diagnostics(uri, version: 1)
    // The mark sits right after `%`, the figure's end: hover just inside it, one byte back.
    let end = try XCTUnwrap(doc.position("1", .utf8)["character"]?.intValue)
    let hover = try await hoverAt(client, ["line": 0, "character": .int(end - 1)])
    XCTAssertEqual(hover[path: "contents", "kind"], "plaintext")
    let value = try XCTUnwrap(hover[path: "contents", "value"]?.stringValue)
    XCTAssertTrue(value.hasPrefix("数字“5.2%”\n数值：5.2%（百分比）"), value)
    XCTAssertFalse(value.contains("**"), value)
    // `𠀀` is 4 bytes and `增长` 6: the figure spans bytes 10..<14.
    XCTAssertEqual(hover["range"], ["start": ["line": 0, "character": 10], "end": ["line": 0, "character": 14]])
    _ = try await client.shutdownAndExit()
  }

  func testHoverOnAFlaggedFigureShowsTheFindingAndTheFigure() async throws {
    let doc = MarkedDocument("重点抓好两1️⃣个方面：一是抓好经济运行调度，二是抓好安全生产，三是抓好民生保障。")
    let client = TestClient(checks: [FigureCountCheck.self])
    try await client.initialize()
    client.open(uri, doc.text, language: "markdown")
    let diagnostics = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(diagnostics.map { $0["code"] }, ["figure/count"])
    let hover = try await hoverAt(client, doc.position("1"))
    let value = try XCTUnwrap(hover[path: "contents", "value"]?.stringValue)
    let message = try XCTUnwrap(diagnostics.first?["message"]?.stringValue)
    XCTAssertTrue(value.contains("**figure/count** \(message)"), value)
    XCTAssertTrue(value.contains("**数字**“两个”"), value)
    XCTAssertTrue(value.contains("数值：2（整数）"), value)
    let subject = try XCTUnwrap(FigureExtractor.figures(in: doc.text).first { $0.text == "两个" }?.subject)
    XCTAssertTrue(value.contains("所指：“\(subject)”"), value)
    // The finding comes first, then the figure, separated by a rule.
    let finding = try XCTUnwrap(value.range(of: "figure/count"))
    let figure = try XCTUnwrap(value.range(of: "**数字**"))
    XCTAssertLessThan(finding.lowerBound, figure.lowerBound)
    XCTAssertTrue(value.contains("\n\n---\n\n"), value)
    XCTAssertEqual(hover["range"], diagnostics.first?["range"])
    _ = try await client.shutdownAndExit()
  }

  func testHoverOnAFigureWithEvidenceShowsTheEvidenceAndTheFigure() async throws {
    let doc = MarkedDocument("我们将新增学位8万个，建成村卫生室1000个。到年底，全市新增6万1️⃣个学位。")
    let client = TestClient(checks: [FigureMismatchCheck.self])
    try await client.initialize()
    client.open(uri, doc.text, language: "markdown")
    let diagnostics = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(diagnostics.map { $0["code"] }, ["figure/mismatch"])
    let related = try XCTUnwrap(diagnostics.first?["relatedInformation"]?.arrayValue?.first?["message"]?.stringValue)
    let hover = try await hoverAt(client, doc.position("1"))
    let value = try XCTUnwrap(hover[path: "contents", "value"]?.stringValue)
    XCTAssertTrue(value.contains("证据："), value)
    XCTAssertTrue(value.contains(related), value)
    XCTAssertTrue(value.contains("「8万个」"), "the evidence quotes the earlier figure: \(value)")
    XCTAssertTrue(value.contains("**数字**“6万个”"), value)
    XCTAssertTrue(value.contains("数值：60000（整数）"), value)
    _ = try await client.shutdownAndExit()
  }

  func testFiguresAreNotReadInDocumentsOfOtherLanguages() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "全年新增学位8万个。", language: "python")
    _ = try await client.diagnostics(uri, version: 1)
    let hover = try await hoverAt(client, ["line": 0, "character": 7])
    XCTAssertEqual(hover, .null)
    _ = try await client.shutdownAndExit()
  }
}

/// The plain-text hover and the value forms of figure kinds.
final class FigureHoverTextTests: XCTestCase {
  func testEachKindOfFigureReadsInItsOwnTerms() {
    let cases: [(text: String, figure: String, expected: String)] = [
      ("会议于2023年11月20日举行。", "2023年11月20日", "数值：2023年11月20日（日期）"),
      ("12月27日至28日在北京举行。", "12月27日至28日", "数值：12月27日至28日（日期）"),
      ("每个村派驻3至5名干部。", "3至5名", "数值：3–5（范围）"),
      ("男女比例为1.77∶1。", "1.77∶1", "数值：1.77:1（比例）"),
      ("占三分之一以上。", "三分之一", "数值：1/3（≈0.3333）（分数）"),
      ("全面完成“十四五”规划目标。", "十四五", "数值：第14个五年规划（2021–2025年）（五年规划）"),
      ("共有100多个项目。", "100多个", "数值：100（整数，约数）"),
    ]
    for c in cases {
      guard let figure = FigureExtractor.figures(in: c.text).first(where: { $0.text == c.figure }) else {
        XCTFail("no figure “\(c.figure)” in \(c.text)")
        continue
      }
      let described = FigureHover.describe(figure, markdown: false)
      XCTAssertTrue(described.contains(c.expected), described)
    }
    let plan = FigureExtractor.figures(in: "“十四五”").first.map { FigureHover.describe($0, markdown: false) } ?? ""
    XCTAssertFalse(plan.contains("单位"), "a plan's 五 is no unit: \(plan)")
  }
}
