import JSONRPC
import XCTest

final class MessageFramerTests: XCTestCase {
  private func frame(_ body: String) -> [UInt8] { MessageFramer.frame(Array(body.utf8)) }

  private func drain(_ framer: inout MessageFramer) -> [MessageFramer.Item] {
    var items: [MessageFramer.Item] = []
    while let item = framer.next() { items.append(item) }
    return items
  }

  private func bodies(_ items: [MessageFramer.Item]) -> [String] {
    items.compactMap { if case .body(let b) = $0 { return String(decoding: b, as: UTF8.self) } else { return nil } }
  }

  func testMessageFedOneByteAtATimeIsReassembled() {
    var framer = MessageFramer()
    var items: [MessageFramer.Item] = []
    for byte in frame(#"{"text":"𠀀中文"}"#) {
      framer.append([byte])
      items += drain(&framer)
    }
    XCTAssertEqual(bodies(items), [#"{"text":"𠀀中文"}"#])
  }

  func testSeveralMessagesInOneChunkAreAllReturned() {
    var framer = MessageFramer()
    framer.append(frame("[1]") + frame("[2]") + frame("[3]"))
    XCTAssertEqual(bodies(drain(&framer)), ["[1]", "[2]", "[3]"])
  }

  func testContentLengthCountsBytesNotCharacters() {
    let body = #"{"a":"中文𠀀"}"#
    XCTAssertEqual(frame(body).count, "Content-Length: \(body.utf8.count)\r\n\r\n".utf8.count + body.utf8.count)
    var framer = MessageFramer()
    framer.append(frame(body) + frame("{}"))
    XCTAssertEqual(bodies(drain(&framer)), [body, "{}"])
  }

  func testContentTypeHeaderAndHeaderCaseAreAccepted() {
    var framer = MessageFramer()
    let header = "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf8\r\n\r\n"
    framer.append(Array(header.utf8) + Array("{}".utf8))
    XCTAssertEqual(bodies(drain(&framer)), ["{}"])
  }

  func testOtherCharsetIsSkippedByLengthAndNextMessageSurvives() {
    var framer = MessageFramer()
    let header = "Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=latin1\r\n\r\n"
    framer.append(Array(header.utf8) + Array("{}".utf8) + frame("[1]"))
    let items = drain(&framer)
    XCTAssertEqual(items.first, .error(.unsupportedCharset("latin1")))
    XCTAssertEqual(bodies(items), ["[1]"])
  }

  func testMissingContentLengthIsReportedAndTheStreamResynchronises() {
    var framer = MessageFramer()
    // A header without Content-Length, its body, then a good message: the body runs into the next header.
    framer.append(Array("X-Foo: 1\r\n\r\n{\"lost\":1}".utf8) + frame("[2]"))
    let items = drain(&framer)
    XCTAssertEqual(items.first, .error(.missingContentLength))
    XCTAssertEqual(bodies(items), ["[2]"])
  }

  func testGarbageBeforeAMessageIsSkipped() {
    var framer = MessageFramer()
    framer.append(Array("garbage without colon\r\n\r\n".utf8) + frame("[3]"))
    let items = drain(&framer)
    XCTAssertEqual(items.count, 2)
    XCTAssertEqual(bodies(items), ["[3]"])
  }

  func testNonNumericContentLengthIsRejected() {
    var framer = MessageFramer()
    framer.append(Array("Content-Length: -5\r\n\r\n".utf8) + frame("[4]"))
    let items = drain(&framer)
    XCTAssertEqual(items.first, .error(.invalidContentLength("-5")))
    XCTAssertEqual(bodies(items), ["[4]"])
  }

  func testOversizedMessageIsSkippedWithoutBufferingIt() {
    var framer = MessageFramer(maximumBodyBytes: 10)
    framer.append(Array("Content-Length: 1000\r\n\r\n".utf8))
    XCTAssertEqual(drain(&framer), [.error(.tooLarge(bytes: 1000, limit: 10))])
    for _ in 0..<10 {
      framer.append([UInt8](repeating: 0x41, count: 100))
      XCTAssertEqual(drain(&framer), [])
    }
    XCTAssertEqual(framer.bufferedByteCount, 0)
    framer.append(frame("[5]"))
    XCTAssertEqual(bodies(drain(&framer)), ["[5]"])
  }

  func testEndlessHeaderIsCutOffAtTheLimit() {
    var framer = MessageFramer()
    framer.append([UInt8](repeating: 0x41, count: MessageFramer.maximumHeaderBytes + 10))
    XCTAssertEqual(drain(&framer), [.error(.headerTooLong(limit: MessageFramer.maximumHeaderBytes))])
    framer.append(Array("AAAA\r\n\r\n".utf8) + frame("[6]"))
    XCTAssertEqual(bodies(drain(&framer)), ["[6]"])
  }

  func testBodySplitAcrossChunksWaitsForTheRest() {
    var framer = MessageFramer()
    let bytes = frame(#"{"k":"值"}"#)
    framer.append(bytes[0..<(bytes.count - 3)])
    XCTAssertEqual(drain(&framer), [])
    framer.append(bytes[(bytes.count - 3)...])
    XCTAssertEqual(bodies(drain(&framer)), [#"{"k":"值"}"#])
  }
}
