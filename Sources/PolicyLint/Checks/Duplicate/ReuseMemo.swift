import Foundation
import PolicyText

/// What `duplicate/reuse` keeps between lints of one document (in the server, through `CheckMemo`): the
/// draft's wording, every document's components (`CorpusReuseCheck.Component`) and the finding made for
/// each cluster of passages. An edit then costs the lookups of the grams it touched and the components
/// within `Component.separation` characters of it; everything else is moved with the text.
///
/// The result is exactly that of a lint without a memo (`ReuseMemoTests` compares them over random edits):
/// - a gram that lies wholly before or wholly after the changed characters has the same hits, moved;
/// - a component whose span is at least `separation` away from every changed gram read nothing that
///   changed, so its passages are the same, moved;
/// - the rest of a document's hits (and the new ones) are chained again; should their components come
///   closer than `separation` to a kept one, the whole document is done again from all its hits;
/// - clusters wholly outside the stretch of changed passages are kept, moved (see `update`); a cluster's
///   finding depends only on its passages and the wording they cover, which key the findings of clusters
///   swept again; only a finding's draft range is mapped through the new view.
///
/// `@unchecked Sendable` is safe: every field is read and written with `lock` held.
final class ReuseMemo: @unchecked Sendable {
  let lock = NSLock()
  private var wording: [Unicode.Scalar]?
  private var components: [CorpusReuseCheck.Component] = []

  /// A cluster's finding (nil when it makes none) and the cited passage's range relative to the cluster.
  struct Made {
    var primary: Range<Int>
    var finding: Finding?
  }

  /// A cluster of passages and the wording they cover. Hashing uses a digest made from a rolling hash of
  /// the wording (hashing every character through `Hasher` on every lint cost more than the lookups);
  /// equality compares everything.
  struct ClusterKey: Hashable {
    var digest: UInt64
    /// The passages, with draft ranges relative to the cluster's start.
    var passages: [CorpusReuseCheck.Passage]
    var wording: [Unicode.Scalar]

    static func == (a: ClusterKey, b: ClusterKey) -> Bool {
      a.digest == b.digest && a.passages == b.passages && a.wording == b.wording
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
  }

  /// Polynomial hashes of every prefix of a text, so the hash of any stretch costs two lookups.
  struct PrefixHashes {
    static let base = FNV1a.prime
    var prefix: [UInt64]
    var powers: [UInt64]

    init(_ s: [Unicode.Scalar]) {
      prefix = [UInt64](repeating: 0, count: s.count + 1)
      powers = [UInt64](repeating: 1, count: s.count + 1)
      for i in s.indices {
        prefix[i + 1] = prefix[i] &* Self.base &+ UInt64(s[i].value)
        powers[i + 1] = powers[i] &* Self.base
      }
    }

    func hash(_ r: Range<Int>) -> UInt64 { prefix[r.upperBound] &- prefix[r.lowerBound] &* powers[r.count] }
  }

  /// A cluster of passages as the last lint made it, with offsets relative to `base`, and its finding.
  struct Cluster {
    var base: Int
    var length: Int
    var key: ClusterKey
    var made: Made
    var span: Range<Int> { base..<(base + length) }
  }

  private var clusters: [Cluster] = []

  /// The check's findings for `work`'s draft, reusing what the previous draft's lint found away from the
  /// edit. Call with `lock` held.
  ///
  /// Clusters are kept too: clustering sweeps the passages in draft order and starts a cluster whenever a
  /// passage does not overlap the current one, so the clusters wholly outside a stretch holding every
  /// changed passage (and every cluster that reaches into it) are those a fresh sweep makes; only the
  /// passages inside the stretch are swept again.
  func update(_ work: CorpusReuseCheck.Work, check: CorpusReuseCheck) -> [Finding] {
    let new = work.draft.scalars
    var kept: [Cluster] = []
    var swept: [CorpusReuseCheck.Passage] = []
    var previous: [ClusterKey: Made] = [:]
    if let old = wording, let change = updateComponents(work, old: old, new: new) {
      // Old clusters in new offsets; those crossing the changed text join the stretch to sweep again.
      var stretch = change.stretch
      // Moved in place (the clusters are taken out of `self` so the array is not copied, element by element).
      var moved = clusters
      clusters = []
      for i in moved.indices {
        if moved[i].span.upperBound <= change.a { continue }
        if moved[i].base >= change.oldEnd {
          moved[i].base += change.delta
        } else {
          // Its start may lie inside the changed text, past where its end maps to.
          let end = change.map(moved[i].span.upperBound)
          stretch = stretch.hull(min(moved[i].base, end)..<end)
          previous[moved[i].key] = moved[i].made
          moved[i].length = -1
        }
      }
      moved.removeAll { $0.length < 0 }
      // Every cluster reaching into the stretch is swept again, and widens it.
      var grew = true
      var redo = [Bool](repeating: false, count: moved.count)
      while grew {
        grew = false
        for i in moved.indices where !redo[i] && moved[i].span.overlaps(stretch) {
          redo[i] = true
          grew = true
          stretch = stretch.hull(moved[i].span)
        }
      }
      for i in moved.indices {
        if redo[i] { previous[moved[i].key] = moved[i].made } else { kept.append(moved[i]) }
      }
      let components = self.components
      for i in components.indices where !stretch.isEmpty {
        let base = components[i].base
        guard base < stretch.upperBound, base + components[i].length > stretch.lowerBound else { continue }
        for p in components[i].passages where p.draft.overlaps(stretch) { swept.append(p) }
      }
    } else if wording == nil {
      components = work.components(of: work.lookups(0..<work.gramCount))
      for c in components { swept += c.passages }
    } else {
      // The wording did not change: the clusters stand.
      kept = clusters
    }
    wording = new
    let context = work.context
    // Only the swept clusters need the wording's hashes (none when an edit changed no passage).
    let hashes = PrefixHashes(swept.isEmpty ? [] : new)
    var fresh: [(base: Int, length: Int, key: ClusterKey, made: Made?, cluster: [CorpusReuseCheck.Passage])] = []
    for cluster in CorpusReuseCheck.clusters(swept) {
      let lo = cluster.map(\.draft.lowerBound).min() ?? 0
      let hi = cluster.map(\.draft.upperBound).max() ?? lo
      var digest = hashes.hash(lo..<hi)
      let keys = cluster.map { p in
        var relative = p
        relative.draft = (p.draft.lowerBound - lo)..<(p.draft.upperBound - lo)
        return relative
      }
      for p in keys {
        for v in [p.document, p.draft.lowerBound, p.draft.upperBound, p.docContent.lowerBound, p.matched] {
          digest = FNV1a.combine(digest, UInt64(bitPattern: Int64(v)))
        }
      }
      let key = ClusterKey(digest: digest, passages: keys, wording: Array(new[lo..<hi]))
      fresh.append((lo, hi - lo, key, previous[key], cluster))
    }
    // The findings of the clusters not made before, on all cores when there are many (a first lint of a draft
    // made of corpus text has hundreds, each comparing sources and reading the cited ones' texts).
    let unmade = fresh.indices.filter { fresh[$0].made == nil }
    let ranked = check.rankedFindings(
      for: unmade.map { fresh[$0].cluster }, context: context, draftContent: work.draft)
    for (i, r) in zip(unmade, ranked) {
      let lo = fresh[i].base
      fresh[i].made =
        r.map { Made(primary: ($0.primary.lowerBound - lo)..<($0.primary.upperBound - lo), finding: $0.finding) }
        ?? Made(primary: 0..<0, finding: nil)
    }
    for f in fresh {
      let made = f.made ?? Made(primary: 0..<0, finding: nil)
      kept.append(Cluster(base: f.base, length: f.length, key: f.key, made: made))
    }
    kept.sort { $0.base < $1.base }
    clusters = kept
    let view = context.draft.view
    var result: [Finding] = []
    for c in clusters {
      guard var finding = c.made.finding else { continue }
      let primary = (c.made.primary.lowerBound + c.base)..<(c.made.primary.upperBound + c.base)
      finding.range = view.originalRange(work.draft.viewRange(primary))
      result.append(finding)
    }
    return result
  }

  /// Where an edit changed the wording and what it changed of the components.
  struct Change {
    /// Length of the unchanged start, end of the changed part in the old wording, and the length change.
    var a: Int
    var oldEnd: Int
    var delta: Int
    /// New offsets holding every component done again (old and new) and the changed grams.
    var stretch: Range<Int>

    /// An old offset in new offsets (inside the changed part: its start).
    func map(_ x: Int) -> Int { x <= a ? x : (x >= oldEnd ? x + delta : a) }
  }

  /// Updates the components for the new wording; nil when the wording did not change.
  private func updateComponents(_ work: CorpusReuseCheck.Work, old: [Unicode.Scalar], new: [Unicode.Scalar]) -> Change?
  {
    // Worked on as a local: every access to the stored array of a class instance retains and releases it.
    var components = self.components
    self.components = []
    defer { self.components = components }
    let n0 = old.count
    let n1 = new.count
    var a = 0
    while a < n0 && a < n1 && old[a] == new[a] { a += 1 }
    var b = 0
    while b < n0 - a && b < n1 - a && old[n0 - 1 - b] == new[n1 - 1 - b] { b += 1 }
    if a == n0 && a == n1 { return nil }
    let k = work.k
    let delta = n1 - n0
    let separation = CorpusReuseCheck.Component.separation
    // Grams of the old wording that changed start in (a - k, n0 - b); the new ones in (a - k, n1 - b).
    let zone = (a - k + 1 - separation)..<(max(a, n0 - b) + separation)
    var change = Change(a: a, oldEnd: n0 - b, delta: delta, stretch: 0..<0)
    change.stretch = zone.lowerBound..<change.map(zone.upperBound)
    // Components near the edit give up their hits that did not change; the others stay, moved if after it.
    var redo: [Int32: [(draft: Int32, entry: Int32)]] = [:]
    // Stored fields only in this loop over every component: a computed property (`span`) read from an
    // element copied it, retaining its arrays.
    var removed: [Int] = []
    for i in components.indices {
      let base = components[i].base
      if base + components[i].length <= zone.lowerBound { continue }
      if base >= zone.upperBound {
        components[i].base = base + delta
        continue
      }
      let c = components[i]
      let span = c.span
      removed.append(i)
      var hits = redo[c.document] ?? []
      for h in c.hits {
        let d = Int(h.draft) + c.base
        if d + k <= a {
          hits.append((Int32(d), h.entry))
        } else if d >= n0 - b {
          hits.append((Int32(d + delta), h.entry))
        }
      }
      redo[c.document] = hits
      change.stretch = change.stretch.hull(change.map(span.lowerBound)..<change.map(span.upperBound))
    }
    Self.remove(removed, from: &components)
    for h in work.lookups(max(0, a - k + 1)..<max(max(0, a - k + 1), min(n1 - b, n1 - k + 1))) {
      redo[h.document, default: []].append((h.draft, h.entry))
    }
    guard !redo.isEmpty else { return change }
    // The kept components of the documents done again, for the separation check.
    var others: [Int32: [Int]] = [:]
    var isRedone = [Bool](repeating: false, count: work.context.corpus.documents.count)
    for d in redo.keys where Int(d) < isRedone.count { isRedone[Int(d)] = true }
    for i in components.indices {
      let d = Int(components[i].document)
      if d < isRedone.count, isRedone[d] { others[components[i].document, default: []].append(i) }
    }
    var dropped: [Int] = []
    var added: [CorpusReuseCheck.Component] = []
    for (document, affected) in redo {
      let hits = affected.sorted { ($0.draft, $0.entry) < ($1.draft, $1.entry) }
      let near = others[document] ?? []
      let remade = work.components(document: Int(document), hits)
      let apart = remade.allSatisfy { r in
        near.allSatisfy { o in
          let span = components[o].span
          return max(r.span.lowerBound, span.lowerBound) - min(r.span.upperBound, span.upperBound) >= separation
        }
      }
      if apart {
        added += remade
      } else {
        let all = (near.flatMap { components[$0].absoluteHits } + hits).sorted {
          ($0.draft, $0.entry) < ($1.draft, $1.entry)
        }
        dropped += near
        added += work.components(document: Int(document), all)
      }
    }
    for i in dropped { change.stretch = change.stretch.hull(components[i].span) }
    Self.remove(dropped, from: &components)
    for c in added { change.stretch = change.stretch.hull(c.span) }
    components += added
    return change
  }

  /// Removes the components at `indices` (distinct), each replaced by the last: the cost is that of the few
  /// removed, where `removeAll(where:)` moved every component after the first removed one, retaining and
  /// releasing its arrays (a draft of corpus text has tens of thousands of components; an edit removes a
  /// handful). Their order does not matter: clusters sort passages in a total order.
  static func remove(_ indices: [Int], from components: inout [CorpusReuseCheck.Component]) {
    // From the highest: the last element is then never one still to be removed.
    for i in indices.sorted(by: >) {
      let last = components.count - 1
      if i != last { components.swapAt(i, last) }
      components.removeLast()
    }
  }
}

extension Range where Bound == Int {
  /// The smallest range holding both.
  func hull(_ other: Range<Int>) -> Range<Int> {
    Swift.min(lowerBound, other.lowerBound)..<Swift.max(upperBound, other.upperBound)
  }
}
