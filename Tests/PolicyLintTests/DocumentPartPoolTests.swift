import Foundation
import XCTest

@testable import PolicyLint
@testable import PolicyText

/// The pool of compact views and texts a cached corpus keeps between reads: bounded by its budget, keeping
/// what was read most recently, never changing what a read gives.
final class DocumentPartPoolTests: XCTestCase {
  /// A compact view of `n` scalars (six bytes a scalar, units and one original index each, and a wording
  /// mark every 64 scalars).
  static func view(_ n: Int, _ seed: Int) -> CompactView {
    let text = String((0..<n).map { Character(Unicode.Scalar(0x4E00 + UInt32((seed * 7 + $0) % 500))!) })
    return CompactView(MatchingView(SourceText(text)))
  }

  /// Reads key `key` through the pool; `loads` counts the views the pool had to load.
  func read(_ pool: DocumentPartPool, _ key: Int, _ loads: inout Int) -> CompactView? {
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
    let pool = DocumentPartPool(budget: 10 * size)
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
    let pool = DocumentPartPool(budget: 10 * size)
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
    let pool = DocumentPartPool(budget: 10 * size)  // five views a generation
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
    let pool = DocumentPartPool(budget: 3 * 6_064)
    for round in 0..<3 {
      for key in 0..<10 {
        let v = try XCTUnwrap(pool.view(key) { view(1_000, key) })
        let expected = view(1_000, key)
        XCTAssertEqual((0..<v.count).map { v[$0] }, (0..<expected.count).map { expected[$0] }, "round \(round)")
      }
    }
  }

  func testNothingIsPooledWithoutBudgetOrWithoutAView() {
    let none = DocumentPartPool(budget: 0)
    var loads = 0
    for _ in 0..<3 { _ = read(none, 7, &loads) }
    XCTAssertEqual(loads, 3)
    XCTAssertEqual(none.count, 0)
    let pool = DocumentPartPool()
    var asked = 0
    for _ in 0..<3 {
      XCTAssertNil(pool.view(1) { asked += 1; return nil })
    }
    XCTAssertEqual(asked, 3, "a view that could not be loaded is asked for again")
    XCTAssertEqual(pool.count, 0)
  }

  func testTheBudgetComesFromTheEnvironment() {
    func budget(_ value: String?, _ warnings: inout [String]) -> DocumentPartPool.Budget? {
      DocumentPartPool.budget(environment: value.map { ["POLICYLINT_VIEW_MEMORY_MB": $0] } ?? [:], warnings: &warnings)
    }
    var warnings: [String] = []
    XCTAssertNil(budget(nil, &warnings))
    XCTAssertEqual(budget("16", &warnings), .bytes(16 << 20))
    XCTAssertEqual(budget(" 0 ", &warnings), .bytes(0))
    XCTAssertNil(budget("", &warnings))
    XCTAssertTrue(warnings.isEmpty)
    for bad in ["-1", "16MB", "1e3", "99999999999999999999"] {
      var w: [String] = []
      XCTAssertNil(budget(bad, &w))
      XCTAssertEqual(w.count, 1, bad)
      XCTAssertTrue(w.first?.contains("POLICYLINT_VIEW_MEMORY_MB=\(bad)") ?? false, bad)
    }
  }

  func testTheServersShareGrowsWithTheCorpus() {
    let share = { DocumentPartPool.Budget.corpusShare.bytes(corpusBytes: $0) }
    XCTAssertEqual(share(0), 2 << 20)
    XCTAssertEqual(share(50 << 20), 2 << 20, "the index and the process take 1.45 times 50 MB themselves")
    XCTAssertEqual(share(100 << 20), 5 << 20)
    XCTAssertEqual(share(500 << 20), 185 << 20)
    XCTAssertEqual(share(1_000 << 20), 410 << 20)
    XCTAssertEqual(DocumentPartPool.Budget.unlimited.bytes(corpusBytes: 1 << 30), DocumentPartPool.unlimited)
    XCTAssertEqual(DocumentPartPool.Budget.bytes(-5).bytes(corpusBytes: 1 << 30), 0)
  }

  func testTextsAndViewsShareTheBudgetUnderTheirOwnKeys() throws {
    let text = SourceText(String(repeating: "城乡融合发展。\n", count: 100))
    let view = view(1_000, 1)
    let pool = DocumentPartPool(budget: 4 * (text.storedBytes + view.storedBytes))
    var textLoads = 0
    var viewLoads = 0
    for _ in 0..<3 {
      for document in 0..<2 {
        let t = try XCTUnwrap(pool.text(document) { textLoads += 1; return text })
        XCTAssertEqual(t.scalars, text.scalars)
        XCTAssertNotNil(pool.view(document) { viewLoads += 1; return view })
      }
    }
    XCTAssertEqual(textLoads, 2, "document 0's text and view are two parts")
    XCTAssertEqual(viewLoads, 2)
    XCTAssertEqual(pool.count, 4)
    XCTAssertEqual(pool.pooledBytes, 2 * (text.storedBytes + view.storedBytes))
    // Many texts later, the budget still holds.
    for document in 2..<40 { _ = pool.text(document) { text } }
    XCTAssertLessThanOrEqual(pool.pooledBytes, pool.budget + text.storedBytes)
  }

  /// Threads reading overlapping keys get the right views (run under the thread sanitizer in CI).
  func testConcurrentReadersGetTheRightViews() {
    let pool = DocumentPartPool(budget: 20 * 1_216)
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

extension DocumentPartPoolTests {
  func view(_ n: Int, _ seed: Int) -> CompactView { Self.view(n, seed) }
}

/// A counter threads may increment.
private final class ManagedAtomicCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
