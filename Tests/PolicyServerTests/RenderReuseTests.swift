import Foundation
import JSONRPC
import PolicyLint
import PolicyReporters
import PolicyText
import XCTest

@testable import PolicyServer

/// A lint result that takes unchanged diagnostics from the previous lint must publish exactly the bytes a
/// result rendered from scratch publishes, after any edit: typing, line breaks, deletions, pastes, and
/// characters outside the Basic Multilingual Plane (two UTF-16 units) before a finding.
final class RenderReuseTests: XCTestCase {
  struct Edits {
    var seed: UInt64
    mutating func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % max(1, n)
    }
  }

  func testReusedDiagnosticsAreThoseRenderedAfresh() throws {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Fixtures")
    let loaded = try CorpusLoader.load(directory: fixtures.appendingPathComponent("server/corpus").path)
    let corpus = CorpusIndex(documents: loaded.documents, origin: "fixtures")
    let source = loaded.documents.compactMap { $0.text?.string }.joined(separator: "\n")
    var text = try String(contentsOf: fixtures.appendingPathComponent("server/draft.md"), encoding: .utf8)
    text += "\n" + String(source.unicodeScalars.prefix(400)) + "\n"
    text += try String(contentsOf: fixtures.appendingPathComponent("drafts/2024-01-notice.txt"), encoding: .utf8)
    text += try String(contentsOf: fixtures.appendingPathComponent("drafts/plenary-outline.md"), encoding: .utf8)
    let pieces = Array(source.unicodeScalars)
    let linter = Linter(corpus: corpus)
    for encoding in [PositionEncoding.utf16, .utf8] {
      var scalars = Array(text.unicodeScalars)
      var edits = Edits(seed: encoding == .utf16 ? 7 : 8)
      var previous: LintResult?
      var reused = 0
      var rendered = 0
      for step in 0..<150 {
        let at = edits.next(scalars.count + 1)
        switch edits.next(6) {
        case 0, 1: scalars.insert(["新", "，", "𠀀", "的", "\n"][edits.next(5)], at: at)
        case 2: scalars.removeSubrange(at..<min(scalars.count, at + 1 + edits.next(30)))
        case 3:
          let from = edits.next(pieces.count)
          scalars.insert(contentsOf: pieces[from..<min(pieces.count, from + 10 + edits.next(80))], at: at)
        case 4: if at < scalars.count { scalars[at] = ["改", "两", "三", "。"][edits.next(4)] }
        default: break  // the same text again (a save, a settings change)
        }
        let source = SourceText(String(String.UnicodeScalarView(scalars)))
        let draft = DraftDocument(
          path: "/memory/draft.md", text: source, explicitDate: SimpleDate(year: 2024, month: 1, day: 1),
          corpus: corpus)
        let findings = linter.lint(draft, configuration: Configuration())
        let fresh = LintResult(
          generation: step, version: step, text: source, findings: findings, corpus: corpus,
          uri: "file:///memory/draft.md", encoding: encoding)
        let kept = LintResult(
          generation: step, version: step, text: source, findings: findings, corpus: corpus,
          uri: "file:///memory/draft.md", encoding: encoding, previous: previous)
        XCTAssertEqual(
          String(decoding: kept.serializedDiagnostics, as: UTF8.self),
          String(decoding: fresh.serializedDiagnostics, as: UTF8.self), "\(encoding) after edit \(step)")
        XCTAssertEqual(kept.rendered, fresh.rendered)
        if kept.serializedDiagnostics != fresh.serializedDiagnostics { return }
        reused += kept.reused
        rendered += findings.count
        previous = kept
      }
      XCTAssertGreaterThan(reused, rendered / 2, "most diagnostics should be kept across small edits")
    }
  }

  /// A result made against another corpus, for another document or encoding is never reused.
  func testNothingIsReusedAcrossCorporaDocumentsOrEncodings() {
    let text = SourceText("要坚持稳中求进工作总基调，推动经济运行的的整体好转。")
    let corpus = CorpusIndex(documents: [], origin: "a")
    let findings = Linter(corpus: corpus).lint(
      DraftDocument(path: "/memory/a.txt", text: text, explicitDate: SimpleDate(year: 2024, month: 1, day: 1)),
      configuration: Configuration())
    XCTAssertFalse(findings.isEmpty)
    func result(_ corpus: CorpusIndex, _ uri: String, _ encoding: PositionEncoding, _ previous: LintResult?)
      -> LintResult
    {
      LintResult(
        generation: 1, version: 1, text: text, findings: findings, corpus: corpus, uri: uri, encoding: encoding,
        previous: previous)
    }
    let first = result(corpus, "file:///a.txt", .utf16, nil)
    XCTAssertEqual(result(corpus, "file:///a.txt", .utf16, first).reused, findings.count)
    XCTAssertEqual(result(CorpusIndex(documents: [], origin: "a"), "file:///a.txt", .utf16, first).reused, 0)
    XCTAssertEqual(result(corpus, "file:///b.txt", .utf16, first).reused, 0)
    XCTAssertEqual(result(corpus, "file:///a.txt", .utf8, first).reused, 0)
  }
}
