@testable import PolicyText
import XCTest

/// A compact view reads as the matching view it stands for: every scalar (rare characters outside the
/// BMP included), every original index and range.
final class CompactViewTests: XCTestCase {
  func testCompactViewsReadAsTheirViewsOnNoisyAndAstralText() {
    var random = SeededRandom(seed: 20_261_207)
    var wide = 0
    for round in 0..<300 {
      let string =
        round % 2 == 0 ? NoisyText.make(&random, length: 30 + round) : NoisyText.astral(&random, length: 20 + round)
      let text = SourceText(string)
      let view = MatchingView(text)
      let layout = MatchingViewLayout(of: view, text: text)
      let fromView = CompactView(view)
      let fromBytes = Array(string.utf8).withUnsafeBytes {
        CompactView(utf8: $0, count: text.scalars.count, layout: layout)
      }
      guard let fromBytes else {
        XCTFail("round \(round): the layout of a view does not fit its own text")
        continue
      }
      for compact in [fromView, fromBytes] {
        XCTAssertEqual(compact.count, view.count, "round \(round)")
        XCTAssertEqual((0..<compact.count).map { compact[$0] }, view.scalars, "round \(round)")
        XCTAssertEqual(compact.originalIndex, view.originalIndex, "round \(round)")
        XCTAssertEqual(compact.originalCount, view.originalCount, "round \(round)")
        for _ in 0..<10 where view.count > 0 {
          let a = Int.random(in: 0..<view.count, using: &random)
          let b = Int.random(in: a...view.count, using: &random)
          XCTAssertEqual(compact.originalRange(a..<b), view.originalRange(a..<b), "round \(round)")
        }
      }
      wide += fromBytes.units.filter { $0 == CompactView.wideMarker }.count
    }
    XCTAssertGreaterThan(wide, 100, "scalars outside the BMP are exercised")
  }

  func testACompactViewFromBytesThatAreNotItsTextIsRefused() {
    let string = "全会认为，过去𠀀一年\n工作成绩显著。"
    let text = SourceText(string)
    let layout = MatchingViewLayout(of: MatchingView(text), text: text)
    var bytes = Array(string.utf8)
    bytes[1] = 0x41
    XCTAssertNil(bytes.withUnsafeBytes { CompactView(utf8: $0, count: text.scalars.count, layout: layout) })
    XCTAssertNil(
      Array(string.utf8).withUnsafeBytes { CompactView(utf8: $0, count: text.scalars.count + 1, layout: layout) })
  }
}
