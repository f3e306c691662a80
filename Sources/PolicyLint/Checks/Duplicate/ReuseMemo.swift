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
  private var byDocument: [Int32: [CorpusReuseCheck.Component]] = [:]
  private var findings: [ClusterKey: (primary: Range<Int>, finding: Finding?)] = [:]

  /// A passage relative to the start of its cluster.
  struct PassageKey: Hashable {
    var document: Int
    var draft: Range<Int>
    var docContent: Range<Int>
    var docView: Range<Int>?
    var docOriginal: Range<Int>
    var matched: Int
  }

  /// A cluster of passages and the wording they cover.
  struct ClusterKey: Hashable {
    var passages: [PassageKey]
    var wording: [Unicode.Scalar]
  }

  /// The check's findings for `work`'s draft, reusing what the previous draft's lint found away from the
  /// edit. Call with `lock` held.
  func update(_ work: CorpusReuseCheck.Work, check: CorpusReuseCheck) -> [Finding] {
    let new = work.draft.scalars
    if let old = wording {
      updateComponents(work, old: old, new: new)
    } else {
      byDocument = [:]
      for c in work.components(of: work.lookups(0..<work.gramCount)) { byDocument[c.document, default: []].append(c) }
    }
    wording = new
    let passages = byDocument.keys.sorted().flatMap { (byDocument[$0] ?? []).flatMap(\.passages) }
    let context = work.context
    let view = context.draft.view
    var kept: [ClusterKey: (primary: Range<Int>, finding: Finding?)] = [:]
    var result: [Finding] = []
    for cluster in CorpusReuseCheck.clusters(passages) {
      let lo = cluster.map(\.draft.lowerBound).min() ?? 0
      let hi = cluster.map(\.draft.upperBound).max() ?? lo
      let key = ClusterKey(
        passages: cluster.map {
          PassageKey(
            document: $0.document, draft: ($0.draft.lowerBound - lo)..<($0.draft.upperBound - lo),
            docContent: $0.docContent, docView: $0.docView, docOriginal: $0.docOriginal, matched: $0.matched)
        },
        wording: Array(new[lo..<hi]))
      let made: (primary: Range<Int>, finding: Finding?)
      if let known = findings[key] {
        made = known
      } else if let (finding, primary) = check.rankedFinding(for: cluster, context: context, draftContent: work.draft) {
        made = ((primary.lowerBound - lo)..<(primary.upperBound - lo), finding)
      } else {
        made = (0..<0, nil)
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
    var kept: [Int32: [CorpusReuseCheck.Component]] = [:]
    var redo: [Int32: [(draft: Int32, entry: Int32)]] = [:]
    for (document, components) in byDocument {
      for c in components {
        if c.span.upperBound <= zone.lowerBound {
          kept[document, default: []].append(c)
        } else if c.span.lowerBound >= zone.upperBound {
          kept[document, default: []].append(c.shifted(by: delta))
        } else {
          var hits = redo[document] ?? []
          for h in c.hits {
            let d = Int(h.draft)
            if d + k <= a {
              hits.append(h)
            } else if d >= n0 - b {
              hits.append((Int32(d + delta), h.entry))
            }
          }
          redo[document] = hits
        }
      }
    }
    let fresh = work.lookups(max(0, a - k + 1)..<max(max(0, a - k + 1), min(n1 - b, n1 - k + 1)))
    for h in fresh { redo[h.document, default: []].append((h.draft, h.entry)) }
    for (document, affected) in redo {
      let hits = affected.sorted { ($0.draft, $0.entry) < ($1.draft, $1.entry) }
      let others = kept[document] ?? []
      let remade = work.components(document: Int(document), hits)
      let apart = remade.allSatisfy { r in
        others.allSatisfy { o in
          max(r.span.lowerBound, o.span.lowerBound) - min(r.span.upperBound, o.span.upperBound) >= separation
        }
      }
      if apart {
        kept[document] = (others + remade).sorted { $0.span.lowerBound < $1.span.lowerBound }
      } else {
        let all = (others.flatMap(\.hits) + hits).sorted { ($0.draft, $0.entry) < ($1.draft, $1.entry) }
        kept[document] = work.components(document: Int(document), all)
      }
    }
    byDocument = kept.filter { !$0.value.isEmpty }
  }
}
