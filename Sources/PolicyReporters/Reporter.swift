import PolicyLint
import PolicyText

/// One checked file and its findings.
public struct FileReport: Sendable {
  /// The path as the user gave it (or `--stdin-filename`).
  public var path: String
  /// The file's URI, for diagnostics' related information.
  public var uri: String
  /// The file's text.
  public var text: SourceText
  /// Findings, sorted.
  public var findings: [Finding]

  /// Makes a report.
  public init(path: String, uri: String, text: SourceText, findings: [Finding]) {
    self.path = path
    self.uri = uri
    self.text = text
    self.findings = findings
  }
}

/// What every reporter may need besides the files.
public struct ReportContext: Sendable {
  /// The corpus, to place evidence.
  public var corpus: CorpusIndex
  /// Files that could not be checked, with the reason.
  public var errors: [(path: String, message: String)]
  /// Whether to colour text output.
  public var color: Bool

  /// Makes a context.
  public init(corpus: CorpusIndex, errors: [(path: String, message: String)] = [], color: Bool = false) {
    self.corpus = corpus
    self.errors = errors
    self.color = color
  }
}

/// An output format of `policylint check`.
public protocol Reporter: Sendable {
  /// The `--format` name.
  static var identifier: String { get }
  /// Renders all reports as one output.
  static func render(_ reports: [FileReport], context: ReportContext) -> String
}

/// Every reporter, by `--format` name.
public let builtInReporters: [any Reporter.Type] = [
  TextReporter.self, JSONReporter.self, SARIFReporter.self, GitHubReporter.self,
]

/// Terminal display width of a scalar: East Asian wide and full-width characters take two columns.
public enum DisplayWidth {
  /// Columns one scalar takes.
  public static func of(_ s: Unicode.Scalar) -> Int {
    let v = s.value
    if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F || v == 0xFEFF { return 0 }
    if ScalarClass.isHan(s) || (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v)
      || (0x3041...0x33FF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0xFE30...0xFE4F).contains(v)
      || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
      || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) || v == 0x2014 || v == 0x2026
      || v == 0x201C || v == 0x201D
    {
      return 2
    }
    return 1
  }

  /// Columns a run of scalars takes.
  public static func of<S: Sequence>(_ scalars: S) -> Int where S.Element == Unicode.Scalar {
    scalars.reduce(0) { $0 + of($1) }
  }
}
