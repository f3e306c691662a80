import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// The slogan checks on `Tests/Fixtures/slogan-drafts`: drafts dated 2021–2025 with planted errors marked
/// `⟦family:text⟧` (the format of `../shared/SAMPLES.md`), scored by its rule — a finding matches a mark
/// when its family fits and its range overlaps the mark within 8 UTF-16 units; precision counts every
/// warning. `var`/`stale` marks belong to `slogan/`; the `fig` marks are misquoted corpus numbers, which the
/// misquote check reports as `figure/mismatch`.
final class SloganDraftsTests: XCTestCase {
  static let checks: [any Check.Type] = [SloganMisquoteCheck.self, SloganStaleCheck.self, SloganVariantCheck.self]
  static let directory = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/slogan-drafts")

  struct Score: CustomStringConvertible {
    var marks = 0
    var found = 0
    var warnings = 0
    var matched = 0
    var problems: [String] = []

    var recall: Double { marks == 0 ? 1 : Double(found) / Double(marks) }
    var precision: Double { warnings == 0 ? 1 : Double(matched) / Double(warnings) }
    var description: String {
      "marks \(found)/\(marks) (recall \(recall)), warnings \(matched)/\(warnings) (precision \(precision))"
    }
  }

  /// Scores the drafts' marks of `families` (mark prefixes) against findings of the codes `accept` keeps.
  func score(_ corpus: CorpusIndex, families: Set<String>, accept: (Finding) -> Bool) throws -> Score {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter {
      $0.hasSuffix(".txt")
    }.sorted()
    XCTAssertGreaterThanOrEqual(names.count, 6)
    var score = Score()
    for name in names {
      let url = Self.directory.appendingPathComponent(name)
      let marked = MarkedText(try String(contentsOf: url, encoding: .utf8), familyPrefixes: true)
      let draft = DraftDocument(path: "/drafts/" + name, text: SourceText(marked.text), corpus: corpus)
      let findings = Linter(corpus: corpus, checks: Self.checks).lint(draft, configuration: Configuration())
        .filter { ($0.severity == .warning || $0.severity == .error) && accept($0) }
      let widths = Array(marked.text.unicodeScalars).map { $0.value > 0xFFFF ? 2 : 1 }
      func utf16(_ i: Int) -> Int { widths[0..<min(i, widths.count)].reduce(0, +) }
      func near(_ f: Finding, _ mark: Range<Int>) -> Bool {
        utf16(f.range.lowerBound) <= utf16(mark.upperBound) + 8 && utf16(f.range.upperBound) >= utf16(mark.lowerBound) - 8
      }
      let marks = zip(marked.marks, marked.families).filter { families.contains($0.1 ?? "") }.map(\.0)
      score.marks += marks.count
      for mark in marks {
        if findings.contains(where: { near($0, mark) }) {
          score.found += 1
        } else {
          score.problems.append("\(name): missed «\(draft.text.string(mark))»")
        }
      }
      score.warnings += findings.count
      for f in findings {
        if marks.contains(where: { near(f, $0) }) {
          score.matched += 1
        } else {
          score.problems.append("\(name): false \(f.code) «\(draft.text.string(f.range))» \(f.message)")
        }
      }
    }
    return score
  }

  func isSlogan(_ f: Finding) -> Bool { f.code.hasPrefix("slogan/") }

  func testEverySloganMarkIsFoundAndNoSloganWarningIsFalseWithTheCorpus() throws {
    try SharedData.require()
    let loaded = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
    let corpus = CorpusIndex(documents: loaded.documents, origin: SharedData.corpus.path)
    let slogans = try score(corpus, families: ["var", "stale"], accept: isSlogan)
    XCTAssertEqual(slogans.recall, 1.0, "\(slogans)\n" + slogans.problems.joined(separator: "\n"))
    XCTAssertEqual(slogans.precision, 1.0, "\(slogans)\n" + slogans.problems.joined(separator: "\n"))
    let numbers = try score(corpus, families: ["fig"], accept: { $0.code == "figure/mismatch" })
    XCTAssertEqual(numbers.recall, 1.0, "\(numbers)\n" + numbers.problems.joined(separator: "\n"))
    XCTAssertEqual(numbers.precision, 1.0, "\(numbers)\n" + numbers.problems.joined(separator: "\n"))
  }

  func testWithTheBuiltInPackNoWarningIsFalseAndStaleFormsAndNumbersAreFound() throws {
    let corpus = try ReferencePack.builtIn().index
    let slogans = try score(corpus, families: ["var", "stale"], accept: isSlogan)
    // Word misquotes need corpus texts; the pack's figures are reported here, not required to be perfect.
    print("slogan drafts, built-in pack, slogan/: \(slogans)")
    XCTAssertEqual(slogans.precision, 1.0, "\(slogans)\n" + slogans.problems.joined(separator: "\n"))
    let stale = try score(corpus, families: ["stale"], accept: { $0.code == "slogan/stale" })
    XCTAssertEqual(stale.recall, 1.0, "\(stale)\n" + stale.problems.joined(separator: "\n"))
    let numbers = try score(corpus, families: ["fig"], accept: { $0.code == "figure/mismatch" })
    print("slogan drafts, built-in pack, misquoted numbers: \(numbers)")
    XCTAssertEqual(numbers.recall, 1.0, "\(numbers)\n" + numbers.problems.joined(separator: "\n"))
    XCTAssertEqual(numbers.precision, 1.0, "\(numbers)\n" + numbers.problems.joined(separator: "\n"))
  }
}
