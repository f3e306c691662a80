import Foundation
import PolicyText

/// Canonical formulations mined from the corpus, with evidence (documents, dates, first and last use).
///
/// What is kept, and why:
/// - `formulations`: quoted formulations (`“四化同步、城乡融合、五区共兴”`), numbered slogans with the
///   members found after them (`“四个融合”` → 要素融合、产业融合…), titles in `《…》`, and clauses that
///   recur in independent documents. These are short phrases, so the built-in reference pack keeps them.
/// - `disputes`: places where two corpus documents carry the same sentence but disagree on a few
///   characters (a reprint against its original). The form with more and more authoritative evidence
///   wins. Kept compactly (the clause around the difference, not the sentence), so the pack can still
///   flag a garbled form it has seen.
/// - `attested`: hashes of every clause in the corpus, so a draft's clause that the corpus itself uses is
///   never called a near-miss of something else.
/// - `sentences`: the k-gram lookup of corpus sentences the misquote check aligns draft sentences with
///   (`SentenceLookup`). Aligning needs the texts, so the pack does not encode it: with the built-in pack
///   (no texts) word misquotes are found only through `disputes`. The corpus cache stores it.
/// - `numbers`: hashes of the verbatim context around each number of a corpus sentence, with the number
///   and the document (no text), so a misquoted number is found with the built-in pack too.
public struct FormulationIndex: Sendable, Codable {
  /// What kind of formulation.
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// A quoted phrase: `“两个确立”`.
    case quoted
    /// A quoted list: `“讲政治、抓发展、惠民生、保安全”`.
    case list
    /// A quoted numbered slogan: `“四个融合”`, with `members` when the text lists them.
    case numbered
    /// A title in `《…》`.
    case title
    /// A clause that recurs in independent documents.
    case phrase
  }

  /// One document's use of a formulation.
  ///
  /// Stored in 12 bytes rather than eight words: a 10,000-document corpus holds nearly two million uses
  /// (a recurring clause records one per document), and at 64 bytes each they were most of the memory of
  /// a start from the cache. The document's date and rank are the index's (`date(of:)`, `rank(of:)`), not
  /// repeated in each use. Values that do not fit are clamped: the document and the range's start to 32
  /// bits, the range's length and the count to 16 (a corpus file is at most a few hundred million
  /// characters, a formulation a few dozen, and a document using one 65,535 times counts as that many).
  public struct Use: Sendable, Codable, Hashable {
    private var storedDocument: Int32
    private var lower: Int32
    private var length: UInt16
    private var storedCount: UInt16

    /// Corpus document id.
    public var document: Int {
      get { Int(storedDocument) }
      set { storedDocument = Int32(clamping: newValue) }
    }
    /// How many times the document uses it.
    public var count: Int {
      get { Int(storedCount) }
      set { storedCount = UInt16(clamping: newValue) }
    }
    /// Original scalar range of the first use in the document.
    public var range: Range<Int> {
      get { Int(lower)..<(Int(lower) + Int(length)) }
      set {
        lower = Int32(clamping: newValue.lowerBound)
        length = UInt16(clamping: max(0, newValue.upperBound - Int(lower)))
      }
    }

    /// Makes a use.
    public init(document: Int, count: Int, range: Range<Int>) {
      storedDocument = Int32(clamping: document)
      storedCount = UInt16(clamping: count)
      lower = Int32(clamping: range.lowerBound)
      length = UInt16(clamping: max(0, range.upperBound - Int(lower)))
    }

    /// Whether the stored values make a use (no negative document or range start); checked on uses copied
    /// from the corpus cache.
    var isWellFormed: Bool { storedDocument >= 0 && lower >= 0 }

    enum CodingKeys: String, CodingKey { case document, count, range }

    public init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      self.init(
        document: try c.decode(Int.self, forKey: .document), count: try c.decode(Int.self, forKey: .count),
        range: try c.decode(Range<Int>.self, forKey: .range))
    }

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(document, forKey: .document)
      try c.encode(count, forKey: .count)
      try c.encode(range, forKey: .range)
    }
  }

  /// The date and authority rank of a corpus document, for its uses.
  public struct DocumentFacts: Sendable, Codable, Hashable {
    public var date: SimpleDate
    public var rank: Int
    public init(date: SimpleDate, rank: Int) {
      self.date = date
      self.rank = rank
    }
    /// What a use of a document the index does not know reads (only a damaged index has such uses; they are
    /// refused when one is read).
    static let unknown = DocumentFacts(date: SimpleDate(year: 0, month: 0, day: 0), rank: 0)
  }

  /// A canonical formulation and its evidence.
  public struct Formulation: Sendable, Codable, Hashable {
    /// The text, as the matching view folds it.
    public var text: String
    /// Its kind.
    public var kind: Kind
    /// List members (for lists), or the members a numbered slogan's text spells out.
    public var members: [String]
    /// Uses, one per document, in document order.
    public var uses: [Use]

    /// Total number of uses.
    public var count: Int { uses.reduce(0) { $0 + $1.count } }
  }

  /// Two documents carry the same sentence with different words at one place.
  public struct Dispute: Sendable, Codable, Hashable {
    /// The clause around the difference in the weaker form (the one that loses).
    public var weak: String
    /// The same clause in the stronger form.
    public var strong: String
    /// Documents with the weaker form.
    public var weakUses: [Use]
    /// Documents with the stronger form.
    public var strongUses: [Use]
    /// Whether `weak` is a whole clause (then a draft must use it as a whole clause too).
    public var wholeClause: Bool
  }

  /// Canonical formulations, sorted by text.
  public var formulations: [Formulation]
  /// Disagreements between corpus documents, resolved by evidence.
  public var disputes: [Dispute]
  /// Sorted 32-bit hashes of every clause (maximal run of 3–22 Han characters) in the corpus; 32 bits keep
  /// the pack small, and a rare collision only spares a near-miss.
  public var attestedHashes: [UInt32]
  /// For each hash in `attestedHashes`, the only document using it, or -1 when several do.
  public var attestedSoleDocument: [Int]
  /// Corpus sentences for misquote alignment, as flat columns without text; empty for the built-in pack.
  /// The corpus cache stores it, so a start from the cache decodes no text.
  public var sentences: SentenceLookup
  /// Numbers of corpus sentences keyed by their verbatim context (kept in the pack).
  public var numbers: NumberContexts
  /// The date and rank of each document the uses name, by document id.
  public var documentFacts: [DocumentFacts]
  /// `formulations` prepared for near-miss search; derived, so not encoded.
  var canonical: CanonicalSet
  /// The near-copy pairs of the build, which the next update starts from (`FormulationUpdate`); the corpus
  /// cache keeps them, `Codable` (the reference pack, never updated) does not: nil there.
  var nearCopyPairs: NearCopyPairs?

  private enum CodingKeys: String, CodingKey {
    case formulations, disputes, attestedHashes, attestedSoleDocument, numbers, documentFacts
  }

  /// The date of the document of `use`.
  public func date(of use: Use) -> SimpleDate { facts(use.document).date }

  /// The authority rank of the document of `use`.
  public func rank(of use: Use) -> Int { facts(use.document).rank }

  /// Date of the earliest use of `f`.
  public func firstUse(of f: Formulation) -> SimpleDate? { f.uses.map(date(of:)).min() }

  /// Date of the latest use of `f`.
  public func lastUse(of f: Formulation) -> SimpleDate? { f.uses.map(date(of:)).max() }

  private func facts(_ document: Int) -> DocumentFacts {
    document >= 0 && document < documentFacts.count ? documentFacts[document] : .unknown
  }

  /// The facts table for `documents`, by id (ids the documents skip read `.unknown`).
  static func facts(of documents: [CorpusDocument]) -> [DocumentFacts] {
    var table = [DocumentFacts](repeating: .unknown, count: (documents.map(\.id).max() ?? -1) + 1)
    for d in documents where d.id >= 0 { table[d.id] = DocumentFacts(date: d.info.date, rank: d.info.rank) }
    return table
  }

  /// Why the uses cannot be read with this facts table, or nil when every use names a document in it.
  func unknownDocument() -> String? {
    let n = documentFacts.count
    for f in formulations where f.uses.contains(where: { $0.document >= n }) { return "a use of «\(f.text)»" }
    for d in disputes where (d.weakUses + d.strongUses).contains(where: { $0.document >= n }) {
      return "a use of «\(d.weak)»"
    }
    return nil
  }

  /// An empty index.
  public init() {
    formulations = []
    disputes = []
    attestedHashes = []
    attestedSoleDocument = []
    sentences = SentenceLookup()
    numbers = NumberContexts()
    documentFacts = []
    canonical = CanonicalSet(forms: [])
  }

  /// Mines formulations from documents that have text.
  /// Corpora of at least this many documents have their formulations mined on a second thread.
  static let concurrentBuildDocuments = 200

  public init(documents: [CorpusDocument]) { self.init(documents: documents, concurrently: nil) }

  /// The index of `documents`, made from this one: `previous[i]` is the id `documents[i]` had when this
  /// index was built (nil for a document that is new or changed), and `gone` are the documents of that
  /// build that are not kept (changed ones with their old text). The same index as a build from scratch;
  /// only the near-copy search and the clause independence tests are redone where a change reaches
  /// (`FormulationUpdate`). Built whole when this index cannot be updated (the reference pack's).
  public func updated(documents: [CorpusDocument], previous: [Int?], gone: [CorpusDocument]) -> FormulationIndex {
    FormulationIndex(
      documents: documents, concurrently: nil,
      update: FormulationUpdate(previous: self, documents: documents, previousIDs: previous, gone: gone))
  }

  /// Builds the index, mining on a second thread when `concurrently` says so (nil: for large corpora), from
  /// scratch or, with `update`, from the previous build.
  init(documents: [CorpusDocument], concurrently: Bool?, update: FormulationUpdate? = nil) {
    let withText = documents.filter { $0.view != nil }
    // The miner and the sentence index with the near-copy search over it are independent and each about
    // half of a build: the miner runs on another thread meanwhile (a large corpus only; a small one is
    // built in a moment on this thread).
    let concurrent = concurrently ?? (withText.count >= Self.concurrentBuildDocuments)
    let carried = update.map { u in
      FormulationMiner.Carried(
        changedPositions: Set(withText.indices.filter { u.changed.contains(withText[$0].id) }.map { Int32($0) }),
        goneClauses: u.goneClauseHashes(), phrases: u.previousPhrases())
    }
    let ((sentenceIndex, lookup, numbers, near), miner) = sideBySide(
      concurrently: concurrent,
      {
        let index = SentenceIndex(documents: withText)
        // In pieces on all cores: the miner may be done first.
        let pieces = concurrent ? 8 : 1
        let near =
          update?.nearCopies(index, pieces: pieces)
          ?? concurrentPieces(index.count, pieces: pieces) { DisputeFinder.nearCopies(index, $0) }
        return (index, SentenceLookup(index), NumberContexts(documents: withText), near)
      },
      {
        var miner = FormulationMiner(documents: withText, carried: carried)
        miner.run()
        return miner
      })
    nearCopyPairs = NearCopyPairs(near, index: sentenceIndex)
    sentences = lookup
    self.numbers = numbers
    documentFacts = Self.facts(of: documents)
    formulations = miner.formulations
    (attestedHashes, attestedSoleDocument) = miner.attested()
    disputes = DisputeFinder.find(
      documents: withText, sentences: sentenceIndex, near: near, attested: miner.clauseDocuments)
    canonical = CanonicalSet(forms: [])
    canonical = CanonicalSet.corpus(self)
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    formulations = try c.decodeIfPresent([Formulation].self, forKey: .formulations) ?? []
    disputes = try c.decodeIfPresent([Dispute].self, forKey: .disputes) ?? []
    attestedHashes = try c.decodeIfPresent([UInt32].self, forKey: .attestedHashes) ?? []
    attestedSoleDocument = try c.decodeIfPresent([Int].self, forKey: .attestedSoleDocument) ?? []
    numbers = try c.decodeIfPresent(NumberContexts.self, forKey: .numbers) ?? NumberContexts()
    documentFacts = try c.decodeIfPresent([DocumentFacts].self, forKey: .documentFacts) ?? []
    sentences = SentenceLookup()
    canonical = CanonicalSet(forms: [])
    if let problem = unknownDocument() {
      throw Swift.DecodingError.dataCorruptedError(
        forKey: CodingKeys.documentFacts, in: c, debugDescription: "\(problem) names a document without a date")
    }
    canonical = CanonicalSet.corpus(self)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(formulations, forKey: .formulations)
    try c.encode(disputes, forKey: .disputes)
    try c.encode(attestedHashes, forKey: .attestedHashes)
    try c.encode(attestedSoleDocument, forKey: .attestedSoleDocument)
    try c.encode(numbers, forKey: .numbers)
    try c.encode(documentFacts, forKey: .documentFacts)
  }

  /// Who in the corpus uses this exact clause: nil for nobody, `.some(nil)` for several documents, else the
  /// only document using it.
  func attestation(of clause: [Unicode.Scalar]) -> Int?? {
    let h = UInt32(truncatingIfNeeded: SloganText.hash(clause))
    let lo = attestedHashes.partitionPoint { $0 < h }
    guard lo < attestedHashes.count, attestedHashes[lo] == h else { return nil }
    let sole = lo < attestedSoleDocument.count ? attestedSoleDocument[lo] : -1
    return .some(sole < 0 ? nil : sole)
  }

  /// Whether the corpus uses this exact clause in a document other than `excluding`.
  func isAttested(_ clause: [Unicode.Scalar], excluding: Int?) -> Bool {
    guard let by = attestation(of: clause) else { return false }
    return by.map { $0 != excluding } ?? true
  }
}

/// The sentence bigram sets `FormulationMiner.isIndependent` compares, each made once per sentence and kept
/// once per distinct content.
struct SentenceBigramSets {
  private struct Place: Hashable {
    var document: Int
    var lower: Int32
    var upper: Int32
  }
  /// The distinct sets; a set's id is its index.
  private(set) var sets: [[UInt32]] = []
  private var ids: [[UInt32]: Int32] = [:]
  private var byPlace: [Place: Int32] = [:]

  /// The id of the set of the sentence at `range` of a document, made by `make` the first time.
  mutating func id(document: Int, range: Range<Int>, make: () -> [UInt32]) -> Int32 {
    let place = Place(
      document: document, lower: Int32(truncatingIfNeeded: range.lowerBound),
      upper: Int32(truncatingIfNeeded: range.upperBound))
    if let id = byPlace[place] { return id }
    let set = make()
    let id: Int32
    if let known = ids[set] {
      id = known
    } else {
      id = Int32(sets.count)
      sets.append(set)
      ids[set] = id
    }
    byPlace[place] = id
    return id
  }
}

/// The recurring-clause candidates the miner collects: each distinct clause once, with its occurrences.
///
/// Clauses are told apart as `String` keys would tell them (canonical equivalence), without making a string
/// for every occurrence: by a hash of the clause's canonical scalars, checked against the clause kept for
/// it. Among Han characters only the CJK compatibility ideographs (U+F900–U+FAFF) have canonical mappings,
/// each to one character, so a clause's canonical form is the clause with those mapped.
struct ClauseTable {
  /// Each clause's text as first met (what a `String`-keyed dictionary kept as its key).
  private(set) var texts: [String] = []
  /// Each clause's occurrences, in the order they were added.
  private(set) var occurrences: [[FormulationMiner.Occurrence]] = []
  /// Each clause's canonical scalars, to check a hash's match.
  private var forms: [[Unicode.Scalar]] = []
  /// Canonical hash → clause.
  private var slots: [UInt64: Int] = [:]
  /// Clauses whose hash another clause took first (rare: two distinct clauses with one 64-bit hash).
  private var collided: [[Unicode.Scalar]: Int] = [:]

  /// Adds an occurrence of `clause`.
  mutating func add(_ clause: ArraySlice<Unicode.Scalar>, _ occurrence: FormulationMiner.Occurrence) {
    let slot: Int
    if clause.contains(where: { (0xF900...0xFAFF).contains($0.value) }) {
      slot = self.slot(canonical: clause.map(Self.canonical), original: clause)
    } else {
      let h = SloganText.hash(clause)
      if let known = slots[h], forms[known].elementsEqual(clause) {
        slot = known
      } else {
        slot = self.slot(canonical: Array(clause), original: clause)
      }
    }
    occurrences[slot].append(occurrence)
  }

  /// The clause with these canonical scalars, made when new.
  private mutating func slot(canonical: [Unicode.Scalar], original: ArraySlice<Unicode.Scalar>) -> Int {
    let h = SloganText.hash(canonical)
    if let known = slots[h] {
      if forms[known] == canonical { return known }
      if let other = collided[canonical] { return other }
    }
    let slot = texts.count
    texts.append(SloganText.string(original))
    occurrences.append([])
    forms.append(canonical)
    if slots[h] == nil { slots[h] = slot } else { collided[canonical] = slot }
    return slot
  }

  /// The hash of the clause in `slot`'s canonical form: what `canonicalHash(of:)` gives for any of its
  /// occurrences.
  func canonicalHash(at slot: Int) -> UInt64 { SloganText.hash(forms[slot]) }

  /// The hash of a clause's canonical form, which every clause `add` counts as the same one shares.
  static func canonicalHash(of clause: ArraySlice<Unicode.Scalar>) -> UInt64 {
    guard clause.contains(where: { (0xF900...0xFAFF).contains($0.value) }) else { return SloganText.hash(clause) }
    return SloganText.hash(clause.map(canonical))
  }

  /// The canonical (NFC) form of a Han character: a compatibility ideograph's unified one.
  static func canonical(_ c: Unicode.Scalar) -> Unicode.Scalar {
    guard (0xF900...0xFAFF).contains(c.value) else { return c }
    return compatibilityForms[Int(c.value - 0xF900)]
  }

  /// U+F900–U+FAFF and their canonical forms, as `String` comparison sees them.
  private static let compatibilityForms: [Unicode.Scalar] = (0xF900...0xFAFF).map { v in
    let c = Unicode.Scalar(UInt32(v))!
    let mapped = String(c).precomposedStringWithCanonicalMapping.unicodeScalars
    return mapped.count == 1 ? mapped.first! : c
  }
}

/// Mines formulations from documents' matching views.
struct FormulationMiner {
  let documents: [CorpusDocument]
  var formulations: [FormulationIndex.Formulation] = []
  /// Clause hash → documents using it (document ids, as `Int32`).
  var clauseDocuments = GramPostings()
  /// Hashes of clauses short enough to be a near-miss window (3–22 characters): the ones kept in the pack.
  var shortClauseHashes = Set<UInt64>()

  /// Each document's view, by position in `documents`: read once here, since a document's `view` takes a
  /// lock on every read.
  let views: [MatchingView?]

  /// In an update, what decides which clauses keep the previous verdict on their independence
  /// (`FormulationUpdate`); nil in a build.
  var carried: Carried?

  /// What an update carries into the miner.
  struct Carried: Sendable {
    /// Positions (in `documents`) of the documents that are new or changed.
    var changedPositions: Set<Int32>
    /// Canonical hashes of the clauses the previous build's gone and changed documents used.
    var goneClauses: Set<UInt64>
    /// Texts of the previous index's recurring clauses (`.phrase`), the ones found independent.
    var phrases: Set<String>
  }

  init(documents: [CorpusDocument], carried: Carried? = nil) {
    self.documents = documents
    views = documents.map(\.view)
    self.carried = carried
  }

  /// Longest quoted formulation kept; longer quotations are speech, not slogans.
  static let maxQuoted = 40
  /// Shortest and longest recurring clause kept as a fixed phrase.
  static let phraseLengths = 5...20

  private struct Key: Hashable {
    var text: String
    var kind: FormulationIndex.Kind
  }

  mutating func run() {
    var uses: [Key: [Int: FormulationIndex.Use]] = [:]
    var members: [Key: [String]] = [:]
    var clauses = ClauseTable()
    var breaks = [[Int32]](repeating: [], count: documents.count)
    // Each document's distinct clause hashes with its id, grouped when all are read.
    var clauseHashes: [UInt64] = []
    var clauseUsers: [Int32] = []
    var documentHashes: [UInt64] = []
    for (position, doc) in documents.enumerated() {
      guard let view = views[position] else { continue }
      let s = view.scalars
      breaks[position] = Self.sentenceBreaks(s)
      documentHashes.removeAll(keepingCapacity: true)
      func record(_ key: Key, _ viewRange: Range<Int>) {
        let original = view.originalRange(viewRange)
        if var u = uses[key]?[doc.id] {
          u.count += 1
          uses[key]?[doc.id] = u
        } else {
          uses[key, default: [:]][doc.id] = FormulationIndex.Use(document: doc.id, count: 1, range: original)
        }
      }
      for (open, close, limit) in [("“" as Unicode.Scalar, "”" as Unicode.Scalar, Self.maxQuoted), ("《", "》", 80)] {
        var i = 0
        while i < s.count {
          guard s[i] == open else {
            i += 1
            continue
          }
          var j = i + 1
          while j < s.count && j - i <= limit + 1 && s[j] != close && s[j] != open && s[j] != "\n" { j += 1 }
          guard j < s.count, s[j] == close else {
            i += 1
            continue
          }
          let content = Array(s[(i + 1)..<j])
          i = j + 1
          if open == "《" {
            if Self.isTitle(content) {
              record(Key(text: SloganText.string(content), kind: .title), (i - 1 - content.count)..<(i - 1))
            }
            continue
          }
          guard let kind = Self.quotedKind(content) else { continue }
          let key = Key(text: SloganText.string(content), kind: kind)
          record(key, (j - content.count)..<j)
          if kind == .list {
            members[key] = Self.splitList(content)
          } else if kind == .numbered, members[key] == nil,
            let found = Self.numberedMembers(content, after: j + 1, in: s)
          {
            members[key] = found
          }
        }
      }
      Self.forEachClause(in: s) { r in
        let h = SloganText.hash(s[r])
        documentHashes.append(h)
        if r.count >= 3 && r.count <= 22 { shortClauseHashes.insert(h) }
        if Self.phraseLengths.contains(r.count) {
          let occurrence = Occurrence(position: Int32(position), lower: Int32(r.lowerBound), upper: Int32(r.upperBound))
          clauses.add(s[r], occurrence)
        }
      }
      documentHashes.sort()
      for (n, h) in documentHashes.enumerated() where n == 0 || documentHashes[n - 1] != h {
        clauseHashes.append(h)
        clauseUsers.append(Int32(truncatingIfNeeded: doc.id))
      }
    }
    clauseDocuments = GramPostings(grouping: clauseHashes, ids: clauseUsers)
    // Recurring clauses: in two documents, in sentences that are not copies of each other.
    // Which clauses recur independently is asked of each clause on its own: on all cores, each piece
    // keeping the sets of the sentences it has read.
    let recurring = clauses.texts.indices.filter { slot in
      let occurrences = clauses.occurrences[slot]
      return occurrences.contains { $0.position != occurrences[0].position }
        && uses[Key(text: clauses.texts[slot], kind: .quoted)] == nil
    }.map { (text: clauses.texts[$0], occurrences: clauses.occurrences[$0], slot: $0) }
    let views = self.views
    let documentBreaks = breaks
    let carried = self.carried
    let table = clauses
    let independent = concurrentPieces(recurring.count, pieces: 4) { range in
      var sets = SentenceBigramSets()
      return range.map {
        let clause = recurring[$0]
        // In an update, a clause no changed document uses, before or after, keeps its verdict.
        if let carried, !clause.occurrences.contains(where: { carried.changedPositions.contains($0.position) }),
          !carried.goneClauses.contains(table.canonicalHash(at: clause.slot))
        {
          return carried.phrases.contains(clause.text)
        }
        return Self.isIndependent(clause.occurrences, views: views, breaks: documentBreaks, sets: &sets)
      }
    }
    for ((text, occurrences, _), isIndependent) in zip(recurring, independent) where isIndependent {
      // Each document's occurrences are consecutive (each document is read once, above): one use each,
      // placed at its first occurrence.
      var byDocument: [Int: FormulationIndex.Use] = [:]
      var first = 0
      while first < occurrences.count {
        var end = first + 1
        while end < occurrences.count && occurrences[end].position == occurrences[first].position { end += 1 }
        let p = Int(occurrences[first].position)
        if let view = views[p] {
          let info = documents[p].info
          byDocument[info.id] = FormulationIndex.Use(
            document: info.id, count: end - first, range: view.originalRange(occurrences[first].range))
        }
        first = end
      }
      // No other kind of formulation is a `.phrase`, and each clause text is taken once.
      if !byDocument.isEmpty { uses[Key(text: text, kind: .phrase)] = byDocument }
    }
    formulations = uses.map { key, byDoc in
      FormulationIndex.Formulation(
        text: key.text, kind: key.kind, members: members[key] ?? [],
        uses: byDoc.values.sorted { $0.document < $1.document })
    }.sorted { ($0.text, $0.kind.rawValue) < ($1.text, $1.kind.rawValue) }
  }

  /// Calls `body` with each clause of `s`, in text order: a maximal run of 2 to 30 Han characters delimited
  /// by punctuation or a line end (not by digits or letters).
  static func forEachClause(in s: [Unicode.Scalar], _ body: (Range<Int>) -> Void) {
    var k = 0
    while k < s.count {
      guard ScalarClass.isHan(s[k]) else {
        k += 1
        continue
      }
      var e = k
      while e < s.count && ScalarClass.isHan(s[e]) { e += 1 }
      let delimited = (k == 0 || SloganText.isBreak(s[k - 1])) && (e == s.count || SloganText.isBreak(s[e]))
      if delimited && e - k >= 2 && e - k <= 30 { body(k..<e) }
      k = e
    }
  }

  /// Calls `body` with each clause of `s` long enough to be a recurring phrase (`phraseLengths`).
  static func forEachPhraseClause(in s: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Void) {
    forEachClause(in: s) { r in if phraseLengths.contains(r.count) { body(s[r]) } }
  }

  /// Sorted clause hashes and, for each, its only document or -1.
  func attested() -> ([UInt32], [Int]) {
    var byShort: [UInt32: Set<Int>] = [:]
    for (g, h) in clauseDocuments.hashes.enumerated() where shortClauseHashes.contains(h) {
      byShort[UInt32(truncatingIfNeeded: h), default: []].formUnion(clauseDocuments.ids(at: g).map(Int.init))
    }
    let sorted = byShort.keys.sorted()
    return (sorted, sorted.map { h in byShort[h].flatMap { $0.count == 1 ? $0.first : nil } ?? -1 })
  }

  /// Whether two occurrences in different documents sit in sentences that are not near-copies (a reprint
  /// repeating its original is one source, not two): some pair of documents' sentence bigram sets has a
  /// Jaccard similarity below 0.6.
  ///
  /// `breaks` are each document's sentence breaks (`sentenceBreaks`), by position; `sets` keeps each
  /// sentence's set between calls: a sentence holds several recurring clauses, and a clause reprinted in
  /// thousands of documents would otherwise have the same sentences' sets made again for each of them.
  static func isIndependent(
    _ occurrences: [Occurrence], views: [MatchingView?], breaks: [[Int32]], sets: inout SentenceBigramSets
  ) -> Bool {
    // Documents carrying the same sentence have the same set and can never be independent of each other, so
    // each distinct set is compared once (a clause reprinted in hundreds of documents has a few variants).
    var distinct: [Int32: Int] = [:]
    var seen = Set<Int32>()
    for o in occurrences where seen.insert(o.position).inserted {
      let p = Int(o.position)
      guard let view = views[p] else { continue }
      let r = sentence(around: o.range, breaks: breaks[p], count: view.scalars.count)
      distinct[sets.id(document: p, range: r) { sortedBigrams(view.scalars, r) }, default: 0] += 1
    }
    return hasDissimilarPair(distinct.map { (sets.sets[Int($0.key)], $0.value) })
  }

  /// Whether two of these distinct sets (sorted, with how many documents have each) have a Jaccard similarity
  /// below 0.6, the test `isIndependent` always made, without comparing every pair: Jaccard distance
  /// (1 − similarity) is a metric, so two sets whose distances to a pivot add up to at most 0.4 are within
  /// 0.4 of each other and need no comparison. The pivot is the commonest set (the original sentence), and
  /// all arithmetic is on integers, so the answer is exactly that of comparing every pair.
  static func hasDissimilarPair(_ counted: [(set: [UInt32], count: Int)]) -> Bool {
    // An empty set against a non-empty one shares nothing; two empty sets are not compared.
    if counted.contains(where: \.set.isEmpty) { return counted.count > 1 }
    guard counted.count >= 2,
      let pivotIndex = counted.indices.max(by: {
        (counted[$0].count, counted[$1].set.count) < (counted[$1].count, counted[$0].set.count)
      })
    else { return false }
    let pivot = counted[pivotIndex].set
    /// similarity < 0.6 ⟺ 5·shared < 3·union.
    func dissimilar(_ shared: Int, _ union: Int) -> Bool { union > 0 && 5 * shared < 3 * union }
    // Each other set's distance to the pivot, as (union − shared) / union.
    var others: [(set: [UInt32], far: Int, union: Int)] = []
    for (index, (set, _)) in counted.enumerated() where index != pivotIndex {
      let shared = sharedCount(set, pivot)
      let union = set.count + pivot.count - shared
      if dissimilar(shared, union) { return true }
      others.append((set, union - shared, union))
    }
    // Nearest first, so for each set the partners close enough to skip form a prefix.
    others.sort { $0.far * $1.union < $1.far * $0.union }
    for j in others.indices {
      let y = others[j]
      var i = j - 1
      while i >= 0 {
        let x = others[i]
        // d(x) + d(y) ≤ 0.4 ⟹ d(x, y) ≤ 0.4 ⟹ similarity ≥ 0.6; and so for every nearer x.
        if 5 * (x.far * y.union + y.far * x.union) <= 2 * x.union * y.union { break }
        let shared = sharedCount(x.set, y.set)
        if dissimilar(shared, x.set.count + y.set.count - shared) { return true }
        i -= 1
      }
    }
    return false
  }

  /// Number of elements two sorted arrays of distinct values share.
  static func sharedCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
    var i = 0
    var j = 0
    var shared = 0
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        shared += 1
        i += 1
        j += 1
      } else if a[i] < b[j] {
        i += 1
      } else {
        j += 1
      }
    }
    return shared
  }

  /// Where a clause was found: its document's position in `documents`, and its view range.
  struct Occurrence {
    var position: Int32
    var lower: Int32
    var upper: Int32
    var range: Range<Int> { Int(lower)..<Int(upper) }
  }

  /// The sentence around `r` in a text of `count` characters with these breaks (`sentenceBreaks`): from the
  /// break before `r` to the break after it, at most 200 characters either side of `r`.
  static func sentence(around r: Range<Int>, breaks: [Int32], count: Int) -> Range<Int> {
    /// The index of the first break at or after `i`.
    func firstBreak(from i: Int) -> Int { breaks.partitionPoint { Int($0) < i } }
    let before = firstBreak(from: r.lowerBound) - 1
    let a = max(0, r.lowerBound - 200, before >= 0 ? Int(breaks[before]) + 1 : 0)
    let after = firstBreak(from: r.upperBound)
    let b = min(count, r.upperBound + 200, after < breaks.count ? Int(breaks[after]) : count)
    return a..<b
  }

  /// The positions of `s` that end a sentence (`ScalarClass.isSentenceEnd`) or a line, ascending.
  static func sentenceBreaks(_ s: [Unicode.Scalar]) -> [Int32] {
    var breaks: [Int32] = []
    for i in s.indices where ScalarClass.isSentenceEnd(s[i]) || s[i] == "\n" { breaks.append(Int32(i)) }
    return breaks
  }

  /// The distinct content bigrams of `s[r]`, sorted (built without hashing: this runs for every occurrence of
  /// every recurring clause).
  static func sortedBigrams(_ s: [Unicode.Scalar], _ r: Range<Int>) -> [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(r.count)
    var last: Unicode.Scalar?
    for k in r where SloganText.isContent(s[k]) {
      if let l = last { result.append((l.value &* 31) ^ (s[k].value << 7)) }
      last = s[k]
    }
    result.sort()
    var n = 0
    for i in result.indices where i == 0 || result[i] != result[i - 1] {
      result[n] = result[i]
      n += 1
    }
    result.removeLast(result.count - n)
    return result
  }

  /// The kind of a quoted text, or nil when it is not a formulation (a single character, a sentence).
  static func quotedKind(_ c: [Unicode.Scalar]) -> FormulationIndex.Kind? {
    let han = c.filter(ScalarClass.isHan).count
    guard han >= 2, c.count <= maxQuoted else { return nil }
    if c.contains(where: { ScalarClass.isSentenceEnd($0) || $0 == "," || $0 == ":" || $0 == "“" }) { return nil }
    if c.contains("、") {
      let members = splitList(c)
      return members.count >= 2 && members.allSatisfy({ !$0.isEmpty }) ? .list : nil
    }
    if isNumbered(c) { return .numbered }
    return .quoted
  }

  /// `两个确立`, `六个必须坚持`, `三个务必`: a numeral, `个`, then at least two characters.
  static func isNumbered(_ c: [Unicode.Scalar]) -> Bool {
    guard let ge = c.firstIndex(of: "个"), ge > 0, c.count - ge - 1 >= 2 else { return false }
    return c[..<ge].allSatisfy(SloganText.isNumeral) && c[(ge + 1)...].allSatisfy(ScalarClass.isHan)
  }

  /// Value of a small Chinese or Arabic numeral (1–10), for numbered slogans.
  static func smallNumber(_ c: ArraySlice<Unicode.Scalar>) -> Int? {
    let names: [Unicode.Scalar: Int] = [
      "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
    ]
    if c.count == 1, let first = c.first, let v = names[first] { return v }
    if c.allSatisfy(ScalarClass.isDigit), let v = Int(SloganText.string(c)) { return v }
    return nil
  }

  /// The members a numbered slogan's own text spells out right after it: for `“四个融合”`, four distinct
  /// phrases ending in `融合` in the next sentences (`要素融合`, `产业融合`…). Nil when the count differs.
  static func numberedMembers(_ c: [Unicode.Scalar], after start: Int, in s: [Unicode.Scalar]) -> [String]? {
    guard let ge = c.firstIndex(of: "个"), let n = smallNumber(c[..<ge]), n >= 2 else { return nil }
    let head = Array(c[(ge + 1)...])
    guard head.count >= 2 else { return nil }
    var found: [String] = []
    var i = start
    let end = min(s.count, start + 400)
    while i + head.count <= end {
      if s[i] == "\n" { break }
      // A member ends its clause (`促进要素融合，`) and is not the slogan itself (`四个融合`).
      let end = i + head.count
      if Array(s[i..<end]) == head, i >= 2, ScalarClass.isHan(s[i - 1]), ScalarClass.isHan(s[i - 2]), s[i - 1] != "个",
        end == s.count || SloganText.isBreak(s[end])
      {
        let member = SloganText.string(s[(i - 2)..<end])
        if !found.contains(member) { found.append(member) }
        if found.count == n { return found }
        i = end
        continue
      }
      i += 1
    }
    return nil
  }

  /// A title worth keeping: two Han characters at least, no sentence punctuation.
  static func isTitle(_ c: [Unicode.Scalar]) -> Bool {
    c.filter(ScalarClass.isHan).count >= 4 && !c.contains(where: ScalarClass.isSentenceEnd)
  }

  /// Members of a list written with `、`.
  static func splitList(_ c: [Unicode.Scalar]) -> [String] {
    c.split(separator: "、", omittingEmptySubsequences: false).map { SloganText.string($0) }
  }
}
