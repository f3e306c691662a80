import Foundation
import PolicyLint
import PolicyText
import XCTest

#if canImport(Glibc)
  import Glibc
#endif

/// "Nothing lost": a `policylint check` killed with SIGKILL at any moment — while reading the corpus,
/// building the indexes or writing the cache — leaves no half-written cache that a later run trusts.
final class CacheKillTests: XCTestCase {
  var base: URL!
  var corpus: URL { base.appendingPathComponent("corpus") }
  var cacheDir: URL { base.appendingPathComponent("cache") }
  var draft: URL { base.appendingPathComponent("draft.txt") }

  override func setUpWithError() throws {
    base = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-kill-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
    // A generated corpus (about 0.4 MB) big enough that reading, indexing and writing the cache take time.
    var random = SeededRandom(seed: 7)
    let words = [
      "坚持", "高质量发展", "全面深化改革", "推进", "城乡", "社区服务", "体系建设", "人民群众", "获得感", "增长",
      "稳中求进", "新发展理念", "构建", "新发展格局", "扩大", "有效投资", "激发", "消费潜力", "开拓", "多元市场",
    ]
    for f in 0..<12 {
      var text = "关于第\(f)号事项的通知\n\(2015 + f % 9)年\(1 + f % 12)月\(1 + f % 27)日\n"
      for _ in 0..<400 {
        for _ in 0..<Int.random(in: 4...12, using: &random) { text += random.pick(words) }
        text += random.pick(["，", "。", "。\n", "，增长5.\(f % 10)%。"])
      }
      try Data(text.utf8).write(to: corpus.appendingPathComponent("d\(f).txt"))
    }
    try Data("全会要求坚持高质量发展，推进城乡社区服务体系建设。\n".utf8).write(to: draft)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: base)
  }

  var environment: [String: String] { ["POLICYLINT_CACHE_DIR": cacheDir.path] }
  var cacheFile: String { CorpusCache.file(forCorpus: corpus.path, environment: environment) }
  var arguments: [String] { ["check", "--format", "json", "--fail-on", "never", "--corpus", corpus.path, draft.path] }

  var temporaryFiles: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: cacheDir.path)) ?? []).filter { $0.hasSuffix(".tmp") }
  }

  /// What a check sees of a corpus: each document's facts and text.
  func summary(_ index: CorpusIndex) -> [String] {
    index.documents.map { "\($0.info.name) \($0.info.date) \($0.info.contentHash) \($0.text?.string ?? "-")" }
  }

  enum Moment {
    /// Kill as soon as the cache's temporary file appears: in the middle of writing the cache.
    case duringCacheWrite
    /// Kill after a delay: while reading the corpus or building the indexes.
    case after(TimeInterval)
  }

  /// Starts `policylint check` with the cache and SIGKILLs it at `moment`; returns whether it was still
  /// working when killed.
  func runAndKill(_ moment: Moment) throws -> Bool {
    let p = Process()
    p.executableURL = CLI.executable
    p.arguments = arguments
    p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    let before = Set(temporaryFiles)
    try p.run()
    switch moment {
    case .after(let delay):
      Thread.sleep(forTimeInterval: delay)
    case .duringCacheWrite:
      let deadline = Date().addingTimeInterval(60)
      while p.isRunning && Date() < deadline && Set(temporaryFiles).subtracting(before).isEmpty { usleep(200) }
    }
    let wasRunning = p.isRunning
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    return wasRunning
  }

  /// Loading through whatever cache is left gives exactly the corpus on disk. Loads from a copy, so the
  /// check does not repair the cache for the next round.
  func assertCacheIsNeverWrong(_ context: String) throws {
    guard FileManager.default.fileExists(atPath: cacheFile) else { return }
    let now = summary(
      CorpusIndex(documents: try CorpusLoader.load(directory: corpus.path).documents, origin: corpus.path))
    let copy = base.appendingPathComponent("copy.plcache").path
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.copyItem(atPath: cacheFile, toPath: copy)
    let (provided, outcome) = try CorpusCache.load(directory: corpus.path, manifest: nil, cacheFile: copy)
    XCTAssertEqual(
      summary(provided.index), now, "\(context): the cache left behind (\(outcome.kind)) gives another corpus")
  }

  func change(_ k: Int) throws {
    try Data("关于第\(k)号事项的通知\n2024年1月\(k % 28 + 1)日\n改写后的内容，坚持稳中求进。\n".utf8)
      .write(to: corpus.appendingPathComponent("d\(k % 12).txt"))
  }

  func testKilledRunsNeverLeaveACacheThatIsTrusted() throws {
    // Killed while writing the first cache: no cache file (the rename never happened) or a complete one.
    XCTAssertTrue(try runAndKill(.duringCacheWrite), "the run ended before writing its cache")
    XCTAssertFalse(temporaryFiles.isEmpty, "the kill did not land during the write")
    try assertCacheIsNeverWrong("killed during the first write")
    // A complete run writes a good cache and removes the abandoned temporary file.
    XCTAssertEqual(try CLI.run(arguments, environment: environment).status, 0)
    XCTAssertEqual(temporaryFiles, [], "abandoned temporary files stay behind")
    XCTAssertTrue(FileManager.default.fileExists(atPath: cacheFile))
    // Killed while rewriting after a change: the old cache stays, complete, and is not trusted for the
    // changed file; and killed at moments spread over reading and indexing.
    let moments: [Moment] = [.duringCacheWrite, .after(0.05), .after(0.4), .duringCacheWrite]
    for (k, moment) in moments.enumerated() {
      try change(k)
      _ = try runAndKill(moment)
      try assertCacheIsNeverWrong("round \(k) (\(moment))")
    }
    // The next complete run, through whatever cache is left, reports what a run without the cache reports.
    let expected = try CLI.run([
      "check", "--format", "json", "--fail-on", "never", "--no-cache", "--corpus", corpus.path, draft.path,
    ])
    let after = try CLI.run(arguments, environment: environment)
    XCTAssertEqual(after.status, 0, after.stderr)
    XCTAssertEqual(after.stdout, expected.stdout)
    XCTAssertEqual(temporaryFiles, [])
  }
}

/// SplitMix64 (as in the other test targets, which cannot share files): seedable and reproducible.
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}
