import JSONRPC
import PolicyText

/// Conversions between LSP JSON shapes and PolicyText values. Positions here count in whatever encoding the
/// caller negotiated; the `LineTable` converts them to scalar indices.
enum LSPValue {
  /// `{line, character}`.
  static func json(_ p: Position) -> JSONValue { ["line": .int(p.line), "character": .int(p.character)] }

  /// `{start, end}`.
  static func json(_ r: PositionRange) -> JSONValue { ["start": json(r.start), "end": json(r.end)] }

  /// A position from JSON, or nil when it is not two non-negative integers.
  static func position(_ v: JSONValue?) -> Position? {
    guard let line = v?["line"]?.intValue, let character = v?["character"]?.intValue else { return nil }
    return Position(line: line, character: character)
  }

  /// A range from JSON.
  static func range(_ v: JSONValue?) -> PositionRange? {
    guard let s = position(v?["start"]), let e = position(v?["end"]) else { return nil }
    return PositionRange(start: s, end: e)
  }
}

/// The parts of the client's `ClientCapabilities` the server acts on.
struct ClientCapabilities: Sendable {
  /// `general.positionEncodings`, in the client's order.
  var positionEncodings: [String] = []
  /// `textDocument.diagnostic` is present: the client pulls diagnostics.
  var pullDiagnostics = false
  /// `workspace.diagnostics.refreshSupport`.
  var diagnosticRefresh = false
  /// `window.workDoneProgress`: the server may create progress tokens.
  var workDoneProgress = false
  /// `workspace.configuration`: the server may ask for settings.
  var configuration = false
  /// `workspace.didChangeWatchedFiles.dynamicRegistration`.
  var watchedFilesDynamic = false
  /// `workspace.didChangeWatchedFiles.relativePatternSupport`.
  var watchedFilesRelativePatterns = false
  /// `workspace.workspaceEdit.documentChanges`: versioned edits.
  var documentChanges = false
  /// `textDocument.codeAction.codeActionLiteralSupport`.
  var codeActionLiterals = false
  /// `textDocument.hover.contentFormat` includes Markdown (or says nothing).
  var hoverMarkdown = true

  init() {}

  init(_ c: JSONValue?) {
    positionEncodings = c?[path: "general", "positionEncodings"]?.arrayValue?.compactMap(\.stringValue) ?? []
    pullDiagnostics = c?[path: "textDocument", "diagnostic"]?.objectValue != nil
    diagnosticRefresh = c?[path: "workspace", "diagnostics", "refreshSupport"]?.boolValue ?? false
    workDoneProgress = c?[path: "window", "workDoneProgress"]?.boolValue ?? false
    configuration = c?[path: "workspace", "configuration"]?.boolValue ?? false
    watchedFilesDynamic = c?[path: "workspace", "didChangeWatchedFiles", "dynamicRegistration"]?.boolValue ?? false
    watchedFilesRelativePatterns =
      c?[path: "workspace", "didChangeWatchedFiles", "relativePatternSupport"]?.boolValue ?? false
    documentChanges = c?[path: "workspace", "workspaceEdit", "documentChanges"]?.boolValue ?? false
    codeActionLiterals = c?[path: "textDocument", "codeAction", "codeActionLiteralSupport"]?.objectValue != nil
    if let formats = c?[path: "textDocument", "hover", "contentFormat"]?.arrayValue?.compactMap(\.stringValue) {
      hoverMarkdown = formats.isEmpty || formats.contains("markdown")
    }
  }

  /// The encoding to use: the first the client lists that the server supports (the client's preference),
  /// else UTF-16, which LSP makes mandatory.
  var negotiatedEncoding: PositionEncoding {
    for name in positionEncodings {
      if let e = PositionEncoding(rawValue: name) { return e }
    }
    return .utf16
  }
}
