import Foundation
import JSONRPC
import PolicyServer
import PolicyText
import XCTest

final class FeatureTests: XCTestCase {
  let uri = "file:///tmp/policylint-features/draft.md"

  func testCodeActionsOfferTheFixAndALineSuppressionThatBothWork() async throws {
    let doc = MarkedDocument("# 标题\r\n\r\n𠀀这里有1️⃣错别字2️⃣。\r\n")
    let client = TestClient()
    try await client.initialize(capabilities: ["textDocument": ["codeAction": ["codeActionLiteralSupport": [:]]]])
    client.open(uri, doc.text, language: "markdown")
    let diagnostics = try await client.diagnostics(uri, version: 1)
    let actions =
      try await client.request(
        "textDocument/codeAction",
        [
          "textDocument": ["uri": .string(uri)], "range": doc.range("1", "1"),
          "context": ["diagnostics": .array(diagnostics)],
        ]
      ).get().arrayValue ?? []
    XCTAssertEqual(actions.count, 2)
    let fix = try XCTUnwrap(actions.first)
    XCTAssertEqual(fix["kind"], "quickfix")
    XCTAssertEqual(fix["isPreferred"], true)
    XCTAssertEqual(fix["diagnostics"], .array(diagnostics))
    let fixEdits = try XCTUnwrap(fix[path: "edit", "changes", uri]?.arrayValue)
    XCTAssertEqual(try applyEdits(fixEdits, to: doc.text), "# 标题\r\n\r\n𠀀这里有错字。\r\n")

    let suppress = actions[1]
    let suppressEdits = try XCTUnwrap(suppress[path: "edit", "changes", uri]?.arrayValue)
    let suppressed = try applyEdits(suppressEdits, to: doc.text)
    XCTAssertEqual(suppressed, "# 标题\r\n\r\n<!-- policylint-disable-next-line test/marker -->\r\n𠀀这里有错别字。\r\n")
    client.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [["text": .string(suppressed)]]])
    let after = try await client.diagnostics(uri, version: 2)
    XCTAssertEqual(after, [], "the inserted comment must suppress the finding")
    _ = try await client.shutdownAndExit()
  }

  func testSuppressionJoinsAnExistingCommentAndWorksInPlainText() async throws {
    let text = "<!-- policylint-disable-next-line duplicate/doubled -->\n有错别字\n"
    let client = TestClient()
    try await client.initialize(capabilities: ["workspace": ["workspaceEdit": ["documentChanges": true]]])
    let plain = "file:///tmp/policylint-features/draft.txt"
    client.open(plain, text, language: "plaintext", version: 3)
    _ = try await client.diagnostics(plain, version: 3)
    let actions =
      try await client.request(
        "textDocument/codeAction",
        [
          "textDocument": ["uri": .string(plain)],
          "range": ["start": ["line": 1, "character": 2], "end": ["line": 1, "character": 2]],
          "context": ["diagnostics": []],
        ]
      ).get().arrayValue ?? []
    let suppress = try XCTUnwrap(actions.last)
    let change = try XCTUnwrap(suppress[path: "edit", "documentChanges"]?.arrayValue?.first)
    XCTAssertEqual(change["textDocument"], ["uri": .string(plain), "version": 3])
    let result = try applyEdits(change["edits"]?.arrayValue ?? [], to: text)
    XCTAssertEqual(result, "<!-- policylint-disable-next-line duplicate/doubled test/marker -->\n有错别字\n")
    _ = try await client.shutdownAndExit()
  }

  func testCodeActionsRespectOnlyKinds() async throws {
    let client = TestClient()
    try await client.initialize()
    client.open(uri, "错别字", language: "markdown")
    let r = try await client.request(
      "textDocument/codeAction",
      [
        "textDocument": ["uri": .string(uri)],
        "range": ["start": ["line": 0, "character": 0], "end": ["line": 0, "character": 1]],
        "context": ["diagnostics": [], "only": ["refactor"]],
      ]
    ).get()
    XCTAssertEqual(r, [])
    _ = try await client.shutdownAndExit()
  }

  func testHoverOnAFlaggedRangeShowsMessageDetailAndCorpusEvidence() async throws {
    let corpus = try TemporaryCorpus(files: ["notice.txt": "关于某事的通知\n2023年5月6日\n正文里也有错别字一处。\n"])
    defer { corpus.remove() }
    let doc = MarkedDocument("𠀀有错1️⃣别字。")
    let client = TestClient()
    try await client.initialize(
      capabilities: ["textDocument": ["hover": ["contentFormat": ["markdown", "plaintext"]]]],
      initializationOptions: ["corpus": .string(corpus.path)])
    client.open(uri, doc.text, language: "markdown")
    _ = try await client.diagnostics(uri, version: 1)
    let hover = try await client.request(
      "textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": doc.position("1")]
    ).get()
    XCTAssertEqual(hover[path: "contents", "kind"], "markdown")
    let value = try XCTUnwrap(hover[path: "contents", "value"]?.stringValue)
    XCTAssertTrue(value.contains("test/marker"), value)
    XCTAssertTrue(value.contains("测试用的说明"), value)
    XCTAssertTrue(value.contains("《关于某事的通知》（2023-05-06）"), value)
    XCTAssertTrue(value.contains("「错别字」"), value)
    XCTAssertEqual(hover["range"], ["start": ["line": 0, "character": 3], "end": ["line": 0, "character": 6]])
    let nothing = try await client.request(
      "textDocument/hover", ["textDocument": ["uri": .string(uri)], "position": ["line": 0, "character": 0]]
    ).get()
    XCTAssertEqual(nothing, .null)
    _ = try await client.shutdownAndExit()
  }
}

/// A corpus directory in the temporary directory.
struct TemporaryCorpus {
  let path: String

  init(files: [String: String]) throws {
    path = NSTemporaryDirectory() + "policylint-corpus-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    for (name, text) in files { try write(name, text) }
  }

  func write(_ name: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
  }

  var uri: String { URL(fileURLWithPath: path).absoluteString }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}
