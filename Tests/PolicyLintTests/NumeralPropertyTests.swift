import PolicyLint
import XCTest

/// The numeral speller writes what the parser reads: quick fixes that spell a number must not write a
/// numeral policylint itself would misread. Seeded over every magnitude up to the speller's 10^16.
final class NumeralPropertyTests: XCTestCase {
  func testSpelledNumbersReadBackAsThemselvesAtEveryMagnitude() {
    var random = SeededRandom(seed: 9)
    var values: [Int64] = [0, 1, 10, 11, 20, 100, 101, 110, 1000, 1001, 10_000, 10_001, 100_000_000, 100_000_001,
                           1_000_000_000_000, 1_000_000_000_001, 1_000_100_000_000, 7_403_619_509_731_327,
                           9_999_999_999_999_999]
    for digits in 1...16 {
      let limit = Int64(pow(10.0, Double(digits)))
      for _ in 0..<200 { values.append(Int64.random(in: 0..<limit, using: &random)) }
      // Sparse numbers (many zero sections) are where 零 and section units go wrong.
      for _ in 0..<50 {
        var v: Int64 = 0
        for _ in 0..<digits { v = v * 10 + (random.chance(0.7) ? 0 : Int64.random(in: 1...9, using: &random)) }
        values.append(v)
      }
    }
    for value in values {
      let spelled = ChineseNumeral.spell(value)
      XCTAssertEqual(ChineseNumeral.integer(Array(spelled.unicodeScalars)[...])?.value, value, "\(value) → \(spelled)")
    }
  }
}
