import PolicyLint
import XCTest

/// The hard cases of the issue, one by one.
final class NumeralParserTests: XCTestCase {
  func value(_ s: String) -> Double? { ChineseNumeral.value(s) }

  func testTenIsWrittenWithOrWithoutOne() {
    XCTAssertEqual(value("十"), 10)
    XCTAssertEqual(value("一十"), 10)
    XCTAssertEqual(value("十二"), 12)
    XCTAssertEqual(value("一十二万"), 120_000)
  }

  func testLongNumeralWithZerosAndSections() {
    XCTAssertEqual(value("十亿零八百一十七万五千二百八十八"), 1_008_175_288)
    XCTAssertEqual(value("一亿零五百万"), 105_000_000)
    XCTAssertEqual(value("十万零三"), 100_003)
    XCTAssertEqual(value("一千零一十"), 1010)
  }

  func testLiangAndWanYi() {
    XCTAssertEqual(value("两万亿"), 2_000_000_000_000)
    XCTAssertEqual(value("两百"), 200)
    XCTAssertEqual(value("一千万亿"), 1e15)
  }

  func testDigitByDigitYearsAndZeroForms() {
    XCTAssertEqual(value("二〇三五"), 2035)
    XCTAssertEqual(value("二零二三"), 2023)
    XCTAssertEqual(value("〇"), 0)
    XCTAssertEqual(value("零"), 0)
  }

  func testColloquialTrailingDigitCountsOnePlaceLower() {
    XCTAssertEqual(value("三万五"), 35_000)
    XCTAssertEqual(value("一百五"), 150)
    XCTAssertEqual(value("两千三"), 2300)
  }

  func testDecimals() {
    XCTAssertEqual(value("三点五"), 3.5)
    XCTAssertEqual(value("零点五"), 0.5)
    XCTAssertEqual(value("一点二万")!, 12_000, accuracy: 1e-9)
  }

  func testMalformedRunsAreNotNumbers() {
    XCTAssertNil(value("十十"))
    XCTAssertNil(value("两两"))
    XCTAssertNil(value("万"))
    XCTAssertNil(value("百千"))
    XCTAssertNil(value("三五万"))
  }

  func testSpellWritesWhatPolicyTextsWrite() {
    XCTAssertEqual(ChineseNumeral.spell(10), "十")
    XCTAssertEqual(ChineseNumeral.spell(12), "十二")
    XCTAssertEqual(ChineseNumeral.spell(105), "一百零五")
    XCTAssertEqual(ChineseNumeral.spell(110), "一百一十")
    XCTAssertEqual(ChineseNumeral.spell(10_001), "一万零一")
    XCTAssertEqual(ChineseNumeral.spell(1_008_175_288), "十亿零八百一十七万五千二百八十八")
  }

  func testSpellAndParseRoundTrip() {
    for n: Int64 in [1, 9, 10, 11, 20, 99, 100, 101, 110, 999, 1000, 1001, 1010, 10_000, 10_010, 100_000, 1_000_001,
      20_000_000, 123_456_789, 2_000_000_000_000]
    {
      XCTAssertEqual(value(ChineseNumeral.spell(n)), Double(n), "\(n) → \(ChineseNumeral.spell(n))")
    }
  }
}
