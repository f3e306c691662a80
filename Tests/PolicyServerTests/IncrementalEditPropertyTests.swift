import Foundation
import JSONRPC
import PolicyLint
import PolicyServer
import PolicyText
import XCTest

/// Reports the whole draft as one finding whose message is the draft's text, so a test can read back exactly
/// what text the server holds.
struct EchoCheck: Check {
  static let description = CheckDescription(
    code: "test/echo", name: "echo", defaultSeverity: .hint, rationale: "property tests only",
    triggering: [], nonTriggering: [])
  init() {}
  func run(_ context: CheckContext) -> [Finding] {
    [
      Finding(
        code: "test/echo", severity: .hint, range: 0..<context.draft.text.count,
        message: "«" + context.draft.text.string + "»")
    ]
  }
}

/// Any random sequence of incremental edits, in any position encoding, leaves the server holding the same
/// text as the client and publishing the same diagnostics (every built-in check, a real corpus) as opening
/// the final text fresh. Seeded; a failure names its seed and encoding.
final class IncrementalEditPropertyTests: XCTestCase {
  static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/soak-corpus").path

  /// Pieces that trigger the real checks (reuse of corpus sentences, figures, doubled words) and stress
  /// offsets (astral characters, CRLF, lone CR).
  static let pieces = [
    "坚持以人民为中心的发展思想，坚持共建共治共享，", "全市地区生产总值增长5.6%，", "新建改建社区综合服务站120个。",
    "每个社区至少配备3名专职社区工作者。", "坚持坚持", "高质量发展", "。", "，", "\n", "\r\n", "\r", "𠀀", "😀", "２０２３年",
    "百分之五", "（一）", "一是", " ", "　", "错别字", "城镇化率达到70.5%。", "全年居民人均可支配收入41200元，增长6.0%。",
    "到2025年，全市城乡社区综合服务设施覆盖率达到100%，每百户居民拥有社区服务设施面积不低于30平方米。",
    "各级各部门要真抓实干、埋头苦干，确保完成全年目标任务。", "规模以上工业增加值增长6.3%，",
  ]

  static func randomText(_ random: inout SeededRandom, _ count: Int) -> String {
    (0..<count).map { _ in random.pick(pieces) }.joined()
  }

  /// A scalar index that does not fall between the CR and LF of a CRLF (no LSP position names that place).
  static func boundary(_ scalars: [Unicode.Scalar], _ random: inout SeededRandom) -> Int {
    for _ in 0..<20 {
      let k = Int.random(in: 0...scalars.count, using: &random)
      if !(k > 0 && k < scalars.count && scalars[k - 1] == "\r" && scalars[k] == "\n") { return k }
    }
    return 0
  }

  static func json(_ p: Position) -> JSONValue { ["line": .int(p.line), "character": .int(p.character)] }

  func testRandomIncrementalEditsGiveTheSameTextAndDiagnosticsAsOpeningTheFinalText() async throws {
    let uri = "file:///tmp/policylint-property/draft.txt"
    let checks: [any Check.Type] = builtInChecks + [EchoCheck.self]
    for seed in UInt64(1)...16 {
      var random = SeededRandom(seed: seed)
      let encoding = PositionEncoding.allCases[Int(seed) % 3]
      let capabilities: JSONValue = ["general": ["positionEncodings": [.string(encoding.rawValue)]]]
      let options: JSONValue = ["corpus": .string(Self.corpus), "date": "2024-01-10"]
      let client = TestClient(checks: checks)
      try await client.initialize(capabilities: capabilities, initializationOptions: options)
      var model = Array(Self.randomText(&random, 30).unicodeScalars)
      client.open(uri, String(scalarSlice: model))
      var version = 1
      for _ in 0..<25 {
        var changes: [JSONValue] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
          let newText = Self.randomText(&random, Int.random(in: 0...3, using: &random))
          if random.chance(0.05) {
            changes.append(["text": .string(newText)])
            model = Array(newText.unicodeScalars)
            continue
          }
          let a = Self.boundary(model, &random)
          let b = random.chance(0.5) ? a : max(a, Self.boundary(model, &random))
          let lines = SourceText(scalars: model).lines
          let range: JSONValue = [
            "start": Self.json(lines.position(ofScalarIndex: a, in: encoding)),
            "end": Self.json(lines.position(ofScalarIndex: b, in: encoding)),
          ]
          changes.append(["range": range, "text": .string(newText)])
          model.replaceSubrange(a..<b, with: Array(newText.unicodeScalars))
        }
        version += 1
        client.notify(
          "textDocument/didChange",
          ["textDocument": ["uri": .string(uri), "version": .int(version)], "contentChanges": .array(changes)])
      }
      let edited = try await client.diagnostics(uri, version: version)
      let finalText = String(scalarSlice: model)
      let echo = edited.first { $0["code"] == "test/echo" }?["message"]?.stringValue
      XCTAssertEqual(echo, "«" + finalText + "»", "seed \(seed) \(encoding): the server holds another text")

      let fresh = TestClient(checks: checks)
      try await fresh.initialize(capabilities: capabilities, initializationOptions: options)
      fresh.open(uri, finalText)
      let expected = try await fresh.diagnostics(uri, version: 1)
      XCTAssertEqual(edited, expected, "seed \(seed) \(encoding): \(finalText.debugDescription)")
      _ = try await client.shutdownAndExit()
      _ = try await fresh.shutdownAndExit()
    }
  }
}

/// SplitMix64 (as in the other test targets, which cannot share files): seedable and reproducible.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}
