import Foundation
import JSONRPC
import PolicyLint
import PolicyReporters
import PolicyText
import XCTest

@testable import PolicyServer

/// The server builds each diagnostic's JSON value field by field, and writes its bytes straight from the
/// fields; both must be what `JSONEncoder` makes of the same `Diagnostic` (which `check --format json`
/// writes), for every kind of finding.
final class DiagnosticJSONTests: XCTestCase {
  func testFieldByFieldJSONIsTheEncodersJSON() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let drafts = root.appendingPathComponent("Tests/Fixtures/drafts")
    let names = try FileManager.default.contentsOfDirectory(atPath: drafts.path).filter {
      $0.hasSuffix(".md") || $0.hasSuffix(".txt")
    }
    XCTAssertFalse(names.isEmpty)
    let corpus = try ReferencePack.builtIn().index
    let linter = Linter(corpus: corpus)
    var compared = 0
    for name in names.sorted() {
      let text = SourceText(try String(contentsOf: drafts.appendingPathComponent(name), encoding: .utf8))
      let draft = DraftDocument(path: drafts.appendingPathComponent(name).path, text: text, corpus: corpus)
      for encoding in [PositionEncoding.utf16, .utf8, .utf32] {
        let renderer = DiagnosticRenderer(corpus: corpus, encoding: encoding)
        for finding in linter.lint(draft, configuration: Configuration()) {
          let diagnostic = renderer.diagnostic(finding, text: text, uri: "file:///drafts/\(name)")
          XCTAssertEqual(diagnostic.jsonValue, try JSONValue(encoding: diagnostic), "\(name): \(finding.message)")
          XCTAssertEqual(written(diagnostic), diagnostic.jsonValue.jsonString, "\(name): \(finding.message)")
          compared += 1
        }
      }
    }
    XCTAssertGreaterThan(compared, 10)
  }

  /// Optional fields present and absent, fixes with several edits, evidence without a place.
  func testEveryOptionalFieldIsEncodedAsTheEncoderDoes() throws {
    let range = #"{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}"#
    let full = """
      {"range":\(range),"severity":2,"code":"duplicate/reuse","codeDescription":{"href":"https://example.org/r"},
       "source":"policylint","message":"消息「引号」\\n换行",
       "relatedInformation":[{"location":{"uri":"file:///a.txt","range":\(range)},"message":"来源"}],
       "data":{"fixes":[{"title":"改","edits":[{"range":\(range),"newText":""},{"range":\(range),"newText":"新"}]}],
               "detail":"详情","evidence":["内置"]}}
      """
    let bare = """
      {"range":\(range),"severity":1,"code":"figure/count","source":"policylint","message":"m","data":{"fixes":[]}}
      """
    let none = #"{"range":\#(range),"severity":3,"code":"slogan/stale","source":"policylint","message":"m"}"#
    for json in [full, bare, none] {
      let d = try JSONDecoder().decode(Diagnostic.self, from: Data(json.utf8))
      XCTAssertEqual(d.jsonValue, try JSONValue(encoding: d), json)
      XCTAssertEqual(written(d), d.jsonValue.jsonString, json)
    }
  }

  /// What the server publishes for a diagnostic: its bytes written straight from the fields.
  private func written(_ d: Diagnostic) -> String {
    var bytes: [UInt8] = []
    d.writeJSON(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}
