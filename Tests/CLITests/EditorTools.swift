import Foundation
import PolicyLint
import XCTest

/// Runs external programs (editors, node, python tools) for the editor-configuration tests.
enum Subprocess {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
    var timedOut: Bool
  }

  /// Runs `executable` (a path) with `args`; kills it after `timeout` seconds.
  static func run(
    _ executable: URL, _ args: [String], directory: URL? = nil, environment: [String: String] = [:],
    stdin: Data? = nil, timeout: TimeInterval = 120
  ) throws -> Result {
    let p = Process()
    p.executableURL = executable
    p.arguments = args
    if let directory { p.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    let finished = Flag()
    let killed = Flag()
    let pid = p.processIdentifier
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
      if !finished.value {
        killed.set()
        kill(pid, SIGKILL)
      }
    }
    let errBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    let errHandle = err.fileHandleForReading
    DispatchQueue.global().async {
      errBox.set(errHandle.readDataToEndOfFile())
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    finished.set()
    return Result(
      status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errBox.get(), as: UTF8.self), timedOut: killed.value)
  }

  /// Runs a shell script with bash.
  static func bash(
    _ script: String, directory: URL? = nil, environment: [String: String] = [:], timeout: TimeInterval = 120
  ) throws -> Result {
    try run(URL(fileURLWithPath: "/bin/bash"), ["-eo", "pipefail", "-c", script], directory: directory,
      environment: environment, timeout: timeout)
  }
}

/// A flag set once from any thread. `@unchecked Sendable` is safe: the lock guards every access.
final class Flag: @unchecked Sendable {
  private var isSet = false
  private let lock = NSLock()
  var value: Bool { lock.withLock { isSet } }
  func set() { lock.withLock { isSet = true } }
}

/// Where the tools the editor tests use are, if they are installed.
enum Tools {
  /// The package root.
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  /// `editors/`.
  static var editors: URL { root.appendingPathComponent("editors") }
  /// `Tests/e2e/editors/`: scripts the editors run.
  static var scripts: URL { root.appendingPathComponent("Tests/e2e/editors") }

  /// An executable on `PATH`.
  static func onPath(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let url = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
  }

  /// The test-only venv `.ci/run` makes (`POLICYLINT_VENV`, else `.venv` in the package).
  static var venv: URL? {
    let candidates: [String?] = [ProcessInfo.processInfo.environment["POLICYLINT_VENV"], root.appendingPathComponent(".venv").path]
    for case let c? in candidates where FileManager.default.isExecutableFile(atPath: c + "/bin/python") {
      return URL(fileURLWithPath: c)
    }
    return nil
  }

  /// A program from the venv.
  static func venvBin(_ name: String) -> URL? {
    guard let v = venv else { return nil }
    let url = v.appendingPathComponent("bin/\(name)")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }

  /// A Python that has `module`: the venv's, else the one on PATH.
  static func python(with module: String) -> URL? {
    for candidate in [venvBin("python"), onPath("python3")].compactMap({ $0 }) {
      if let r = try? Subprocess.run(candidate, ["-c", "import \(module)"], timeout: 30), r.status == 0 { return candidate }
    }
    return nil
  }

  /// Whether the built `policylint` has the `serve` command (the server work may not be merged yet).
  static var hasServeCommand: Bool {
    guard let r = try? CLI.run(["serve", "--help"]) else { return false }
    return r.status == 0 && r.stdout.contains("--stdio")
  }

  /// Parses TOML and YAML files with Python (`tomllib`, PyYAML) and returns each as a JSON value.
  static func parseWithPython(_ files: [URL], module: String) throws -> [String: Any] {
    guard let python = python(with: module) else {
      throw XCTSkip("no Python with \(module): run .ci/run (it installs PyYAML in .venv) or set POLICYLINT_VENV")
    }
    let program = """
      import json, sys
      out = {}
      for path in sys.argv[1:]:
          if path.endswith(('.yml', '.yaml')):
              import yaml
              with open(path, encoding='utf-8') as f:
                  out[path] = yaml.safe_load(f)
          else:
              import tomllib
              with open(path, 'rb') as f:
                  out[path] = tomllib.load(f)
      print(json.dumps(out, default=str))
      """
    let r = try Subprocess.run(python, ["-c", program] + files.map(\.path), timeout: 60)
    guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
      XCTFail("parsing \(files.map(\.lastPathComponent)) failed: \(r.stderr)")
      return [:]
    }
    return object
  }
}

/// A small drafts project made from a registered check's triggering example: its corpus documents with a
/// manifest, a `.policylint.json` naming them and the draft's date, and the draft after an astral prefix
/// (`𠀀。`) so editors that count columns in the wrong unit are caught.
struct ExampleProject {
  /// The project directory.
  var directory: URL
  /// The draft, relative to `directory`.
  var draftPath: String
  /// The check whose example it is.
  var code: String

  var draft: URL { directory.appendingPathComponent(draftPath) }

  /// Makes the project, or skips the test when no check is registered yet. With `preferringFixes`, the first
  /// example whose findings carry a quick fix on the command line is taken, if there is one.
  static func make(fileName: String = "draft.txt", preferringFixes: Bool = false) throws -> ExampleProject {
    let candidates = builtInChecks.flatMap { check in
      check.description.triggering.map { (check.description.code, $0) }
    }.sorted { $0.1.mutable && !$1.1.mutable }
    guard !candidates.isEmpty else { throw XCTSkip("no check with a triggering example is registered yet") }
    var fallback: ExampleProject?
    for (code, example) in candidates.prefix(preferringFixes ? 12 : 1) {
      let project = try make(code: code, example: example, fileName: fileName)
      guard preferringFixes else { return project }
      let hasFix = try project.cliDiagnostics().contains {
        !((($0["data"] as? [String: Any])?["fixes"] as? [Any]) ?? []).isEmpty
      }
      if hasFix {
        if let fallback { try? FileManager.default.removeItem(at: fallback.directory) }
        return project
      }
      if fallback == nil { fallback = project } else { try? FileManager.default.removeItem(at: project.directory) }
    }
    return try XCTUnwrap(fallback)
  }

  static func make(code: String, example: CheckExample, fileName: String) throws -> ExampleProject {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-editors-\(UUID().uuidString)")
    let fm = FileManager.default
    try fm.createDirectory(at: dir.appendingPathComponent("drafts"), withIntermediateDirectories: true)
    var config: [String: Any] = ["date": example.date.description]
    if !example.corpus.isEmpty {
      let corpus = dir.appendingPathComponent("corpus")
      try fm.createDirectory(at: corpus, withIntermediateDirectories: true)
      var entries: [[String: Any]] = []
      for (i, doc) in example.corpus.enumerated() {
        let name = "example-\(i).txt"
        try Data(doc.text.utf8).write(to: corpus.appendingPathComponent(name))
        entries.append(["file": name, "title": "示例文件\(i)", "date": doc.date.description, "rank": doc.rank])
      }
      let manifest: [String: Any] = ["version": 1, "documents": entries]
      try JSONSerialization.data(withJSONObject: manifest).write(to: corpus.appendingPathComponent("policylint-manifest.json"))
      config["corpus"] = "corpus"
    }
    try JSONSerialization.data(withJSONObject: config).write(to: dir.appendingPathComponent(".policylint.json"))
    let text = (example.mutable ? "𠀀。" : "") + example.marked.replacingOccurrences(of: "⟦", with: "")
      .replacingOccurrences(of: "⟧", with: "")
    try Data(text.utf8).write(to: dir.appendingPathComponent("drafts/\(fileName)"))
    return ExampleProject(directory: dir, draftPath: "drafts/\(fileName)", code: code)
  }

  /// The CLI's diagnostics for the draft (`check --format json`), the reference the editors must match.
  func cliDiagnostics() throws -> [[String: Any]] {
    let r = try CLI.run(["check", "--format", "json", "--fail-on", "never", draftPath], directory: directory)
    XCTAssertEqual(r.status, 0, r.stderr)
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let files = json?["files"] as? [[String: Any]] ?? []
    return files.first?["diagnostics"] as? [[String: Any]] ?? []
  }
}

/// A diagnostic's place as editors show it: 0-based lines, and columns in Unicode scalars (what Emacs counts
/// in characters and GitHub in columns), converted from the LSP UTF-16 range using the draft's text.
struct ScalarSpan: Hashable, CustomStringConvertible {
  var line: Int
  var start: Int
  var endLine: Int
  var end: Int
  var code: String

  var description: String { "\(code)@\(line):\(start)-\(endLine):\(end)" }

  /// Converts an LSP diagnostic (UTF-16 columns) of `text`.
  init?(lsp diagnostic: [String: Any], text: String) {
    guard let range = diagnostic["range"] as? [String: Any], let s = range["start"] as? [String: Int],
      let e = range["end"] as? [String: Int], let sl = s["line"], let sc = s["character"], let el = e["line"],
      let ec = e["character"]
    else { return nil }
    let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
    guard sl < lines.count, el < lines.count else { return nil }
    func scalars(_ utf16: Int, on line: Int) -> Int {
      var units = 0
      var count = 0
      for u in lines[line].unicodeScalars {
        if units >= utf16 { break }
        units += u.utf16.count
        count += 1
      }
      return count
    }
    self.init(
      line: sl, start: scalars(sc, on: sl), endLine: el, end: scalars(ec, on: el), code: diagnostic["code"] as? String ?? "")
  }

  init(line: Int, start: Int, endLine: Int, end: Int, code: String) {
    self.line = line
    self.start = start
    self.endLine = endLine
    self.end = end
    self.code = code
  }
}
