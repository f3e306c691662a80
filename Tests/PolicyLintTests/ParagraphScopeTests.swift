import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// `CheckScope.paragraph` is a claim about a check: its findings in a paragraph are those it finds in that
/// paragraph checked alone (as the whole draft's view reads it). The server's paragraph cache relies on it.
/// These tests check the claim for every check that makes it, over the shared data, the fixture drafts
/// and the checks' own examples, and check that linting through a `LintCache` after edits gives exactly
/// the findings of a lint without one.
final class ParagraphScopeTests: XCTestCase {
  static let today = SimpleDate(year: 2024, month: 6, day: 1)

  /// A check's findings on the whole draft, and the union of its findings on each paragraph alone.
  static func wholeAndParts(
    _ check: any Check.Type, _ draft: DraftDocument, _ index: CorpusIndex, _ configuration: Configuration
  ) -> (whole: [Finding], parts: [Finding]) {
    let instance = check.init()
    let whole = instance.run(CheckContext(draft: draft, corpus: index, configuration: configuration))
    var parts: [Finding] = []
    for p in Linter.paragraphs(draft) {
      let part = DraftDocument(paragraphOf: draft, viewRange: p.view, originalRange: p.original)
      parts += instance.run(CheckContext(draft: part, corpus: index, configuration: configuration))
        .map { $0.shifted(by: p.original.lowerBound) }
    }
    return (whole, parts)
  }

  /// Texts to try: the shared samples and corpus documents, and every fixture draft.
  static func texts() throws -> [(name: String, path: String, text: String)] {
    var result: [(String, String, String)] = []
    var dirs = [SharedData.samples, SharedData.corpus]
    for sub in ["drafts", "figure-drafts", "slogan-drafts", "qa-drafts"] {
      dirs.append(SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/\(sub)"))
    }
    for dir in dirs where FileManager.default.fileExists(atPath: dir.path) {
      let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter(CorpusLoader.isDraftFile)
        .sorted()
      for name in names {
        let url = dir.appendingPathComponent(name)
        result.append((name, URLPath.resolve(url.path), try CorpusLoader.readText(url.path).0))
      }
    }
    return result
  }

  static func sorted(_ findings: [Finding]) -> [String] {
    findings.map { "\($0)" }.sorted()
  }

  func testParagraphScopedChecksFindInEachParagraphWhatTheyFindInTheWhole() throws {
    try SharedData.require()
    let scoped = builtInChecks.filter { $0.description.scope == .paragraph }
    XCTAssertFalse(scoped.isEmpty)
    let corpus = try SharedCorpus.index()
    let pack = try ReferencePack.builtIn().index
    var compared = 0
    for (name, path, text) in try Self.texts() {
      for index in [corpus, pack] {
        let draft = DraftDocument(path: path, text: SourceText(text), corpus: index, today: Self.today)
        for check in scoped {
          var configuration = Configuration()
          let d = check.description
          if !d.enabledByDefault { configuration.rules[d.code] = .severity(d.defaultSeverity) }
          let (whole, parts) = Self.wholeAndParts(check, draft, index, configuration)
          XCTAssertEqual(Self.sorted(parts), Self.sorted(whole), "\(d.code) on \(name) against \(index.origin)")
          compared += whole.count
        }
      }
    }
    XCTAssertGreaterThan(compared, 20, "the texts exercise the paragraph-scoped checks")
  }

  func testParagraphScopedChecksHoldOnTheirExamples() {
    for check in builtInChecks where check.description.scope == .paragraph {
      let d = check.description
      for example in d.triggering + d.nonTriggering {
        let text = example.marked.replacingOccurrences(of: "⟦", with: "").replacingOccurrences(of: "⟧", with: "")
        let docs = example.corpus.enumerated().map { i, e in
          CorpusDocument.inMemory(e.text, name: "example-\(i).txt", id: i, date: e.date, rank: e.rank)
        }
        let index = CorpusIndex(documents: docs, origin: "examples")
        var configuration = Configuration()
        if !d.enabledByDefault { configuration.rules[d.code] = .severity(d.defaultSeverity) }
        for variant in [text, "标题\n\n" + text + "\n第二段。" + text, text.replacingOccurrences(of: "。", with: "。\n")] {
          let draft = DraftDocument(
            path: "/memory/draft.txt", text: SourceText(variant), explicitDate: example.date, corpus: index)
          let (whole, parts) = Self.wholeAndParts(check, draft, index, configuration)
          XCTAssertEqual(Self.sorted(parts), Self.sorted(whole), "\(d.code) on \(variant)")
        }
      }
    }
  }

  /// Edits as a writer makes them: characters typed and deleted, a paragraph added, split and removed.
  func testLintingThroughTheCacheAfterEditsEqualsLintingAfresh() throws {
    try SharedData.require()
    let corpus = try SharedCorpus.index()
    let linter = Linter(corpus: corpus)
    let cache = LintCache()
    let samples = try Self.texts().filter { $0.name.hasPrefix("s1_") || $0.name.hasPrefix("000_") }
    var text = samples.map(\.text).joined(separator: "\n\n")
    var seed: UInt64 = 7
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % max(1, n)
    }
    let inserts = ["新", "，", "。\n", "\n\n全会强调，要坚持稳中求进工作总基调。\n", "2024年", "“两个确立”"]
    for step in 0..<40 {
      var scalars = Array(text.unicodeScalars)
      let at = next(scalars.count)
      if step % 3 == 2, scalars.count > 10 {
        scalars.removeSubrange(at..<min(scalars.count, at + 1 + next(6)))
      } else {
        scalars.insert(contentsOf: Array(inserts[next(inserts.count)].unicodeScalars), at: at)
      }
      text = String(String.UnicodeScalarView(scalars))
      let draft = DraftDocument(path: "/memory/edited.txt", text: SourceText(text), corpus: corpus, today: Self.today)
      let cached = linter.lint(draft, configuration: Configuration(), cache: cache)
      let fresh = linter.lint(draft, configuration: Configuration())
      XCTAssertEqual(cached, fresh, "after edit \(step)")
    }
    let stats = cache.statistics
    XCTAssertGreaterThan(stats.reused, 10 * stats.computedAlone, "\(stats)")
    // Another configuration is another context: nothing is reused, and the findings follow it.
    var configuration = Configuration()
    configuration.thresholds["reuseMinLength"] = 12
    let draft = DraftDocument(path: "/memory/edited.txt", text: SourceText(text), corpus: corpus, today: Self.today)
    XCTAssertEqual(
      linter.lint(draft, configuration: configuration, cache: cache), linter.lint(draft, configuration: configuration))
  }
}
