import Foundation
import JSONRPC
import PolicyLint
import PolicyServer
import XCTest

/// Replays the example exchanges in `protocol/transcripts` against the server, with the built-in checks.
///
/// Steps: `send` (a message), `sendRaw` (a body that may be malformed), `respond` (how the client answers a
/// server request), `expect` (the next matching server message, in order), `exitStatus`. An expected value
/// matches when every key it names matches; `"<any>"` matches any present value; arrays match by length and
/// element.
final class TranscriptTests: XCTestCase {
  private var transcriptsDirectory: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("protocol/transcripts")
  }

  func testEveryTranscriptReplays() async throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: transcriptsDirectory.path).filter {
      $0.hasSuffix(".json")
    }
    XCTAssertGreaterThanOrEqual(files.count, 4)
    for file in files.sorted() {
      let data = try Data(contentsOf: transcriptsDirectory.appendingPathComponent(file))
      let transcript = try JSONValue.parse(Array(data))
      try await replay(transcript, name: file)
    }
  }

  static func matches(_ expected: JSONValue, _ actual: JSONValue?) -> Bool {
    guard let actual else { return false }
    if expected == "<any>" { return true }
    switch expected {
    case .object(let e):
      guard case .object(let a) = actual else { return false }
      return e.allSatisfy { key, value in matches(value, a[key]) }
    case .array(let e):
      guard case .array(let a) = actual, a.count == e.count else { return false }
      return zip(e, a).allSatisfy { matches($0, $1) }
    default:
      return expected == actual
    }
  }

  private func replay(_ transcript: JSONValue, name: String) async throws {
    let client = TestClient(checks: builtInChecks)
    var cursor = 0
    for (index, step) in (transcript["steps"]?.arrayValue ?? []).enumerated() {
      let label = "\(name) step \(index + 1)"
      if let message = step["send"] {
        client.queue.push([Inbound.decode(body: message.serialized())])
      } else if let raw = step["sendRaw"]?.stringValue {
        client.queue.push([Inbound.decode(body: Array(raw.utf8))])
      } else if let respond = step["respond"], let method = respond["method"]?.stringValue {
        client.sink.answer(method, with: respond["result"] ?? .null)
      } else if let expected = step["expect"] {
        let deadline = Date().addingTimeInterval(15)
        var found = false
        while !found && Date() < deadline {
          let sent = client.sink.sent
          if let i = sent[cursor...].firstIndex(where: { Self.matches(expected, $0.json) }) {
            cursor = i + 1
            found = true
          } else {
            try await Task.sleep(nanoseconds: 5_000_000)
          }
        }
        XCTAssertTrue(
          found,
          "\(label): no message matching \(expected.jsonString); "
            + "sent: \(client.sink.sent[cursor...].map(\.json.jsonString))"
        )
        if !found { return }
      } else if let status = step["exitStatus"]?.intValue {
        let actual = await client.exitStatus
        XCTAssertEqual(Int(actual), status, label)
      } else {
        XCTFail("\(label): unknown step \(step.jsonString)")
      }
    }
  }

  func testMatcherTreatsAnyAsPresenceAndArraysExactly() {
    XCTAssertTrue(Self.matches(["a": "<any>"], ["a": 1, "b": 2]))
    XCTAssertFalse(Self.matches(["a": "<any>"], ["b": 2]))
    XCTAssertFalse(Self.matches(["a": [1]], ["a": [1, 2]]))
    XCTAssertTrue(Self.matches(["a": .null], ["a": .null]))
  }
}
