import Foundation
import PolicyLint
import PolicyText
import XCTest

/// The figure checks on the shared samples and corpus (skipped when `../shared` is absent), and the facts
/// the reference pack keeps.
final class FigureCorpusTests: XCTestCase {
  func loadCorpus() throws -> CorpusIndex {
    try SharedData.require()
    return try CorpusProvider.load(directory: SharedData.corpus.path, manifest: SharedData.manifest.path).index
  }

  func figureFindings(_ path: String, text: String, corpus: CorpusIndex, hash: UInt64? = nil) -> [Finding] {
    let draft = DraftDocument(path: path, text: SourceText(text), corpus: corpus, contentHash: hash)
    return Linter(corpus: corpus).lint(draft, configuration: Configuration()).filter {
      $0.family == "figure" && $0.severity >= .warning
    }
  }

  func testCorpusDocumentsCheckedAgainstTheRestRaiseNoFigureWarning() throws {
    let corpus = try loadCorpus()
    for doc in corpus.documents {
      guard let text = doc.text else { continue }
      let found = figureFindings(doc.info.path, text: text.string, corpus: corpus)
      XCTAssertTrue(found.isEmpty, "\(doc.info.name): \(found.map { "\($0.code) \(text.string($0.range)) \($0.message)" })")
    }
  }

  func testSampleCountMarksAreFoundAndTheControlStaysQuiet() throws {
    let corpus = try loadCorpus()
    let names = try FileManager.default.contentsOfDirectory(atPath: SharedData.samples.path).filter { $0.hasSuffix(".txt") }
    XCTAssertFalse(names.isEmpty)
    for name in names {
      let raw = try String(contentsOf: SharedData.samples.appendingPathComponent(name), encoding: .utf8)
      let marked = MarkedText(raw, familyPrefixes: true)
      let found = figureFindings("/memory/\(name)", text: marked.text, corpus: corpus)
      let utf16 = Array(marked.text.utf16)
      _ = utf16
      var expected = 0
      for (range, family) in zip(marked.marks, marked.families) {
        guard let family, family.split(separator: "|").contains(where: { $0 == "cnt" || $0 == "fig" }) else { continue }
        // `fig:2030` in s1 misquotes a corpus sentence (2035): the slogans family's misquote check owns it.
        if family == "fig" { continue }
        expected += 1
        XCTAssertTrue(
          found.contains { $0.range.overlaps(range) || $0.range.lowerBound == range.lowerBound },
          "\(name): mark \(family) at \(range) not found; findings: \(found.map(\.message))")
      }
      if marked.marks.isEmpty {
        XCTAssertTrue(found.isEmpty, "control \(name) got \(found.map(\.message))")
      }
      // Every figure warning on a sample must sit on a mark.
      for f in found {
        XCTAssertTrue(marked.marks.contains { $0.overlaps(f.range) }, "\(name): unmarked warning \(f.message)")
      }
    }
  }

  func testTheSecondPlenaryDoesNotContradictTheFourth() {
    let docs = [
      CorpusDocument.inMemory(
        "中国共产党四川省第十二届委员会第二次全体会议，于2022年11月28日至29日在成都举行。出席全会的有，省委委员79人，候补省委委员15人。",
        name: "p2.txt", id: 0, date: SimpleDate(year: 2022, month: 11, day: 29)),
      CorpusDocument.inMemory(
        "中国共产党四川省第十二届委员会第四次全体会议，于2023年11月20日在成都举行。出席全会的有，省委委员85人，候补省委委员17人。",
        name: "p4.txt", id: 1, date: SimpleDate(year: 2023, month: 11, day: 20)),
    ]
    let corpus = CorpusIndex(documents: docs, origin: "test")
    let right = "省委十二届四次全会于2023年11月20日举行。出席全会的有，省委委员85人。"
    XCTAssertTrue(figureFindings("/memory/a.txt", text: right, corpus: corpus).isEmpty)
    let wrong = "省委十二届四次全会于2023年11月20日举行。出席全会的有，省委委员79人。"
    let found = figureFindings("/memory/b.txt", text: wrong, corpus: corpus)
    XCTAssertEqual(found.map(\.code), ["figure/mismatch"])
    XCTAssertEqual(found.first?.related.first?.location, .corpus(document: 1, range: 52..<55))
    XCTAssertEqual(found.first?.fixes.first?.edits.first?.newText, "85")
  }

  func testFactsSurviveEncodingWithoutTexts() throws {
    let doc = CorpusDocument.inMemory(
      "11月20日，中俄执政党对话机制第十次会议以视频方式举办。明年是中俄建交75周年。", name: "x.txt", id: 0,
      date: SimpleDate(year: 2023, month: 11, day: 20))
    let facts = FigureFacts(documents: [doc])
    XCTAssertEqual(facts.meetings.count, 1)
    XCTAssertEqual(facts.anniversaries.first?.founded, 1949)
    let data = try JSONEncoder().encode(facts)
    let back = try JSONDecoder().decode(FigureFacts.self, from: data)
    XCTAssertEqual(back.meetings, facts.meetings)
    XCTAssertEqual(back.anniversaries, facts.anniversaries)
    XCTAssertEqual(back.counts, facts.counts)
  }
}
