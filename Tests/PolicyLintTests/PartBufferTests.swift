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
    let releaser = buffer.releaser(for: part, batch: 0)
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

  func testPagesGoBackInBatchesAndTheLastOnesAtTheEnd() throws {
    let page = PartBuffer.pageSize
    let buffer = try XCTUnwrap(PartBuffer(count: 8 * page))
    for i in 0..<buffer.count { buffer.mutableBytes[i] = 1 }
    let releaser = buffer.releaser(for: 0..<(7 * page + 1), batch: 3 * page)
    func released(_ p: Int) -> Bool { (p * page..<((p + 1) * page)).allSatisfy { buffer.bytes[$0] == 0 } }
    releaser.consumed(upTo: buffer.bytes.baseAddress! + 2 * page)
    XCTAssertFalse(released(0), "less than a batch read past: kept for now")
    releaser.consumed(upTo: buffer.bytes.baseAddress! + 3 * page + 5)
    XCTAssertTrue((0..<3).allSatisfy(released), "a batch read past")
    XCTAssertFalse(released(3))
    releaser.consumed(upTo: buffer.bytes.baseAddress! + 7 * page + 1)
    XCTAssertTrue((3..<7).allSatisfy(released), "the part's last whole pages, though less than a batch")
    XCTAssertFalse(released(7), "the page holding the part's end")
  }

  func testAFileMappingReadsTheFileFromAnOffsetAndGivesPagesBack() throws {
    let page = PartBuffer.pageSize
    let bytes = (0..<(6 * page)).map { UInt8(truncatingIfNeeded: $0 % 253 + 1) }
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("partbuffer-\(UUID().uuidString)")
    try Data(bytes).write(to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let fd = open(url.path, O_RDONLY)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    for populate in [true, false] {
      let offset = page + 123
      let buffer = try XCTUnwrap(PartBuffer(file: fd, offset: offset, count: 4 * page, populate: populate))
      XCTAssertEqual(Array(buffer.bytes), Array(bytes[offset..<(offset + 4 * page)]))
      // Pages given back read the file again when touched (what a decoder never does, but harmless).
      let releaser = buffer.releaser(for: 0..<buffer.count, batch: 0)
      releaser.consumed(upTo: buffer.bytes.baseAddress! + 3 * page)
      XCTAssertEqual(Array(buffer.bytes), Array(bytes[offset..<(offset + 4 * page)]))
    }
  }
}
