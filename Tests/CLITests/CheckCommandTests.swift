import Foundation
import XCTest

final class CheckCommandTests: XCTestCase {
  func tempFile(_ name: String, _ data: Data) throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try data.write(to: url)
    return url
  }

  func testMissingFileExitsTwoWithAMessageNamingIt() throws {
    let r = try CLI.run(["check", "/nonexistent/draft.txt"])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("/nonexistent/draft.txt"), r.stderr)
    XCTAssertFalse(r.stderr.contains("Fatal"), r.stderr)
  }

  func testBinaryFileIsRejectedByName() throws {
    let url = try tempFile("blob.txt", Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02]))
    let r = try CLI.run(["check", url.path])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("blob.txt") && r.stderr.contains("binary"), r.stderr)
  }

  func testInvalidUTF8NamesTheByteOffset() throws {
    let url = try tempFile("bad.txt", Data([0x41, 0x42, 0xFF, 0xFE, 0x00].dropLast()) + Data([0xC3]))
    let r = try CLI.run(["check", url.path])
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.contains("bad.txt"), r.stderr)
  }

  func testGB18030FileIsRead() throws {
    // "全会指出。" in GB18030.
    let bytes: [UInt8] = [0xC8, 0xAB, 0xBB, 0xE1, 0xD6, 0xB8, 0xB3, 0xF6, 0xA1, 0xA3]
    let url = try tempFile("gbk.txt", Data(bytes))
    let r = try CLI.run(["check", "--format", "json", url.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("\"files\""), r.stdout)
  }

  func testUnknownFormatIsAUsageError() throws {
    let r = try CLI.run(["check", "--format", "xml", "x.txt"])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.contains("xml"), r.stderr)
  }
}
