import JSONRPC

/// The invariants of the JSON-RPC transport, checked on arbitrary bytes.
///
/// Compiled into `JSONRPCTests` (the fuzz-regression test replays committed inputs through it) and into the
/// libFuzzer binary built by `Tests/Fuzz/run.sh`. The input is treated both as a raw byte stream (framing)
/// and as a message body (JSON decoding), since a fuzzer mutating either finds different bugs.
enum FramerInvariants {
  /// Returns one line per broken invariant (empty when all hold).
  static func check(bytes: [UInt8]) -> [String] {
    var problems: [String] = []
    // Framing must not depend on how the stream is cut into reads.
    let whole = frame(bytes, chunks: [bytes.count])
    let sizes = chunkSizes(for: bytes)
    let chunked = frame(bytes, chunks: sizes)
    if whole.items != chunked.items {
      problems.append(
        "framing depends on read sizes \(sizes.prefix(8)): \(whole.items.count) vs \(chunked.items.count) items")
    }
    if whole.buffered > bytes.count { problems.append("framer holds \(whole.buffered) bytes of \(bytes.count) fed") }
    let bytewise = frame(
      bytes, chunks: Array(repeating: 1, count: min(bytes.count, 4096)) + [max(0, bytes.count - 4096)])
    if whole.items != bytewise.items { problems.append("framing one byte at a time differs from one read") }
    // A small size cap is enforced without losing sync.
    let capped = frame(bytes, chunks: sizes, maximumBodyBytes: 16)
    for case .body(let body) in capped.items where body.count > 16 {
      problems.append("a body of \(body.count) bytes passed a cap of 16")
    }
    // Every body the framer returns goes through the decoder the server uses.
    for case .body(let body) in whole.items.prefix(16) { problems += checkBody(body) }
    // The raw input as a body too (the decoder's own fuzz target).
    problems += checkBody(bytes)
    // Framing what the framer returned gives it back exactly, even followed by the rest of the stream.
    if case .body(let body)? = whole.items.first {
      let again = frame(MessageFramer.frame(body) + bytes, chunks: sizes)
      if again.items.first != .body(body) { problems.append("re-framing a body did not give it back") }
    }
    return problems
  }

  /// JSON parsing and message decoding: never crash; what parses serialises to JSON that parses to the same
  /// serialisation; a decoded message survives its own encoding.
  static func checkBody(_ body: [UInt8]) -> [String] {
    var problems: [String] = []
    _ = Inbound.decode(body: body)
    guard let value = try? JSONValue.parse(body) else { return problems }
    let once = value.serialized()
    guard let reparsed = try? JSONValue.parse(once) else {
      return ["serialised JSON does not parse: \(String(decoding: once.prefix(120), as: UTF8.self))"]
    }
    if reparsed.serialized() != once {
      problems.append("serialisation is not stable: \(String(decoding: once.prefix(120), as: UTF8.self))")
    }
    if case .success(let message) = Message.decode(value) {
      let encoded = message.json.serialized()
      switch (try? JSONValue.parse(encoded)).map(Message.decode) {
      case .success(let back)?:
        if back.json.serialized() != encoded { problems.append("a message changed through encode → decode") }
      default:
        problems.append("an encoded message does not decode: \(String(decoding: encoded.prefix(120), as: UTF8.self))")
      }
    }
    return problems
  }

  /// Read sizes derived from the input itself, so the fuzzer explores splits along with content.
  static func chunkSizes(for bytes: [UInt8]) -> [Int] {
    var sizes: [Int] = []
    var total = 0
    var k = 0
    while total < bytes.count {
      let size = 1 + Int(bytes[k % bytes.count]) % 23
      sizes.append(size)
      total += size
      k += 7
    }
    return sizes
  }

  struct Framed {
    var items: [MessageFramer.Item]
    var buffered: Int
  }

  static func frame(_ bytes: [UInt8], chunks: [Int], maximumBodyBytes: Int = MessageFramer.defaultMaximumBodyBytes)
    -> Framed
  {
    var framer = MessageFramer(maximumBodyBytes: maximumBodyBytes)
    var items: [MessageFramer.Item] = []
    var offset = 0
    for size in chunks where offset < bytes.count {
      let end = min(bytes.count, offset + size)
      framer.append(bytes[offset..<end])
      offset = end
      while let item = framer.next() { items.append(item) }
    }
    if offset < bytes.count {
      framer.append(bytes[offset...])
      while let item = framer.next() { items.append(item) }
    }
    return Framed(items: items, buffered: framer.bufferedByteCount)
  }
}
