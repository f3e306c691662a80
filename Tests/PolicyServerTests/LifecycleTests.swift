import JSONRPC
import PolicyServer
import PolicyText
import XCTest

final class LifecycleTests: XCTestCase {
  func testServerNameIsPolicylint() {
    XCTAssertEqual(PolicyServerInfo.name, "policylint")
  }

  func testRequestBeforeInitializeGetsServerNotInitialized() async throws {
    let client = TestClient()
    let r = try await client.request("textDocument/hover", [:])
    XCTAssertEqual(r.failure?.code, ResponseError.serverNotInitializedCode)
    client.notify("exit", nil)
    let status = await client.exitStatus
    XCTAssertEqual(status, 1)
  }

  func testNotificationsBeforeInitializeAreDropped() async throws {
    let client = TestClient()
    client.open("file:///tmp/early.txt", "错别字")
    try await client.initialize()
    let r = try await client.request(
      "textDocument/hover",
      ["textDocument": ["uri": "file:///tmp/early.txt"], "position": ["line": 0, "character": 0]])
    XCTAssertEqual(r.failure?.code, ResponseError.invalidParamsCode, "the early didOpen must not have been applied")
    _ = try await client.shutdownAndExit()
  }

  func testShutdownThenExitExitsZeroAndRequestsAfterShutdownAreInvalid() async throws {
    let client = TestClient()
    try await client.initialize()
    let shutdown = try await client.request("shutdown", nil)
    XCTAssertEqual(try shutdown.get(), .null)
    let after = try await client.request("textDocument/hover", [:])
    XCTAssertEqual(after.failure?.code, ResponseError.invalidRequestCode)
    client.notify("exit", nil)
    let status = await client.exitStatus
    XCTAssertEqual(status, 0)
  }

  func testExitWithoutShutdownExitsOne() async throws {
    let client = TestClient()
    try await client.initialize()
    client.notify("exit", nil)
    let status = await client.exitStatus
    XCTAssertEqual(status, 1)
  }

  func testEndOfInputWithoutExitEndsWithStatusOne() async throws {
    let client = TestClient()
    try await client.initialize()
    client.queue.close()
    let status = await client.exitStatus
    XCTAssertEqual(status, 1)
  }

  func testSecondInitializeIsRejected() async throws {
    let client = TestClient()
    try await client.initialize()
    let again = try await client.request("initialize", ["processId": .null, "capabilities": [:]])
    XCTAssertEqual(again.failure?.code, ResponseError.invalidRequestCode)
    _ = try await client.shutdownAndExit()
  }

  func testUnknownRequestIsMethodNotFoundAndUnknownNotificationsAreIgnored() async throws {
    let client = TestClient()
    try await client.initialize()
    client.notify("$/setTrace", ["value": "verbose"])
    client.notify("custom/somethingElse", [:])
    let r = try await client.request("textDocument/completion", [:])
    XCTAssertEqual(r.failure?.code, ResponseError.methodNotFoundCode)
    let status = try await client.shutdownAndExit()
    XCTAssertEqual(status, 0)
  }

  func testInvalidMessagesAreAnsweredAndTheNextRequestStillWorks() async throws {
    let client = TestClient()
    try await client.initialize()
    client.queue.push([
      Inbound.decode(body: Array("{not json".utf8)),
      Inbound.decode(body: Array(#"{"jsonrpc":"1.0","id":99,"method":"x"}"#.utf8)),
      .framingError(.missingContentLength),
    ])
    let parseError = try await client.waitFor {
      if case .errorResponse(nil, let e) = $0 { return e.code == -32700 } else { return false }
    }
    XCTAssertNotNil(parseError)
    let invalid = try await client.response(to: .number(99))
    XCTAssertEqual(invalid.failure?.code, ResponseError.invalidRequestCode)
    let r = try await client.request("shutdown", nil)
    XCTAssertEqual(try r.get(), .null)
  }

  func testPositionEncodingFollowsTheClientsPreference() async throws {
    for (offered, expected) in [
      (JSONValue.array(["utf-8", "utf-16", "utf-32"]), "utf-8"), (["utf-32", "utf-16"], "utf-32"), ([], "utf-16"),
      (["latin-1"], "utf-16"),
    ] {
      let client = TestClient()
      let result = try await client.initialize(capabilities: ["general": ["positionEncodings": offered]])
      XCTAssertEqual(result[path: "capabilities", "positionEncoding"]?.stringValue, expected, "offered \(offered)")
      _ = try await client.shutdownAndExit()
    }
  }

  func testPullDiagnosticsAreDeclaredOnlyForClientsThatPull() async throws {
    let pushing = TestClient()
    let pushResult = try await pushing.initialize()
    XCTAssertNil(pushResult[path: "capabilities", "diagnosticProvider"])
    _ = try await pushing.shutdownAndExit()
    let pulling = TestClient()
    let pullResult = try await pulling.initialize(capabilities: [
      "textDocument": ["diagnostic": ["dynamicRegistration": false]]
    ])
    XCTAssertEqual(pullResult[path: "capabilities", "diagnosticProvider", "interFileDependencies"], false)
    _ = try await pulling.shutdownAndExit()
  }
}

extension Result {
  var failure: Failure? {
    if case .failure(let e) = self { return e }
    return nil
  }
}
