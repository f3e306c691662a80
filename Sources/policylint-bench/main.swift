import Foundation
import PolicyLint

// policylint-bench: generates synthetic corpora from ../shared/corpus and measures index build, cache,
// check throughput, CLI start-up and parallelism, server edit latency, and autocorrect-py for reference.
// It is a benchmark, not a test: run it in release mode on a quiet machine (see protocol/performance.md).

let usage = """
  Usage: policylint-bench [options]

  Builds deterministic synthetic corpora and prints a table and JSON of the measurements.

  Options:
    --sizes LIST        corpus sizes in documents, e.g. 1k,10k,50k (default 1k,10k; about 10 KB a document)
    --work DIR          where corpora, drafts and caches go (default $TMPDIR/policylint-bench)
    --shared DIR        the shared data with corpus/ (default ../shared, or POLICYLINT_SHARED)
    --edits N           server edits to time (default 500)
    --view-memory-mb N  corpus view and text memory for a second server run (POLICYLINT_VIEW_MEMORY_MB;
                        default 1024, which keeps every part these corpora's drafts read)
    --seed N            generator seed (default 20231120)
    --python PATH       python with autocorrect-py installed (default .venv/bin/python)
    --json FILE         also write the JSON there (default WORK/results.json)
    --note TEXT         a note recorded with the results (e.g. what else the machine was doing)
    --no-server         skip the server latency
    --no-autocorrect    skip autocorrect-py
  """

var options: [String: String] = [:]
var flags = Set<String>()
var positional: [String] = []
let valued: Set<String> = [
  "--sizes", "--work", "--shared", "--edits", "--seed", "--python", "--json", "--note", "--corpus", "--cache",
  "--view-memory-mb",
]
var argIndex = 1
while argIndex < CommandLine.arguments.count {
  let a = CommandLine.arguments[argIndex]
  if valued.contains(a), argIndex + 1 < CommandLine.arguments.count {
    options[a] = CommandLine.arguments[argIndex + 1]
    argIndex += 1
  } else if a.hasPrefix("--") {
    flags.insert(a)
  } else {
    positional.append(a)
  }
  argIndex += 1
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("policylint-bench: \(message)\n".utf8))
  exit(2)
}

func printJSON(_ object: Any) {
  guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { fail("cannot encode results") }
  FileHandle.standardOutput.write(data + Data("\n".utf8))
}

if flags.contains("--help") || flags.contains("-h") {
  print(usage)
  exit(0)
}

// Child probes: one JSON line on stdout.
if let mode = positional.first, mode.hasPrefix("probe-") {
  guard let corpus = options["--corpus"], let cache = options["--cache"] else { fail("\(mode) needs --corpus and --cache") }
  do {
    switch mode {
    case "probe-build": printJSON(try Probes.build(corpus: corpus, cacheFile: cache))
    case "probe-load": printJSON(try Probes.load(corpus: corpus, cacheFile: cache, drafts: Array(positional.dropFirst())))
    case "probe-edits":
      guard let draft = positional.dropFirst().first else { fail("probe-edits needs a draft") }
      printJSON(
        try Probes.edits(
          corpus: corpus, cacheFile: cache, draft: draft, edits: Int(options["--edits"] ?? "200") ?? 200,
          seed: UInt64(options["--seed"] ?? "20231120") ?? 20_231_120))
    case "probe-views": printJSON(try Probes.views(corpus: corpus, cacheFile: cache))
    case "probe-update": printJSON(try Probes.update(corpus: corpus, cacheFile: cache))
    case "probe-server":
      // The server's latency alone (POLICYLINT_CACHE_DIR from the environment), e.g. to profile it.
      guard let draft = positional.dropFirst().first else { fail("probe-server needs a draft") }
      let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
      printJSON(
        try ServerLatency.measure(
          policylint: here.appendingPathComponent("policylint").path, corpus: corpus, draftPath: draft,
          edits: Int(options["--edits"] ?? "500") ?? 500, environment: ProcessInfo.processInfo.environment,
          seed: UInt64(options["--seed"] ?? "20231120") ?? 20_231_120, typing: flags.contains("--typing")))
    default: fail("unknown probe \(mode)")
    }
  } catch {
    fail("\(mode): \(error)")
  }
  exit(0)
}

// The orchestrator.
let environment = ProcessInfo.processInfo.environment
let work = options["--work"] ?? ((environment["TMPDIR"] ?? "/tmp") as NSString).appendingPathComponent("policylint-bench")
let shared = options["--shared"] ?? environment["POLICYLINT_SHARED"] ?? "../shared"
let edits = Int(options["--edits"] ?? "500") ?? 500
/// The cap on corpus views for the second server run (`POLICYLINT_VIEW_MEMORY_MB`).
let viewMemoryMB = Int(options["--view-memory-mb"] ?? "1024") ?? 1024
let seed = UInt64(options["--seed"] ?? "20231120") ?? 20_231_120
let python = options["--python"] ?? ".venv/bin/python"
let sizes: [Int] = (options["--sizes"] ?? "1k,10k").split(separator: ",").map { word in
  let w = word.lowercased()
  guard let n = w.hasSuffix("k") ? Int(w.dropLast()).map({ $0 * 1000 }) : Int(w), n > 0 else { fail("bad size '\(word)'") }
  return n
}
let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
let policylint = ((selfPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("policylint")
guard FileManager.default.isExecutableFile(atPath: policylint) else {
  fail("\(policylint) not found: build it too (swift build -c release --product policylint)")
}

func log(_ s: String) { FileHandle.standardError.write(Data("[bench] \(s)\n".utf8)) }

func child(_ args: [String], environment: [String: String]? = nil) throws -> [String: Any] {
  let r = Subprocess.run(selfPath, args, environment: environment)
  guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
    throw BenchError("\(args.first ?? "probe") failed (exit \(r.status)): \(r.stderr)")
  }
  return object
}

let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
var results: [String: Any] = [
  "tool": "policylint \(PolicyLintVersion.string)", "cores": ProcessInfo.processInfo.activeProcessorCount,
  "loadAverageAtStart": load, "note": options["--note"] ?? "", "seed": seed,
  "date": ISO8601DateFormatter().string(from: Date()),
]
do {
  let pool = try SentencePool(directory: (shared as NSString).appendingPathComponent("corpus"))
  let generator = SyntheticCorpus(pool: pool, seed: seed)
  let draftsDir = (work as NSString).appendingPathComponent("drafts")
  try FileManager.default.createDirectory(atPath: draftsDir, withIntermediateDirectories: true)
  var drafts: [String] = []
  for size in [5_000, 20_000, 100_000] {
    let path = (draftsDir as NSString).appendingPathComponent("draft-\(size / 1000)k.txt")
    try generator.draft(characters: size).write(toFile: path, atomically: true, encoding: .utf8)
    drafts.append(path)
  }
  let draft20k = drafts[1]
  // Eight distinct 20k drafts for the CLI's parallel run.
  let parallelDir = (work as NSString).appendingPathComponent("drafts-parallel")
  try FileManager.default.createDirectory(atPath: parallelDir, withIntermediateDirectories: true)
  for k in 0..<8 {
    let text = SyntheticCorpus(pool: pool, seed: seed &+ UInt64(k + 1)).draft(characters: 20_000)
    try text.write(toFile: (parallelDir as NSString).appendingPathComponent("p\(k).txt"), atomically: true, encoding: .utf8)
  }
  // The drafts sit in their own directory with no .policylint.json above them; make that explicit.
  let cacheDir = (work as NSString).appendingPathComponent("cache")
  var childEnvironment = environment
  childEnvironment["POLICYLINT_CACHE_DIR"] = cacheDir

  var corpora: [[String: Any]] = []
  for size in sizes {
    let dir = (work as NSString).appendingPathComponent("corpus-\(size)")
    log("corpus of \(size) documents: generating (or reusing) \(dir)")
    let genStart = Clock.now()
    let bytes = try generator.materialize(count: size, in: dir)
    var entry: [String: Any] = ["documents": size, "bytes": bytes, "generateSeconds": Clock.since(genStart)]
    // The cache does not trust a file modified within 2 s of its snapshot (it verifies its bytes): let
    // freshly generated files age past that, so the warm load measures a plain hit.
    if Clock.since(genStart) < 60 { sleep(3) }
    let cacheFile = CorpusCache.file(forCorpus: dir, environment: ["POLICYLINT_CACHE_DIR": cacheDir + "-bench"])
    log("index build (no cache)")
    let build = try child(["probe-build", "--corpus", dir, "--cache", cacheFile])
    entry["build"] = build
    log("cache load and in-process check throughput")
    var probeEnvironment = environment
    probeEnvironment["BENCH_PARALLEL_DRAFTS"] = parallelDir
    entry["load"] = try child(["probe-load", "--corpus", dir, "--cache", cacheFile] + drafts, environment: probeEnvironment)
    log("cache update after one file changed")
    entry["update"] = try child(["probe-update", "--corpus", dir, "--cache", cacheFile])

    // The CLI end to end: the first run writes the CLI's own cache (another executable never trusts the
    // bench's), the next runs are the warm start-up a writer sees.
    let checkArgs = ["check", "--corpus", dir, "--format", "json", "--fail-on", "never"]
    log("CLI start-up")
    let coldCLI = Subprocess.run(policylint, checkArgs + [draft20k], environment: childEnvironment)
    guard coldCLI.status == 0 else { throw BenchError("policylint check failed: \(coldCLI.stderr)") }
    let warm = (0..<3).map { _ in Subprocess.run(policylint, checkArgs + [draft20k], environment: childEnvironment).wallSeconds }.sorted()
    log("CLI parallel run over 8 drafts")
    let parallel = Subprocess.run(policylint, checkArgs + [parallelDir], environment: childEnvironment)
    entry["cli"] = [
      "coldSeconds": coldCLI.wallSeconds, "warmStartupToDiagnosticsSeconds": warm[1],
      "parallel8x20k": ["wallSeconds": parallel.wallSeconds, "cpuSeconds": parallel.cpuSeconds,
                        "coresUsed": parallel.cpuSeconds / max(parallel.wallSeconds, 1e-9)],
    ]
    if !flags.contains("--no-server") {
      let probe = Subprocess.run(policylint, ["serve", "--help"])
      if probe.status == 0 {
        log("server: \(edits) edits on the 20k draft")
        do {
          var server = try ServerLatency.measure(
            policylint: policylint, corpus: dir, draftPath: draft20k, edits: edits, environment: childEnvironment,
            seed: seed)
          // One start is one sample of a noisy figure: four more starts (no edits), and the median of the five.
          log("server: four more starts")
          var starts = [server["startupToFirstDiagnosticsSeconds"] as? Double ?? 0]
          for _ in 0..<4 {
            let again = try ServerLatency.measure(
              policylint: policylint, corpus: dir, draftPath: draft20k, edits: 0, environment: childEnvironment,
              seed: seed)
            starts.append(again["startupToFirstDiagnosticsSeconds"] as? Double ?? 0)
          }
          server["startupSamplesSeconds"] = starts
          server["startupToFirstDiagnosticsSeconds"] = starts.sorted()[starts.count / 2]
          entry["server"] = server
          // The same edits with another memory for corpus views and texts (POLICYLINT_VIEW_MEMORY_MB; the
          // default is a share of the corpus): memory against latency.
          log("server: \(edits) edits with \(viewMemoryMB) MB for corpus views and texts")
          var other = childEnvironment
          other[DocumentPartPool.environmentKey] = String(viewMemoryMB)
          var otherRun = try ServerLatency.measure(
            policylint: policylint, corpus: dir, draftPath: draft20k, edits: edits, environment: other, seed: seed)
          otherRun["viewMemoryMB"] = viewMemoryMB
          entry["serverViewMemory"] = otherRun
          // A start after one corpus file changed: the server lints with the cached index while it rebuilds.
          log("server: a start after one corpus file changed")
          do {
            let edit = try CorpusFileEdit(corpus: dir)
            defer { try? edit.restore() }
            entry["serverAfterChange"] = try ServerLatency.measure(
              policylint: policylint, corpus: dir, draftPath: draft20k, edits: 0, environment: childEnvironment,
              seed: seed)
            try edit.restore()
          } catch {
            entry["serverAfterChange"] = ["error": "\(error)"]
          }
        } catch {
          entry["server"] = ["error": "\(error)"]
        }
      } else {
        entry["server"] = ["skipped": "this policylint has no serve command"]
      }
    }
    corpora.append(entry)
  }
  results["corpora"] = corpora
  if !flags.contains("--no-autocorrect") {
    log("autocorrect-py on the same drafts")
    let (ac, note) = AutocorrectReference.measure(python: python, drafts: drafts)
    results["autocorrect"] = ["note": note, "results": ac ?? []]
  }
} catch {
  fail("\(error)")
}

print(Report.table(results))
let jsonPath = options["--json"] ?? (work as NSString).appendingPathComponent("results.json")
if let data = try? JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys]) {
  try? data.write(to: URL(fileURLWithPath: jsonPath))
  print(String(decoding: data, as: UTF8.self))
  log("JSON written to \(jsonPath)")
}
