import JSONRPC
import XCTest

final class JSONValueTests: XCTestCase {
  func testValuesCompareByContent() {
    XCTAssertEqual(JSONValue.object(["a": .number(1)]), JSONValue.object(["a": .number(1)]))
  }
}
