import PolicyText
import XCTest

@testable import PolicyLint

/// `slogan/misquote`: near-verbatim sentences aligned with the corpus.
final class SloganMisquoteTests: XCTestCase {
  let original = "党中央强调到2035年前这段时间，是破除城乡二元结构、健全城乡融合发展体制机制的窗口期，必须加快建立健全城乡融合发展体制机制和政策体系。"

  func corpus(_ docs: [(String, Int)]) -> CorpusIndex {
    CorpusIndex(
      documents: docs.enumerated().map { i, d in
        CorpusDocument.inMemory(
          d.0, name: "doc-\(i).txt", id: i, date: SimpleDate(year: 2023, month: 11, day: 20 + i), rank: d.1)
      }, origin: "test")
  }

  func lint(_ text: String, _ corpus: CorpusIndex) -> [Finding] {
    let draft = DraftDocument(
      path: "/memory/d.txt", text: SourceText(text), explicitDate: SimpleDate(year: 2023, month: 12, day: 1),
      corpus: corpus)
    return Linter(corpus: corpus, checks: [SloganMisquoteCheck.self]).lint(draft, configuration: Configuration())
  }

  func testChangedYearInACopiedSentenceIsAFigureMismatchWithAFix() {
    let text = "全会强调，到2030年前这段时间，是破除城乡二元结构、健全城乡融合发展体制机制的窗口期。"
    let findings = lint(text, corpus([(original, 10)]))
    XCTAssertEqual(findings.map(\.code), ["figure/mismatch"])
    XCTAssertEqual(SourceText(text).string(findings[0].range), "2030")
    XCTAssertEqual(findings[0].fixes.first?.edits.first?.newText, "2035")
    XCTAssertTrue(findings[0].message.contains("2035"), findings[0].message)
  }

  func testTwoSwappedWordsOfAQuotationAreOneMisquoteOfTheWholeWords() {
    let source = "全市上下要在现代化进程中找准定位、明确方向，切实肩负起双圈建设“极核”、都市圈建设“主导”、公园城市“示范”的使命责任。"
    let text = "我们要切实肩负起都市圈建设“极核”、双圈建设“主导”、公园城市“示范”的使命责任。"
    let findings = lint(text, corpus([(source, 10)]))
    XCTAssertEqual(findings.map(\.code), ["slogan/misquote"])
    XCTAssertEqual(findings.first.map { SourceText(text).string($0.range) }, "都市圈建设“极核”、双圈建设")
    XCTAssertEqual(findings.first?.fixes.first?.edits.first?.newText, "双圈建设“极核”、都市圈建设")
    // The same words in the source's order, and a pair of different (not swapped) words, are no swap.
    XCTAssertEqual(lint("我们要切实肩负起双圈建设“极核”、都市圈建设“主导”、公园城市“示范”的使命责任。", corpus([(source, 10)])), [])
  }

  func testAWordLeftOutIsToldAsAnAbridgementAndACharacterLeftOutOfAWordIsASlip() {
    let source = "要坚持以人民为中心的发展思想，推动公共资源均衡高效配置，让改革发展成果更多更公平惠及全体居民。"
    let word = lint("要坚持以人民为中心的发展思想，推动公共资源均衡配置，让改革发展成果更多更公平惠及全体居民。", corpus([(source, 10)]))
    XCTAssertEqual(word.map(\.severity), [.information], "\(word.map(\.message))")
    XCTAssertTrue(word.first?.message.contains("删节") ?? false)
    let character = lint("要坚持以人民为中心的发展思想，推动公共资源均衡高配置，让改革发展成果更多更公平惠及全体居民。", corpus([(source, 10)]))
    XCTAssertEqual(character.map(\.severity), [.warning], "\(character.map(\.message))")
    // A modal left out says the same.
    let modal = "在困难挑战面前，干部群众能保持昂扬斗志、交出优异答卷，充分证明了市委的决策部署完全正确。"
    XCTAssertEqual(lint("在困难挑战面前，干部群众保持昂扬斗志、交出优异答卷，充分证明了市委的决策部署完全正确。", corpus([(modal, 10)])), [])
  }

  func testADocumentWrittenAfterTheDraftIsNotItsSource() {
    let text = "全会强调，到2030年前这段时间，是破除城乡二元结构、健全城乡融合发展体制机制的窗口期。"
    let index = corpus([(original, 10)])
    let draft = DraftDocument(
      path: "/memory/d.txt", text: SourceText(text), explicitDate: SimpleDate(year: 2023, month: 1, day: 1),
      corpus: index)
    XCTAssertTrue(
      Linter(corpus: index, checks: [SloganMisquoteCheck.self]).lint(draft, configuration: Configuration()).isEmpty)
  }

  func testAMissingListItemIsRestoredWithItsPunctuation() {
    let source = "全会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届一中、二中全会精神。"
    let text = "全会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届一中全会精神。"
    let findings = lint(text, corpus([(source, 10)]))
    XCTAssertEqual(findings.count, 1, "\(findings.map(\.message))")
    guard let edit = findings.first?.fixes.first?.edits.first else { return }
    var scalars = Array(text.unicodeScalars)
    scalars.replaceSubrange(edit.range, with: Array(edit.newText.unicodeScalars))
    XCTAssertEqual(String(String.UnicodeScalarView(scalars)), source)
  }

  func testRewrittenClauseIsParaphraseNotMisquote() {
    let text = "全会认为，今后十多年是打破城乡分割、完善城乡一体化制度的关键窗口，要抓紧把制度建起来。"
    XCTAssertTrue(lint(text, corpus([(original, 10)])).isEmpty)
  }

  func testAWordInsertedIntoAShortSharedPhraseIsParaphrase() {
    let source =
      "全会审议通过了《中共四川省委关于深入学习贯彻党的二十大精神在全面建设社会主义现代化国家新征程上奋力谱写四川发展新篇章的决定》。"
    XCTAssertEqual(lint("关于深入学习宣传贯彻党的二十大精神的通知", corpus([(source, 10)])).map(\.message), [])
    XCTAssertEqual(lint("各单位要深入学习宣传贯彻党的二十大精神，抓好各项工作落实。", corpus([(source, 10)])).map(\.message), [])
  }

  func testAWordInsertedIntoAWholeCopiedSentenceIsReported() {
    let source = "要促进城乡要素平等交换双向流动，创新人才入乡激励机制，提高城乡要素协同配置效率。"
    let text = "要促进城乡要素平等交换双向流动，创新人才入乡激励机制，提高城乡要素协同高效配置效率。"
    let findings = lint(text, corpus([(source, 10)]))
    XCTAssertEqual(findings.map { SourceText(text).string($0.range) }, ["高效"])
  }

  func testAListMemberAddedToAQuotedListBringsItUpToDate() {
    let source = "全会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届一中、二中全会精神。"
    let text = "全会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届一中、二中、三中全会精神。"
    XCTAssertEqual(lint(text, corpus([(source, 10)])).map(\.message), [])
  }

  func testAChangedCharacterNeedsVerbatimTextOnBothSides() {
    // The quoted stretch is long, but the change sits where the draft's own wording starts.
    let source = "全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期，必须抓住机遇。"
    let text = "推进城乡融合发展、构建新型城乡关系进入提质加速的关健阶段。"
    XCTAssertEqual(lint(text, corpus([(source, 10)])).map(\.message), [])
  }

  func testWhenSourcesDisagreeTheMoreAuthoritativeWinsAndTheMessageSaysSo() {
    let good = "全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。"
    let reprint = "全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质增效的关键期。"
    let index = corpus([(good, 10), (reprint, 1)])
    let findings = lint("推进城乡融合发展、构建新型城乡关系进入提质增效的关键期。", index)
    // One check carries it (the misquote check leaves what `slogan/variant` reports); the message names
    // both documents and says which wins.
    let variant = Linter(corpus: index, checks: [SloganVariantCheck.self]).lint(
      DraftDocument(
        path: "/memory/d.txt", text: SourceText("推进城乡融合发展、构建新型城乡关系进入提质增效的关键期。"),
        explicitDate: SimpleDate(year: 2023, month: 12, day: 1), corpus: index),
      configuration: Configuration())
    XCTAssertEqual((findings + variant).count, 1, "\((findings + variant).map(\.message))")
    XCTAssertTrue(
      (findings + variant).contains { $0.message.contains("以前者为准") || $0.message.contains("以原文为准") },
      "\((findings + variant).map(\.message))")
  }

  func testEqualEvidenceForBothFormsReportsNothing() {
    let a = "全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。"
    let b = "全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质增效的关键期。"
    XCTAssertTrue(lint("推进城乡融合发展、构建新型城乡关系进入提质增效的关键期。", corpus([(a, 5), (b, 5)])).isEmpty)
  }

  /// The same corpus as the built-in pack would carry it: facts without texts.
  func packed(_ index: CorpusIndex) throws -> CorpusIndex {
    try JSONDecoder().decode(ReferencePack.self, from: try ReferencePack(index: index, generatedFrom: "test").encoded())
      .index
  }

  func testAChangedNumberIsFoundWithTheTextlessPackAndCitesTheDocument() throws {
    let text = "全会强调，到2030年前这段时间，是破除城乡二元结构、健全城乡融合发展体制机制的窗口期。"
    let index = try packed(corpus([(original, 10)]))
    XCTAssertEqual(index.formulations.sentences.count, 0)
    let findings = lint(text, index)
    XCTAssertEqual(findings.map(\.code), ["figure/mismatch"])
    XCTAssertEqual(findings.first.map { SourceText(text).string($0.range) }, "2030")
    XCTAssertEqual(findings.first?.fixes.first?.edits.first?.newText, "2035")
    XCTAssertEqual(findings.first?.related.first?.location, .document(0))
    XCTAssertTrue(lint(text.replacingOccurrences(of: "2030", with: "2035"), index).isEmpty)
  }

  func testTheTextlessPackKeepsNoTextOfTheNumbersItIndexes() throws {
    let numbers = corpus([(original, 10)]).formulations.numbers
    XCTAssertGreaterThan(numbers.count, 0)
    let json = String(decoding: try JSONEncoder().encode(numbers), as: UTF8.self)
    XCTAssertFalse(json.unicodeScalars.contains(where: ScalarClass.isHan), json)
  }

  func testANumberSlotTheCorpusFillsDifferentlyIsATemplate() throws {
    let a = "出席会议的有，委员79人，候补委员15人，省纪委常委、省监委委员和有关方面负责同志列席会议。"
    let b = "出席会议的有，委员85人，候补委员15人，省纪委常委、省监委委员和有关方面负责同志列席会议。"
    let text = "出席会议的有，委员83人，候补委员15人，省纪委常委、省监委委员和有关方面负责同志列席会议。"
    for index in [corpus([(a, 5), (b, 5)]), try packed(corpus([(a, 5), (b, 5)]))] {
      XCTAssertEqual(lint(text, index).map(\.message), [])
    }
    // With one document only, the same wording with another number is reported, text or no text.
    for index in [corpus([(b, 5)]), try packed(corpus([(b, 5)]))] {
      XCTAssertEqual(lint(text, index).map { SourceText(text).string($0.range) }, ["83"])
    }
  }

  func testSentencesAreComparedOnlyWithCandidatesFromTheIndex() {
    var docs: [(String, Int)] = (0..<300).map { ("第\($0)号文件讨论了与城乡融合无关的其他事项，包括交通、水利和教育的具体安排。", 0) }
    docs.append((original, 10))
    let index = corpus(docs)
    let run = ContentRun(Array("全会强调到2030年前这段时间是破除城乡二元结构健全城乡融合发展体制机制的窗口期".unicodeScalars), 0..<39)
    let candidates = index.formulations.sentences.candidates(for: run.scalars) { _ in true }
    XCTAssertLessThanOrEqual(candidates.count, 4)
    XCTAssertEqual(candidates.first.map { index.formulations.sentences.document(of: $0) }, 300)
  }
}
