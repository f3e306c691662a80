import Foundation
import PolicyLint
import PolicyText
import XCTest

final class DateInferenceTests: XCTestCase {
  func view(_ s: String) -> MatchingView { MatchingView(SourceText(s)) }
  func date(_ s: String) -> SimpleDate? { SimpleDate(iso: s) }

  /// A report naming its day without a year is dated in the year it speaks from: the earliest year it
  /// mentions, targets left out, and one before a year it only looks forward to.
  func testAYearlessLeadDateTakesTheYearTheTextSpeaksFrom() throws {
    let today = date("2026-12-07")!
    let report = "某会议在北京举行\n据新华社电 某会议12月27日至28日在北京举行。会议听取了2023年工作情况及2024年工作安排。"
    let found = try XCTUnwrap(DateInference.yearlessDate(in: view(report), notAfter: today))
    XCTAssertEqual(found.0, date("2023-12-28"))
    XCTAssertTrue(found.1.contains("12月27日至28日"), found.1)
    let forward = "12月27日，市委全会召开。即将到来的2024年是关键一年，要确保到2027年见到成效，到2025年底基本建成。"
    XCTAssertEqual(DateInference.yearlessDate(in: view(forward), notAfter: today)?.0, date("2023-12-27"))
    // No year mentioned, no month and day in the lead, or a date after the file's time: no guess.
    XCTAssertNil(DateInference.yearlessDate(in: view("12月27日，市委全会召开。"), notAfter: today))
    XCTAssertNil(DateInference.yearlessDate(in: view("市委全会召开。2023年工作情况良好。"), notAfter: today))
    XCTAssertNil(DateInference.yearlessDate(in: view(report), notAfter: date("2023-06-01")!))
  }

  func testAdoptionNoteInNoisyTextGivesTheDate() throws {
    let text = "中国共产党四川省第十二届委员\n会第四次全体会议公报\n\n（2023 年 11 月 20 日中国共产党\n四川省第十二届委员会第四次全体会\n议通过）\n\n全会于2023年11月21日闭幕。"
    let found = try XCTUnwrap(DateInference.statedDate(in: view(text)))
    XCTAssertEqual(found.0, date("2023-11-20"))
    XCTAssertTrue(found.1.contains("adoption note"), found.1)
  }

  /// A decision drafted with its adoption note under the title is judged at that date, the note broken over
  /// lines or not; an adoption note deep in the text (a quoted decision) does not date the draft.
  func testADraftsAdoptionNoteUnderItsTitleDatesIt() throws {
    let decision = "中共某市委关于深入学习贯彻党的二十大精神的决定\n（2022年12月5日中国共产党某市第八届委员会第五次全体会议通过）\n\n全会认为，要抓好落实。"
    let draft = DraftDocument(path: "/drafts/decision.txt", text: SourceText(decision), today: date("2026-12-07")!)
    XCTAssertEqual(draft.date, date("2022-12-05"))
    XCTAssertTrue(draft.dateSource.hasPrefix("adoption note"), draft.dateSource)
    let broken = "中国共产党四川省第十二届委员\n会第四次全体会议公报\n\n（2023 年 11 月 20 日中国共产党\n四川省第十二届委员会第四次全体会\n议通过）\n\n全会于2023年11月21日闭幕。"
    XCTAssertEqual(
      DraftDocument(path: "/drafts/b.txt", text: SourceText(broken), today: date("2026-12-07")!).date, date("2023-11-20"))
    let deep = (0..<10).map { "第\($0)段，要抓好落实。" }.joined(separator: "\n")
      + "\n（2022年12月5日中国共产党某市第八届委员会第五次全体会议通过）"
    XCTAssertEqual(
      DraftDocument(path: "/drafts/c.txt", text: SourceText(deep), today: date("2026-12-07")!).dateSource, "today")
  }

  func testDatelineUnderTitleIsFoundInArabicAndChineseNumerals() throws {
    XCTAssertEqual(DateInference.dateline(in: view("关于做好岁末年初重点工作的提示\n（2023年12月28日）\n各单位要抓好落实。"))?.0, date("2023-12-28"))
    XCTAssertEqual(DateInference.dateline(in: view("会议纪要\n二〇二三年十二月二十八日\n会议指出，要抓好落实。"))?.0, date("2023-12-28"))
    XCTAssertEqual(DateInference.dateline(in: view("会议纪要\n（２０２３年１月５日）\n正文。"))?.0, date("2023-01-05"))
    // A date inside a sentence is not a dateline.
    XCTAssertNil(DateInference.dateline(in: view("全会于2023年11月20日在成都举行。")))
  }

  func testSignatureDateAtTheEndIsAClosingDateline() {
    let text = "关于做好岁末年初重点工作的通知\n各单位：\n请抓好落实。\n四川省某某办公室\n2023年12月29日"
    XCTAssertNil(DateInference.dateline(in: view("关于做好岁末年初重点工作的通知\n各单位：\n请抓好落实。")))
    XCTAssertEqual(DateInference.closingDateline(in: view(text))?.0, date("2023-12-29"))
  }

  func testDateRangeCountsItsLastDayAndFutureDatesAreIgnored() throws {
    let v = view("全会于2022年11月28日至29日在成都举行。规划自2030年1月1日起施行。")
    let dates = DateInference.fullDates(in: v)
    XCTAssertEqual(dates.first?.date, date("2022-11-28"))
    XCTAssertEqual(dates.first?.through, date("2022-11-29"))
    let latest = try XCTUnwrap(DateInference.latestMentionedDate(in: v, notAfter: SimpleDate(year: 2023, month: 1, day: 1)))
    XCTAssertEqual(latest.0, date("2022-11-29"))
    XCTAssertEqual(DateInference.latestMentionedDate(in: v, notAfter: SimpleDate(year: 2031, month: 1, day: 1))?.0, date("2030-01-01"))
  }

  func testInvalidDatesAreNotDates() {
    XCTAssertTrue(DateInference.fullDates(in: view("2023年2月30日 2023年13月1日")).isEmpty)
    XCTAssertEqual(DateInference.fullDates(in: view("2024年2月29日")).first?.date, date("2024-02-29"))
  }

  func testDraftDateComesFromOptionThenDatelineThenConfigurationThenToday() {
    let withDateline = SourceText("通知\n（2023年12月28日）\n正文。")
    let without = SourceText("通知\n正文。")
    var config = Configuration()
    config.date = date("2023-06-01")
    let today = SimpleDate(year: 2025, month: 1, day: 2)
    let explicit = DraftDocument(path: "/d.txt", text: withDateline, explicitDate: date("2024-01-01"), configuration: config, today: today)
    XCTAssertEqual(explicit.date, date("2024-01-01"))
    XCTAssertEqual(explicit.dateSource, "--date")
    let dateline = DraftDocument(path: "/d.txt", text: withDateline, configuration: config, today: today)
    XCTAssertEqual(dateline.date, date("2023-12-28"))
    XCTAssertTrue(dateline.dateSource.hasPrefix("dateline"), dateline.dateSource)
    let configured = DraftDocument(path: "/d.txt", text: without, configuration: config, today: today)
    XCTAssertEqual(configured.date, date("2023-06-01"))
    XCTAssertEqual(configured.dateSource, "configuration")
    let fallback = DraftDocument(path: "/d.txt", text: without, today: today)
    XCTAssertEqual(fallback.date, today)
    XCTAssertEqual(fallback.dateSource, "today")
  }

  func testTitleIsAHeadingElseAHeadlineElseTheFirstLine() {
    XCTAssertEqual(DateInference.title(of: SourceText("\n\n# 中央外事工作会议在北京举行\n\n正文。"))?.0, "中央外事工作会议在北京举行")
    let headline = DateInference.title(of: SourceText("新华社电 外交部发言人宣布：将出席会议并讲话，\n欢迎各方参加。\n\n习近平同法国总统马克龙通电话\n\n正文。"))
    XCTAssertEqual(headline?.0, "习近平同法国总统马克龙通电话")
    XCTAssertEqual(headline?.1, "headline")
    XCTAssertEqual(DateInference.title(of: SourceText("全会指出，要坚持稳中求进。"))?.1, "first line")
  }

  func testCorpusDocumentDateComesFromManifestThenTextThenFileTime() throws {
    let dir = try TempDirectory()
    try dir.write("a.txt", "某某会议公报\n\n（2023年11月20日某某会议通过）\n\n全会指出，要抓好落实。")
    try dir.write("b.txt", "全会于2022年11月28日至29日在成都举行。")
    let c = try dir.write("c.txt", "会议指出，要抓好落实。")
    try dir.write("d.txt", "会议强调，要抓好落实。")
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_600_000_000)], ofItemAtPath: c.path)
    try dir.write(
      "manifest.json",
      #"{"version": 1, "documents": [{"file": "d.txt", "title": "某某会议讲话", "date": "2021-05-04", "rank": 3}]}"#)
    let loaded = try CorpusLoader.load(directory: dir.url.path, manifest: dir.url.appendingPathComponent("manifest.json").path)
    let byName = Dictionary(uniqueKeysWithValues: loaded.documents.map { ($0.info.name, $0.info) })
    XCTAssertEqual(byName["a.txt"]?.date, date("2023-11-20"))
    XCTAssertTrue(byName["a.txt"]?.dateSource.contains("adoption note") ?? false)
    XCTAssertEqual(byName["b.txt"]?.date, date("2022-11-29"))
    XCTAssertTrue(byName["b.txt"]?.dateSource.contains("latest date mentioned") ?? false)
    XCTAssertEqual(byName["c.txt"]?.date, SimpleDate(Date(timeIntervalSince1970: 1_600_000_000)))
    XCTAssertEqual(byName["c.txt"]?.dateSource, "file time")
    XCTAssertEqual(byName["d.txt"]?.date, date("2021-05-04"))
    XCTAssertEqual(byName["d.txt"]?.dateSource, "manifest")
    XCTAssertEqual(byName["d.txt"]?.title, "某某会议讲话")
    XCTAssertEqual(byName["d.txt"]?.rank, 3)
  }

  func testSharedCorpusDatesAreInferredWithoutAManifest() throws {
    try SharedData.require()
    let loaded = try CorpusLoader.load(directory: SharedData.corpus.path)
    let byPrefix = { (p: String) in loaded.documents.first { $0.info.name.hasPrefix(p) }?.info }
    XCTAssertEqual(byPrefix("000_")?.date, date("2023-11-20"))
    XCTAssertTrue(byPrefix("000_")?.dateSource.contains("adoption note") ?? false)
    XCTAssertEqual(byPrefix("001_")?.date, date("2023-11-20"))
    XCTAssertEqual(byPrefix("004_")?.date, date("2022-11-29"))
    XCTAssertEqual(byPrefix("002_")?.title, "中央外事工作会议在北京举行")
  }

  func testSharedCorpusManifestGivesEveryDocumentItsDateTitleAndRank() throws {
    try SharedData.require()
    let loaded = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
    XCTAssertEqual(loaded.documents.count, 5)
    XCTAssertTrue(loaded.warnings.isEmpty, "\(loaded.warnings)")
    for d in loaded.documents {
      XCTAssertEqual(d.info.dateSource, "manifest", d.info.name)
      XCTAssertEqual(d.info.titleSource, "manifest", d.info.name)
    }
    XCTAssertGreaterThan(loaded.documents[0].info.rank, loaded.documents[1].info.rank, "the original outranks its reprint")
  }
}
