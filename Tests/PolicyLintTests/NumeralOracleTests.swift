import Foundation
import PolicyLint
import XCTest

/// Compares the Chinese numeral parser with cn2an (PyPI) on a generated table of numerals
/// (`Tests/Fixtures/cn2an-numerals.tsv`, made by `Tests/Oracles/cn2an_table.py`). The committed table is
/// always checked; when `POLICYLINT_VENV` names a venv with cn2an, the table is also regenerated and must
/// still match, so a cn2an upgrade that changes its answers shows up.
final class NumeralOracleTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let table = root.appendingPathComponent("Tests/Fixtures/cn2an-numerals.tsv")
  static let script = root.appendingPathComponent("Tests/Oracles/cn2an_table.py")

  struct Row {
    let numeral: String
    let cn2an: String
    let expected: String
    let note: String
  }

  func rows() throws -> [Row] {
    let text = try String(contentsOf: Self.table, encoding: .utf8)
    return text.split(separator: "\n").map { line in
      let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      return Row(
        numeral: cols[0], cn2an: cols.count > 1 ? cols[1] : "", expected: cols.count > 2 ? cols[2] : "",
        note: cols.count > 3 ? cols[3] : "")
    }
  }

  func testParserAgreesWithCn2anOnAtLeastThreeHundredNumerals() throws {
    let rows = try rows()
    let agreeing = rows.filter { $0.cn2an == $0.expected && $0.cn2an != "error" }
    XCTAssertGreaterThanOrEqual(agreeing.count, 300, "the table must hold at least 300 numerals cn2an reads right")
    for row in rows {
      let got = ChineseNumeral.value(row.numeral)
      switch row.expected {
      case "none", "error":
        XCTAssertNil(got, "\(row.numeral) is not a number (\(row.note)), parser read \(String(describing: got))")
      default:
        guard let want = Double(row.expected) else {
          XCTFail("bad expected value \(row.expected) for \(row.numeral)")
          continue
        }
        XCTAssertEqual(got ?? -1, want, accuracy: abs(want) * 1e-12, "\(row.numeral): cn2an \(row.cn2an)")
      }
    }
  }

  func testDocumentedCn2anErrorsCarryAReason() throws {
    for row in try rows() where row.cn2an != row.expected {
      XCTAssertFalse(row.note.isEmpty, "\(row.numeral): cn2an says \(row.cn2an), policylint \(row.expected), no reason given")
    }
  }

  func testCommittedTableMatchesCn2anWhenTheVenvIsAvailable() throws {
    guard let venv = ProcessInfo.processInfo.environment["POLICYLINT_VENV"], !venv.isEmpty else {
      throw XCTSkip("POLICYLINT_VENV is not set; the committed cn2an table is checked without regenerating it")
    }
    let python = URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
    guard FileManager.default.isExecutableFile(atPath: python.path) else {
      throw XCTSkip("no python in POLICYLINT_VENV (\(venv))")
    }
    let process = Process()
    process.executableURL = python
    process.arguments = [Self.script.path, "check", Self.table.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    if message.contains("No module named") { throw XCTSkip("cn2an is not installed in \(venv)") }
    XCTAssertEqual(process.terminationStatus, 0, "cn2an disagrees with the committed table:\n\(message)")
  }
}
