import PolicyLint
import PolicyText

/// `path:line:col: warning: message [code]`, the source line, and a caret underline aligned for wide
/// characters. Lines and columns are 1-based; columns count characters.
public enum TextReporter: Reporter {
  public static let identifier = "text"

  public static func render(_ reports: [FileReport], context: ReportContext) -> String {
    var out = ""
    var counts: [Severity: Int] = [:]
    for report in reports {
      for f in report.findings {
        counts[f.severity, default: 0] += 1
        let lines = report.text.lines
        let start = lines.position(ofScalarIndex: f.range.lowerBound, in: .utf32)
        let word = f.severity.name == "info" ? "info" : f.severity.name
        out += "\(report.path):\(start.line + 1):\(start.character + 1): \(paint(word, f.severity, context.color)): \(f.message) [\(f.code)]\n"
        let lineStart = lines.lineStarts[start.line]
        let lineEnd = lines.contentEnds[start.line]
        let shown = report.text.scalars[lineStart..<lineEnd].map { $0 == "\t" ? " " : $0 }
        if shown.count <= 400 {
          out += "  " + String(scalarSlice: shown) + "\n"
          let pad = DisplayWidth.of(report.text.scalars[lineStart..<(lineStart + start.character)])
          let markEnd = min(f.range.upperBound, lineEnd)
          let width = max(1, DisplayWidth.of(report.text.scalars[min(f.range.lowerBound, markEnd)..<markEnd]))
          out += "  " + String(repeating: " ", count: pad) + String(repeating: "^", count: width) + "\n"
        }
        for e in f.related {
          out += "  = \(e.message)\(location(e.location, report: report, corpus: context.corpus))\n"
        }
        if let fix = f.fixes.first { out += "  = 建议：\(fix.title)\n" }
      }
    }
    for e in context.errors { out += "\(e.path): error: \(e.message)\n" }
    let total = counts.values.reduce(0, +)
    let files = "\(reports.count) file\(reports.count == 1 ? "" : "s") checked"
    if total > 0 {
      out += "\(files): \(counts[.error] ?? 0) errors, \(counts[.warning] ?? 0) warnings, \(counts[.information] ?? 0) infos, \(counts[.hint] ?? 0) hints\n"
    } else if !reports.isEmpty {
      out += "\(files): no problems found\n"
    }
    return out
  }

  static func location(_ l: EvidenceLocation, report: FileReport, corpus: CorpusIndex) -> String {
    switch l {
    case .draft(let r):
      let p = report.text.lines.position(ofScalarIndex: r.lowerBound, in: .utf32)
      return " (\(report.path):\(p.line + 1):\(p.character + 1))"
    case .corpus(let id, let r):
      guard id < corpus.documents.count, let text = corpus.documents[id].text else { return "" }
      let p = text.lines.position(ofScalarIndex: r.lowerBound, in: .utf32)
      return " (\(corpus.documents[id].info.path):\(p.line + 1):\(p.character + 1))"
    case .document:
      return ""
    }
  }

  static func paint(_ word: String, _ s: Severity, _ color: Bool) -> String {
    guard color else { return word }
    let code: String
    switch s {
    case .error: code = "31"
    case .warning: code = "33"
    case .information: code = "36"
    case .hint: code = "2"
    }
    return "\u{1B}[1;\(code)m\(word)\u{1B}[0m"
  }
}
