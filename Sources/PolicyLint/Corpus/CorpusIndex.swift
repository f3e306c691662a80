import Foundation
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
  /// Document ids by path and by content hash: every draft is matched against the corpus on every lint,
  /// and a scan resolving each document's path cost ~20 µs a document (200 ms a lint for 10,000 documents).
  private let idsByPath: [String: Int]
  private let idsByHash: [UInt64: Int]
  /// Ids of the documents dated only by their file's time (`DocumentInfo.isDatedByFileTime`).
  public let datedByFileTime: Set<Int>
  /// Tells this index from any other (a reload of the same directory included), so what was rendered
  /// against one is never taken for the other's.
  public let identity = UUID()

  /// Builds every index over loaded documents.
  public init(documents: [CorpusDocument], origin: String) {
    self.documents = documents
    self.origin = origin
    (idsByPath, idsByHash, datedByFileTime) = Self.lookups(documents)
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
    (idsByPath, idsByHash, datedByFileTime) = Self.lookups(documents)
  }

  /// Paths are keyed as stored: the loader lists files below the resolved corpus directory, so a stored
  /// path is already resolved unless the file is itself a symbolic link (such a file is still recognised by
  /// its content hash). The first document with a path or hash wins, as a front-to-back scan would. Also
  /// the documents dated only by their file's time.
  private static func lookups(_ documents: [CorpusDocument]) -> ([String: Int], [UInt64: Int], Set<Int>) {
    var byPath: [String: Int] = [:]
    var byHash: [UInt64: Int] = [:]
    var fileTimed = Set<Int>()
    byPath.reserveCapacity(documents.count)
    byHash.reserveCapacity(documents.count)
    for (i, d) in documents.enumerated() {
      if byPath[d.info.path] == nil { byPath[d.info.path] = i }
      if byHash[d.info.contentHash] == nil { byHash[d.info.contentHash] = i }
      if d.info.isDatedByFileTime { fileTimed.insert(i) }
    }
    return (byPath, byHash, fileTimed)
  }

  /// A corpus with nothing in it.
  public static let empty = CorpusIndex(documents: [], origin: "no corpus")

  /// The document whose file is at `path` (after resolving symbolic links), if any.
  public func document(atPath path: String) -> CorpusDocument? {
    guard let id = idsByPath[PathNormalizer.resolve(path)] ?? idsByPath[path] else { return nil }
    return documents[id]
  }

  /// The document with these exact bytes, if any.
  public func document(withContentHash hash: UInt64) -> CorpusDocument? {
    idsByHash[hash].map { documents[$0] }
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
