@testable import PolicyText
import XCTest

/// A compact view reads as the matching view it stands for: every scalar (rare characters outside the
/// BMP included), every original index and range.
final class CompactViewTests: XCTestCase {
  func testCompactViewsReadAsTheirViewsOnNoisyAndAstralText() {
    var random = SeededRandom(seed: 20_261_207)
    var wide = 0
    for round in 0..<300 {
      let string =
        round % 2 == 0 ? NoisyText.make(&random, length: 30 + round) : NoisyText.astral(&random, length: 20 + round)
      let text = SourceText(string)
      let view = MatchingView(text)
      let layout = MatchingViewLayout(of: view, text: text)
      let fromView = CompactView(view)
      let fromBytes = Array(string.utf8).withUnsafeBytes {
        CompactView(utf8: $0, count: text.scalars.count, layout: layout)
      }
      guard let fromBytes else {
        XCTFail("round \(round): the layout of a view does not fit its own text")
        continue
      }
      let stored = fromView.storedForm.withUnsafeBytes {
        CompactView(storedForm: $0, layout: layout, originalCount: text.scalars.count)
      }
      guard let stored else {
        XCTFail("round \(round): a view's stored form is refused")
        continue
      }
      // Where each wording scalar is, found by reading them all.
      let wordingAt = view.scalars.indices.filter { ScalarClass.isWording(view.scalars[$0]) }
      for compact in [fromView, fromBytes, stored] {
        XCTAssertEqual(
          (-1..<(wordingAt.count + 2)).map { compact.viewIndex(ofWording: $0) },
          [nil] + wordingAt.map { Optional($0) } + [nil, nil], "round \(round)")
        XCTAssertEqual(compact.count, view.count, "round \(round)")
        XCTAssertEqual((0..<compact.count).map { compact[$0] }, view.scalars, "round \(round)")
        XCTAssertEqual(
          (0..<compact.count).filter { compact.isWording(at: $0) }, wordingAt, "round \(round): isWording(at:)")
        XCTAssertEqual(compact.originalIndex, view.originalIndex, "round \(round)")
        XCTAssertEqual(compact.originalCount, view.originalCount, "round \(round)")
        for _ in 0..<10 where view.count > 0 {
          let a = Int.random(in: 0..<view.count, using: &random)
          let b = Int.random(in: a...view.count, using: &random)
          XCTAssertEqual(compact.originalRange(a..<b), view.originalRange(a..<b), "round \(round)")
        }
      }
      wide += fromBytes.units.filter { $0 == CompactView.wideMarker }.count
    }
    XCTAssertGreaterThan(wide, 100, "scalars outside the BMP are exercised")
  }

  /// The unit test of wording agrees with `ScalarClass.isWording` on every scalar of the BMP.
  func testWordingIsToldFromTheUnitAsFromTheScalar() {
    for v in UInt32(0)..<0x1_0000 {
      guard let scalar = Unicode.Scalar(v), UInt16(v) != CompactView.wideMarker else { continue }
      XCTAssertEqual(CompactView.isWordingUnit(UInt16(v)), ScalarClass.isWording(scalar), "U+\(String(v, radix: 16))")
    }
  }

  func testACompactViewFromBytesThatAreNotItsTextIsRefused() {
    let string = "全会认为，过去𠀀一年\n工作成绩显著。"
    let text = SourceText(string)
    let layout = MatchingViewLayout(of: MatchingView(text), text: text)
    var bytes = Array(string.utf8)
    bytes[1] = 0x41
    XCTAssertNil(bytes.withUnsafeBytes { CompactView(utf8: $0, count: text.scalars.count, layout: layout) })
    XCTAssertNil(
      Array(string.utf8).withUnsafeBytes { CompactView(utf8: $0, count: text.scalars.count + 1, layout: layout) })
  }

  func testAStoredFormThatDoesNotFitIsRefused() {
    let string = "全会认为，过去𠀀一年\n工作成绩显著。"
    let text = SourceText(string)
    let view = MatchingView(text)
    let layout = MatchingViewLayout(of: view, text: text)
    let good = CompactView(view).storedForm
    func read(_ bytes: [UInt8], count: Int? = nil) -> CompactView? {
      bytes.withUnsafeBytes { CompactView(storedForm: $0, layout: layout, originalCount: count ?? text.scalars.count) }
    }
    XCTAssertNotNil(read(good))
    XCTAssertNil(read(Array(good.dropLast())), "a short table")
    XCTAssertNil(read(good, count: 3), "another text's layout")
    let wideAt = 8 + 2 * view.count
    var noTable = good
    noTable.replaceSubrange(4..<8, with: [0, 0, 0, 0])
    noTable.removeSubrange(wideAt..<(wideAt + 8))
    XCTAssertNil(read(noTable), "a surrogate unit the table does not explain")
    var bmpValue = good
    bmpValue.replaceSubrange((wideAt + 4)..<(wideAt + 8), with: withUnsafeBytes(of: UInt32(0x4E00)) { Array($0) })
    XCTAssertNil(read(bmpValue), "a wide scalar inside the BMP")
    var markPast = good
    markPast.replaceSubrange((good.count - 4)..<good.count, with: withUnsafeBytes(of: UInt32(view.count)) { Array($0) })
    XCTAssertNil(read(markPast), "a wording mark past the view")
    var moreMarks = good
    moreMarks.replaceSubrange((good.count - 8)..<(good.count - 4), with: withUnsafeBytes(of: UInt32(2)) { Array($0) })
    XCTAssertNil(read(moreMarks), "more marks than the form holds")
    var stray = good
    stray.replaceSubrange(8..<10, with: withUnsafeBytes(of: UInt16(0xDC00)) { Array($0) })
    XCTAssertNil(read(stray), "a lone surrogate")
  }

  /// The block-wise count of surrogate units gives what counting unit by unit gives: surrogates in every
  /// lane of a block, at block edges, in the tail, none at all, and units that only look close (0xD7FF,
  /// 0xE000).
  func testSurrogatesAreCountedAsUnitByUnit() {
    var g = SystemRandomNumberGenerator()
    let pool: [UInt16] = [0x4E00, 0x0041, 0xD7FF, 0xE000, 0xFFFF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x0000]
    for length in [0, 1, 15, 16, 17, 31, 32, 33, 100, 1_000] {
      for _ in 0..<20 {
        let units = (0..<length).map { _ in
          Int.random(in: 0..<4, using: &g) == 0
            ? pool.randomElement(using: &g)! : UInt16.random(in: 0x4E00...0x9FFF, using: &g)
        }
        let expected = units.filter { $0 >= 0xD800 && $0 <= 0xDFFF }.count
        XCTAssertEqual(units.withUnsafeBytes { CompactView.surrogateCount($0) }, expected, "\(length) units")
      }
    }
    // An odd trailing byte is not a unit.
    XCTAssertEqual([UInt8](arrayLiteral: 0x00, 0xD8, 0x00).withUnsafeBytes { CompactView.surrogateCount($0) }, 1)
  }
}
