import Foundation
import XCTest

/// Scores the CLI on drafts with planted errors (`⟦family:text⟧`, as in `../shared/SAMPLES.md`) with the
/// scoring rule SAMPLES.md states: a warning matches a mark when its family fits and its range overlaps the
/// mark within 8 UTF-16 units. The shared samples plus `Tests/Fixtures/qa-drafts` (written for this test:
/// controls in house style and drafts with errors writers make) must be found in full, with no false warning.
final class AccuracyTests: XCTestCase {
  struct Score: Decodable {
    var marks: Int
    var matched_marks: Int
    var warnings: Int
    var matched_warnings: Int
  }

  func score(_ drafts: [URL], corpusArguments: [String]) throws -> (Score, String) {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-accuracy-\(UUID().uuidString)")
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments =
      ["python3", Paths.packageRoot.appendingPathComponent("Tests/Tools/score_samples.py").path, CLI.executable.path, out.path]
      + drafts.map(\.path) + ["--"] + corpusArguments
    var env = ProcessInfo.processInfo.environment
    env["POLICYLINT_NO_CACHE"] = "1"
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0)
    return (try JSONDecoder().decode(Score.self, from: data), String(decoding: data, as: UTF8.self))
  }

  func drafts() throws -> [URL] {
    try Paths.requireShared()
    let fixtures = Paths.packageRoot.appendingPathComponent("Tests/Fixtures/qa-drafts")
    let local = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).sorted().map { fixtures.appendingPathComponent($0) }
    let shared = try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path).sorted()
      .filter { $0.hasSuffix(".txt") }.map { Paths.samples.appendingPathComponent($0) }
    return shared + local
  }

  func testEveryMarkedErrorIsFoundWithoutFalseWarningsAgainstTheCorpus() throws {
    let (s, raw) = try score(drafts(), corpusArguments: ["--corpus", Paths.corpus.path, "--manifest", Paths.manifest.path])
    XCTAssertGreaterThan(s.marks, 10)
    XCTAssertEqual(s.matched_marks, s.marks, raw)
    XCTAssertEqual(s.matched_warnings, s.warnings, raw)
  }

  func testEveryMarkedErrorIsFoundWithoutFalseWarningsWithTheBuiltInPack() throws {
    let (s, raw) = try score(drafts(), corpusArguments: [])
    XCTAssertEqual(s.matched_marks, s.marks, raw)
    XCTAssertEqual(s.matched_warnings, s.warnings, raw)
  }
}
