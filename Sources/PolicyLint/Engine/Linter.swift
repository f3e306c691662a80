import PolicyText

/// Runs the checks on a draft and applies configuration and suppressions. One engine for CLI and server.
public struct Linter: Sendable {
  /// The corpus drafts are checked against.
  public let corpus: CorpusIndex
  private let checks: [any Check]

  /// Makes a linter with the given checks (all built-in checks by default).
  public init(corpus: CorpusIndex, checks: [any Check.Type] = builtInChecks) {
    self.corpus = corpus
    self.checks = checks.map { $0.init() }
  }

  /// Lints a draft: findings sorted by position, configuration applied, suppressed ones removed.
  public func lint(_ draft: DraftDocument, configuration: Configuration) -> [Finding] {
    let context = CheckContext(draft: draft, corpus: corpus, configuration: configuration)
    let suppressions = Suppressions(text: draft.text)
    var seen = Set<String>()
    var result: [Finding] = []
    for check in checks {
      let description = type(of: check).description
      guard configuration.isEnabled(description) else { continue }
      for var finding in check.run(context) {
        switch configuration.setting(for: finding.code) {
        case .off: continue
        case .severity(let s): finding.severity = s
        case nil: break
        }
        let clamped = max(0, min(finding.range.lowerBound, draft.text.count))..<max(0, min(finding.range.upperBound, draft.text.count))
        finding.range = clamped.lowerBound..<max(clamped.lowerBound, clamped.upperBound)
        let line = draft.text.lines.line(containing: finding.range.lowerBound)
        if suppressions.suppresses(code: finding.code, line: line) { continue }
        let key = "\(finding.code)|\(finding.range)|\(finding.message)"
        if seen.insert(key).inserted { result.append(finding) }
      }
    }
    result.sort { ($0.range.lowerBound, $0.range.upperBound, $0.code) < ($1.range.lowerBound, $1.range.upperBound, $1.code) }
    return result
  }
}
