import Foundation
import PolicyLint
import XCTest

/// Replays every input the `lint` and `numeral` fuzz targets crashed on
/// (`Tests/Fixtures/fuzz-regressions/<target>/`) through the same harness the fuzzer runs.
final class LintFuzzRegressionTests: XCTestCase {
  static let fixtures = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/fuzz-regressions")

  /// The committed inputs of one target.
  static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
    let dir = fixtures.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? []
    return try names.filter { !$0.hasPrefix(".") }.map { name in
      (name, try [UInt8](Data(contentsOf: dir.appendingPathComponent(name))))
    }
  }

  func testEveryLintFuzzFindingStaysFixed() throws {
    // The fuzzer lints against ../shared/corpus when present, else the built-in pack: replay the same way.
    let shared = FileManager.default.fileExists(atPath: SharedData.corpus.path) ? SharedData.corpus.path : nil
    let reference = LintInvariants.referenceCorpus(directory: shared)
    for (name, bytes) in try Self.inputs("lint") {
      XCTAssertEqual(LintInvariants.check(bytes: bytes, reference: reference), [], "fuzz-regressions/lint/\(name)")
    }
  }

  func testEveryNumeralFuzzFindingStaysFixed() throws {
    for (name, bytes) in try Self.inputs("numeral") {
      XCTAssertEqual(NumeralInvariants.check(bytes: bytes), [], "fuzz-regressions/numeral/\(name)")
    }
  }
}
