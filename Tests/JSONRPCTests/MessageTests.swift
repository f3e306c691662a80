import Foundation
import JSONRPC
import XCTest

/// Records sent messages.
final class RecordingSink: MessageSink, @unchecked Sendable {
  // `@unchecked Sendable` is safe: `messages` is only touched under `lock`.
  private let lock = NSLock()
  private var messages: [Message] = []
  func send(_ message: Message) { lock.withLock { messages.append(message) } }
  var sent: [Message] { lock.withLock { messages } }
}

final class MessageTests: XCTestCase {
  func testRequestsNotificationsAndResponsesAreDecoded() throws {
    let request = try JSONValue.parse(#"{"jsonrpc":"2.0","id":7,"method":"m","params":{"a":1}}"#)
    XCTAssertEqual(try Message.decode(request).get(), .request(id: .number(7), method: "m", params: ["a": 1]))
    let note = try JSONValue.parse(#"{"jsonrpc":"2.0","method":"n"}"#)
    XCTAssertEqual(try Message.decode(note).get(), .notification(method: "n", params: nil))
    let response = try JSONValue.parse(#"{"jsonrpc":"2.0","id":"x","result":null}"#)
    XCTAssertEqual(try Message.decode(response).get(), .response(id: .string("x"), result: .null))
  }

  func testInvalidMessagesCarryTheirIdWhenReadable() throws {
    let noVersion = try JSONValue.parse(#"{"id":3,"method":"m"}"#)
    guard case .failure(let e) = Message.decode(noVersion) else { return XCTFail("accepted a message without jsonrpc") }
    XCTAssertEqual(e.id, .number(3))
    XCTAssertEqual(e.error.code, ResponseError.invalidRequestCode)
    guard case .failure(let batch) = Message.decode([]) else { return XCTFail("accepted a batch") }
    XCTAssertNil(batch.id)
    guard case .failure(let badID) = Message.decode(["jsonrpc": "2.0", "id": 1.5, "method": "m"]) else {
      return XCTFail("accepted a fractional id")
    }
    XCTAssertEqual(badID.error.code, ResponseError.invalidRequestCode)
  }

  func testMalformedBodyDecodesToParseError() {
    guard case .invalid(let id, let error) = Inbound.decode(body: Array("{oops".utf8)) else {
      return XCTFail("malformed JSON accepted")
    }
    XCTAssertNil(id)
    XCTAssertEqual(error.code, ResponseError.parseErrorCode)
  }

  func testReplyAnswersExactlyOnce() {
    let sink = RecordingSink()
    let reply = Reply(id: .number(1), method: "m", sink: sink)
    XCTAssertTrue(reply.succeed(.null))
    XCTAssertFalse(reply.fail(.requestCancelled))
    XCTAssertEqual(sink.sent, [.response(id: .number(1), result: .null)])
  }

  func testDroppedReplyAnswersInternalErrorItself() {
    let sink = RecordingSink()
    do { _ = Reply(id: .number(2), method: "m", sink: sink) }
    guard case .errorResponse(let id, let error)? = sink.sent.first else { return XCTFail("no answer sent") }
    XCTAssertEqual(id, .number(2))
    XCTAssertEqual(error.code, ResponseError.internalErrorCode)
  }

  func testQueueDeliversInOrderAndEndsAfterClose() async {
    let queue = MessageQueue()
    queue.push([.message(.notification(method: "a", params: nil)), .message(.notification(method: "b", params: nil))])
    queue.close()
    var methods: [String] = []
    while let item = await queue.next() {
      if case .message(.notification(let m, _)) = item { methods.append(m) }
    }
    XCTAssertEqual(methods, ["a", "b"])
  }
}
