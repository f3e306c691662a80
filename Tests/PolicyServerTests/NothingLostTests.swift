import Foundation
import XCTest

/// "Nothing lost": the server never writes a user's files. Fixes reach the draft only as `WorkspaceEdit`s the
/// editor applies; the soak test (Tests/e2e/soak.py) checks at run time that a long session leaves every
/// workspace file byte-for-byte unchanged. This test keeps file-writing calls out of the modules the server
/// is made of, so a later change cannot quietly add one. (Corpus-cache writes live in PolicyLint's
/// `Corpus/`, go to the cache directory only, and are tested with the cache.)
final class NothingLostTests: XCTestCase {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Calls that create, change, move or delete files.
  static let writingCalls = [
    "write(to: URL", ".write(to: url", ".write(to: file", "write(toFile:", "createFile(atPath:",
    "FileHandle(forWritingTo",
    "FileHandle(forUpdating", "forWritingAtPath", "forUpdatingAtPath", ".removeItem(", ".moveItem(", ".copyItem(",
    ".replaceItem", "replaceItemAt(", "fopen(", "O_WRONLY", "O_RDWR", "O_CREAT", "truncate(", "unlink(", "rename(",
    ".atomic)", "options: .atomic",
  ]

  func testServerAndTransportSourcesContainNoFileWritingCalls() throws {
    var files: [URL] = []
    for module in ["PolicyServer", "JSONRPC"] {
      let dir = Self.packageRoot.appendingPathComponent("Sources/\(module)")
      let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") }
      files += names.map { dir.appendingPathComponent($0) }
    }
    let serve = Self.packageRoot.appendingPathComponent("Sources/policylint/ServeCommand.swift")
    if FileManager.default.fileExists(atPath: serve.path) { files.append(serve) }
    XCTAssertFalse(files.isEmpty)
    for file in files {
      let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      for (n, line) in lines.enumerated() {
        let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        for call in Self.writingCalls where code.contains(call) {
          XCTFail(
            "\(file.lastPathComponent):\(n + 1) writes files (\(call)): \(line.trimmingCharacters(in: .whitespaces))")
        }
      }
    }
  }
}
