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
/// - a cluster's finding depends only on its passages and the wording they cover, which key the kept
///   findings; only the finding's draft range is mapped through the new view.
///
/// `@unchecked Sendable` is safe: every field is read and written with `lock` held.
final class ReuseMemo: @unchecked Sendable {
  let lock = NSLock()
  private var wording: [Unicode.Scalar]?
  private var components: [CorpusReuseCheck.Component] = []
  private var findings: [ClusterKey: Made] = [:]

  /// A cluster's finding (nil when it makes none) and the cited passage's range relative to the cluster.
  struct Made {
    var primary: Range<Int>
    var finding: Finding?
  }

  /// A passage relative to the start of its cluster.
  struct PassageKey: Equatable {
    var document: Int
    var draft: Range<Int>
    var docContent: Range<Int>
    var docView: Range<Int>?
    var docOriginal: Range<Int>
    var matched: Int
  }

  /// A cluster of passages and the wording they cover. Hashing uses a digest made from a rolling hash of
  /// the wording (hashing every character through `Hasher` on every lint cost more than the lookups);
  /// equality compares everything.
  struct ClusterKey: Hashable {
    var digest: UInt64
    var passages: [PassageKey]
    var wording: ArraySlice<Unicode.Scalar>

    static func == (a: ClusterKey, b: ClusterKey) -> Bool {
      a.digest == b.digest && a.passages == b.passages && a.wording.elementsEqual(b.wording)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
  }

  /// Polynomial hashes of every prefix of a text, so the hash of any stretch costs two lookups.
  struct PrefixHashes {
    static let base: UInt64 = 0x0000_0100_0000_01B3
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

  /// The check's findings for `work`'s draft, reusing what the previous draft's lint found away from the
  /// edit. Call with `lock` held.
  func update(_ work: CorpusReuseCheck.Work, check: CorpusReuseCheck) -> [Finding] {
    let new = work.draft.scalars
    if let old = wording {
      updateComponents(work, old: old, new: new)
    } else {
      components = work.components(of: work.lookups(0..<work.gramCount))
    }
    wording = new
    var passages: [CorpusReuseCheck.Passage] = []
    for c in components { passages += c.passages }
    let context = work.context
    let view = context.draft.view
    let hashes = PrefixHashes(new)
    var kept: [ClusterKey: Made] = [:]
    var result: [Finding] = []
    for cluster in CorpusReuseCheck.clusters(passages) {
      let lo = cluster.map(\.draft.lowerBound).min() ?? 0
      let hi = cluster.map(\.draft.upperBound).max() ?? lo
      var digest = hashes.hash(lo..<hi)
      let keys = cluster.map {
        PassageKey(
          document: $0.document, draft: ($0.draft.lowerBound - lo)..<($0.draft.upperBound - lo),
          docContent: $0.docContent, docView: $0.docView, docOriginal: $0.docOriginal, matched: $0.matched)
      }
      for p in keys {
        for v in [p.document, p.draft.lowerBound, p.draft.upperBound, p.docContent.lowerBound, p.matched] {
          digest = (digest ^ UInt64(bitPattern: Int64(v))) &* 0x100_0000_01B3
        }
      }
      let key = ClusterKey(digest: digest, passages: keys, wording: new[lo..<hi])
      let made: Made
      if let known = findings[key] {
        made = known
      } else if let (finding, primary) = check.rankedFinding(for: cluster, context: context, draftContent: work.draft) {
        made = Made(primary: (primary.lowerBound - lo)..<(primary.upperBound - lo), finding: finding)
      } else {
        made = Made(primary: 0..<0, finding: nil)
      }
      kept[key] = made
      guard var finding = made.finding else { continue }
      let primary = (made.primary.lowerBound + lo)..<(made.primary.upperBound + lo)
      finding.range = view.originalRange(work.draft.viewRange(primary))
      result.append(finding)
    }
    findings = kept
    return result
  }

  private func updateComponents(_ work: CorpusReuseCheck.Work, old: [Unicode.Scalar], new: [Unicode.Scalar]) {
    let n0 = old.count
    let n1 = new.count
    var a = 0
    while a < n0 && a < n1 && old[a] == new[a] { a += 1 }
    var b = 0
    while b < n0 - a && b < n1 - a && old[n0 - 1 - b] == new[n1 - 1 - b] { b += 1 }
    if a == n0 && a == n1 { return }
    let k = work.k
    let delta = n1 - n0
    let separation = CorpusReuseCheck.Component.separation
    // Grams of the old wording that changed start in (a - k, n0 - b); the new ones in (a - k, n1 - b).
    let zone = (a - k + 1 - separation)..<(max(a, n0 - b) + separation)
    // Components near the edit give up their hits that did not change; the others stay, moved if after it.
    var redo: [Int32: [(draft: Int32, entry: Int32)]] = [:]
    for i in components.indices {
      let span = components[i].span
      if span.upperBound <= zone.lowerBound { continue }
      if span.lowerBound >= zone.upperBound {
        components[i].base += delta
        continue
      }
      let c = components[i]
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
      components[i].length = -1
    }
    components.removeAll { $0.length < 0 }
    for h in work.lookups(max(0, a - k + 1)..<max(max(0, a - k + 1), min(n1 - b, n1 - k + 1))) {
      redo[h.document, default: []].append((h.draft, h.entry))
    }
    guard !redo.isEmpty else { return }
    // The kept components of the documents done again, for the separation check.
    var others: [Int32: [Int]] = [:]
    for i in components.indices where redo[components[i].document] != nil {
      others[components[i].document, default: []].append(i)
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
        let all = (near.flatMap { components[$0].absoluteHits } + hits).sorted { ($0.draft, $0.entry) < ($1.draft, $1.entry) }
        dropped += near
        added += work.components(document: Int(document), all)
      }
    }
    if !dropped.isEmpty {
      for i in dropped { components[i].length = -1 }
      components.removeAll { $0.length < 0 }
    }
    components += added
  }
}
