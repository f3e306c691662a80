import Foundation
import XCTest

/// `policylint serve` over its real stdio transport, fed hostile input: each case has one clear outcome, and
/// the server always goes on to answer the next valid request.
final class ServeEdgeCaseTests: XCTestCase {
  /// A running `policylint serve --stdio` with its raw pipes.
  final class Server: @unchecked Sendable {
    // `@unchecked Sendable` is safe: `output` is guarded by `lock`; the rest is set once in `init`.
    let process = Process()
    let input = Pipe()
    let outputPipe = Pipe()
    let errorPipe = Pipe()
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()

    init() throws {
      process.executableURL = CLI.executable
      process.arguments = ["serve", "--stdio"]
      process.standardInput = input
      process.standardOutput = outputPipe
      process.standardError = errorPipe
      outputPipe.fileHandleForReading.readabilityHandler = { [weak self] h in
        let d = h.availableData
        self?.lock.withLock { self?.output.append(d) }
      }
      errorPipe.fileHandleForReading.readabilityHandler = { [weak self] h in
        let d = h.availableData
        self?.lock.withLock { self?.errors.append(d) }
      }
      try process.run()
    }

    func send(_ bytes: Data) { try? input.fileHandleForWriting.write(contentsOf: bytes) }

    func send(_ object: [String: Any]) {
      // JSONSerialization writes every non-ASCII character as itself, as clients do.
      guard let body = try? JSONSerialization.data(withJSONObject: object) else { return }
      send(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    var stderr: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }

    /// Every complete message the server has written so far.
    var messages: [[String: Any]] {
      let data = lock.withLock { output }
      var result: [[String: Any]] = []
      var rest = data[...]
      while let headerEnd = rest.range(of: Data("\r\n\r\n".utf8)) {
        let header = String(decoding: rest[rest.startIndex..<headerEnd.lowerBound], as: UTF8.self)
        guard
          let lengthLine = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }
          ),
          let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
          rest.distance(from: headerEnd.upperBound, to: rest.endIndex) >= length
        else { break }
        let bodyEnd = rest.index(headerEnd.upperBound, offsetBy: length)
        if let object = try? JSONSerialization.jsonObject(with: rest[headerEnd.upperBound..<bodyEnd]) as? [String: Any]
        {
          result.append(object)
        }
        rest = rest[bodyEnd...]
      }
      return result
    }

    /// Waits for the reply to request `id`.
    func reply(_ id: Int, timeout: TimeInterval = 60) -> [String: Any]? {
      let deadline = Date().addingTimeInterval(timeout)
      while Date() < deadline {
        if let m = messages.first(where: { ($0["id"] as? Int) == id && $0["method"] == nil }) { return m }
        Thread.sleep(forTimeInterval: 0.02)
      }
      return nil
    }

    /// Waits for the process to end; nil if it does not within `timeout`.
    func exitStatus(timeout: TimeInterval = 20) -> Int32? {
      let deadline = Date().addingTimeInterval(timeout)
      while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
      if process.isRunning {
        process.terminate()
        return nil
      }
      return process.terminationStatus
    }

    func initialize() -> [String: Any]? {
      send(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["processId": NSNull(), "capabilities": [:]]])
      let r = reply(1)
      send(["jsonrpc": "2.0", "method": "initialized", "params": [:]])
      return r
    }

    func shutdownAndExit(id: Int = 999) -> Int32? {
      send(["jsonrpc": "2.0", "id": id, "method": "shutdown"])
      _ = reply(id)
      send(["jsonrpc": "2.0", "method": "exit"])
      try? input.fileHandleForWriting.close()
      return exitStatus()
    }

    func logs() -> [String] {
      messages.filter {
        $0["method"] as? String == "window/logMessage" || $0["method"] as? String == "window/showMessage"
      }
      .compactMap { ($0["params"] as? [String: Any])?["message"] as? String }
    }
  }

  let uri = "file:///tmp/policylint-edge/draft.txt"

  func open(_ server: Server, _ text: String, uri: String? = nil) {
    server.send([
      "jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": ["textDocument": ["uri": uri ?? self.uri, "languageId": "plaintext", "version": 1, "text": text]],
    ])
  }

  /// Outcome: a message cut off by the end of input is dropped and the server exits with status 1 (no
  /// `exit` arrived), promptly and without crashing.
  func testTruncatedMessageAtEndOfInputEndsTheServerWithStatusOne() throws {
    let server = try Server()
    XCTAssertNotNil(server.initialize())
    server.send(Data("Content-Length: 120\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"shut".utf8))
    try server.input.fileHandleForWriting.close()
    XCTAssertEqual(server.exitStatus(), 1, server.stderr)
    XCTAssertFalse(server.stderr.contains("Fatal error"), server.stderr)
  }

  /// Outcome for a 100 MB single-line document sent to the server: the message is over the transport's
  /// 64 MiB cap, so it is skipped by its declared length with an error in the log naming the size and the
  /// limit; the stream stays in sync and the next request is answered.
  func testHundredMegabyteMessageIsRefusedByTheSizeCapAndTheNextRequestIsAnswered() throws {
    let server = try Server()
    XCTAssertNotNil(server.initialize())
    let line = String(repeating: "坚持高质量发展，", count: 100_000_000 / 24 + 1)
    open(server, line)
    server.send([
      "jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
      "params": ["textDocument": ["uri": uri], "position": ["line": 0, "character": 0]],
    ])
    XCTAssertNotNil(server.reply(2, timeout: 120), "the request after the oversized message was not answered")
    XCTAssertTrue(server.logs().contains { $0.contains("exceeds the limit") }, "\(server.logs())")
    XCTAssertEqual(server.shutdownAndExit(), 0, server.stderr)
  }

  /// Outcome: invalid UTF-8 inside a JSON string is a parse error (`-32700`, id null, since the id cannot be
  /// trusted), and the message after it is handled normally.
  func testInvalidUTF8InAJSONStringIsAParseErrorAndTheStreamStaysInSync() throws {
    let server = try Server()
    XCTAssertNotNil(server.initialize())
    var body = Data(#"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":""#.utf8)
    body += Data([0xC3, 0x28, 0xFF, 0xED, 0xA0, 0x80])  // a bad sequence, a stray byte, an encoded surrogate
    body += Data(#""},"position":{"line":0,"character":0}}}"#.utf8)
    server.send(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    server.send([
      "jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
      "params": ["textDocument": ["uri": uri], "position": ["line": 0, "character": 0]],
    ])
    XCTAssertNotNil(server.reply(3))
    let parseErrors = server.messages.filter { (($0["error"] as? [String: Any])?["code"] as? Int) == -32700 }
    XCTAssertEqual(parseErrors.count, 1, "\(server.messages)")
    XCTAssertTrue(parseErrors.first?["id"] is NSNull, "\(parseErrors)")
    XCTAssertEqual(server.shutdownAndExit(), 0, server.stderr)
  }

  /// Outcome for positions past the end: a change there is rejected with an error log and the document is
  /// unchanged; hover and code actions there are answered (with nothing), never an internal error.
  func testPositionsPastTheEndAreRejectedOrAnsweredAndNeverCrash() throws {
    let server = try Server()
    XCTAssertNotNil(server.initialize())
    open(server, "第一行\r\n𠀀第二行")
    let far: [String: Any] = ["line": 99, "character": 5]
    let farChar: [String: Any] = ["line": 1, "character": 10_000]
    server.send([
      "jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": [
        "textDocument": ["uri": uri, "version": 2],
        "contentChanges": [["range": ["start": far, "end": far], "text": "x"]],
      ],
    ])
    for (id, position) in [(2, far), (3, farChar), (4, ["line": -1, "character": 0] as [String: Any])] {
      server.send([
        "jsonrpc": "2.0", "id": id, "method": "textDocument/hover",
        "params": ["textDocument": ["uri": uri], "position": position],
      ])
      server.send([
        "jsonrpc": "2.0", "id": id + 10, "method": "textDocument/codeAction",
        "params": [
          "textDocument": ["uri": uri], "range": ["start": position, "end": position],
          "context": ["diagnostics": []],
        ],
      ])
    }
    for id in [2, 3, 4, 12, 13, 14] {
      let r = server.reply(id)
      XCTAssertNotNil(r, "request \(id) was not answered")
      XCTAssertNotEqual(
        (r?["error"] as? [String: Any])?["code"] as? Int, -32603, "internal error for \(id): \(r ?? [:])")
    }
    XCTAssertTrue(server.logs().contains { $0.contains("past the end") }, "\(server.logs())")
    // A change at the real end (a position LSP allows: character past the end of the last line) still applies.
    server.send([
      "jsonrpc": "2.0", "method": "textDocument/didChange",
      "params": [
        "textDocument": ["uri": uri, "version": 3],
        "contentChanges": [["range": ["start": farChar, "end": farChar], "text": "。"]],
      ],
    ])
    XCTAssertEqual(server.shutdownAndExit(), 0, server.stderr)
    XCTAssertFalse(server.stderr.contains("Fatal error"), server.stderr)
  }
}
