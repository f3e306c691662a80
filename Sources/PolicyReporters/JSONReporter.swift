import Foundation
import PolicyLint
import PolicyText

/// `{"files":[{"path":…,"uri":…,"diagnostics":[Diagnostic…]}],"errors":[{"path":…,"message":…}]}`, the public
/// contract described by `protocol/check-output.schema.json`. Positions are LSP's: 0-based, UTF-16.
public enum JSONReporter: Reporter {
  public static let identifier = "json"

  struct Output: Encodable {
    struct File: Encodable {
      var path: String
      var uri: String
      var diagnostics: [Diagnostic]
    }
    struct FileError: Encodable {
      var path: String
      var message: String
    }
    var version: String
    var files: [File]
    var errors: [FileError]
  }

  public static func render(_ reports: [FileReport], context: ReportContext) -> String {
    let renderer = DiagnosticRenderer(corpus: context.corpus)
    let output = Output(
      version: PolicyLintVersion.string,
      files: reports.map { r in
        .init(path: r.path, uri: r.uri, diagnostics: r.findings.map { renderer.diagnostic($0, text: r.text, uri: r.uri) })
      },
      errors: context.errors.map { .init(path: $0.path, message: $0.message) })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(output) else { return "{\"files\":[],\"errors\":[]}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
