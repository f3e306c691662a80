import PolicyText

/// Figures stated in the corpus, with subject and event, for cross-checking drafts.
/// (Filled in by the figures work.)
public struct FigureFacts: Sendable, Codable {
  /// Extracts figures from documents that have text.
  public init(documents: [CorpusDocument]) {}
}
