import PolicyLint
import PolicyText
import XCTest

/// What the extractor reads in running text: kinds, values, units and exact original ranges.
final class FigureExtractionTests: XCTestCase {
  func figures(_ s: String) -> [Figure] { FigureExtractor.figures(in: s) }

  func only(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> Figure? {
    let fs = figures(s)
    XCTAssertEqual(fs.count, 1, "\(s): \(fs.map(\.text))", file: file, line: line)
    return fs.first
  }

  func slice(_ s: String, _ r: Range<Int>) -> String {
    String(scalarSlice: Array(s.unicodeScalars)[r])
  }

  func testArabicWithSeparatorsFullWidthDigitsAndDecimals() {
    XCTAssertEqual(only("共计1,234,567元。")?.value, 1_234_567)
    let f = only("其中１２３人。")
    XCTAssertEqual(f?.value, 123)
    XCTAssertEqual(f?.unit, "人")
    XCTAssertEqual(only("增长2.5%。")?.kind, .percent)
    XCTAssertEqual(only("增长2.5%。")?.value, 2.5)
  }

  func testAFullWidthCommaIsNotAThousandsSeparator() {
    let fs = figures("到2027年，100个村")
    XCTAssertEqual(fs.map(\.text), ["2027年", "100个"])
  }

  func testPercentPerMilleFractionsAndPercentagePoints() {
    XCTAssertEqual(only("百分之二十")?.value, 20)
    XCTAssertEqual(only("百分之二十")?.kind, .percent)
    XCTAssertEqual(only("千分之五")?.kind, .permille)
    XCTAssertEqual(only("3‰")?.kind, .permille)
    let third = only("三分之一")
    XCTAssertEqual(third?.kind, .fraction)
    XCTAssertEqual(third?.second, 3)
    let points = only("提高0.5个百分点")
    XCTAssertEqual(points?.kind, .percentagePoints)
    XCTAssertEqual(points?.value, 0.5)
  }

  func testMixedMultipliers() {
    XCTAssertEqual(only("1.2万户")?.value, 12_000)
    XCTAssertEqual(only("1.2万户")?.unit, "户")
    XCTAssertEqual(only("2万亿元")?.value, 2e12)
    XCTAssertEqual(only("两万亿元")?.value, 2e12)
    XCTAssertEqual(only("1.2万亿元")?.value ?? 0, 1.2e12, accuracy: 1)
    XCTAssertEqual(only("十亿零八百一十七万五千二百八十八元")?.value, 1_008_175_288)
  }

  func testYearsInBothScripts() {
    for s in ["二〇三五年", "2035年"] {
      let f = only(s)
      XCTAssertEqual(f?.kind, .year)
      XCTAssertEqual(f?.value, 2035)
    }
  }

  func testDatesAndSpans() {
    let span = only("会议12月27日至28日在北京举行")
    XCTAssertEqual(span?.text, "12月27日至28日")
    XCTAssertEqual(span?.date, WrittenDate(month: 12, day: 27))
    XCTAssertEqual(span?.dateEnd, WrittenDate(month: 12, day: 28))
    let dash = only("27—28日")
    XCTAssertEqual(dash?.dateEnd?.day, 28)
    XCTAssertEqual(only("2023年11月20日")?.date?.simpleDate, SimpleDate(year: 2023, month: 11, day: 20))
    XCTAssertEqual(only("二〇二三年十一月二十日")?.date?.simpleDate, SimpleDate(year: 2023, month: 11, day: 20))
  }

  func testSpacedFiguresMapBackToTheExactOriginalRange() {
    let s = "于 2023 年 11 月 20\n日在成都举行"
    let f = only(s)
    XCTAssertEqual(f?.date?.simpleDate, SimpleDate(year: 2023, month: 11, day: 20))
    XCTAssertEqual(f.map { slice(s, $0.range) }, "2023 年 11 月 20\n日")
  }

  func testOrdinalsAndTheTermCarriesOver() {
    XCTAssertEqual(only("第十二届")?.kind, .ordinal)
    let fs = figures("二十届一中、二中全会")
    XCTAssertEqual(fs.map(\.text), ["二十届", "一中", "二中全会"])
    XCTAssertEqual(fs.map(\.value), [20, 1, 2])
    XCTAssertEqual(fs[2].subject, fs[1].subject, "the second plenary inherits the term")
    let plenary = figures("省委十二届四次全会")
    XCTAssertEqual(plenary.map(\.text), ["十二届", "四次全会"])
  }

  func testMeetingsKnowTheirOrganTermAndNumber() {
    let text = SourceText("中国共产党四川省第十二届委员会第四次全体会议，于2023年11月20日在成都举行。")
    let a = FigureAnalysis(text: text, view: MatchingView(text), date: SimpleDate(year: 2023, month: 11, day: 20))
    XCTAssertEqual(a.meetings.count, 1)
    XCTAssertEqual(a.meetings.first?.key, EventKey(organ: "四川省委", term: 12, number: 4, kind: "全会"))
    XCTAssertEqual(a.meetings.first?.date, SimpleDate(year: 2023, month: 11, day: 20))
    XCTAssertTrue(a.meetings.first?.key.sameEvent(EventKey(organ: "省委", term: 12, number: 4, kind: "全会")) ?? false)
  }

  /// A meeting named as held in passing reports its own sentence's figures, not the rest of the text's.
  func testAMeetingNamedInPassingFramesOnlyItsSentence() {
    let text = SourceText(
      "省委十二届二次全会于2022年11月28日举行。大会和随后召开的二十届一中全会选举产生了新一届中央领导集体，出席代表2296人。"
        + "全会强调，实施“碳达峰十大行动”。")
    let a = FigureAnalysis(text: text, view: MatchingView(text), date: SimpleDate(year: 2022, month: 11, day: 29))
    let passing = a.meetings.first { $0.key.kind == "中全会" }
    XCTAssertEqual(passing?.key.organ, "中央")
    func event(_ s: String) -> EventKey? {
      let at = Array(a.view.scalars).firstIndex(of: s.unicodeScalars.first!).map { _ in
        a.view.string(0..<a.view.scalars.count).components(separatedBy: s)[0].unicodeScalars.count
      }
      return at.flatMap { a.event(before: $0)?.key }
    }
    XCTAssertEqual(event("2296")?.kind, "中全会")
    XCTAssertEqual(event("十大")?.kind, "全会")
  }

  func testRatiosPlansAndWeekdays() {
    let r = only("城乡居民收入比缩小到1.77∶1")
    XCTAssertEqual(r?.kind, .ratio)
    XCTAssertEqual(r?.second, 1)
    let plan = only("实施“十四五”规划")
    XCTAssertEqual(plan?.kind, .plan)
    XCTAssertEqual(plan?.value, 14)
    XCTAssertEqual(FigureStatements.planYears(14), 2021...2025)
    XCTAssertEqual(FigureStatements.planYears(13), 2016...2020)
    XCTAssertEqual(only("星期五")?.kind, .weekday)
  }

  func testFixedExpressionsAreNotFigures() {
    for s in [
      "一律", "一步一个脚印", "五四运动", "九三学社", "三五天", "十几个", "一些", "一道", "一体", "统一", "唯一", "一带一路",
      "一起", "一致", "进一步", "一是", "两国", "千万工程", "一盘棋", "一个时期", "一批", "万千气象",
    ] {
      XCTAssertTrue(figures(s).isEmpty, "\(s) read as \(figures(s).map(\.text))")
    }
  }

  func testCountsCongressesAndApproximations() {
    XCTAssertEqual(only("农业、农村、农民三大主体")?.kind, .integer)
    XCTAssertEqual(only("党的二十大精神")?.kind, .ordinal)
    XCTAssertEqual(only("碳达峰十大行动")?.kind, .integer)
    XCTAssertEqual(only("1000余人")?.approximate, true)
    let range = only("3至5个")
    XCTAssertEqual(range?.kind, .range)
    XCTAssertEqual(range?.second, 5)
  }

  func testSubjectsJoinTheWordsBeforeAndTheNounAfter() {
    let fs = figures("新增学位8万个；全市新增6万个学位。")
    XCTAssertEqual(fs.map { FigureFacts.subjectKey($0.subject) }, ["新增学位", "新增学位"])
    XCTAssertEqual(only("出席全会的有，省委委员85人")?.subject, "省委委员")
  }
}
