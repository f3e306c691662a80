import Foundation
import XCTest

/// Replays every input the `jsonrpc` fuzz target crashed on (`Tests/Fixtures/fuzz-regressions/jsonrpc/`)
/// through the same harness the fuzzer runs (`FuzzHarness/FramerInvariants.swift`).
final class JSONRPCFuzzRegressionTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fuzz-regressions/jsonrpc")

  func testEveryJSONRPCFuzzFindingStaysFixed() throws {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path).sorted()) ?? []
    for name in names where !name.hasPrefix(".") {
      let bytes = try [UInt8](Data(contentsOf: Self.fixtures.appendingPathComponent(name)))
      XCTAssertEqual(FramerInvariants.check(bytes: bytes), [], "Tests/Fixtures/fuzz-regressions/jsonrpc/\(name)")
    }
  }
}
