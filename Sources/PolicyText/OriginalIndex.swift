/// For each scalar of a `MatchingView`, the index of the original scalar it stands for.
///
/// A view built from its text stores one index per scalar. A view rebuilt from its layout (a corpus
/// document's, read from the cache) stores the layout's runs instead: a view is mostly runs of consecutive
/// original scalars, so two numbers a run stand for dozens of indices, and a loaded corpus keeps thousands
/// of views (4 bytes a character less, about 100 MB for a 100 MB corpus). Reading an index of a run-backed
/// view is a binary search over its runs; the checks read corpus views' indices only to report a range.
public struct OriginalIndex: RandomAccessCollection, Equatable, Sendable {
  @usableFromInline
  enum Storage: Sendable {
    case each([Int32])
    /// Run `r` covers view indices from `viewStarts[r]` to the next run's start (or the end) and begins at
    /// original index `originalStarts[r]`; `viewStarts` ascends from 0.
    case runs(viewStarts: [Int32], originalStarts: [Int32])
  }

  @usableFromInline let storage: Storage
  public let endIndex: Int

  /// One stored index per view scalar.
  public init(_ indices: [Int32]) {
    storage = .each(indices)
    endIndex = indices.count
  }

  /// Runs of consecutive indices (see `Storage.runs`) over `count` view scalars; the caller has checked
  /// that the runs ascend, start at view index 0 and fit `count`.
  init(viewStarts: [Int32], originalStarts: [Int32], count: Int) {
    storage = viewStarts.isEmpty ? .each([]) : .runs(viewStarts: viewStarts, originalStarts: originalStarts)
    endIndex = count
  }

  public var startIndex: Int { 0 }

  /// Bytes of memory the stored indices or runs take (for budgets of loaded views).
  public var storedBytes: Int {
    switch storage {
    case .each(let indices): return 4 * indices.count
    case .runs(let viewStarts, let originalStarts): return 4 * (viewStarts.count + originalStarts.count)
    }
  }

  @inlinable
  public subscript(position: Int) -> Int32 {
    if case .each(let indices) = storage { return indices[position] }
    return fromRuns(position)
  }

  /// The index at `position` of a run-backed view (kept out of line, so that reading a stored index stays
  /// an array read wherever the subscript is inlined).
  @usableFromInline
  func fromRuns(_ position: Int) -> Int32 {
    guard case .runs(let viewStarts, let originalStarts) = storage else { preconditionFailure("not run-backed") }
    precondition(position >= 0 && position < endIndex, "OriginalIndex: position out of range")
    // The last run starting at or before `position` (the first starts at 0).
    let run = Swift.max(0, viewStarts.partitionPoint { Int($0) <= position } - 1)
    return originalStarts[run] + Int32(position - Int(viewStarts[run]))
  }

  /// The original range covered by view range `viewRange`: from its first scalar's origin to just past its
  /// last's; an empty range sits at its start's origin (`originalCount` at the end of the view).
  @inlinable
  public func originalRange(_ viewRange: Range<Int>, originalCount: Int) -> Range<Int> {
    guard !viewRange.isEmpty else {
      let at = viewRange.lowerBound < count ? Int(self[viewRange.lowerBound]) : originalCount
      return at..<at
    }
    let lower = Int(self[viewRange.lowerBound])
    let upper = Int(self[viewRange.upperBound - 1]) + 1
    return lower..<Swift.max(lower, upper)
  }

  public static func == (a: OriginalIndex, b: OriginalIndex) -> Bool {
    a.count == b.count && a.elementsEqual(b)
  }

  /// Whether the indices are stored as runs (a view rebuilt from its layout).
  public var isRunBacked: Bool {
    if case .runs = storage { return true }
    return false
  }
}

/// Reads UTF-8 that a trusted writer produced (the corpus cache's texts) scalar by scalar, defensively all
/// the same: a malformed sequence or a surrogate ends the read instead of producing a wrong scalar.
/// Overlong forms are not rejected (the writer never makes them, and the cache's checksum covers damage).
public enum UTF8Scalars {
  /// The scalar starting at byte `i`, advancing `i` past it; nil when the bytes there are not one scalar.
  @inline(__always)
  public static func next(_ b: UnsafeRawBufferPointer, _ i: inout Int) -> Unicode.Scalar? {
    let c0 = UInt32(b[i])
    if c0 < 0x80 {
      i += 1
      return Unicode.Scalar(UInt8(c0))
    }
    // Three bytes (all of the BMP's Han) first, unrolled.
    if c0 & 0xF0 == 0xE0 && i + 2 < b.count {
      let c1 = UInt32(b[i + 1])
      let c2 = UInt32(b[i + 2])
      guard c1 & 0xC0 == 0x80, c2 & 0xC0 == 0x80 else { return nil }
      i += 3
      return Unicode.Scalar((c0 & 0x0F) << 12 | (c1 & 0x3F) << 6 | (c2 & 0x3F))
    }
    var v: UInt32
    let len: Int
    if c0 & 0xE0 == 0xC0 {
      v = c0 & 0x1F
      len = 2
    } else if c0 & 0xF0 == 0xE0 {
      v = c0 & 0x0F
      len = 3
    } else if c0 & 0xF8 == 0xF0 {
      v = c0 & 0x07
      len = 4
    } else {
      return nil
    }
    guard i + len <= b.count else { return nil }
    for j in 1..<len {
      let c = UInt32(b[i + j])
      guard c & 0xC0 == 0x80 else { return nil }
      v = v << 6 | (c & 0x3F)
    }
    i += len
    return Unicode.Scalar(v)
  }

  /// All scalars of `b`, which must be exactly `count`; nil when the bytes are not that many scalars.
  public static func decode(_ b: UnsafeRawBufferPointer, count: Int) -> [Unicode.Scalar]? {
    var failed = false
    let result = [Unicode.Scalar](unsafeUninitializedCapacity: count) { out, initialized in
      var i = 0
      var k = 0
      while i < b.count {
        guard k < count, let s = next(b, &i) else {
          failed = true
          break
        }
        out[k] = s
        k += 1
      }
      if k != count { failed = true }
      initialized = k
    }
    return failed ? nil : result
  }
}
