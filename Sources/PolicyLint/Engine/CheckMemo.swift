import Foundation

/// What document-scoped checks keep from one lint of a document to the next, so an edit redoes only the
/// work it touched (for `duplicate/reuse`: the corpus lookups and passages away from the edit).
///
/// A `LintCache` owns one and empties it whenever anything but the draft's text changed (path, date,
/// corpus, linter or configuration), so a check keys what it keeps by the draft's text alone; what it
/// returns through a memo must equal what it returns without one (`ReuseMemoTests` checks this for
/// `duplicate/reuse` over random edits).
///
/// `@unchecked Sendable` is safe: `objects` is read and written only with `lock` held; each stored object
/// guards its own state (the server lints a document at most once at a time, but tests may not).
public final class CheckMemo: @unchecked Sendable {
  private let lock = NSLock()
  private var objects: [String: AnyObject] = [:]

  /// Makes an empty memo.
  public init() {}

  /// The object kept under `key`, made by `make` the first time.
  func object<T: AnyObject>(_ key: String, make: () -> T) -> T {
    lock.withLock {
      if let existing = objects[key] as? T { return existing }
      let made = make()
      objects[key] = made
      return made
    }
  }

  /// Forgets everything.
  func removeAll() {
    lock.withLock { objects.removeAll() }
  }
}

/// Answers to corpus lookups, by key: a check keeps them in its `CheckMemo` (so the server looks each up
/// once per open document) or for one lint. Only the answers the latest lint used are kept (the check calls
/// `endOfLint()`), so the memo holds about one draft's worth, however long the editing goes on.
///
/// `@unchecked Sendable` is safe: `current` and `previous` are read and written only with `lock` held.
final class LookupMemo<Value>: @unchecked Sendable {
  private let lock = NSLock()
  /// Answers used by the lint under way, and those of the lint before it.
  private var current: [ScalarKey: Value] = [:]
  private var previous: [ScalarKey: Value] = [:]

  init() {}

  /// The value for `key`, computed by `make` when not known.
  func value(_ key: String, make: () -> Value) -> Value { value(Array(key.unicodeScalars), make: make) }

  /// The value for the key made of `scalars`, computed by `make` when not known.
  func value(_ scalars: [Unicode.Scalar], make: () -> Value) -> Value {
    let key = ScalarKey(scalars)
    let known = lock.withLock { () -> Value? in
      if let value = current[key] { return value }
      guard let value = previous.removeValue(forKey: key) else { return nil }
      current[key] = value
      return value
    }
    if let known { return known }
    let made = make()
    lock.withLock { current[key] = made }
    return made
  }

  /// Forgets the answers this lint did not use.
  func endOfLint() {
    lock.withLock {
      previous = current
      current = [:]
    }
  }
}

/// A dictionary key of scalars hashed once, with FNV-1a: a `String` key is hashed through its normalized
/// form and an array key scalar by scalar through `Hasher`, which cost more than the lookups they served.
struct ScalarKey: Hashable {
  let scalars: [Unicode.Scalar]
  let digest: UInt64

  init(_ scalars: [Unicode.Scalar]) {
    self.scalars = scalars
    var h = FNV1a.basis
    for s in scalars { h = FNV1a.combine(h, UInt64(s.value)) }
    digest = h
  }

  static func == (a: ScalarKey, b: ScalarKey) -> Bool { a.digest == b.digest && a.scalars == b.scalars }
  func hash(into hasher: inout Hasher) { hasher.combine(digest) }
}

extension CheckContext {
  /// The lookup memo kept for the document under `key` (the server), or a fresh one for this lint.
  func lookups<Value>(_ key: String) -> LookupMemo<Value> {
    memo?.object(key) { LookupMemo<Value>() } ?? LookupMemo<Value>()
  }
}

/// A bounded, thread-safe cache of a pure function's results, shared by every lint in the process: the
/// function depends on its argument alone, so no lint can see another's stale answer. Emptied when full.
///
/// `@unchecked Sendable` is safe: `values` is read and written only with `lock` held.
final class PureMemo<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [Key: Value] = [:]
  private let limit: Int

  init(limit: Int) { self.limit = limit }

  /// `make(key)`, computed once while it stays in the cache.
  func value(_ key: Key, _ make: (Key) -> Value) -> Value {
    if let known = lock.withLock({ values[key] }) { return known }
    let made = make(key)
    lock.withLock {
      if values.count >= limit { values.removeAll(keepingCapacity: true) }
      values[key] = made
    }
    return made
  }
}
