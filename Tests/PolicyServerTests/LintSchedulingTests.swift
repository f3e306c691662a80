import Foundation
import JSONRPC
import PolicyLint
import PolicyServer
import XCTest

/// `MarkerCheck`, but keeping a processor busy for 0.4 s, as a long lint does.
struct BusyMarkerCheck: Check {
  static let description = CheckDescription(
    code: "test/marker", name: "busy test marker", defaultSeverity: .warning, rationale: "handler tests only",
    triggering: [], nonTriggering: [])
  init() {}
  func run(_ context: CheckContext) -> [Finding] {
    let end = Date().addingTimeInterval(0.4)
    var spins = 0
    while Date() < end { spins &+= 1 }
    return spins < 0 ? [] : MarkerCheck().run(context)
  }
}

final class LintSchedulingTests: XCTestCase {
  func testLintsOfManyDocumentsAtOnceDoNotStopTheServerAnswering() async throws {
    // More busy lints at once than the machine has cores: were lints queued on the threads the server's own
    // message handling needs, an unrelated request would wait for them. Swift and Dispatch keep a pool per
    // priority, so the server's loop is tried at several.
    for priority in [TaskPriority.background, .utility, .medium, .userInitiated] {
      let client = TestClient(checks: [BusyMarkerCheck.self], priority: priority)
      try await client.initialize()
      let count = 2 * ProcessInfo.processInfo.activeProcessorCount + 2
      let uris = (0..<count).map { "file:///tmp/policylint-many/\($0).md" }
      for uri in uris { client.open(uri, "有错别字。", language: "markdown") }
      try await Task.sleep(nanoseconds: 100_000_000)  // the opens are handled and the lints running
      let started = Date()
      let answer = try await client.request("policylint/noSuchMethod", nil)
      let waited = Date().timeIntervalSince(started)
      guard case .failure(let error) = answer else { return XCTFail("expected -32601, got \(answer)") }
      XCTAssertEqual(error.code, -32601)
      XCTAssertLessThan(waited, 0.3, "at \(priority), a request waited \(waited) s for lints of 0.4 s each")
      for uri in uris { _ = try await client.diagnostics(uri, version: 1) }
      _ = try await client.shutdownAndExit()
    }
  }
}
