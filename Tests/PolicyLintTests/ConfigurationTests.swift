import Foundation
import PolicyLint
import XCTest

final class ConfigurationTests: XCTestCase {
  func parse(_ json: String, base: String? = "/work/project") throws -> (Configuration, [ConfigurationIssue]) {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    return Configuration.parse(object, source: "test.json", baseDirectory: base)
  }

  func testEveryKeyIsReadAndRelativePathsResolveAgainstTheFile() throws {
    let (c, issues) = try parse(
      #"{"corpus": "refs", "manifest": "/abs/m.json", "date": "2023-12-28", "registry": "../slogans.json", "languages": ["plaintext", "markdown"], "rules": {"slogan": "off", "duplicate": "error", "figure": {"severity": "info"}, "*": "hint"}}"#)
    XCTAssertEqual(issues, [])
    XCTAssertEqual(c.corpus, "/work/project/refs")
    XCTAssertEqual(c.manifest, "/abs/m.json")
    XCTAssertEqual(c.date, SimpleDate(year: 2023, month: 12, day: 28))
    XCTAssertEqual(c.registry, "/work/slogans.json")
    XCTAssertEqual(c.languages, ["plaintext", "markdown"])
    XCTAssertEqual(c.setting(for: "slogan/anything"), .off)
    XCTAssertEqual(c.setting(for: "duplicate/x"), .severity(.error))
    XCTAssertEqual(c.setting(for: "figure/x"), .severity(.information))
  }

  func testSettingPrefersTheCodeThenTheFamilyThenTheWildcard() {
    var c = Configuration()
    c.rules["*"] = .off
    c.rules["slogan"] = .severity(.hint)
    c.rules["slogan/stale"] = .severity(.error)
    XCTAssertEqual(c.setting(for: "slogan/stale"), .severity(.error))
    XCTAssertEqual(c.setting(for: "slogan/variant"), .severity(.hint))
    XCTAssertEqual(c.setting(for: "figure/count"), .off)
    XCTAssertNil(Configuration().setting(for: "figure/count"))
  }

  func testUnknownKeysAndWrongTypesAreReportedWithTheirKeyPath() throws {
    let (c, issues) = try parse(
      #"{"corpsu": "x", "corpus": 3, "date": "2023-02-30", "languages": "markdown", "thresholds": {"noSuchThreshold": 2}, "rules": {"slogan": 7, "figure": "loud", "nosuch/rule": "off"}}"#)
    let paths = issues.map(\.keyPath)
    XCTAssertEqual(Set(paths), ["corpsu", "corpus", "date", "languages", "thresholds.noSuchThreshold", "rules.slogan", "rules.figure", "rules.nosuch/rule"])
    XCTAssertTrue(issues.first { $0.keyPath == "corpsu" }?.problem.contains("known keys") ?? false)
    XCTAssertTrue(issues.allSatisfy { $0.description.hasPrefix("test.json: \($0.keyPath): ") })
    XCTAssertNil(c.corpus)
    XCTAssertNil(c.date)
    XCTAssertTrue(c.rules.isEmpty)
  }

  func testANonObjectIsReportedAtTheRoot() throws {
    let (_, issues) = try parse("[1, 2]")
    XCTAssertEqual(issues.map(\.keyPath), ["$"])
  }

  func testNullAndEmptyStringsMeanUnset() throws {
    let (c, issues) = try parse(#"{"corpus": null, "date": "", "manifest": ""}"#)
    XCTAssertEqual(issues, [])
    XCTAssertNil(c.corpus)
    XCTAssertNil(c.date)
  }

  func testMergedLetsTheOverlayWin() {
    var base = Configuration()
    base.corpus = "/a"
    base.rules["slogan"] = .off
    var overlay = Configuration()
    overlay.corpus = "/b"
    overlay.rules["figure"] = .severity(.error)
    let m = base.merged(with: overlay)
    XCTAssertEqual(m.corpus, "/b")
    XCTAssertEqual(m.rules.count, 2)
  }

  func testFileIsFoundByWalkingUpAndInvalidJSONNamesTheFile() throws {
    let dir = try TempDirectory()
    try dir.write(".policylint.json", #"{"date": "2023-12-28"}"#)
    let draft = try dir.write("a/b/c/draft.txt", "正文。")
    let found = try XCTUnwrap(Configuration.find(from: draft.path))
    XCTAssertEqual(URL(fileURLWithPath: found).resolvingSymlinksInPath().path, dir.url.appendingPathComponent(".policylint.json").resolvingSymlinksInPath().path)
    XCTAssertEqual(Configuration.find(from: dir.url.appendingPathComponent("a").path).map { URL(fileURLWithPath: $0).lastPathComponent }, ".policylint.json")
    let (c, _) = try Configuration.load(file: found)
    XCTAssertEqual(c.date, SimpleDate(year: 2023, month: 12, day: 28))
    let bad = try dir.write("bad/.policylint.json", "{\"date\": ")
    XCTAssertThrowsError(try Configuration.load(file: bad.path)) { error in
      XCTAssertTrue("\(error)".contains(bad.path) && "\(error)".contains("not valid JSON"), "\(error)")
    }
  }
}
