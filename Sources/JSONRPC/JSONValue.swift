/// A JSON value, as JSON-RPC carries it.
///
/// Numbers are `Double`, as in JSON itself; integers up to 2^53 survive a round trip exactly and are
/// written without a fraction. Objects keep no key order; `serialized()` writes keys sorted so output is
/// deterministic (transcripts compare byte for byte).
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue])
}

extension JSONValue {
  /// The member `key` of an object, or nil (also for non-objects).
  public subscript(key: String) -> JSONValue? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  /// The string, if this is one.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The number as an integer, if this is a number with no fraction that fits in `Int`.
  public var intValue: Int? {
    guard case .number(let d) = self, d.rounded() == d, abs(d) < 9.007_199_254_740_992e15 else { return nil }
    return Int(d)
  }

  /// The number, if this is one.
  public var doubleValue: Double? {
    if case .number(let d) = self { return d }
    return nil
  }

  /// The Boolean, if this is one.
  public var boolValue: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }

  /// The elements, if this is an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }

  /// The members, if this is an object.
  public var objectValue: [String: JSONValue]? {
    if case .object(let o) = self { return o }
    return nil
  }

  /// Whether this is `null`.
  public var isNull: Bool { self == .null }

  /// Follows a path of object keys: `value[path: "capabilities", "general"]`.
  public subscript(path keys: String...) -> JSONValue? {
    var current: JSONValue? = self
    for key in keys { current = current?[key] }
    return current
  }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  public init(floatLiteral value: Double) { self = .number(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
  public init(nilLiteral: ()) { self = .null }
  public init(dictionaryLiteral elements: (String, JSONValue)...) {
    var o: [String: JSONValue] = [:]
    for (k, v) in elements { o[k] = v }
    self = .object(o)
  }
}

extension JSONValue {
  /// An integer as a JSON number.
  public static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
}

// MARK: - Serializing

extension JSONValue {
  /// The value as compact UTF-8 JSON, object keys sorted.
  public func serialized() -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(256)
    write(to: &out)
    return out
  }

  /// The value as a compact JSON string, object keys sorted.
  public var jsonString: String { String(decoding: serialized(), as: UTF8.self) }

  private func write(to out: inout [UInt8]) {
    switch self {
    case .null: out.append(contentsOf: Array("null".utf8))
    case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
    case .number(let d):
      // Integers (line and character numbers, most of a diagnostic's numbers) are written digit by digit.
      if d.rounded() == d && abs(d) < 9.007_199_254_740_992e15 {
        Self.writeInteger(Int64(d), to: &out)
      } else {
        out.append(contentsOf: Array(Self.format(d).utf8))
      }
    case .string(let s): Self.writeString(s, to: &out)
    case .array(let a):
      out.append(UInt8(ascii: "["))
      for (i, v) in a.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        v.write(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let o):
      out.append(UInt8(ascii: "{"))
      for (i, member) in o.sorted(by: { $0.key < $1.key }).enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        Self.writeString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        member.value.write(to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// JSON has no NaN or infinity: they are written as `null`; integers are written without a fraction.
  static func format(_ d: Double) -> String {
    guard d.isFinite else { return "null" }
    if d.rounded() == d && abs(d) < 9.007_199_254_740_992e15 { return String(Int64(d)) }
    return "\(d)"
  }

  /// Writes an integer's decimal digits.
  public static func writeInteger(_ value: Int64, to out: inout [UInt8]) {
    if value < 0 { out.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    guard magnitude > 0 else {
      out.append(UInt8(ascii: "0"))
      return
    }
    let start = out.count
    while magnitude > 0 {
      out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
      magnitude /= 10
    }
    out[start...].reverse()
  }

  private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

  /// Writes a string as a JSON string literal (quoted, escaped as `serialized()` escapes it).
  public static func writeString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Most strings need no escape: copy their bytes at once (per-byte appends were most of writing a
    // publishDiagnostics with hundreds of messages).
    var copy = s
    let plain = copy.withUTF8 { bytes -> Bool in
      guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
        return false
      }
      out.append(contentsOf: bytes)
      return true
    }
    if plain {
      out.append(UInt8(ascii: "\""))
      return
    }
    for b in s.utf8 {
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
      case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
      case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
      case 0..<0x20:
        out.append(contentsOf: Array("\\u00".utf8))
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 0xF)])
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}

// MARK: - Parsing

/// Why a JSON text could not be parsed, with the byte offset where it went wrong.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Byte offset into the text.
  public let offset: Int
  /// What was expected or found.
  public let reason: String

  public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

extension JSONValue {
  /// The deepest nesting accepted; deeper input is rejected rather than risking the stack.
  public static let maximumDepth = 512

  /// Parses a complete JSON text (RFC 8259): one value with optional surrounding whitespace.
  /// Strings must be valid UTF-8; a lone surrogate escape (`\ud800`) becomes U+FFFD.
  public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.index != bytes.count { throw parser.error("unexpected data after the JSON value") }
    return value
  }

  /// Parses a JSON text given as a string.
  public static func parse(_ string: String) throws(JSONParseError) -> JSONValue {
    try parse(Array(string.utf8))
  }
}

private struct JSONParser {
  let bytes: [UInt8]
  var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x09, 0x0A, 0x0D: index += 1
      default: return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
    guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth) levels") }
    guard index < bytes.count else { throw error("unexpected end of input") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONParseError) -> JSONValue {
    let w = Array(word.utf8)
    guard index + w.count <= bytes.count, Array(bytes[index..<(index + w.count)]) == w else {
      throw error("expected '\(word)'")
    }
    index += w.count
    return value
  }

  mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
    index += 1
    var object: [String: JSONValue] = [:]
    skipWhitespace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(object)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a member name in quotes")
      }
      let key = try parseString()
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw error("expected ':' after a member name")
      }
      index += 1
      skipWhitespace()
      object[key] = try parseValue(depth: depth + 1)
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return .object(object)
      } else {
        throw error("expected ',' or '}' in an object")
      }
    }
  }

  mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
    index += 1
    var array: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(array)
    }
    while true {
      skipWhitespace()
      array.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of input in an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
      } else if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return .array(array)
      } else {
        throw error("expected ',' or ']' in an array")
      }
    }
  }

  mutating func parseNumber() throws(JSONParseError) -> JSONValue {
    let start = index
    func digits(_ p: inout JSONParser) -> Int {
      let s = p.index
      while p.index < p.bytes.count, p.bytes[p.index] >= UInt8(ascii: "0"), p.bytes[p.index] <= UInt8(ascii: "9") {
        p.index += 1
      }
      return p.index - s
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count else { throw error("expected digits") }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else if digits(&self) == 0 {
      throw error("expected digits")
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      if digits(&self) == 0 { throw error("expected digits after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      if digits(&self) == 0 { throw error("expected digits in the exponent") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    guard let d = Double(text) else { throw JSONParseError(offset: start, reason: "number out of range") }
    return .number(d)
  }

  mutating func hex4() throws(JSONParseError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[index]
      let d: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw error("expected a hex digit after \\u")
      }
      v = v << 4 | d
      index += 1
    }
    return v
  }

  mutating func parseString() throws(JSONParseError) -> String {
    index += 1
    var raw: [UInt8] = []
    var plainStart = index
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        raw.append(contentsOf: bytes[plainStart..<index])
        index += 1
        break
      }
      if b < 0x20 { throw error("control character U+\(String(b, radix: 16)) in a string must be escaped") }
      if b != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      raw.append(contentsOf: bytes[plainStart..<index])
      index += 1
      guard index < bytes.count else { throw error("unterminated escape") }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): raw.append(0x22)
      case UInt8(ascii: "\\"): raw.append(0x5C)
      case UInt8(ascii: "/"): raw.append(0x2F)
      case UInt8(ascii: "b"): raw.append(0x08)
      case UInt8(ascii: "f"): raw.append(0x0C)
      case UInt8(ascii: "n"): raw.append(0x0A)
      case UInt8(ascii: "r"): raw.append(0x0D)
      case UInt8(ascii: "t"): raw.append(0x09)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
          bytes[index + 1] == UInt8(ascii: "u")
        {
          let save = index
          index += 2
          let low = try hex4()
          if (0xDC00...0xDFFF).contains(low) {
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          } else {
            index = save
          }
        }
        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
        raw.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        index -= 1
        throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
      }
      plainStart = index
    }
    guard let s = String(validating: raw, as: UTF8.self) else {
      throw error("string is not valid UTF-8")
    }
    return s
  }
}
