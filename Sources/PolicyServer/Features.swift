import Foundation
import JSONRPC
import PolicyLint
import PolicyReporters
import PolicyText

/// The diagnostics of one document at one generation: what was published and what hover and code actions
/// answer from. An immutable value made off the actor.
struct LintResult: Sendable {
  /// The document generation these results are for.
  let generation: Int
  /// The document version they are for.
  let version: Int
  /// The text that was linted.
  let text: SourceText
  /// Findings, sorted.
  let findings: [Finding]
  /// The findings rendered as LSP diagnostics, in the negotiated encoding (same order as `findings`).
  let rendered: [Diagnostic]
  /// `rendered` serialized as a JSON array: what a `publishDiagnostics` carries, written once per lint.
  let serializedDiagnostics: [UInt8]
  /// The diagnostics as JSON values (pull reports, code actions).
  var diagnostics: [JSONValue] { rendered.map(\.jsonValue) }
  /// The diagnostic of `findings[i]` as a JSON value.
  func diagnostic(_ i: Int) -> JSONValue { rendered[i].jsonValue }
  /// How many diagnostics were taken from the previous lint rather than rendered (tests, statistics).
  let reused: Int
  /// Where each diagnostic is in `serializedDiagnostics`.
  let pieces: [Range<Int>]
  /// The document and position encoding the diagnostics were rendered for.
  let uri: String
  let encoding: PositionEncoding
  /// Identifies `diagnostics`: equal ids mean equal diagnostics (for `unchanged` pull reports).
  var resultId: String { String(FNV1a.hash(serializedDiagnostics), radix: 16) }
  /// The corpus the draft was judged against, for evidence.
  let corpus: CorpusIndex
  /// The figures of `text` (as the figure checks read them), for hover.
  let figures: [Figure]

  /// Renders findings. This is where the server uses `DiagnosticRenderer`, the one place findings become
  /// diagnostics, exactly as `policylint check --format json` does.
  init(
    generation: Int, version: Int, text: SourceText, findings: [Finding], corpus: CorpusIndex, uri: String,
    encoding: PositionEncoding, figures: [Figure] = [], previous: LintResult? = nil
  ) {
    self.generation = generation
    self.version = version
    self.text = text
    self.findings = findings
    self.corpus = corpus
    self.figures = figures
    self.uri = uri
    self.encoding = encoding
    let renderer = DiagnosticRenderer(corpus: corpus, encoding: encoding)
    let reuse = previous.flatMap { RenderReuse(previous: $0, text: text, uri: uri, encoding: encoding, corpus: corpus) }
    var rendered: [Diagnostic] = []
    rendered.reserveCapacity(findings.count)
    var pieces: [Range<Int>] = []
    pieces.reserveCapacity(findings.count)
    var bytes: [UInt8] = [UInt8(ascii: "[")]
    bytes.reserveCapacity((previous?.serializedDiagnostics.count ?? 0) + 1024)
    var reused = 0
    for finding in findings {
      if rendered.count > 0 { bytes.append(UInt8(ascii: ",")) }
      let start = bytes.count
      if let (diagnostic, json) = reuse?.rendered(finding) {
        rendered.append(diagnostic)
        bytes += json
        reused += 1
      } else {
        let diagnostic = renderer.diagnostic(finding, text: text, uri: uri)
        rendered.append(diagnostic)
        diagnostic.writeJSON(to: &bytes)
      }
      pieces.append(start..<bytes.count)
    }
    bytes.append(UInt8(ascii: "]"))
    self.rendered = rendered
    self.pieces = pieces
    self.reused = reused
    serializedDiagnostics = bytes
  }
}

/// The diagnostics of a document's previous lint that an edit cannot have changed, to reuse rather than
/// render again (with ~250 findings, rendering was a seventh of the server's time per edit).
///
/// The texts share a prefix of `a` scalars and a suffix of `b`. A position at or before `a` is the same in
/// both. A position in the suffix moved by `delta` scalars; its line and column are the same when its line
/// begins inside the suffix and no line break was added or removed. A previous finding whose every draft
/// position is one of these is, moved, a candidate; a new finding equal to a candidate gets its diagnostic
/// and bytes, which are then exactly what rendering it would give.
struct RenderReuse {
  private let previous: LintResult
  private let a: Int
  private let suffixStart: Int
  private let delta: Int
  /// Candidates by their moved range: indices into `previous.findings`.
  private var byRange: [Range<Int>: [Int]] = [:]
  /// The moved finding of each candidate.
  private var moved: [Int: Finding] = [:]

  init?(previous: LintResult, text: SourceText, uri: String, encoding: PositionEncoding, corpus: CorpusIndex) {
    guard previous.uri == uri, previous.encoding == encoding, previous.corpus.identity == corpus.identity,
      !previous.findings.isEmpty
    else { return nil }
    let old = previous.text.scalars
    let new = text.scalars
    var a = 0
    while a < old.count && a < new.count && old[a] == new[a] { a += 1 }
    var b = 0
    while b < old.count - a && b < new.count - a && old[old.count - 1 - b] == new[new.count - 1 - b] { b += 1 }
    guard previous.text.lines.lineStarts.count == text.lines.lineStarts.count else { return nil }
    self.previous = previous
    self.a = a
    suffixStart = old.count - b
    delta = new.count - old.count
    let lines = previous.text.lines
    /// The offset `p` in the new text when its position is unchanged, else nil.
    func map(_ p: Int) -> Int? {
      if p <= a { return p }
      guard p >= suffixStart else { return nil }
      let lineStart = lines.lineStarts[lines.line(containing: p)]
      return lineStart > suffixStart ? p + delta : nil
    }
    func map(_ r: Range<Int>) -> Range<Int>? {
      guard let lower = map(r.lowerBound), let upper = map(r.upperBound) else { return nil }
      return lower..<upper
    }
    candidates: for (i, f) in previous.findings.enumerated() {
      var m = f
      guard let range = map(f.range) else { continue }
      m.range = range
      for (e, evidence) in f.related.enumerated() {
        guard case .draft(let r) = evidence.location else { continue }
        guard let moved = map(r) else { continue candidates }
        m.related[e].location = .draft(moved)
      }
      for (x, fix) in f.fixes.enumerated() {
        for (y, edit) in fix.edits.enumerated() {
          guard let moved = map(edit.range) else { continue candidates }
          m.fixes[x].edits[y].range = moved
        }
      }
      byRange[range, default: []].append(i)
      moved[i] = m
    }
  }

  /// The previous diagnostic and its bytes for `finding`, if it is a moved previous finding.
  func rendered(_ finding: Finding) -> (Diagnostic, ArraySlice<UInt8>)? {
    for i in byRange[finding.range] ?? [] where moved[i] == finding {
      return (previous.rendered[i], previous.serializedDiagnostics[previous.pieces[i]])
    }
    return nil
  }
}

/// Builds hover contents from findings.
enum HoverBuilder {
  /// The longest quotation from a corpus document shown in a hover, in scalars.
  static let maximumQuote = 160

  /// Hover for the scalar index `index`: every finding whose range covers it, with its evidence, and the
  /// figure there (its parsed value, unit and subject). Findings come first; a figure alone also gets a hover.
  static func hover(at index: Int, in result: LintResult, encoding: PositionEncoding, markdown: Bool) -> JSONValue {
    let hits = result.findings.filter { $0.range.contains(index) || ($0.range.isEmpty && $0.range.lowerBound == index) }
    let figure = FigureHover.figure(at: index, in: result.figures)
    guard !hits.isEmpty || figure != nil else { return .null }
    var parts: [String] = []
    for finding in hits {
      var lines: [String] = []
      lines.append(markdown ? "**\(finding.code)** \(finding.message)" : "\(finding.code): \(finding.message)")
      if let detail = finding.detail, !detail.isEmpty { lines.append(detail) }
      let evidence = finding.related.map { describe($0, result: result) }
      if !evidence.isEmpty {
        lines.append("证据：")
        lines.append(contentsOf: evidence.map { "- " + $0 })
      }
      parts.append(lines.joined(separator: "\n\n"))
    }
    if let figure { parts.append(FigureHover.describe(figure, markdown: markdown)) }
    let ranges = hits.map(\.range) + (figure.map { [$0.range] } ?? [])
    let lower = ranges.map(\.lowerBound).min() ?? index
    let upper = ranges.map(\.upperBound).max() ?? index
    return [
      "contents": [
        "kind": .string(markdown ? "markdown" : "plaintext"), "value": .string(parts.joined(separator: "\n\n---\n\n")),
      ],
      "range": LSPValue.json(result.text.lines.range(of: lower..<upper, in: encoding)),
    ]
  }

  /// One line of evidence: the message, the source document's title and date, and the quoted text.
  static func describe(_ evidence: Evidence, result: LintResult) -> String {
    switch evidence.location {
    case .draft(let r):
      let line = result.text.lines.line(containing: r.lowerBound) + 1
      return "\(evidence.message)（本文第 \(line) 行：「\(quote(result.text, r))」）"
    case .corpus(let id, let r):
      guard id >= 0, id < result.corpus.documents.count else { return evidence.message }
      let doc = result.corpus.documents[id]
      var s = evidence.message
      let title = doc.title(at: r.lowerBound)
      if !s.contains(title) { s += " \(doc.citation(at: r.lowerBound))" }
      if let text = doc.text { s += "：「\(quote(text, r))」" }
      return s
    case .document(let id):
      guard id >= 0, id < result.corpus.documents.count else { return evidence.message }
      let info = result.corpus.documents[id].info
      return evidence.message.contains(info.title) ? evidence.message : "\(evidence.message) \(info.citation)"
    }
  }

  static func quote(_ text: SourceText, _ r: Range<Int>) -> String {
    let upper = min(r.upperBound, r.lowerBound + maximumQuote)
    let s = text.string(r.lowerBound..<upper).replacingOccurrences(of: "\n", with: " ")
    return upper < r.upperBound ? s + "…" : s
  }
}

/// Builds code actions: the checks' quick fixes and "suppress this rule on this line".
enum CodeActionBuilder {
  /// Code actions for findings touching the scalar range `range`.
  static func actions(
    for range: Range<Int>, in result: LintResult, uri: String, encoding: PositionEncoding, documentChanges: Bool,
    only: [String]?
  ) -> [JSONValue] {
    if let only, !only.contains(where: { "quickfix".hasPrefix($0) || $0.hasPrefix("quickfix") }) { return [] }
    var actions: [JSONValue] = []
    var suppressed = Set<String>()
    for (i, finding) in result.findings.enumerated() {
      let r = finding.range
      let touches = r.lowerBound <= range.upperBound && range.lowerBound <= r.upperBound
      guard touches else { continue }
      let diagnostic = result.diagnostic(i)
      for (n, fix) in finding.fixes.enumerated() {
        let edits = fix.edits.map { edit(result.text.lines.range(of: $0.range, in: encoding), $0.newText) }
        actions.append([
          "title": .string(fix.title),
          "kind": "quickfix",
          "diagnostics": [diagnostic],
          "isPreferred": .bool(n == 0),
          "edit": workspaceEdit(uri: uri, version: result.version, edits: edits, documentChanges: documentChanges),
        ])
      }
      let line = result.text.lines.line(containing: r.lowerBound)
      guard suppressed.insert("\(finding.code)|\(line)").inserted else { continue }
      let suppression = suppressionEdit(code: finding.code, line: line, text: result.text, encoding: encoding)
      actions.append([
        "title": .string("在本行停用 \(finding.code)（插入 policylint-disable-next-line 注释）"),
        "kind": "quickfix",
        "diagnostics": [diagnostic],
        "edit": workspaceEdit(
          uri: uri, version: result.version, edits: [suppression], documentChanges: documentChanges),
      ])
    }
    return actions
  }

  static func edit(_ range: PositionRange, _ newText: String) -> JSONValue {
    ["range": LSPValue.json(range), "newText": .string(newText)]
  }

  static func workspaceEdit(uri: String, version: Int, edits: [JSONValue], documentChanges: Bool) -> JSONValue {
    if documentChanges {
      return [
        "documentChanges": [["textDocument": ["uri": .string(uri), "version": .int(version)], "edits": .array(edits)]]
      ]
    }
    return ["changes": .object([uri: .array(edits)])]
  }

  static let commentPrefix = "<!-- policylint-disable-next-line"

  /// The edit that suppresses `code` on `line`: a `<!-- policylint-disable-next-line CODE -->` line above it
  /// (an HTML comment, so Markdown does not render it and the matching view drops it in plain text too),
  /// or the code added to such a comment already there.
  static func suppressionEdit(code: String, line: Int, text: SourceText, encoding: PositionEncoding) -> JSONValue {
    let lines = text.lines
    if line > 0 {
      let previous = text.lineString(line - 1)
      let trimmed = previous.trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix(commentPrefix), trimmed.hasSuffix("-->") {
        let inner = trimmed.dropFirst(commentPrefix.count).dropLast(3)
        let codes = inner.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        let start = lines.lineStarts[line - 1]
        let end = lines.contentEnds[line - 1]
        let indent = String(previous.prefix { $0 == " " || $0 == "\t" })
        let newLine = "\(indent)\(commentPrefix) \((codes + [code]).joined(separator: " ")) -->"
        return edit(lines.range(of: start..<end, in: encoding), newLine)
      }
    }
    let start = lines.lineStarts[line]
    let terminator = lineTerminator(of: line, in: text)
    let current = text.lineString(line)
    let indent = String(current.prefix { $0 == " " || $0 == "\t" || $0 == "\u{3000}" })
    return edit(lines.range(of: start..<start, in: encoding), "\(indent)\(commentPrefix) \(code) -->\(terminator)")
  }

  /// The line break the document uses at `line` (or the nearest line that has one), `\n` by default.
  static func lineTerminator(of line: Int, in text: SourceText) -> String {
    let lines = text.lines
    for l in [line, line - 1] where l >= 0 && l < lines.lineCount - 1 {
      let end = lines.contentEnds[l]
      if text.scalars[end] == "\r" { return end + 1 < text.count && text.scalars[end + 1] == "\n" ? "\r\n" : "\r" }
      return "\n"
    }
    return "\n"
  }
}
