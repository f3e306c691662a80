import Foundation
import JSONRPC
import XCTest

final class JSONValueTests: XCTestCase {
  func testValuesCompareByContent() {
    XCTAssertEqual(JSONValue.object(["a": .number(1)]), JSONValue.object(["a": .number(1)]))
  }

  func testParsesEveryKindOfValue() throws {
    let v = try JSONValue.parse(#" {"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d"}} "#)
    XCTAssertEqual(v, ["a": [1, -2.5, 300, true, false, nil], "b": ["c": "d"]])
  }

  func testSerializesCompactlyWithSortedKeysAndIntegersWithoutFraction() {
    let v: JSONValue = ["z": 1, "a": [1.5, "x"], "m": nil]
    XCTAssertEqual(v.jsonString, #"{"a":[1.5,"x"],"m":null,"z":1}"#)
  }

  func testChineseAndAstralCharactersRoundTrip() throws {
    let original: JSONValue = ["text": "𠀀中文，“引号”\n\t\"\\ \u{1}"]
    let parsed = try JSONValue.parse(original.serialized())
    XCTAssertEqual(parsed, original)
    XCTAssertTrue(original.jsonString.contains("𠀀中文"), "non-ASCII is written as UTF-8, not escaped")
    XCTAssertTrue(original.jsonString.contains("\\u0001"))
  }

  func testUnicodeEscapesIncludingSurrogatePairsAreDecoded() throws {
    XCTAssertEqual(try JSONValue.parse(#""\u4e2d\ud840\udc00\/""#), .string("中𠀀/"))
    XCTAssertEqual(try JSONValue.parse(#""\ud800x""#), .string("\u{FFFD}x"), "a lone surrogate becomes U+FFFD")
  }

  func testInvalidUTF8InStringsIsRejected() {
    XCTAssertThrowsError(try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22]))
  }

  func testMalformedTextsAreRejectedWithAnOffset() {
    for bad in [
      "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"abc", "{\"a\":1}x", "\"a\nb\"", "'x'", "[1 2]",
    ] {
      XCTAssertThrowsError(try JSONValue.parse(bad), "should reject \(bad)") { error in
        XCTAssertTrue(error is JSONParseError)
      }
    }
  }

  func testDeepNestingIsRejectedNotCrashing() {
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    XCTAssertThrowsError(try JSONValue.parse(deep))
  }

  func testIntegerAccessorRejectsFractionsAndHugeNumbers() {
    XCTAssertEqual(JSONValue.number(42).intValue, 42)
    XCTAssertNil(JSONValue.number(1.5).intValue)
    XCTAssertNil(JSONValue.number(1e300).intValue)
    XCTAssertEqual(JSONValue.number(.nan).jsonString, "null")
  }

  func testIntegersAreWrittenAsTheirDigits() {
    let values: [Double] = [0, -0.0, 7, -7, 10, 1234567890, -9_007_199_254_740_991, 9_007_199_254_740_991]
    for d in values {
      XCTAssertEqual(JSONValue.number(d).jsonString, String(Int64(d)), "\(d)")
    }
    XCTAssertEqual(JSONValue.number(1.25).jsonString, "1.25")
    XCTAssertEqual(JSONValue.number(1e300).jsonString, "\(1e300)", "huge numbers keep their exponent form")
  }

  func testFoundationObjectKeepsBooleansApartFromNumbers() throws {
    let object = JSONValue(["flag": true, "one": 1, "zero": 0]).foundationObject as? [String: Any]
    XCTAssertTrue(object?["flag"] is Bool)
    XCTAssertFalse(object?["one"] is Bool, "the number 1 must not read as true")
    XCTAssertFalse(object?["zero"] is Bool)
    XCTAssertEqual((object?["one"] as? NSNumber)?.doubleValue, 1)
  }

  func testCodableValuesEncodeToJSONValues() throws {
    struct Point: Codable, Equatable {
      var line: Int
      var character: Int
    }
    let v = try JSONValue(encoding: Point(line: 1, character: 2))
    XCTAssertEqual(v, ["line": 1, "character": 2])
    XCTAssertEqual(try v.decode(Point.self), Point(line: 1, character: 2))
  }
}

extension JSONValue {
  fileprivate init(_ v: JSONValue) { self = v }
}
