import JSONRPC
import PolicyServer
import PolicyText
import XCTest

final class DocumentSyncTests: XCTestCase {
  let uri = "file:///tmp/policylint-sync/draft.txt"

  private func change(_ version: Int, _ changes: [JSONValue]) -> JSONValue {
    ["textDocument": ["uri": .string(uri), "version": .int(version)], "contentChanges": .array(changes)]
  }

  private func ranged(_ range: JSONValue, _ text: String) -> JSONValue { ["range": range, "text": .string(text)] }

  func testDiagnosticsLandAfterAnAstralCharacterInEveryEncoding() async throws {
    let doc = MarkedDocument("标题\n𠀀中文1️⃣错别字2️⃣。\n")
    for encoding in PositionEncoding.allCases {
      let client = TestClient()
      try await client.initialize(capabilities: ["general": ["positionEncodings": [.string(encoding.rawValue)]]])
      client.open(uri, doc.text)
      let diagnostics = try await client.diagnostics(uri, version: 1)
      XCTAssertEqual(diagnostics.count, 1)
      XCTAssertEqual(diagnostics.first?["range"], doc.range("1", "2", encoding), "in \(encoding)")
      _ = try await client.shutdownAndExit()
    }
    // The columns differ by encoding: 𠀀 is 2 UTF-16 units, 4 UTF-8 bytes, 1 scalar; 中文 are 3 bytes each.
    XCTAssertEqual(doc.position("1", .utf16)["character"], 4)
    XCTAssertEqual(doc.position("1", .utf8)["character"], 10)
    XCTAssertEqual(doc.position("1", .utf32)["character"], 3)
  }

  func testIncrementalEditsGiveTheSameDiagnosticsAsOpeningTheFinalText() async throws {
    let client = TestClient()
    try await client.initialize(capabilities: ["general": ["positionEncodings": ["utf-8"]]])
    client.open(uri, "𠀀第一行\r\n第二行")
    _ = try await client.diagnostics(uri, version: 1)
    // Two changes in one notification: the second applies to the result of the first.
    client.notify(
      "textDocument/didChange",
      change(
        2,
        [
          ranged(["start": ["line": 0, "character": 4], "end": ["line": 0, "character": 4]], "错别字"),
          ranged(["start": ["line": 1, "character": 9], "end": ["line": 1, "character": 9]], "，还有错别字"),
        ]))
    let edited = try await client.diagnostics(uri, version: 2)
    let fresh = TestClient()
    try await fresh.initialize(capabilities: ["general": ["positionEncodings": ["utf-8"]]])
    fresh.open(uri, "𠀀错别字第一行\r\n第二行，还有错别字")
    let expected = try await fresh.diagnostics(uri, version: 1)
    XCTAssertEqual(edited, expected)
    XCTAssertEqual(edited.count, 2)
    _ = try await client.shutdownAndExit()
    _ = try await fresh.shutdownAndExit()
  }

  func testFullTextChangeReplacesTheDocument() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "没有问题")
    let d1 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(d1.count, 0)
    client.notify("textDocument/didChange", change(2, [["text": "错别字和错别字"]]))
    let d2 = try await client.diagnostics(uri, version: 2)
    XCTAssertEqual(d2.count, 2)
    _ = try await client.shutdownAndExit()
  }

  func testChangeWithABadRangeIsRejectedWithALogAndTheDocumentStaysConsistent() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "第一行\n错别字")
    _ = try await client.diagnostics(uri, version: 1)
    // The first change is fine, the second points past the end: neither may be applied.
    client.notify(
      "textDocument/didChange",
      change(
        2,
        [
          ranged(["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 0]], "前缀"),
          ranged(["start": ["line": 9, "character": 0], "end": ["line": 9, "character": 1]], "x"),
        ]))
    let log = try await client.waitForNotification("window/logMessage") {
      $0["message"]?.stringValue?.contains("rejected") == true
    }
    XCTAssertEqual(log["type"], 1)
    XCTAssertTrue(log["message"]?.stringValue?.contains("line 9 is past the end") == true, "\(log)")
    // A reversed range and a position inside a surrogate pair are rejected too.
    client.notify(
      "textDocument/didChange",
      change(3, [ranged(["start": ["line": 1, "character": 2], "end": ["line": 1, "character": 1]], "x")]))
    // The next valid change applies to the text the server kept (version 1), and lints at its version.
    client.notify(
      "textDocument/didChange",
      change(4, [ranged(["start": ["line": 1, "character": 0], "end": ["line": 1, "character": 0]], "𠀀")]))
    let diagnostics = try await client.diagnostics(uri, version: 4)
    XCTAssertEqual(
      diagnostics.first?["range"], ["start": ["line": 1, "character": 2], "end": ["line": 1, "character": 5]])
    _ = try await client.shutdownAndExit()
  }

  func testPositionInsideASurrogatePairIsRejected() throws {
    XCTAssertThrowsError(
      try SourceText("𠀀").lines.scalarIndex(of: Position(line: 0, character: 1), in: .utf16))
  }

  func testClosingADocumentClearsItsDiagnostics() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "错别字")
    let d3 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(d3.count, 1)
    client.notify("textDocument/didClose", ["textDocument": ["uri": .string(uri)]])
    try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["uri"]?.stringValue == self.uri && $0["diagnostics"] == [] && $0["version"] == nil
    }
    _ = try await client.shutdownAndExit()
  }

  func testOnlyConfiguredLanguagesAreLinted() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open("file:///tmp/policylint-sync/code.swift", "// 错别字", language: "swift")
    client.open(uri, "错别字", language: "markdown")
    let d4 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(d4.count, 1)
    let swiftDiagnostics = client.notifications("textDocument/publishDiagnostics").filter {
      $0["uri"]?.stringValue?.hasSuffix("code.swift") == true
    }
    XCTAssertEqual(swiftDiagnostics.flatMap { $0["diagnostics"]?.arrayValue ?? [] }, [])
    _ = try await client.shutdownAndExit()
  }
}
