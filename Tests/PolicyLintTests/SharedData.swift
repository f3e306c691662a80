import Foundation
import XCTest

/// `../shared` (corpus and samples) sits beside the clone in CI and here, not on a user's machine:
/// tests that need it call `try SharedData.require()` and are skipped when it is absent.
enum SharedData {
  /// The package root (three levels above this file).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// `../shared` next to the package, or `POLICYLINT_SHARED` when set.
  static var root: URL {
    if let env = ProcessInfo.processInfo.environment["POLICYLINT_SHARED"] { return URL(fileURLWithPath: env) }
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  }

  static var corpus: URL { root.appendingPathComponent("corpus") }
  static var samples: URL { root.appendingPathComponent("samples") }
  static var manifest: URL { packageRoot.appendingPathComponent("Tests/Fixtures/shared-corpus-manifest.json") }

  /// Skips the test when `../shared/corpus` is absent.
  static func require() throws {
    guard FileManager.default.fileExists(atPath: corpus.path) else {
      throw XCTSkip("../shared/corpus is not present; skipping a test that needs the reference corpus")
    }
  }

  /// The corpus file whose name starts with `prefix` (`000_`).
  static func corpusFile(_ prefix: String) throws -> URL {
    try require()
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted()
    guard let name = names.first(where: { $0.hasPrefix(prefix) }) else { throw XCTSkip("no corpus file \(prefix)*") }
    return corpus.appendingPathComponent(name)
  }
}

/// A seeded generator (no dependencies) for the tests that apply random edits: the same edits on every run.
struct SeededEdits {
  var seed: UInt64
  /// A number in `0..<n` (0 when `n` is 0).
  mutating func next(_ n: Int) -> Int {
    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int(seed >> 33) % max(1, n)
  }
}
