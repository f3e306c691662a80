import PolicyText
import XCTest

/// `ScalarSet` answers as `Set<Unicode.Scalar>` does, in and beyond the Basic Multilingual Plane.
final class ScalarSetTests: XCTestCase {
  func testMembershipIsTheSetsMembership() {
    let members: [Unicode.Scalar] = ["比", "较", "a", "\u{0}", "\u{FFFF}", "𠀀", "𝐀", "。"]
    let set = ScalarSet(members)
    let reference = Set(members)
    var seed: UInt64 = 9
    for _ in 0..<20000 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let value = UInt32(seed >> 40) % 0x11_0000
      guard let s = Unicode.Scalar(value) else { continue }
      XCTAssertEqual(set.contains(s), reference.contains(s), "U+\(String(value, radix: 16))")
    }
    for s in members { XCTAssertTrue(set.contains(s)) }
    XCTAssertFalse(set.contains("与"))
    XCTAssertTrue(ScalarSet(scalarsOf: ["今年", "去年"]).contains("去"))
  }
}
