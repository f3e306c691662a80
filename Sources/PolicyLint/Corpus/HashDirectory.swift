import PolicyText

/// Lookup of a hash's run in a sorted hash column: a table of where each value of the top bits starts, then
/// a binary search inside that bucket (a few entries on average). The fingerprint index (32-bit hashes) and
/// the sentence index's gram postings (64-bit) each keep one over their column.
///
/// The directory also holds the top bits of every hash in its column, so a column may keep only the bits
/// below them (`lowBits(of:)`): the fingerprint index does, in half the memory of its hashes.
struct HashDirectory<Hash: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
  private let starts: [UInt32]
  /// How far a hash is shifted to give its bucket (the hash's width less the directory's bits).
  let shift: Int

  /// A directory over `sorted`, with at least `minimumBits` bits (at most 20, and at most the hash's width).
  init(_ sorted: [Hash], minimumBits: Int = 1) {
    // Two to eight entries a bucket (a binary search of two or three steps), at most 2^20 buckets (4 MB).
    var bits = max(1, min(minimumBits, 20, Hash.bitWidth))
    while bits < 20 && (1 << (bits + 2)) <= sorted.count { bits += 1 }
    shift = Hash.bitWidth - bits
    let buckets = 1 << bits
    var starts = [UInt32](repeating: 0, count: buckets + 1)
    var e = 0
    for b in 0...buckets {
      // First entry whose bucket is at or beyond b.
      while e < sorted.count && Int(sorted[e] >> shift) < b { e += 1 }
      starts[b] = UInt32(e)
    }
    self.starts = starts
  }

  /// A directory read back from `startsColumn` over a column of `count` entries; nil unless it has 2^bits + 1
  /// ascending starts (1 ≤ bits ≤ 20) from 0 to `count`.
  init?(startsColumn starts: [UInt32], count: Int) {
    let buckets = starts.count - 1
    guard buckets >= 2, buckets <= 1 << 20, buckets & (buckets - 1) == 0, starts.first == 0,
      starts.last.map({ Int($0) == count }) == true
    else { return nil }
    for b in 0..<buckets where starts[b + 1] < starts[b] { return nil }
    self.starts = starts
    shift = Hash.bitWidth - buckets.trailingZeroBitCount
  }

  /// Where each bucket starts, and the end (what the corpus cache stores).
  var startsColumn: [UInt32] { starts }

  /// Number of buckets.
  var bucketCount: Int { starts.count - 1 }

  /// The bits of a hash below the directory's: what a column of low bits keeps.
  @inline(__always)
  func lowBits(of hash: Hash) -> Hash { shift == 0 ? 0 : hash & (Hash.max >> (Hash.bitWidth - shift)) }

  /// The entries of the column sharing `hash`'s top bits: where `hash` would be.
  @inline(__always)
  func bucket(of hash: Hash) -> Range<Int> {
    let b = Int(hash >> shift)
    return Int(starts[b])..<Int(starts[b + 1])
  }

  /// The entries of bucket `b`.
  func entries(inBucket b: Int) -> Range<Int> { Int(starts[b])..<Int(starts[b + 1]) }

  /// The hash whose top bits are bucket `b`'s and whose other bits are `low`.
  func hash(bucket b: Int, low: Hash) -> Hash { Hash(b) << shift | lowBits(of: low) }

  /// The run of `sorted` (the column the directory was made from) equal to `hash`.
  func range(of hash: Hash, in sorted: [Hash]) -> Range<Int> {
    guard !sorted.isEmpty else { return 0..<0 }
    let bucket = bucket(of: hash)
    let lo = sorted.partitionPoint(in: bucket) { $0 < hash }
    return lo..<sorted.partitionPoint(in: lo..<bucket.upperBound) { $0 <= hash }
  }

  /// The run equal to `hash` in a column keeping each hash's low bits (`lowBits(of:)`) as `Low`.
  func range<Low: FixedWidthInteger>(of hash: Hash, inLowBits lows: [Low]) -> Range<Int> {
    guard !lows.isEmpty else { return 0..<0 }
    let bucket = bucket(of: hash)
    let low = Low(truncatingIfNeeded: lowBits(of: hash))
    let lo = lows.partitionPoint(in: bucket) { $0 < low }
    return lo..<lows.partitionPoint(in: lo..<bucket.upperBound) { $0 <= low }
  }
}
