import Foundation
import PolicyLint
import PolicyText

/// SARIF 2.1.0 (OASIS), valid against the official schema. Regions are 1-based and count UTF-16 code
/// units (`columnKind: utf16CodeUnits`); rules carry their descriptions and default levels.
public enum SARIFReporter: Reporter {
  public static let identifier = "sarif"

  public static func render(_ reports: [FileReport], context: ReportContext) -> String {
    render(reports, context: context, checks: builtInChecks)
  }

  /// Renders with the rule descriptors of `checks` (the built-in checks unless a test supplies others).
  public static func render(_ reports: [FileReport], context: ReportContext, checks: [any Check.Type]) -> String {
    var rules: [[String: Any]] = []
    var ruleIndex: [String: Int] = [:]
    for check in checks {
      let d = check.description
      for code in [d.code] + d.alsoEmits where ruleIndex[code] == nil {
        ruleIndex[code] = rules.count
        rules.append([
          "id": code,
          "name": d.name.replacingOccurrences(of: " ", with: ""),
          "shortDescription": ["text": d.name],
          "fullDescription": ["text": d.rationale],
          "helpUri": DiagnosticRenderer.rulesURL + "#" + code.replacingOccurrences(of: "/", with: ""),
          "defaultConfiguration": ["level": level(d.defaultSeverity), "enabled": d.enabledByDefault],
        ])
      }
    }
    var results: [[String: Any]] = []
    for r in reports {
      for f in r.findings {
        var result: [String: Any] = [
          "ruleId": f.code,
          "level": level(f.severity),
          "message": ["text": f.message],
          "locations": [["physicalLocation": physical(uri: relativeURI(r.path), text: r.text, range: f.range)]],
        ]
        if let i = ruleIndex[f.code] { result["ruleIndex"] = i }
        var related: [[String: Any]] = []
        for (n, e) in f.related.enumerated() {
          switch e.location {
          case .draft(let range):
            related.append(["id": n, "message": ["text": e.message], "physicalLocation": physical(uri: relativeURI(r.path), text: r.text, range: range)])
          case .corpus(let id, let range):
            if id < context.corpus.documents.count, let text = context.corpus.documents[id].text {
              related.append([
                "id": n, "message": ["text": e.message],
                "physicalLocation": physical(uri: URLPath.uri(forPath: context.corpus.documents[id].info.path), text: text, range: range),
              ])
            }
          case .document:
            break
          }
        }
        if !related.isEmpty { result["relatedLocations"] = related }
        if !f.fixes.isEmpty {
          result["fixes"] = f.fixes.map { fix -> [String: Any] in
            [
              "description": ["text": fix.title],
              "artifactChanges": [[
                "artifactLocation": ["uri": relativeURI(r.path)],
                "replacements": fix.edits.map { edit -> [String: Any] in
                  ["deletedRegion": region(text: r.text, range: edit.range), "insertedContent": ["text": edit.newText]]
                },
              ]],
            ]
          }
        }
        results.append(result)
      }
    }
    var notifications: [[String: Any]] = []
    for e in context.errors {
      notifications.append([
        "level": "error", "message": ["text": e.message],
        "locations": [["physicalLocation": ["artifactLocation": ["uri": relativeURI(e.path)]]]],
      ])
    }
    var invocation: [String: Any] = ["executionSuccessful": context.errors.isEmpty]
    if !notifications.isEmpty { invocation["toolExecutionNotifications"] = notifications }
    let log: [String: Any] = [
      "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
      "version": "2.1.0",
      "runs": [[
        "tool": [
          "driver": [
            "name": "policylint",
            "version": PolicyLintVersion.string,
            "informationUri": "https://github.com/policylint/policylint",
            "rules": rules,
          ]
        ],
        "columnKind": "utf16CodeUnits",
        "invocations": [invocation],
        "results": results,
      ]],
    ]
    guard let data = try? JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) else {
      return "{}\n"
    }
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func level(_ s: Severity) -> String {
    switch s {
    case .error: return "error"
    case .warning: return "warning"
    case .information, .hint: return "note"
    }
  }

  /// Relative paths stay relative (code scanning resolves them against the checkout); absolute ones become file URIs.
  static func relativeURI(_ path: String) -> String {
    if path.hasPrefix("/") { return URLPath.uri(forPath: path) }
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: ":")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }

  static func region(text: SourceText, range: Range<Int>) -> [String: Any] {
    let s = text.lines.position(ofScalarIndex: range.lowerBound, in: .utf16)
    let e = text.lines.position(ofScalarIndex: range.upperBound, in: .utf16)
    return [
      "startLine": s.line + 1, "startColumn": s.character + 1, "endLine": e.line + 1, "endColumn": e.character + 1,
    ]
  }

  static func physical(uri: String, text: SourceText, range: Range<Int>) -> [String: Any] {
    ["artifactLocation": ["uri": uri], "region": region(text: text, range: range)]
  }
}
