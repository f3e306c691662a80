import PolicyLint
import PolicyText

/// GitHub Actions workflow commands: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
/// Lines and columns are 1-based; columns count characters.
public enum GitHubReporter: Reporter {
  public static let identifier = "github"

  public static func render(_ reports: [FileReport], context: ReportContext) -> String {
    var out = ""
    for r in reports {
      for f in r.findings {
        let s = r.text.lines.position(ofScalarIndex: f.range.lowerBound, in: .utf32)
        let e = r.text.lines.position(ofScalarIndex: f.range.upperBound, in: .utf32)
        let level: String
        switch f.severity {
        case .error: level = "error"
        case .warning: level = "warning"
        case .information, .hint: level = "notice"
        }
        let props = [
          "file=\(property(r.path))", "line=\(s.line + 1)", "col=\(s.character + 1)", "endLine=\(e.line + 1)",
          "endColumn=\(e.character + 1)", "title=\(property("policylint " + f.code))",
        ]
        out += "::\(level) \(props.joined(separator: ","))::\(data(f.message))\n"
      }
    }
    for e in context.errors { out += "::error file=\(property(e.path)),title=policylint::\(data(e.message))\n" }
    return out
  }

  static func data(_ s: String) -> String {
    s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
      .replacingOccurrences(of: "\n", with: "%0A")
  }

  static func property(_ s: String) -> String {
    data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
  }
}
