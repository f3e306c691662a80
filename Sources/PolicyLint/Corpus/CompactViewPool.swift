import Foundation
import PolicyText

/// The compact views of a cached corpus's documents that are kept between reads, within a memory budget.
///
/// `duplicate/reuse` and `slogan/misquote` read corpus documents through compact views (`CompactView`),
/// each loaded from the corpus cache by a positioned read and a copy (about 3 µs for a 3,300-character
/// document). A draft made of corpus text reads thousands of them on its first lint (about 46 MB for 7,000
/// documents of a 100 MB corpus). The documents do not keep their views; this pool does, for the whole
/// corpus. By default it keeps every view read (`unlimited`): an edit anywhere in the draft then finds the
/// views it needs. `POLICYLINT_VIEW_MEMORY_MB` caps it for large archives on small machines: it then keeps
/// the views read most recently, so edits in one place (typing) still find theirs, while an edit far from
/// the last ones loads its documents' views again (measured in `protocol/performance.md`).
///
/// Two generations approximate least-recently-used order at the cost of two dictionary operations: views
/// go into the young generation; when it passes half the budget it becomes the old one and the previous
/// old one is let go; a view found in the old generation moves to the young one. Both together hold at most
/// about `budget` bytes (plus one view). A view a check still holds stays valid after the pool lets it go
/// (views are immutable values); only memory is at stake, never an answer.
///
/// `@unchecked Sendable` is safe: the generations are read and written only with `lock` held; loading
/// happens outside it, so two threads may load one view at once (both get equal views).
public final class CompactViewPool: @unchecked Sendable {
  /// No limit: every view read is kept (what the benchmark's random edits are fastest with).
  public static let unlimited = Int.max

  /// The environment variable that caps the pool, in megabytes (0: keep no view).
  public static let environmentKey = "POLICYLINT_VIEW_MEMORY_MB"

  /// The budget `environment` asks for: `POLICYLINT_VIEW_MEMORY_MB` megabytes, else `unlimited`; a value
  /// that is not a whole number of megabytes is a warning and leaves the pool unlimited.
  public static func budget(
    environment: [String: String] = ProcessInfo.processInfo.environment, warnings: inout [String]
  ) -> Int {
    guard let raw = environment[environmentKey]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
      return unlimited
    }
    guard let megabytes = Int(raw), megabytes >= 0, megabytes < 1 << 40 else {
      warnings.append(
        "\(environmentKey)=\(raw) is not a whole number of megabytes; corpus views are kept without a limit")
      return unlimited
    }
    return megabytes << 20
  }

  let budget: Int
  private let lock = NSLock()
  private var young: [Int: CompactView] = [:]
  private var old: [Int: CompactView] = [:]
  private var youngBytes = 0
  private var oldBytes = 0

  init(budget: Int = CompactViewPool.unlimited) {
    self.budget = max(0, budget)
  }

  /// View `key`, from the pool, else from `load` (then pooled); nil when `load` gives nil (not pooled).
  func view(_ key: Int, load: () -> CompactView?) -> CompactView? {
    if let found = lock.withLock({ lookUp(key) }) { return found }
    guard let loaded = load() else { return nil }
    if budget > 0 { lock.withLock { insert(key, loaded) } }
    return loaded
  }

  /// Bytes the pooled views take, about (for tests and measurements).
  var pooledBytes: Int { lock.withLock { youngBytes + oldBytes } }

  /// Number of views pooled.
  var count: Int { lock.withLock { young.count + old.count } }

  /// Call with `lock` held.
  private func lookUp(_ key: Int) -> CompactView? {
    if let v = young[key] { return v }
    guard let v = old.removeValue(forKey: key) else { return nil }
    oldBytes -= v.storedBytes
    insert(key, v)
    return v
  }

  /// Call with `lock` held.
  private func insert(_ key: Int, _ view: CompactView) {
    // Two threads may have loaded the same view; the second replaces the first.
    if let previous = young.updateValue(view, forKey: key) { youngBytes -= previous.storedBytes }
    if let previous = old.removeValue(forKey: key) { oldBytes -= previous.storedBytes }
    youngBytes += view.storedBytes
    if youngBytes > budget / 2 {
      old = young
      oldBytes = youngBytes
      young = [:]
      youngBytes = 0
    }
  }
}
