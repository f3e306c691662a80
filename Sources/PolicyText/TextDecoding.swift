import Foundation

/// The encodings policylint reads.
public enum TextEncoding: String, Sendable, Codable {
  case utf8 = "UTF-8"
  case utf8BOM = "UTF-8 with BOM"
  case utf16LE = "UTF-16LE"
  case utf16BE = "UTF-16BE"
  case gb18030 = "GB18030"
}

/// Why a file's bytes could not be read as text, in words for people.
public enum DecodingError: Error, Equatable, Sendable, CustomStringConvertible {
  case binary(byteOffset: Int)
  case undecodable(byteOffset: Int)

  public var description: String {
    switch self {
    case .binary(let offset):
      return "looks like a binary file (NUL byte at byte \(offset)); policylint reads text files"
    case .undecodable(let offset):
      return "is not valid UTF-8 (first bad byte at byte \(offset)), UTF-16 with a BOM, or GB18030"
    }
  }
}

/// Decodes the bytes of a draft or corpus file.
///
/// Order: a BOM decides (UTF-8, UTF-16LE/BE); else a NUL byte means binary; else strict UTF-8; else
/// GB18030 (which covers GBK and GB2312), accepted only when the result reads as text.
public enum TextDecoder {
  /// Foundation on Linux has no named constant for GB18030; this is CoreFoundation's value.
  static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

  /// Decodes `data`, returning the text and the encoding found.
  public static func decode(_ data: Data) throws(DecodingError) -> (String, TextEncoding) {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      guard let s = String(validating: bytes[3...], as: UTF8.self) else {
        throw .undecodable(byteOffset: firstInvalidUTF8(bytes, from: 3))
      }
      return (s, .utf8BOM)
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let little = bytes[0] == 0xFF
      guard let s = decodeUTF16(bytes[2...], littleEndian: little) else { throw .undecodable(byteOffset: 2) }
      return (s, little ? .utf16LE : .utf16BE)
    }
    if let nul = bytes.firstIndex(of: 0) { throw .binary(byteOffset: nul) }
    if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
    let bad = firstInvalidUTF8(bytes, from: 0)
    if let s = String(data: data, encoding: gb18030), readsAsText(s) { return (s, .gb18030) }
    throw .undecodable(byteOffset: bad)
  }

  /// Decodes UTF-16 code units, rejecting unpaired surrogates.
  static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> String? {
    guard bytes.count % 2 == 0 else { return nil }
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var i = bytes.startIndex
    while i < bytes.endIndex {
      let a = UInt16(bytes[i])
      let b = UInt16(bytes[i + 1])
      units.append(littleEndian ? (b << 8 | a) : (a << 8 | b))
      i += 2
    }
    var result = String.UnicodeScalarView()
    var iterator = units.makeIterator()
    var decoder = UTF16()
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let s): result.append(s)
      case .emptyInput: break loop
      case .error: return nil
      }
    }
    return String(result)
  }

  /// Byte offset of the first byte that breaks UTF-8.
  static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int) -> Int {
    var i = start
    while i < bytes.count {
      let b = bytes[i]
      let length: Int
      if b < 0x80 { length = 1 } else if b >> 5 == 0b110 { length = 2 } else if b >> 4 == 0b1110 {
        length = 3
      } else if b >> 3 == 0b11110 { length = 4 } else { return i }
      if i + length > bytes.count { return i }
      if length > 1 && String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil { return i }
      i += length
    }
    return bytes.count
  }

  /// GB18030 maps almost any byte string to something; accept it only when it is mostly Han, ASCII and
  /// CJK punctuation and has no control characters, so random binary is not mistaken for Chinese.
  static func readsAsText(_ s: String) -> Bool {
    var total = 0
    var good = 0
    for scalar in s.unicodeScalars {
      total += 1
      let v = scalar.value
      if v < 0x20 && scalar != "\n" && scalar != "\r" && scalar != "\t" { return false }
      if (0xE000...0xF8FF).contains(v) { continue }  // private use: GB18030's unmapped codes
      if ScalarClass.isHan(scalar) || v < 0x80 || (0x3000...0x303F).contains(v) || (0xFF00...0xFFEF).contains(v)
        || (0x2000...0x206F).contains(v)
      {
        good += 1
      }
    }
    return total == 0 || Double(good) / Double(total) > 0.9
  }
}
