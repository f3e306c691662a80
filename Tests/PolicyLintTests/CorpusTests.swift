import Foundation
import PolicyLint
import PolicyText
import XCTest

final class CorpusTests: XCTestCase {
  func testADraftInsideTheCorpusIsNotItsOwnEvidence() throws {
    let dir = try TempDirectory()
    let a = try dir.write("a.txt", "全会指出，要抓好落实。")
    try dir.write("b.txt", "会议强调，要抓好落实。")
    let loaded = try CorpusLoader.load(directory: dir.url.path)
    let index = CorpusIndex(documents: loaded.documents, origin: dir.url.path)
    // Found by path…
    let draft = DraftDocument(path: a.path, text: SourceText("全会指出，要抓好落实。"), corpus: index)
    let own = try XCTUnwrap(draft.corpusDocumentID)
    XCTAssertEqual(index.documents[own].info.name, "a.txt")
    let context = CheckContext(draft: draft, corpus: index, configuration: Configuration())
    XCTAssertFalse(context.isEvidence(documentID: own))
    XCTAssertTrue(context.isEvidence(documentID: 1 - own))
    // …or by content, as for a copy elsewhere or the built-in pack, which has no paths.
    let copy = DraftDocument(
      path: "/elsewhere/copy.txt", text: SourceText("全会指出，要抓好落实。"), corpus: index,
      contentHash: FNV1a.hash(Array("全会指出，要抓好落实。".utf8)))
    XCTAssertEqual(copy.corpusDocumentID, own)
    let other = DraftDocument(path: "/elsewhere/new.txt", text: SourceText("新稿。"), corpus: index)
    XCTAssertNil(other.corpusDocumentID)
  }

  /// The server hashes a draft's scalars as the UTF-8 bytes a corpus file of the same text hashes to.
  func testAPassageIsCitedByTheHeadlineAboveIt() {
    let page = [
      "习近平同法国总统马克龙通电话", "新华社北京11月20日电，两国元首就双边关系交换了意见。",
      "新闻发布会现场", "中国共产党四川省第十二届委员会第四次全体会议公报", "（2023年11月20日中国共产党四川省第十二届委员会第四次全体会议通过）",
      "全会指出，城乡融合发展是中国式现代化的重要标志。", "成都日报记者 白洋 摄影 熊一凡", "全会强调，要加强组织领导。",
    ].joined(separator: "\n\n")
    let doc = CorpusDocument.inMemory(page, name: "page.txt", id: 0, date: SimpleDate(year: 2023, month: 11, day: 20))
    XCTAssertEqual(doc.info.title, "习近平同法国总统马克龙通电话")
    // Before any headline of eight characters or more: the document's title.
    XCTAssertEqual(doc.title(at: offset(of: "两国元首", in: page)), "习近平同法国总统马克龙通电话")
    XCTAssertEqual(doc.title(at: offset(of: "城乡融合", in: page)), "中国共产党四川省第十二届委员会第四次全体会议公报")
    // A byline is not a headline; the adoption note and the caption are not either.
    XCTAssertEqual(doc.title(at: offset(of: "加强组织", in: page)), "中国共产党四川省第十二届委员会第四次全体会议公报")
    XCTAssertEqual(doc.citation(at: offset(of: "城乡融合", in: page)), "《中国共产党四川省第十二届委员会第四次全体会议公报》（2023-11-20）")
    // A title given by the writer stands for every passage.
    let titled = CorpusDocument.inMemory(
      page, name: "page.txt", id: 0, date: SimpleDate(year: 2023, month: 11, day: 20), title: "某报第一版")
    XCTAssertEqual(titled.title(at: offset(of: "城乡融合", in: page)), "某报第一版")
  }

  /// A page titled by its markdown heading cites a later article by that article's headline, the first line
  /// of its block of headline lines (the deck under each is passed over).
  func testAMarkdownPageCitesALaterArticleByItsOwnHeadline() {
    let page = [
      "# 中央某会议在北京举行", "习近平发表重要讲话 某某主持", "据新华社电，会议12月27日至28日在北京举行，总结了对外工作的成就。",
      "推动两地合作联席会议第八次会议召开", "## 推动两地合作走深走实 更好发挥引领示范作用", "据某报消息，两省市召开联席会议，共商合作大计。",
    ].joined(separator: "\n\n")
    let doc = CorpusDocument.inMemory(page, name: "page.md", id: 0, date: SimpleDate(year: 2023, month: 12, day: 28))
    XCTAssertEqual(doc.info.titleSource, "heading")
    XCTAssertEqual(doc.title(at: offset(of: "总结了对外", in: page)), "中央某会议在北京举行")
    XCTAssertEqual(doc.title(at: offset(of: "共商合作", in: page)), "推动两地合作联席会议第八次会议召开")
  }

  /// The scalar offset of the first `s` in `page`.
  func offset(of s: String, in page: String) -> Int {
    page.unicodeScalars.count - page.components(separatedBy: s)[1].unicodeScalars.count - s.unicodeScalars.count
  }

  func testHashOfScalarsIsTheHashOfTheirUTF8() {
    for text in ["", "a", "é", "全会", "𠀀学习", "2023年，增长5.2%。\n\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"] {
      XCTAssertEqual(FNV1a.hash(utf8Of: Array(text.unicodeScalars)), FNV1a.hash(Array(text.utf8)), text)
    }
  }

  func testManifestErrorsNameTheFileAndTheEntry() throws {
    let dir = try TempDirectory()
    let m = try dir.write("m.json", #"{"version": 1, "documents": [{"file": "a.txt", "rank": "high"}]}"#)
    XCTAssertThrowsError(try CorpusManifest.load(m.path)) { error in
      XCTAssertTrue("\(error)".contains("m.json") && "\(error)".contains("documents[0].rank"), "\(error)")
    }
    let v2 = try dir.write("v2.json", #"{"version": 2, "documents": []}"#)
    XCTAssertThrowsError(try CorpusManifest.load(v2.path)) { error in
      XCTAssertTrue("\(error)".contains("version 2"), "\(error)")
    }
  }

  func testManifestEntryForAMissingFileIsAWarning() throws {
    let dir = try TempDirectory()
    try dir.write("a.txt", "正文。")
    try dir.write(CorpusManifest.defaultFileName, #"{"version": 1, "documents": [{"file": "gone.txt", "date": "2023-01-01"}]}"#)
    let loaded = try CorpusLoader.load(directory: dir.url.path)
    XCTAssertEqual(loaded.documents.count, 1)
    XCTAssertTrue(loaded.warnings.contains { $0.contains("gone.txt") }, "\(loaded.warnings)")
  }

  // MARK: - The built-in reference pack

  /// The built-in pack is what `policylint pack` makes of the shared corpus today: a change to what the
  /// index derives (a figure's frame, a date, a number context) without regenerating the pack shows up here.
  func testBuiltInPackIsNotStaleInContent() throws {
    try SharedData.require()
    let loaded = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
    let index = CorpusIndex(documents: loaded.documents, origin: SharedData.corpus.path)
    let pack = ReferencePack(index: index, generatedFrom: "\(index.documents.count) documents")
    XCTAssertTrue(
      String(decoding: try pack.encoded(), as: UTF8.self) == ReferencePack.builtInJSON,
      "the built-in pack is stale: swift run policylint pack --corpus ../shared/corpus --manifest Tests/Fixtures/shared-corpus-manifest.json")
  }

  func testBuiltInPackDecodesAndIsNotStaleInFormat() throws {
    let pack = try ReferencePack.builtIn()
    XCTAssertEqual(pack.version, ReferencePack.formatVersion)
    // Re-encoding with today's types must give the compiled-in JSON back: a field added to an index
    // without regenerating the pack shows up here.
    let reencoded = String(decoding: try pack.encoded(), as: UTF8.self)
    XCTAssertEqual(
      reencoded, ReferencePack.builtInJSON,
      "the built-in pack is stale: swift run policylint pack --corpus ../shared/corpus --manifest Tests/Fixtures/shared-corpus-manifest.json")
    let index = pack.index
    XCTAssertEqual(index.origin, "built-in reference pack")
    XCTAssertTrue(index.documents.allSatisfy { $0.text == nil && $0.info.path.hasPrefix("pack:") })
    XCTAssertEqual(index.documents.map(\.id), Array(0..<index.documents.count))
  }

  func testBuiltInPackIsUsedWithoutACorpus() throws {
    let provided = try CorpusProvider.load(directory: nil, manifest: nil)
    XCTAssertEqual(provided.index.origin, "built-in reference pack")
  }

  func testBuiltInPackHoldsTheSharedCorpusDocuments() throws {
    try SharedData.require()
    let pack = try ReferencePack.builtIn()
    let loaded = try CorpusLoader.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path)
    XCTAssertEqual(pack.documents.map(\.name), loaded.documents.map(\.info.name))
    XCTAssertEqual(pack.documents.map(\.date), loaded.documents.map(\.info.date))
    XCTAssertEqual(pack.documents.map(\.title), loaded.documents.map(\.info.title))
    XCTAssertEqual(pack.documents.map(\.contentHash), loaded.documents.map(\.info.contentHash))
  }

  func testPackSourceEmbedsJSONThatSurvivesQuotesAndHashes() throws {
    let json = ##"{"a":"\"#x"}"##
    let source = ReferencePack.swiftSource(for: Data(json.utf8))
    XCTAssertTrue(source.contains("##\"" + json + "\"##"), source)
  }
}
