/// Splits a byte stream into `Content-Length`-framed message bodies (the LSP base protocol).
///
/// Bytes arrive in arbitrary chunks: a header may be split anywhere, and one chunk may hold several
/// messages. Errors never lose sync: a bad header block is dropped up to the next `Content-Length` header
/// inside it or its blank line; a body over the size cap, or with a charset other than UTF-8, is skipped by
/// its declared length.
public struct MessageFramer: Sendable {
  /// One thing the framer found in the stream.
  public enum Item: Sendable, Hashable {
    /// A complete body.
    case body([UInt8])
    /// Something wrong in the stream, already skipped.
    case error(FramingError)
  }

  /// The largest body accepted unless the caller says otherwise: 64 MiB.
  public static let defaultMaximumBodyBytes = 64 << 20
  /// The longest header block accepted.
  public static let maximumHeaderBytes = 8 * 1024

  /// The largest body accepted.
  public let maximumBodyBytes: Int
  private var buffer: [UInt8] = []
  private var start = 0
  private var bodyLength: Int?
  private var skipping = 0
  private var discardingHeader = false

  /// Makes a framer.
  public init(maximumBodyBytes: Int = MessageFramer.defaultMaximumBodyBytes) {
    self.maximumBodyBytes = maximumBodyBytes
  }

  /// Bytes held but not yet returned.
  public var bufferedByteCount: Int { buffer.count - start }

  /// Adds bytes read from the stream.
  public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
    if start > 0 && start >= buffer.count / 2 {
      buffer.removeFirst(start)
      start = 0
    }
    var incoming = bytes[...]
    if skipping > 0 && start == buffer.count {
      let n = min(skipping, incoming.count)
      skipping -= n
      incoming = incoming.dropFirst(n)
    }
    buffer.append(contentsOf: incoming)
  }

  /// The next body or error, or nil when more bytes are needed.
  public mutating func next() -> Item? {
    while true {
      if skipping > 0 {
        let n = min(skipping, buffer.count - start)
        skipping -= n
        start += n
        if skipping > 0 { return nil }
      }
      if let length = bodyLength {
        guard buffer.count - start >= length else { return nil }
        let body = Array(buffer[start..<(start + length)])
        start += length
        bodyLength = nil
        return .body(body)
      }
      guard let end = headerEnd() else {
        if buffer.count - start > Self.maximumHeaderBytes {
          // Keep the last three bytes: they may begin the blank line that ends this oversized block.
          start = buffer.count - 3
          if !discardingHeader {
            discardingHeader = true
            return .error(.headerTooLong(limit: Self.maximumHeaderBytes))
          }
        }
        return nil
      }
      let block = Array(buffer[start..<end])
      let blockStart = start
      start = end + 4
      if discardingHeader {
        discardingHeader = false
        continue
      }
      switch Self.parseHeader(block) {
      case .success(let header):
        if let charset = header.charset {
          skipping = header.length
          return .error(.unsupportedCharset(charset))
        }
        if header.length > maximumBodyBytes {
          skipping = header.length
          return .error(.tooLarge(bytes: header.length, limit: maximumBodyBytes))
        }
        bodyLength = header.length
      case .failure(let error):
        // A body sent without a header runs straight into the next message's header: restart there.
        if let restart = Self.lastContentLength(in: block), restart > 0 {
          start = blockStart + restart
        }
        return .error(error)
      }
    }
  }

  private func headerEnd() -> Int? {
    var i = start
    let n = buffer.count
    while i + 3 < n {
      if buffer[i] == 0x0D && buffer[i + 1] == 0x0A && buffer[i + 2] == 0x0D && buffer[i + 3] == 0x0A { return i }
      i += 1
    }
    return nil
  }

  struct Header {
    var length: Int
    var charset: String?
  }

  static func parseHeader(_ block: [UInt8]) -> Result<Header, FramingError> {
    var length: Int?
    var charset: String?
    let text = String(decoding: block, as: UTF8.self)
    for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
      guard let colon = line.firstIndex(of: ":") else {
        return .failure(.malformedHeader(String(line.prefix(80))))
      }
      let name = line[..<colon].trimmingCharacters(in: " \t").lowercased()
      let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
      switch name {
      case "content-length":
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), value.count <= 15, let n = Int(value)
        else {
          return .failure(.invalidContentLength(value))
        }
        length = n
      case "content-type":
        for part in value.split(separator: ";").dropFirst() {
          let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t\"") }
          if kv.count == 2, kv[0].lowercased() == "charset" {
            let c = kv[1].lowercased()
            // LSP accepts `utf8` as well as `utf-8` for backwards compatibility.
            if c != "utf-8" && c != "utf8" { charset = kv[1] }
          }
        }
      default:
        continue
      }
    }
    guard let length else { return .failure(.missingContentLength) }
    return .success(Header(length: length, charset: charset))
  }

  static func lastContentLength(in block: [UInt8]) -> Int? {
    let needle = Array("content-length".utf8)
    guard block.count >= needle.count else { return nil }
    var i = block.count - needle.count
    while i >= 0 {
      var match = true
      for j in 0..<needle.count {
        var b = block[i + j]
        if b >= 0x41 && b <= 0x5A { b += 0x20 }
        if b != needle[j] {
          match = false
          break
        }
      }
      if match { return i }
      i -= 1
    }
    return nil
  }

  /// Frames a body for writing: `Content-Length: N\r\n\r\n` then the body.
  public static func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }
}

/// What went wrong in the byte stream; the framer has already skipped the bad part.
public enum FramingError: Error, Sendable, Hashable, CustomStringConvertible {
  case missingContentLength
  case invalidContentLength(String)
  case malformedHeader(String)
  case headerTooLong(limit: Int)
  case tooLarge(bytes: Int, limit: Int)
  case unsupportedCharset(String)

  public var description: String {
    switch self {
    case .missingContentLength: return "a message header has no Content-Length; the header was skipped"
    case .invalidContentLength(let v): return "Content-Length '\(v)' is not a byte count; the header was skipped"
    case .malformedHeader(let line): return "malformed header line '\(line)'; the header was skipped"
    case .headerTooLong(let limit): return "a message header is longer than \(limit) bytes; it was skipped"
    case .tooLarge(let bytes, let limit):
      return "a message of \(bytes) bytes exceeds the limit of \(limit) bytes; it was skipped"
    case .unsupportedCharset(let c): return "charset '\(c)' is not supported (only utf-8); the message was skipped"
    }
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s = s.dropFirst() }
    while let l = s.last, set.contains(l) { s = s.dropLast() }
    return String(s)
  }
}
