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

  func testCRLFAndLoneCRBothEndLines() throws {
    let text = SourceText("一\r\n二\r三\n")
    XCTAssertEqual(text.lines.lineCount, 4)
    XCTAssertEqual(text.lines.position(ofScalarIndex: 3, in: .utf16), Position(line: 1, character: 0))
    XCTAssertEqual(text.lines.position(ofScalarIndex: 5, in: .utf16), Position(line: 2, character: 0))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 1, character: 0)), 3)
  }

  func testPositionInsideSurrogatePairIsAnError() {
    let text = SourceText("𪚥字")
    XCTAssertThrowsError(try text.lines.scalarIndex(of: Position(line: 0, character: 1), in: .utf16))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 0, character: 2), in: .utf16), 1)
  }

  func testCharacterPastLineEndClampsAndLinePastEndThrows() throws {
    let text = SourceText("ab\ncd")
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 0, character: 99)), 2)
    XCTAssertThrowsError(try text.lines.scalarIndex(of: Position(line: 5, character: 0)))
    XCTAssertEqual(try text.lines.scalarIndex(of: Position(line: 2, character: 0)), 5)
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
