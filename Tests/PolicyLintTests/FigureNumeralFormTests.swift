import PolicyLint
import PolicyText
import XCTest

/// `figure/numeral-form` is optional: off unless its own code is set to a severity under `rules`.
final class FigureNumeralFormTests: XCTestCase {
  let text = "会议定于二〇二三年12月28日召开，二0二三年度总结另行安排。"

  func codes(_ configuration: Configuration) -> [String] {
    let date = SimpleDate(iso: "2023-12-01")
    let draft = DraftDocument(path: "/memory/d.txt", text: SourceText(text), explicitDate: date)
    return Linter(corpus: .empty).lint(draft, configuration: configuration).map(\.code)
  }

  func testTheCheckIsOffByDefaultAndAFamilySettingDoesNotTurnItOn() {
    XCTAssertFalse(FigureNumeralFormCheck.description.enabledByDefault)
    XCTAssertFalse(codes(Configuration()).contains("figure/numeral-form"))
    var family = Configuration()
    family.rules["figure"] = .severity(.error)
    XCTAssertFalse(codes(family).contains("figure/numeral-form"))
    var all = Configuration()
    all.rules["*"] = .severity(.warning)
    XCTAssertFalse(codes(all).contains("figure/numeral-form"))
  }

  func testSettingItsCodeToASeverityTurnsItOn() {
    var on = Configuration()
    on.rules["figure/numeral-form"] = .severity(.information)
    let date = SimpleDate(iso: "2023-12-01")
    let draft = DraftDocument(path: "/memory/d.txt", text: SourceText(text), explicitDate: date)
    let found = Linter(corpus: .empty).lint(draft, configuration: on).filter { $0.code == "figure/numeral-form" }
    XCTAssertEqual(found.map { draft.text.string($0.range) }, ["二〇二三年12月28日", "二0二三"])
    XCTAssertEqual(found.map(\.severity), [.information, .information])
    XCTAssertEqual(found.last?.fixes.first?.edits.map(\.newText), ["〇"])
    XCTAssertTrue(on.isEnabled(FigureNumeralFormCheck.description))
    on.rules["figure/numeral-form"] = .off
    XCTAssertFalse(on.isEnabled(FigureNumeralFormCheck.description))
  }

  func testAChecksEnabledByDefaultStayOnUnlessTurnedOff() {
    var c = Configuration()
    XCTAssertTrue(c.isEnabled(FigureCountCheck.description))
    c.rules["figure"] = .off
    XCTAssertFalse(c.isEnabled(FigureCountCheck.description))
  }
}
