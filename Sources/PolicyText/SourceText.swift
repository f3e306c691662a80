/// An immutable text held as Unicode scalars with its line table.
///
/// Analysis works on `scalars` by index (`scalarIndex`); nothing indexes a `String` by `Character`.
public struct SourceText: Sendable {
  /// The text's scalars.
  public let scalars: [Unicode.Scalar]
  /// Converts scalar indices to LSP positions.
  public let lines: LineTable

  /// Makes a text from a string.
  public init(_ string: String) {
    self.init(scalars: Array(string.unicodeScalars))
  }

  /// Makes a text from scalars.
  public init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
    self.lines = LineTable(scalars: scalars)
  }

  /// Number of scalars.
  public var count: Int { scalars.count }

  /// Bytes the text takes in memory, about: four a scalar and the line table.
  public var storedBytes: Int { 4 * scalars.count + lines.storedBytes }

  /// The whole text as a string.
  public var string: String { String(scalarSlice: scalars[...]) }

  /// A slice of the text as a string; the range is clamped to the text.
  public func string(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, scalars.count))
    let upper = max(lower, min(range.upperBound, scalars.count))
    return String(scalarSlice: scalars[lower..<upper])
  }

  /// The text of one line without its terminator.
  public func lineString(_ line: Int) -> String {
    guard line >= 0 && line < lines.lineCount else { return "" }
    return string(lines.lineStarts[line]..<lines.contentEnds[line])
  }
}

extension String {
  /// Builds a string from a slice of scalars.
  ///
  /// Encodes UTF-8 into one buffer and makes the string from it in a single step: appending scalars to a
  /// `UnicodeScalarView` one by one was the largest cost of corpus loading (measured by policylint-bench).
  public init<S: Sequence>(scalarSlice: S) where S.Element == Unicode.Scalar {
    self = String(decoding: ScalarUTF8.bytes(scalarSlice), as: UTF8.self)
  }
}

/// UTF-8 encoding of scalars straight into a byte array (one place for the string builder and the cache).
public enum ScalarUTF8 {
  /// The UTF-8 bytes of `scalars`, written straight into a buffer of at most four bytes a scalar (appending
  /// byte by byte checked the capacity at each): this encodes every corpus text the cache stores and every
  /// string a check makes from scalars.
  public static func bytes<C: Collection>(_ scalars: C) -> [UInt8] where C.Element == Unicode.Scalar {
    let n = scalars.count
    // No scalars, no buffer: an empty `unsafeUninitializedCapacity` array writes its count into the
    // library's shared empty storage, which threads making empty strings at once then race on.
    guard n > 0 else { return [] }
    var bytes = [UInt8](unsafeUninitializedCapacity: 4 * n) { out, initialized in
      var at = 0
      for scalar in scalars {
        let v = scalar.value
        if v < 0x80 {
          out[at] = UInt8(v)
          at += 1
        } else if v < 0x800 {
          out[at] = UInt8(0xC0 | v >> 6)
          out[at + 1] = UInt8(0x80 | v & 0x3F)
          at += 2
        } else if v < 0x1_0000 {
          out[at] = UInt8(0xE0 | v >> 12)
          out[at + 1] = UInt8(0x80 | v >> 6 & 0x3F)
          out[at + 2] = UInt8(0x80 | v & 0x3F)
          at += 3
        } else {
          out[at] = UInt8(0xF0 | v >> 18)
          out[at + 1] = UInt8(0x80 | v >> 12 & 0x3F)
          out[at + 2] = UInt8(0x80 | v >> 6 & 0x3F)
          out[at + 3] = UInt8(0x80 | v & 0x3F)
          at += 4
        }
      }
      initialized = at
    }
    // A text of Han characters takes three bytes of the four reserved: give the rest back when it is large.
    if bytes.capacity - bytes.count > 4096 { bytes = Array(bytes) }
    return bytes
  }

  /// The UTF-8 bytes of `scalars`: contiguous ones (arrays, slices) encoded where they lie, others gathered
  /// first.
  public static func bytes<S: Sequence>(_ scalars: S) -> [UInt8] where S.Element == Unicode.Scalar {
    if let encoded = scalars.withContiguousStorageIfAvailable({ bytes($0) }) { return encoded }
    return bytes(Array(scalars))
  }
}
