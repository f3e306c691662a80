/// A set of scalars answering `contains` with one bit test for the Basic Multilingual Plane (where all of
/// Chinese text's common characters are), for the loops that look at every character of a draft:
/// `Set<Unicode.Scalar>` hashes each one, which cost more than the rest of such a loop.
public struct ScalarSet: Sendable {
  private var bits = [UInt64](repeating: 0, count: 1024)
  private var astral: Set<Unicode.Scalar> = []

  /// A set of the given scalars.
  public init<S: Sequence>(_ scalars: S) where S.Element == Unicode.Scalar {
    for s in scalars { insert(s) }
  }

  /// A set of the scalars of the given words.
  public init(scalarsOf words: [String]) {
    self.init(words.flatMap(\.unicodeScalars))
  }

  /// Adds a scalar.
  public mutating func insert(_ s: Unicode.Scalar) {
    if s.value < 0x10000 {
      bits[Int(s.value >> 6)] |= 1 << UInt64(s.value & 63)
    } else {
      astral.insert(s)
    }
  }

  /// Whether the set holds `s`.
  @inline(__always) public func contains(_ s: Unicode.Scalar) -> Bool {
    if s.value < 0x10000 { return bits[Int(s.value >> 6)] & (1 << UInt64(s.value & 63)) != 0 }
    return astral.contains(s)
  }
}
