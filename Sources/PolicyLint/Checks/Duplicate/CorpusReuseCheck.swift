import Foundation
import PolicyText

/// `duplicate/reuse`: stretches of the draft reproduced verbatim or nearly from a corpus document, so the
/// writer knows what was copied and from where.
///
/// Every gram of the draft's wording is looked up in the corpus `FingerprintIndex` (one hash lookup per
/// character; no document is scanned). Hits in one document on nearly the same diagonal (document offset
/// minus draft offset) are chained, which tolerates dropped, added or swapped characters; with the
/// document's text at hand a chain is then extended character by character to its exact ends, stepping
/// over small differences. Chains close together in both texts merge into one passage, and passages that
/// several documents carry are reported once, citing the document closest in wording, then the
/// highest-ranked, then the earliest. The draft's own corpus document is never evidence, and a document
/// dated after the draft cannot be its source.
public struct CorpusReuseCheck: Check {
  /// Shortest reported passage, in wording characters.
  static let minLength = CheckOption(
    key: "reuseMinLength", defaultValue: 30,
    summary: "shortest passage, in characters of wording (punctuation not counted), that duplicate/reuse reports")

  /// Grams found more often than this in the corpus are boilerplate; they add cost, not evidence.
  static let maxPostings = 64
  /// How far (in wording characters) the diagonal of a chain may drift: dropped or added characters.
  static let maxDrift = 6
  /// Largest gap in the draft between two hits of one chain (a changed character hides `gramLength` grams).
  static let maxChainGap = 32
  /// Largest gap, in either text, between two chains merged into one passage (a dropped or added clause).
  static let maxPassageGap = 40
  /// Characters that must agree after a skipped difference before an extension steps over it.
  static let resyncLength = 6

  public static let description = CheckDescription(
    code: "duplicate/reuse",
    name: "Passage reused from the corpus",
    defaultSeverity: .information,
    rationale: "成段沿用语料原文（逐字或基本逐字），提示出处与日期，便于核对引文、避免照抄旧稿；最短长度可由 reuseMinLength 设定。",
    options: [minLength],
    triggering: [
      CheckExample(
        "会议强调，⟦要聚焦解决重点难点问题深入推进我省城乡融合发展，着力写好“四个融合”大文章⟧。其他内容另行部署。",
        corpus: [
          ExampleDocument(
            "全会指出，要聚焦解决重点难点\n问题深入推进我省城乡融合发展，着\n力写好“四个融合”大文章。要着眼解决流通不畅问题促进要素融合。",
            date: "2023-11-20")
        ]),
      CheckExample(
        "总体要求。\n⟦推进城乡融合发展涉及面广、政策性强、社会关注度高，是一项复杂系统工程，必须加强组织领导，"
          + "要建立省负总责、部门协同配合、市县抓落实的工作格局⟧。\n以上意见请研究。",
        corpus: [
          ExampleDocument(
            "全会指出，推进城乡融合发展涉及面广、政策性强、社会关注度高，是一项复杂的系统工程，必须加强组织领导。"
              + "要建立省负总责、部门协同配合、市县抓落实的工作格局，强化市县党委、政府主体责任。",
            date: "2023-11-20", rank: 10),
          ExampleDocument(
            "转载：推进城乡融合发展涉及面广、政策性强、社会关注度高，是一项复杂的系统工程，必须加强组织领导。"
              + "要建立省负总责、部门协同配合、市县抓落实的工作格局，强化市县党委、政府主体责任。",
            date: "2023-11-21", rank: 1),
        ]),
    ],
    nonTriggering: [
      CheckExample(
        "各单位要坚持以习近平新时代中国特色社会主义思想为指导，结合实际抓好落实。",
        corpus: [ExampleDocument("全会坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。")]),
      CheckExample(
        "要着眼解决城乡差距问题促进收入融合，要着眼解决服务短板问题促进公共服务融合。",
        corpus: [
          ExampleDocument("要着眼解决流通不畅问题促进要素融合，要着眼解决联动不足问题促进产业融合。")
        ]),
    ])

  public init() {}

  /// A fingerprint of a corpus document found at a draft wording offset.
  struct Hit {
    var draft: Int
    var posting: FingerprintIndex.Posting
  }

  /// Hits of one document on nearly one diagonal.
  struct Chain {
    var firstDraft: Int
    var lastDraft: Int
    var first: FingerprintIndex.Posting
    var last: FingerprintIndex.Posting
    var diagonal: Int { last.contentOffset - lastDraft }
  }

  /// A stretch of the draft matched in one document. Offsets are wording offsets; `docView` is set when the
  /// document has text.
  struct Passage: Equatable {
    var document: Int
    var draft: Range<Int>
    var docContent: Range<Int>
    var docView: Range<Int>?
    var docOriginal: Range<Int>
    var matched: Int
    /// Whether the wording is the same on both sides, found while the document's view is at hand
    /// (`compared`), so that ranking verbatim sources reads no view again (a bounded `DocumentPartPool` may
    /// have let it go). False without a view.
    var exact = false
  }

  public func run(_ context: CheckContext) -> [Finding] {
    let index = context.corpus.fingerprints
    guard !index.isEmpty else { return [] }
    let k = index.gramLength
    let minLength = max(k, Int(context.threshold(Self.minLength).rounded()))
    let draftContent = ContentText(context.draft.view)
    guard draftContent.count >= minLength else { return [] }
    let work = Work(context: context, index: index, k: k, minLength: minLength, draft: draftContent)
    guard let memo = context.memo?.object(Self.description.code, make: { ReuseMemo() }) else {
      let passages = work.components(of: work.lookups(0..<work.gramCount)).flatMap(\.passages)
      return rankedFindings(for: Self.clusters(passages), context: context, draftContent: draftContent).compactMap {
        $0?.finding
      }
    }
    return memo.lock.withLock { memo.update(work, check: self) }
  }

  /// What one lint needs to look passages up: the draft's wording, the index and which documents may be
  /// sources. Sources must not postdate the draft (a corpus document checked as a draft is dated by the
  /// corpus); whether a document may be a source is decided once per document, not per hit.
  ///
  /// `@unchecked Sendable` is safe: `components` reads only the immutable fields, so documents may be done
  /// concurrently; `eligible`, the one mutable field, is touched only by `lookups`, on the calling thread.
  final class Work: @unchecked Sendable {
    let context: CheckContext
    let index: FingerprintIndex
    let k: Int
    let minLength: Int
    let draft: ContentText
    /// The corpus's documents (read through one stored array, not through the context each time).
    let documents: [CorpusDocument]
    /// Per document: 0 unknown, 1 may be a source, 2 may not.
    private var eligible: [UInt8]

    init(context: CheckContext, index: FingerprintIndex, k: Int, minLength: Int, draft: ContentText) {
      self.context = context
      self.index = index
      self.k = k
      self.minLength = minLength
      self.draft = draft
      documents = context.corpus.documents
      eligible = [UInt8](repeating: 0, count: documents.count)
    }

    /// Number of grams in the draft's wording.
    var gramCount: Int { max(0, draft.count - k + 1) }

    /// The hits of the grams starting at `positions`, as flat triples sorted by document, then draft offset,
    /// then index entry (a dictionary of arrays cost more than the lookups: a draft made of corpus sentences
    /// hits thousands of documents a few times each).
    func lookups(_ positions: Range<Int>) -> [(document: Int32, draft: Int32, entry: Int32)] {
      let documents = context.corpus.documents
      let cutoff = context.draft.date
      var hits: [(document: Int32, draft: Int32, entry: Int32)] = []
      guard !positions.isEmpty else { return hits }
      let hashes = FingerprintIndex.gramHashes(
        Array(draft.scalars[positions.lowerBound..<(positions.upperBound + k - 1)]), gramLength: k)
      for (i, hash) in hashes.enumerated() {
        let entries = index.entries(for: hash)
        guard !entries.isEmpty, entries.count <= CorpusReuseCheck.maxPostings else { continue }
        for e in entries {
          let document = index.document(ofEntry: e)
          guard document < documents.count else { continue }
          if eligible[document] == 0 {
            let ok = context.isEvidence(documentID: document) && documents[document].info.mayPrecede(cutoff)
            eligible[document] = ok ? 1 : 2
          }
          guard eligible[document] == 1 else { continue }
          hits.append((Int32(document), Int32(positions.lowerBound + i), Int32(e)))
        }
      }
      // Hits came in draft order, then entry order: a stable counting sort by document gives the order of
      // sorting by (document, draft, entry) in linear time (a draft of corpus text has a million hits).
      var starts = [Int](repeating: 0, count: documents.count + 1)
      for h in hits { starts[Int(h.document) + 1] += 1 }
      for d in 0..<documents.count { starts[d + 1] += starts[d] }
      var sorted = [(document: Int32, draft: Int32, entry: Int32)](repeating: (0, 0, 0), count: hits.count)
      for h in hits {
        sorted[starts[Int(h.document)]] = h
        starts[Int(h.document)] += 1
      }
      return sorted
    }

    /// The components of every document hit, documents in ascending order. Documents are independent, so
    /// many are done on all cores (a draft made of corpus text hits thousands, and the first lint after a
    /// start from the cache also reads each one's text).
    func components(of hits: [(document: Int32, draft: Int32, entry: Int32)]) -> [Component] {
      var found: [Range<Int>] = []
      var start = 0
      while start < hits.count {
        var end = start
        while end < hits.count && hits[end].document == hits[start].document { end += 1 }
        found.append(start..<end)
        start = end
      }
      let groups = found
      @Sendable func run(_ g: Range<Int>) -> [Component] {
        var result: [Component] = []
        for r in groups[g] {
          result += components(document: Int(hits[r.lowerBound].document), hits[r].map { ($0.draft, $0.entry) })
        }
        return result
      }
      guard groups.count >= 64 else { return run(groups.indices) }
      return concurrentPieces(groups.count, pieces: min(groups.count / 16, 64), run)
    }

    /// One document's passages from its hits (in draft order, then entry order), cut into components:
    /// stretches of the draft at least `separation` characters apart, each depending only on its own hits
    /// and on the draft's wording within its span (see `Component`).
    func components(document: Int, _ hits: [(draft: Int32, entry: Int32)]) -> [Component] {
      guard !hits.isEmpty else { return [] }
      let group = hits.map { Hit(draft: Int($0.draft), posting: index.posting(Int($0.entry))) }
      // The id and compact view only: copying the document would retain every string of its facts.
      let documentID = documents[document].info.id
      let view = documents[document].compactView
      let check = CorpusReuseCheck()
      var located: [Passage] = []
      var active: [Int] = []  // located passages that still reach the current chain (chains come in draft order)
      for chain in CorpusReuseCheck.chains(group) {
        active.removeAll { located[$0].draft.upperBound <= chain.firstDraft }
        // A chain inside a passage already extended over it adds nothing; skipping it keeps extension linear.
        let inside = active.contains {
          located[$0].draft.contains(chain.firstDraft) && located[$0].draft.upperBound >= chain.lastDraft + k
            && located[$0].docContent.contains(chain.first.contentOffset)
        }
        if !inside, let passage = check.locate(chain, k: k, draft: draft, documentID: documentID, view: view) {
          located.append(passage)
          active.append(located.count - 1)
        }
      }
      // Pieces shorter than two grams are coincidences (a shared date, a stock phrase); only longer ones
      // may be joined into a passage.
      let passages = CorpusReuseCheck.merge(located.filter { $0.draft.count >= 2 * k }).filter {
        $0.draft.count >= minLength
      }.map { check.compared($0, draftContent: draft, view: view) }
      // Spans: every hit's gram and every located piece with the characters its extension read beyond it.
      var spans = hits.map { Int($0.draft)..<(Int($0.draft) + k) }
      let margin = Component.readMargin
      spans += located.map { ($0.draft.lowerBound - margin)..<($0.draft.upperBound + margin) }
      spans.sort { $0.lowerBound < $1.lowerBound }
      var joined: [Range<Int>] = []
      for s in spans {
        if let last = joined.last, s.lowerBound < last.upperBound + Component.separation {
          joined[joined.count - 1] = last.lowerBound..<max(last.upperBound, s.upperBound)
        } else {
          joined.append(s)
        }
      }
      var result = joined.map {
        Component(document: Int32(document), base: $0.lowerBound, length: $0.count, hits: [], relativePassages: [])
      }
      func slot(_ at: Int) -> Int { max(0, joined.partitionPoint { $0.lowerBound <= at } - 1) }
      for h in hits {
        let c = slot(Int(h.draft))
        result[c].hits.append((h.draft - Int32(joined[c].lowerBound), h.entry))
      }
      for p in passages {
        let c = slot(p.draft.lowerBound)
        var q = p
        q.draft = (p.draft.lowerBound - joined[c].lowerBound)..<(p.draft.upperBound - joined[c].lowerBound)
        result[c].relativePassages.append(q)
      }
      return result
    }
  }

  /// One document's work on one stretch of the draft: its hits there and the passages they make.
  ///
  /// Why components: chains join hits at most `maxChainGap` apart, extension reads at most `readMargin`
  /// characters past what it matched, and passages merge at most `maxPassageGap` apart, so hits and pieces
  /// of one document that are `separation` characters apart never meet. An edit therefore changes only the
  /// components within `separation` of it; the others are kept, moved with the text after the edit.
  /// Draft offsets inside a component are relative to `base`, so moving one is a single addition.
  struct Component {
    /// Characters an extension may read beyond the range it matched (a skip of two, then `resyncLength`).
    static let readMargin = 10
    /// Components of one document are at least this far apart (more than `maxChainGap` and `maxPassageGap`).
    static let separation = 48

    var document: Int32
    /// Draft wording offset the component's other offsets count from (the start of its span).
    var base: Int
    /// Length of the span covering the component's hits and what its extensions read.
    var length: Int
    /// Relative draft offset and index entry of each hit, in draft order then entry order.
    var hits: [(draft: Int32, entry: Int32)]
    /// Passages with draft ranges relative to `base`.
    var relativePassages: [Passage]

    /// The span in draft wording offsets.
    var span: Range<Int> { base..<(base + length) }

    /// The hits with draft offsets.
    var absoluteHits: [(draft: Int32, entry: Int32)] { hits.map { ($0.draft + Int32(base), $0.entry) } }

    /// The passages with draft offsets.
    var passages: [Passage] {
      relativePassages.map { p in
        var q = p
        q.draft = (p.draft.lowerBound + base)..<(p.draft.upperBound + base)
        return q
      }
    }
  }

  // MARK: - Chaining and merging

  /// Groups one document's hits (in draft order) into chains of nearly constant diagonal.
  static func chains(_ hits: [Hit]) -> [Chain] {
    var chains: [Chain] = []
    var byDiagonal = DiagonalTable(capacity: hits.count)
    for hit in hits {
      let diagonal = hit.posting.contentOffset - hit.draft
      var best: Int?
      var bestDrift = Int.max
      for d in (diagonal - maxDrift)...(diagonal + maxDrift) {
        guard let c = byDiagonal[d] else { continue }
        let chain = chains[c]
        let drift = abs(chain.diagonal - diagonal)
        guard drift <= maxDrift, chain.lastDraft < hit.draft, hit.draft - chain.lastDraft <= maxChainGap,
          hit.posting.contentOffset > chain.last.contentOffset
        else { continue }
        if drift < bestDrift || (drift == bestDrift && chain.lastDraft > chains[best ?? c].lastDraft) {
          best = c
          bestDrift = drift
        }
      }
      if let c = best {
        chains[c].lastDraft = hit.draft
        chains[c].last = hit.posting
        byDiagonal[diagonal] = c
      } else {
        chains.append(Chain(firstDraft: hit.draft, lastDraft: hit.draft, first: hit.posting, last: hit.posting))
        byDiagonal[diagonal] = chains.count - 1
      }
    }
    return chains
  }

  /// The chain last seen on each diagonal: an open-addressing table sized for one document's hits (a
  /// `Dictionary` hashed each of the 13 diagonals probed per hit with SipHash, 7% of the reuse check, for the
  /// few hits most documents have).
  struct DiagonalTable {
    private var keys: [Int]
    private var values: [Int]
    private let mask: Int
    /// No diagonal: wording offsets are far smaller in magnitude.
    private static let empty = Int.min

    init(capacity: Int) {
      var size = 16
      while size < 2 * capacity { size <<= 1 }
      mask = size - 1
      keys = [Int](repeating: Self.empty, count: size)
      values = [Int](repeating: 0, count: size)
    }

    @inline(__always)
    private func slot(_ key: Int) -> Int {
      var i = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
      while keys[i] != Self.empty && keys[i] != key { i = (i + 1) & mask }
      return i
    }

    subscript(key: Int) -> Int? {
      get {
        let i = slot(key)
        return keys[i] == key ? values[i] : nil
      }
      set {
        // Only set, never removed: at most one key a hit, and the table has room for twice that.
        guard let newValue else { return }
        let i = slot(key)
        keys[i] = key
        values[i] = newValue
      }
    }
  }

  /// Places a chain in both texts; with the document's text, extends it to where the texts really part.
  func locate(_ chain: Chain, k: Int, draft: ContentText, documentID: Int, view: CompactView?) -> Passage? {
    var draftRange = chain.firstDraft..<(chain.lastDraft + k)
    var docContent = chain.first.contentOffset..<(chain.last.contentOffset + k)
    guard let view else {
      // No text (the reference pack): the grams' original ranges place the passage to within a window.
      guard let first = chain.first.originalRange, let last = chain.last.originalRange else { return nil }
      return Passage(
        document: documentID, draft: draftRange, docContent: docContent, docView: nil,
        docOriginal: first.lowerBound..<max(first.lowerBound, last.upperBound), matched: draftRange.count)
    }
    // Where the chain's grams start in the view (nil for offsets of a damaged index past the text).
    guard let firstView = view.viewIndex(ofWording: chain.first.contentOffset),
      let lastView = view.viewIndex(ofWording: chain.last.contentOffset)
    else { return nil }
    let docText = DocumentCursor(view: view)
    // The view index just past the chain's last gram.
    var end = lastView
    var counted = 0
    while end < view.count && counted < k {
      if view.isWording(at: end) { counted += 1 }
      end += 1
    }
    let right = Self.extend(
      draft: draft.scalars, from: draftRange.upperBound, step: 1, doc: docText, fromView: end)
    let left = Self.extend(
      draft: draft.scalars, from: draftRange.lowerBound - 1, step: -1, doc: docText, fromView: firstView - 1)
    draftRange = (draftRange.lowerBound - left.draft)..<(draftRange.upperBound + right.draft)
    docContent = (docContent.lowerBound - left.doc)..<(docContent.upperBound + right.doc)
    let viewRange = (left.view + 1)..<right.view
    return Passage(
      document: documentID, draft: draftRange, docContent: docContent, docView: viewRange,
      docOriginal: view.originalRange(viewRange), matched: draftRange.count)
  }

  /// Walks a document's view over its wording only.
  struct DocumentCursor {
    let view: CompactView
    /// The next wording character at or beyond `i` in direction `step`, or nil at the end.
    @inline(__always)
    func wording(from i: Int, step: Int) -> Int? {
      var j = i
      while j >= 0 && j < view.count {
        if view.isWording(at: j) { return j }  // `ContentText.isContent`, read from the unit
        j += step
      }
      return nil
    }
    @inline(__always)
    func scalar(_ i: Int) -> Unicode.Scalar { ContentText.normalized(view[i]) }
  }

  /// Extends a match from draft wording offset `from` and document view index `fromView` in direction
  /// `step`, stepping over a difference of up to two characters on either side when the next
  /// `resyncLength` characters agree again (or all that is left of the draft, if at least two). Returns how many wording characters were added on each side and
  /// the view index just beyond the last matched document character (before it, for `step == -1`).
  static func extend(
    draft: [Unicode.Scalar], from: Int, step: Int, doc: DocumentCursor, fromView: Int
  ) -> (draft: Int, doc: Int, view: Int) {
    var d = from
    var v = doc.wording(from: fromView, step: step)
    var addedDraft = 0
    var addedDoc = 0
    var boundary = fromView  // the view index beyond the last matched character, in direction `step`
    /// Whether `n` characters agree from draft `d0` and view `v0`, and the view index after them.
    func agree(_ d0: Int, _ v0: Int?, _ n: Int) -> Bool {
      var dd = d0
      var vv = v0
      for _ in 0..<n {
        guard dd >= 0, dd < draft.count, let vi = vv, doc.scalar(vi) == draft[dd] else { return false }
        dd += step
        vv = doc.wording(from: vi + step, step: step)
      }
      return true
    }
    func skip(_ v0: Int?, _ n: Int) -> Int? {
      var vv = v0
      for _ in 0..<n {
        guard let vi = vv else { return nil }
        vv = doc.wording(from: vi + step, step: step)
      }
      return vv
    }
    while d >= 0 && d < draft.count, let vi = v {
      if doc.scalar(vi) == draft[d] {
        d += step
        addedDraft += 1
        addedDoc += 1
        boundary = vi + step
        v = doc.wording(from: vi + step, step: step)
        continue
      }
      var resumed = false
      for (sd, sv) in [(1, 1), (1, 0), (0, 1), (2, 2), (2, 0), (0, 2)] {
        let nd = d + sd * step
        let nv = skip(v, sv)
        let left = step == 1 ? draft.count - nd : nd + 1
        let needed = min(resyncLength, left)
        if needed >= 2 && agree(nd, nv, needed) {
          d = nd
          v = nv
          addedDraft += sd
          addedDoc += sv
          resumed = true
          break
        }
      }
      if !resumed { break }
    }
    return (addedDraft, addedDoc, boundary)
  }

  /// Merges one document's passages that follow each other closely in both texts (a passage continues the
  /// open passage it follows within `maxPassageGap` characters in the draft and in the document).
  static func merge(_ located: [Passage]) -> [Passage] {
    let sorted = located.sorted { ($0.draft.lowerBound, $0.docContent.lowerBound) < ($1.draft.lowerBound, $1.docContent.lowerBound) }
    var result: [Passage] = []
    var open: [Int] = []  // indices in `result` that a later passage may still continue
    for p in sorted {
      open.removeAll { result[$0].draft.upperBound + maxPassageGap < p.draft.lowerBound }
      let target = open.filter { i in
        let last = result[i]
        return p.draft.upperBound > last.draft.upperBound
          && p.docContent.lowerBound >= last.docContent.lowerBound
          && p.docContent.upperBound > last.docContent.upperBound
          && p.docContent.lowerBound <= last.docContent.upperBound + maxPassageGap
          && last.docContent.upperBound <= p.docContent.lowerBound + maxPassageGap + p.draft.count
      }.max { result[$0].draft.count < result[$1].draft.count }
      guard let i = target else {
        result.append(p)
        open.append(result.count - 1)
        continue
      }
      var last = result[i]
      let overlap = max(0, last.draft.upperBound - p.draft.lowerBound)
      last.matched += p.draft.count - min(overlap, p.draft.count)
      last.draft = last.draft.lowerBound..<p.draft.upperBound
      last.docContent = last.docContent.lowerBound..<p.docContent.upperBound
      if let a = last.docView, let b = p.docView { last.docView = a.lowerBound..<max(a.upperBound, b.upperBound) }
      last.docOriginal = last.docOriginal.lowerBound..<max(last.docOriginal.upperBound, p.docOriginal.upperBound)
      result[i] = last
    }
    return result
  }

  /// Groups passages (of all documents) that cover mostly the same stretch of the draft.
  static func clusters(_ passages: [Passage]) -> [[Passage]] {
    // A total order, so clusters do not depend on the order passages come in (the memo keeps them in another
    // order than a fresh lint makes them): position and length, then the document and where in it.
    // The key's fields packed into three words, and the passages' places sorted by them: sorting the
    // passages themselves moved 100-byte values and compared five-element tuples.
    typealias Key = (UInt64, UInt64, UInt64, Int32)
    func packed(_ high: Int, _ low: Int) -> UInt64 {
      UInt64(UInt32(truncatingIfNeeded: high)) << 32 | UInt64(UInt32(truncatingIfNeeded: low))
    }
    let keys: [Key] = passages.enumerated().map { i, p in
      (
        packed(p.draft.lowerBound, Int(UInt32.max) - p.draft.count), packed(p.document, p.docContent.lowerBound),
        UInt64(UInt32(truncatingIfNeeded: p.docContent.upperBound)), Int32(i)
      )
    }
    // Wording offsets, lengths and document ids are non-negative and below 2^31: packing keeps the order.
    let order = keys.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map { Int($0.3) }
    var result: [[Passage]] = []
    var span = 0..<0
    for p in order.lazy.map({ passages[$0] }) {
      let overlap = max(0, min(span.upperBound, p.draft.upperBound) - max(span.lowerBound, p.draft.lowerBound))
      if !result.isEmpty && overlap * 2 >= min(p.draft.count, span.count) {
        result[result.count - 1].append(p)
        span = span.lowerBound..<max(span.upperBound, p.draft.upperBound)
      } else {
        result.append([p])
        span = p.draft
      }
    }
    return result
  }

  // MARK: - Reporting

  /// `rankedFinding` of each cluster, in order; many clusters are done on all cores (each compares its
  /// sources and reads the cited ones' texts: on a first lint this was a serial tail while the other checks
  /// had finished).
  func rankedFindings(for clusters: [[Passage]], context: CheckContext, draftContent: ContentText)
    -> [(finding: Finding, primary: Range<Int>)?]
  {
    guard clusters.count >= 32 else {
      return clusters.map { rankedFinding(for: $0, context: context, draftContent: draftContent) }
    }
    let pieces = min(clusters.count / 8, 4 * ProcessInfo.processInfo.activeProcessorCount)
    return concurrentPieces(clusters.count, pieces: pieces) { range in
      clusters[range].map { rankedFinding(for: $0, context: context, draftContent: draftContent) }
    }
  }

  /// The finding for a cluster and the draft wording range of the passage it cites.
  func rankedFinding(for cluster: [Passage], context: CheckContext, draftContent: ContentText)
    -> (finding: Finding, primary: Range<Int>)?
  {
    let documents = context.corpus.documents
    // Keep each document's longest passage; sources covering nearly the longest stretch compete on rank
    // (an original over its reprint), then date (the earliest said it first).
    var best: [Int: Passage] = [:]
    for p in cluster where p.draft.count > (best[p.document]?.draft.count ?? 0) { best[p.document] = p }
    let longest = best.values.map(\.draft.count).max() ?? 0
    let k = context.corpus.fingerprints.gramLength
    // Only sources covering nearly the longest stretch are ever cited, so only they are compared.
    let full = best.values.filter { $0.draft.count * 5 >= longest * 4 }
    var similarity: [Int: Double] = [:]
    // Sources of one cluster mostly cover the same draft range: its grams are hashed once.
    var draftGrams: [Range<Int>: [UInt32]] = [:]
    for p in full {
      // A verbatim copy has every draft gram; only the others' views are read again.
      if p.exact && p.draft.count >= k {
        similarity[p.document] = 1
        continue
      }
      let grams =
        draftGrams[p.draft] ?? FingerprintIndex.gramHashes(Array(draftContent.scalars[p.draft]), gramLength: k)
      draftGrams[p.draft] = grams
      similarity[p.document] = self.similarity(p, view: documents[p.document].compactView, k: k, draftGrams: grams)
    }
    // A document that carries the passage as written beats one that merely resembles it (the same sentence
    // of another meeting, with other figures); sources within 0.02 of the closest one of their tier count as
    // equally close. Tiers make this a true ordering: comparing similarities pair by pair with a tolerance
    // is not transitive, and then the cited source depended on dictionary order, which changes from run
    // to run.
    var tier: [Int: Int] = [:]
    var current = -1
    var top = 0.0
    let closestFirst = full.sorted {
      (similarity[$0.document] ?? -1, -$0.document) > (similarity[$1.document] ?? -1, -$1.document)
    }
    for p in closestFirst {
      let s = similarity[p.document] ?? -1
      if current < 0 || top - s > 0.02 {
        current += 1
        top = s
      }
      tier[p.document] = current
    }
    // Sort keys are read once per source: reading `documents[i].info` inside the comparison copied the
    // document's strings on every comparison.
    let keyed = full.map { p -> (p: Passage, tier: Int, rank: Int, date: SimpleDate) in
      let info = documents[p.document].info
      return (p, tier[p.document] ?? 0, info.rank, info.date)
    }
    let ranked = keyed.sorted { a, b in
      if a.tier != b.tier { return a.tier < b.tier }
      if a.rank != b.rank { return a.rank > b.rank }
      if a.date != b.date { return a.date < b.date }
      if a.p.draft.count != b.p.draft.count { return a.p.draft.count > b.p.draft.count }
      return a.p.document < b.p.document
    }.map(\.p)
    guard let primary = ranked.first else { return nil }
    let view = context.draft.view
    let range = view.originalRange(draftContent.viewRange(primary.draft))
    let citation = documents[primary.document].citation(at: primary.docOriginal.lowerBound)
    let exact = primary.exact
    var related = [evidence(primary, documents[primary.document], label: "来源")]
    for other in ranked.dropFirst().prefix(3) {
      related.append(evidence(other, documents[other.document], label: "亦见"))
    }
    var detail: String?
    if let docView = primary.docView, let docText = documents[primary.document].text {
      let docRange = documents[primary.document].compactView?.originalRange(docView) ?? primary.docOriginal
      let quoted = docText.string(docRange)
      let scalars = Array(quoted.unicodeScalars.filter { !ScalarClass.isNewline($0) })
      let shown = scalars.count > 160 ? String(scalarSlice: scalars[0..<150]) + "……" : String(scalarSlice: scalars)
      detail = "\(citation)原文：\n\n> \(shown)"
    }
    let sameness = exact ? "相同" : "基本相同"
    let finding = Finding(
      code: Self.description.code, severity: Self.description.defaultSeverity, range: range,
      message: "此段（\(primary.draft.count)字）与\(citation)的原文\(sameness)，系沿用语料；如为引用请核对出处，如需原创请改写。",
      related: related, detail: detail)
    return (finding, primary.draft)
  }

  func evidence(_ p: Passage, _ doc: CorpusDocument, label: String) -> Evidence {
    if let text = doc.text {
      let line = text.lines.line(containing: p.docOriginal.lowerBound) + 1
      return Evidence(
        location: .corpus(document: doc.id, range: p.docOriginal),
        message: "\(label)：\(doc.citation(at: p.docOriginal.lowerBound))第\(line)行起")
    }
    return Evidence(
      location: .document(doc.id),
      message: "\(label)：\(doc.info.citation)（内置参考资料，约第\(p.docOriginal.lowerBound + 1)字起）")
  }

  /// `p` with `Passage.exact` filled in from the document's view; `p` unchanged without a view.
  func compared(_ p: Passage, draftContent: ContentText, view: CompactView?) -> Passage {
    guard let view else { return p }
    var q = p
    q.exact = isExact(p, draftContent: draftContent, view: view)
    return q
  }

  /// The share of the passage's draft grams (`draftGrams`, the gram hashes of its draft wording) that occur
  /// in the document's side of it (only known with the text): 1 for a verbatim copy, lower for every changed
  /// character. (The caller knows verbatim copies already, `Passage.exact`, and asks only for the others.)
  func similarity(_ p: Passage, view: CompactView?, k: Int, draftGrams: [UInt32]) -> Double? {
    guard let view, let docView = p.docView, p.draft.count >= k else { return nil }
    let docGrams = FingerprintIndex.gramHashes(ContentText(view, range: docView).scalars, gramLength: k).sorted()
    let shared = draftGrams.reduce(0) { n, g in
      let lo = docGrams.partitionPoint { $0 < g }
      return lo < docGrams.count && docGrams[lo] == g ? n + 1 : n
    }
    return Double(shared) / Double(draftGrams.count)
  }

  /// Whether the draft's wording equals the document's over the passage (only known with the text).
  /// (Read in place: every passage of every document a draft hits is compared.)
  func isExact(_ p: Passage, draftContent: ContentText, view: CompactView) -> Bool {
    guard let docView = p.docView else { return false }
    let draft = draftContent.scalars
    var d = p.draft.lowerBound
    for i in docView {
      let s = view[i]
      guard ContentText.isContent(s) else { continue }
      guard d < p.draft.upperBound, ContentText.normalized(s) == draft[d] else { return false }
      d += 1
    }
    return d == p.draft.upperBound
  }
}
