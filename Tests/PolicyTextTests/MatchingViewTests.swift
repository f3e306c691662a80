import PolicyText
import XCTest

final class MatchingViewTests: XCTestCase {
  func view(_ s: String) -> String {
    let v = MatchingView(SourceText(s))
    return v.string(0..<v.count)
  }

  func testSpacesBetweenCJKAreDropped() {
    XCTAssertEqual(view("全 会 由 省 委"), "全会由省委")
    XCTAssertEqual(view("2023 年 11 月"), "2023年11月")
    XCTAssertEqual(view("GDP growth"), "GDP growth")
  }

  func testFullWidthFormsFold() {
    XCTAssertEqual(view("２０２３年，（一）"), "2023年,(一)")
  }

  func testHardLineBreakInsideSentenceIsJoinedAndSentenceEndKeepsBoundary() {
    XCTAssertEqual(view("外交\n部发言人。\n新华社"), "外交部发言人。\n新华社")
    XCTAssertEqual(view("保持高\n\n层交往"), "保持高层交往")
  }

  func testPageFurnitureIsIgnored() {
    XCTAssertEqual(view("发展。\n- 31 -\n全会"), "发展。\n全会")
    XCTAssertEqual(view("推进（下转 02 版）城乡"), "推进城乡")
    XCTAssertEqual(view("# 标题\n正文。"), "标题\n正文。")
  }

  func testEveryViewScalarMapsBackToTheOriginalItFoldsFrom() {
    let original = "＃ 全 会，\r\n２０２３ 年（下转 02 版）要要。\n- 3 -\n𠀀字"
    let text = SourceText(original)
    let v = MatchingView(text)
    for (i, s) in v.scalars.enumerated() where s != "\n" {
      let o = Int(v.originalIndex[i])
      XCTAssertEqual(ScalarClass.fold(text.scalars[o]), s, "view \(i) maps to original \(o)")
    }
    let r = v.viewRange(coveringOriginal: 0..<text.count)
    XCTAssertEqual(r, 0..<v.count)
  }
}
