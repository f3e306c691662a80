import Foundation
import XCTest

@testable import PolicyLint

/// The hash directory finds a hash's run in a sorted column, whole or kept as its low bits only (the
/// fingerprint index keeps 16 bits an entry and relies on the directory for the rest).
final class HashDirectoryTests: XCTestCase {
  /// Sorted pseudo-random hashes with runs of equal ones, from a fixed seed.
  static func column(_ count: Int, seed: UInt64) -> [UInt32] {
    var state = seed
    func next() -> UInt32 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return UInt32(truncatingIfNeeded: state >> 32)
    }
    var values: [UInt32] = []
    while values.count < count {
      let v = next()
      values += Array(repeating: v, count: Int(v % 3) + 1)
    }
    return values.prefix(count).sorted()
  }

  func testLowBitsFindTheSameRunsAsWholeHashes() {
    // Small and large columns: the directory has 16 bits at least, and grows to 20 with the column.
    for count in [0, 1, 5, 3_000, 600_000] {
      let hashes = Self.column(count, seed: UInt64(count) + 7)
      let directory = HashDirectory(hashes, minimumBits: 16)
      XCTAssertLessThanOrEqual(directory.shift, 16)
      let lows = hashes.map { UInt16(truncatingIfNeeded: directory.lowBits(of: $0)) }
      var probes = Array(hashes.prefix(2_000))
      probes += Self.column(2_000, seed: 99).map { $0 ^ 0x5A5A }  // mostly absent
      probes += [0, UInt32.max]
      for h in probes {
        XCTAssertEqual(directory.range(of: h, inLowBits: lows), directory.range(of: h, in: hashes), "hash \(h)")
      }
      // The whole hashes come back from the directory and the low bits.
      var rebuilt: [UInt32] = []
      for b in 0..<directory.bucketCount {
        for e in directory.entries(inBucket: b) { rebuilt.append(directory.hash(bucket: b, low: UInt32(lows[e]))) }
      }
      XCTAssertEqual(rebuilt, hashes)
    }
  }

  func testAStoredDirectoryIsReadBackOrRefused() throws {
    let hashes = Self.column(10_000, seed: 3)
    let directory = HashDirectory(hashes, minimumBits: 16)
    let read = try XCTUnwrap(HashDirectory<UInt32>(startsColumn: directory.startsColumn, count: hashes.count))
    XCTAssertEqual(read.shift, directory.shift)
    for h in hashes.prefix(500) { XCTAssertEqual(read.range(of: h, in: hashes), directory.range(of: h, in: hashes)) }
    var starts = directory.startsColumn
    XCTAssertNil(HashDirectory<UInt32>(startsColumn: starts, count: hashes.count + 1), "wrong entry count")
    XCTAssertNil(HashDirectory<UInt32>(startsColumn: Array(starts.dropLast()), count: hashes.count), "not 2^n + 1")
    XCTAssertNil(HashDirectory<UInt32>(startsColumn: [], count: 0), "no buckets")
    starts[10] = starts[11] + 1
    XCTAssertNil(HashDirectory<UInt32>(startsColumn: starts, count: hashes.count), "starts descend")
  }

  func testTheFingerprintIndexRefusesLowBitsOutOfOrder() throws {
    // Enough fingerprints that some of the 65,536 buckets hold two.
    var state: UInt32 = 1
    let text = String(
      String.UnicodeScalarView(
        (0..<30_000).map { _ -> Unicode.Scalar in
          state = state &* 1_103_515_245 &+ 12_345
          return Unicode.Scalar(0x4E00 + (state >> 16) % 2_000)!
        }))
    let index = FingerprintIndex(documents: [DuplicateLint.document(text, id: 0)])
    XCTAssertGreaterThan(index.count, 1_000)
    XCTAssertEqual(index.hashes, index.hashes.sorted())
    XCTAssertEqual(index.hashes.count, index.count)
    var writer = BinaryWriter()
    index.write(to: &writer)
    // The columns end with the low bits (2 bytes an entry), then the positions (a count, 4 bytes an entry).
    var bytes = writer.bytes
    let at = bytes.count - (8 + 4 * index.count) - 2 * index.count
    var lows = (0..<index.count).map { UInt16(bytes[at + 2 * $0]) | UInt16(bytes[at + 2 * $0 + 1]) << 8 }
    XCTAssertNotEqual(lows, lows.sorted(by: >), "the fixture needs two different hashes in one bucket")
    lows.sort(by: >)
    for (i, v) in lows.enumerated() {
      bytes[at + 2 * i] = UInt8(v & 0xFF)
      bytes[at + 2 * i + 1] = UInt8(v >> 8)
    }
    XCTAssertThrowsError(
      try bytes.withUnsafeBytes { raw in
        var reader = BinaryReader(raw)
        _ = try FingerprintIndex(from: &reader)
      })
  }
}
