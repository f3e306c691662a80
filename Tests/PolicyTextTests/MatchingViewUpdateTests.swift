@testable import PolicyText
import XCTest

/// `MatchingView.updating(_:from:)` makes exactly the view a fresh build makes, edit after edit, whether it
/// redoes only the edited line or builds anew.
final class MatchingViewUpdateTests: XCTestCase {
  /// Lines of the kinds the builder tells apart: headings, list items, titles, salutations, datelines,
  /// asides, furniture, page references, comments (one spanning lines), ASCII words, blanks.
  static let lines = [
    "一、总体情况", "## 二、主要目标", "全会认为，过去一年工作成绩显著。", "各单位：", "2023年12月29日",
    "（2023年11月20日中共四川省委第十二届四次全会通过）", "- 31 -", "（下转 02 版）经济运行稳中向好", "GDP growth was",
    "strong in the first half", "**重点**任务包括：", "1. 推进改革", "短标题", "", "", "",
    "<!-- policylint-disable-line -->全面推进乡村振兴", "<!-- 注", "-->", "坚持稳中求进工作总基调，完整准确全面贯彻",
    "新发展理念。", "“两个确立”具有决定性意义", "第一，要坚持", "人民日报记者 张三", "　　各地区各部门要",
  ]
  static let typed: [String] = ["新", "。", "，", "：", "（", "）", "“", "”", "a", " ", "1", "年", "版", "下转", "*", "—"]

  func testUpdatedViewsAreFreshViewsOverRandomEdits() {
    var random = SeededRandom(seed: 20_261_206)
    var incremental = 0
    var edits = 0
    for round in 0..<60 {
      let separator = round % 5 == 4 ? "\r\n" : "\n"
      var scalars: [Unicode.Scalar]
      if round % 4 == 3 {
        scalars = Array(NoisyText.make(&random, length: 120).unicodeScalars)
      } else {
        scalars = Array((0..<40).map { _ in random.pick(Self.lines) }.joined(separator: separator).unicodeScalars)
      }
      var text = SourceText(scalars: scalars)
      var (view, trace) = MatchingView.tracing(text)
      assertSame(view, MatchingView(text), "round \(round), first build")
      for step in 0..<40 {
        let at = scalars.isEmpty ? 0 : Int.random(in: 0..<scalars.count, using: &random)
        switch Int.random(in: 0..<10, using: &random) {
        case 0..<5:
          scalars.insert(contentsOf: random.pick(Self.typed).unicodeScalars, at: at)
        case 5..<8:
          let end = min(scalars.count, at + Int.random(in: 1...3, using: &random))
          if !scalars.isEmpty { scalars.removeSubrange(at..<end) }
        case 8:
          scalars.insert(contentsOf: random.pick(NoisyText.pieces).unicodeScalars, at: at)
        default:
          scalars.insert(contentsOf: random.pick(Self.lines).unicodeScalars, at: at)
        }
        text = SourceText(scalars: scalars)
        if MatchingView.Builder.update(trace, to: text) != nil { incremental += 1 }
        edits += 1
        (view, trace) = MatchingView.updating(text, from: trace)
        assertSame(view, MatchingView(text), "round \(round), edit \(step) at \(at)")
      }
    }
    // The test means something only if most edits took the incremental path.
    XCTAssertGreaterThan(incremental, edits / 3, "\(incremental) of \(edits) edits were updates")
  }

  func testEditsThatCannotBeRedoneAloneBuildAnew() {
    let base = SourceText("标题\n\n第一段内容。\n<!-- 注\n第二段\n-->\n第三段。")
    let (_, trace) = MatchingView.tracing(base)
    // A line break typed, a line inside a comment, a comment marker typed: each builds anew, correctly.
    for edited in ["标题\n\n第一段\n内容。\n<!-- 注\n第二段\n-->\n第三段。", "标题\n\n第一段内容。\n<!-- 注\n第二段改\n-->\n第三段。",
      "标题\n\n第一段<内容。\n<!-- 注\n第二段\n-->\n第三段。"]
    {
      let text = SourceText(edited)
      XCTAssertNil(MatchingView.Builder.update(trace, to: text), edited)
      assertSame(MatchingView.updating(text, from: trace).0, MatchingView(text), edited)
    }
    // Typing inside an ordinary line is redone alone.
    let typed = SourceText("标题\n\n第一段新内容。\n<!-- 注\n第二段\n-->\n第三段。")
    XCTAssertNotNil(MatchingView.Builder.update(trace, to: typed))
    assertSame(MatchingView.updating(typed, from: trace).0, MatchingView(typed), "typed")
  }

  /// An edit that stops a block being a headline changes whether the next block starts fresh; that block's
  /// lines then read alike again, but where it ends the break still depends on it.
  func testABlockStartingFreshOrNotIsCarriedPastTheEdit() {
    let before = SourceText("开头一句话。\n\n短标题\n\n甲乙丙丁\n戊己庚\n辛壬\n\n这是一段很长的正文内容需要足够长才行。")
    let after = SourceText("开头一句话。\n\n短，标题\n\n甲乙丙丁\n戊己庚\n辛壬\n\n这是一段很长的正文内容需要足够长才行。")
    let (_, trace) = MatchingView.tracing(before)
    XCTAssertNotNil(MatchingView.Builder.update(trace, to: after))
    XCTAssertNotEqual(MatchingView(before).scalars.filter { $0 == "\n" }.count, MatchingView(after).scalars.filter { $0 == "\n" }.count)
    assertSame(MatchingView.updating(after, from: trace).0, MatchingView(after), "headline lost")
    assertSame(MatchingView.updating(before, from: MatchingView.tracing(after).1).0, MatchingView(before), "headline made")
    // The same in a block of three lines whose later lines read alike: where it ends still depends on it.
    let three = SourceText("开头一句话。\n\n短标题\n甲乙\n丙丁\n\n这是一段很长的正文内容需要足够长才行。")
    let edited = SourceText("开头一句话。\n\n短，标题\n甲乙\n丙丁\n\n这是一段很长的正文内容需要足够长才行。")
    XCTAssertNotEqual(MatchingView(three).scalars, MatchingView(edited).scalars)
    assertSame(MatchingView.updating(edited, from: MatchingView.tracing(three).1).0, MatchingView(edited), "3 lines")
    assertSame(MatchingView.updating(three, from: MatchingView.tracing(edited).1).0, MatchingView(three), "3 lines back")
  }

  /// A block's bracket balance is summed from its lines' (`Balance.append`): the same as counting its
  /// scalars one by one, wherever the lines part.
  func testBalancesAddUpAsCountedScalarByScalar() {
    var random = SeededRandom(seed: 7)
    let alphabet: [Unicode.Scalar] = ["(", ")", "“", "”", "《", "》", "【", "】", "字"]
    for _ in 0..<2000 {
      let scalars = (0..<Int.random(in: 0...12, using: &random)).map { _ in random.pick(alphabet) }
      var whole = MatchingView.Builder.Balance()
      for s in scalars { whole.add(s) }
      var summed = MatchingView.Builder.Balance()
      var part = MatchingView.Builder.Balance()
      for s in scalars {
        part.add(s)
        if random.chance(0.3) {
          summed.append(part)
          part = MatchingView.Builder.Balance()
        }
      }
      summed.append(part)
      let text = String(String.UnicodeScalarView(scalars))
      XCTAssertEqual(summed.isBalanced, whole.isBalanced, text)
      XCTAssertEqual(summed.broken, whole.broken, text)
      XCTAssertEqual(
        [summed.round, summed.quote, summed.title, summed.square], [whole.round, whole.quote, whole.title, whole.square],
        text)
    }
  }

  private func assertSame(_ a: MatchingView, _ b: MatchingView, _ label: String, line: UInt = #line) {
    XCTAssertEqual(
      String(String.UnicodeScalarView(a.scalars)), String(String.UnicodeScalarView(b.scalars)), label, line: line)
    XCTAssertEqual(a.originalIndex, b.originalIndex, label, line: line)
    XCTAssertEqual(a.originalCount, b.originalCount, label, line: line)
  }
}
