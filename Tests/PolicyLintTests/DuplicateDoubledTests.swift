import PolicyLint
import PolicyText
import XCTest

/// Runs duplicate checks on in-memory drafts; shared by the `Duplicate*Tests` files.
enum DuplicateLint {
  /// Findings of `checks` on `text` against in-memory corpus documents.
  static func run(
    _ text: String, checks: [any Check.Type], corpus: [CorpusDocument] = [], date: String = "2023-12-01",
    configuration: Configuration = Configuration(), path: String = "/memory/draft.txt"
  ) -> [Finding] {
    let index = CorpusIndex(documents: corpus, origin: "tests")
    return run(text, checks: checks, index: index, date: date, configuration: configuration, path: path)
  }

  /// Findings of `checks` on `text` against a built index.
  static func run(
    _ text: String, checks: [any Check.Type], index: CorpusIndex, date: String = "2023-12-01",
    configuration: Configuration = Configuration(), path: String = "/memory/draft.txt"
  ) -> [Finding] {
    let draft = DraftDocument(
      path: path, text: SourceText(text), explicitDate: SimpleDate(iso: date), configuration: configuration,
      corpus: index)
    return Linter(corpus: index, checks: checks).lint(draft, configuration: configuration)
  }

  /// The text a range covers.
  static func slice(_ text: String, _ range: Range<Int>) -> String {
    let scalars = Array(text.unicodeScalars)
    return String(scalarSlice: scalars[range.clamped(to: 0..<scalars.count)])
  }

  /// The text after applying a fix's edits.
  static func apply(_ fix: Fix, to text: String) -> String {
    var scalars = Array(text.unicodeScalars)
    for edit in fix.edits.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
      scalars.replaceSubrange(edit.range, with: Array(edit.newText.unicodeScalars))
    }
    return String(scalarSlice: scalars)
  }

  /// A corpus document held in memory.
  static func document(_ text: String, id: Int, date: String = "2023-11-20", rank: Int = 0, title: String? = nil)
    -> CorpusDocument
  {
    CorpusDocument.inMemory(
      text, name: "doc-\(id).txt", id: id, date: SimpleDate(iso: date) ?? SimpleDate(year: 2023, month: 1, day: 1),
      rank: rank, title: title ?? "文件\(id)")
  }
}

final class DuplicateDoubledTests: XCTestCase {
  func doubled(_ text: String) -> [Finding] {
    DuplicateLint.run(text, checks: [DoubledPhraseCheck.self])
  }

  func testDoubledPhraseAcrossBlankLinesIsReportedOnTheSecondCopy() throws {
    let text = "学习贯彻习近平新时代中国特色社会主义思想\n\n社会主义思想主题教育，大力推进。"
    let findings = doubled(text)
    XCTAssertEqual(findings.count, 1)
    let f = try XCTUnwrap(findings.first)
    XCTAssertEqual(f.code, "duplicate/doubled")
    XCTAssertEqual(f.severity, .warning)
    XCTAssertEqual(DuplicateLint.slice(text, f.range), "社会主义思想")
    XCTAssertEqual(f.range.lowerBound, 22, "the second copy, after the blank line")
    guard case .draft(let first) = f.related.first?.location else { return XCTFail("no evidence of the first copy") }
    XCTAssertEqual(DuplicateLint.slice(text, first), "社会主义思想")
    XCTAssertEqual(first.upperBound, 20)
    XCTAssertTrue(f.message.contains("社会主义思想主题教育"), f.message)
  }

  func testQuickFixJoinsTheSentenceWhenOnlyWhitespaceSitsBetweenCopies() throws {
    let text = "学习贯彻习近平新时代中国特色社会主义思想\r\n\r\n社会主义思想主题教育，大力推进。"
    let fix = try XCTUnwrap(doubled(text).first?.fixes.first)
    XCTAssertEqual(DuplicateLint.apply(fix, to: text), "学习贯彻习近平新时代中国特色社会主义思想主题教育，大力推进。")
  }

  func testQuickFixKeepsAPageReferenceBetweenCopies() throws {
    let text = "加快构建县乡\n村功能衔接互补格局 下转 02 版\n县乡村功能衔接互补格局，推进乡村全面振兴。"
    let f = try XCTUnwrap(doubled(text).first)
    XCTAssertEqual(DuplicateLint.slice(text, f.range), "县乡村功能衔接互补格局")
    let fix = try XCTUnwrap(f.fixes.first)
    XCTAssertEqual(DuplicateLint.apply(fix, to: text), "加快构建县乡\n村功能衔接互补格局 下转 02 版\n，推进乡村全面振兴。")
  }

  func testSecondCopyWithSpacesInsideIsReportedAndRemovedWhole() throws {
    let text = "深入学习贯彻全会精神\n精 神，研究部署。"
    let f = try XCTUnwrap(doubled(text).first)
    XCTAssertEqual(DuplicateLint.slice(text, f.range), "精 神")
    XCTAssertEqual(DuplicateLint.apply(try XCTUnwrap(f.fixes.first), to: text), "深入学习贯彻全会精神，研究部署。")
  }

  func testDoubledFunctionWordsAreReported() {
    for text in ["推动经济运行的的整体好转。", "完成了了这项任务。", "这是是一项重要任务。", "各地要要把工作做好。",
      "工作在在基层落实。", "城市和和乡村共同发展。", "我们把把工作做实。"]
    {
      let findings = doubled(text)
      XCTAssertEqual(findings.count, 1, text)
      XCTAssertEqual(findings.first?.range.count, 1, text)
    }
  }

  func testLegitimateReduplicationStaysQuiet() {
    let quiet = [
      "清清白白做人、干干净净做事、实实在在谋发展。", "常常想、天天学、人人参与、处处留心。",
      "一步一个脚印推动落实。", "把问题一个一个解决，把任务一项一项落到实处。", "看一看、比一比、议一议。",
      "我们再研究研究这个方案，商量商量下一步。", "做到一一对应，各美其美、美美与共，久久为功。",
      "的的确确取得实效，是是非非要分清。", "促进要素融合、产业融合、设施融合、治理融合。",
      "以人民为目的的发展。", "需要要素保障，主要要求如下。", "为了了解情况，加深了了解。", "在在建项目中推行。",
      "坚持民主和和谐。", "加强对对外投资的监管。", "关键是是否落实。", "成都都是重要节点。", "2020年、2021年连续增长。",
      "紧紧扭住、牢牢把握、层层落实、步步为营。", "一个项目一个项目抓、一件事情一件事情办。", "每家企业每家企业走访到位。",
    ]
    for text in quiet {
      XCTAssertEqual(doubled(text).map { DuplicateLint.slice(text, $0.range) }, [], text)
    }
  }

  func testSentenceBoundaryBetweenCopiesIsNotADouble() {
    XCTAssertTrue(doubled("全会强调要抓落实。\n落实是关键。").isEmpty)
    XCTAssertTrue(doubled("会议指出：指出问题要准。").isEmpty)
  }

  func testThreeCopiesAreOneFindingOverTheExtraCopies() throws {
    let text = "推动的的的整体好转。"
    let findings = doubled(text)
    XCTAssertEqual(findings.count, 1)
    XCTAssertEqual(DuplicateLint.slice(text, try XCTUnwrap(findings.first).range), "的的")
    XCTAssertTrue(findings.first?.message.contains("3遍") ?? false)
  }

  func testDoubledClauseWithItsCommaIsReported() throws {
    let text = "全会要求，坚持农业农村优先发展，坚持农业农村优先发展，强化以工补农。"
    let f = try XCTUnwrap(doubled(text).first)
    XCTAssertEqual(DuplicateLint.slice(text, f.range), "坚持农业农村优先发展，")
    XCTAssertEqual(DuplicateLint.apply(try XCTUnwrap(f.fixes.first), to: text), "全会要求，坚持农业农村优先发展，强化以工补农。")
  }

  func testLongDraftIsCheckedInLinearTime() {
    let paragraph = "全会指出，要提升县城综合承载能力和服务功能，深入推进扩权强县，拓展优化县城发展空间。\n"
    let text = String(repeating: paragraph, count: 2000) + "推动经济运行的的整体好转。"
    let start = Date()
    let findings = doubled(text)
    XCTAssertEqual(findings.count, 1)
    XCTAssertLessThan(Date().timeIntervalSince(start), 20, "about 90 000 characters should take well under a second")
  }
}
