import JSONRPC
import PolicyText

/// A document the client has opened: the text as the client sees it, and its version.
struct OpenDocument: Sendable {
  /// The document's URI, as the client sent it.
  let uri: String
  /// LSP language id (`plaintext`, `markdown`, …).
  var languageId: String
  /// The client's version number.
  var version: Int
  /// The current text.
  var text: SourceText
  /// Bumped whenever anything that decides the document's diagnostics changes (text, settings, corpus);
  /// results computed for an older generation are never published.
  var generation: Int
}

/// Why a `didChange` could not be applied.
struct ChangeError: Error, Sendable, CustomStringConvertible {
  /// Which change in `contentChanges` (0-based).
  let index: Int
  /// What was wrong with it.
  let reason: String

  var description: String { "change \(index + 1): \(reason)" }
}

/// Applies LSP `TextDocumentContentChangeEvent`s.
enum TextChanges {
  /// Applies `changes` in order, each to the result of the previous one, as LSP specifies. All or nothing:
  /// if one change is invalid none is applied, so the stored text never ends up half-edited.
  static func apply(_ changes: [JSONValue], to text: SourceText, encoding: PositionEncoding) throws(ChangeError)
    -> SourceText
  {
    var current = text
    for (i, change) in changes.enumerated() {
      guard let newText = change["text"]?.stringValue else {
        throw ChangeError(index: i, reason: "it has no \"text\" string")
      }
      guard let rangeValue = change["range"] else {
        current = SourceText(newText)
        continue
      }
      guard let range = LSPValue.range(rangeValue) else {
        throw ChangeError(index: i, reason: "its range is not two {line, character} positions")
      }
      let lower: Int
      let upper: Int
      do {
        lower = try current.lines.scalarIndex(of: range.start, in: encoding)
        upper = try current.lines.scalarIndex(of: range.end, in: encoding)
      } catch {
        throw ChangeError(index: i, reason: "\(error) (positions count \(encoding.rawValue) code units)")
      }
      guard lower <= upper else {
        throw ChangeError(
          index: i,
          reason: "its range ends (\(range.end.line):\(range.end.character)) before it starts "
            + "(\(range.start.line):\(range.start.character))")
      }
      var scalars = current.scalars
      scalars.replaceSubrange(lower..<upper, with: Array(newText.unicodeScalars))
      current = SourceText(scalars: scalars)
    }
    return current
  }
}
