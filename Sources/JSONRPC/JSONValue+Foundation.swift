import Foundation

extension JSONValue {
  /// Encodes a `Codable` value (through `JSONEncoder`, keys sorted) as a JSON value.
  public init<T: Encodable>(encoding value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    self = try JSONValue.parse(Array(data))
  }

  /// Decodes a `Codable` value from this JSON value.
  public func decode<T: Decodable>(_ type: T.Type) throws -> T {
    try JSONDecoder().decode(type, from: Data(serialized()))
  }

  /// The value as the objects `JSONSerialization` produces (`[String: Any]`, `[Any]`, `String`, `NSNull`),
  /// for APIs that take those. Booleans become Swift `Bool` and numbers `Double`, never a shared `NSNumber`,
  /// so `value is Bool` is true only for JSON `true`/`false` (on Linux an `NSNumber` 1 also casts to `Bool`).
  public var foundationObject: Any {
    switch self {
    case .null: return NSNull()
    case .bool(let b): return b
    case .number(let d): return d
    case .string(let s): return s
    case .array(let a): return a.map(\.foundationObject)
    case .object(let o): return o.mapValues(\.foundationObject)
    }
  }
}
