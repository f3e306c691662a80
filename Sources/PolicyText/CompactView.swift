/// A matching view held in two bytes a scalar, read-only: what a loaded corpus keeps of the thousands of
/// documents `duplicate/reuse` extends matches in (a `MatchingView` takes eight bytes a scalar; its scalars
/// and original indices are what the other checks read, for the few documents they quote).
///
/// Scalars of the Basic Multilingual Plane (all of Chinese text but rare characters) are stored as their
/// value; one outside it is stored as `wideMarker`, a lone surrogate that is never a scalar, and found in a
/// short side table. Original indices are the layout's runs (`OriginalIndex`). Every read gives what the
/// `MatchingView` it stands for gives (`CompactViewTests`).
public struct CompactView: Sendable {
  /// The unit standing for a scalar outside the BMP in `units`.
  public static let wideMarker: UInt16 = 0xD800

  /// The scalars of the BMP as their values, `wideMarker` for the others (read `self[i]` for those).
  public let units: [UInt16]
  /// View indices, ascending, of the scalars outside the BMP, and their values.
  @usableFromInline let wideIndices: [Int32]
  @usableFromInline let wideValues: [Unicode.Scalar]
  /// For each scalar, the index of the original scalar it stands for.
  public let originalIndex: OriginalIndex
  /// Number of scalars in the original text.
  public let originalCount: Int

  /// The compact form of `view`.
  public init(_ view: MatchingView) {
    var builder = Builder(capacity: view.count)
    for s in view.scalars { builder.append(s) }
    units = builder.units
    wideIndices = builder.wideIndices
    wideValues = builder.wideValues
    originalIndex = view.originalIndex
    originalCount = view.originalCount
  }

  /// The compact view of the text whose UTF-8 is `utf8` (`count` scalars), rebuilt from its layout as the
  /// text is decoded, like `MatchingView(utf8:count:layout:)` (nil when that is nil).
  public init?(utf8: UnsafeRawBufferPointer, count: Int, layout: MatchingViewLayout) {
    guard let parts = layout.parts(sourceCount: count) else { return nil }
    var complete = false
    var wideIndices: [Int32] = []
    var wideValues: [Unicode.Scalar] = []
    // Filled in place: thousands of documents are read this way on a first lint.
    units = [UInt16](unsafeUninitializedCapacity: parts.total) { out, initialized in
      var at = 0
      complete = layout.forEachScalar(utf8: utf8, count: count, parts) { s in
        if s.value < 0x1_0000 {
          out[at] = UInt16(truncatingIfNeeded: s.value)
        } else {
          wideIndices.append(Int32(at))
          wideValues.append(s)
          out[at] = Self.wideMarker
        }
        at += 1
      }
      initialized = at
    }
    guard complete else { return nil }
    self.wideIndices = wideIndices
    self.wideValues = wideValues
    originalIndex = layout.originalIndex(parts)
    originalCount = count
  }

  /// Number of scalars.
  @inlinable public var count: Int { units.count }

  /// Scalar `i`.
  @inlinable
  public subscript(i: Int) -> Unicode.Scalar {
    let u = units[i]
    if u != Self.wideMarker { return Unicode.Scalar(UInt32(u)).unsafelyUnwrapped }
    return wide(at: i)
  }

  /// A scalar outside the BMP, found in the side table.
  @usableFromInline
  func wide(at i: Int) -> Unicode.Scalar {
    var lo = 0
    var hi = wideIndices.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(wideIndices[mid]) < i { lo = mid + 1 } else { hi = mid }
    }
    precondition(lo < wideIndices.count && Int(wideIndices[lo]) == i, "CompactView: no wide scalar at \(i)")
    return wideValues[lo]
  }

  /// The original range covered by a view range, as `MatchingView.originalRange` gives it.
  public func originalRange(_ viewRange: Range<Int>) -> Range<Int> {
    guard !viewRange.isEmpty else {
      let at = viewRange.lowerBound < originalIndex.count ? Int(originalIndex[viewRange.lowerBound]) : originalCount
      return at..<at
    }
    let lower = Int(originalIndex[viewRange.lowerBound])
    let upper = Int(originalIndex[viewRange.upperBound - 1]) + 1
    return lower..<max(lower, upper)
  }

  private struct Builder {
    var units: [UInt16] = []
    var wideIndices: [Int32] = []
    var wideValues: [Unicode.Scalar] = []

    init(capacity: Int) { units.reserveCapacity(capacity) }

    mutating func append(_ s: Unicode.Scalar) {
      if s.value < 0x1_0000 {
        units.append(UInt16(s.value))
      } else {
        wideIndices.append(Int32(units.count))
        wideValues.append(s)
        units.append(CompactView.wideMarker)
      }
    }
  }
}
