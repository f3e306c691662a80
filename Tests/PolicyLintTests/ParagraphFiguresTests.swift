import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// The server finds a draft's figures paragraph by paragraph and keeps them for paragraphs an edit did not
/// touch (`ParagraphFigures`). That is exact only because finding a figure reads no further than its
/// paragraph: these tests compare with finding them over the whole view.
final class ParagraphFiguresTests: XCTestCase {
  /// Every fixture text, and the shared corpus and samples when present.
  func texts() -> [(String, String)] {
    var out: [(String, String)] = []
    var roots = [SharedData.packageRoot.appendingPathComponent("Tests/Fixtures")]
    if FileManager.default.fileExists(atPath: SharedData.corpus.path) { roots += [SharedData.corpus, SharedData.samples] }
    for root in roots {
      let walk = FileManager.default.enumerator(atPath: root.path)
      while let name = walk?.nextObject() as? String {
        guard name.hasSuffix(".txt") || name.hasSuffix(".md") else { continue }
        if let text = try? String(contentsOf: root.appendingPathComponent(name), encoding: .utf8) {
          out.append((name, text))
        }
      }
    }
    return out
  }

  func testParagraphByParagraphIsTheWholeView() {
    var figures = 0
    for (name, string) in texts() {
      let text = SourceText(string)
      let draft = DraftDocument(path: "/memory/\(name)", text: text, explicitDate: SimpleDate(year: 2024, month: 1, day: 1))
      let whole = FigureExtractor.figures(in: text, view: draft.view)
      XCTAssertEqual(ParagraphFigures().figures(of: draft), whole, name)
      figures += whole.count
    }
    XCTAssertGreaterThan(figures, 500, "the texts should hold many figures")
  }

  /// Through one memo over random edits (typing digits and numerals, line breaks, deletions, pastes), the
  /// analysis the figure checks share equals one made afresh.
  func testKeptFiguresFollowEdits() throws {
    let fixtures = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures")
    var scalars = Array(
      (try String(contentsOf: fixtures.appendingPathComponent("server/figures.md"), encoding: .utf8)
        + (try String(contentsOf: fixtures.appendingPathComponent("drafts/2024-01-notice.txt"), encoding: .utf8)))
        .unicodeScalars)
    let pieces = Array("2023年全省地区生产总值增长5.2%，新增就业12.3万人，两个方面：一是，二是。".unicodeScalars)
    let memo = CheckMemo()
    var edits = SeededEdits(seed: 21)
    func next(_ n: Int) -> Int { edits.next(n) }
    for step in 0..<200 {
      let at = next(scalars.count + 1)
      switch next(5) {
      case 0: scalars.insert(["3", "万", "\n", "两", "个", "%"][next(6)], at: at)
      case 1: scalars.removeSubrange(at..<min(scalars.count, at + 1 + next(20)))
      case 2:
        let from = next(pieces.count)
        scalars.insert(contentsOf: pieces[from..<min(pieces.count, from + 3 + next(20))], at: at)
      case 3: if at < scalars.count { scalars[at] = ["五", "6", "。", "年"][next(4)] }
      default: break
      }
      let text = SourceText(String(String.UnicodeScalarView(scalars)))
      let draft = DraftDocument(path: "/memory/edited.md", text: text, explicitDate: SimpleDate(year: 2024, month: 1, day: 1))
      let kept = draft.figureAnalysis(corpus: .empty, memo: memo).figures
      XCTAssertEqual(kept, FigureExtractor.figures(in: text, view: draft.view), "after edit \(step)")
      if kept != FigureExtractor.figures(in: text, view: draft.view) { return }
    }
  }
}
