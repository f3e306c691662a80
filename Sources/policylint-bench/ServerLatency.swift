import Foundation

/// A minimal LSP client over a child's stdin/stdout: Content-Length framing and JSON via Foundation, so it
/// measures the server exactly as an editor talks to it. A reader thread stamps each message on arrival.
final class LSPClient: @unchecked Sendable {
  // Safe: `inbox` and `buffer` are touched only with `condition` held; the rest is set once in `init`.
  private let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let condition = NSCondition()
  private var inbox: [(arrived: UInt64, message: [String: Any])] = []
  private var closed = false
  private var nextID = 1
  /// Answers to the server's own requests (`workspace/configuration` and the like).
  var settings: [String: Any] = [:]
  /// When the process was started (monotonic nanoseconds).
  private(set) var startedAt: UInt64 = 0

  init(executable: String, arguments: [String], environment: [String: String]) throws {
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle(forWritingAtPath: ProcessInfo.processInfo.environment["BENCH_SERVER_STDERR"] ?? "/dev/null")
    startedAt = Clock.now()
    try process.run()
    let thread = Thread { [self] in readLoop() }
    thread.start()
  }

  var pid: Int32 { process.processIdentifier }

  private func readLoop() {
    let fd = output.fileHandleForReading.fileDescriptor
    var buffer: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n <= 0 { break }
      buffer.append(contentsOf: chunk[0..<n])
      while let (body, consumed) = Self.frame(buffer) {
        buffer.removeFirst(consumed)
        let arrived = Clock.now()
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { continue }
        if object["method"] != nil, let id = object["id"] {
          answer(id: id, method: object["method"] as? String ?? "", params: object["params"])
          continue
        }
        condition.lock()
        inbox.append((arrived, object))
        condition.broadcast()
        condition.unlock()
      }
    }
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// One framed body at the start of `buffer`, and how many bytes it took.
  static func frame(_ buffer: [UInt8]) -> ([UInt8], Int)? {
    let separator: [UInt8] = [13, 10, 13, 10]
    guard buffer.count >= 4 else { return nil }
    var end = -1
    for i in 0...(buffer.count - 4) where buffer[i] == 13 && Array(buffer[i..<(i + 4)]) == separator {
      end = i
      break
    }
    guard end >= 0 else { return nil }
    let header = String(decoding: buffer[0..<end], as: UTF8.self)
    var length = -1
    for line in header.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
      length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }
    guard length >= 0, buffer.count >= end + 4 + length else { return nil }
    return (Array(buffer[(end + 4)..<(end + 4 + length)]), end + 4 + length)
  }

  private func answer(id: Any, method: String, params: Any?) {
    var result: Any = NSNull()
    if method == "workspace/configuration" {
      let items = ((params as? [String: Any])?["items"] as? [Any]) ?? []
      result = items.map { _ in settings }
    }
    send(["jsonrpc": "2.0", "id": id, "result": result])
  }

  func send(_ message: [String: Any]) {
    guard let body = try? JSONSerialization.data(withJSONObject: message) else { return }
    var data = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
    data.append(body)
    input.fileHandleForWriting.write(data)
  }

  /// Sends a request and returns its id.
  @discardableResult
  func request(_ method: String, _ params: [String: Any]) -> Int {
    let id = nextID
    nextID += 1
    send(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
    return id
  }

  func notify(_ method: String, _ params: [String: Any]) {
    send(["jsonrpc": "2.0", "method": method, "params": params])
  }

  /// Waits for (and removes) the first message matching `predicate`; nil after `timeout` seconds.
  func wait(timeout: Double, _ predicate: ([String: Any]) -> Bool) -> (arrived: UInt64, message: [String: Any])? {
    let deadline = Date().addingTimeInterval(timeout)
    condition.lock()
    defer { condition.unlock() }
    while true {
      if let i = inbox.firstIndex(where: { predicate($0.message) }) { return inbox.remove(at: i) }
      if closed || !condition.wait(until: deadline) { return nil }
    }
  }

  /// Drops messages that nobody waits for (logs, progress).
  func drain() {
    condition.lock()
    inbox.removeAll { $0.message["id"] == nil }
    condition.unlock()
  }

  func shutdown() {
    let id = request("shutdown", [:])
    _ = wait(timeout: 10) { ($0["id"] as? Int) == id }
    notify("exit", [:])
    try? input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning && Date() < deadline { usleep(20_000) }
    if process.isRunning { process.terminate() }
  }
}

/// Edit-to-diagnostics latency through the real protocol: open a draft, then send `didChange` edits one at
/// a time and wait for the `publishDiagnostics` of each version.
///
/// The edits jump: a character typed at a random place, then deleted, then another place. With `typing`
/// they type as a writer does instead: twenty characters one after another at a random place, then
/// deleted one by one, then another place (`probe-server --typing`).
enum ServerLatency {
  static func measure(
    policylint: String, corpus: String, draftPath: String, edits: Int, environment: [String: String], seed: UInt64,
    typing: Bool = false
  ) throws -> [String: Any] {
    let client = try LSPClient(executable: policylint, arguments: ["serve", "--stdio"], environment: environment)
    let settings: [String: Any] = ["corpus": corpus]
    client.settings = settings
    let draftText = try String(contentsOfFile: draftPath, encoding: .utf8)
    let uri = URL(fileURLWithPath: draftPath).absoluteString
    let root = URL(fileURLWithPath: (draftPath as NSString).deletingLastPathComponent).absoluteString
    let initID = client.request("initialize", [
      "processId": Int(getpid()), "rootUri": root, "capabilities": [String: Any](),
      "initializationOptions": ["policylint": settings],
    ])
    guard client.wait(timeout: 60, { ($0["id"] as? Int) == initID }) != nil else {
      client.shutdown()
      throw BenchError("the server did not answer initialize within 60 s")
    }
    client.notify("initialized", [:])
    client.notify("textDocument/didOpen", [
      "textDocument": ["uri": uri, "languageId": "plaintext", "version": 1, "text": draftText]
    ])
    func diagnostics(of version: Int) -> (UInt64, Int)? {
      guard let (arrived, m) = client.wait(timeout: 120, {
        ($0["method"] as? String) == "textDocument/publishDiagnostics"
          && (($0["params"] as? [String: Any])?["uri"] as? String) == uri
          && (($0["params"] as? [String: Any])?["version"] as? Int) == version
      }) else { return nil }
      let count = (((m["params"] as? [String: Any])?["diagnostics"]) as? [Any])?.count ?? 0
      return (arrived, count)
    }
    guard let (firstArrived, firstCount) = diagnostics(of: 1) else {
      client.shutdown()
      throw BenchError("no diagnostics for the opened draft within 120 s")
    }
    let startup = Double(firstArrived - client.startedAt) / 1e9
    // What the server holds once it has answered (after a build, too: run with an empty POLICYLINT_CACHE_DIR).
    let rssAtFirstDiagnostics = ProcessStatus.currentRSS(pid: client.pid)
    // Lines and their UTF-16 lengths, for edit positions (the edits below keep every line's length).
    let lines = draftText.split(separator: "\n", omittingEmptySubsequences: false).map { $0.utf16.count }
    let editable = lines.indices.filter { lines[$0] > 0 }
    var g = SplitMix64(seed: seed)
    var latencies: [Double] = []
    let cpuBefore = ProcessStatus.cpuSeconds(pid: client.pid)
    var version = 1
    var pending: (line: Int, character: Int)?
    var place: (line: Int, character: Int, typed: Int, deleting: Bool)?
    let run = 20
    for _ in 0..<edits {
      version += 1
      let change: [String: Any]
      if typing {
        var p = place ?? {
          let line = editable[Int(g.next() % UInt64(editable.count))]
          return (line, Int(g.next() % UInt64(lines[line])), 0, false)
        }()
        if !p.deleting {
          let at = ["line": p.line, "character": p.character + p.typed]
          change = ["range": ["start": at, "end": at], "text": "新"]
          p.typed += 1
          p.deleting = p.typed == run
        } else {
          p.typed -= 1
          change = ["range": ["start": ["line": p.line, "character": p.character + p.typed],
                              "end": ["line": p.line, "character": p.character + p.typed + 1]], "text": ""]
        }
        place = p.deleting && p.typed == 0 ? nil : p
      } else if let p = pending {
        // Delete what the previous edit typed, so the draft stays the same size.
        change = ["range": ["start": ["line": p.line, "character": p.character],
                            "end": ["line": p.line, "character": p.character + 1]], "text": ""]
        pending = nil
      } else {
        let line = editable[Int(g.next() % UInt64(editable.count))]
        let character = Int(g.next() % UInt64(lines[line]))
        change = ["range": ["start": ["line": line, "character": character],
                            "end": ["line": line, "character": character]], "text": "新"]
        pending = (line, character)
      }
      client.drain()
      let sent = Clock.now()
      client.notify("textDocument/didChange", [
        "textDocument": ["uri": uri, "version": version], "contentChanges": [change],
      ])
      guard let (arrived, _) = diagnostics(of: version) else {
        client.shutdown()
        throw BenchError("no diagnostics for version \(version) within 120 s")
      }
      latencies.append(Double(arrived - sent) / 1e9)
    }
    let peak = ProcessStatus.peakRSS(pid: client.pid)
    // The server's CPU time per edit (all its threads): steadier than latency on a shared machine.
    let cpuPerEdit = (ProcessStatus.cpuSeconds(pid: client.pid) - cpuBefore) / Double(max(1, edits))
    client.shutdown()
    let sorted = latencies.sorted()
    func percentile(_ p: Double) -> Double {
      sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
    }
    return [
      "edits": edits, "editPattern": typing ? "typing" : "jumping", "draftCharacters": draftText.unicodeScalars.count, "startupToFirstDiagnosticsSeconds": startup,
      "firstDiagnostics": firstCount, "p50Seconds": percentile(0.50), "p95Seconds": percentile(0.95),
      "p99Seconds": percentile(0.99), "maxSeconds": sorted.last ?? 0,
      "meanSeconds": latencies.reduce(0, +) / Double(max(1, latencies.count)), "serverPeakRSSBytes": peak,
      "serverRSSAtFirstDiagnosticsBytes": rssAtFirstDiagnostics,
      "serverCPUSecondsPerEdit": cpuPerEdit,
    ]
  }
}
