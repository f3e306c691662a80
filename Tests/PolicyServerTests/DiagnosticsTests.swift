import JSONRPC
import PolicyServer
import PolicyText
import XCTest

final class DiagnosticsTests: XCTestCase {
  let uri = "file:///tmp/policylint-diag/draft.md"

  private func insert(_ version: Int, _ text: String, line: Int = 0, character: Int = 0) -> Inbound {
    let pos: JSONValue = ["line": .int(line), "character": .int(character)]
    return .message(
      .notification(
        method: "textDocument/didChange",
        params: [
          "textDocument": ["uri": .string(uri), "version": .int(version)],
          "contentChanges": [["range": ["start": pos, "end": pos], "text": .string(text)]],
        ]))
  }

  func testPublishedDiagnosticsCarryTheVersionAndTheRenderedFields() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "错别字", language: "markdown", version: 7)
    let d = try await client.diagnostics(uri, version: 7)
    XCTAssertEqual(d.first?["code"], "test/marker")
    XCTAssertEqual(d.first?["source"], "policylint")
    XCTAssertEqual(d.first?["severity"], 2)
    XCTAssertEqual(d.first?[path: "data", "fixes"]?.arrayValue?.count, 1)
    _ = try await client.shutdownAndExit()
  }

  func testABurstOfEditsReadTogetherIsLintedOnce() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "", language: "markdown")
    _ = try await client.diagnostics(uri, version: 1)
    let before = await client.server.lintCount
    client.queue.push((2...21).map { insert($0, "字") })
    let d = try await client.diagnostics(uri, version: 21)
    XCTAssertEqual(d.count, 0)
    let after = await client.server.lintCount
    XCTAssertEqual(after - before, 1, "twenty edits read in one go must be linted once")
    XCTAssertEqual(
      client.notifications("textDocument/publishDiagnostics").compactMap { $0["version"]?.intValue }, [1, 21])
    _ = try await client.shutdownAndExit()
  }

  func testASingleEditIsLintedWithoutWaitingForMore() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "", language: "markdown")
    _ = try await client.diagnostics(uri, version: 1)
    let start = Date()
    client.queue.push([insert(2, "错别字")])
    let d = try await client.diagnostics(uri, version: 2)
    XCTAssertEqual(d.count, 1)
    XCTAssertLessThan(Date().timeIntervalSince(start), 2, "a lone edit must not wait for a debounce timer")
    _ = try await client.shutdownAndExit()
  }

  func testResultsForAnOldVersionAreNeverPublishedAfterANewerOne() async throws {
    let client = TestClient(checks: [SlowMarkerCheck.self])
    try await client.initialize()
    client.open(uri, "错别字", language: "markdown")
    // The first lint is running (it takes 0.4 s) when the edits arrive one by one.
    try await Task.sleep(nanoseconds: 100_000_000)
    client.queue.push([insert(2, "错别字")])
    try await Task.sleep(nanoseconds: 50_000_000)
    client.queue.push([insert(3, "没错")])
    let d = try await client.diagnostics(uri, version: 3)
    XCTAssertEqual(d.count, 2)
    try await Task.sleep(nanoseconds: 600_000_000)
    let versions = client.notifications("textDocument/publishDiagnostics").compactMap { $0["version"]?.intValue }
    XCTAssertEqual(versions, [3], "the lints of versions 1 and 2 finished after newer edits and must be dropped")
    _ = try await client.shutdownAndExit()
  }

  func testPullDiagnosticsGiveResultIdsAndUnchangedReports() async throws {
    let client = TestClient()
    try await client.initialize(capabilities: ["textDocument": ["diagnostic": ["dynamicRegistration": false]]])
    client.open(uri, "错别字", language: "markdown")
    let params: JSONValue = ["textDocument": ["uri": .string(uri)]]
    let first = try await client.request("textDocument/diagnostic", params).get()
    XCTAssertEqual(first["kind"], "full")
    XCTAssertEqual(first["items"]?.arrayValue?.count, 1)
    let resultId = try XCTUnwrap(first["resultId"]?.stringValue)
    let again = try await client.request(
      "textDocument/diagnostic", ["textDocument": ["uri": .string(uri)], "previousResultId": .string(resultId)]
    ).get()
    XCTAssertEqual(again, ["kind": "unchanged", "resultId": .string(resultId)])
    client.queue.push([insert(2, "错别字")])
    let changed = try await client.request(
      "textDocument/diagnostic", ["textDocument": ["uri": .string(uri)], "previousResultId": .string(resultId)]
    ).get()
    XCTAssertEqual(changed["kind"], "full")
    XCTAssertEqual(changed["items"]?.arrayValue?.count, 2)
    XCTAssertNotEqual(changed["resultId"]?.stringValue, resultId)
    XCTAssertEqual(client.notifications("textDocument/publishDiagnostics"), [], "a pulling client gets no pushes")
    _ = try await client.shutdownAndExit()
  }

  func testCancelledRequestIsAnsweredRequestCancelled() async throws {
    let client = TestClient(checks: [SlowMarkerCheck.self])
    try await client.initialize(capabilities: ["textDocument": ["diagnostic": [:]]])
    client.open(uri, "错别字", language: "markdown")
    let id = client.sendRequest("textDocument/diagnostic", ["textDocument": ["uri": .string(uri)]])
    client.notify("$/cancelRequest", ["id": id.json])
    let r = try await client.response(to: id)
    XCTAssertEqual(r.failure?.code, ResponseError.requestCancelledCode)
    // Exactly one answer, even though the lint finishes later.
    try await Task.sleep(nanoseconds: 600_000_000)
    let answers = client.sink.sent.filter {
      switch $0 {
      case .response(id, _), .errorResponse(id?, _): return true
      default: return false
      }
    }
    XCTAssertEqual(answers.count, 1)
    _ = try await client.shutdownAndExit()
  }

  func testDiagnosticRequestForAClosedDocumentIsAnError() async throws {
    let client = TestClient()
    try await client.initialize(capabilities: ["textDocument": ["diagnostic": [:]]])
    let r = try await client.request("textDocument/diagnostic", ["textDocument": ["uri": "file:///nowhere.md"]])
    XCTAssertEqual(r.failure?.code, ResponseError.invalidParamsCode)
    _ = try await client.shutdownAndExit()
  }
}
