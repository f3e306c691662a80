/// The unit in which a `Position.character` counts, as negotiated in LSP 3.17 (`positionEncoding`).
public enum PositionEncoding: String, Sendable, CaseIterable, Codable {
  case utf8 = "utf-8"
  case utf16 = "utf-16"
  case utf32 = "utf-32"

  /// How many code units of this encoding a scalar takes.
  @inlinable
  public func width(of scalar: Unicode.Scalar) -> Int {
    switch self {
    case .utf8: return UTF8.width(scalar)
    case .utf16: return UTF16.width(scalar)
    case .utf32: return 1
    }
  }
}

/// A zero-based line and a character offset counted in some `PositionEncoding` (LSP `Position`).
public struct Position: Hashable, Sendable, Codable, Comparable {
  /// Zero-based line number.
  public var line: Int
  /// Zero-based offset within the line, in the code units of the encoding the position was made for.
  public var character: Int

  /// Makes a position; the caller knows which encoding `character` counts in.
  public init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  public static func < (lhs: Position, rhs: Position) -> Bool {
    (lhs.line, lhs.character) < (rhs.line, rhs.character)
  }
}

/// A half-open range of positions (LSP `Range`).
public struct PositionRange: Hashable, Sendable, Codable {
  /// The first position in the range.
  public var start: Position
  /// The position just past the range.
  public var end: Position

  /// Makes a range.
  public init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }
}

/// Why a position could not be placed in a text.
public enum PositionError: Error, Equatable, Sendable, CustomStringConvertible {
  case lineOutOfRange(line: Int, lineCount: Int)
  case negative(Position)
  case insideScalar(Position, PositionEncoding)

  public var description: String {
    switch self {
    case .lineOutOfRange(let line, let count):
      return "line \(line) is past the end of the document (it has \(count) lines, numbered from 0)"
    case .negative(let p):
      return "position \(p.line):\(p.character) is negative"
    case .insideScalar(let p, let enc):
      return "position \(p.line):\(p.character) falls inside a character in \(enc.rawValue)"
    }
  }
}
