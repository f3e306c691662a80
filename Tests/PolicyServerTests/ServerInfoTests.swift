import PolicyServer
import XCTest

final class ServerInfoTests: XCTestCase {
  func testServerNameIsPolicylint() {
    XCTAssertEqual(PolicyServerInfo.name, "policylint")
  }
}
