import Foundation

/// Picks the corpus for a run: a directory when one is given (by option or configuration), else the
/// built-in reference pack. Shared by the CLI and the server so both judge against the same corpus.
public enum CorpusProvider {
  /// The loaded index and the warnings met while loading.
  public struct Provided: Sendable {
    public var index: CorpusIndex
    public var warnings: [String]
    /// What the corpus cache did (nil when the cache was not used).
    public var cache: CorpusCache.Outcome? = nil
  }

  /// Loads `directory` (with `manifest`), or the built-in pack when `directory` is nil. A directory goes
  /// through the persistent `CorpusCache` unless `useCache` is false or `POLICYLINT_NO_CACHE` is set;
  /// `partBudget` is then the memory for the corpus views and texts kept between reads, and `interim` is
  /// handed the cached index before a rebuild (`CorpusCache.load`).
  public static func load(
    directory: String?, manifest: String?, useCache: Bool = true, progress: (@Sendable (Int, Int) -> Void)? = nil,
    stage: (@Sendable (CorpusLoadStage) -> Void)? = nil, partBudget: DocumentPartPool.Budget = .unlimited,
    interim: (@Sendable (CorpusIndex) -> Void)? = nil
  ) throws(PolicyLintError) -> Provided {
    guard let directory else {
      do {
        return Provided(index: try ReferencePack.builtIn().index, warnings: [])
      } catch {
        throw .unreadable(path: "built-in reference pack", reason: "\(error)")
      }
    }
    if useCache && !CorpusCache.disabledByEnvironment() {
      var (provided, outcome) = try CorpusCache.load(
        directory: directory, manifest: manifest, progress: progress, stage: stage, partBudget: partBudget,
        interim: interim)
      provided.cache = outcome
      return provided
    }
    let loaded = try CorpusLoader.load(directory: directory, manifest: manifest, progress: progress)
    var warnings = loaded.warnings
    if loaded.documents.isEmpty { warnings.append("\(directory): no .txt or .md documents found; the corpus is empty") }
    stage?(.indexing(documents: loaded.documents.count))
    return Provided(index: CorpusIndex(documents: loaded.documents, origin: directory), warnings: warnings)
  }
}

/// A step of a corpus load after its files are read, told to a caller that reports progress.
public enum CorpusLoadStage: Sendable, Equatable {
  /// The indexes are being built from this many documents (no cache, or files changed).
  case indexing(documents: Int)
  /// The corpus cache is being written.
  case writingCache
}
