import Foundation
import PolicyLint
import PolicyReporters
import PolicyText
import XCTest

/// A check defined by the tests, so the renderings can be tested with findings whatever checks are built in.
struct DemoCheck: Check {
  static let description = CheckDescription(
    code: "slogan/demo", name: "Demo formulation", defaultSeverity: .warning,
    rationale: "用于测试的规则：标出“稳中求进”。", alsoEmits: ["slogan/demo-extra"],
    triggering: [CheckExample("坚持⟦稳中求进⟧。")], nonTriggering: [CheckExample("坚持稳中向好。")])
  func run(_ context: CheckContext) -> [Finding] { [] }
}

final class ReporterFormatTests: XCTestCase {
  // Line 2 starts with an astral character; the flagged 稳中求进 is at scalar columns 7..<11, UTF-16 8..<12.
  let text = SourceText("标题\n𠀀全会，要坚持稳中求进。\n")
  var range: Range<Int> { 10..<14 }

  func corpus() -> CorpusIndex {
    let doc = CorpusDocument.inMemory("全会要求，坚持稳中求进工作总基调。", name: "ref.txt", id: 0, date: SimpleDate(year: 2023, month: 11, day: 20))
    return CorpusIndex(documents: [doc], origin: "test")
  }

  func report(severity: Severity = .warning) -> FileReport {
    let finding = Finding(
      code: "slogan/demo", severity: severity, range: range, message: "提法“稳中求进”应为“稳中求进工作总基调”。",
      related: [
        Evidence(location: .corpus(document: 0, range: 5..<16), message: "来源：《ref》（2023-11-20）"),
        Evidence(location: .draft(0..<2), message: "标题"),
        Evidence(location: .document(0), message: "参考包：《ref》"),
      ],
      fixes: [Fix(title: "改为“稳中求进工作总基调”", edits: [TextEdit(range: range, newText: "稳中求进工作总基调")])],
      detail: "**来源**：《ref》")
    return FileReport(path: "drafts/d.txt", uri: "file:///work/drafts/d.txt", text: text, findings: [finding])
  }

  func testTextFormatHasPathLineColumnSourceLineAndCaretsAlignedForWideCharacters() {
    let out = TextReporter.render([report()], context: ReportContext(corpus: corpus()))
    let lines = out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    XCTAssertEqual(lines[0], "drafts/d.txt:2:8: warning: 提法“稳中求进”应为“稳中求进工作总基调”。 [slogan/demo]")
    XCTAssertEqual(lines[1], "  𠀀全会，要坚持稳中求进。")
    // 𠀀全会，要坚持 is seven wide characters (14 columns); 稳中求进 is four (8 columns).
    XCTAssertEqual(lines[2], "  " + String(repeating: " ", count: 14) + String(repeating: "^", count: 8))
    XCTAssertTrue(out.contains("  = 来源：《ref》（2023-11-20） (/memory/ref.txt:1:6)"), out)
    XCTAssertTrue(out.contains("  = 建议：改为“稳中求进工作总基调”"), out)
    XCTAssertTrue(out.contains("1 file checked: 0 errors, 1 warnings"), out)
  }

  func testTextFormatColoursOnlyWhenAsked() {
    XCTAssertFalse(TextReporter.render([report()], context: ReportContext(corpus: corpus())).contains("\u{1B}["))
    XCTAssertTrue(TextReporter.render([report()], context: ReportContext(corpus: corpus(), color: true)).contains("\u{1B}[1;33m"))
  }

  func testGitHubFormatIsAWorkflowCommandWithOneBasedPositions() {
    let out = GitHubReporter.render([report()], context: ReportContext(corpus: corpus(), errors: [("x,y.txt", "no such file\nor directory")]))
    let lines = out.split(separator: "\n").map(String.init)
    XCTAssertEqual(
      lines[0],
      "::warning file=drafts/d.txt,line=2,col=8,endLine=2,endColumn=12,title=policylint slogan/demo::提法“稳中求进”应为“稳中求进工作总基调”。")
    XCTAssertEqual(lines[1], "::error file=x%2Cy.txt,title=policylint::no such file%0Aor directory")
    let error = GitHubReporter.render([report(severity: .error)], context: ReportContext(corpus: corpus()))
    XCTAssertTrue(error.hasPrefix("::error "))
    let info = GitHubReporter.render([report(severity: .information)], context: ReportContext(corpus: corpus()))
    XCTAssertTrue(info.hasPrefix("::notice "))
  }

  func testJSONFormatCarriesLSPDiagnosticsInUTF16() throws {
    let out = JSONReporter.render([report()], context: ReportContext(corpus: corpus(), errors: [("gone.txt", "no such file or directory")]))
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    XCTAssertEqual(object["version"] as? String, PolicyLintVersion.string)
    let file = try XCTUnwrap((object["files"] as? [[String: Any]])?.first)
    XCTAssertEqual(file["path"] as? String, "drafts/d.txt")
    let d = try XCTUnwrap((file["diagnostics"] as? [[String: Any]])?.first)
    let r = d["range"] as? [String: [String: Int]]
    XCTAssertEqual(r?["start"], ["line": 1, "character": 8])
    XCTAssertEqual(r?["end"], ["line": 1, "character": 12])
    XCTAssertEqual(d["severity"] as? Int, 2)
    XCTAssertEqual(d["code"] as? String, "slogan/demo")
    XCTAssertEqual(d["source"] as? String, "policylint")
    let related = d["relatedInformation"] as? [[String: Any]]
    XCTAssertEqual(related?.count, 2, "evidence without a place goes to data.evidence")
    XCTAssertEqual((related?.first?["location"] as? [String: Any])?["uri"] as? String, "file:///memory/ref.txt")
    let data = d["data"] as? [String: Any]
    XCTAssertEqual(data?["evidence"] as? [String], ["参考包：《ref》"])
    XCTAssertEqual(((data?["fixes"] as? [[String: Any]])?.first?["edits"] as? [[String: Any]])?.first?["newText"] as? String, "稳中求进工作总基调")
    XCTAssertEqual((object["errors"] as? [[String: String]])?.first, ["path": "gone.txt", "message": "no such file or directory"])
    try SchemaValidator.assertValid(out, schema: Paths.checkOutputSchema)
  }

  func testSARIFCarriesRuleDescriptionsAndUTF16Regions() throws {
    let out = SARIFReporter.render([report()], context: ReportContext(corpus: corpus()), checks: [DemoCheck.self])
    let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
    let driver = (run["tool"] as? [String: Any])?["driver"] as? [String: Any]
    let rules = try XCTUnwrap(driver?["rules"] as? [[String: Any]])
    XCTAssertEqual(rules.map { $0["id"] as? String }, ["slogan/demo", "slogan/demo-extra"])
    XCTAssertEqual((rules[0]["fullDescription"] as? [String: String])?["text"], DemoCheck.description.rationale)
    XCTAssertEqual((rules[0]["shortDescription"] as? [String: String])?["text"], "Demo formulation")
    let result = try XCTUnwrap((run["results"] as? [[String: Any]])?.first)
    XCTAssertEqual(result["ruleIndex"] as? Int, 0)
    XCTAssertEqual(result["level"] as? String, "warning")
    let region = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Int]
    XCTAssertEqual(region, ["startLine": 2, "startColumn": 9, "endLine": 2, "endColumn": 13])
    XCTAssertEqual(run["columnKind"] as? String, "utf16CodeUnits")
    try SchemaValidator.assertValid(out, schema: Paths.sarifSchema)
  }

  func testEveryBuiltInRuleHasASARIFDescriptor() throws {
    let out = SARIFReporter.render([], context: ReportContext(corpus: .empty))
    let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
    let run = (log["runs"] as? [[String: Any]])?.first
    let rules = ((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
    // A code two checks report (`figure/mismatch` from figure/mismatch and slogan/misquote) is one rule.
    var seen = Set<String>()
    let codes = builtInChecks.flatMap { [$0.description.code] + $0.description.alsoEmits }.filter { seen.insert($0).inserted }
    XCTAssertEqual(rules.compactMap { $0["id"] as? String }, codes)
    for rule in rules {
      XCTAssertFalse(((rule["fullDescription"] as? [String: String])?["text"] ?? "").isEmpty, "\(rule["id"] ?? "")")
    }
  }

  func testDisplayWidthCountsWideCharactersAsTwoColumns() {
    XCTAssertEqual(DisplayWidth.of("a全，𠀀😀".unicodeScalars), 1 + 2 + 2 + 2 + 2)
    XCTAssertEqual(DisplayWidth.of("\u{301}".unicodeScalars), 0)
  }
}
