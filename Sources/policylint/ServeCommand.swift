import Foundation
import JSONRPC
import PolicyServer

/// `policylint serve`: the language server over stdin/stdout.
enum ServeCommand {
  static let help = """
    Usage: policylint serve [--stdio]

    Runs the policylint language server (LSP 3.17) over stdin and stdout. `--stdio` is accepted because
    clients pass it; it is the only transport. Logs go to stderr and to the client (window/logMessage).
    Settings come from initializationOptions and workspace/configuration (section `policylint`), over the
    nearest .policylint.json; see protocol/lsp.md.

    Options:
      --stdio                    use stdin/stdout (the default)
      --clientProcessId PID      exit when this process exits (also taken from `initialize`)
      --max-message-bytes N      the largest message accepted (default 64 MiB)
    """

  static func run(_ args: [String]) -> Int32 {
    if args.contains("--help") || args.contains("-h") {
      Console.out(help)
      return 0
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(args, valued: ["--clientProcessId", "--max-message-bytes"], flagNames: ["--stdio"])
    } catch {
      Console.error("policylint serve: \(error.message); see `policylint serve --help`")
      return 2
    }
    guard parsed.positional.isEmpty else {
      Console.error("policylint serve: unexpected argument '\(parsed.positional[0])'; see `policylint serve --help`")
      return 2
    }
    var limit = MessageFramer.defaultMaximumBodyBytes
    if let s = parsed.values["--max-message-bytes"] {
      guard let n = Int(s), n > 0 else {
        Console.error("policylint serve: --max-message-bytes takes a positive number of bytes, not '\(s)'")
        return 2
      }
      limit = n
    }
    var clientPID: Int32?
    if let s = parsed.values["--clientProcessId"] {
      guard let n = Int32(s), n > 0 else {
        Console.error("policylint serve: --clientProcessId takes a process id, not '\(s)'")
        return 2
      }
      clientPID = n
    }

    // Protect the protocol stream: keep the real stdout for JSON-RPC only and point fd 1 at stderr, so a
    // stray print anywhere in the process lands in the log instead of corrupting the stream.
    let protocolFD = dup(1)
    guard protocolFD >= 0, dup2(2, 1) >= 0 else {
      Console.error("policylint serve: cannot set up stdout (\(String(cString: strerror(errno))))")
      return 2
    }
    // A client that goes away must not kill the server with SIGPIPE mid-write; the failed write ends it.
    signal(SIGPIPE, SIG_IGN)
    // Before any thread starts: one allocator arena, so memory the server frees is reused (see the function).
    _ = AllocatorArenas.limitToOne()

    let transport = FileDescriptorTransport(inputFD: 0, outputFD: protocolFD, maximumBodyBytes: limit) {
      FileHandle.standardError.write(Data("policylint serve: the client closed the connection; exiting\n".utf8))
      exit(1)
    }
    let queue = MessageQueue()
    let server = PolicyServer(sink: transport)
    let status = StatusBox()
    let done = DispatchSemaphore(value: 0)
    Task {
      if let pid = clientPID { await server.watchClientProcess(pid) }
      status.value = await server.run(queue: queue)
      done.signal()
    }
    transport.startReading(into: queue)
    done.wait()
    return status.value
  }
}

/// The exit status handed from the server task to the main thread.
/// `@unchecked Sendable` is safe: written once before `done.signal()`, read after `done.wait()`.
private final class StatusBox: @unchecked Sendable {
  var value: Int32 = 1
}
