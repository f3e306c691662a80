import PolicyText

/// The corpus sentences as the misquote check looks them up: the `SentenceIndex` a corpus build makes,
/// reduced to flat columns that the corpus cache stores and reads back with one bulk copy each.
///
/// Why: the misquote check used to rebuild the whole `SentenceIndex` from every corpus text on its first
/// lint after a start from the cache (about 10 s and 1.1 GB for 10,000 documents, since every text had to
/// be decoded). This keeps only what a lookup reads:
/// - per sentence (its id is its `SentenceIndex` entry number): the document and the sentence's view range,
///   so its content is taken from the document's view only for the few candidates a draft sentence has
///   (a cached document loads its text on first use);
/// - the postings of every gram at most `SentenceIndex.commonGram` sentences share, grouped by gram and
///   sorted by hash, with a directory over the hash's top bits. Longer lists are left out: a lookup skips
///   them anyway, so `candidates` returns exactly what `SentenceIndex.candidates` returns
///   (`SentenceLookupTests` compares the two).
public struct SentenceLookup: Sendable {
  /// Document id of each sentence.
  let documents: [Int32]
  /// View range of each sentence in its document's view.
  let viewStarts: [Int32]
  let viewEnds: [Int32]
  /// The sentences carrying each gram at most `SentenceIndex.commonGram` sentences share.
  let grams: GramPostings

  /// Number of sentences.
  public var count: Int { documents.count }

  /// No sentences (the built-in pack, which has no texts).
  public init() {
    self.init(documents: [], viewStarts: [], viewEnds: [], grams: GramPostings())
  }

  /// The lookup form of a sentence index made from documents with text.
  init(_ index: SentenceIndex) {
    var documents: [Int32] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    documents.reserveCapacity(index.entries.count)
    starts.reserveCapacity(index.entries.count)
    ends.reserveCapacity(index.entries.count)
    for e in index.entries {
      documents.append(Int32(truncatingIfNeeded: e.document))
      starts.append(e.viewStart)
      ends.append(e.viewEnd)
    }
    self.init(
      documents: documents, viewStarts: starts, viewEnds: ends,
      grams: index.postings.keeping(atMost: SentenceIndex.commonGram))
  }

  init(documents: [Int32], viewStarts: [Int32], viewEnds: [Int32], grams: GramPostings) {
    self.documents = documents
    self.viewStarts = viewStarts
    self.viewEnds = viewEnds
    self.grams = grams
  }

  /// Document id of sentence `id`.
  public func document(of id: Int) -> Int { Int(documents[id]) }

  /// The content of sentence `id`, read from its document's compact view (candidates come from hundreds of
  /// documents; the check reads the full view of the one it quotes); nil when the document has no text or
  /// the range does not fit it (a damaged cache).
  func content(of id: Int, in corpusDocuments: [CorpusDocument]) -> ContentRun? {
    let d = Int(documents[id])
    guard d >= 0, d < corpusDocuments.count, let view = corpusDocuments[d].compactView else { return nil }
    let range = Int(viewStarts[id])..<Int(viewEnds[id])
    guard range.lowerBound >= 0, range.upperBound <= view.count else { return nil }
    return ContentRun(view, range)
  }

  /// Sentences sharing at least `share` of `content`'s distinct grams, most votes first (then the lower id),
  /// at most `limit`; sentences of documents for which `accept` is false are skipped. The same answer
  /// `SentenceIndex.candidates` gives.
  func candidates(
    for content: [Unicode.Scalar], limit: Int = 4, share: Double = 1.0 / 3.0, accept: (Int) -> Bool
  ) -> [Int] {
    // The lookup keeps only lists a search counts, so none is too long here.
    grams.candidates(for: content, longestList: .max, limit: limit, share: share) { accept(Int(documents[Int($0)])) }
  }

  /// Why the columns cannot be a lookup, or nil when they are consistent (every id names a sentence,
  /// hashes strictly ascending, offsets ascending and inside `ids`).
  static func validate(
    documents: [Int32], viewStarts: [Int32], viewEnds: [Int32], gramHashes: [UInt64], gramStarts: [UInt32], ids: [Int32]
  ) -> String? {
    guard viewStarts.count == documents.count, viewEnds.count == documents.count else { return "column lengths differ" }
    for i in documents.indices where documents[i] < 0 || viewStarts[i] < 0 || viewEnds[i] < viewStarts[i] {
      return "sentence \(i) has a bad range"
    }
    guard gramStarts.count == gramHashes.count + 1, gramStarts.first == 0, Int(gramStarts.last ?? 1) == ids.count else {
      return "gram offsets do not fit the postings"
    }
    for g in 0..<gramHashes.count {
      if g > 0 && gramHashes[g - 1] >= gramHashes[g] { return "gram hashes not ascending" }
      if gramStarts[g] > gramStarts[g + 1] { return "gram offsets not ascending" }
    }
    for id in ids where id < 0 || Int(id) >= documents.count { return "a posting names no sentence" }
    return nil
  }
}

extension SentenceLookup {
  /// Writes the columns as raw little-endian bytes (see `RawColumn`).
  func write(to writer: inout BinaryWriter) {
    RawColumn.write(documents, to: &writer)
    RawColumn.write(viewStarts, to: &writer)
    RawColumn.write(viewEnds, to: &writer)
    RawColumn.write(grams.hashes, to: &writer)
    RawColumn.write(grams.starts, to: &writer)
    RawColumn.write(grams.ids, to: &writer)
  }

  /// Reads what `write(to:)` wrote; damaged columns throw, so the cache is rebuilt, never trusted.
  init(from reader: inout BinaryReader) throws(CorpusCacheError) {
    let documents: [Int32] = try RawColumn.read(&reader)
    let starts: [Int32] = try RawColumn.read(&reader)
    let ends: [Int32] = try RawColumn.read(&reader)
    let hashes: [UInt64] = try RawColumn.read(&reader)
    let gramStarts: [UInt32] = try RawColumn.read(&reader)
    let ids: [Int32] = try RawColumn.read(&reader)
    if let problem = Self.validate(
      documents: documents, viewStarts: starts, viewEnds: ends, gramHashes: hashes, gramStarts: gramStarts, ids: ids)
    {
      throw .malformed("sentence lookup: \(problem)")
    }
    self.init(
      documents: documents, viewStarts: starts, viewEnds: ends,
      grams: GramPostings(hashes: hashes, starts: gramStarts, ids: ids))
  }
}
