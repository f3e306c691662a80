import Foundation
import JSONRPC
@testable import PolicyServer
import PolicyLint
import PolicyText
import XCTest

final class SettingsAndCorpusTests: XCTestCase {
  let uri = "file:///tmp/policylint-settings/draft.txt"

  func testInitializationOptionsChooseTheLanguages() async throws {
    let client = TestClient()
    try await client.initialize(initializationOptions: ["languages": ["markdown"]])
    client.open(uri, "错别字", language: "plaintext")
    let got1 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(got1, [])
    _ = try await client.shutdownAndExit()
  }

  func testEmptySettingsDoNotWipeTheConfiguration() async throws {
    let client = TestClient()
    try await client.initialize(initializationOptions: ["policylint": ["languages": ["markdown"]]])
    client.open(uri, "错别字", language: "plaintext")
    let got2 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(got2, [])
    // eglot sends empty settings right after didOpen; other clients send null.
    client.notify("workspace/didChangeConfiguration", ["settings": [:]])
    client.notify("workspace/didChangeConfiguration", ["settings": .null])
    client.notify("workspace/didChangeConfiguration", ["settings": ["policylint": [:]]])
    client.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [["text": "错别字。"]]])
    let got3 = try await client.diagnostics(uri, version: 2)
    XCTAssertEqual(got3, [], "plaintext must still be off")
    client.notify("workspace/didChangeConfiguration", ["settings": ["policylint": ["languages": ["plaintext"]]]])
    let d = try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["diagnostics"]?.arrayValue?.count == 1
    }
    XCTAssertEqual(d["version"], 2)
    _ = try await client.shutdownAndExit()
  }

  func testWorkspaceConfigurationIsAskedForSectionPolicylint() async throws {
    let client = TestClient()
    client.sink.answer("workspace/configuration", with: [["languages": ["markdown"]]])
    try await client.initialize(capabilities: ["workspace": ["configuration": true]])
    let request = try await client.waitFor {
      if case .request(_, "workspace/configuration", _) = $0 { return true } else { return false }
    }
    guard case .request(_, _, let params) = request else { return XCTFail() }
    XCTAssertEqual(params?["items"], [["section": "policylint"]])
    try await Task.sleep(nanoseconds: 100_000_000)
    client.open(uri, "错别字", language: "plaintext")
    let got4 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(got4, [])
    _ = try await client.shutdownAndExit()
  }

  func testBadSettingsAreReportedToTheUserAndIgnored() async throws {
    let client = TestClient()
    try await client.initialize(initializationOptions: ["languages": "markdown", "colour": "blue"])
    let shown = try await client.waitForNotification("window/showMessage")
    let text = shown["message"]?.stringValue ?? ""
    XCTAssertTrue(text.contains("languages") && text.contains("colour"), text)
    client.open(uri, "错别字", language: "plaintext")
    let got5 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(got5.count, 1)
    _ = try await client.shutdownAndExit()
  }

  func testProjectConfigurationFileAppliesAsInTheCLI() async throws {
    let dir = try TemporaryCorpus(files: [".policylint.json": #"{"languages": ["markdown"]}"#])
    defer { dir.remove() }
    let client = TestClient()
    try await client.initialize()
    let draft = dir.uri + "/draft.txt"
    client.open(draft, "错别字", language: "plaintext")
    let got6 = try await client.diagnostics(draft, version: 1)
    XCTAssertEqual(got6, [])
    // Client settings win over the file.
    client.notify("workspace/didChangeConfiguration", ["settings": ["policylint": ["languages": ["plaintext"]]]])
    try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["diagnostics"]?.arrayValue?.count == 1
    }
    _ = try await client.shutdownAndExit()
  }

  func testReloadCorpusCommandReindexesWithWorkDoneProgress() async throws {
    let corpus = try TemporaryCorpus(files: ["a.txt": "通知\n2023年1月2日\n无关内容。\n"])
    defer { corpus.remove() }
    let client = TestClient()
    try await client.initialize(
      capabilities: ["window": ["workDoneProgress": true]], initializationOptions: ["corpus": .string(corpus.path)])
    client.open(uri, "错别字", language: "plaintext")
    let d1 = try await client.diagnostics(uri, version: 1)
    XCTAssertNil(d1.first?["relatedInformation"], "the corpus has no evidence yet")
    try corpus.write("b.txt", "决定\n2023年3月4日\n这里写着错别字。\n")
    let r = try await client.request(
      "workspace/executeCommand", ["command": "policylint.reloadCorpus", "arguments": []])
    XCTAssertEqual(try r.get(), .null)
    let created = client.sink.sent.compactMap { m -> JSONValue? in
      if case .request(_, "window/workDoneProgress/create", let p) = m { return p?["token"] } else { return nil }
    }
    XCTAssertGreaterThanOrEqual(created.count, 2, "one progress per indexing: at startup and on reload")
    let progress = client.notifications("$/progress").filter { $0["token"] == created.last }
    XCTAssertEqual(progress.first?[path: "value", "kind"], "begin")
    XCTAssertEqual(progress.last?[path: "value", "kind"], "end")
    // After the files, the index build says so (the corpus changed, so it is rebuilt), and that documents
    // are linted with the index it replaces meanwhile.
    let messages = progress.compactMap { $0[path: "value", "message"]?.stringValue }
    XCTAssertTrue(messages.contains("正在建立索引（2 篇文档；其间沿用上次的索引）"), "\(messages)")
    let first = client.notifications("$/progress").filter { $0["token"] == created.first }
    let firstMessages = first.compactMap { $0[path: "value", "message"]?.stringValue }
    XCTAssertTrue(firstMessages.contains("正在建立索引（1 篇文档）"), "no earlier index at start-up: \(firstMessages)")
    let d2 = try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["diagnostics"]?.arrayValue?.first?["relatedInformation"] != nil
    }
    let related = d2["diagnostics"]?.arrayValue?.first?["relatedInformation"]?.arrayValue?.first
    XCTAssertEqual(related?[path: "location", "uri"]?.stringValue?.hasSuffix("/b.txt"), true)
    _ = try await client.shutdownAndExit()
  }

  func testClientProgressTokenIsUsedForTheReloadCommand() async throws {
    let client = TestClient()
    try await client.initialize()
    let r = try await client.request(
      "workspace/executeCommand", ["command": "policylint.reloadCorpus", "workDoneToken": "client-token-1"])
    XCTAssertEqual(try r.get(), .null)
    let progress = client.notifications("$/progress").filter { $0["token"] == "client-token-1" }
    XCTAssertEqual(progress.map { $0[path: "value", "kind"] }.first, "begin")
    XCTAssertEqual(progress.map { $0[path: "value", "kind"] }.last, "end")
    _ = try await client.shutdownAndExit()
  }

  func testUnknownCommandIsInvalidParams() async throws {
    let client = TestClient()
    try await client.initialize()
    let r = try await client.request("workspace/executeCommand", ["command": "policylint.nope"])
    XCTAssertEqual(r.failure?.code, ResponseError.invalidParamsCode)
    _ = try await client.shutdownAndExit()
  }

  func testWatchedFilesAreRegisteredDynamicallyAndACorpusChangeReloads() async throws {
    let corpus = try TemporaryCorpus(files: ["a.txt": "通知\n2023年1月2日\n无关内容。\n"])
    defer { corpus.remove() }
    let client = TestClient()
    try await client.initialize(
      capabilities: ["workspace": ["didChangeWatchedFiles": ["dynamicRegistration": true]]],
      initializationOptions: ["corpus": .string(corpus.path)])
    let registration = try await client.waitFor {
      if case .request(_, "client/registerCapability", _) = $0 { return true } else { return false }
    }
    guard case .request(_, _, let params) = registration else { return XCTFail() }
    XCTAssertEqual(params?["registrations"]?.arrayValue?.first?["method"], "workspace/didChangeWatchedFiles")
    client.open(uri, "错别字", language: "plaintext")
    _ = try await client.diagnostics(uri, version: 1)
    try corpus.write("b.txt", "决定\n2023年3月4日\n这里写着错别字。\n")
    client.notify("workspace/didChangeWatchedFiles", ["changes": [["uri": .string(corpus.uri + "/b.txt"), "type": 1]]])
    try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["diagnostics"]?.arrayValue?.first?["relatedInformation"] != nil
    }
    _ = try await client.shutdownAndExit()
  }

  /// While a reload runs, edits are linted with the index it replaces (no silence for the seconds a large
  /// corpus takes); once it is done, everything is linted again with the new one.
  func testEditsDuringAReloadAreLintedWithThePreviousIndex() async throws {
    let corpus = try TemporaryCorpus(files: ["a.txt": "通知\n2023年1月2日\n无关内容。\n"])
    defer { corpus.remove() }
    let gate = LoadGate(holding: [2])
    defer { gate.release() }
    let client = TestClient(corpusLoad: gate.load(withoutCache()))
    try await client.initialize(initializationOptions: ["corpus": .string(corpus.path)])
    client.open(uri, "错别字", language: "plaintext")
    let d1 = try await client.diagnostics(uri, version: 1)
    XCTAssertEqual(d1.count, 1)
    XCTAssertNil(d1.first?["relatedInformation"])
    try corpus.write("b.txt", "决定\n2023年3月4日\n这里写着错别字。\n")
    let reload = client.sendRequest("workspace/executeCommand", ["command": "policylint.reloadCorpus"])
    try await gate.waitUntilHeld()
    client.notify(
      "textDocument/didChange",
      ["textDocument": ["uri": .string(uri), "version": 2], "contentChanges": [["text": "错别字，错别字"]]])
    let d2 = try await client.diagnostics(uri, version: 2)
    XCTAssertEqual(d2.count, 2, "linted while the reload is held back")
    XCTAssertNil(d2.first?["relatedInformation"], "with the index from before the reload")
    gate.release()
    let answered = try await client.response(to: reload)
    XCTAssertEqual(try answered.get(), .null)
    let d3 = try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["diagnostics"]?.arrayValue?.first?["relatedInformation"] != nil
    }
    XCTAssertEqual(d3["version"], 2)
    XCTAssertEqual(d3["diagnostics"]?.arrayValue?.count, 2)
    _ = try await client.shutdownAndExit()
  }

  /// A corpus that changed since its cache was written is linted with the cached index while it is rebuilt,
  /// then again with the rebuilt one.
  func testAChangedCorpusIsLintedWithItsCachedIndexWhileItIsRebuilt() async throws {
    let corpus = try TemporaryCorpus(files: ["a.txt": "决定\n2023年3月4日\n这里写着错别字。\n"])
    defer { corpus.remove() }
    let cacheFile = corpus.path + ".plcache"
    defer { try? FileManager.default.removeItem(atPath: cacheFile) }
    _ = try CorpusCache.load(directory: corpus.path, manifest: nil, cacheFile: cacheFile)
    try corpus.write("a.txt", "决定\n2023年3月4日\n这里写着别的内容。\n")
    let gate = LoadGate(holding: [1])
    defer { gate.release() }
    let client = TestClient(corpusLoad: gate.load(cacheFile: cacheFile))
    try await client.initialize(initializationOptions: ["corpus": .string(corpus.path)])
    client.open(uri, "错别字", language: "plaintext")
    let d1 = try await client.diagnostics(uri, version: 1)
    let related = d1.first?["relatedInformation"]?.arrayValue?.first
    XCTAssertEqual(related?[path: "location", "uri"]?.stringValue?.hasSuffix("/a.txt"), true, "the cached text")
    XCTAssertTrue(gate.isHeld, "before the rebuild is done")
    gate.release()
    try await client.waitForNotification("textDocument/publishDiagnostics") {
      $0["diagnostics"]?.arrayValue?.count == 1 && $0["diagnostics"]?.arrayValue?.first?["relatedInformation"] == nil
    }
    _ = try await client.shutdownAndExit()
  }

  func testMissingCorpusIsShownToTheUser() async throws {
    let client = TestClient()
    try await client.initialize(initializationOptions: ["corpus": "/nonexistent/policylint-corpus"])
    client.open(uri, "错别字", language: "plaintext")
    let shown = try await client.waitForNotification("window/showMessage") { $0["type"] == 1 }
    XCTAssertTrue(shown["message"]?.stringValue?.contains("/nonexistent/policylint-corpus") == true)
    _ = try await client.shutdownAndExit()
  }
}

/// Corpus loads for a test server, numbered from 1; the loads in `holding` wait for `release()` (after
/// handing out their interim index, if any) before they build.
final class LoadGate: @unchecked Sendable {
  // `@unchecked Sendable` is safe: every field is read and written with `lock` held.
  private let lock = NSCondition()
  private let holding: Set<Int>
  private var count = 0
  private var held = false
  private var released = false

  init(holding: Set<Int>) { self.holding = holding }

  var isHeld: Bool { lock.withLock { held } }

  func release() {
    lock.withLock {
      released = true
      lock.broadcast()
    }
  }

  /// Waits (polling, up to 10 s) until a load is held.
  func waitUntilHeld() async throws {
    for _ in 0..<1000 {
      if isHeld { return }
      try await Task.sleep(nanoseconds: 10_000_000)
    }
    XCTFail("no corpus load was held")
  }

  private func pass() {
    lock.withLock {
      count += 1
      guard holding.contains(count) else { return }
      held = true
      while !released { lock.wait() }
      held = false
    }
  }

  /// Loads as `CorpusProvider.load` without the cache, holding back the loads it is told to.
  func load(_ base: @escaping @Sendable (String?, String?) throws(PolicyLintError) -> CorpusProvider.Provided)
    -> PolicyServer.CorpusLoadFunction
  {
    { directory, manifest, _, _, _ throws(PolicyLintError) in
      self.pass()
      return try base(directory, manifest)
    }
  }

  /// Loads through the cache file `cacheFile`, holding back (after the interim index) the loads it is told to.
  func load(cacheFile: String) -> PolicyServer.CorpusLoadFunction {
    { directory, manifest, progress, stage, interim throws(PolicyLintError) in
      let (provided, _) = try CorpusCache.load(
        directory: directory ?? "", manifest: manifest, cacheFile: cacheFile, progress: progress,
        stage: { s in
          if case .indexing = s { self.pass() }
          stage?(s)
        }, interim: interim)
      return provided
    }
  }
}

/// A corpus load without the cache (`CorpusProvider.load(useCache: false)`).
func withoutCache() -> @Sendable (String?, String?) throws(PolicyLintError) -> CorpusProvider.Provided {
  { directory, manifest throws(PolicyLintError) in
    try CorpusProvider.load(directory: directory, manifest: manifest, useCache: false)
  }
}
