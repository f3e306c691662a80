@testable import PolicyText
import XCTest

/// The one binary search the project uses gives what a scan gives.
final class PartitionPointTests: XCTestCase {
  func testPartitionPointIsTheFirstElementNotBefore() {
    var random = SeededRandom(seed: 20_261_208)
    for length in [0, 1, 2, 3, 7, 64, 1_000] {
      let values = (0..<length).map { _ in Int.random(in: 0..<50, using: &random) }.sorted()
      for x in -1...51 {
        XCTAssertEqual(values.partitionPoint { $0 < x }, values.firstIndex { $0 >= x } ?? length, "\(length) < \(x)")
        XCTAssertEqual(values.partitionPoint { $0 <= x }, values.firstIndex { $0 > x } ?? length, "\(length) <= \(x)")
        guard length > 0 else { continue }
        let a = Int.random(in: 0...length, using: &random)
        let b = Int.random(in: a...length, using: &random)
        XCTAssertEqual(
          values.partitionPoint(in: a..<b) { $0 < x }, (a..<b).first { values[$0] >= x } ?? b, "\(a)..<\(b) < \(x)")
      }
    }
    // Any collection indexed from 0, not only arrays.
    let slice = [1, 3, 5, 7][0..<4]
    XCTAssertEqual(slice.partitionPoint { $0 < 5 }, 2)
  }
}
