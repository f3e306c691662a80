import Foundation
import PolicyText

/// Winnowed k-gram fingerprints of the corpus documents' wording, for finding passages a draft reuses.
///
/// Each document's matching view is reduced to its wording (`ContentText`: Han, letters, digits), every
/// `gramLength`-gram of it is hashed, and winnowing (Schleimer, Wilkerson and Aiken 2003) keeps the smallest
/// hash of every `window` consecutive grams. Any stretch of `gramLength + window - 1` shared characters
/// therefore shares at least one kept fingerprint, while only about `2 / (window + 1)` of the grams are
/// stored. A draft looks up all of its grams, so matching costs one lookup per draft character and never
/// scans a document.
///
/// Layout (why: a dictionary of arrays took ~100 bytes a fingerprint and seconds to rebuild on load; these
/// flat columns take 6 bytes, are written and read as raw bytes by the corpus cache, and need no rebuild):
/// - `hashes`: every fingerprint's gram hash, sorted; a fingerprint is its index in this column (an
///   *entry*). Only the low 16 bits are kept: the directory (below) has at least 16 bits and so holds the
///   top bits of every hash, and a lookup needs the others only inside its bucket.
/// - `positions`: the entry's offset in the corpus wording, i.e. its document's `bases[slot]` plus its
///   offset in that document's wording; ascending among equal hashes, so an entry's postings come in
///   document order and then text order. The document is found by binary search in `bases`.
/// (Where a gram starts in its document's view is not stored: the document's compact view finds the view
/// index of a wording offset itself, `CompactView.viewIndex(ofWording:)`; the column took a third of the
/// index's memory.)
/// - `originalStarts`/`originalEnds`: the gram's original scalar range, kept only for the reference pack,
///   which has no texts but must still say where in a document a passage sits (`withOriginals`).
/// - a directory over the top 16 to 20 bits of the hash, stored in the cache: a lookup reads one directory
///   slot and binary-searches a bucket of a few entries.
///
/// The index is `Codable` (the reference pack: columns as base64) and `CorpusCacheBinaryCodable` (the
/// corpus cache: columns as raw little-endian bytes).
public struct FingerprintIndex: Sendable, Codable, CorpusCacheBinaryCodable {
  /// Length of a hashed gram, in wording characters.
  public let gramLength: Int
  /// Winnowing window, in grams.
  public let window: Int

  /// One stored fingerprint occurrence.
  public struct Posting: Sendable, Hashable {
    /// Corpus document id.
    public var document: Int
    /// Offset of the gram's first character in the document's wording.
    public var contentOffset: Int
    /// Original scalar range of the gram in the document; kept only by an index made `withOriginals`
    /// (the reference pack), nil otherwise (the text, when loaded, places the gram exactly).
    public var originalRange: Range<Int>?
  }

  /// Document id of each indexed document (a slot), in corpus order.
  private let documentIDs: [Int32]
  /// `bases[slot]`: offset of the slot's wording in the corpus wording; one more element than slots.
  private let bases: [UInt32]
  /// Each entry's hash below the directory's bits (`HashDirectory.lowBits(of:)`).
  private let lowHashes: [UInt16]
  private let positions: [UInt32]
  private let originalStarts: [Int32]
  private let originalEnds: [Int32]
  private let directory: HashDirectory<UInt32>

  /// The directory's least bits: enough that the 16 bits kept per entry complete every hash.
  static let directoryMinimumBits = 16

  /// Default gram length: eight characters is about two words, rare enough outside shared wording.
  public static let defaultGramLength = 8
  /// Default window: guarantees detection of any shared stretch of 19 characters or more.
  public static let defaultWindow = 12

  /// Builds the index over documents that have text (documents without text are skipped).
  public init(documents: [CorpusDocument]) {
    self.init(documents: documents, gramLength: Self.defaultGramLength, window: Self.defaultWindow)
  }

  /// Builds the index with explicit parameters; `originals` also keeps each gram's original range (what the
  /// reference pack needs, since it has no texts).
  public init(documents: [CorpusDocument], gramLength: Int, window: Int, originals: Bool = false) {
    let k = max(2, gramLength)
    let w = max(1, window)
    // Fingerprint each document on its own (in parallel: this is most of the build), then lay them out.
    let chunks = Self.chunks(documents.count)
    let results = ResultSlots<[DocumentPrints]>(count: chunks.count)
    DispatchQueue.concurrentPerform(iterations: chunks.count) { c in
      var out: [DocumentPrints] = []
      for i in chunks[c] {
        if let p = Self.fingerprint(documents[i], gramLength: k, window: w, originals: originals) { out.append(p) }
      }
      results[c] = out
    }
    let prints = (0..<chunks.count).flatMap { results[$0] ?? [] }
    self.init(gramLength: k, window: w, prints: prints, originals: originals)
  }

  /// The index of `documents` with the fingerprints of unchanged documents taken from this one instead of
  /// made again: `previous[i]` is the id document `i` had when this index was built, or nil for a document
  /// that is new or changed (a document's fingerprints depend on its own wording only). The same index as
  /// `init(documents:)` with this one's parameters would build. An index with original ranges (the
  /// reference pack's) is built again whole.
  public func updated(documents: [CorpusDocument], previous: [Int?]) -> FingerprintIndex {
    precondition(previous.count == documents.count, "one previous id per document")
    guard originalStarts.isEmpty else {
      return FingerprintIndex(documents: documents, gramLength: gramLength, window: window, originals: true)
    }
    // Each kept document's fingerprints in text order: the entries sorted by position are in slot order,
    // then text order.
    let wanted = Set(previous.compactMap { $0 })
    var kept: [Int: DocumentPrints] = [:]
    kept.reserveCapacity(wanted.count)
    let order = entriesByPosition
    let whole = hashes
    var cursor = 0
    for slot in documentIDs.indices {
      let base = bases[slot]
      let end = bases[slot + 1]
      let id = Int(documentIDs[slot])
      let first = cursor
      while cursor < order.count && positions[Int(order[cursor])] < end { cursor += 1 }
      guard wanted.contains(id) else { continue }
      var p = DocumentPrints(document: id, contentCount: Int(end - base))
      p.hashes.reserveCapacity(cursor - first)
      p.contentOffsets.reserveCapacity(cursor - first)
      for e in order[first..<cursor] {
        p.hashes.append(whole[Int(e)])
        p.contentOffsets.append(Int32(positions[Int(e)] - base))
      }
      kept[id] = p
    }
    // The rest (and any document this index left out) fingerprinted again, on all cores.
    let k = gramLength
    let w = window
    let fresh = documents.indices.filter { previous[$0].flatMap { kept[$0] } == nil }
    let made = concurrentPieces(fresh.count, pieces: 2 * ProcessInfo.processInfo.activeProcessorCount) { r in
      r.map { Self.fingerprint(documents[fresh[$0]], gramLength: k, window: w, originals: false) }
    }
    var prints: [DocumentPrints] = []
    prints.reserveCapacity(documents.count)
    var next = 0
    for (i, doc) in documents.enumerated() {
      if var p = previous[i].flatMap({ kept[$0] }) {
        p.document = doc.id
        prints.append(p)
      } else {
        if let p = made[next] { prints.append(p) }
        next += 1
      }
    }
    return FingerprintIndex(gramLength: k, window: w, prints: prints, originals: false)
  }

  /// Ranges of document indices for parallel work: enough pieces to balance two to eight cores.
  private static func chunks(_ n: Int) -> [Range<Int>] {
    guard n > 0 else { return [] }
    let pieces = min(n, 64)
    return (0..<pieces).map { p in (n * p / pieces)..<(n * (p + 1) / pieces) }
  }

  /// One document's fingerprints, in text order.
  struct DocumentPrints: Sendable {
    var document: Int
    var contentCount: Int
    var hashes: [UInt32] = []
    var contentOffsets: [Int32] = []
    var originalStarts: [Int32] = []
    var originalEnds: [Int32] = []
  }

  static func fingerprint(_ doc: CorpusDocument, gramLength k: Int, window w: Int, originals: Bool) -> DocumentPrints? {
    guard let view = doc.view else { return nil }
    let content = ContentText(view)
    let hashes = gramHashes(content.scalars, gramLength: k)
    let kept = winnow(hashes, window: w)
    var p = DocumentPrints(document: doc.id, contentCount: content.count)
    p.hashes.reserveCapacity(kept.count)
    p.contentOffsets.reserveCapacity(kept.count)
    for i in kept {
      p.hashes.append(hashes[i])
      p.contentOffsets.append(Int32(i))
      if originals {
        let v1 = Int(content.viewIndex[i + k - 1])
        let original = view.originalRange(Int(content.viewIndex[i])..<(v1 + 1))
        p.originalStarts.append(Int32(original.lowerBound))
        p.originalEnds.append(Int32(original.upperBound))
      }
    }
    return p
  }

  /// Lays documents' fingerprints out as hash-sorted columns.
  private init(gramLength: Int, window: Int, prints: [DocumentPrints], originals: Bool) {
    self.gramLength = gramLength
    self.window = window
    var ids: [Int32] = []
    var bases: [UInt32] = [0]
    var total = 0
    var count = 0
    // Positions are 32-bit: a corpus beyond 4 G wording characters (about 12 GB of text) indexes the
    // documents that fit and leaves the rest out rather than wrapping around.
    var used: [DocumentPrints] = []
    for p in prints {
      guard total + p.contentCount < Int(UInt32.max) else { break }
      ids.append(Int32(truncatingIfNeeded: p.document))
      total += p.contentCount
      bases.append(UInt32(total))
      count += p.hashes.count
      used.append(p)
    }
    // Concatenate in document order, then sort stably by hash (two 16-bit radix passes), so equal hashes
    // keep document and text order.
    var rawHashes = [UInt32]()
    rawHashes.reserveCapacity(count)
    for p in used { rawHashes += p.hashes }
    let order = Self.radixOrder(rawHashes)
    var rawPositions = [UInt32]()
    var rawStarts = [Int32]()
    var rawEnds = [Int32]()
    rawPositions.reserveCapacity(count)
    for (slot, p) in used.enumerated() {
      let base = bases[slot]
      for o in p.contentOffsets { rawPositions.append(base + UInt32(o)) }
      if originals {
        rawStarts += p.originalStarts
        rawEnds += p.originalEnds
      }
    }
    documentIDs = ids
    self.bases = bases
    let hashes = Self.gather(rawHashes, order)
    directory = HashDirectory(hashes, minimumBits: Self.directoryMinimumBits)
    lowHashes = Self.lowBits(hashes, directory)
    positions = Self.gather(rawPositions, order)
    originalStarts = originals ? Self.gather(rawStarts, order) : []
    originalEnds = originals ? Self.gather(rawEnds, order) : []
  }

  /// The low bits of sorted hashes, below `directory`'s.
  private static func lowBits(_ hashes: [UInt32], _ directory: HashDirectory<UInt32>) -> [UInt16] {
    hashes.map { UInt16(truncatingIfNeeded: directory.lowBits(of: $0)) }
  }

  /// The entries in position order: by slot (document), then by offset in the document's wording (positions
  /// are distinct).
  private var entriesByPosition: [Int32] { Self.radixOrder(positions) }

  /// Every entry's whole hash, in entry order (for the reference pack's encoding and for tests).
  var hashes: [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(lowHashes.count)
    for b in 0..<directory.bucketCount {
      for e in directory.entries(inBucket: b) { result.append(directory.hash(bucket: b, low: UInt32(lowHashes[e]))) }
    }
    return result
  }

  /// The permutation that sorts `keys` stably (least significant 16 bits first, then the rest).
  static func radixOrder(_ keys: [UInt32]) -> [Int32] {
    let n = keys.count
    var order = [Int32](unsafeUninitializedCapacity: n) { b, c in
      for i in 0..<n { b[i] = Int32(i) }
      c = n
    }
    var scratch = [Int32](repeating: 0, count: n)
    for shift in [UInt32(0), 16] {
      var counts = [Int](repeating: 0, count: 65_537)
      for key in keys { counts[Int(key >> shift & 0xFFFF) + 1] += 1 }
      for b in 1..<counts.count { counts[b] += counts[b - 1] }
      for i in order {
        let b = Int(keys[Int(i)] >> shift & 0xFFFF)
        scratch[counts[b]] = i
        counts[b] += 1
      }
      swap(&order, &scratch)
    }
    return order
  }

  static func gather<T>(_ values: [T], _ order: [Int32]) -> [T] {
    order.map { values[Int($0)] }
  }

  /// A copy that also knows each gram's original range, taken from the documents' texts (for the
  /// reference pack). Documents are `documents[id]`; an entry whose document has no text keeps an empty range.
  public func withOriginals(from documents: [CorpusDocument]) -> FingerprintIndex {
    var starts = [Int32](repeating: 0, count: count)
    var ends = [Int32](repeating: 0, count: count)
    // Visit entries by document, so each document's wording is computed once.
    var slot = -1
    var content: ContentText?
    var view: MatchingView?
    for e in entriesByPosition.lazy.map(Int.init) {
      let s = self.slot(of: positions[e])
      if s != slot {
        slot = s
        let id = Int(documentIDs[s])
        view = id >= 0 && id < documents.count ? documents[id].view : nil
        content = view.map { ContentText($0) }
      }
      let offset = Int(positions[e] - bases[s])
      guard let view, let content, offset + gramLength <= content.count else { continue }
      let v0 = Int(content.viewIndex[offset])
      let v1 = Int(content.viewIndex[offset + gramLength - 1])
      let original = view.originalRange(v0..<(v1 + 1))
      starts[e] = Int32(original.lowerBound)
      ends[e] = Int32(original.upperBound)
    }
    return FingerprintIndex(
      gramLength: gramLength, window: window, documentIDs: documentIDs, bases: bases, directory: directory,
      lowHashes: lowHashes, positions: positions, originalStarts: starts, originalEnds: ends)
  }

  /// Assembles an index from whole sorted hashes and other columns already checked by `validate`.
  private init(
    gramLength: Int, window: Int, documentIDs: [Int32], bases: [UInt32], hashes: [UInt32], positions: [UInt32],
    originalStarts: [Int32], originalEnds: [Int32]
  ) {
    let directory = HashDirectory(hashes, minimumBits: Self.directoryMinimumBits)
    self.init(
      gramLength: gramLength, window: window, documentIDs: documentIDs, bases: bases, directory: directory,
      lowHashes: Self.lowBits(hashes, directory), positions: positions, originalStarts: originalStarts,
      originalEnds: originalEnds)
  }

  /// Assembles an index from columns already checked by `validate`.
  private init(
    gramLength: Int, window: Int, documentIDs: [Int32], bases: [UInt32], directory: HashDirectory<UInt32>,
    lowHashes: [UInt16], positions: [UInt32], originalStarts: [Int32], originalEnds: [Int32]
  ) {
    self.gramLength = gramLength
    self.window = window
    self.documentIDs = documentIDs
    self.bases = bases
    self.directory = directory
    self.lowHashes = lowHashes
    self.positions = positions
    self.originalStarts = originalStarts
    self.originalEnds = originalEnds
  }

  /// Whether the index holds no fingerprint.
  public var isEmpty: Bool { lowHashes.isEmpty }

  /// Number of stored fingerprints.
  public var count: Int { lowHashes.count }

  /// Whether postings carry their original ranges (an index made `withOriginals`).
  public var hasOriginals: Bool { !originalStarts.isEmpty || lowHashes.isEmpty }

  /// The entries (indices into the columns) of a gram hash: a contiguous range, in document and text order.
  public func entries(for hash: UInt32) -> Range<Int> {
    directory.range(of: hash, inLowBits: lowHashes)
  }

  /// The occurrences of a gram hash in the corpus.
  public func postings(for hash: UInt32) -> [Posting] {
    entries(for: hash).map(posting)
  }

  /// Number of occurrences of a gram hash, without building them.
  public func postingCount(for hash: UInt32) -> Int { entries(for: hash).count }

  /// The document id of an entry.
  public func document(ofEntry e: Int) -> Int { Int(documentIDs[slot(of: positions[e])]) }

  /// The posting of an entry.
  public func posting(_ e: Int) -> Posting {
    let s = slot(of: positions[e])
    return Posting(
      document: Int(documentIDs[s]), contentOffset: Int(positions[e] - bases[s]),
      originalRange: originalStarts.isEmpty ? nil : Int(originalStarts[e])..<Int(originalEnds[e]))
  }

  /// The slot whose wording holds a corpus wording position: the last slot whose base is at or before it.
  private func slot(of position: UInt32) -> Int {
    // `bases[0]` is 0, at or before every position (`validate`).
    max(0, bases.partitionPoint(in: 0..<documentIDs.count) { $0 <= position } - 1)
  }

  // MARK: - Hashing and winnowing

  /// The hash of every gram of `scalars`: element `i` hashes `scalars[i..<(i + gramLength)]`.
  /// A polynomial rolling hash (stable across runs and platforms, unlike `Hasher`), finished with a mixer.
  public static func gramHashes(_ scalars: [Unicode.Scalar], gramLength k: Int) -> [UInt32] {
    guard k > 0, scalars.count >= k else { return [] }
    let base: UInt64 = 0x0000_0100_0000_01B3
    var top: UInt64 = 1  // base^(k-1)
    for _ in 1..<k { top &*= base }
    let n = scalars.count - k + 1
    return scalars.withUnsafeBufferPointer { s in
      [UInt32](unsafeUninitializedCapacity: n) { out, initialized in
        var h: UInt64 = 0
        for i in 0..<k { h = h &* base &+ UInt64(s[i].value) }
        out[0] = mix(h)
        var i = k
        while i < s.count {
          h = (h &- UInt64(s[i - k].value) &* top) &* base &+ UInt64(s[i].value)
          out[i - k + 1] = mix(h)
          i += 1
        }
        initialized = n
      }
    }
  }

  /// SplitMix64's finaliser, keeping the high half.
  @inline(__always)
  static func mix(_ x: UInt64) -> UInt32 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return UInt32(truncatingIfNeeded: z >> 32)
  }

  /// Robust winnowing: the position of the smallest hash in each window (the rightmost on ties), each
  /// position once. A text shorter than a window keeps its single smallest gram.
  static func winnow(_ hashes: [UInt32], window w: Int) -> [Int] {
    guard !hashes.isEmpty else { return [] }
    if hashes.count <= w {
      var best = 0
      for i in 1..<hashes.count where hashes[i] <= hashes[best] { best = i }
      return [best]
    }
    var result: [Int] = []
    result.reserveCapacity(2 * hashes.count / (w + 1) + 1)
    var minAt = -1
    for start in 0...(hashes.count - w) {
      let end = start + w
      if minAt < start {
        minAt = start
        for i in start..<end where hashes[i] <= hashes[minAt] { minAt = i }
        result.append(minAt)
      } else if hashes[end - 1] <= hashes[minAt] {
        minAt = end - 1
        result.append(minAt)
      }
    }
    return result
  }

  // MARK: - Validation

  /// Checks that columns read from a cache or a pack make an index every lookup can trust: lengths agree,
  /// hashes are sorted, bases ascend, and every position falls inside the corpus wording.
  private static func validate(
    gramLength: Int, window: Int, documentIDs: [Int32], bases: [UInt32], hashes: [UInt32], positions: [UInt32],
    originalStarts: [Int32], originalEnds: [Int32]
  ) -> String? {
    for i in hashes.indices.dropFirst() where hashes[i] < hashes[i - 1] { return "hashes are not sorted" }
    return validate(
      gramLength: gramLength, window: window, documentIDs: documentIDs, bases: bases, count: hashes.count,
      positions: positions, originalStarts: originalStarts, originalEnds: originalEnds)
  }

  /// `validate` for an index read with its directory and low hash bits: the directory's starts ascend to the
  /// last entry and the low bits ascend within each bucket (so the whole hashes are sorted).
  private static func validate(
    gramLength: Int, window: Int, documentIDs: [Int32], bases: [UInt32], directory: HashDirectory<UInt32>?,
    lowHashes: [UInt16], positions: [UInt32], originalStarts: [Int32], originalEnds: [Int32]
  ) -> String? {
    guard let directory, directory.shift <= 16 else { return "a bad hash directory" }
    for b in 0..<directory.bucketCount {
      let bucket = directory.entries(inBucket: b)
      for e in bucket {
        if UInt32(lowHashes[e]) != directory.lowBits(of: UInt32(lowHashes[e])) { return "a hash outside its bucket" }
        if e > bucket.lowerBound && lowHashes[e] < lowHashes[e - 1] { return "hashes are not sorted" }
      }
    }
    return validate(
      gramLength: gramLength, window: window, documentIDs: documentIDs, bases: bases, count: lowHashes.count,
      positions: positions, originalStarts: originalStarts, originalEnds: originalEnds)
  }

  /// The checks on every column but the hashes, for `count` entries.
  private static func validate(
    gramLength: Int, window: Int, documentIDs: [Int32], bases: [UInt32], count: Int, positions: [UInt32],
    originalStarts: [Int32], originalEnds: [Int32]
  ) -> String? {
    guard gramLength >= 2, gramLength <= 1024, window >= 1, window <= 1024 else { return "bad parameters" }
    guard bases.count == documentIDs.count + 1 else { return "bases do not match documents" }
    guard positions.count == count else { return "columns differ in length" }
    guard originalStarts.count == originalEnds.count, originalStarts.isEmpty || originalStarts.count == count
    else { return "original ranges differ in length" }
    guard bases.first == 0 || bases.isEmpty else { return "bases do not start at 0" }
    for i in bases.indices.dropFirst() where bases[i] < bases[i - 1] { return "bases descend" }
    for id in documentIDs where id < 0 { return "negative document id" }
    let end = bases.last ?? 0
    for p in positions where p >= end { return "an entry lies outside the corpus" }
    for i in originalStarts.indices where originalStarts[i] < 0 || originalEnds[i] < originalStarts[i] {
      return "a bad original range"
    }
    return nil
  }

  // MARK: - Cache encoding

  public func write(to writer: inout BinaryWriter) {
    writer.write(gramLength)
    writer.write(window)
    writer.write(UInt8(originalStarts.isEmpty ? 0 : 1))
    RawColumn.write(documentIDs, to: &writer)
    RawColumn.write(bases, to: &writer)
    RawColumn.write(directory.startsColumn, to: &writer)
    RawColumn.write(lowHashes, to: &writer)
    RawColumn.write(positions, to: &writer)
    if !originalStarts.isEmpty {
      RawColumn.write(originalStarts, to: &writer)
      RawColumn.write(originalEnds, to: &writer)
    }
  }

  public init(from reader: inout BinaryReader) throws(CorpusCacheError) {
    let k = try reader.readInt()
    let w = try reader.readInt()
    let withOriginals = try reader.readUInt8() == 1
    let ids: [Int32] = try RawColumn.read(&reader)
    let bases: [UInt32] = try RawColumn.read(&reader)
    let directoryStarts: [UInt32] = try RawColumn.read(&reader)
    let lowHashes: [UInt16] = try RawColumn.read(&reader)
    let positions: [UInt32] = try RawColumn.read(&reader)
    let starts: [Int32] = withOriginals ? try RawColumn.read(&reader) : []
    let ends: [Int32] = withOriginals ? try RawColumn.read(&reader) : []
    let directory = HashDirectory<UInt32>(startsColumn: directoryStarts, count: lowHashes.count)
    if let problem = Self.validate(
      gramLength: k, window: w, documentIDs: ids, bases: bases, directory: directory, lowHashes: lowHashes,
      positions: positions, originalStarts: starts, originalEnds: ends)
    {
      throw .malformed("fingerprint index: \(problem)")
    }
    guard let directory else { throw .malformed("fingerprint index: a bad hash directory") }
    self.init(
      gramLength: k, window: w, documentIDs: ids, bases: bases, directory: directory, lowHashes: lowHashes,
      positions: positions, originalStarts: starts, originalEnds: ends)
  }

  // MARK: - Codable (the reference pack)

  private enum CodingKeys: String, CodingKey {
    case gramLength, window, documents, bases, hashes, positions, originalStarts, originalEnds
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let k = try c.decodeIfPresent(Int.self, forKey: .gramLength) ?? Self.defaultGramLength
    let w = try c.decodeIfPresent(Int.self, forKey: .window) ?? Self.defaultWindow
    func column<T: FixedWidthInteger>(_ key: CodingKeys) throws -> [T] {
      guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return [] }
      guard let data = Data(base64Encoded: text), let values: [T] = RawColumn.values(data) else {
        throw Swift.DecodingError.dataCorruptedError(
          forKey: key, in: c, debugDescription: "\(key.stringValue) is damaged")
      }
      return values
    }
    let ids = try c.decodeIfPresent([Int32].self, forKey: .documents) ?? []
    let bases: [UInt32] = try c.decodeIfPresent([UInt32].self, forKey: .bases) ?? (ids.isEmpty ? [0] : [])
    let hashes: [UInt32] = try column(.hashes)
    let positions: [UInt32] = try column(.positions)
    let starts: [Int32] = try column(.originalStarts)
    let ends: [Int32] = try column(.originalEnds)
    if let problem = Self.validate(
      gramLength: k, window: w, documentIDs: ids, bases: bases, hashes: hashes, positions: positions,
      originalStarts: starts, originalEnds: ends)
    {
      throw Swift.DecodingError.dataCorruptedError(
        forKey: CodingKeys.hashes, in: c, debugDescription: "fingerprint index: \(problem)")
    }
    self.init(
      gramLength: k, window: w, documentIDs: ids, bases: bases, hashes: hashes, positions: positions,
      originalStarts: starts, originalEnds: ends)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(gramLength, forKey: .gramLength)
    try c.encode(window, forKey: .window)
    try c.encode(documentIDs, forKey: .documents)
    try c.encode(bases, forKey: .bases)
    try c.encode(RawColumn.bytes(hashes).base64EncodedString(), forKey: .hashes)
    try c.encode(RawColumn.bytes(positions).base64EncodedString(), forKey: .positions)
    if !originalStarts.isEmpty {
      try c.encode(RawColumn.bytes(originalStarts).base64EncodedString(), forKey: .originalStarts)
      try c.encode(RawColumn.bytes(originalEnds).base64EncodedString(), forKey: .originalEnds)
    }
  }
}

/// Columns of fixed-width integers as raw little-endian bytes: one bulk copy each way on little-endian machines.
enum RawColumn {
  static func bytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
    var data = Data(count: values.count * MemoryLayout<T>.size)
    data.withUnsafeMutableBytes { out in
      for (i, v) in values.enumerated() {
        out.storeBytes(of: v.littleEndian, toByteOffset: i * MemoryLayout<T>.size, as: T.self)
      }
    }
    return data
  }

  static func values<T: FixedWidthInteger>(_ data: Data) -> [T]? {
    data.withUnsafeBytes { values(UnsafeRawBufferPointer($0)) }
  }

  static func values<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer) -> [T]? {
    let size = MemoryLayout<T>.size
    guard raw.count % size == 0 else { return nil }
    let n = raw.count / size
    return [T](unsafeUninitializedCapacity: n) { out, initialized in
      for i in 0..<n { out[i] = T(littleEndian: raw.loadUnaligned(fromByteOffset: i * size, as: T.self)) }
      initialized = n
    }
  }

  static func write<T: FixedWidthInteger>(_ values: [T], to writer: inout BinaryWriter) {
    let isLittleEndian = 1.littleEndian == 1
    if isLittleEndian {
      values.withUnsafeBytes { writer.write(bytes: $0) }
    } else {
      writer.write(bytes: [UInt8](bytes(values)))
    }
  }

  static func read<T: FixedWidthInteger>(_ reader: inout BinaryReader) throws(CorpusCacheError) -> [T] {
    let raw = try reader.readBytes()
    guard let values: [T] = values(raw) else { throw .malformed("a column's length is not a whole number of values") }
    reader.releaseConsumed()
    return values
  }
}
