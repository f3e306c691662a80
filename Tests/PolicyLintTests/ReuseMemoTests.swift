import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// `duplicate/reuse` through a `CheckMemo` (what the server keeps per open document) must report exactly
/// what it reports without one, after any sequence of edits: typing, deleting, pasting corpus text,
/// joining and splitting passages.
final class ReuseMemoTests: XCTestCase {
  /// Applies `steps` random edits to `text`, linting after each with and without the memo.
  func compare(
    _ text: String, corpus: CorpusIndex, pieces: [[Unicode.Scalar]], steps: Int, seed: UInt64,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let check = CorpusReuseCheck()
    let memo = CheckMemo()
    var scalars = Array(text.unicodeScalars)
    var edits = SeededEdits(seed: seed)
    var reported = 0
    for step in 0..<steps {
      let at = edits.next(scalars.count + 1)
      switch edits.next(6) {
      case 0, 1:  // typing a character, or a punctuation mark
        scalars.insert(["新", "，", "。", "的", "\n"][edits.next(5)], at: at)
      case 2:  // deleting up to 80 characters
        scalars.removeSubrange(at..<min(scalars.count, at + 1 + edits.next(80)))
      case 3:  // pasting a piece of corpus text
        let piece = pieces[edits.next(pieces.count)]
        let from = edits.next(piece.count)
        scalars.insert(contentsOf: piece[from..<min(piece.count, from + 10 + edits.next(120))], at: at)
      case 4:  // replacing one character
        if at < scalars.count { scalars[at] = ["改", "革", "发", "展"][edits.next(4)] }
      default:  // moving a stretch elsewhere
        let length = min(scalars.count - at, 20 + edits.next(200))
        let moved = Array(scalars[at..<(at + length)])
        scalars.removeSubrange(at..<(at + length))
        scalars.insert(contentsOf: moved, at: edits.next(scalars.count + 1))
      }
      let draft = DraftDocument(
        path: "/memory/edited.txt", text: SourceText(String(String.UnicodeScalarView(scalars))),
        explicitDate: SimpleDate(year: 2024, month: 6, day: 1), corpus: corpus)
      let fresh = check.run(CheckContext(draft: draft, corpus: corpus, configuration: Configuration()))
      let memoized = check.run(CheckContext(draft: draft, corpus: corpus, configuration: Configuration(), memo: memo))
      XCTAssertEqual(memoized, fresh, "after edit \(step)", file: file, line: line)
      if memoized != fresh { return }
      reported += fresh.count
    }
    XCTAssertGreaterThan(reported, steps, "the edits should keep passages to report", file: file, line: line)
  }

  func testMemoAgreesWithAFreshLintOnASmallCorpus() {
    let texts = [
      "全会指出，要聚焦解决重点难点问题深入推进我省城乡融合发展，着力写好“四个融合”大文章。要着眼解决流通不畅问题促进要素融合，要着眼解决联动不足问题促进产业融合。",
      "推进城乡融合发展涉及面广、政策性强、社会关注度高，是一项复杂的系统工程，必须加强组织领导。要建立省负总责、部门协同配合、市县抓落实的工作格局，强化市县党委、政府主体责任。",
      "全会强调，要坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实党的二十大精神，统筹推进经济社会发展各项工作，确保各项目标任务圆满完成。",
    ]
    let corpus = CorpusIndex(
      documents: texts.enumerated().map { i, t in
        CorpusDocument.inMemory(t, name: "doc-\(i).txt", id: i, date: SimpleDate(year: 2023, month: 11, day: 20 + i))
      }, origin: "test")
    let draft = "会议认为：\n" + texts.reversed().joined(separator: "\n各地要抓好落实。\n") + "\n" + texts[0]
    compare(draft, corpus: corpus, pieces: texts.map { Array($0.unicodeScalars) }, steps: 300, seed: 11)
  }

  /// A draft quoting dozens of documents makes dozens of clusters, whose findings are made on all cores;
  /// they are those made one by one, in the same order, and the memo reports them too.
  func testManyClustersAreRankedConcurrentlyAsOneByOne() {
    var random = SeededEdits(seed: 7)
    let han = Array("改革发展稳定民生安全生态文化科技教育卫生交通水利能源农业工业商贸旅游金融财政税收".unicodeScalars)
    let sentences = (0..<48).map { _ in
      String(String.UnicodeScalarView((0..<40).map { _ in han[random.next(han.count)] })) + "。"
    }
    let corpus = CorpusIndex(
      documents: sentences.enumerated().map { i, t in
        CorpusDocument.inMemory(
          "前言。\n" + t, name: "doc-\(i).txt", id: i, date: SimpleDate(year: 2023, month: 1, day: 1))
      }, origin: "test")
    let draft = DraftDocument(
      path: "/memory/many.txt", text: SourceText(sentences.joined(separator: "\n另起一段，说明情况。\n")),
      explicitDate: SimpleDate(year: 2024, month: 6, day: 1), corpus: corpus)
    let context = CheckContext(draft: draft, corpus: corpus, configuration: Configuration())
    let check = CorpusReuseCheck()
    let index = corpus.fingerprints
    let work = CorpusReuseCheck.Work(
      context: context, index: index, k: index.gramLength, minLength: 30, draft: ContentText(draft.view))
    let clusters = CorpusReuseCheck.clusters(work.components(of: work.lookups(0..<work.gramCount)).flatMap(\.passages))
    XCTAssertGreaterThanOrEqual(clusters.count, 40)
    let together = check.rankedFindings(for: clusters, context: context, draftContent: work.draft)
    let oneByOne = clusters.map { check.rankedFinding(for: $0, context: context, draftContent: work.draft) }
    XCTAssertEqual(together.map { $0?.finding }, oneByOne.map { $0?.finding })
    XCTAssertEqual(together.map { $0?.primary }, oneByOne.map { $0?.primary })
    let findings = check.run(context)
    XCTAssertEqual(findings.count, 48)
    let memo = CheckMemo()
    XCTAssertEqual(
      check.run(CheckContext(draft: draft, corpus: corpus, configuration: Configuration(), memo: memo)), findings)
  }

  func testMemoAgreesWithAFreshLintOnTheSharedCorpus() throws {
    try SharedData.require()
    let corpus = try SharedCorpus.index()
    let pieces = corpus.documents.compactMap { $0.text.map { Array($0.string.unicodeScalars) } }
    // A draft stitched from corpus passages and writing of its own, as a writer quoting earlier documents.
    var edits = SeededEdits(seed: 5)
    var draft = "关于做好当前工作的意见\n"
    for _ in 0..<24 {
      let piece = pieces[edits.next(pieces.count)]
      let from = edits.next(max(1, piece.count - 300))
      draft += String(String.UnicodeScalarView(piece[from..<min(piece.count, from + 60 + edits.next(240))]))
      draft += "\n各地区各部门要结合实际抓好贯彻落实。\n"
    }
    compare(draft, corpus: corpus, pieces: pieces, steps: 120, seed: 3)
  }

  /// The server's path: `Linter.lint(_:configuration:cache:)` gives the memo to document-scoped checks and
  /// forgets it when the context changes (here the configuration's `reuseMinLength`).
  func testTheLintCacheForgetsTheMemoWhenTheContextChanges() {
    let source = "推进城乡融合发展涉及面广、政策性强、社会关注度高，是一项复杂的系统工程，必须加强组织领导，要建立省负总责、部门协同配合、市县抓落实的工作格局。"
    let corpus = CorpusIndex(
      documents: [
        CorpusDocument.inMemory(source, name: "a.txt", id: 0, date: SimpleDate(year: 2023, month: 1, day: 1))
      ],
      origin: "test")
    let linter = Linter(corpus: corpus, checks: [CorpusReuseCheck.self])
    let cache = LintCache()
    let draft = DraftDocument(
      path: "/memory/d.txt", text: SourceText("会议指出，" + source), explicitDate: SimpleDate(year: 2024, month: 1, day: 1),
      corpus: corpus)
    XCTAssertEqual(linter.lint(draft, configuration: Configuration(), cache: cache).count, 1)
    var strict = Configuration()
    strict.thresholds["reuseMinLength"] = 200
    XCTAssertEqual(linter.lint(draft, configuration: strict, cache: cache), [])
    XCTAssertEqual(linter.lint(draft, configuration: Configuration(), cache: cache).count, 1)
  }
}
