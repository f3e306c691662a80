import Foundation

/// Where outgoing messages go: the stdio transport, or a test's recorder.
public protocol MessageSink: Sendable {
  /// Sends one message. Must be safe to call from any thread.
  func send(_ message: Message)
  /// Sends one message already serialized (the body, without framing), for large messages written
  /// straight to bytes. The bytes must be a valid message.
  func send(serialized body: [UInt8])
}

extension MessageSink {
  /// Parses the body and sends the message: what a sink that keeps `Message`s (a test's recorder) does,
  /// so it sees exactly what would go on the wire.
  public func send(serialized body: [UInt8]) {
    guard let json = try? JSONValue.parse(body), case .success(let message) = Message.decode(json) else {
      assertionFailure("send(serialized:) was given bytes that are not a message")
      return
    }
    send(message)
  }
}

/// Something read from the stream, in order.
public enum Inbound: Sendable, Hashable {
  /// A valid message.
  case message(Message)
  /// A body that is not valid JSON or not a valid message: answer with this error (id nil when unknown).
  case invalid(id: RequestID?, error: ResponseError)
  /// A framing problem already skipped; log it.
  case framingError(FramingError)
}

extension Inbound {
  /// Decodes one framed body.
  public static func decode(body: [UInt8]) -> Inbound {
    let json: JSONValue
    do {
      json = try JSONValue.parse(body)
    } catch {
      return .invalid(id: nil, error: .parseError("\(error)"))
    }
    switch Message.decode(json) {
    case .success(let m): return .message(m)
    case .failure(let e): return .invalid(id: e.id, error: e.error)
    }
  }
}

/// A first-in first-out queue of inbound items between the reading thread and the one task that handles
/// them, so messages are handled strictly in order while reading never waits for handling.
///
/// `@unchecked Sendable` is safe: every stored property is read and written under `lock`.
public final class MessageQueue: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [Inbound] = []
  private var head = 0
  private var closed = false
  private var waiter: CheckedContinuation<Inbound?, Never>?

  /// Makes an empty queue.
  public init() {}

  /// Adds items; wakes the consumer.
  public func push(_ new: [Inbound]) {
    guard !new.isEmpty else { return }
    lock.lock()
    if closed {
      lock.unlock()
      return
    }
    items.append(contentsOf: new)
    let w = waiter
    waiter = nil
    let first = w == nil ? nil : popLocked()
    lock.unlock()
    w?.resume(returning: first)
  }

  /// Marks the end of the stream: `next()` returns nil once the queue is drained.
  public func close() {
    lock.lock()
    closed = true
    let w = waiter
    waiter = nil
    let first = w == nil ? nil : popLocked()
    lock.unlock()
    w?.resume(returning: first)
  }

  /// Whether nothing is waiting to be handled.
  public var isEmpty: Bool {
    lock.lock()
    defer { lock.unlock() }
    return head == items.count
  }

  /// The next item, waiting for one; nil at the end of the stream. One consumer only.
  public func next() async -> Inbound? {
    await withCheckedContinuation { (c: CheckedContinuation<Inbound?, Never>) in
      lock.lock()
      if head < items.count || closed {
        let item = popLocked()
        lock.unlock()
        c.resume(returning: item)
      } else {
        waiter = c
        lock.unlock()
      }
    }
  }

  private func popLocked() -> Inbound? {
    guard head < items.count else { return nil }
    let item = items[head]
    head += 1
    if head > 1024 && head * 2 > items.count {
      items.removeFirst(head)
      head = 0
    }
    return item
  }
}

/// JSON-RPC over a pair of file descriptors (stdin/stdout for `policylint serve`).
///
/// A dedicated thread reads with blocking `read(2)` and pushes into a `MessageQueue`; `send` writes whole
/// frames under a lock so concurrent senders never interleave bytes.
/// `@unchecked Sendable` is safe: `outputFD` is immutable and writes are serialized by `writeLock`.
public final class FileDescriptorTransport: MessageSink, @unchecked Sendable {
  private let inputFD: Int32
  private let outputFD: Int32
  private let maximumBodyBytes: Int
  private let writeLock = NSLock()
  private var writeFailed = false
  /// Called once when writing fails (the client has gone): the server should exit.
  public let onWriteFailure: @Sendable () -> Void

  /// Makes a transport; nothing is read until `startReading`.
  public init(
    inputFD: Int32, outputFD: Int32, maximumBodyBytes: Int = MessageFramer.defaultMaximumBodyBytes,
    onWriteFailure: @escaping @Sendable () -> Void = {}
  ) {
    self.inputFD = inputFD
    self.outputFD = outputFD
    self.maximumBodyBytes = maximumBodyBytes
    self.onWriteFailure = onWriteFailure
  }

  /// Starts the reading thread; it closes `queue` at end of input.
  public func startReading(into queue: MessageQueue) {
    let fd = inputFD
    let limit = maximumBodyBytes
    let thread = Thread {
      var framer = MessageFramer(maximumBodyBytes: limit)
      var chunk = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        framer.append(chunk[0..<n])
        var batch: [Inbound] = []
        while let item = framer.next() {
          switch item {
          case .body(let body): batch.append(Inbound.decode(body: body))
          case .error(let e): batch.append(.framingError(e))
          }
        }
        queue.push(batch)
      }
      queue.close()
    }
    thread.name = "policylint-jsonrpc-reader"
    thread.start()
  }

  public func send(_ message: Message) { send(serialized: message.json.serialized()) }

  public func send(serialized body: [UInt8]) {
    let bytes = MessageFramer.frame(body)
    writeLock.lock()
    if writeFailed {
      writeLock.unlock()
      return
    }
    var offset = 0
    var failed = false
    bytes.withUnsafeBytes { raw in
      while offset < raw.count {
        let n = write(outputFD, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          failed = true
          return
        }
        offset += n
      }
    }
    if failed { writeFailed = true }
    writeLock.unlock()
    if failed { onWriteFailure() }
  }
}

/// Answers one request exactly once.
///
/// The first answer wins and later ones are ignored (a cancellation racing a result is normal). A `Reply`
/// dropped unanswered answers `-32603` itself, so a request can never be left without a response.
/// `@unchecked Sendable` is safe: `answered` is guarded by `lock`; the other properties are immutable.
public final class Reply: @unchecked Sendable {
  /// The request's id.
  public let id: RequestID
  /// The request's method, for messages.
  public let method: String
  private let sink: any MessageSink
  private let lock = NSLock()
  private var answered = false

  /// Makes a reply for a request.
  public init(id: RequestID, method: String, sink: any MessageSink) {
    self.id = id
    self.method = method
    self.sink = sink
  }

  /// Whether an answer has been sent.
  public var isAnswered: Bool { lock.withLock { answered } }

  /// Sends a result or an error, unless one was sent already. Returns whether this call sent it.
  @discardableResult
  public func callAsFunction(_ result: Result<JSONValue, ResponseError>) -> Bool {
    let first = lock.withLock { () -> Bool in
      if answered { return false }
      answered = true
      return true
    }
    guard first else { return false }
    switch result {
    case .success(let value): sink.send(.response(id: id, result: value))
    case .failure(let error): sink.send(.errorResponse(id: id, error: error))
    }
    return true
  }

  /// Sends a result.
  @discardableResult
  public func succeed(_ value: JSONValue) -> Bool { self(.success(value)) }

  /// Sends an error.
  @discardableResult
  public func fail(_ error: ResponseError) -> Bool { self(.failure(error)) }

  deinit {
    if !answered {
      sink.send(
        .errorResponse(id: id, error: .internalError("the server dropped the \(method) request without an answer")))
    }
  }
}
