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
  @usableFromInline static let wideMarker: UInt16 = 0xD800

  /// The scalars of the BMP as their values, `wideMarker` for the others (read `self[i]` for those).
  @usableFromInline let units: [UInt16]
  /// View indices, ascending, of the scalars outside the BMP, and their values.
  @usableFromInline let wideIndices: [Int32]
  @usableFromInline let wideValues: [Unicode.Scalar]
  /// For each scalar, the index of the original scalar it stands for.
  public let originalIndex: OriginalIndex
  /// Number of scalars in the original text.
  public let originalCount: Int

  /// The compact form of `view`.
  public init(_ view: MatchingView) {
    let scalars = view.scalars
    let (units, wideIndices, wideValues, _) = Self.fill(count: scalars.count) { emit in
      for s in scalars { emit(s) }
      return true
    }
    self.units = units
    self.wideIndices = wideIndices
    self.wideValues = wideValues
    originalIndex = view.originalIndex
    originalCount = view.originalCount
  }

  /// The compact view of the text whose UTF-8 is `utf8` (`count` scalars), rebuilt from its layout as the
  /// text is decoded, like `MatchingView(utf8:count:layout:)` (nil when that is nil).
  public init?(utf8: UnsafeRawBufferPointer, count: Int, layout: MatchingViewLayout) {
    guard let parts = layout.parts(sourceCount: count) else { return nil }
    let (units, wideIndices, wideValues, complete) = Self.fill(count: parts.total) { emit in
      layout.forEachScalar(utf8: utf8, count: count, parts, emit)
    }
    guard complete else { return nil }
    self.units = units
    self.wideIndices = wideIndices
    self.wideValues = wideValues
    originalIndex = layout.originalIndex(parts)
    originalCount = count
  }

  /// The units and wide side table of the at most `count` scalars `produce` emits, filled in place
  /// (thousands of documents are read this way on a first lint), and what `produce` returned.
  @inline(__always)
  private static func fill(count: Int, _ produce: (_ emit: (Unicode.Scalar) -> Void) -> Bool)
    -> (units: [UInt16], wideIndices: [Int32], wideValues: [Unicode.Scalar], complete: Bool)
  {
    var complete = false
    var wideIndices: [Int32] = []
    var wideValues: [Unicode.Scalar] = []
    let units = [UInt16](unsafeUninitializedCapacity: count) { out, initialized in
      var at = 0
      complete = produce { s in
        if s.value < 0x1_0000 {
          out[at] = UInt16(truncatingIfNeeded: s.value)
        } else {
          wideIndices.append(Int32(at))
          wideValues.append(s)
          out[at] = wideMarker
        }
        at += 1
      }
      initialized = at
    }
    return (units, wideIndices, wideValues, complete)
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
    originalIndex.originalRange(viewRange, originalCount: originalCount)
  }
}
