import PolicyText

/// Winnowed k-gram fingerprints of the corpus documents' matching views, for finding reused passages.
/// (Filled in by the duplicate-phrases work.)
public struct FingerprintIndex: Sendable, Codable {
  /// Builds the index over documents that have text.
  public init(documents: [CorpusDocument]) {}
}
