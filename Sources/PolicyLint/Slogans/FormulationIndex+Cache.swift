import Foundation

/// The corpus cache's encoding of `FormulationIndex` (the reference pack keeps using `Codable`).
///
/// Why: a recurring clause records one `Use` per document, so a 10,000-document corpus holds millions of
/// uses; as JSON they took most of the time of writing the cache and of starting from it. Here every number
/// is a variable-length integer (a use takes about a dozen bytes), the number contexts' too (as JSON they were
/// a third of decoding this part).
/// Decoding gives the same value `init(from: Decoder)` gives for the same index (derived parts rebuilt the
/// same way); FormulationCacheEncodingTests compares the two, so a new field left out here fails a test.
extension FormulationIndex: CorpusCacheBinaryCodable {
  public func write(to writer: inout BinaryWriter) {
    var w = VarintWriter()
    w.put(formulations.count)
    for f in formulations {
      w.put(f.text)
      w.put(Kind.allCases.firstIndex(of: f.kind) ?? 0)
      w.put(f.members.count)
      for m in f.members { w.put(m) }
      w.put(f.uses)
    }
    w.put(disputes.count)
    for d in disputes {
      w.put(d.weak)
      w.put(d.strong)
      w.put(d.weakUses)
      w.put(d.strongUses)
      w.put(d.wholeClause ? 1 : 0)
    }
    w.put(attestedHashes.count)
    for h in attestedHashes { w.put(Int(h)) }
    w.put(attestedSoleDocument.count)
    for s in attestedSoleDocument { w.put(s) }
    w.put(documentFacts.count)
    for f in documentFacts {
      w.put(f.date)
      w.put(f.rank)
    }
    writer.write(bytes: w.bytes)
    var n = VarintWriter()
    numbers.write(to: &n)
    writer.write(bytes: n.bytes)
    sentences.write(to: &writer)
    // The near-copy pairs, when known (a flag, then the flat places).
    var pairs = VarintWriter()
    pairs.put(nearCopyPairs == nil ? 0 : 1)
    if let places = nearCopyPairs?.places {
      pairs.put(places.count)
      for p in places { pairs.put(Int(p)) }
    }
    writer.write(bytes: pairs.bytes)
  }

  public init(from reader: inout BinaryReader) throws(CorpusCacheError) {
    let raw = try reader.readBytes()
    var r = VarintReader(raw)
    r.releaser = reader.releaser
    var formulations: [Formulation] = []
    let formulationCount = try r.count()
    formulations.reserveCapacity(formulationCount)
    for _ in 0..<formulationCount {
      let text = try r.string()
      let kindIndex = try r.int()
      guard Kind.allCases.indices.contains(kindIndex) else { throw .malformed("formulation kind \(kindIndex)") }
      var members: [String] = []
      for _ in 0..<(try r.count()) { members.append(try r.string()) }
      formulations.append(Formulation(text: text, kind: Kind.allCases[kindIndex], members: members, uses: try r.uses()))
    }
    var disputes: [Dispute] = []
    for _ in 0..<(try r.count()) {
      let weak = try r.string()
      let strong = try r.string()
      let weakUses = try r.uses()
      let strongUses = try r.uses()
      disputes.append(
        Dispute(weak: weak, strong: strong, weakUses: weakUses, strongUses: strongUses, wholeClause: try r.int() == 1))
    }
    var hashes: [UInt32] = []
    let hashCount = try r.count()
    hashes.reserveCapacity(hashCount)
    for _ in 0..<hashCount {
      let h = try r.int()
      guard h >= 0, h <= Int(UInt32.max) else { throw .malformed("clause hash out of range") }
      hashes.append(UInt32(h))
    }
    var sole: [Int] = []
    let soleCount = try r.count()
    sole.reserveCapacity(soleCount)
    for _ in 0..<soleCount { sole.append(try r.int()) }
    var facts: [DocumentFacts] = []
    let factCount = try r.count()
    facts.reserveCapacity(factCount)
    for _ in 0..<factCount {
      let date = SimpleDate(year: try r.int(), month: try r.int(), day: try r.int())
      facts.append(DocumentFacts(date: date, rank: try r.int()))
    }
    guard r.isAtEnd else { throw .malformed("formulation index has trailing bytes") }
    var numberReader = VarintReader(try reader.readBytes())
    let numbers = try NumberContexts(from: &numberReader)
    guard numberReader.isAtEnd else { throw .malformed("number contexts have trailing bytes") }
    let sentences = try SentenceLookup(from: &reader)
    var pairReader = VarintReader(try reader.readBytes())
    var nearCopyPairs: NearCopyPairs?
    if try pairReader.int() == 1 {
      let count = try pairReader.count()
      guard count % 4 == 0 else { throw .malformed("near-copy pairs not in fours") }
      var places: [Int32] = []
      places.reserveCapacity(count)
      for _ in 0..<count {
        let p = try pairReader.int()
        guard p >= 0, p <= Int(Int32.max) else { throw .malformed("a near-copy pair out of range") }
        places.append(Int32(p))
      }
      nearCopyPairs = NearCopyPairs(places: places)
    }
    guard pairReader.isAtEnd else { throw .malformed("near-copy pairs have trailing bytes") }
    // As `init(from: Decoder)` does, the derived parts are rebuilt; unlike it, the sentence lookup is kept.
    self.init()
    self.formulations = formulations
    self.disputes = disputes
    attestedHashes = hashes
    attestedSoleDocument = sole
    self.numbers = numbers
    self.sentences = sentences
    documentFacts = facts
    self.nearCopyPairs = nearCopyPairs
    if let problem = unknownDocument() { throw .malformed("\(problem) names a document without a date") }
    canonical = CanonicalSet.corpus(self)
  }
}

/// Zigzag LEB128 integers and length-prefixed UTF-8 strings into a byte array.
struct VarintWriter {
  var bytes: [UInt8] = []

  mutating func put(_ value: Int) {
    var v = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  mutating func put(_ s: String) {
    put(s.utf8.count)
    bytes.append(contentsOf: s.utf8)
  }

  /// A date as year, month, day.
  mutating func put(_ d: SimpleDate) {
    put(d.year)
    put(d.month)
    put(d.day)
  }

  /// A range as its start and length.
  mutating func put(_ r: Range<Int>) {
    put(r.lowerBound)
    put(r.count)
  }

  /// Uses as their count, then their in-memory bytes: a plain 12-byte value each, read back with one copy
  /// (as varints they were most of the time of a start from the cache). The cache is read only by the build
  /// that wrote it (`CorpusCache.buildIdentity`), so the layout cannot differ; its stride is written too,
  /// and every use read back is checked (`FormulationIndex.Use.isWellFormed`).
  mutating func put(_ uses: [FormulationIndex.Use]) {
    put(uses.count)
    guard !uses.isEmpty else { return }
    put(MemoryLayout<FormulationIndex.Use>.stride)
    uses.withUnsafeBytes { bytes.append(contentsOf: $0) }
  }
}

/// Reads what `VarintWriter` wrote; every read is bounds-checked, so damaged bytes throw.
struct VarintReader {
  let base: UnsafeRawBufferPointer
  var offset = 0
  /// Gives back the pages read past, when the bytes are a cache's index parts (`PartBuffer`).
  var releaser: PageReleaser?

  init(_ base: UnsafeRawBufferPointer) { self.base = base }

  var isAtEnd: Bool { offset == base.count }

  mutating func int() throws(CorpusCacheError) -> Int {
    var v: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < base.count, shift < 64 else { throw .malformed("a number runs past the formulation index") }
      let b = base[offset]
      offset += 1
      v |= UInt64(b & 0x7F) << shift
      if b < 0x80 { break }
      shift += 7
    }
    return Int(Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1))
  }

  /// A count, which cannot exceed the bytes left (every element takes at least one).
  mutating func count() throws(CorpusCacheError) -> Int {
    let n = try int()
    guard n >= 0, n <= base.count - offset else { throw .malformed("count \(n) exceeds the bytes left") }
    return n
  }

  mutating func string() throws(CorpusCacheError) -> String {
    let n = try count()
    let slice = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n)])
    offset += n
    guard let s = String(validating: slice, as: UTF8.self) else { throw .malformed("invalid UTF-8") }
    return s
  }

  mutating func uses() throws(CorpusCacheError) -> [FormulationIndex.Use] {
    let n = try count()
    guard n > 0 else { return [] }
    let stride = MemoryLayout<FormulationIndex.Use>.stride
    guard try int() == stride else { throw .malformed("uses written with another layout") }
    guard n <= (base.count - offset) / stride else { throw .malformed("uses run past the formulation index") }
    let source = UnsafeRawBufferPointer(rebasing: base[offset..<(offset + n * stride)])
    offset += n * stride
    let uses = [FormulationIndex.Use](unsafeUninitializedCapacity: n) { buffer, initialized in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: source)
      initialized = n
    }
    guard uses.allSatisfy(\.isWellFormed) else { throw .malformed("a use out of range") }
    releaser?.consumed(upTo: base.baseAddress.map { $0 + offset })
    return uses
  }

  /// What `VarintWriter.put(_: SimpleDate)` wrote.
  mutating func date() throws(CorpusCacheError) -> SimpleDate {
    SimpleDate(year: try int(), month: try int(), day: try int())
  }

  /// What `VarintWriter.put(_: Range<Int>)` wrote; a negative or overflowing range throws.
  mutating func range() throws(CorpusCacheError) -> Range<Int> {
    let start = try int()
    let length = try int()
    guard start >= 0, length >= 0, start <= Int.max - length else { throw .malformed("a bad range") }
    return start..<(start + length)
  }
}
