/// Literal substring search on UTF-8.
///
/// Why: with Foundation imported, `String.contains(_:)` and `range(of:)` go through CFString on Linux and
/// cost about ten times more than a byte search; the figure checks call them thousands of times a lint.
/// UTF-8 is self-synchronizing, so a byte match of a whole needle always starts and ends on scalar
/// boundaries: for the folded texts policylint searches, the answers are those of the Foundation calls
/// (`LiteralSearchTests` compares them).
extension String {
  /// Whether `needle` occurs in the string, compared byte for byte. An empty needle occurs nowhere, as
  /// with Foundation.
  public func containsLiteral(_ needle: String) -> Bool { literalUTF8Offset(of: needle) != nil }

  /// The UTF-8 offset of the first (or, `backwards`, the last) occurrence of `needle`.
  public func literalUTF8Offset(of needle: String, backwards: Bool = false) -> Int? {
    var haystack = self
    var needle = needle
    return haystack.withUTF8 { h in
      needle.withUTF8 { n -> Int? in
        guard !n.isEmpty, n.count <= h.count else { return nil }
        let last = h.count - n.count
        let first = n[0]
        var i = backwards ? last : 0
        while backwards ? i >= 0 : i <= last {
          if h[i] == first {
            var k = 1
            while k < n.count && h[i + k] == n[k] { k += 1 }
            if k == n.count { return i }
          }
          i += backwards ? -1 : 1
        }
        return nil
      }
    }
  }

  /// The scalar offset of the first occurrence of `needle`.
  public func literalScalarOffset(of needle: String) -> Int? {
    guard let bytes = literalUTF8Offset(of: needle) else { return nil }
    return utf8Prefix(bytes).unicodeScalars.count
  }

  /// The string after the last occurrence of `needle`, or nil when it does not occur.
  public func literalSuffix(afterLast needle: String) -> String? {
    guard let at = literalUTF8Offset(of: needle, backwards: true) else { return nil }
    return utf8Suffix(at + needle.utf8.count)
  }

  /// The string after the first occurrence of `needle`, or nil when it does not occur.
  public func literalSuffix(afterFirst needle: String) -> String? {
    guard let at = literalUTF8Offset(of: needle) else { return nil }
    return utf8Suffix(at + needle.utf8.count)
  }

  /// The string with every occurrence of `needle` (left to right, not overlapping) replaced by
  /// `replacement`, as Foundation's `replacingOccurrences(of:with:)` does for these texts.
  public func replacingLiteral(_ needle: String, with replacement: String) -> String {
    guard literalUTF8Offset(of: needle) != nil else { return self }
    let h = Array(utf8)
    let n = Array(needle.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(h.count)
    var i = 0
    while i < h.count {
      if h[i] == n[0], i + n.count <= h.count, h[i..<(i + n.count)].elementsEqual(n) {
        out += replacement.utf8
        i += n.count
      } else {
        out.append(h[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The first `n` UTF-8 bytes as a string (`n` on a scalar boundary).
  func utf8Prefix(_ n: Int) -> String {
    var s = self
    return s.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<n]), as: UTF8.self) }
  }

  /// The string from UTF-8 offset `n` on (`n` on a scalar boundary).
  func utf8Suffix(_ n: Int) -> String {
    var s = self
    return s.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[n...]), as: UTF8.self) }
  }
}
