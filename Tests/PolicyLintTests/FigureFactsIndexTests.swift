import Foundation
import PolicyText
import XCTest

@testable import PolicyLint

/// `FigureFacts` groups the corpus's meetings by event and dates; a lookup through the groups must give the
/// meetings a scan of every fact gives, in corpus order.
final class FigureFactsIndexTests: XCTestCase {
  static func facts() -> FigureFacts {
    let texts = [
      "中共四川省委十二届四次全会于2023年11月20日在成都举行。", "四川省委十二届四次全会11月20日在成都召开，全会审议通过了决定。",
      "省委十二届三次全会于2023年6月28日至29日在成都举行。", "中俄执政党对话机制第十次会议于2023年11月20日以视频方式举行。",
      "市委十四届四次全会12月27日召开。", "中共四川省委十二届四次全会于2023年11月21日在成都举行。",
    ]
    let documents = (0..<24).map { i in
      CorpusDocument.inMemory(
        texts[i % texts.count], name: "d\(i).txt", id: i, date: SimpleDate(year: 2023, month: 12, day: 1 + i % 20))
    }
    return FigureFacts(documents: documents)
  }

  func testGroupsGiveTheMeetingsOfAScan() {
    let facts = Self.facts()
    XCTAssertGreaterThan(facts.meetings.count, 10)
    for m in facts.meetings {
      let scan = facts.meetings.filter { $0.event.sameSeries(m.event) }
      let groups = facts.meetingGroups(inSeriesOf: m.event)
      XCTAssertEqual(groups.map(\.indices.count).reduce(0, +), scan.count)
      for limit in [1, 3, 100] {
        for excluded in [-1, 0, 3, 5] {
          let expected = scan.filter { $0.document != excluded }.prefix(limit).map(\.document)
          XCTAssertEqual(
            facts.firstMeetings(of: groups, limit: limit) { $0.document != excluded }.map(\.document), Array(expected))
        }
      }
      for g in groups {
        XCTAssertTrue(g.indices.allSatisfy { facts.meetings[$0].event == g.event && facts.meetings[$0].date == g.date })
        XCTAssertEqual(g.indices, g.indices.sorted())
      }
    }
  }
}

/// The corpus cache writes `FigureFacts` in its own binary form; reading it back gives the facts the
/// `Codable` form (the reference pack's) gives.
final class FigureFactsCacheEncodingTests: XCTestCase {
  func roundTrip(_ facts: FigureFacts) throws -> FigureFacts {
    var writer = BinaryWriter()
    facts.write(to: &writer)
    let bytes = writer.bytes
    return try bytes.withUnsafeBytes { raw in
      var reader = BinaryReader(raw)
      return try FigureFacts(from: &reader)
    }
  }

  func assertSame(_ a: FigureFacts, _ b: FigureFacts, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.counts, b.counts, file: file, line: line)
    XCTAssertEqual(a.meetings, b.meetings, file: file, line: line)
    XCTAssertEqual(a.anniversaries, b.anniversaries, file: file, line: line)
  }

  func testBinaryAndCodableGiveTheSameFacts() throws {
    var sets = [FigureFactsIndexTests.facts()]
    if FileManager.default.fileExists(atPath: SharedData.corpus.path) {
      sets.append(FigureFacts(documents: try SharedCorpus.index().documents))
    }
    for facts in sets {
      let json = try JSONDecoder().decode(FigureFacts.self, from: try JSONEncoder().encode(facts))
      let binary = try roundTrip(facts)
      assertSame(binary, json)
      assertSame(binary, facts)
      for m in facts.meetings {
        XCTAssertEqual(
          binary.meetingGroups(inSeriesOf: m.event).map(\.indices),
          facts.meetingGroups(inSeriesOf: m.event).map(\.indices))
      }
    }
    XCTAssertGreaterThan(sets.map { $0.counts.count + $0.meetings.count }.reduce(0, +), 5)
  }

  func testDamagedBytesAreAnError() throws {
    var writer = BinaryWriter()
    FigureFactsIndexTests.facts().write(to: &writer)
    var bytes = writer.bytes
    bytes.removeLast(3)
    XCTAssertThrowsError(
      try bytes.withUnsafeBytes { raw in
        var reader = BinaryReader(raw)
        return try FigureFacts(from: &reader)
      })
  }
}

/// A meeting's term written before the sentence of its number (`第十二届。第四次全体会议`, as a garbled
/// extraction or a synthetic reprint writes it) crashed the figure analysis, and with it the corpus build,
/// `check` and the server's lint; found by the 50,000-document benchmark corpus.
final class FigureTermAcrossSentencesTests: XCTestCase {
  func testATermBeforeTheSentenceOfItsMeetingDoesNotCrash() {
    for text in ["中共四川省委第十二届。第四次全体会议于2023年11月20日在成都举行。", "省委十二届。四次全会召开，全会审议通过了决定。"] {
      let source = SourceText(text)
      let analysis = FigureAnalysis(
        text: source, view: MatchingView(source), date: SimpleDate(year: 2023, month: 12, day: 1))
      XCTAssertEqual(analysis.meetings.count, 1, text)
      let facts = FigureFacts(documents: [
        CorpusDocument.inMemory(text, name: "a.txt", id: 0, date: SimpleDate(year: 2023, month: 12, day: 1))
      ])
      // A dated meeting becomes a fact of the corpus.
      XCTAssertEqual(facts.meetings.map(\.event.number), text.contains("2023年") ? [4] : [], text)
    }
  }
}
