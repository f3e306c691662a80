import Foundation
import XCTest

@testable import PolicyLint
@testable import PolicyText

/// The pool of compact views a cached corpus keeps between reads: bounded by its budget, keeping what was
/// read most recently, never changing what a read gives.
final class CompactViewPoolTests: XCTestCase {
  /// A compact view of `n` scalars (six bytes a scalar, units and one original index each, and a wording
  /// mark every 64 scalars).
  static func view(_ n: Int, _ seed: Int) -> CompactView {
    let text = String((0..<n).map { Character(Unicode.Scalar(0x4E00 + UInt32((seed * 7 + $0) % 500))!) })
    return CompactView(MatchingView(SourceText(text)))
  }

  /// Reads key `key` through the pool; `loads` counts the views the pool had to load.
  func read(_ pool: CompactViewPool, _ key: Int, _ loads: inout Int) -> CompactView? {
    var loaded = false
    let v = pool.view(key) {
      loaded = true
      return view(1_000, key)
    }
    if loaded { loads += 1 }
    return v
  }

  func testPooledBytesStayWithinTheBudget() {
    let size = view(1_000, 0).storedBytes
    XCTAssertEqual(size, 6_000 + 4 * 16)
    let pool = CompactViewPool(budget: 10 * size)
    var loads = 0
    for key in 0..<100 {
      _ = read(pool, key, &loads)
      XCTAssertLessThanOrEqual(pool.pooledBytes, pool.budget + size, "after key \(key)")
    }
    XCTAssertEqual(loads, 100)
    XCTAssertGreaterThan(pool.count, 0)
  }

  func testRecentViewsAreFoundAndOldOnesLoadedAgain() {
    let size = view(1_000, 0).storedBytes
    let pool = CompactViewPool(budget: 10 * size)
    var loads = 0
    for key in 0..<40 { _ = read(pool, key, &loads) }
    XCTAssertEqual(loads, 40)
    // The last few read are still there; the first ones are not.
    _ = read(pool, 39, &loads)
    _ = read(pool, 38, &loads)
    XCTAssertEqual(loads, 40)
    _ = read(pool, 0, &loads)
    XCTAssertEqual(loads, 41)
  }

  func testAViewReadAgainOutlivesTheGenerationItCameIn() {
    let size = view(1_000, 0).storedBytes
    let pool = CompactViewPool(budget: 10 * size)  // five views a generation
    var loads = 0
    _ = read(pool, 1_000, &loads)
    // Key 1000 is read again after every few new views: it moves to the young generation each time.
    for key in 0..<60 {
      _ = read(pool, key, &loads)
      if key % 3 == 0 { _ = read(pool, 1_000, &loads) }
    }
    XCTAssertEqual(loads, 61, "key 1000 was loaded once")
  }

  func testWhatThePoolGivesIsWhatWasLoaded() throws {
    let pool = CompactViewPool(budget: 3 * 6_064)
    for round in 0..<3 {
      for key in 0..<10 {
        let v = try XCTUnwrap(pool.view(key) { view(1_000, key) })
        let expected = view(1_000, key)
        XCTAssertEqual((0..<v.count).map { v[$0] }, (0..<expected.count).map { expected[$0] }, "round \(round)")
      }
    }
  }

  func testNothingIsPooledWithoutBudgetOrWithoutAView() {
    let none = CompactViewPool(budget: 0)
    var loads = 0
    for _ in 0..<3 { _ = read(none, 7, &loads) }
    XCTAssertEqual(loads, 3)
    XCTAssertEqual(none.count, 0)
    let pool = CompactViewPool()
    var asked = 0
    for _ in 0..<3 {
      XCTAssertNil(pool.view(1) { asked += 1; return nil })
    }
    XCTAssertEqual(asked, 3, "a view that could not be loaded is asked for again")
    XCTAssertEqual(pool.count, 0)
  }

  func testTheBudgetComesFromTheEnvironment() {
    func budget(_ value: String?, _ warnings: inout [String]) -> Int {
      CompactViewPool.budget(environment: value.map { ["POLICYLINT_VIEW_MEMORY_MB": $0] } ?? [:], warnings: &warnings)
    }
    var warnings: [String] = []
    XCTAssertEqual(budget(nil, &warnings), CompactViewPool.unlimited)
    XCTAssertEqual(budget("16", &warnings), 16 << 20)
    XCTAssertEqual(budget(" 0 ", &warnings), 0)
    XCTAssertEqual(budget("", &warnings), CompactViewPool.unlimited)
    XCTAssertTrue(warnings.isEmpty)
    for bad in ["-1", "16MB", "1e3", "99999999999999999999"] {
      var w: [String] = []
      XCTAssertEqual(budget(bad, &w), CompactViewPool.unlimited)
      XCTAssertEqual(w.count, 1, bad)
      XCTAssertTrue(w.first?.contains("POLICYLINT_VIEW_MEMORY_MB=\(bad)") ?? false, bad)
    }
  }

  /// Threads reading overlapping keys get the right views (run under the thread sanitizer in CI).
  func testConcurrentReadersGetTheRightViews() {
    let pool = CompactViewPool(budget: 20 * 1_216)
    let expected = (0..<64).map { k in view(200, k) }
    let wrong = ManagedAtomicCounter()
    DispatchQueue.concurrentPerform(iterations: 8) { t in
      for i in 0..<2_000 {
        let key = (i * 31 + t * 17) % 64
        let v = pool.view(key) { Self.view(200, key) }
        if let v, (0..<v.count).allSatisfy({ v[$0] == expected[key][$0] }) { continue }
        wrong.increment()
      }
    }
    XCTAssertEqual(wrong.value, 0)
    XCTAssertLessThanOrEqual(pool.pooledBytes, pool.budget + 1_216)
  }
}

extension CompactViewPoolTests {
  func view(_ n: Int, _ seed: Int) -> CompactView { Self.view(n, seed) }
}

/// A counter threads may increment.
private final class ManagedAtomicCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
