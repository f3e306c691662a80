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
  public init<S: Sequence>(scalarSlice: S) where S.Element == Unicode.Scalar {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalarSlice)
    self = String(view)
  }
}
