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
}
