import PolicyText

/// Lookup of a hash's run in a sorted hash column: a table of where each value of the top bits starts, then
/// a binary search inside that bucket (a few entries on average). The fingerprint index (32-bit hashes) and
/// the sentence index's gram postings (64-bit) each keep one over their column.
struct HashDirectory<Hash: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
  private let starts: [UInt32]
  private let shift: Int

  init(_ sorted: [Hash]) {
    // Two to eight entries a bucket (a binary search of two or three steps), at most 2^20 buckets (4 MB).
    var bits = 1
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

  /// The entries of the column sharing `hash`'s top bits: where `hash` would be.
  @inline(__always)
  func bucket(of hash: Hash) -> Range<Int> {
    let b = Int(hash >> shift)
    return Int(starts[b])..<Int(starts[b + 1])
  }

  /// The run of `sorted` (the column the directory was made from) equal to `hash`.
  func range(of hash: Hash, in sorted: [Hash]) -> Range<Int> {
    guard !sorted.isEmpty else { return 0..<0 }
    let bucket = bucket(of: hash)
    let lo = sorted.partitionPoint(in: bucket) { $0 < hash }
    return lo..<sorted.partitionPoint(in: lo..<bucket.upperBound) { $0 <= hash }
  }
}
