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
    XCTAssertEqual(view("全\u{3000}会\u{00A0}由"), "全会由")
    XCTAssertEqual(view("GDP growth"), "GDP growth")
  }

  func testFullWidthFormsFold() {
    XCTAssertEqual(view("２０２３年，（一）：；！？ＡＢ"), "2023年,(一):;!?AB")
    XCTAssertEqual(view("收入⋯⋯”"), "收入……”")
    XCTAssertEqual(view("、。“”"), "、。“”")
  }

  func testHardLineBreakInsideSentenceIsJoinedAndSentenceEndKeepsBoundary() {
    XCTAssertEqual(view("外交\n部发言人。\n新华社"), "外交部发言人。\n新华社")
    XCTAssertEqual(view("一\r\n二。\r\n三"), "一二。\n三")
    XCTAssertEqual(view("一\r二。\r三"), "一二。\n三")
  }

  func testColumnBreakAcrossABlankLineIsJoined() {
    // A page column ends in mid-sentence; the extraction leaves a blank line there.
    XCTAssertEqual(
      view("推动中法关系迈上新台阶。中方愿同法方保持高\n\n层交往，开好中法高级别人文交流机制新一次会议。"),
      "推动中法关系迈上新台阶。中方愿同法方保持高层交往,开好中法高级别人文交流机制新一次会议。")
    // A fragment that opens a quotation it does not close is not a headline.
    XCTAssertEqual(view("他表示。\n\n“我们将推动惠企政策一平台集\n\n成，惠企政策精准推送。”"), "他表示。\n“我们将推动惠企政策一平台集成,惠企政策精准推送。”")
  }

  func testAShortOpeningBlockIsNotTakenForAHeadlineByItself() {
    // An excerpt that starts in mid-text: the doubled phrase must stay in one sentence.
    XCTAssertEqual(
      view("精心组织开展学习贯彻习近平新时代中国特色社会主义思想\n\n社会主义思想主题教育，大力推进成渝地区双城经济圈建设。"),
      "精心组织开展学习贯彻习近平新时代中国特色社会主义思想社会主义思想主题教育,大力推进成渝地区双城经济圈建设。")
    // A title above a much longer first line is still a line of its own.
    XCTAssertEqual(
      view("关于做好春节前后工作的通知\n\n各单位要深入学习贯彻党的二十大精神，认真落实中央经济工作会议部署，抓好落实。"),
      "关于做好春节前后工作的通知\n各单位要深入学习贯彻党的二十大精神,认真落实中央经济工作会议部署,抓好落实。")
  }

  func testHeadlineBlocksBetweenBlankLinesAreSeparated() {
    let text = "卓有成效的合作。\n\n习 近 平 同 俄 罗 斯 总 统 普 京 分 别 向\n中俄执政党对话机制第十次会议致贺信\n\n"
      + "习近平同法国总统马克龙通电话\n\n中国共产党四川省第十二届委员\n会第四次全体会议公报\n\n"
      + "（2023 年 11 月 20 日中国共产党\n四川省第十二届委员会第四次全体会\n议通过）\n\n"
      + "中国共产党四川省第十二届委员\n会第四次全体会议，于 2023 年 11 月 20\n日在成都举行。"
    XCTAssertEqual(
      view(text).split(separator: "\n").map(String.init),
      [
        "卓有成效的合作。", "习近平同俄罗斯总统普京分别向中俄执政党对话机制第十次会议致贺信", "习近平同法国总统马克龙通电话",
        "中国共产党四川省第十二届委员会第四次全体会议公报", "(2023年11月20日中国共产党四川省第十二届委员会第四次全体会议通过)",
        "中国共产党四川省第十二届委员会第四次全体会议,于2023年11月20日在成都举行。",
      ])
  }

  func testTitleDatelineAndBylineAreSeparatedFromTheBody() {
    XCTAssertEqual(
      view("关于做好岁末年初重点工作的提示（内部稿）\n（2023年12月26日）\n各单位要深入学习贯彻党的二十大精神，认真落实部署。"),
      "关于做好岁末年初重点工作的提示(内部稿)\n(2023年12月26日)\n各单位要深入学习贯彻党的二十大精神,认真落实部署。")
    XCTAssertEqual(
      view("解读会议精神。\n\n新闻发布会现场\n\n□本报评论员\n发展是第一要务，城市是推动高质量发展、全面建\n设的重要载体。"),
      "解读会议精神。\n新闻发布会现场\n□本报评论员\n发展是第一要务,城市是推动高质量发展、全面建设的重要载体。")
  }

  func testSalutationSignatureAndSignatureDateStandAlone() {
    XCTAssertEqual(
      view("关于做好岁末年初重点工作的通知\n各单位：\n请抓好落实。\n四川省某某办公室\n2023年12月29日"),
      "关于做好岁末年初重点工作的通知\n各单位:\n请抓好落实。\n四川省某某办公室\n2023年12月29日")
  }

  func testTwoBlankLinesEndAParagraph() {
    XCTAssertEqual(view("王晓晖就《决定》向全会作了说明\n\n\n\n全会于2023年11月20日在成都举行。"), "王晓晖就《决定》向全会作了说明\n全会于2023年11月20日在成都举行。")
  }

  func testPageFurnitureIsIgnored() {
    XCTAssertEqual(view("发展。\n- 31 -\n全会"), "发展。\n全会")
    // A page break in mid-sentence: the number and the blank lines around it do not end the sentence.
    XCTAssertEqual(view("全会指出，要推动高质量\n\n- 31 -\n\n发展。"), "全会指出,要推动高质量发展。")
    XCTAssertEqual(view("推进（下转 02 版）城乡"), "推进城乡")
    XCTAssertEqual(view("不断推向深入。 下转 02 版"), "不断推向深入。")
    XCTAssertEqual(view("紧接01版 要坚决反对逆全球化"), "要坚决反对逆全球化")
    XCTAssertEqual(view("（转第三版）推进"), "推进")
    XCTAssertEqual(view("—12—\n第 3 页\n正文"), "正文")
  }

  func testMarkdownMarksAreIgnoredAndHeadingsStandAlone() {
    XCTAssertEqual(view("# 标题\n正文。"), "标题\n正文。")
    XCTAssertEqual(view("### 中国共产党四川省第十二届委员会第四次全体会议公报\n(2023年11月20日通过)"), "中国共产党四川省第十二届委员会第四次全体会议公报\n(2023年11月20日通过)")
    XCTAssertEqual(view("要**坚持**稳中求进"), "要坚持稳中求进")
    XCTAssertEqual(view("要点\n- 抓好经济运行\n- 抓好安全生产"), "要点\n抓好经济运行\n抓好安全生产")
    XCTAssertEqual(view("> 引文内容。"), "引文内容。")
    XCTAssertEqual(view("标题\n===\n正文"), "标题正文")
  }

  func testCommentsAndBareSuppressionLinesAreNotText() {
    XCTAssertEqual(view("<!-- policylint-disable-next-line slogan/variant -->\n全会指出。"), "全会指出。")
    XCTAssertEqual(view("全会<!-- 注 -->指出。"), "全会指出。")
    XCTAssertEqual(view("全会\n<!-- 多行\n注释 -->\n指出。"), "全会指出。")
    XCTAssertEqual(view("policylint-disable-next-line\n全会指出。"), "全会指出。")
    // An unclosed comment opener hides nothing.
    XCTAssertEqual(view("全会<!--指出。"), "全会<!--指出。")
  }

  func testListItemsStartNewLines() {
    XCTAssertEqual(view("要求：\n一、会议基本情况\n（一）坚定拥护。\n1. 抓落实"), "要求:\n一、会议基本情况\n(一)坚定拥护。\n1.抓落实")
  }

  func testEnglishWordsWrappedAcrossLinesKeepASpace() {
    XCTAssertEqual(view("the Belt and\nRoad"), "the Belt and Road")
    XCTAssertEqual(view("成都第 31\n届大运会"), "成都第31届大运会")
  }

  func testEveryViewScalarMapsBackToTheOriginalItFoldsFrom() {
    let original = "＃ 全 会，\r\n２０２３ 年（下转 02 版）要要。\n- 3 -\n𠀀字\n\nthe Belt and\nRoad<!-- x -->。"
    assertMapsBack(SourceText(original), name: "inline")
  }

  func testOriginalRangeOfAViewRangeCoversExactlyTheFoldedCharacters() {
    let text = SourceText("全 会 由 省\n委 主 持。")
    let v = MatchingView(text)
    let s = v.string(0..<v.count)
    XCTAssertEqual(s, "全会由省委主持。")
    // 省委 in the view spans a blank and a line break in the original.
    let r = v.originalRange(3..<5)
    XCTAssertEqual(text.string(r), "省\n委")
    XCTAssertEqual(v.viewRange(coveringOriginal: r), 3..<5)
    XCTAssertEqual(v.originalRange(2..<2), 4..<4)
  }

  // MARK: - On the shared corpus

  func testEveryCorpusDocumentMapsBackScalarByScalar() throws {
    for (name, text) in try SharedCorpus.documents() {
      assertMapsBack(text, name: name)
    }
  }

  func testCorpusViewsLoseNoHanCharactersExceptFurniture() throws {
    for (name, text) in try SharedCorpus.documents() {
      let v = MatchingView(text)
      let originalHan = text.scalars.filter(ScalarClass.isHan).count
      let viewHan = v.scalars.filter(ScalarClass.isHan).count
      XCTAssertLessThanOrEqual(viewHan, originalHan, name)
      XCTAssertGreaterThan(Double(viewHan), 0.995 * Double(originalHan), "\(name): the view dropped real text")
    }
  }

  func testCorpusNoiseIsFoldedAway() throws {
    let docs = try SharedCorpus.documents()
    func viewOf(_ prefix: String) throws -> String {
      guard let text = docs.first(where: { $0.name.hasPrefix(prefix) })?.text else { throw XCTSkip("no \(prefix)") }
      let v = MatchingView(text)
      return v.string(0..<v.count)
    }
    let v000 = try viewOf("000_")
    XCTAssertTrue(v000.contains("全会由省委常委会主持。省委书记王晓晖作了讲话。"))
    XCTAssertTrue(v000.contains("于2023年11月20日在成都举行。"))
    XCTAssertFalse(v000.contains("下转"))
    XCTAssertFalse(v000.contains(" "), "no blanks left between CJK characters")
    // Hard line breaks inside sentences are joined; the headline block is a line of its own.
    XCTAssertTrue(v000.contains("中方愿同法方保持高层交往,开好中法高级别人文交流机制新一次会议"))
    XCTAssertTrue(v000.contains("\n习近平同法国总统马克龙通电话\n"))
    let v001 = try viewOf("001_")
    XCTAssertFalse(v001.contains("#"))
    XCTAssertTrue(v001.hasPrefix("中共四川省委十二届四次全会举行\n"))
    let v003 = try viewOf("003_")
    XCTAssertFalse(v003.contains("紧接01版"))
    XCTAssertTrue(v003.contains("\n□本报评论员\n"))
    let v004 = try viewOf("004_")
    XCTAssertFalse(v004.contains("-31-"))
    XCTAssertTrue(v004.contains("\n一、坚定以党的二十大精神统揽新时代治蜀兴川全局\n"))
  }

  func testCorpusSentencesAreSensible() throws {
    for (name, text) in try SharedCorpus.documents() {
      let v = MatchingView(text)
      let sentences = Segmenter.sentences(in: v)
      XCTAssertFalse(sentences.isEmpty, name)
      for r in sentences {
        XCTAssertFalse(v.scalars[r].contains("\n"), "\(name): a sentence crosses a boundary")
      }
      // Real sentences are short; a run-away sentence means boundaries were lost.
      let longest = sentences.map(\.count).max() ?? 0
      XCTAssertLessThan(longest, 700, "\(name): \(v.string(sentences.first { $0.count == longest } ?? 0..<0).prefix(60))")
    }
  }

  // MARK: - Helpers

  /// Every view scalar folds from its original; boundaries sit on line breaks; inserted spaces on blanks or
  /// breaks; the map never goes backwards.
  func assertMapsBack(_ text: SourceText, name: String, file: StaticString = #filePath, line: UInt = #line) {
    let v = MatchingView(text)
    XCTAssertEqual(v.originalIndex.count, v.count, name, file: file, line: line)
    var previous = -1
    for (i, s) in v.scalars.enumerated() {
      let o = Int(v.originalIndex[i])
      guard o >= 0 && o < text.count else {
        XCTFail("\(name): view \(i) maps outside the text (\(o))", file: file, line: line)
        return
      }
      XCTAssertGreaterThan(o, previous, "\(name): the map goes backwards at view \(i)", file: file, line: line)
      previous = o
      let original = text.scalars[o]
      switch s {
      case "\n":
        XCTAssertTrue(ScalarClass.isNewline(original) || o == text.count - 1, "\(name): boundary \(i) is on «\(original)»", file: file, line: line)
      case " ":
        XCTAssertTrue(ScalarClass.isBlank(original) || ScalarClass.isNewline(original), "\(name): space \(i) on «\(original)»", file: file, line: line)
      default:
        XCTAssertEqual(ScalarClass.fold(original), s, "\(name): view \(i) maps to original \(o)", file: file, line: line)
      }
    }
    XCTAssertEqual(v.viewRange(coveringOriginal: 0..<text.count), 0..<v.count, name, file: file, line: line)
  }
}

/// `../shared/corpus` for text-model tests (skipped when absent, as on a user's machine).
enum SharedCorpus {
  static var directory: URL {
    if let env = ProcessInfo.processInfo.environment["POLICYLINT_SHARED"] {
      return URL(fileURLWithPath: env).appendingPathComponent("corpus")
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
  }

  static func documents() throws -> [(name: String, text: SourceText)] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path), !names.isEmpty else {
      throw XCTSkip("../shared/corpus is not present; skipping a test that needs the reference corpus")
    }
    return try names.sorted().filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }.map { name in
      let data = try Data(contentsOf: directory.appendingPathComponent(name))
      let (string, _) = try TextDecoder.decode(data)
      return (name, SourceText(string))
    }
  }
}
