import PolicyText

/// Canonical formulations mined from the corpus, with evidence (documents, dates, first and last use).
/// (Filled in by the slogans work.)
public struct FormulationIndex: Sendable, Codable {
  /// Mines formulations from documents that have text.
  public init(documents: [CorpusDocument]) {}
}
