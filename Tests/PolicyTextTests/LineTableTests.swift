import PolicyText
import XCTest

final class LineTableTests: XCTestCase {
  func testAstralCharacterShiftsUTF16ByOneMoreThanUTF32() throws {
    let text = SourceText("首行\n𠀀全会要求")
    let index = 4  // 全
    XCTAssertEqual(text.lines.position(ofScalarIndex: index, in: .utf32), Position(line: 1, character: 1))
    XCTAssertEqual(text.lines.position(ofScalarIndex: index, in: .utf16), Position(line: 1, character: 2))
    XCTAssertEqual(text.lines.position(ofScalarIndex: index, in: .utf8), Position(line: 1, character: 4))
    for encoding in PositionEncoding.allCases {
      let p = text.lines.position(ofScalarIndex: index, in: encoding)
      XCTAssertEqual(try text.lines.scalarIndex(of: p, in: encoding), index, "\(encoding)")
    }
  }

  func testEveryScalarOfAMixedTextRoundTripsInEveryEncoding() throws {
    // 𪚥 and emoji are astral (two UTF-16 units, four UTF-8 bytes); 全 is three UTF-8 bytes; CRLF and lone CR end lines.
    let string = "𪚥字😀a\r\n全会，𠀀\r第二行\n\n末行👍🏽"
    let text = SourceText(string)
    var expected16 = 0
    var expected8 = 0
    var line = 0
    let scalars = Array(string.unicodeScalars)
    var i = 0
    while i <= scalars.count {
      let p16 = text.lines.position(ofScalarIndex: i, in: .utf16)
      let p8 = text.lines.position(ofScalarIndex: i, in: .utf8)
      XCTAssertEqual(p16, Position(line: line, character: expected16), "utf-16 at scalar \(i)")
      XCTAssertEqual(p8, Position(line: line, character: expected8), "utf-8 at scalar \(i)")
      for e in PositionEncoding.allCases {
        XCTAssertEqual(try text.lines.scalarIndex(of: text.lines.position(ofScalarIndex: i, in: e), in: e), i, "\(e) at \(i)")
      }
      guard i < scalars.count else { break }
      let s = scalars[i]
      if s == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n" {
        i += 2
        line += 1
        expected16 = 0
        expected8 = 0
        continue
      }
      if s == "\n" || s == "\r" {
        line += 1
        expected16 = 0
        expected8 = 0
      } else {
        expected16 += UTF16.width(s)
        expected8 += UTF8.width(s)
      }
      i += 1
    }
    XCTAssertEqual(text.lines.lineCount, 5)
  }

  func testCRLFAndLoneCRBothEndLines() throws {
    let text = SourceText("一\r\n二\r三\n")
    XCTAssertEqual(text.lines.lineCount, 4)
    XCTAssertEqual(text.lines.position(ofScalarIndex: 3, in: .utf16), Position(line: 1, character: 0))
    XCTAssertEqual(text.lines.position(ofScalarIndex: 5, in: .utf16), Position(line: 2, character: 0))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 1, character: 0)), 3)
    XCTAssertEqual(text.lineString(0), "一")
    XCTAssertEqual(text.lineString(1), "二")
  }

  func testIndexOnALineTerminatorBelongsToTheLineItEnds() {
    let text = SourceText("ab\r\ncd")
    XCTAssertEqual(text.lines.position(ofScalarIndex: 2), Position(line: 0, character: 2))
    // The LF of a CRLF is inside the terminator: it maps to the end of the line's content.
    XCTAssertEqual(text.lines.position(ofScalarIndex: 3), Position(line: 0, character: 2))
  }

  func testPositionInsideSurrogatePairIsAnError() {
    let text = SourceText("𪚥字")
    XCTAssertThrowsError(try text.lines.scalarIndex(of: Position(line: 0, character: 1), in: .utf16))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 0, character: 2), in: .utf16), 1)
    XCTAssertThrowsError(try text.lines.scalarIndex(of: Position(line: 0, character: 2), in: .utf8))
    XCTAssertEqual(text.lines.clampedScalarIndex(of: Position(line: 0, character: 1), in: .utf16), 0)
  }

  func testCharacterPastLineEndClampsAndLinePastEndThrows() throws {
    let text = SourceText("ab\ncd")
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 0, character: 99)), 2)
    XCTAssertThrowsError(try text.lines.scalarIndex(of: Position(line: 5, character: 0)))
    XCTAssertThrowsError(try text.lines.scalarIndex(of: Position(line: -1, character: 0)))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 2, character: 0)), 5)
    XCTAssertEqual(text.lines.clampedScalarIndex(of: Position(line: 9, character: 3)), 5)
  }

  func testOutOfRangeScalarIndicesClampToTheText() {
    let text = SourceText("全会\n公报")
    XCTAssertEqual(text.lines.position(ofScalarIndex: 99), Position(line: 1, character: 2))
    XCTAssertEqual(text.lines.position(ofScalarIndex: -3), Position(line: 0, character: 0))
    XCTAssertEqual(text.lines.range(of: 1..<99).end, Position(line: 1, character: 2))
  }

  func testEmptyTextHasOneEmptyLine() throws {
    let text = SourceText("")
    XCTAssertEqual(text.lines.lineCount, 1)
    XCTAssertEqual(text.lines.position(ofScalarIndex: 0), Position(line: 0, character: 0))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 0, character: 0)), 0)
  }

  func testLongSingleLineUsesCheckpointsConsistently() {
    let scalars = Array(String(repeating: "字😀a", count: 500).unicodeScalars)
    let text = SourceText(scalars: scalars)
    for i in stride(from: 0, through: scalars.count, by: 37) {
      for e in PositionEncoding.allCases {
        let p = text.lines.position(ofScalarIndex: i, in: e)
        XCTAssertEqual(try text.lines.scalarIndex(of: p, in: e), i)
      }
      let expected16 = scalars[0..<i].reduce(0) { $0 + UTF16.width($1) }
      XCTAssertEqual(text.lines.position(ofScalarIndex: i, in: .utf16).character, expected16)
    }
  }
}
