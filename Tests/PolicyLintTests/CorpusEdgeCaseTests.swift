import Foundation
import PolicyLint
import PolicyText
import XCTest

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile corpus directories and files: each case has one clear outcome, and none stops or hangs a load.
final class CorpusEdgeCaseTests: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-edge-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try write("a.txt", "全会要求坚持高质量发展。")
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  @discardableResult
  func write(_ name: String, _ text: String) throws -> URL {
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  /// Loads the corpus on another thread and fails (instead of hanging the suite) if it takes over `seconds`.
  func load(within seconds: Double = 20) throws -> CorpusLoader.Loaded {
    let box = LoadBox()
    let done = DispatchSemaphore(value: 0)
    let path = directory.path
    DispatchQueue.global().async {
      box.set(Result { () throws(PolicyLintError) in try CorpusLoader.load(directory: path) })
      done.signal()
    }
    guard done.wait(timeout: .now() + seconds) == .success, let result = box.get() else {
      throw LoadTimedOut(seconds: seconds)
    }
    return try result.get()
  }

  func testSymbolicLinkLoopIsReportedOnceAndTheLoadFinishes() throws {
    try FileManager.default.createDirectory(
      at: directory.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try write("sub/b.txt", "二是推进改革。")
    // sub/back → the corpus root: following it would walk the tree forever.
    try FileManager.default.createSymbolicLink(
      at: directory.appendingPathComponent("sub/back"), withDestinationURL: directory)
    let loaded = try load()
    XCTAssertEqual(loaded.documents.map(\.info.name).sorted(), ["a.txt", "sub/b.txt"])
    XCTAssertEqual(loaded.warnings.filter { $0.contains("symbolic link loop") }.count, 1, "\(loaded.warnings)")
  }

  func testLinkToItselfIsSkippedAsBrokenWithAWarningNamingIt() throws {
    let link = directory.appendingPathComponent("self.txt")
    XCTAssertEqual(symlink(link.path, link.path), 0)
    let loaded = try load()
    XCTAssertEqual(loaded.documents.map(\.info.name), ["a.txt"])
    XCTAssertTrue(loaded.warnings.contains { $0.contains("self.txt") }, "\(loaded.warnings)")
  }

  /// Root (as in CI) reads a `chmod 000` file anyway, so the unreadable file here is a Unix socket named
  /// `.txt`: `open` fails with ENXIO for every user. A `chmod 000` file is tested too when not running as root.
  func testUnreadableFileIsSkippedWithAWarningNamingIt() throws {
    let socketPath = directory.appendingPathComponent("socket.txt").path
    let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
    XCTAssertGreaterThanOrEqual(fd, 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    let pathBytes = Array(socketPath.utf8)
    try XCTSkipIf(
      pathBytes.count >= MemoryLayout.size(ofValue: address.sun_path), "temporary path too long for a socket")
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
      for (k, b) in pathBytes.enumerated() { raw[k] = b }
    }
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
    }
    XCTAssertEqual(bound, 0, "bind: \(String(cString: strerror(errno)))")
    var expectedSkipped = ["socket.txt"]
    if getuid() != 0 {
      let locked = try write("locked.txt", "不可读。")
      try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: locked.path)
      expectedSkipped.append("locked.txt")
    }
    let loaded = try load()
    XCTAssertEqual(loaded.documents.map(\.info.name), ["a.txt"])
    for name in expectedSkipped {
      XCTAssertTrue(
        loaded.warnings.contains { $0.contains(name) && $0.contains("skipped") }, "\(name): \(loaded.warnings)")
    }
    // The socket is named for what it is, not guessed to be a permission problem.
    XCTAssertTrue(
      loaded.warnings.contains { $0.contains("socket.txt") && $0.contains("not a regular file") }, "\(loaded.warnings)")
  }

  /// A named pipe called `.txt` would block a plain read until a writer comes along: it must be skipped.
  func testNamedPipeIsSkippedInsteadOfBlockingTheLoad() throws {
    let fifo = directory.appendingPathComponent("pipe.txt").path
    XCTAssertEqual(mkfifo(fifo, 0o644), 0)
    let box = LoadBox()
    let done = DispatchSemaphore(value: 0)
    let path = directory.path
    DispatchQueue.global().async {
      box.set(Result { () throws(PolicyLintError) in try CorpusLoader.load(directory: path) })
      done.signal()
    }
    if done.wait(timeout: .now() + 10) != .success {
      // Unblock the stuck reader so the suite can go on, then fail.
      let writer = open(fifo, O_WRONLY | O_NONBLOCK)
      if writer >= 0 { close(writer) }
      _ = done.wait(timeout: .now() + 10)
      XCTFail("loading a corpus with a named pipe in it blocked for 10 s")
      return
    }
    let loaded = try XCTUnwrap(box.get()).get()
    XCTAssertEqual(loaded.documents.map(\.info.name), ["a.txt"])
    XCTAssertTrue(
      loaded.warnings.contains { $0.contains("pipe.txt") && $0.contains("not a regular file") }, "\(loaded.warnings)")
  }

  /// A 100 MB single-line file is refused by the size cap before it is read, with a message that names the
  /// file, its size, the limit and how to raise it; the rest of the corpus still loads.
  func testHundredMegabyteSingleLineFileIsRefusedBySizeCapWithAMessage() throws {
    let big = directory.appendingPathComponent("big.txt")
    let line = Data(String(repeating: "全会要求坚持高质量发展", count: 1000).utf8)  // 33 000 bytes, no newline
    FileManager.default.createFile(atPath: big.path, contents: nil)
    let handle = try FileHandle(forWritingTo: big)
    for _ in 0..<(100_000_000 / line.count + 1) { handle.write(line) }
    try handle.close()
    let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: big.path)[.size] as? Int)
    XCTAssertGreaterThanOrEqual(size, 100_000_000)
    XCTAssertThrowsError(try CorpusLoader.readText(big.path)) { error in
      guard let e = error as? PolicyLintError, case .tooLarge(_, let bytes, let limit) = e else {
        return XCTFail("expected tooLarge, got \(error)")
      }
      XCTAssertEqual(bytes, size)
      XCTAssertEqual(limit, CorpusLoader.maxFileBytes)
      XCTAssertTrue(
        e.description.contains("big.txt") && e.description.contains("POLICYLINT_MAX_FILE_BYTES"), e.description)
    }
    let loaded = try load()
    XCTAssertEqual(loaded.documents.map(\.info.name), ["a.txt"])
    XCTAssertTrue(
      loaded.warnings.contains { $0.contains("big.txt") && $0.contains("larger than the limit") }, "\(loaded.warnings)")
  }

  /// The size cap holds when the corpus reaches the big file through a symbolic link (the link itself is
  /// tiny: the cap must measure what it points to).
  func testSizeCapAppliesThroughASymbolicLink() throws {
    let outside = directory.deletingLastPathComponent().appendingPathComponent(
      "policylint-big-\(UUID().uuidString).txt")
    defer { try? FileManager.default.removeItem(at: outside) }
    FileManager.default.createFile(atPath: outside.path, contents: nil)
    let handle = try FileHandle(forWritingTo: outside)
    try handle.truncate(atOffset: UInt64(CorpusLoader.maxFileBytes + 1))  // sparse: big but instant
    try handle.close()
    try FileManager.default.createSymbolicLink(
      at: directory.appendingPathComponent("link.txt"), withDestinationURL: outside)
    XCTAssertThrowsError(try CorpusLoader.readText(directory.appendingPathComponent("link.txt").path)) { error in
      guard case .tooLarge? = error as? PolicyLintError else { return XCTFail("expected tooLarge, got \(error)") }
    }
    let loaded = try load()
    XCTAssertEqual(loaded.documents.map(\.info.name), ["a.txt"])
    XCTAssertTrue(
      loaded.warnings.contains { $0.contains("link.txt") && $0.contains("larger than the limit") }, "\(loaded.warnings)"
    )
  }

  /// A file rewritten (not atomically) while the corpus is indexed: each load sees some version of it,
  /// and what a document records (character count, content hash) always describes the text it holds;
  /// once writing stops, the next load sees the final text exactly.
  func testFileThatChangesWhileIndexedNeverYieldsAnInconsistentDocument() throws {
    let url = directory.appendingPathComponent("changing.txt")
    let versions = (0..<6).map { k in String(repeating: "第\(k)版内容，坚持高质量发展。\n", count: 200 * (k + 1)) }
    try Data(versions[0].utf8).write(to: url)
    let stop = StopFlag()
    let writer = Thread {
      var k = 0
      while !stop.isSet {
        k = (k + 1) % versions.count
        if let h = try? FileHandle(forWritingTo: url) {
          try? h.truncate(atOffset: 0)
          let bytes = Data(versions[k].utf8)
          h.write(bytes.prefix(bytes.count / 2))
          h.write(bytes.suffix(from: bytes.count / 2))
          try? h.close()
        }
      }
      stop.finished()
    }
    writer.start()
    for _ in 0..<30 {
      let loaded = try load()
      XCTAssertTrue(loaded.documents.contains { $0.info.name == "a.txt" })
      for doc in loaded.documents where doc.info.name == "changing.txt" {
        let text = try XCTUnwrap(doc.text)
        XCTAssertEqual(doc.info.characters, text.count)
        XCTAssertEqual(doc.info.contentHash, FNV1a.hash(Array(text.string.utf8)), "the hash describes another text")
        XCTAssertEqual(doc.view?.originalCount, text.count)
      }
    }
    stop.set()
    stop.waitFinished()
    try Data(versions[3].utf8).write(to: url)
    let final = try load()
    XCTAssertEqual(final.documents.first { $0.info.name == "changing.txt" }?.text?.string, versions[3])
  }
}

/// A corpus load that did not finish in time: thrown so the test fails instead of hanging.
struct LoadTimedOut: Error, CustomStringConvertible {
  let seconds: Double
  var description: String { "loading the corpus did not finish within \(seconds) s" }
}

/// A load result handed from a worker thread to the test. `@unchecked Sendable`: the lock guards `value`.
final class LoadBox: @unchecked Sendable {
  private var value: Result<CorpusLoader.Loaded, PolicyLintError>?
  private let lock = NSLock()
  func set(_ v: Result<CorpusLoader.Loaded, PolicyLintError>) { lock.withLock { value = v } }
  func get() -> Result<CorpusLoader.Loaded, PolicyLintError>? { lock.withLock { value } }
}

/// A stop signal for a writer thread. `@unchecked Sendable`: the lock guards the flag; the semaphore is
/// thread-safe.
final class StopFlag: @unchecked Sendable {
  private var flag = false
  private let lock = NSLock()
  private let done = DispatchSemaphore(value: 0)
  var isSet: Bool { lock.withLock { flag } }
  func set() { lock.withLock { flag = true } }
  func finished() { done.signal() }
  func waitFinished() { done.wait() }
}
