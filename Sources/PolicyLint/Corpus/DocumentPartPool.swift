import Foundation
import PolicyText

/// The parts of a cached corpus's documents that are read again and again — compact views and texts — kept
/// between reads within a memory budget.
///
/// `duplicate/reuse` and `slogan/misquote` read corpus documents through compact views (`CompactView`),
/// each loaded from the corpus cache by a positioned read and a copy (about 3 µs for a 3,300-character
/// document). A draft made of corpus text reads thousands of them on its first lint (about 46 MB for 7,000
/// documents of a 100 MB corpus). Evidence needs the texts of the documents it cites (a line number, a
/// quotation; four bytes a character). The documents keep neither; this pool does, for the whole corpus:
/// views and texts share its budget, and it keeps those read most recently, so edits in one place (typing)
/// still find theirs, while an edit far from the last ones loads its documents' parts again (measured in
/// `protocol/performance.md`). Kept by the documents, the texts evidence had read piled up for as long as a
/// server ran (7.6 MB after one lint of the 20,000-character bench draft, more with each new citation).
///
/// The budget (`Budget`): `check` keeps every part it reads (a batch of lints, then the process ends); the
/// server keeps what its share of memory leaves (`Budget.corpusShare`); `POLICYLINT_VIEW_MEMORY_MB` sets it
/// for either.
///
/// Two generations approximate least-recently-used order at the cost of two dictionary operations: parts
/// go into the young generation; when it passes half the budget it becomes the old one and the previous
/// old one is let go; a part found in the old generation moves to the young one. Both together hold at most
/// about `budget` bytes (plus one part). A part a check still holds stays valid after the pool lets it go
/// (parts are immutable values); only memory is at stake, never an answer.
///
/// `@unchecked Sendable` is safe: the generations are read and written only with `lock` held; loading
/// happens outside it, so two threads may load one part at once (both get equal parts).
public final class DocumentPartPool: @unchecked Sendable {
  /// How much the pool may keep.
  public enum Budget: Sendable, Equatable {
    /// Every part read is kept (`check`: one batch of lints, and the benchmark's throughput).
    case unlimited
    /// At most this many bytes (0: nothing is kept).
    case bytes(Int)
    /// What is left of `servicePercent` of the corpus's size once the index (about the corpus's size) and
    /// the process's fixed memory (`fixedBytes`: the runtime's libraries, the server, a lint's working
    /// memory) are counted, and `minimumShareBytes` at least: the server, which runs beside the editor for
    /// as long as the writer works. 5 MB for 100 MB of corpus files, 185 MB for 500 MB.
    case corpusShare

    /// The bytes for a corpus of `corpusBytes`.
    public func bytes(corpusBytes: Int) -> Int {
      switch self {
      case .unlimited: return DocumentPartPool.unlimited
      case .bytes(let n): return max(0, n)
      case .corpusShare:
        let share = corpusBytes / 100 * (DocumentPartPool.servicePercent - 100) - DocumentPartPool.fixedBytes
        return max(DocumentPartPool.minimumShareBytes, share)
      }
    }
  }

  /// No limit: every part read is kept.
  public static let unlimited = Int.max
  /// The server's memory in all, in percent of the corpus's size, that `Budget.corpusShare` aims under
  /// (issue 8 allows 150).
  public static let servicePercent = 145
  /// The server's memory besides the index and the pool, about (measured: 40 MB with a 20,000-character
  /// draft open, of which 25 MB are the Swift runtime's and Foundation's libraries).
  public static let fixedBytes = 40 << 20
  /// The least the server keeps: 2 MB.
  public static let minimumShareBytes = 2 << 20

  /// The environment variable that sets the budget, in megabytes (0: keep nothing).
  public static let environmentKey = "POLICYLINT_VIEW_MEMORY_MB"

  /// The budget `environment` asks for (`POLICYLINT_VIEW_MEMORY_MB` megabytes), or nil when it sets none; a
  /// value that is not a whole number of megabytes is a warning and sets none.
  public static func budget(
    environment: [String: String] = ProcessInfo.processInfo.environment, warnings: inout [String]
  ) -> Budget? {
    guard let raw = environment[environmentKey]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
      return nil
    }
    guard let megabytes = Int(raw), megabytes >= 0, megabytes < 1 << 40 else {
      warnings.append(
        "\(environmentKey)=\(raw) is not a whole number of megabytes; the default memory for corpus views is used")
      return nil
    }
    return .bytes(megabytes << 20)
  }

  /// A pooled part.
  private enum Part {
    case view(CompactView)
    case text(SourceText)

    var storedBytes: Int {
      switch self {
      case .view(let v): return v.storedBytes
      case .text(let t): return t.storedBytes
      }
    }
  }

  let budget: Int
  private let lock = NSLock()
  /// Keyed by `2 * document` for a view, `2 * document + 1` for a text.
  private var young: [Int: Part] = [:]
  private var old: [Int: Part] = [:]
  private var youngBytes = 0
  private var oldBytes = 0

  init(budget: Int = DocumentPartPool.unlimited) {
    self.budget = max(0, budget)
  }

  /// Document `document`'s compact view, from the pool, else from `load` (then pooled); nil when `load`
  /// gives nil (not pooled).
  func view(_ document: Int, load: () -> CompactView?) -> CompactView? {
    guard case .view(let v)? = part(2 * document, load: { load().map(Part.view) }) else { return nil }
    return v
  }

  /// Document `document`'s text, from the pool, else from `load` (then pooled); nil when `load` gives nil.
  func text(_ document: Int, load: () -> SourceText?) -> SourceText? {
    guard case .text(let t)? = part(2 * document + 1, load: { load().map(Part.text) }) else { return nil }
    return t
  }

  private func part(_ key: Int, load: () -> Part?) -> Part? {
    if let found = lock.withLock({ lookUp(key) }) { return found }
    guard let loaded = load() else { return nil }
    if budget > 0 { lock.withLock { insert(key, loaded) } }
    return loaded
  }

  /// Bytes the pooled parts take, about (for tests and measurements).
  var pooledBytes: Int { lock.withLock { youngBytes + oldBytes } }

  /// Number of parts pooled.
  var count: Int { lock.withLock { young.count + old.count } }

  /// Call with `lock` held.
  private func lookUp(_ key: Int) -> Part? {
    if let v = young[key] { return v }
    guard let v = old.removeValue(forKey: key) else { return nil }
    oldBytes -= v.storedBytes
    insert(key, v)
    return v
  }

  /// Call with `lock` held.
  private func insert(_ key: Int, _ part: Part) {
    // Two threads may have loaded the same part; the second replaces the first.
    if let previous = young.updateValue(part, forKey: key) { youngBytes -= previous.storedBytes }
    if let previous = old.removeValue(forKey: key) { oldBytes -= previous.storedBytes }
    youngBytes += part.storedBytes
    if youngBytes > budget / 2 {
      old = young
      oldBytes = youngBytes
      young = [:]
      youngBytes = 0
    }
  }
}
