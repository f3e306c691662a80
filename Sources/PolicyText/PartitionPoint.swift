extension RandomAccessCollection where Index == Int {
  /// The first index whose element is not `isBefore`, for a collection whose `isBefore` elements all come
  /// first: a binary search. `{ $0 < x }` on an ascending column gives the first element at or after `x`
  /// (its lower bound), `{ $0 <= x }` the first after it (so the one before is the last at or before `x`).
  @inlinable
  public func partitionPoint(_ isBefore: (Element) -> Bool) -> Int {
    partitionPoint(in: startIndex..<endIndex, isBefore)
  }

  /// `partitionPoint(_:)` within `range` (indices of this collection): the first index in it whose element
  /// is not `isBefore`, or `range.upperBound`.
  @inlinable
  public func partitionPoint(in range: Range<Int>, _ isBefore: (Element) -> Bool) -> Int {
    var lo = range.lowerBound
    var hi = range.upperBound
    while lo < hi {
      let mid = lo + (hi - lo) / 2
      if isBefore(self[mid]) { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
