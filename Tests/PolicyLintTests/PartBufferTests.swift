@testable import PolicyLint
import XCTest

/// The index parts' buffer gives back only whole pages its decoder has read past: never a page holding a
/// byte before the part, or one at or after where the decoder is (those still read as written).
final class PartBufferTests: XCTestCase {
  func testOnlyWholePagesReadPastAreGivenBack() throws {
    let page = PartBuffer.pageSize
    let buffer = try XCTUnwrap(PartBuffer(count: 5 * page))
    for i in 0..<buffer.count { buffer.mutableBytes[i] = UInt8(truncatingIfNeeded: i % 251 + 1) }
    let part = 100..<(4 * page + 50)
    let releaser = buffer.releaser(for: part)
    func intact(_ p: Int) -> Bool {
      (p * page..<((p + 1) * page)).allSatisfy { buffer.bytes[$0] == UInt8(truncatingIfNeeded: $0 % 251 + 1) }
    }
    func released(_ p: Int) -> Bool { (p * page..<((p + 1) * page)).allSatisfy { buffer.bytes[$0] == 0 } }

    releaser.consumed(upTo: buffer.bytes.baseAddress! + 2 * page + 10)
    XCTAssertTrue(intact(0), "the page holding bytes before the part")
    XCTAssertTrue(released(1), "a whole page read past")
    XCTAssertTrue(intact(2), "the page being read")
    releaser.consumed(upTo: buffer.bytes.baseAddress! + page)  // behind what was given back: nothing happens
    XCTAssertTrue(intact(2))
    releaser.consumed(upTo: buffer.bytes.baseAddress! + 5 * page)  // past the part: only up to its end
    XCTAssertTrue(released(2) && released(3))
    XCTAssertTrue(intact(4), "the page holding the part's end and what follows it")
  }
}
