import Foundation
import PolicyLint
import PolicyReporters
import PolicyText

/// `policylint check`: lints files and directories, prints a report, and exits by `--fail-on`.
enum CheckCommand {
  static let help = """
    Usage: policylint check [options] PATH...

    Checks drafts (.txt, .md; directories are searched recursively; `-` reads stdin) against the corpus.

    Options:
      --corpus DIR             reference corpus (default: from .policylint.json, else the built-in pack)
      --manifest FILE          corpus manifest (default: DIR/policylint-manifest.json if present)
      --config FILE            configuration file (default: each file's nearest .policylint.json)
      --date YYYY-MM-DD        the drafts' date (default: the dateline under the title, else config, else today)
      --format FORMAT          text (default), json, sarif or github
      --fail-on LEVEL          error, warning (default), info or never: exit 1 when a finding reaches LEVEL
      --stdin-filename NAME    the name to report for `-`
      --no-color               plain text output
      --no-cache               read the corpus afresh, neither reading nor writing the corpus cache

    Exit status: 0 when nothing reaches --fail-on, 1 when something does, 2 on usage or input errors.
    """

  static func run(_ args: [String]) -> Int32 {
    if args.contains("--help") || args.contains("-h") {
      Console.out(help)
      return 0
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(
        args, valued: ["--corpus", "--manifest", "--config", "--date", "--format", "--fail-on", "--stdin-filename"],
        flagNames: ["--no-color", "--no-cache"])
    } catch {
      Console.error("policylint check: \(error.message); see `policylint check --help`")
      return 2
    }
    let format = parsed.values["--format"] ?? "text"
    guard let reporter = builtInReporters.first(where: { $0.identifier == format }) else {
      Console.error("policylint check: unknown format '\(format)'; use text, json, sarif or github")
      return 2
    }
    let failOnWord = parsed.values["--fail-on"] ?? "warning"
    let failOn: Severity?
    if failOnWord == "never" { failOn = nil } else if let s = Severity(name: failOnWord) { failOn = s } else {
      Console.error("policylint check: --fail-on takes error, warning, info or never, not '\(failOnWord)'")
      return 2
    }
    var explicitDate: SimpleDate?
    if let d = parsed.values["--date"] {
      guard let date = SimpleDate(iso: d) else {
        Console.error("policylint check: --date '\(d)' is not a valid date YYYY-MM-DD")
        return 2
      }
      explicitDate = date
    }
    guard !parsed.positional.isEmpty else {
      Console.error("policylint check: no files given; see `policylint check --help`")
      return 2
    }

    // Configuration: --config for every file, else each file's nearest .policylint.json. The corpus is one
    // per run: the one configured for the first path.
    var configsByPath: [String: Configuration] = [:]
    func loadConfig(_ path: String) -> Configuration? {
      if let cached = configsByPath[path] { return cached }
      do {
        let (config, issues) = try Configuration.load(file: path)
        for issue in issues { Console.error("policylint: warning: \(issue)") }
        configsByPath[path] = config
        return config
      } catch {
        Console.error("policylint check: \(error.description)")
        return nil
      }
    }
    let explicitConfig = parsed.values["--config"]
    let firstPath = parsed.positional.first { $0 != "-" }
      ?? (parsed.values["--stdin-filename"].map { ($0 as NSString).deletingLastPathComponent } ?? "")
    let startPath = firstPath.isEmpty ? FileManager.default.currentDirectoryPath : firstPath
    var configuration = Configuration()
    if let configPath = explicitConfig ?? Configuration.find(from: startPath) {
      guard let config = loadConfig(configPath) else { return 2 }
      configuration = config
    }

    // Files: expand directories; a directory without drafts is an input error.
    var inputs: [String] = []
    var errors: [(path: String, message: String)] = []
    for p in parsed.positional {
      if p == "-" {
        inputs.append(p)
        continue
      }
      var isDir: ObjCBool = false
      guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
        errors.append((p, "no such file or directory"))
        continue
      }
      if isDir.boolValue {
        var warnings: [String] = []
        let found = CorpusLoader.listFiles(in: p, warnings: &warnings).map { (p as NSString).appendingPathComponent($0.name) }
        for w in warnings { Console.error("policylint: warning: \(w)") }
        if found.isEmpty { errors.append((p, "directory contains no .txt or .md drafts")) }
        inputs += found
      } else {
        inputs.append(p)
      }
    }

    // Corpus: --corpus, else configuration, else the built-in pack.
    let corpusDir = parsed.values["--corpus"] ?? configuration.corpus
    let manifest = parsed.values["--manifest"] ?? configuration.manifest
    let provided: CorpusProvider.Provided
    do {
      let showProgress = Console.stderrIsTerminal
      provided = try CorpusProvider.load(
        directory: corpusDir, manifest: manifest, useCache: !parsed.flags.contains("--no-cache"),
        progress: { done, total in
          if showProgress && (done == total || done % 50 == 0) {
            FileHandle.standardError.write(Data("\rreading corpus: \(done)/\(total)\(done == total ? "\n" : "")".utf8))
          }
        },
        stage: { stage in
          guard showProgress else { return }
          switch stage {
          case .indexing(let n): FileHandle.standardError.write(Data("indexing corpus: \(n) documents\n".utf8))
          case .writingCache: FileHandle.standardError.write(Data("writing corpus cache\n".utf8))
          }
        })
    } catch {
      Console.error("policylint check: corpus: \(error.description)")
      return 2
    }
    for w in provided.warnings { Console.error("policylint: warning: corpus: \(w)") }
    var configured = Linter(corpus: provided.index)
    // One draft gets every core for its checks; several share the cores a draft each.
    configured.runsChecksConcurrently = inputs.count == 1
    let linter = configured

    // Lint in parallel; each file is independent.
    let stdinName = parsed.values["--stdin-filename"] ?? "<stdin>"
    let slots = ResultSlots<Result<FileReport, PolicyLintError>>(count: inputs.count)
    // Each file's configuration; an unreadable one is an input error for the files it governs.
    var fileConfigs: [Configuration] = []
    var configFailures: [Int: String] = [:]
    for (i, input) in inputs.enumerated() {
      guard explicitConfig == nil, input != "-", let path = Configuration.find(from: input) else {
        fileConfigs.append(configuration)
        continue
      }
      if let c = loadConfig(path) { fileConfigs.append(c) } else {
        fileConfigs.append(configuration)
        configFailures[i] = path
      }
    }
    let configs = fileConfigs
    let files = inputs
    let date = explicitDate
    DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
      slots[i] = Result { () throws(PolicyLintError) -> FileReport in
        try lintOne(files[i], stdinName: stdinName, linter: linter, configuration: configs[i], date: date)
      }
    }
    var reports: [FileReport] = []
    for i in 0..<inputs.count {
      if let path = configFailures[i] {
        errors.append((inputs[i], "not checked: its configuration \(path) cannot be read"))
        continue
      }
      guard let result = slots[i] else { continue }
      switch result {
      case .success(let r):
        if r.text.count == 0 { Console.error("policylint: note: \(r.path): file is empty") }
        reports.append(r)
      case .failure(let e):
        let path = inputs[i] == "-" ? stdinName : inputs[i]
        errors.append((path, message(e, path: path)))
      }
    }
    for e in errors { Console.error("policylint check: \(e.path): \(e.message)") }
    let context = ReportContext(
      corpus: provided.index, errors: format == "text" ? [] : errors,
      color: format == "text" && Console.stdoutIsTerminal && !parsed.flags.contains("--no-color"))
    Console.raw(reporter.render(reports, context: context))
    if !errors.isEmpty { return 2 }
    if let threshold = failOn, reports.contains(where: { $0.findings.contains { $0.severity >= threshold } }) { return 1 }
    return 0
  }

  static func message(_ e: PolicyLintError, path: String) -> String {
    let d = e.description
    return d.hasPrefix(path + ": ") ? String(d.dropFirst(path.count + 2)) : d
  }

  static func lintOne(
    _ path: String, stdinName: String, linter: Linter, configuration: Configuration, date: SimpleDate?
  ) throws(PolicyLintError) -> FileReport {
    let string: String
    let hash: UInt64
    let displayPath: String
    if path == "-" {
      let data = FileHandle.standardInput.readDataToEndOfFile()
      do {
        string = try TextDecoder.decode(data).0
      } catch {
        throw .notText(path: stdinName, reason: error.description)
      }
      hash = FNV1a.hash(data)
      displayPath = stdinName
    } else {
      let (s, _, data) = try CorpusLoader.readText(path)
      string = s
      hash = FNV1a.hash(data)
      displayPath = path
    }
    let text = SourceText(string)
    let absolute = path == "-" ? URL(fileURLWithPath: stdinName).standardizedFileURL.path : URLPath.resolve(path)
    let draft = DraftDocument(
      path: absolute, text: text, explicitDate: date, configuration: configuration, corpus: linter.corpus,
      contentHash: hash)
    let findings = linter.lint(draft, configuration: configuration)
    return FileReport(path: displayPath, uri: URLPath.uri(forPath: absolute), text: text, findings: findings)
  }
}
