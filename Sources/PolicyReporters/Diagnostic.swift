import Foundation
import PolicyLint
import PolicyText

/// LSP 3.17 `Diagnostic`, exactly: the JSON form of a finding for the server and `check --format json`.
public struct Diagnostic: Codable, Sendable, Hashable {
  /// A link to the rule's documentation (LSP `CodeDescription`).
  public struct CodeDescription: Codable, Sendable, Hashable {
    public var href: String
  }

  /// LSP `Location`.
  public struct Location: Codable, Sendable, Hashable {
    public var uri: String
    public var range: PositionRange
  }

  /// LSP `DiagnosticRelatedInformation`.
  public struct RelatedInformation: Codable, Sendable, Hashable {
    public var location: Location
    public var message: String
  }

  /// One edit of a quick fix, in the diagnostic's position encoding.
  public struct Edit: Codable, Sendable, Hashable {
    public var range: PositionRange
    public var newText: String
  }

  /// A quick fix carried in `data`.
  public struct QuickFix: Codable, Sendable, Hashable {
    public var title: String
    public var edits: [Edit]
  }

  /// policylint's `data`: fixes, hover detail, and evidence that has no location (reference pack).
  public struct Payload: Codable, Sendable, Hashable {
    public var fixes: [QuickFix]
    public var detail: String?
    public var evidence: [String]?
  }

  public var range: PositionRange
  public var severity: Int
  public var code: String
  public var codeDescription: CodeDescription?
  public var source: String
  public var message: String
  public var relatedInformation: [RelatedInformation]?
  public var data: Payload?
}

/// The one place that turns findings into LSP diagnostics.
public struct DiagnosticRenderer: Sendable {
  /// Where rule documentation lives, for `codeDescription`.
  public static let rulesURL = "https://github.com/policylint/policylint/blob/main/protocol/rules.md"

  /// The corpus, to place evidence in corpus documents.
  public let corpus: CorpusIndex
  /// The encoding positions count in.
  public let encoding: PositionEncoding

  /// `file://` URIs of corpus documents already rendered, for the whole process (making one standardizes a
  /// URL, which cost more than the rest of a diagnostic; the mapping depends on the path alone).
  private static let uris = URICache()

  /// Makes a renderer.
  public init(corpus: CorpusIndex, encoding: PositionEncoding = .utf16) {
    self.corpus = corpus
    self.encoding = encoding
  }

  /// Remembers the URI of each corpus path.
  ///
  /// `@unchecked Sendable` is safe: `known` is read and written only with `lock` held.
  final class URICache: @unchecked Sendable {
    private let lock = NSLock()
    private var known: [String: String] = [:]

    func uri(forPath path: String) -> String {
      if let uri = lock.withLock({ known[path] }) { return uri }
      let uri = URLPath.uri(forPath: path)
      lock.withLock { known[path] = uri }
      return uri
    }
  }

  /// Converts one finding of a draft at `uri` with text `text`.
  public func diagnostic(_ finding: Finding, text: SourceText, uri: String) -> Diagnostic {
    var related: [Diagnostic.RelatedInformation] = []
    var unplaced: [String] = []
    for evidence in finding.related {
      switch evidence.location {
      case .draft(let r):
        related.append(.init(location: .init(uri: uri, range: text.lines.range(of: r, in: encoding)), message: evidence.message))
      case .corpus(let id, let r):
        if id < corpus.documents.count, let docText = corpus.documents[id].text {
          let doc = corpus.documents[id]
          related.append(
            .init(
              location: .init(uri: Self.uris.uri(forPath: doc.info.path), range: docText.lines.range(of: r, in: encoding)),
              message: evidence.message))
        } else {
          unplaced.append(evidence.message)
        }
      case .document:
        unplaced.append(evidence.message)
      }
    }
    let fixes = finding.fixes.map { fix in
      Diagnostic.QuickFix(
        title: fix.title,
        edits: fix.edits.map { Diagnostic.Edit(range: text.lines.range(of: $0.range, in: encoding), newText: $0.newText) })
    }
    let anchor = String(finding.code.unicodeScalars.filter { $0 != "/" })
    return Diagnostic(
      range: text.lines.range(of: finding.range, in: encoding),
      severity: finding.severity.rawValue,
      code: finding.code,
      codeDescription: .init(href: Self.rulesURL + "#" + anchor),
      source: "policylint",
      message: finding.message,
      relatedInformation: related.isEmpty ? nil : related,
      data: .init(fixes: fixes, detail: finding.detail, evidence: unplaced.isEmpty ? nil : unplaced))
  }
}
