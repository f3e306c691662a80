import Foundation
import PolicyLint
import PolicyText
import XCTest

/// Decoding of draft and corpus files; every fixture is generated as bytes in the test.
final class EncodingTests: XCTestCase {
  let sample = "全会指出，𠀀要坚持稳中求进。\n二〇二三年"

  func testUTF8WithoutBOMIsRead() throws {
    let (s, e) = try TextDecoder.decode(Data(sample.utf8))
    XCTAssertEqual(s, sample)
    XCTAssertEqual(e, .utf8)
  }

  func testUTF8BOMIsStripped() throws {
    let (s, e) = try TextDecoder.decode(Data([0xEF, 0xBB, 0xBF]) + Data(sample.utf8))
    XCTAssertEqual(s, sample)
    XCTAssertEqual(e, .utf8BOM)
    XCTAssertEqual(s.unicodeScalars.first, "全")
  }

  func testUTF16LittleAndBigEndianWithBOMAreRead() throws {
    let units = Array(sample.utf16)
    var le: [UInt8] = [0xFF, 0xFE]
    var be: [UInt8] = [0xFE, 0xFF]
    for u in units {
      le += [UInt8(u & 0xFF), UInt8(u >> 8)]
      be += [UInt8(u >> 8), UInt8(u & 0xFF)]
    }
    let (s1, e1) = try TextDecoder.decode(Data(le))
    XCTAssertEqual(s1, sample)
    XCTAssertEqual(e1, .utf16LE)
    let (s2, e2) = try TextDecoder.decode(Data(be))
    XCTAssertEqual(s2, sample)
    XCTAssertEqual(e2, .utf16BE)
  }

  func testUTF16WithAnUnpairedSurrogateOrOddLengthIsRejected() {
    XCTAssertThrowsError(try TextDecoder.decode(Data([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00])))
    XCTAssertThrowsError(try TextDecoder.decode(Data([0xFF, 0xFE, 0x41, 0x00, 0x42])))
  }

  func testGB18030AndGBKAreRead() throws {
    // "全会指出。" in GBK (a subset of GB18030).
    let gbk: [UInt8] = [0xC8, 0xAB, 0xBB, 0xE1, 0xD6, 0xB8, 0xB3, 0xF6, 0xA1, 0xA3]
    let (s, e) = try TextDecoder.decode(Data(gbk))
    XCTAssertEqual(s, "全会指出。")
    XCTAssertEqual(e, .gb18030)
    // A longer text with ASCII, full-width punctuation and a line break, encoded by Foundation.
    let text = "中国共产党四川省第十二届委员会第四次全体会议，于2023年11月20日在成都举行。\r\n出席全会的有，省委委员85人。"
    guard let data = text.data(using: String.Encoding(rawValue: 0x8000_0632)) else {
      throw XCTSkip("this Foundation cannot encode GB18030")
    }
    XCTAssertNotEqual(Array(data), Array(text.utf8))
    let (s2, e2) = try TextDecoder.decode(data)
    XCTAssertEqual(s2, text)
    XCTAssertEqual(e2, .gb18030)
  }

  func testNULByteMeansBinaryWithItsOffset() {
    XCTAssertThrowsError(try TextDecoder.decode(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]))) { error in
      XCTAssertEqual(error as? PolicyText.DecodingError, .binary(byteOffset: 8))
    }
  }

  func testRandomBytesWithoutNULAreNotMistakenForChinese() {
    var generator = SplitMix(seed: 7)
    let bytes = (0..<4096).map { _ in UInt8(1 + generator.next() % 255) }
    XCTAssertThrowsError(try TextDecoder.decode(Data(bytes)))
  }

  func testInvalidUTF8NamesTheFirstBadByte() {
    XCTAssertThrowsError(try TextDecoder.decode(Data([0x41, 0x42, 0x43, 0xFF, 0x01]))) { error in
      XCTAssertEqual(error as? PolicyText.DecodingError, .undecodable(byteOffset: 3))
      XCTAssertTrue("\(error)".contains("byte 3"))
    }
  }

  func testEmptyFileIsAnEmptyText() throws {
    let (s, e) = try TextDecoder.decode(Data())
    XCTAssertEqual(s, "")
    XCTAssertEqual(e, .utf8)
  }

  func testCorpusSkipsUndecodableAndBinaryFilesWithAWarningNamingThem() throws {
    let dir = try TempDirectory()
    try dir.write("a_utf8.txt", Data("全会指出，要坚持稳中求进。".utf8))
    try dir.write("b_gbk.txt", Data([0xC8, 0xAB, 0xBB, 0xE1, 0xD6, 0xB8, 0xB3, 0xF6, 0xA1, 0xA3]))
    var utf16: [UInt8] = [0xFF, 0xFE]
    for u in "会议强调。".utf16 { utf16 += [UInt8(u & 0xFF), UInt8(u >> 8)] }
    try dir.write("sub/c_utf16.md", Data(utf16))
    try dir.write("d_binary.txt", Data([0x7F, 0x45, 0x4C, 0x46, 0x02, 0x00, 0x00]))
    try dir.write("e_bad.txt", Data([0x41, 0xFF, 0x01, 0x02]))
    try dir.write("f_image.png", Data([0x89, 0x50]))
    try dir.write(".hidden.txt", Data("隐藏".utf8))
    let loaded = try CorpusLoader.load(directory: dir.url.path)
    XCTAssertEqual(loaded.documents.map(\.info.name), ["a_utf8.txt", "b_gbk.txt", "sub/c_utf16.md"])
    XCTAssertEqual(loaded.documents.map(\.info.encoding), ["UTF-8", "GB18030", "UTF-16LE"])
    XCTAssertEqual(loaded.documents.map(\.info.id), [0, 1, 2])
    XCTAssertEqual(loaded.warnings.count, 2, "\(loaded.warnings)")
    XCTAssertTrue(loaded.warnings.contains { $0.contains("d_binary.txt") && $0.contains("binary") && $0.contains("skipped") })
    XCTAssertTrue(loaded.warnings.contains { $0.contains("e_bad.txt") && $0.contains("byte 1") && $0.contains("skipped") })
  }
}

/// A deterministic random number generator for generated fixtures.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A temporary directory removed when the value is released.
final class TempDirectory {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes a file (creating folders) and returns its URL.
  @discardableResult
  func write(_ relative: String, _ data: Data) throws -> URL {
    let file = url.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
    return file
  }

  @discardableResult
  func write(_ relative: String, _ text: String) throws -> URL { try write(relative, Data(text.utf8)) }
}
