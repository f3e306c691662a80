import Foundation

/// The reference linter: `autocorrect-py` (PyPI; Rust inside, spacing and punctuation rules for CJK, no
/// corpus) run on the same drafts, in characters per second, through its Python binding.
enum AutocorrectReference {
  static let script = """
    import json, sys, time
    import autocorrect_py as ac
    out = []
    for path in sys.argv[1:]:
        text = open(path, encoding="utf-8").read()
        first = time.perf_counter()
        result = ac.lint_for(text, "draft.txt")
        first = time.perf_counter() - first
        runs, start = 0, time.perf_counter()
        while runs < 3 or (time.perf_counter() - start < 1.5 and runs < 200):
            ac.lint_for(text, "draft.txt")
            runs += 1
        each = (time.perf_counter() - start) / runs
        out.append({"draft": path.rsplit("/", 1)[-1], "characters": len(text), "findings": len(result.lines),
                    "firstSeconds": first, "secondsPerRun": each, "runs": runs,
                    "charactersPerSecond": len(text) / each})
    print(json.dumps(out))
    """

  /// Runs the drafts through autocorrect-py with `python`; nil (and a note) when it is not installed.
  static func measure(python: String, drafts: [String]) -> (results: [[String: Any]]?, note: String) {
    guard FileManager.default.isExecutableFile(atPath: python) else {
      return (nil, "skipped: \(python) not found (python3 -m venv .venv && .venv/bin/pip install autocorrect-py)")
    }
    let run = Subprocess.run(python, ["-c", script] + drafts)
    guard run.status == 0, let data = run.stdout.data(using: .utf8),
      let results = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]
    else {
      let why = run.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(run.status)"
      return (nil, "skipped: autocorrect-py did not run (\(why))")
    }
    let version = Subprocess.run(python, ["-c", "import importlib.metadata as m; print(m.version('autocorrect-py'))"])
    return (results, "autocorrect-py \(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)), lint_for()")
  }
}

/// Runs a program to completion, capturing its output and its CPU time.
enum Subprocess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    var wallSeconds: Double
    /// User + system CPU seconds of the child (from `getrusage(RUSAGE_CHILDREN)` around its run).
    var cpuSeconds: Double
  }

  static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) -> Result {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let environment { p.environment = environment }
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    let before = childCPU()
    let start = Clock.now()
    do {
      try p.run()
    } catch {
      return Result(status: -1, stdout: "", stderr: "\(error)", wallSeconds: 0, cpuSeconds: 0)
    }
    // Read both pipes concurrently so a full pipe cannot block the child.
    let errData = Box()
    let errThread = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
    errThread.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    while errData.data == nil { usleep(1000) }
    let wall = Clock.since(start)
    return Result(
      status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData.data ?? Data(), as: UTF8.self), wallSeconds: wall,
      cpuSeconds: childCPU() - before)
  }

  static func childCPU() -> Double {
    var usage = rusage()
    #if os(Linux)
      getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    #else
      getrusage(RUSAGE_CHILDREN, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }

  final class Box: @unchecked Sendable {
    // Safe: every access to `value` holds `lock`.
    private let lock = NSLock()
    private var value: Data?
    var data: Data? {
      get { lock.withLock { value } }
      set { lock.withLock { value = newValue } }
    }
  }
}
