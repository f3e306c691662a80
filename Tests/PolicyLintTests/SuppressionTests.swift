import PolicyLint
import PolicyText
import XCTest

/// A check for these tests: flags every 甲乙 as `slogan/marker` and every 丙丁 as `duplicate/marker`.
struct MarkerCheck: Check {
  static let description = CheckDescription(
    code: "slogan/marker", name: "Test marker", defaultSeverity: .warning, rationale: "测试用。",
    alsoEmits: ["duplicate/marker"], triggering: [CheckExample("⟦甲乙⟧")], nonTriggering: [CheckExample("甲丙")])

  func run(_ context: CheckContext) -> [Finding] {
    let s = context.draft.text.scalars
    var result: [Finding] = []
    var i = 0
    while i + 1 < s.count {
      if s[i] == "甲" && s[i + 1] == "乙" {
        result.append(Finding(code: "slogan/marker", severity: .warning, range: i..<(i + 2), message: "甲乙"))
      } else if s[i] == "丙" && s[i + 1] == "丁" {
        result.append(Finding(code: "duplicate/marker", severity: .warning, range: i..<(i + 2), message: "丙丁"))
      }
      i += 1
    }
    return result
  }
}

final class SuppressionTests: XCTestCase {
  /// Lints `text` with the marker check and returns (line, code) of each finding left.
  func lint(_ text: String, configuration: Configuration = Configuration()) -> [String] {
    let source = SourceText(text)
    let draft = DraftDocument(path: "/memory/d.md", text: source, explicitDate: SimpleDate(year: 2023, month: 12, day: 1))
    return Linter(corpus: .empty, checks: [MarkerCheck.self]).lint(draft, configuration: configuration).map {
      "\(source.lines.line(containing: $0.range.lowerBound)):\($0.code)"
    }
  }

  func testNothingIsSuppressedWithoutComments() {
    XCTAssertEqual(lint("甲乙\n丙丁"), ["0:slogan/marker", "1:duplicate/marker"])
  }

  func testDisableNextLineInAMarkdownCommentSilencesEveryRuleOnTheNextLineOnly() {
    XCTAssertEqual(lint("<!-- policylint-disable-next-line -->\n甲乙丙丁\n甲乙"), ["2:slogan/marker"])
  }

  func testDisableNextLineWithACodeSilencesOnlyThatCode() {
    XCTAssertEqual(lint("<!-- policylint-disable-next-line slogan/marker -->\n甲乙丙丁"), ["1:duplicate/marker"])
    XCTAssertEqual(lint("<!-- policylint-disable-next-line duplicate -->\n甲乙丙丁"), ["1:slogan/marker"])
    XCTAssertEqual(lint("<!-- policylint-disable-next-line duplicate/*, slogan/ -->\n甲乙丙丁"), [])
  }

  func testBareDirectiveLinesWorkInPlainText() {
    XCTAssertEqual(lint("policylint-disable-next-line\n甲乙\n丙丁"), ["2:duplicate/marker"])
    XCTAssertEqual(lint("甲乙 policylint-disable-line\n丙丁"), ["1:duplicate/marker"])
  }

  func testRegionsOpenAndCloseByCode() {
    let text = "<!-- policylint-disable duplicate -->\n丙丁甲乙\n<!-- policylint-enable duplicate -->\n丙丁"
    XCTAssertEqual(lint(text), ["1:slogan/marker", "3:duplicate/marker"])
    // Enabling one code does not end a region that disabled every rule.
    let all = "<!-- policylint-disable -->\n丙丁\n<!-- policylint-enable slogan/marker -->\n甲乙\n<!-- policylint-enable -->\n甲乙"
    XCTAssertEqual(lint(all), ["5:slogan/marker"])
  }

  func testDisableFileAnywhereSilencesTheWholeFile() {
    XCTAssertEqual(lint("甲乙丙丁\n丙丁\n<!-- policylint-disable-file duplicate/marker -->"), ["0:slogan/marker"])
  }

  func testWordsAfterDoubleDashAreAReasonNotCodes() {
    XCTAssertEqual(lint("<!-- policylint-disable-next-line slogan -- 引用原文，保持原样 -->\n甲乙丙丁"), ["1:duplicate/marker"])
    XCTAssertEqual(lint("<!-- policylint-disable-next-line -- 引用原文 -->\n甲乙丙丁"), [])
  }

  func testConfigurationTurnsRulesOffAndChangesSeverity() {
    var config = Configuration()
    config.rules["slogan"] = .off
    config.rules["duplicate/marker"] = .severity(.error)
    let source = SourceText("甲乙丙丁")
    let draft = DraftDocument(path: "/memory/d.txt", text: source)
    let findings = Linter(corpus: .empty, checks: [MarkerCheck.self]).lint(draft, configuration: config)
    XCTAssertEqual(findings.map(\.code), ["duplicate/marker"])
    XCTAssertEqual(findings.first?.severity, .error)
  }

  func testSuppressionCommentsDoNotReachTheMatchingView() {
    let draft = DraftDocument(path: "/memory/d.md", text: SourceText("<!-- policylint-disable-file -->\n全会指出。"))
    XCTAssertEqual(draft.view.string(0..<draft.view.count), "全会指出。")
  }
}
