import PolicyText

/// What an update of the formulation index takes from the previous build, so that its two costliest
/// searches are redone only where a change reaches, with the result of a build from scratch.
///
/// - **Near copies** (`DisputeFinder.nearCopies`): a sentence's candidates come from the posting lists of
///   its grams (lists longer than `SentenceIndex.commonGram` skipped), ties broken by the lower sentence id.
///   A list changes only for a gram of a changed document's sentences (the old text's or the new one's); a
///   sentence none of whose grams has such a list, counted before or after the change, asks the same lists
///   with the same ids in the same order (ids of unchanged documents keep their order), so its near copies
///   are those it had: the pairs are taken from `FormulationIndex.nearCopyPairs` and only aligned again (to
///   get the alignment back). Every other sentence is searched as a build would.
/// - **Clause independence** (`FormulationMiner.isIndependent`): whether a recurring clause comes from
///   independent documents depends only on the documents using it. A clause neither a changed document's
///   new text nor its old text uses has the verdict it had: a `.phrase` formulation of the previous index,
///   or none. The others are tested.
///
/// Everything else (mining the quotations and clauses, the sentence index, disputes, number contexts) is
/// made again, as a build makes it.
struct FormulationUpdate {
  /// The index of the previous build; it must have `nearCopyPairs`.
  let previous: FormulationIndex
  /// Old id → new id of each document kept unchanged.
  let newID: [Int: Int]
  /// New id → old id of each document kept unchanged.
  let oldID: [Int: Int]
  /// The new ids of documents that are new or changed.
  let changed: Set<Int>
  /// The previous build's documents that are gone or changed (their old texts, under their old ids).
  let gone: [CorpusDocument]

  /// The update of `previous` to `documents`: `previousIDs[i]` is the id `documents[i]` had in the previous
  /// build, nil for a document that is new or changed; `gone` are the previous build's documents not kept.
  /// Nil when the previous index cannot be updated (it has no near-copy pairs: the reference pack's).
  init?(previous: FormulationIndex, documents: [CorpusDocument], previousIDs: [Int?], gone: [CorpusDocument]) {
    guard previous.nearCopyPairs != nil, previousIDs.count == documents.count else { return nil }
    self.previous = previous
    var newID: [Int: Int] = [:]
    var oldID: [Int: Int] = [:]
    var changed = Set<Int>()
    for (d, old) in zip(documents, previousIDs) {
      if let old {
        newID[old] = d.id
        oldID[d.id] = old
      } else {
        changed.insert(d.id)
      }
    }
    self.newID = newID
    self.oldID = oldID
    self.changed = changed
    self.gone = gone
  }

  // MARK: - Near copies

  /// The near copies of every sentence of `index` (as `DisputeFinder.nearCopies` over all of them gives),
  /// searching only the sentences a change may have reached; `pieces` cut the search across the cores.
  func nearCopies(_ index: SentenceIndex, pieces: Int) -> [[(Int, NearVerbatim.Reproduction)]] {
    let places = SentencePlaces(index)
    let searched = reached(index)
    let carried = previousPairs()
    return concurrentPieces(index.count, pieces: pieces) { range in
      range.map { ai in
        if !searched[ai], let kept = carry(ai, index: index, places: places, carried: carried) { return kept }
        return DisputeFinder.nearCopies(of: ai, in: index)
      }
    }
  }

  /// Whether each sentence of `index` must be searched again: it is a changed document's, or shares a gram
  /// whose posting list a change altered and which a search counts before or after the change.
  func reached(_ index: SentenceIndex) -> [Bool] {
    var searched = [Bool](repeating: false, count: index.count)
    var added: [UInt64: Int] = [:]
    for (id, e) in index.entries.enumerated() where changed.contains(e.document) {
      searched[id] = true
      for g in SentenceIndex.distinctGrams(index.content(of: id).scalars) { added[g, default: 0] += 1 }
    }
    var removed: [UInt64: Int] = [:]
    for doc in gone {
      guard let view = doc.view else { continue }
      for run in SentenceIndex.indexedSentences(in: view) {
        for g in SentenceIndex.distinctGrams(run.scalars) { removed[g, default: 0] += 1 }
      }
    }
    let limit = SentenceIndex.commonGram
    for g in Set(added.keys).union(removed.keys) {
      let ids = index.postings.ids(of: g)
      let before = ids.count - added[g, default: 0] + removed[g, default: 0]
      guard ids.count <= limit || before <= limit else { continue }
      for id in ids { searched[Int(id)] = true }
    }
    return searched
  }

  /// The previous pairs by their first sentence's place: where its run of quadruples is in the flat column.
  private func previousPairs() -> [SentencePlace: Range<Int>] {
    guard let flat = previous.nearCopyPairs?.places else { return [:] }
    var runs: [SentencePlace: Range<Int>] = [:]
    var start = 0
    while start + 4 <= flat.count {
      let a = SentencePlace(document: flat[start], ordinal: flat[start + 1])
      var end = start + 4
      while end + 4 <= flat.count && flat[end] == a.document && flat[end + 1] == a.ordinal { end += 4 }
      runs[a] = start..<end
      start = end
    }
    return runs
  }

  /// Sentence `ai`'s near copies taken from the previous build, aligned again; nil when they cannot be
  /// (a place that no longer maps, an alignment that no longer holds: then the sentence is searched).
  private func carry(
    _ ai: Int, index: SentenceIndex, places: SentencePlaces, carried: [SentencePlace: Range<Int>]
  ) -> [(Int, NearVerbatim.Reproduction)]? {
    let place = places.place(of: ai, in: index)
    guard let old = oldID[Int(place.document)] else { return nil }
    guard let run = carried[SentencePlace(document: Int32(truncatingIfNeeded: old), ordinal: place.ordinal)] else {
      return []
    }
    guard let flat = previous.nearCopyPairs?.places else { return nil }
    let a = index.content(of: ai).scalars
    var result: [(Int, NearVerbatim.Reproduction)] = []
    for q in stride(from: run.lowerBound, to: run.upperBound, by: 4) {
      guard let document = newID[Int(flat[q + 2])],
        let bi = places.sentence(document: document, ordinal: Int(flat[q + 3])),
        let reproduction = NearVerbatim.compare(a, index.content(of: bi).scalars)
      else { return nil }
      result.append((bi, reproduction))
    }
    return result
  }

  // MARK: - Clause independence

  /// Canonical hashes (`ClauseTable.canonicalHash`) of the clauses the gone documents used: a clause among
  /// them may have lost a use, so its independence is tested again.
  func goneClauseHashes() -> Set<UInt64> {
    var hashes = Set<UInt64>()
    for doc in gone {
      guard let s = doc.view?.scalars else { continue }
      FormulationMiner.forEachPhraseClause(in: s) { hashes.insert(ClauseTable.canonicalHash(of: $0)) }
    }
    return hashes
  }

  /// The texts of the previous index's recurring clauses (`.phrase`): those found independent.
  func previousPhrases() -> Set<String> {
    Set(previous.formulations.lazy.filter { $0.kind == .phrase }.map(\.text))
  }
}

/// A corpus sentence named so that it survives an update: its document and its rank among that document's
/// indexed sentences (a kept document has the same sentences; its id may move).
struct SentencePlace: Hashable {
  var document: Int32
  var ordinal: Int32
}

/// Where each document's sentences start in a sentence index (they are consecutive, in document order).
struct SentencePlaces {
  /// Document id → (first sentence id, number of sentences).
  private var runs: [Int: (first: Int, count: Int)] = [:]

  init(_ index: SentenceIndex) {
    let entries = index.entries
    var first = 0
    while first < entries.count {
      var end = first + 1
      while end < entries.count && entries[end].document == entries[first].document { end += 1 }
      runs[entries[first].document] = (first, end - first)
      first = end
    }
  }

  /// The place of sentence `id`.
  func place(of id: Int, in index: SentenceIndex) -> SentencePlace {
    let document = index.entries[id].document
    let first = runs[document]?.first ?? id
    return SentencePlace(
      document: Int32(truncatingIfNeeded: document), ordinal: Int32(truncatingIfNeeded: id - first))
  }

  /// The id of the sentence at `ordinal` in `document`, nil past its sentences.
  func sentence(document: Int, ordinal: Int) -> Int? {
    guard let r = runs[document], ordinal >= 0, ordinal < r.count else { return nil }
    return r.first + ordinal
  }
}

extension FormulationIndex {
  /// The near-copy pairs of a build, by sentence place, for the next update (`FormulationUpdate`): flat
  /// (first document, first ordinal, second document, second ordinal) quadruples, first sentences in
  /// sentence-index order and each one's copies in the order the search found them. The corpus cache
  /// keeps them; the reference pack, which is never updated, does not.
  public struct NearCopyPairs: Sendable, Equatable {
    var places: [Int32]

    /// The pairs of `near` (what `DisputeFinder.nearCopies` found for each sentence of `index`).
    init(_ near: [[(Int, NearVerbatim.Reproduction)]], index: SentenceIndex) {
      let locate = SentencePlaces(index)
      var places: [Int32] = []
      for (ai, copies) in near.enumerated() where !copies.isEmpty {
        let a = locate.place(of: ai, in: index)
        for (bi, _) in copies {
          let b = locate.place(of: bi, in: index)
          places += [a.document, a.ordinal, b.document, b.ordinal]
        }
      }
      self.places = places
    }

    init(places: [Int32]) { self.places = places }

    /// Number of pairs.
    public var count: Int { places.count / 4 }
  }
}
