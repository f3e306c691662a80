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
  /// The view index of every `wordingStride`-th wording scalar (`ScalarClass.isWording`), from the first:
  /// where `viewIndex(ofWording:)` starts counting.
  @usableFromInline let wordingMarks: [Int32]

  /// Wording scalars between two marks.
  public static let wordingStride = 64

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
    wordingMarks = Self.wordingMarks(units, wideValues)
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
    wordingMarks = Self.wordingMarks(units, wideValues)
  }

  /// The view as the corpus cache keeps it beside its text and layout, so that loading it is a copy: its
  /// scalar count and wide count (`UInt32` each), its units, then each wide scalar's view index and value
  /// (`UInt32` each), then the number of wording marks and the marks (`UInt32` each). The bytes are in this
  /// machine's order; the cache is read only by the build that wrote it, on the same machine
  /// (`CorpusCache.buildIdentity`).
  public var storedForm: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(12 + 2 * units.count + 8 * wideIndices.count + 4 * wordingMarks.count)
    withUnsafeBytes(of: UInt32(units.count)) { bytes += $0 }
    withUnsafeBytes(of: UInt32(wideIndices.count)) { bytes += $0 }
    units.withUnsafeBytes { bytes += $0 }
    for (i, s) in zip(wideIndices, wideValues) {
      withUnsafeBytes(of: UInt32(i)) { bytes += $0 }
      withUnsafeBytes(of: s.value) { bytes += $0 }
    }
    withUnsafeBytes(of: UInt32(wordingMarks.count)) { bytes += $0 }
    wordingMarks.withUnsafeBytes { bytes += $0 }
    return bytes
  }

  /// The view `storedForm` wrote, with original indices from its layout; nil when the bytes are not that
  /// form for this layout over a text of `originalCount` scalars (counts that do not add up, a wide scalar
  /// out of order or not outside the BMP, a unit standing for one where the table has none, marks out of
  /// order or past the view). The marks are taken as written (the cache's checksum vouches for them):
  /// finding them again would read every scalar, as decoding the text does.
  public init?(storedForm raw: UnsafeRawBufferPointer, layout: MatchingViewLayout, originalCount: Int) {
    guard raw.count >= 8, let parts = layout.parts(sourceCount: originalCount) else { return nil }
    let n = Int(raw.loadUnaligned(as: UInt32.self))
    let wideCount = Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
    let marksAt = 8 + 2 * n + 8 * wideCount
    guard n == parts.total, raw.count >= marksAt + 4 else { return nil }
    let markCount = Int(raw.loadUnaligned(fromByteOffset: marksAt, as: UInt32.self))
    guard markCount <= n, raw.count == marksAt + 4 + 4 * markCount else { return nil }
    let units = [UInt16](unsafeUninitializedCapacity: n) { out, initialized in
      UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[8..<(8 + 2 * n)]))
      initialized = n
    }
    // Every surrogate unit must be a wide marker the table explains (the subscript makes scalars of the
    // others unchecked).
    guard Self.surrogateCount(UnsafeRawBufferPointer(rebasing: raw[8..<(8 + 2 * n)])) == wideCount else { return nil }
    var wideIndices: [Int32] = []
    var wideValues: [Unicode.Scalar] = []
    var previous = -1
    for w in 0..<wideCount {
      let at = Int(raw.loadUnaligned(fromByteOffset: 8 + 2 * n + 8 * w, as: UInt32.self))
      let value = raw.loadUnaligned(fromByteOffset: 12 + 2 * n + 8 * w, as: UInt32.self)
      guard at > previous, at < n, units[at] == Self.wideMarker, value >= 0x1_0000,
        let scalar = Unicode.Scalar(value)
      else { return nil }
      wideIndices.append(Int32(at))
      wideValues.append(scalar)
      previous = at
    }
    // (No marks, no buffer: see `ScalarUTF8.bytes`.)
    let marks = markCount == 0 ? [] : [Int32](unsafeUninitializedCapacity: markCount) { out, initialized in
      UnsafeMutableRawBufferPointer(out).copyMemory(
        from: UnsafeRawBufferPointer(rebasing: raw[(marksAt + 4)..<(marksAt + 4 + 4 * markCount)]))
      initialized = markCount
    }
    var previousMark: Int32 = -1
    for m in marks {
      guard m > previousMark, Int(m) < n else { return nil }
      previousMark = m
    }
    self.units = units
    self.wideIndices = wideIndices
    self.wideValues = wideValues
    originalIndex = layout.originalIndex(parts)
    self.originalCount = originalCount
    wordingMarks = marks
  }

  /// Number of UTF-16 surrogate units (0xD800–0xDFFF) in `raw`, read as units in this machine's order. Sixteen
  /// units are compared at a time (a unit at a time was most of the cost of loading a view, and views are
  /// loaded again and again: `DocumentPartPool`); surrogates are rare, so a block with one is counted unit by
  /// unit.
  public static func surrogateCount(_ raw: UnsafeRawBufferPointer) -> Int {
    let count = raw.count / 2
    var n = 0
    var i = 0
    let high = SIMD16<UInt16>(repeating: 0xF800)
    let marker = SIMD16<UInt16>(repeating: 0xD800)
    while i + 16 <= count {
      let block = raw.loadUnaligned(fromByteOffset: 2 * i, as: SIMD16<UInt16>.self)
      if any(block & high .== marker) {
        for j in 0..<16 where block[j] & 0xF800 == 0xD800 { n += 1 }
      }
      i += 16
    }
    while i < count {
      if raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self) & 0xF800 == 0xD800 { n += 1 }
      i += 1
    }
    return n
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

  /// Bytes of memory the view's arrays take, about (for budgets of loaded views).
  public var storedBytes: Int {
    2 * units.count + 8 * wideIndices.count + 4 * wordingMarks.count + originalIndex.storedBytes
  }

  /// The view index of wording scalar `wording` (the count of wording scalars before it: an offset into the
  /// view's `ScalarClass.isWording` scalars), or nil past the last. Counts from the nearest mark, forward
  /// or back, so at most half of `wordingStride` wording scalars and the others between them are read.
  public func viewIndex(ofWording wording: Int) -> Int? {
    guard wording >= 0 else { return nil }
    let m = wording / Self.wordingStride
    guard m < wordingMarks.count else { return nil }
    var left = wording - m * Self.wordingStride
    let next = m + 1 < wordingMarks.count ? Int(wordingMarks[m + 1]) : nil
    return units.withUnsafeBufferPointer { units in
      func isWording(_ i: Int) -> Bool { self.isWording(unit: units[i], at: i) }
      // From the nearer mark: back from the next one when the wording scalar is in the second half.
      if let next, 2 * left > Self.wordingStride {
        var back = Self.wordingStride - left
        var i = next
        while i > 0 {
          i -= 1
          if isWording(i) {
            back -= 1
            if back == 0 { return i }
          }
        }
        return nil
      }
      var i = Int(wordingMarks[m])
      while i < units.count {
        if isWording(i) {
          if left == 0 { return i }
          left -= 1
        }
        i += 1
      }
      return nil
    }
  }

  /// `ScalarClass.isWording` of scalar `i`, read from its unit without making the scalar.
  @inlinable
  public func isWording(at i: Int) -> Bool { isWording(unit: units[i], at: i) }

  /// `ScalarClass.isWording` of scalar `i`, whose unit is `unit` (a wide marker is looked up).
  @inlinable @inline(__always)
  func isWording(unit: UInt16, at i: Int) -> Bool {
    unit == Self.wideMarker ? ScalarClass.isWording(wide(at: i)) : Self.isWordingUnit(unit)
  }

  /// `ScalarClass.isWording` of a scalar in the BMP (not a wide marker), as unsigned range tests on its unit:
  /// Han (U+4E00–9FFF, U+3400–4DBF, U+F900–FAFF, U+3007), ASCII digits and letters.
  @inlinable @inline(__always)
  static func isWordingUnit(_ unit: UInt16) -> Bool {
    let v = UInt32(unit)
    return v &- 0x4E00 < 0x5200 || v &- 0x3400 < 0x19C0 || v &- 0xF900 < 0x200 || v == 0x3007
      || v &- 0x30 < 10 || (v | 0x20) &- 0x61 < 26
  }

  /// Every `wordingStride`-th wording scalar's view index, in one pass over the units (wide scalars are
  /// taken from `wideValues` in order).
  static func wordingMarks(_ units: [UInt16], _ wideValues: [Unicode.Scalar]) -> [Int32] {
    var marks: [Int32] = []
    var seen = 0
    var wide = 0
    for (i, u) in units.enumerated() {
      let wording: Bool
      if u != wideMarker {
        wording = isWordingUnit(u)
      } else {
        wording = ScalarClass.isWording(wideValues[wide])
        wide += 1
      }
      guard wording else { continue }
      if seen % wordingStride == 0 { marks.append(Int32(i)) }
      seen += 1
    }
    return marks
  }

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
    let lo = wideIndices.partitionPoint { Int($0) < i }
    precondition(lo < wideIndices.count && Int(wideIndices[lo]) == i, "CompactView: no wide scalar at \(i)")
    return wideValues[lo]
  }

  /// The original range covered by a view range, as `MatchingView.originalRange` gives it.
  public func originalRange(_ viewRange: Range<Int>) -> Range<Int> {
    originalIndex.originalRange(viewRange, originalCount: originalCount)
  }
}
