/// Converts between scalar indices into a text and LSP positions in any `PositionEncoding`.
///
/// This is the one place where units are converted. Lines end at `\n`, `\r\n` or `\r`, as LSP says.
/// Code-unit offsets are kept at checkpoints every `stride` scalars, so a conversion scans at most
/// `stride - 1` scalars even on a single 100 MB line, and the table costs two integers per checkpoint.
public struct LineTable: Sendable {
  @usableFromInline static let stride = 64

  /// The scalars the table describes.
  public let scalars: [Unicode.Scalar]
  /// Scalar index at which each line's content starts.
  public let lineStarts: [Int]
  /// Scalar index at which each line's content ends (before its terminator).
  public let contentEnds: [Int]
  private let utf16Checkpoints: [Int]
  private let utf8Checkpoints: [Int]

  /// Bytes the table's own arrays take, about (the scalars are the text's, shared).
  public var storedBytes: Int {
    8 * (lineStarts.count + contentEnds.count + utf16Checkpoints.count + utf8Checkpoints.count)
  }

  /// Builds the table for `scalars`.
  public init(scalars: [Unicode.Scalar]) {
    self.scalars = scalars
    var starts = [0]
    var ends: [Int] = []
    var u16: [Int] = []
    var u8: [Int] = []
    u16.reserveCapacity(scalars.count / Self.stride + 1)
    u8.reserveCapacity(scalars.count / Self.stride + 1)
    var o16 = 0
    var o8 = 0
    var i = 0
    let n = scalars.count
    while i < n {
      if i % Self.stride == 0 {
        u16.append(o16)
        u8.append(o8)
      }
      let s = scalars[i]
      o16 += UTF16.width(s)
      o8 += UTF8.width(s)
      if s == "\n" {
        ends.append(i)
        starts.append(i + 1)
      } else if s == "\r" {
        ends.append(i)
        if i + 1 < n, scalars[i + 1] == "\n" {
          i += 1
          if i % Self.stride == 0 {
            u16.append(o16)
            u8.append(o8)
          }
          o16 += 1
          o8 += 1
        }
        starts.append(i + 1)
      }
      i += 1
    }
    if n % Self.stride == 0 {
      u16.append(o16)
      u8.append(o8)
    }
    ends.append(n)
    lineStarts = starts
    contentEnds = ends
    utf16Checkpoints = u16
    utf8Checkpoints = u8
  }

  /// Number of lines (a text ending in a newline has an empty last line).
  public var lineCount: Int { lineStarts.count }

  /// The line containing a scalar index (an index on a terminator belongs to the line it ends).
  public func line(containing scalarIndex: Int) -> Int {
    max(0, lineStarts.partitionPoint { $0 <= scalarIndex } - 1)
  }

  /// Offset in code units of `encoding` from the start of the text to `scalarIndex`.
  public func codeUnitOffset(ofScalarIndex scalarIndex: Int, in encoding: PositionEncoding) -> Int {
    let index = max(0, min(scalarIndex, scalars.count))
    if encoding == .utf32 { return index }
    let checkpoint = index / Self.stride
    var offset = encoding == .utf16 ? utf16Checkpoints[checkpoint] : utf8Checkpoints[checkpoint]
    var i = checkpoint * Self.stride
    while i < index {
      offset += encoding.width(of: scalars[i])
      i += 1
    }
    return offset
  }

  /// The LSP position of a scalar index. Indices past the end map to the end of the text.
  public func position(ofScalarIndex scalarIndex: Int, in encoding: PositionEncoding = .utf16) -> Position {
    let index = max(0, min(scalarIndex, scalars.count))
    let line = line(containing: index)
    let start = lineStarts[line]
    let column = min(index, contentEnds[line])
    if encoding == .utf32 { return Position(line: line, character: column - start) }
    let character = codeUnitOffset(ofScalarIndex: column, in: encoding)
      - codeUnitOffset(ofScalarIndex: start, in: encoding)
    return Position(line: line, character: character)
  }

  /// The LSP range of a scalar range.
  public func range(of scalarRange: Range<Int>, in encoding: PositionEncoding = .utf16) -> PositionRange {
    PositionRange(
      start: position(ofScalarIndex: scalarRange.lowerBound, in: encoding),
      end: position(ofScalarIndex: scalarRange.upperBound, in: encoding))
  }

  /// The scalar index of an LSP position.
  ///
  /// As LSP specifies, a character past the end of its line means the end of the line. A line past the
  /// last is an error, except `(lineCount, 0)`, which some clients send for the end of the text.
  /// A position that splits a surrogate pair or a UTF-8 sequence is an error.
  public func scalarIndex(of position: Position, in encoding: PositionEncoding = .utf16) throws(PositionError) -> Int {
    if position.line < 0 || position.character < 0 { throw .negative(position) }
    if position.line >= lineStarts.count {
      if position.line == lineStarts.count && position.character == 0 { return scalars.count }
      throw .lineOutOfRange(line: position.line, lineCount: lineStarts.count)
    }
    let start = lineStarts[position.line]
    let end = contentEnds[position.line]
    if encoding == .utf32 { return min(start + position.character, end) }
    var remaining = position.character
    var i = start
    while i < end && remaining > 0 {
      let w = encoding.width(of: scalars[i])
      if w > remaining { throw .insideScalar(position, encoding) }
      remaining -= w
      i += 1
    }
    return i
  }

  /// Like `scalarIndex(of:in:)`, but never fails: lines past the end map to the end of the text and
  /// positions inside a scalar round down to its start. For reading positions where a best effort is right.
  public func clampedScalarIndex(of position: Position, in encoding: PositionEncoding = .utf16) -> Int {
    if position.line < 0 { return 0 }
    if position.line >= lineStarts.count { return scalars.count }
    let start = lineStarts[position.line]
    let end = contentEnds[position.line]
    var remaining = max(0, position.character)
    var i = start
    while i < end && remaining > 0 {
      let w = encoding.width(of: scalars[i])
      if w > remaining { break }
      remaining -= w
      i += 1
    }
    return i
  }
}
