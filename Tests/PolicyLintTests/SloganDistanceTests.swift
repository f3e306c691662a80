@testable import PolicyLint
import XCTest

/// The near-miss search reads the distance of every window starting at one place from one banded table
/// (`SloganText.prefixDistances`); it must agree with `SloganText.distance` of each window wherever the
/// distance is within the limit, and stay above the limit elsewhere.
final class SloganDistanceTests: XCTestCase {
  func testPrefixDistancesAgreeWithTheDistanceOfEachWindow() {
    var random = SeededRandom(seed: 20_261_207)
    let alphabet = Array("城乡融合一体发展新时代中国特色社会主义，。".unicodeScalars)
    var withinLimit = 0
    for round in 0..<3_000 {
      let b = (0..<Int.random(in: 0...14, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      // Windows made from `b` by a few edits (so that many are within the limit), or at random.
      var a = b
      for _ in 0..<Int.random(in: 0...3, using: &random) {
        let at = Int.random(in: 0...a.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: a.insert(alphabet.randomElement(using: &random)!, at: at)
        case 1 where at < a.count: a.remove(at: at)
        case 2 where at < a.count: a[at] = alphabet.randomElement(using: &random)!
        case 3 where at + 1 < a.count: a.swapAt(at, at + 1)
        default: break
        }
      }
      if round % 5 == 0 {
        a = (0..<Int.random(in: 0...16, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      }
      a += (0..<Int.random(in: 0...3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
      let limit = Int.random(in: 0...3, using: &random)
      let table = SloganText.prefixDistances(a[...], b, limit: limit)
      XCTAssertEqual(table.count, a.count + 1)
      for m in 0...a.count {
        let d = SloganText.distance(Array(a[..<m]), b, limit: limit)
        if d <= limit {
          withinLimit += 1
          XCTAssertEqual(table[m], d, "round \(round): prefix \(m) of \(a.count), limit \(limit)")
        } else {
          XCTAssertGreaterThan(table[m], limit, "round \(round): prefix \(m) limit \(limit)")
        }
      }
    }
    XCTAssertGreaterThan(withinLimit, 2_000)
  }

  func testPrefixDistancesOfKnownWindows() {
    let form = Array("城乡融合发展".unicodeScalars)
    let draft = Array("城乡一体发展".unicodeScalars)
    XCTAssertEqual(SloganText.prefixDistances(draft[...], form, limit: 2)[6], 2)
    XCTAssertEqual(SloganText.prefixDistances(Array("城乡合融发展".unicodeScalars)[...], form, limit: 1)[6], 1, "a swap")
    XCTAssertEqual(SloganText.prefixDistances(form[...], form, limit: 0), [1, 1, 1, 1, 1, 1, 0], "only the whole form")
  }
}
