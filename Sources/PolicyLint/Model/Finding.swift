import PolicyText

/// How serious a finding is; the raw values are LSP's `DiagnosticSeverity`.
public enum Severity: Int, Sendable, Codable, Comparable, CaseIterable {
  case error = 1
  case warning = 2
  case information = 3
  case hint = 4

  /// Lower raw value is more severe, so `error > warning`.
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue > rhs.rawValue }

  /// The word used in configuration files and on the command line.
  public var name: String {
    switch self {
    case .error: return "error"
    case .warning: return "warning"
    case .information: return "info"
    case .hint: return "hint"
    }
  }

  /// Parses `error`, `warning`, `info`/`information`, `hint`.
  public init?(name: String) {
    switch name.lowercased() {
    case "error": self = .error
    case "warning", "warn": self = .warning
    case "info", "information": self = .information
    case "hint": self = .hint
    default: return nil
    }
  }
}

/// A replacement of a range of the draft (scalar indices into the original text).
public struct TextEdit: Sendable, Hashable, Codable {
  /// The replaced range, in scalar indices of the draft.
  public var range: Range<Int>
  /// The text put in its place.
  public var newText: String

  /// Makes an edit.
  public init(range: Range<Int>, newText: String) {
    self.range = range
    self.newText = newText
  }
}

/// A quick fix: a titled set of edits to the draft.
public struct Fix: Sendable, Hashable, Codable {
  /// What the fix does, for a menu (Chinese).
  public var title: String
  /// The edits, non-overlapping.
  public var edits: [TextEdit]

  /// Makes a fix.
  public init(title: String, edits: [TextEdit]) {
    self.title = title
    self.edits = edits
  }
}

/// Where a piece of evidence lives.
public enum EvidenceLocation: Sendable, Hashable {
  /// A range of the draft itself (scalar indices).
  case draft(Range<Int>)
  /// A range of a corpus document's original text (scalar indices), by document id.
  case corpus(document: Int, range: Range<Int>)
  /// A corpus document known only by its facts (the built-in reference pack has no texts).
  case document(Int)
}

/// Evidence for a finding: where it is and what it says.
public struct Evidence: Sendable, Hashable {
  /// Where the evidence is.
  public var location: EvidenceLocation
  /// What it shows, in Chinese, e.g. `来源：《…》（2023-11-20）`.
  public var message: String

  /// Makes evidence.
  public init(location: EvidenceLocation, message: String) {
    self.location = location
    self.message = message
  }
}

/// One problem found in a draft. Checks emit these; renderers turn them into diagnostics.
public struct Finding: Sendable, Hashable {
  /// Stable code, `family/name`.
  public var code: String
  /// Severity before configuration is applied.
  public var severity: Severity
  /// The flagged range, in scalar indices of the draft's original text.
  public var range: Range<Int>
  /// What is wrong, in Chinese, naming the expected form where there is one.
  public var message: String
  /// Evidence: earlier copies, corpus sources.
  public var related: [Evidence]
  /// Quick fixes, best first.
  public var fixes: [Fix]
  /// Extra explanation for hover (Markdown), e.g. the quoted source.
  public var detail: String?

  /// Makes a finding.
  public init(
    code: String, severity: Severity, range: Range<Int>, message: String,
    related: [Evidence] = [], fixes: [Fix] = [], detail: String? = nil
  ) {
    self.code = code
    self.severity = severity
    self.range = range
    self.message = message
    self.related = related
    self.fixes = fixes
    self.detail = detail
  }

  /// The code's family (`duplicate`, `figure`, `slogan`).
  public var family: Substring { code.split(separator: "/").first ?? Substring(code) }
}
