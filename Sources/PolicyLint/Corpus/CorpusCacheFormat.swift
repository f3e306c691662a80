import Foundation
import PolicyText

/// Appends little-endian integers and length-prefixed byte strings to a buffer: the compact encoding of
/// the corpus cache (see `protocol/performance.md`). An index part may use it directly by conforming to
/// `CorpusCacheBinaryCodable`, which is much faster to read back than a `Codable` property list or JSON.
public struct BinaryWriter: Sendable {
  /// The bytes written so far.
  public private(set) var bytes: [UInt8] = []

  /// Makes an empty writer, optionally reserving room for `capacity` bytes.
  public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// Appends an unsigned 8-bit value.
  public mutating func write(_ v: UInt8) { bytes.append(v) }

  /// Appends an unsigned 32-bit value, little-endian.
  public mutating func write(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

  /// Appends an unsigned 64-bit value, little-endian.
  public mutating func write(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

  /// Appends a signed 64-bit value, little-endian.
  public mutating func write(_ v: Int64) { write(UInt64(bitPattern: v)) }

  /// Appends an `Int` as 64 bits.
  public mutating func write(_ v: Int) { write(Int64(v)) }

  /// Appends a byte string with its 64-bit length in front.
  public mutating func write<C: Collection>(bytes b: C) where C.Element == UInt8 {
    write(UInt64(b.count))
    bytes.append(contentsOf: b)
  }

  /// Appends a string as length-prefixed UTF-8.
  public mutating func write(_ s: String) { write(bytes: Array(s.utf8)) }

  /// Appends an array of 32-bit values with its count in front (a bulk copy on little-endian machines).
  public mutating func write(_ values: [UInt32]) {
    write(UInt64(values.count))
    for v in values { write(v) }
  }
}

/// Reads what `BinaryWriter` wrote, from a byte buffer, checking every length against the bytes left:
/// a truncated or garbled buffer throws `CorpusCacheError.malformed`, it never reads out of bounds.
public struct BinaryReader {
  private let base: UnsafeRawBufferPointer
  /// Offset of the next byte to read.
  public private(set) var offset: Int
  /// Gives back the pages read past, when the bytes are a cache's index parts (`PartBuffer`).
  var releaser: PageReleaser?

  /// Reads `buffer` from `offset`. The buffer must outlive the reader.
  public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0) {
    base = buffer
    self.offset = offset
  }

  /// Bytes left to read.
  public var remaining: Int { base.count - offset }

  /// Everything before `offset` has been read for good: its pages may go (see `PartBuffer`).
  func releaseConsumed() { releaser?.consumed(upTo: base.baseAddress.map { $0 + offset }) }

  private mutating func take(_ n: Int) throws(CorpusCacheError) -> Int {
    guard n >= 0, n <= remaining else {
      throw .malformed("wants \(n) bytes at offset \(offset), only \(remaining) left")
    }
    let at = offset
    offset += n
    return at
  }

  /// Reads an unsigned 8-bit value.
  public mutating func readUInt8() throws(CorpusCacheError) -> UInt8 { base[try take(1)] }

  /// Reads an unsigned 32-bit little-endian value.
  public mutating func readUInt32() throws(CorpusCacheError) -> UInt32 {
    UInt32(littleEndian: base.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))
  }

  /// Reads an unsigned 64-bit little-endian value.
  public mutating func readUInt64() throws(CorpusCacheError) -> UInt64 {
    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self))
  }

  /// Reads a signed 64-bit value.
  public mutating func readInt64() throws(CorpusCacheError) -> Int64 { Int64(bitPattern: try readUInt64()) }

  /// Reads an `Int` written as 64 bits.
  public mutating func readInt() throws(CorpusCacheError) -> Int { Int(truncatingIfNeeded: try readInt64()) }

  /// Reads a count and checks that at least `count * minimumElementSize` bytes remain.
  public mutating func readCount(minimumElementSize: Int = 1) throws(CorpusCacheError) -> Int {
    let raw = try readUInt64()
    guard raw <= UInt64(remaining / max(1, minimumElementSize)) else {
      throw .malformed("count \(raw) at offset \(offset - 8) exceeds the bytes left")
    }
    return Int(raw)
  }

  /// Reads a length-prefixed byte string as a slice of the underlying buffer (no copy).
  public mutating func readBytes() throws(CorpusCacheError) -> UnsafeRawBufferPointer {
    let n = try readCount()
    let at = try take(n)
    return UnsafeRawBufferPointer(rebasing: base[at..<(at + n)])
  }

  /// Reads a length-prefixed UTF-8 string; invalid UTF-8 throws.
  public mutating func readString() throws(CorpusCacheError) -> String {
    let b = try readBytes()
    guard let s = String(validating: b, as: UTF8.self) else { throw .malformed("invalid UTF-8 at offset \(offset)") }
    return s
  }

  /// Reads an array of 32-bit values written by `BinaryWriter.write(_: [UInt32])`.
  public mutating func readUInt32Array() throws(CorpusCacheError) -> [UInt32] {
    let n = try readCount(minimumElementSize: 4)
    let at = try take(n * 4)
    return [UInt32](unsafeUninitializedCapacity: n) { out, initialized in
      for i in 0..<n {
        out[i] = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at + i * 4, as: UInt32.self))
      }
      initialized = n
    }
  }
}

/// An index part that writes itself in the cache's binary encoding instead of `Codable`.
///
/// Optional: a part that does not conform is stored with `Codable` (JSON). Conform when
/// the part is large (millions of entries), where `Codable` decoding dominates start-up.
public protocol CorpusCacheBinaryCodable {
  /// Writes the part.
  func write(to writer: inout BinaryWriter)
  /// Reads the part back; throws `CorpusCacheError.malformed` when the bytes do not make a part.
  init(from reader: inout BinaryReader) throws(CorpusCacheError)
}

/// Why a cache file was not used. A cache is rebuilt on any of these, never trusted.
public enum CorpusCacheError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file is truncated, garbled or not a cache.
  case malformed(String)
  /// The file was written by another format or tool version.
  case stale(String)

  public var description: String {
    switch self {
    case .malformed(let m): return "malformed cache: \(m)"
    case .stale(let m): return "cache from another version: \(m)"
    }
  }
}

/// A fast 64-bit checksum for detecting corruption (not for security): eight bytes per step, so a
/// 100 MB cache is checked in tens of milliseconds where byte-wise FNV-1a would take a few hundred.
public enum CacheChecksum {
  /// Checksum of a buffer.
  public static func of(_ buffer: UnsafeRawBufferPointer) -> UInt64 {
    let n = buffer.count
    var i = 0
    // Four independent lanes over 32-byte blocks, so the multiplications overlap (a start from the cache
    // checks some 230 MB for 10,000 documents); each step is a bijection of its lane, so a changed word
    // always changes the lane and the result.
    var a: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
    var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    var c: UInt64 = 0x1656_67B1_9E37_79F9
    var d: UInt64 = 0x85EB_CA77_C2B2_AE63
    let prime: UInt64 = 0x0000_0100_0000_01B3
    func word(_ at: Int) -> UInt64 { UInt64(littleEndian: buffer.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
    while i + 32 <= n {
      a = (a ^ word(i)) &* prime
      b = (b ^ word(i + 8)) &* prime
      c = (c ^ word(i + 16)) &* prime
      d = (d ^ word(i + 24)) &* prime
      a ^= a >> 29
      b ^= b >> 29
      c ^= c >> 29
      d ^= d >> 29
      i += 32
    }
    var h = a ^ (b << 16 | b >> 48) ^ (c << 32 | c >> 32) ^ (d << 48 | d >> 16)
    while i + 8 <= n {
      h = (h ^ word(i)) &* prime
      h ^= h >> 29
      i += 8
    }
    while i < n {
      h = (h ^ UInt64(buffer[i])) &* prime
      i += 1
    }
    h ^= h >> 32
    return h &* 0xD6E8_FEB8_6659_FD93
  }

  /// Checksum of a byte array.
  public static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { of($0) } }
}

extension FNV1a {
  /// Hashes a `Data` through its contiguous bytes: iterating `Data` as a generic sequence cost more than
  /// the hash itself when loading a corpus (measured by policylint-bench). Same result as `hash(_:)`.
  public static func hash(_ data: Data) -> UInt64 {
    data.withUnsafeBytes { raw in hash(raw) }
  }
}

/// Decodes UTF-8 that the cache itself wrote into scalars, with the count known in advance (through
/// `UTF8Scalars`, which the views rebuilt from the cache read too). Defensive all the same: a malformed
/// sequence throws rather than producing a wrong text.
enum CacheUTF8 {
  static func scalars(_ b: UnsafeRawBufferPointer, count: Int) throws(CorpusCacheError) -> [Unicode.Scalar] {
    guard let scalars = UTF8Scalars.decode(b, count: count) else {
      throw .malformed("a cached text is not the UTF-8 it claims to be")
    }
    return scalars
  }
}
