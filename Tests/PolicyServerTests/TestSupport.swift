import Foundation
import JSONRPC
import PolicyLint
@testable import PolicyServer
import PolicyText
import XCTest

/// A check for handler tests (the real checks live in PolicyLint and change as they are written): flags each
/// `错别字`, offers the fix `错字`, and cites the first corpus document that contains the word as evidence.
struct MarkerCheck: Check {
  static let word = Array("错别字".unicodeScalars)
  static let description = CheckDescription(
    code: "test/marker", name: "test marker", defaultSeverity: .warning, rationale: "handler tests only",
    triggering: [CheckExample("有⟦错别字⟧。")], nonTriggering: [CheckExample("没有错。")])

  init() {}

  static func occurrences(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
    var found: [Range<Int>] = []
    var i = 0
    while i + word.count <= scalars.count {
      if Array(scalars[i..<(i + word.count)]) == word {
        found.append(i..<(i + word.count))
        i += word.count
      } else {
        i += 1
      }
    }
    return found
  }

  func run(_ context: CheckContext) -> [Finding] {
    var evidence: [Evidence] = []
    for doc in context.corpus.documents where context.isEvidence(documentID: doc.id) {
      if let text = doc.text, let r = Self.occurrences(in: text.scalars).first {
        evidence.append(Evidence(location: .corpus(document: doc.id, range: r), message: "语料中的写法"))
        break
      }
    }
    return Self.occurrences(in: context.draft.text.scalars).map { r in
      Finding(
        code: "test/marker", severity: .warning, range: r, message: "“错别字”应为“错字”", related: evidence,
        fixes: [Fix(title: "改为“错字”", edits: [TextEdit(range: r, newText: "错字")])], detail: "测试用的说明。")
    }
  }
}

/// `MarkerCheck`, but slow, so tests can overlap edits with a running lint.
struct SlowMarkerCheck: Check {
  static let description = CheckDescription(
    code: "test/marker", name: "slow test marker", defaultSeverity: .warning, rationale: "handler tests only",
    triggering: [], nonTriggering: [])
  init() {}
  func run(_ context: CheckContext) -> [Finding] {
    Thread.sleep(forTimeInterval: 0.4)
    return MarkerCheck().run(context)
  }
}

/// Text with positions marked `1️⃣`, `2️⃣`, …: the marks are removed and their places remembered.
struct MarkedDocument {
  /// The text without marks.
  let text: String
  /// Scalar index of each mark, by its digit.
  let marks: [Character: Int]

  init(_ marked: String) {
    var out: [Unicode.Scalar] = []
    var marks: [Character: Int] = [:]
    let s = Array(marked.unicodeScalars)
    var i = 0
    while i < s.count {
      if i + 2 < s.count, s[i].properties.numericType != nil, s[i].isASCII, s[i + 1] == "\u{FE0F}",
        s[i + 2] == "\u{20E3}"
      {
        marks[Character(s[i])] = out.count
        i += 3
        continue
      }
      out.append(s[i])
      i += 1
    }
    text = String(scalarSlice: out)
    self.marks = marks
  }

  /// The LSP position of mark `digit` in `encoding`.
  func position(_ digit: Character, _ encoding: PositionEncoding = .utf16) -> JSONValue {
    let p = SourceText(text).lines.position(ofScalarIndex: marks[digit] ?? 0, in: encoding)
    return ["line": .int(p.line), "character": .int(p.character)]
  }

  /// The LSP range between two marks.
  func range(_ from: Character, _ to: Character, _ encoding: PositionEncoding = .utf16) -> JSONValue {
    ["start": position(from, encoding), "end": position(to, encoding)]
  }
}

/// Records what the server sends and answers its requests to the client.
/// `@unchecked Sendable` is safe: all mutable state is guarded by `lock`.
final class ClientSink: MessageSink, @unchecked Sendable {
  private let lock = NSLock()
  private var messages: [Message] = []
  private var answers: [String: JSONValue] = [:]
  private let queue: MessageQueue

  init(queue: MessageQueue) { self.queue = queue }

  func answer(_ method: String, with value: JSONValue) { lock.withLock { answers[method] = value } }

  func send(_ message: Message) {
    let reply: Message? = lock.withLock {
      messages.append(message)
      if case .request(let id, let method, _) = message { return .response(id: id, result: answers[method] ?? .null) }
      return nil
    }
    if let reply { queue.push([.message(reply)]) }
  }

  var sent: [Message] { lock.withLock { messages } }
}

/// An in-process LSP client: drives a `PolicyServer` through the same queue the stdio transport fills.
final class TestClient: @unchecked Sendable {
  // `@unchecked Sendable` is safe: `nextID` is only used from the test's own task.
  let queue = MessageQueue()
  let sink: ClientSink
  let server: PolicyServer
  private let runTask: Task<Int32, Never>
  private var nextID = 0

  /// Starts a server running `checks`; its message loop runs at `priority` (the task's default when nil).
  /// `corpusLoad` replaces the server's corpus loading (to hold a load back).
  init(
    checks: [any Check.Type] = [MarkerCheck.self], priority: TaskPriority? = nil,
    corpusLoad: PolicyServer.CorpusLoadFunction? = nil
  ) {
    sink = ClientSink(queue: queue)
    let server = PolicyServer(
      sink: sink, checks: checks, stderrLogging: false, corpusLoad: corpusLoad ?? PolicyServer.loadThroughCache)
    self.server = server
    let queue = self.queue
    runTask = Task(priority: priority) { await server.run(queue: queue) }
  }

  /// Sends `initialize` and `initialized`; returns the `initialize` result.
  @discardableResult
  func initialize(
    capabilities: JSONValue = [:], initializationOptions: JSONValue? = nil, rootUri: String? = nil
  ) async throws -> JSONValue {
    var params: [String: JSONValue] = ["processId": .null, "capabilities": capabilities]
    if let initializationOptions { params["initializationOptions"] = initializationOptions }
    if let rootUri { params["rootUri"] = .string(rootUri) }
    let result = try await request("initialize", .object(params)).get()
    notify("initialized", [:])
    return result
  }

  /// Sends a request and waits for its response.
  func request(_ method: String, _ params: JSONValue?) async throws -> Result<JSONValue, ResponseError> {
    let id = sendRequest(method, params)
    return try await response(to: id)
  }

  /// Sends a request without waiting.
  func sendRequest(_ method: String, _ params: JSONValue?) -> RequestID {
    nextID += 1
    let id = RequestID.number(nextID)
    queue.push([.message(.request(id: id, method: method, params: params))])
    return id
  }

  /// Waits for the response to `id`.
  func response(to id: RequestID) async throws -> Result<JSONValue, ResponseError> {
    let m = try await waitFor { m in
      switch m {
      case .response(let rid, _), .errorResponse(let rid?, _): return rid == id
      default: return false
      }
    }
    switch m {
    case .response(_, let r): return .success(r)
    case .errorResponse(_, let e): return .failure(e)
    default: throw TestClientError.unexpected("\(m)")
    }
  }

  /// Sends a notification.
  func notify(_ method: String, _ params: JSONValue?) {
    queue.push([.message(.notification(method: method, params: params))])
  }

  /// Opens a document.
  func open(_ uri: String, _ text: String, language: String = "plaintext", version: Int = 1) {
    notify(
      "textDocument/didOpen",
      [
        "textDocument": [
          "uri": .string(uri), "languageId": .string(language), "version": .int(version), "text": .string(text),
        ]
      ])
  }

  /// Waits until the server has sent a message matching `predicate` (searching everything sent so far).
  func waitFor(timeout: TimeInterval = 15, _ predicate: (Message) -> Bool) async throws -> Message {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if let m = sink.sent.first(where: predicate) { return m }
      try await Task.sleep(nanoseconds: 5_000_000)
    }
    throw TestClientError.timeout
  }

  /// Params of every notification `method` sent so far.
  func notifications(_ method: String) -> [JSONValue] {
    sink.sent.compactMap { if case .notification(method, let p) = $0 { return p ?? .null } else { return nil } }
  }

  /// Waits for a notification `method` whose params satisfy `predicate`.
  @discardableResult
  func waitForNotification(_ method: String, where predicate: (JSONValue) -> Bool = { _ in true }) async throws
    -> JSONValue
  {
    let m = try await waitFor {
      if case .notification(method, let p) = $0 { return predicate(p ?? .null) } else { return false }
    }
    guard case .notification(_, let p) = m else { throw TestClientError.unexpected("\(m)") }
    return p ?? .null
  }

  /// Waits for diagnostics published for `uri` at `version`.
  func diagnostics(_ uri: String, version: Int) async throws -> [JSONValue] {
    let p = try await waitForNotification("textDocument/publishDiagnostics") {
      $0["uri"]?.stringValue == uri && $0["version"]?.intValue == version
    }
    return p["diagnostics"]?.arrayValue ?? []
  }

  /// Sends `shutdown` then `exit` and returns the exit status.
  func shutdownAndExit() async throws -> Int32 {
    _ = try await request("shutdown", nil)
    notify("exit", nil)
    return await runTask.value
  }

  /// The exit status once the server loop ends.
  var exitStatus: Int32 { get async { await runTask.value } }
}

enum TestClientError: Error {
  case timeout
  case unexpected(String)
}

/// Applies LSP text edits (in `encoding`) to a text, last first, as a client would.
func applyEdits(_ edits: [JSONValue], to text: String, encoding: PositionEncoding = .utf16) throws -> String {
  var scalars = Array(text.unicodeScalars)
  let source = SourceText(scalars: scalars)
  let resolved = try edits.map { e -> (Range<Int>, String) in
    let s = e[path: "range", "start"]
    let t = e[path: "range", "end"]
    let start = try source.lines.scalarIndex(
      of: Position(line: s?["line"]?.intValue ?? 0, character: s?["character"]?.intValue ?? 0), in: encoding)
    let end = try source.lines.scalarIndex(
      of: Position(line: t?["line"]?.intValue ?? 0, character: t?["character"]?.intValue ?? 0), in: encoding)
    return (start..<end, e["newText"]?.stringValue ?? "")
  }
  for (r, newText) in resolved.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
    scalars.replaceSubrange(r, with: Array(newText.unicodeScalars))
  }
  return String(scalarSlice: scalars)
}
