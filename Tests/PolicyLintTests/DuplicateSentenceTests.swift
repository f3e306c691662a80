import PolicyLint
import PolicyText
import XCTest

final class DuplicateSentenceTests: XCTestCase {
  func sentences(_ text: String, configuration: Configuration = Configuration()) -> [Finding] {
    DuplicateLint.run(text, checks: [RepeatedSentenceCheck.self], configuration: configuration)
  }

  func testEachLaterCopyPointsAtTheFirst() throws {
    let s = "全会要求，着力写好“四个融合”大文章，促进要素融合、产业融合。"
    let text = s + "其他内容。\n第二部分。\n" + s + "\n" + s.replacingOccurrences(of: "，", with: ",")
    let findings = sentences(text)
    XCTAssertEqual(findings.count, 2)
    for f in findings {
      XCTAssertEqual(f.severity, .warning)
      XCTAssertEqual(DuplicateLint.slice(text, f.range).replacingOccurrences(of: ",", with: "，"), s)
      guard case .draft(let first) = f.related.first?.location else { return XCTFail("no evidence") }
      XCTAssertEqual(first, 0..<s.unicodeScalars.count)
      XCTAssertTrue(f.message.contains("第1行"), f.message)
    }
  }

  func testCopySplitByHardLineBreaksAndSpacesIsStillTheSameSentence() throws {
    let text = "坚持农业农村优先发展，强化以工补农、以城带乡。\n另起一段。\n坚持农业农村优先\n发 展 ， 强化以工补农、以城带乡。"
    let f = try XCTUnwrap(sentences(text).first)
    XCTAssertEqual(DuplicateLint.slice(text, f.range), "坚持农业农村优先\n发 展 ， 强化以工补农、以城带乡。")
  }

  func testTheSamePointUnderTwoListNumbersIsRepeated() {
    let text = "一是加强基层党组织建设和党员队伍建设。二是完善乡村治理体系。三是加强基层党组织建设和党员队伍建设。"
    XCTAssertEqual(sentences(text).count, 1)
  }

  func testParallelStructuresWithDifferentContentStayQuiet() {
    let text = """
      要着眼解决流通不畅问题促进要素融合。要着眼解决联动不足问题促进产业融合。
      要着眼解决供给不均问题促进设施融合。要着眼解决管理不优问题促进治理融合。
      坚持统筹谋划、协同推进，坚持因地制宜、循序渐进。让农业强起来、农村旺起来、农民富起来。
      """
    XCTAssertTrue(sentences(text).isEmpty)
  }

  func testShortSentencesAreBelowTheMinimumLength() {
    XCTAssertTrue(sentences("全会认为：形势严峻。全会认为：任务艰巨。一是。二是。谢谢大家！谢谢大家！").isEmpty)
  }

  func testMinimumLengthIsAThreshold() {
    let text = "推进城乡融合发展事关全局。推进城乡融合发展事关全局。"
    XCTAssertEqual(sentences(text).count, 1)
    var config = Configuration()
    config.thresholds["sentenceMinLength"] = 20
    XCTAssertTrue(sentences(text, configuration: config).isEmpty)
  }
}

/// `Tests/Fixtures/parallel-structures.txt`: 30 parallel passages from the corpus that must stay quiet.
final class DuplicateParallelStructureTests: XCTestCase {
  static let fixture = SharedData.packageRoot.appendingPathComponent("Tests/Fixtures/parallel-structures.txt")

  func passages() throws -> [String] {
    let text = try String(contentsOf: Self.fixture, encoding: .utf8)
    return text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
  }

  func testFixtureHoldsThirtyPassages() throws {
    XCTAssertEqual(try passages().count, 30)
  }

  func testNoParallelPassageTriggersDoubledOrSentence() throws {
    for passage in try passages() {
      let findings = DuplicateLint.run(passage, checks: [DoubledPhraseCheck.self, RepeatedSentenceCheck.self])
      XCTAssertEqual(findings.map { "\($0.code) «\(DuplicateLint.slice(passage, $0.range))»" }, [], passage)
    }
    let all = try passages().joined(separator: "\n")
    XCTAssertTrue(DuplicateLint.run(all, checks: [DoubledPhraseCheck.self, RepeatedSentenceCheck.self]).isEmpty)
  }

  func testParallelPassagesRaiseNoDuplicateWarningAgainstTheSharedCorpus() throws {
    let index = try SharedCorpus.index()
    let all = try passages().joined(separator: "\n")
    let warnings = DuplicateLint.run(all, checks: SharedCorpus.duplicateChecks, index: index).filter {
      $0.severity >= .warning
    }
    XCTAssertEqual(warnings.map(\.message), [])
  }
}
