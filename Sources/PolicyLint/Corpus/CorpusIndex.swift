import PolicyText

/// The reference corpus as the checks see it: the documents and the indexes built over them once.
///
/// Each family owns its index (`FingerprintIndex` for duplicates, `FigureFacts` for figures,
/// `FormulationIndex` for slogans); all three are `Codable` so the same value can be cached on disk or
/// compiled into the binary as the built-in reference pack (which drops the texts and keeps the facts).
public struct CorpusIndex: Sendable {
  /// Documents; `documents[i].id == i`.
  public let documents: [CorpusDocument]
  /// k-gram fingerprints of the documents' matching views.
  public let fingerprints: FingerprintIndex
  /// Figures stated in the documents, with their subjects and events.
  public let figures: FigureFacts
  /// Canonical formulations mined from the documents, with evidence.
  public let formulations: FormulationIndex
  /// Where the corpus came from, for messages: a directory, or `built-in reference pack`.
  public let origin: String

  /// Builds every index over loaded documents.
  public init(documents: [CorpusDocument], origin: String) {
    self.documents = documents
    self.origin = origin
    fingerprints = FingerprintIndex(documents: documents)
    figures = FigureFacts(documents: documents)
    formulations = FormulationIndex(documents: documents)
  }

  /// Assembles an index from parts already built (a cache or the reference pack).
  public init(
    documents: [CorpusDocument], fingerprints: FingerprintIndex, figures: FigureFacts,
    formulations: FormulationIndex, origin: String
  ) {
    self.documents = documents
    self.fingerprints = fingerprints
    self.figures = figures
    self.formulations = formulations
    self.origin = origin
  }

  /// A corpus with nothing in it.
  public static let empty = CorpusIndex(documents: [], origin: "no corpus")

  /// The document whose file is at `path` (after resolving symbolic links), if any.
  public func document(atPath path: String) -> CorpusDocument? {
    let resolved = PathNormalizer.resolve(path)
    return documents.first { PathNormalizer.resolve($0.info.path) == resolved }
  }

  /// The document with these exact bytes, if any.
  public func document(withContentHash hash: UInt64) -> CorpusDocument? {
    documents.first { $0.info.contentHash == hash }
  }
}

/// Resolves paths for comparison.
public enum PathNormalizer {
  /// Absolute, standardized, with symbolic links resolved.
  public static func resolve(_ path: String) -> String {
    guard !path.hasPrefix("pack:") else { return path }
    return URLPath.resolve(path)
  }
}
