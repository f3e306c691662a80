import Foundation
import XCTest

/// Hostile drafts given to `policylint check`: each is refused or handled with a message naming the file.
final class BadInputCLITests: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-badcli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// Outcome chosen for a 100 MB single-line draft: refused by the size cap (32 MiB by default,
  /// `POLICYLINT_MAX_FILE_BYTES` raises it) before it is read, with the file, its size and the remedy named;
  /// other files given in the same run are still checked.
  func testHundredMegabyteSingleLineDraftIsRefusedBySizeCapWithAMessage() throws {
    let big = directory.appendingPathComponent("big.txt")
    let line = Data(String(repeating: "坚持高质量发展，", count: 4000).utf8)
    FileManager.default.createFile(atPath: big.path, contents: nil)
    let handle = try FileHandle(forWritingTo: big)
    for _ in 0..<(100_000_000 / line.count + 1) { handle.write(line) }
    try handle.close()
    let small = directory.appendingPathComponent("small.txt")
    try Data("全会要求坚持高质量发展。".utf8).write(to: small)
    let started = Date()
    let r = try CLI.run(["check", "--format", "json", big.path, small.path])
    XCTAssertLessThan(Date().timeIntervalSince(started), 30, "refusing must not read the file")
    XCTAssertEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.contains("big.txt"), r.stderr)
    XCTAssertTrue(
      r.stderr.contains("larger than the limit") && r.stderr.contains("POLICYLINT_MAX_FILE_BYTES"), r.stderr)
    XCTAssertTrue(r.stdout.contains("small.txt"), "the other file is still reported: \(r.stdout.prefix(300))")
    XCTAssertFalse(r.stderr.contains("Fatal"), r.stderr)
  }

  /// A draft that is one very long line under the cap (2 MB, no line break) is handled: linted, no crash.
  func testLongSingleLineDraftUnderTheCapIsLinted() throws {
    let url = directory.appendingPathComponent("line.txt")
    try Data(String(repeating: "全会要求坚持高质量发展，推进𠀀改革开放，", count: 30_000).utf8).write(to: url)
    let r = try CLI.run(["check", "--format", "json", "--fail-on", "never", url.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("line.txt"), String(r.stdout.prefix(300)))
  }
}
