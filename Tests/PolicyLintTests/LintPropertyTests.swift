import Foundation
import PolicyLint
import PolicyText
import XCTest

/// The whole lint on random drafts made of corpus sentences and extraction noise: every finding's range,
/// evidence and fixes stay inside their texts, output is sorted and deterministic. Seeded; a failure names
/// its seed. Uses ../shared/corpus when present (skips otherwise, as the drafts are built from it).
final class LintPropertyTests: XCTestCase {
  static let noise = ["\r\n", "\n", "\n\n", "𠀀", "😀", "　", " ", "，", "。", "２０２３", "- 3 -\n", "（下转 02 版）",
                      "<!-- policylint-disable-line -->", "**", "# ", "一、", "（一）", "百分之五", "5.2%", "\u{FEFF}"]

  func testLintOfRandomNoisyDraftsKeepsEveryRangeInsideItsText() throws {
    try SharedData.require()
    let reference = LintInvariants.referenceCorpus(directory: SharedData.corpus.path)
    let sentences = reference.documents.compactMap(\.text).flatMap { text -> [String] in
      text.string.split(whereSeparator: { $0 == "。" || $0 == "\n" }).map { String($0) + "。" }.filter { $0.count > 4 }
    }
    XCTAssertFalse(sentences.isEmpty)
    for seed in UInt64(1)...40 {
      var random = SeededRandom(seed: seed)
      var draft = ""
      for _ in 0..<Int.random(in: 1...30, using: &random) {
        draft += random.chance(0.6) ? random.pick(sentences) : random.pick(Self.noise)
      }
      XCTAssertEqual(LintInvariants.checkLint(draft, corpus: reference), [], "seed \(seed)")
    }
  }

  func testIndexesBuiltOverHostileCorpusTextStayConsistent() {
    for seed in UInt64(1)...40 {
      var random = SeededRandom(seed: seed)
      var bytes: [UInt8] = []
      for _ in 0..<Int.random(in: 1...60, using: &random) {
        bytes += random.chance(0.1) ? [0] : Array(random.pick(Self.noise + ["全会", "要求", "坚持高质量发展", "2023年"]).utf8)
      }
      XCTAssertEqual(LintInvariants.check(bytes: bytes, reference: .empty), [], "seed \(seed)")
    }
  }
}

/// SplitMix64, as in PolicyTextTests (test targets cannot share files): seedable and reproducible.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}
