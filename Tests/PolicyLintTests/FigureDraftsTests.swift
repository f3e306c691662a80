import Foundation
import PolicyLint
import PolicyText
import XCTest

/// The figure checks on the drafts in `Tests/Fixtures/figure-drafts`: realistic texts of several genres dated
/// 2022–2025, with figure and count errors a writer really makes marked `⟦fig:…⟧` / `⟦cnt:…⟧`, and controls
/// full of legitimate figures (results and targets of different years, bounds, 同比, ranges, ordinals, plans,
/// correct weekdays and anniversaries). Scored with the rule of `../shared/SAMPLES.md`, restricted to the
/// `figure/` family: every mark must be found, and every figure warning must sit on a mark.
final class FigureDraftsTests: XCTestCase {
  static let directory = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/figure-drafts")

  struct Score {
    var marks = 0
    var matchedMarks = 0
    var warnings = 0
    var matchedWarnings = 0
    var details: [String] = []
    var recall: Double { marks == 0 ? 1 : Double(matchedMarks) / Double(marks) }
    var precision: Double { warnings == 0 ? 1 : Double(matchedWarnings) / Double(warnings) }
  }

  func drafts() throws -> [(name: String, marked: MarkedText)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
      .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }.sorted()
    return try names.map { name in
      let raw = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
      return (name, MarkedText(raw, familyPrefixes: true))
    }
  }

  /// UTF-16 offset of every scalar index of a text (one past the end included).
  func utf16Offsets(_ text: String) -> [Int] {
    var out = [0]
    for s in text.unicodeScalars { out.append(out[out.count - 1] + (s.value > 0xFFFF ? 2 : 1)) }
    return out
  }

  func score(corpus: CorpusIndex) throws -> Score {
    var score = Score()
    let linter = Linter(corpus: corpus)
    for (name, marked) in try drafts() {
      let draft = DraftDocument(path: Self.directory.appendingPathComponent(name).path, text: SourceText(marked.text))
      let found = linter.lint(draft, configuration: Configuration()).filter {
        $0.family == "figure" && $0.severity >= .warning
      }
      let u = utf16Offsets(marked.text)
      let marks = zip(marked.marks, marked.families).filter { _, family in
        family?.split(separator: "|").contains { $0 == "fig" || $0 == "cnt" } ?? false
      }.map(\.0)
      func near(_ f: Finding, _ m: Range<Int>) -> Bool {
        u[f.range.lowerBound] <= u[m.upperBound] + 8 && u[f.range.upperBound] >= u[m.lowerBound] - 8
      }
      for m in marks {
        score.marks += 1
        if found.contains(where: { near($0, m) }) {
          score.matchedMarks += 1
        } else {
          score.details.append("\(name): missed “\(String(scalarSlice: Array(marked.text.unicodeScalars)[m]))”")
        }
      }
      for f in found {
        score.warnings += 1
        if marks.contains(where: { near(f, $0) }) {
          score.matchedWarnings += 1
        } else {
          score.details.append("\(name): false \(f.code) “\(draft.text.string(f.range))” \(f.message)")
        }
      }
    }
    return score
  }

  func testEveryPlantedFigureErrorIsFoundAndNoControlFigureIsFlaggedWithTheBuiltInPack() throws {
    let score = try score(corpus: try ReferencePack.builtIn().index)
    XCTAssertGreaterThanOrEqual(score.marks, 10)
    XCTAssertEqual(score.recall, 1, score.details.joined(separator: "\n"))
    XCTAssertEqual(score.precision, 1, score.details.joined(separator: "\n"))
  }

  func testEveryPlantedFigureErrorIsFoundAndNoControlFigureIsFlaggedWithTheSharedCorpus() throws {
    try SharedData.require()
    let corpus = try CorpusProvider.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path).index
    let score = try score(corpus: corpus)
    XCTAssertEqual(score.recall, 1, score.details.joined(separator: "\n"))
    XCTAssertEqual(score.precision, 1, score.details.joined(separator: "\n"))
  }

  func testTheDraftsCoverTheGenresAndYearsTheyClaim() throws {
    let all = try drafts()
    XCTAssertGreaterThanOrEqual(all.count, 6)
    XCTAssertTrue(all.contains { $0.name.hasSuffix(".md") }, "a markdown draft")
    XCTAssertTrue(all.contains { $0.marked.marks.isEmpty }, "at least one control without marks")
    var years = Set<Int>()
    for (name, marked) in all {
      let draft = DraftDocument(path: name, text: SourceText(marked.text))
      XCTAssertTrue(draft.dateSource.hasPrefix("dateline"), "\(name) has a dateline: \(draft.dateSource)")
      years.insert(draft.date.year)
    }
    XCTAssertEqual(years, [2022, 2023, 2024, 2025])
  }
}
