import Foundation
import XCTest

/// Replays every input the `matching-view` fuzz target ever crashed on (`Tests/Fixtures/fuzz-regressions/`)
/// through the same harness the fuzzer runs (`FuzzHarness/TextInvariants.swift`).
final class TextFuzzRegressionTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/fuzz-regressions")

  func testEveryMatchingViewFuzzFindingStaysFixed() throws {
    let dir = Self.fixtures.appendingPathComponent("matching-view")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? []
    for name in names where !name.hasPrefix(".") {
      let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
      XCTAssertEqual(TextInvariants.check(bytes: bytes), [], "Tests/Fixtures/fuzz-regressions/matching-view/\(name)")
    }
  }
}
