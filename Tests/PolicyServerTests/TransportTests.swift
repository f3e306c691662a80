import Foundation
import JSONRPC
import PolicyServer
import XCTest

/// Drives the server through real file descriptors, as `policylint serve` does, with hostile input.
final class TransportTests: XCTestCase {
  private func frame(_ s: String) -> [UInt8] { MessageFramer.frame(Array(s.utf8)) }

  func testServerSurvivesAStreamOfMalformedMessagesAndAnswersTheNextValidRequest() async throws {
    var toServer: [Int32] = [0, 0]
    var fromServer: [Int32] = [0, 0]
    XCTAssertEqual(pipe(&toServer), 0)
    XCTAssertEqual(pipe(&fromServer), 0)
    let transport = FileDescriptorTransport(inputFD: toServer[0], outputFD: fromServer[1], maximumBodyBytes: 4096)
    let queue = MessageQueue()
    let server = PolicyServer(sink: transport, checks: [MarkerCheck.self], stderrLogging: false)
    let run = Task { await server.run(queue: queue) }
    transport.startReading(into: queue)

    var input: [UInt8] = []
    input += frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
    input += frame("{oops")
    input += frame("[]")
    input += frame(#"{"jsonrpc":"2.0","id":{"x":1},"method":"y"}"#)
    input += Array("Content-Length: banana\r\n\r\n".utf8)
    input += Array("Content-Length: 999999\r\n\r\n".utf8) + [UInt8](repeating: 0x20, count: 999_999)
    input += Array("no header at all\r\n\r\n".utf8)
    input += [0x22, 0xFF, 0xFE]  // stray bytes before the next header
    input += Array("Content-Length: 4\r\n\r\n".utf8) + [0x22, 0xFF, 0xFE, 0x22]  // invalid UTF-8 in a string
    input += frame(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
    input += frame(#"{"jsonrpc":"2.0","method":"exit"}"#)
    let writer = toServer[1]
    let bytes = input
    let writeTask = Task.detached {
      bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
          let n = write(writer, raw.baseAddress! + offset, min(4096, raw.count - offset))
          if n <= 0 { break }
          offset += n
        }
      }
      close(writer)
    }
    let status = await run.value
    _ = await writeTask.value
    close(fromServer[1])
    let output = FileHandle(fileDescriptor: fromServer[0]).readDataToEndOfFile()
    var framer = MessageFramer()
    framer.append(Array(output))
    var messages: [JSONValue] = []
    while let item = framer.next() {
      if case .body(let b) = item { messages.append(try JSONValue.parse(b)) }
    }
    let errors = messages.compactMap { $0[path: "error", "code"]?.intValue }
    XCTAssertEqual(errors.filter { $0 == -32700 }.count, 2, "\(messages)")
    XCTAssertEqual(errors.filter { $0 == -32600 }.count, 2, "\(messages)")
    XCTAssertTrue(messages.contains { $0["id"] == 2 && $0["result"] == .null }, "shutdown must be answered")
    XCTAssertEqual(status, 0)
    close(fromServer[0])
    close(toServer[0])
  }
}
