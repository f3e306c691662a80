import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// The slogan registry: its format, its validation, and the bundled entries' own tests.
final class RegistryTests: XCTestCase {
  func testEveryBundledEntryPassesItsOwnTests() throws {
    let registry = try SloganRegistry.parse(Data(BundledRegistry.json.utf8), origin: "bundled", runTests: false)
    for entry in registry.entries {
      XCTAssertNil(registry.testFailure(entry), entry.id)
    }
  }

  func testBundledRegistryLoadsAndEveryEntryPassesItsOwnTests() throws {
    // Loading runs every entry's must-match and must-not-match texts; a failing one throws, naming it.
    let registry = try SloganRegistry.bundled.get()
    XCTAssertGreaterThan(registry.entries.count, 40)
    for entry in registry.entries {
      XCTAssertNil(registry.testFailure(entry), entry.id)
      XCTAssertFalse(entry.source.isEmpty, "\(entry.id) cites no source")
    }
  }

  func testBundledRegistryCoversTheRequiredAreas() throws {
    let ids = Set(try SloganRegistry.bundled.get().entries.map(\.id))
    for id in [
      "covid-name-short", "covid-dynamic-zero", "covid-precise-control", "covid-three-musts", "study-20th-plenaries",
      "plan-12th", "body-nhfpc", "body-cdc-bureau", "body-most-safea", "body-cbrc-2023", "leader-premier-2023",
      "four-comprehensives-2020",
    ] {
      XCTAssertTrue(ids.contains(id), "bundled registry lacks \(id)")
    }
  }

  func testEntryWhoseTestFailsIsRejectedWithItsId() {
    let json = """
      {"version": 1, "entries": [
        {"id": "broken-rename", "kind": "stale", "patterns": ["旧局"], "successor": "新局", "changed": "2020-01-01",
         "source": "test", "tests": {"match": [{"text": "新局负责。", "date": "2021-01-01"}], "noMatch": ["无关。"]}}
      ]}
      """
    XCTAssertThrowsError(try SloganRegistry.parse(Data(json.utf8), origin: "user.json")) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("broken-rename"), text)
      XCTAssertTrue(text.contains("should match"), text)
    }
  }

  func testEntryThatMatchesWhatItMustNotIsRejected() {
    let json = """
      {"version": 1, "entries": [
        {"id": "too-eager", "kind": "stale", "patterns": ["农业部"], "successor": "农业农村部", "changed": "2018-03-17",
         "source": "test", "tests": {"match": ["农业部印发意见。"], "noMatch": ["农业部门要加强监管。"]}}
      ]}
      """
    XCTAssertThrowsError(try SloganRegistry.parse(Data(json.utf8), origin: "user.json")) { error in
      XCTAssertTrue("\(error)".contains("too-eager"), "\(error)")
      XCTAssertTrue("\(error)".contains("should not match"), "\(error)")
    }
  }

  func testMalformedEntriesNameTheEntryAndTheKey() {
    func entry(_ body: String) -> String { #"{"version": 1, "entries": ["# + body + "]}" }
    let tests = #""tests": {"match": ["讲政治、抓发展、保安全"], "noMatch": ["讲政治"]}"#
    let list = #""kind": "canonical", "text": "讲政治、抓发展、惠民生、保安全", "source": "s""#
    let cases: [(String, String)] = [
      (entry(#"{"id": "x", "kind": "stale", "source": "s", "patterns": ["甲"], "successor": "乙", "# + tests + "}"), "changed"),
      (entry(#"{"id": "y", "colour": 1, "# + list + ", " + tests + "}"), "colour"),
      (entry(#"{"id": "z", "# + list + "}"), "tests"),
      (entry(#"{"id": "w", "kind": "magic", "source": "s", "tests": {}}"#), "kind"),
      (#"{"version": 2, "entries": []}"#, "version"),
      (entry(#"{"id": "d", "# + list + ", " + tests + #"}, {"id": "d", "# + list + ", " + tests + "}"), "twice"),
    ]
    for (json, word) in cases {
      XCTAssertThrowsError(try SloganRegistry.parse(Data(json.utf8), origin: "r.json"), word) { error in
        XCTAssertTrue("\(error)".contains(word), "expected «\(word)» in: \(error)")
        XCTAssertTrue("\(error)".contains("r.json"), "\(error)")
      }
    }
  }

  func testWorkspaceRegistryAddsEntriesAndOverridesBundledOnesById() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-registry-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let json = """
      {"version": 1, "entries": [
        {"id": "office-name", "kind": "stale", "patterns": ["市经信委"], "successor": "市经济和信息化局",
         "replacement": "市经济和信息化局", "changed": "2019-01-10", "source": "市机构改革方案（2019年）",
         "tests": {"match": ["⟦市经信委⟧牵头。"], "noMatch": [{"text": "市经信委牵头。", "date": "2018-01-01"}]}},
        {"id": "plan-12th", "kind": "stale", "patterns": ["十二五"], "successor": "当前规划", "changed": "2016-01-01",
         "onlyWith": ["目标"], "source": "office override",
         "tests": {"match": ["⟦十二五⟧目标"], "noMatch": [{"text": "十二五目标", "date": "2014-01-01"}]}}
      ]}
      """
    try Data(json.utf8).write(to: dir.appendingPathComponent(".policylint-registry.json"))
    try Data("{}".utf8).write(to: dir.appendingPathComponent(".policylint.json"))
    let draftPath = dir.appendingPathComponent("draft.txt").path
    let (loaded, problem) = RegistryProvider.registry(configuration: Configuration(), draftPath: draftPath)
    XCTAssertNil(problem)
    XCTAssertTrue(loaded.registry.entries.contains { $0.id == "office-name" })
    XCTAssertEqual(loaded.registry.entries.filter { $0.id == "plan-12th" }.map(\.source), ["office override"])

    let findings = lint("（2023年5月1日）\n市经信委牵头落实。", path: draftPath, check: SloganStaleCheck.self)
    XCTAssertEqual(findings.map(\.code), ["slogan/stale"])
    XCTAssertEqual(findings.first?.fixes.first?.edits.first?.newText, "市经济和信息化局")
  }

  func testBrokenWorkspaceRegistryIsReportedAsAnErrorFinding() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-registry-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("words.json")
    try Data(#"{"version": 1, "entries": [{"id": "half", "kind": "stale"}]}"#.utf8).write(to: path)
    var configuration = Configuration()
    configuration.registry = path.path
    let findings = lint(
      "普通文字。", path: dir.appendingPathComponent("d.txt").path, check: SloganStaleCheck.self,
      configuration: configuration)
    XCTAssertEqual(findings.count, 1)
    XCTAssertEqual(findings.first?.severity, .error)
    XCTAssertTrue(findings.first?.message.contains("half") ?? false, findings.first?.message ?? "")
  }

  func lint(_ text: String, path: String, check: any Check.Type, configuration: Configuration = Configuration())
    -> [Finding]
  {
    let draft = DraftDocument(path: path, text: SourceText(text), configuration: configuration)
    return Linter(corpus: .empty, checks: [check]).lint(draft, configuration: configuration)
  }
}
