@testable import PolicyText
import XCTest

/// A view rebuilt from its layout (`MatchingViewLayout`) is the view built from the text, and a layout
/// that does not fit its text is refused rather than trusted.
final class MatchingViewLayoutTests: XCTestCase {
  func testRebuiltViewsAreBuiltViewsOnNoisyText() {
    var random = SeededRandom(seed: 20_261_207)
    var exceptions = 0
    for round in 0..<300 {
      var string = NoisyText.make(&random, length: 40 + round)
      if round % 3 == 0 { string = string.replacingOccurrences(of: "\n", with: "\r\n") }
      if round % 7 == 0 { string = MatchingViewUpdateTests.lines.shuffled(using: &random).joined(separator: "\r") }
      let text = SourceText(string)
      let view = MatchingView(text)
      let layout = MatchingViewLayout(of: view, text: text)
      exceptions += Int(layout.words[1 + 2 * Int(layout.words[0])])
      guard let rebuilt = MatchingView(text, layout: layout) else {
        XCTFail("round \(round): the layout of a view does not fit its own text")
        continue
      }
      XCTAssertEqual(rebuilt.scalars, view.scalars, "round \(round)")
      XCTAssertEqual(rebuilt.originalIndex, view.originalIndex, "round \(round)")
      XCTAssertEqual(rebuilt.originalCount, view.originalCount, "round \(round)")
      XCTAssertTrue(rebuilt.originalIndex.isRunBacked || view.count == 0, "round \(round)")
      // Every index read through the runs, and the ranges the checks ask for, as the stored indices give them.
      XCTAssertEqual(Array(rebuilt.originalIndex), Array(view.originalIndex), "round \(round)")
      for _ in 0..<20 where view.count > 0 {
        let a = Int.random(in: 0..<view.count, using: &random)
        let b = Int.random(in: a...view.count, using: &random)
        XCTAssertEqual(rebuilt.originalRange(a..<b), view.originalRange(a..<b), "round \(round)")
        let o = Int.random(in: 0...text.scalars.count, using: &random)
        XCTAssertEqual(rebuilt.viewIndex(atOrAfterOriginal: o), view.viewIndex(atOrAfterOriginal: o), "round \(round)")
      }
      // Decoded from UTF-8 as it is rebuilt: the same view.
      let utf8 = Array(string.utf8)
      let fromBytes = utf8.withUnsafeBytes { MatchingView(utf8: $0, count: text.scalars.count, layout: layout) }
      XCTAssertEqual(fromBytes?.scalars, view.scalars, "round \(round)")
      XCTAssertEqual(fromBytes?.originalIndex, view.originalIndex, "round \(round)")
      XCTAssertEqual(fromBytes?.originalCount, view.originalCount, "round \(round)")
    }
    // The exceptions path is exercised: boundaries made from `\r`, spaces standing for wide blanks.
    XCTAssertGreaterThan(exceptions, 50)
  }

  func testAViewIsMostlyLongRuns() {
    let text = SourceText("一、总体情况\n\n全会认为，过去一年\n工作成绩显著。\n\n- 31 -\n\n（下转 02 版）经济运行稳中向好。")
    let layout = MatchingViewLayout(of: MatchingView(text), text: text)
    XCTAssertLessThanOrEqual(Int(layout.words[0]), 8)
  }

  func testLayoutsThatDoNotFitAreRefused() {
    let text = SourceText("全会认为，过去一年工作成绩显著。\n坚持稳中求进。")
    let good = MatchingViewLayout(of: MatchingView(text), text: text).words
    XCTAssertNotNil(MatchingView(text, layout: MatchingViewLayout(words: good)))
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [])), "empty")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [1, 0, 100, 0])), "past the end")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [2, 5, 3, 0, 3, 0])), "out of order")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [1, 0, 0, 0])), "empty run")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [1, 0, 3, 1, 5, 65])), "exception past the view")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [1, 0, 3, 1, 1, 0xD800])), "not a scalar")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [1, 0, 3, 2, 1, 65, 1, 66])), "unsorted")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: good + [0])), "trailing words")
    XCTAssertNil(MatchingView(text, layout: MatchingViewLayout(words: [UInt32.max] + good.dropFirst())), "huge count")
    // A layout of another text of the same length fits by bounds, which is why the cache checksums both.
    let other = SourceText("全会认为，过去一年工作成绩显著。\n坚持稳中求进！")
    XCTAssertNotNil(MatchingView(other, layout: MatchingViewLayout(words: good)))
  }

  func testAViewFromUTF8RefusesBytesThatAreNotItsText() {
    let string = "全会认为，过去𠀀一年\n工作成绩显著。"
    let text = SourceText(string)
    let layout = MatchingViewLayout(of: MatchingView(text), text: text)
    let good = Array(string.utf8)
    func view(_ bytes: [UInt8], count: Int) -> MatchingView? {
      bytes.withUnsafeBytes { MatchingView(utf8: $0, count: count, layout: layout) }
    }
    let n = text.scalars.count
    XCTAssertEqual(view(good, count: n)?.scalars, MatchingView(text).scalars)
    XCTAssertNil(view(good, count: n + 1), "fewer scalars than claimed")
    XCTAssertNil(view(good + Array("。".utf8), count: n), "more scalars than claimed")
    XCTAssertNil(view(Array(good.dropLast()), count: n), "a sequence cut short")
    var badContinuation = good
    badContinuation[1] = 0x41
    XCTAssertNil(view(badContinuation, count: n), "a broken continuation byte inside a run")
    var badTail = good
    badTail[badTail.count - 2] = 0xFF
    XCTAssertNil(view(badTail, count: n), "a bad byte after the last run")
    let four = SourceText("全会认为")
    let fourLayout = MatchingViewLayout(of: MatchingView(four), text: four)
    let surrogate = Array("全会认".utf8) + [0xED, 0xA0, 0x80]
    XCTAssertNotNil(Array("全会认为".utf8).withUnsafeBytes { MatchingView(utf8: $0, count: 4, layout: fourLayout) })
    XCTAssertNil(surrogate.withUnsafeBytes { MatchingView(utf8: $0, count: 4, layout: fourLayout) }, "a surrogate")
  }

  func testOriginalIndicesFromRunsReadAsStored() {
    let runs = OriginalIndex(viewStarts: [0, 3, 4], originalStarts: [2, 10, 20], count: 7)
    XCTAssertEqual(Array(runs), [2, 3, 4, 10, 20, 21, 22])
    XCTAssertEqual(runs, OriginalIndex([2, 3, 4, 10, 20, 21, 22]))
    XCTAssertNotEqual(runs, OriginalIndex([2, 3, 4, 10, 20, 21, 23]))
    XCTAssertNotEqual(runs, OriginalIndex([2, 3, 4, 10, 20, 21]))
    XCTAssertEqual(Array(runs[2..<5]), [4, 10, 20])
    XCTAssertEqual(OriginalIndex(viewStarts: [], originalStarts: [], count: 0).count, 0)
  }
}
