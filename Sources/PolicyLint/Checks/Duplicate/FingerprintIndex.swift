import Foundation
import PolicyText

/// Winnowed k-gram fingerprints of the corpus documents' wording, for finding passages a draft reuses.
///
/// Each document's matching view is reduced to its wording (`ContentText`: Han, letters, digits), every
/// `gramLength`-gram of it is hashed, and winnowing (Schleimer, Wilkerson and Aiken 2003) keeps the smallest
/// hash of every `window` consecutive grams. Any stretch of `gramLength + window - 1` shared characters
/// therefore shares at least one kept fingerprint, while only about `2 / (window + 1)` of the grams are
/// stored. A draft looks up all of its grams in a hash table, so matching costs one lookup per draft
/// character and never scans a document.
///
/// Each fingerprint keeps the document id, its offset in the document's wording and view, and the
/// original scalar range of its gram. The original offsets let the reference pack, which has no texts,
/// still say where in a document a passage sits; with texts, matches are extended and placed exactly.
///
/// The index is `Codable` (compactly: each document's fingerprints as one base64 block) so it can be
/// cached and compiled into the reference pack; the lookup table is rebuilt when it is decoded.
public struct FingerprintIndex: Sendable, Codable {
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
    /// View index of the gram's first character.
    public var viewOffset: Int
    /// Original scalar range of the gram in the document.
    public var originalRange: Range<Int>
  }

  /// The fingerprints of one document, in column form.
  struct DocumentPrints: Sendable {
    var document: Int
    var hashes: [UInt32] = []
    var contentOffsets: [Int32] = []
    var viewOffsets: [Int32] = []
    var originalStarts: [Int32] = []
    var originalEnds: [Int32] = []

    var count: Int { hashes.count }
  }

  private let prints: [DocumentPrints]
  /// Hash → (slot in `prints`, entry) pairs packed as `slot << 32 | entry`.
  private let table: [UInt32: [UInt64]]

  /// Default gram length: eight characters is about two words, rare enough outside shared wording.
  public static let defaultGramLength = 8
  /// Default window: guarantees detection of any shared stretch of 19 characters or more.
  public static let defaultWindow = 12

  /// Builds the index over documents that have text (documents without text are skipped).
  public init(documents: [CorpusDocument]) {
    self.init(documents: documents, gramLength: Self.defaultGramLength, window: Self.defaultWindow)
  }

  /// Builds the index with explicit parameters.
  public init(documents: [CorpusDocument], gramLength: Int, window: Int) {
    self.gramLength = max(2, gramLength)
    self.window = max(1, window)
    var all: [DocumentPrints] = []
    for doc in documents {
      guard let view = doc.view else { continue }
      let content = ContentText(view)
      let hashes = Self.gramHashes(content.scalars, gramLength: self.gramLength)
      var p = DocumentPrints(document: doc.id)
      for i in Self.winnow(hashes, window: self.window) {
        let v0 = Int(content.viewIndex[i])
        let v1 = Int(content.viewIndex[i + self.gramLength - 1])
        let original = view.originalRange(v0..<(v1 + 1))
        p.hashes.append(hashes[i])
        p.contentOffsets.append(Int32(i))
        p.viewOffsets.append(Int32(v0))
        p.originalStarts.append(Int32(original.lowerBound))
        p.originalEnds.append(Int32(original.upperBound))
      }
      all.append(p)
    }
    prints = all
    table = Self.makeTable(all)
  }

  /// Whether the index holds no fingerprint.
  public var isEmpty: Bool { table.isEmpty }

  /// Number of stored fingerprints.
  public var count: Int { prints.reduce(0) { $0 + $1.count } }

  /// The occurrences of a gram hash in the corpus.
  public func postings(for hash: UInt32) -> [Posting] {
    guard let refs = table[hash] else { return [] }
    return refs.map(posting)
  }

  /// Number of occurrences of a gram hash, without building them.
  public func postingCount(for hash: UInt32) -> Int { table[hash]?.count ?? 0 }

  private func posting(_ ref: UInt64) -> Posting {
    let p = prints[Int(ref >> 32)]
    let e = Int(ref & 0xFFFF_FFFF)
    return Posting(
      document: p.document, contentOffset: Int(p.contentOffsets[e]), viewOffset: Int(p.viewOffsets[e]),
      originalRange: Int(p.originalStarts[e])..<Int(p.originalEnds[e]))
  }

  private static func makeTable(_ prints: [DocumentPrints]) -> [UInt32: [UInt64]] {
    var table: [UInt32: [UInt64]] = [:]
    for (slot, p) in prints.enumerated() {
      for e in 0..<p.count { table[p.hashes[e], default: []].append(UInt64(slot) << 32 | UInt64(e)) }
    }
    return table
  }

  // MARK: - Hashing and winnowing

  /// The hash of every gram of `scalars`: element `i` hashes `scalars[i..<(i + gramLength)]`.
  /// A polynomial rolling hash (stable across runs and platforms, unlike `Hasher`), finished with a mixer.
  public static func gramHashes(_ scalars: [Unicode.Scalar], gramLength k: Int) -> [UInt32] {
    guard k > 0, scalars.count >= k else { return [] }
    let base: UInt64 = 0x0000_0100_0000_01B3
    var top: UInt64 = 1  // base^(k-1)
    for _ in 1..<k { top &*= base }
    var h: UInt64 = 0
    for i in 0..<k { h = h &* base &+ UInt64(scalars[i].value) }
    var result: [UInt32] = []
    result.reserveCapacity(scalars.count - k + 1)
    result.append(mix(h))
    var i = k
    while i < scalars.count {
      h = (h &- UInt64(scalars[i - k].value) &* top) &* base &+ UInt64(scalars[i].value)
      result.append(mix(h))
      i += 1
    }
    return result
  }

  /// SplitMix64's finaliser, keeping the high half.
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

  // MARK: - Codable

  private enum CodingKeys: String, CodingKey {
    case gramLength, window, documents
  }

  private struct EncodedDocument: Codable {
    var id: Int
    var count: Int
    /// Little-endian records of five 32-bit fields: hash, content offset, view offset, original start, end.
    var data: String
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    gramLength = try c.decodeIfPresent(Int.self, forKey: .gramLength) ?? Self.defaultGramLength
    window = try c.decodeIfPresent(Int.self, forKey: .window) ?? Self.defaultWindow
    let encoded = try c.decodeIfPresent([EncodedDocument].self, forKey: .documents) ?? []
    var all: [DocumentPrints] = []
    for doc in encoded {
      guard let data = Data(base64Encoded: doc.data), data.count == doc.count * 20 else {
        throw Swift.DecodingError.dataCorruptedError(
          forKey: .documents, in: c, debugDescription: "fingerprints of document \(doc.id) are damaged")
      }
      let bytes = [UInt8](data)
      func word(_ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
      }
      var p = DocumentPrints(document: doc.id)
      for e in 0..<doc.count {
        let o = e * 20
        p.hashes.append(word(o))
        p.contentOffsets.append(Int32(bitPattern: word(o + 4)))
        p.viewOffsets.append(Int32(bitPattern: word(o + 8)))
        p.originalStarts.append(Int32(bitPattern: word(o + 12)))
        p.originalEnds.append(Int32(bitPattern: word(o + 16)))
      }
      all.append(p)
    }
    prints = all
    table = Self.makeTable(all)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(gramLength, forKey: .gramLength)
    try c.encode(window, forKey: .window)
    let docs = prints.map { p -> EncodedDocument in
      var bytes: [UInt8] = []
      bytes.reserveCapacity(p.count * 20)
      func put(_ v: UInt32) {
        bytes.append(UInt8(v & 0xFF))
        bytes.append(UInt8(v >> 8 & 0xFF))
        bytes.append(UInt8(v >> 16 & 0xFF))
        bytes.append(UInt8(v >> 24))
      }
      for e in 0..<p.count {
        put(p.hashes[e])
        put(UInt32(bitPattern: p.contentOffsets[e]))
        put(UInt32(bitPattern: p.viewOffsets[e]))
        put(UInt32(bitPattern: p.originalStarts[e]))
        put(UInt32(bitPattern: p.originalEnds[e]))
      }
      return EncodedDocument(id: p.document, count: p.count, data: Data(bytes).base64EncodedString())
    }
    try c.encode(docs, forKey: .documents)
  }
}
