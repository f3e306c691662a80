import Foundation
import PolicyLint
import PolicyText

/// Measurements made in a child process of the benchmark, so each has its own clean peak RSS and no
/// warm in-process state: the parent runs `policylint-bench probe-build|probe-load …` and reads one JSON line.
enum Probes {
  /// Reads the corpus with no cache (every file decoded, every index built) and writes the cache.
  static func build(corpus: String, cacheFile: String) throws -> [String: Any] {
    try? FileManager.default.removeItem(atPath: cacheFile)
    let start = Clock.now()
    let (provided, outcome) = try CorpusCache.load(directory: corpus, manifest: nil, cacheFile: cacheFile)
    let seconds = Clock.since(start)
    guard outcome.kind == .rebuilt else {
      throw BenchError("expected a cold build, got \(outcome.kind): \(outcome.reason)")
    }
    let bytes = provided.index.documents.reduce(0) { $0 + fileSize($1.info.path) }
    let characters = provided.index.documents.reduce(0) { $0 + $1.info.characters }
    var result: [String: Any] = [
      "documents": provided.index.documents.count, "bytes": bytes, "characters": characters, "seconds": seconds,
      "phases": outcome.timings, "cacheBytes": fileSize(cacheFile), "peakRSSBytes": ProcessStatus.peakRSS(),
    ]
    result["partBytes"] = partSizes(provided.index)
    // The JSON-against-property-list comparison that chose the cache's encoding for Codable parts; slow at
    // 10,000 documents and more, so only on request.
    if ProcessInfo.processInfo.environment["BENCH_PART_ENCODINGS"] == "1" {
      result["partEncodings"] = measurePartEncodings(provided.index)
    }
    return result
  }

  /// What loading a corpus document's compact view from the cache costs (every read a load: no view is
  /// kept), three passes over all documents; the median pass, in nanoseconds a view.
  static func views(corpus: String, cacheFile: String) throws -> [String: Any] {
    let (provided, outcome) = try CorpusCache.load(
      directory: corpus, manifest: nil, cacheFile: cacheFile, partBudget: .bytes(0))
    guard outcome.kind == .hit else { throw BenchError("expected a warm cache, got \(outcome.kind)") }
    let documents = provided.index.documents
    var units = 0
    let passCount = ProcessInfo.processInfo.environment["BENCH_VIEW_PASSES"].flatMap { Int($0) } ?? 3
    let passes = (0..<max(1, passCount)).map { _ -> Double in
      let t = Clock.now()
      units = 0
      for d in documents { units += d.compactView?.count ?? 0 }
      return Clock.since(t)
    }.sorted()
    return [
      "documents": documents.count, "viewCharacters": units,
      "nanosecondsPerView": passes[1] * 1e9 / Double(max(1, documents.count)),
      "nanosecondsPerCharacter": passes[1] * 1e9 / Double(max(1, units)),
    ]
  }

  /// What a load costs when one corpus file changed since the cache was written: one document in the middle
  /// of the corpus gets a sentence more, the corpus is loaded (an update), the file is put back as it was
  /// (bytes and time), and the corpus loaded again (another update). The file is restored even on failure.
  static func update(corpus: String, cacheFile: String) throws -> [String: Any] {
    let (_, before) = try CorpusCache.load(directory: corpus, manifest: nil, cacheFile: cacheFile)
    let edit = try CorpusFileEdit(corpus: corpus)
    defer { try? edit.restore() }
    func timedLoad() throws -> [String: Any] {
      let start = Clock.now()
      let (provided, outcome) = try CorpusCache.load(directory: corpus, manifest: nil, cacheFile: cacheFile)
      let seconds = Clock.since(start)
      guard outcome.kind == .updated, outcome.read == 1 else {
        throw BenchError("expected an update reading one file, got \(outcome.kind) reading \(outcome.read)")
      }
      return [
        "seconds": seconds, "phases": outcome.timings, "reason": outcome.reason,
        "documents": provided.index.documents.count,
      ]
    }
    let changed = try timedLoad()
    try edit.restore()
    let back = try timedLoad()
    return [
      "startKind": before.kind.rawValue, "file": edit.path, "changed": changed, "restored": back,
      "peakRSSBytes": ProcessStatus.peakRSS(),
    ]
  }

  /// Loads the corpus through a warm cache, then lints the drafts in process (throughput of the engine).
  static func load(corpus: String, cacheFile: String, drafts: [String]) throws -> [String: Any] {
    let start = Clock.now()
    let (provided, outcome) = try CorpusCache.load(directory: corpus, manifest: nil, cacheFile: cacheFile)
    let seconds = Clock.since(start)
    let cpuAfterLoad = ProcessStatus.selfCPUSeconds()
    let rssAfterLoad = ProcessStatus.currentRSS()
    // BENCH_CHECKS=code,code restricts the lint to some checks (to profile one).
    let only = ProcessInfo.processInfo.environment["BENCH_CHECKS"].map {
      Set($0.split(separator: ",").map(String.init))
    }
    let linter = Linter(
      corpus: provided.index, checks: builtInChecks.filter { only?.contains($0.description.code) ?? true })
    var checks: [[String: Any]] = []
    // How long each draft is linted again and again (longer to profile the steady state with `perf -D`).
    let loopSeconds = Double(ProcessInfo.processInfo.environment["BENCH_LINT_SECONDS"] ?? "") ?? 1.5
    for path in drafts {
      let text = SourceText(try String(contentsOfFile: path, encoding: .utf8))
      let lint = { () -> Int in
        let draft = DraftDocument(path: path, text: text, corpus: provided.index)
        return linter.lint(draft, configuration: Configuration()).count
      }
      let firstStart = Clock.now()
      let findings = lint()
      let first = Clock.since(firstStart)
      // BENCH_FIRST_ONLY=1 stops after the first lint (to profile a start from the cache alone).
      if ProcessInfo.processInfo.environment["BENCH_FIRST_ONLY"] == "1" {
        checks.append([
          "draft": (path as NSString).lastPathComponent, "findings": findings, "firstSeconds": first,
          "cpuSecondsAfterFirst": ProcessStatus.selfCPUSeconds(), "rssAfterFirstBytes": ProcessStatus.currentRSS(),
        ])
        continue
      }
      var runs = 0
      let loopStart = Clock.now()
      while runs < 3 || (Clock.since(loopStart) < loopSeconds && runs < 50 * max(1, Int(loopSeconds / 1.5))) {
        _ = lint()
        runs += 1
      }
      let each = Clock.since(loopStart) / Double(runs)
      // Each check alone, the median of three runs: where the time goes (DraftDocument preparation is
      // counted in each).
      var perCheck: [String: Double] = [:]
      for check in builtInChecks where only?.contains(check.description.code) ?? true {
        let single = Linter(corpus: provided.index, checks: [check])
        let times = (0..<3).map { _ -> Double in
          let t = Clock.now()
          _ = single.lint(DraftDocument(path: path, text: text, corpus: provided.index), configuration: Configuration())
          return Clock.since(t)
        }.sorted()
        perCheck[check.description.code] = times[1]
      }
      let prepStart = Clock.now()
      _ = DraftDocument(path: path, text: text, corpus: provided.index)
      perCheck["(draft preparation)"] = Clock.since(prepStart)
      checks.append([
        "perCheckSeconds": perCheck,
        "draft": (path as NSString).lastPathComponent, "characters": text.count, "findings": findings,
        "firstSeconds": first, "secondsPerRun": each, "runs": runs, "charactersPerSecond": Double(text.count) / each,
      ])
    }
    // Linting several drafts at once, as the CLI does (concurrentPerform), against one after another.
    var parallel: [String: Any] = [:]
    if let batchDir = ProcessInfo.processInfo.environment["BENCH_PARALLEL_DRAFTS"],
      let names = try? FileManager.default.contentsOfDirectory(atPath: batchDir).sorted(), !names.isEmpty
    {
      let texts = try names.map {
        SourceText(try String(contentsOfFile: (batchDir as NSString).appendingPathComponent($0), encoding: .utf8))
      }
      let index = provided.index
      // As `check` does: one draft at a time with its checks on every core, against the drafts side by side
      // with each draft's checks one after another.
      var oneByOne = linter
      oneByOne.runsChecksConcurrently = false
      let sideBySide = oneByOne
      let lintOne: @Sendable (Int, Linter) -> Void = { i, l in
        _ = l.lint(
          DraftDocument(path: "/drafts/\(names[i])", text: texts[i], corpus: index), configuration: Configuration())
      }
      var t = Clock.now()
      for i in texts.indices { lintOne(i, linter) }
      let sequential = Clock.since(t)
      t = Clock.now()
      DispatchQueue.concurrentPerform(iterations: texts.count) { lintOne($0, sideBySide) }
      let concurrent = Clock.since(t)
      parallel = [
        "drafts": texts.count, "sequentialSeconds": sequential, "concurrentSeconds": concurrent,
        "speedup": sequential / max(concurrent, 1e-9),
      ]
    }
    return [
      "parallelLint": parallel,
      "kind": outcome.kind.rawValue, "reason": outcome.reason, "seconds": seconds, "phases": outcome.timings,
      "rssAfterLoadBytes": rssAfterLoad, "cpuSecondsAfterLoad": cpuAfterLoad, "peakRSSBytes": ProcessStatus.peakRSS(),
      "check": checks,
    ]
  }

  /// How long the index parts take to encode and decode as JSON and as a binary property list, and how
  /// big each is: the evidence for the cache's choice.
  static func measurePartEncodings(_ index: CorpusIndex) -> [String: Any] {
    struct Parts: Codable {
      var fingerprints: FingerprintIndex
      var figures: FigureFacts
      var formulations: FormulationIndex
    }
    let parts = Parts(fingerprints: index.fingerprints, figures: index.figures, formulations: index.formulations)
    var out: [String: Any] = [:]
    do {
      var t = Clock.now()
      let json = try JSONEncoder().encode(parts)
      let jsonEncode = Clock.since(t)
      t = Clock.now()
      _ = try JSONDecoder().decode(Parts.self, from: json)
      let jsonDecode = Clock.since(t)
      let plist = PropertyListEncoder()
      plist.outputFormat = .binary
      t = Clock.now()
      let binary = try plist.encode(parts)
      let plistEncode = Clock.since(t)
      t = Clock.now()
      _ = try PropertyListDecoder().decode(Parts.self, from: binary)
      let plistDecode = Clock.since(t)
      out["json"] = ["bytes": json.count, "encodeSeconds": jsonEncode, "decodeSeconds": jsonDecode]
      out["binaryPlist"] = ["bytes": binary.count, "encodeSeconds": plistEncode, "decodeSeconds": plistDecode]
    } catch {
      out["error"] = "\(error)"
    }
    return out
  }

  /// Bytes each index part takes in the cache: its binary encoding when it has one, else its JSON.
  static func partSizes(_ index: CorpusIndex) -> [String: Int] {
    func size<P: Codable>(_ part: P) -> Int {
      if let binary = part as? any CorpusCacheBinaryCodable {
        var writer = BinaryWriter()
        binary.write(to: &writer)
        return writer.bytes.count
      }
      return (try? JSONEncoder().encode(part).count) ?? -1
    }
    return [
      "fingerprints": size(index.fingerprints), "figures": size(index.figures),
      "formulations": size(index.formulations),
    ]
  }

  static func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
  }
}

/// Monotonic time in seconds.
enum Clock {
  static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
  static func since(_ start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// Reads `/proc/PID/status` (Linux): peak and current resident set size.
enum ProcessStatus {
  /// Peak RSS (`VmHWM`) of this process or of `pid`, in bytes; 0 where `/proc` is absent.
  static func peakRSS(pid: Int32? = nil) -> Int { field("VmHWM", pid: pid) }

  /// Current RSS (`VmRSS`) in bytes.
  static func currentRSS(pid: Int32? = nil) -> Int { field("VmRSS", pid: pid) }

  /// CPU time (user and system) of `pid` so far, in seconds; 0 where `/proc` is absent.
  static func cpuSeconds(pid: Int32) -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return 0 }
    // After the command name: state is field 3, utime 14 and stime 15 (in clock ticks).
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
  }

  /// CPU time (user and system) of this process so far, in seconds, to the microsecond.
  static func selfCPUSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  static func field(_ name: String, pid: Int32?) -> Int {
    let path = "/proc/\(pid.map(String.init) ?? "self")/status"
    guard let status = try? String(contentsOfFile: path, encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
      let digits = line.split(separator: " ").compactMap { Int($0) }
      return (digits.first ?? 0) * 1024
    }
    return 0
  }
}

extension Probes {
  /// The server's per-edit work in process, check by check: each check alone through its own `LintCache`
  /// (as the server keeps one per document), over `edits` edits that type `新` at a random place and delete
  /// it again. Medians and 95th percentiles in milliseconds; `(all)` is every check through one cache, and
  /// `(draft preparation)` the `DraftDocument` each lint starts with.
  static func edits(
    corpus: String, cacheFile: String, draft: String, edits: Int, seed: UInt64
  ) throws -> [String: Any] {
    let (provided, _) = try CorpusCache.load(directory: corpus, manifest: nil, cacheFile: cacheFile)
    let original = Array(try String(contentsOfFile: draft, encoding: .utf8).unicodeScalars)
    var g = SplitMix64(seed: seed)
    var texts: [SourceText] = []
    for _ in 0..<(edits / 2) {
      let at = Int(g.next() % UInt64(original.count))
      var typed = original
      typed.insert("新", at: at)
      texts.append(SourceText(scalars: typed))
      texts.append(SourceText(scalars: original))
    }
    func summary(_ times: [Double]) -> [String: Double] {
      let s = times.sorted()
      func at(_ p: Double) -> Double {
        s.isEmpty ? 0 : s[min(s.count - 1, Int((p * Double(s.count)).rounded(.up)) - 1)] * 1000
      }
      return ["p50Ms": at(0.5), "p95Ms": at(0.95)]
    }
    var result: [String: Any] = [:]
    // BENCH_CHECKS=code,code times only those checks (to profile one).
    let only = ProcessInfo.processInfo.environment["BENCH_CHECKS"].map {
      Set($0.split(separator: ",").map(String.init))
    }
    let chosen = builtInChecks.filter { only?.contains($0.description.code) ?? true }
    let entries: [(String, [any Check.Type])] = [("(all)", chosen)] + chosen.map { ($0.description.code, [$0]) }
    for (name, checks) in entries {
      let linter = Linter(corpus: provided.index, checks: checks)
      let cache = LintCache()
      _ = linter.lint(
        DraftDocument(path: draft, text: SourceText(scalars: original), corpus: provided.index),
        configuration: Configuration(), cache: cache)
      var times: [Double] = []
      for text in texts {
        let t = Clock.now()
        let edited = DraftDocument(path: draft, text: text, corpus: provided.index)
        _ = linter.lint(edited, configuration: Configuration(), cache: cache)
        times.append(Clock.since(t))
      }
      result[name] = summary(times)
    }
    var prep: [Double] = []
    for text in texts.prefix(50) {
      let t = Clock.now()
      _ = DraftDocument(path: draft, text: text, corpus: provided.index)
      prep.append(Clock.since(t))
    }
    result["(draft preparation)"] = summary(prep)
    return result
  }
}

/// One document in the middle of a corpus with a sentence added, until `restore()` puts its bytes and
/// modification time back (for measuring loads of a corpus that changed). Callers restore in a `defer`.
final class CorpusFileEdit {
  let path: String
  private let original: Data
  private let modified: Date
  private var restored = false

  init(corpus: String) throws {
    var warnings: [String] = []
    let files = CorpusLoader.listFiles(in: corpus, warnings: &warnings)
    guard !files.isEmpty else { throw BenchError("no corpus files in \(corpus)") }
    path = files[files.count / 2].path
    original = try Data(contentsOf: URL(fileURLWithPath: path))
    modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date ?? Date()
    try (original + Data("\n本文由基准程序临时添加一句，测量后即恢复原样。\n".utf8)).write(to: URL(fileURLWithPath: path))
    // Older than the 2 s within which the cache verifies a file by its bytes.
    try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -10)], ofItemAtPath: path)
  }

  func restore() throws {
    guard !restored else { return }
    try original.write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
    restored = true
  }
}
