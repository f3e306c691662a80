import Foundation
import PolicyText
import XCTest

/// The literal UTF-8 searches answer as Foundation's `contains` and `range(of:)` do on the texts policylint
/// searches (Han, ASCII, full-width forms, astral characters).
final class LiteralSearchTests: XCTestCase {
  func testAnswersAsFoundationOnRandomText() {
    let alphabet = Array("全会强调的学习贯彻省委市委员会2023年。，、“”𠀀𝐀aA1２ ".unicodeScalars)
    var seed: UInt64 = 42
    func next(_ n: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(seed >> 33) % n
    }
    func random(_ length: Int) -> String {
      String(String.UnicodeScalarView((0..<length).map { _ in alphabet[next(alphabet.count)] }))
    }
    for _ in 0..<3000 {
      let haystack = random(next(40))
      let needle =
        next(4) == 0 ? random(1 + next(3)) : String(haystack.unicodeScalars.dropFirst(next(5)).prefix(1 + next(3)))
      guard !needle.isEmpty else { continue }
      XCTAssertEqual(haystack.containsLiteral(needle), haystack.range(of: needle) != nil, "\(haystack) / \(needle)")
      let first = haystack.range(of: needle)
      XCTAssertEqual(
        haystack.literalScalarOffset(of: needle),
        first.map { haystack.unicodeScalars.distance(from: haystack.startIndex, to: $0.lowerBound) })
      let last = haystack.range(of: needle, options: .backwards)
      XCTAssertEqual(haystack.literalSuffix(afterLast: needle), last.map { String(haystack[$0.upperBound...]) })
      XCTAssertEqual(haystack.literalSuffix(afterFirst: needle), first.map { String(haystack[$0.upperBound...]) })
      let replacement = random(next(3))
      XCTAssertEqual(
        haystack.replacingLiteral(needle, with: replacement),
        haystack.replacingOccurrences(of: needle, with: replacement), "\(haystack) / \(needle) → \(replacement)")
    }
  }

  func testEdges() {
    XCTAssertFalse("".containsLiteral("的"))
    XCTAssertFalse("的".containsLiteral(""))
    XCTAssertEqual("出席全会的省委委员的人数".literalSuffix(afterLast: "的"), "人数")
    XCTAssertEqual("的".literalSuffix(afterLast: "的"), "")
    XCTAssertEqual("𠀀学习".literalScalarOffset(of: "学习"), 1)
    XCTAssertNil("学".literalUTF8Offset(of: "学习"))
    XCTAssertEqual("同比增长同比".replacingLiteral("同比", with: ""), "增长")
    XCTAssertEqual("aaa".replacingLiteral("aa", with: "b"), "ba", "left to right, not overlapping")
  }
}
