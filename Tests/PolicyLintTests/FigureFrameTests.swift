import PolicyLint
import PolicyText
import XCTest

/// The frame a figure is stated in (period, target, bound, part) and the within-draft comparison built on it.
final class FigureFrameTests: XCTestCase {
  func analysis(_ s: String, date: SimpleDate) -> (FigureAnalysis, FigureFrames) {
    let text = SourceText(s)
    let a = FigureAnalysis(text: text, view: MatchingView(text), date: date)
    return (a, FigureFrames(a))
  }

  func frame(_ s: String, _ figure: String, date: SimpleDate) -> FigureFrame? {
    let (a, frames) = analysis(s, date: date)
    return a.figures.first { $0.text == figure }.map { frames.frame(of: $0) }
  }

  func figureFindings(_ s: String, date: String) -> [Finding] {
    let draft = DraftDocument(path: "/memory/d.txt", text: SourceText(s), explicitDate: SimpleDate(iso: date))
    return Linter(corpus: .empty).lint(draft, configuration: Configuration()).filter { $0.family == "figure" }
  }

  static let speech = """
    在全市经济工作会议上的讲话
    一、关于2023年经济工作
    过去一年，全市城镇新增就业12.3万人，新增托位3200个。
    二、关于今年的工作
    全年城镇新增就业12万人以上，新增托位2000个。
    """

  func testAReviewOfLastYearAndThisYearsTargetAreDifferentFrames() {
    let date = SimpleDate(year: 2024, month: 1, day: 22)
    let review = frame(Self.speech, "12.3万人", date: date)
    XCTAssertEqual(review?.period, "2023")
    XCTAssertEqual(review?.target, false)
    let target = frame(Self.speech, "12万人", date: date)
    XCTAssertEqual(target?.period, "2024")
    XCTAssertEqual(target?.bound, "以上")
    // `新增托位` has no qualifier at all: the section headings alone keep the years apart.
    XCTAssertEqual(frame(Self.speech, "2000个", date: date)?.period, "2024")
    XCTAssertEqual(frame(Self.speech, "3200个", date: date)?.period, "2023")
    XCTAssertTrue(figureFindings(Self.speech, date: "2024-01-22").isEmpty)
  }

  func testTheSameSubjectInTheSameFrameStillConflicts() {
    let s = """
      政府工作报告
      一、2023年工作回顾
      全年新签约项目312个，城镇新增就业12.3万人。
      （一）着力稳住经济大盘。新签约项目321个，其中50亿元以上项目8个。
      """
    let found = figureFindings(s, date: "2024-01-15")
    XCTAssertEqual(found.map(\.code), ["figure/mismatch"])
    XCTAssertTrue(found.first?.message.contains("2023年") == true, found.first?.message ?? "")
  }

  func testPastYearIsTheCurrentYearInADecemberReview() {
    XCTAssertEqual(frame("过去一年，新增学位2万个。", "2万个", date: SimpleDate(year: 2023, month: 12, day: 22))?.period, "2023")
    XCTAssertEqual(frame("过去一年，新增学位2万个。", "2万个", date: SimpleDate(year: 2024, month: 1, day: 22))?.period, "2023")
    XCTAssertEqual(frame("明年新增学位2万个。", "2万个", date: SimpleDate(year: 2023, month: 12, day: 22))?.period, "2024")
  }

  func testABaselineSetsNoFrameButADeadlineAndASpanDo() {
    let date = SimpleDate(year: 2024, month: 1, day: 22)
    XCTAssertEqual(frame("到2025年，新增学位8万个。", "8万个", date: date)?.period, "到2025")
    XCTAssertEqual(frame("2022年，比2021年新增学位2万个。", "2万个", date: date)?.period, "2022")
    XCTAssertEqual(frame("收入从2017年的9.2亿元增加到2022年的13.6亿元。", "13.6亿元", date: date)?.period, "2017-2022")
    XCTAssertEqual(frame("今年以来，新增学位2万个。", "2万个", date: date)?.period, "2024以来")
  }

  func testTargetsBoundsAndPartsAreTold() {
    let date = SimpleDate(year: 2024, month: 1, day: 22)
    XCTAssertEqual(frame("力争新签约项目300个以上。", "300个", date: date)?.target, true)
    XCTAssertEqual(frame("力争新签约项目300个以上。", "300个", date: date)?.bound, "以上")
    XCTAssertEqual(frame("主要指标完成新签约项目300个。", "300个", date: date)?.target, false)
    XCTAssertEqual(frame("1—3月，城镇新增就业3.1万人。", "3.1万人", date: date)?.part, "1—3月")
    XCTAssertEqual(frame("其中，城镇新增就业3.1万人。", "3.1万人", date: date)?.part, "其中")
  }

  func testAChangeWithinOneSentenceAndAnEllipticalGrowthRateAreNotConflicts() {
    let s = "十年来，我国经济总量从54万亿元增长到114万亿元。收入从9.2亿元增加到13.6亿元，年均增长6.5%；支出年均增长8.1%。"
    XCTAssertTrue(figureFindings(s, date: "2022-10-25").isEmpty)
    XCTAssertEqual(FigureFrames.subjectIdentity("年均增长"), "")
    XCTAssertEqual(FigureFrames.subjectIdentity("全年新签约项目"), "新签约项目")
    XCTAssertEqual(FigureFrames.subjectIdentity("一是新建保障性租赁住房"), "新建保障性租赁住房")
    XCTAssertEqual(FigureFrames.subjectIdentity("城镇新增就业"), "城镇新增就业")
    XCTAssertEqual(FigureFrames.subjectIdentity("要把到2027年新建高标准农田"), "新建高标准农田")
    XCTAssertEqual(FigureFrames.subjectIdentity("全县粮食播种面积稳定在"), "粮食播种面积")
  }

  func testRoundedSummariesAgreeWithTheirDetail() {
    let s = "全市地区生产总值2.2万亿元。\n经核算，全市地区生产总值22074.1亿元。"
    XCTAssertTrue(figureFindings(s, date: "2024-01-22").isEmpty)
    let t = "全市地区生产总值2.2万亿元。\n经核算，全市地区生产总值2.4万亿元。"
    XCTAssertEqual(figureFindings(t, date: "2024-01-22").map(\.code), ["figure/mismatch"])
  }

  func testAListMarkerBeforeACountIsNotAMemberAndAnAndJoinedItemIsAmbiguous() {
    let notice = "一、抓好三个方面的重点工作。各地要抓好安全生产、市场供应、困难群众帮扶和信访维稳工作，做到责任到人、措施到位。"
    XCTAssertTrue(figureFindings(notice, date: "2024-01-08").isEmpty)
    // Three or four items: `三项` and `四项` both read right; `五项` is wrong, but by how much is not known.
    for n in ["三", "四", "五"] {
      XCTAssertTrue(figureFindings("抓好安全生产、市场供应、困难群众帮扶和信访维稳\(n)项工作。", date: "2024-01-08").isEmpty, n)
    }
    let found = figureFindings("一、抓好安全生产、市场供应、信访维稳两项工作。", date: "2024-01-08")
    XCTAssertEqual(found.map(\.code), ["figure/count"])
    XCTAssertTrue(found.first?.message.contains("实际列出3项") == true, found.first?.message ?? "")
  }

  func testSiblingSubsectionsAreParallelTopicsButASummaryAndItsDetailAreCompared() {
    let parallel = "通报\n一、各区情况\n（一）高新区\n新增市场主体1.2万户。\n（二）天府新区\n新增市场主体2.3万户。"
    XCTAssertTrue(figureFindings(parallel, date: "2024-01-22").isEmpty)
    let restated = "通报\n一、总体情况\n全市新增市场主体4.2万户。\n（一）稳住经济大盘\n新增市场主体4.8万户。"
    XCTAssertEqual(figureFindings(restated, date: "2024-01-22").map(\.code), ["figure/mismatch"])
  }

  func testDatesWithoutAYearAreReadInTheNearestYear() {
    XCTAssertEqual(FigureAnalysis.nearestYear(month: 12, day: 27, to: SimpleDate(year: 2024, month: 1, day: 5)), 2023)
    XCTAssertEqual(FigureAnalysis.nearestYear(month: 1, day: 5, to: SimpleDate(year: 2023, month: 12, day: 28)), 2024)
    XCTAssertEqual(FigureAnalysis.nearestYear(month: 6, day: 1, to: SimpleDate(year: 2024, month: 1, day: 5)), 2024)
  }
}
