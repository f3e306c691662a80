import Foundation
import PolicyLint
import XCTest

/// The shipped editor configurations and CI recipes (`editors/`, `.pre-commit-hooks.yaml`): every file parses,
/// every one starts the server the CLI provides (`policylint serve --stdio`), the VS Code settings are the
/// engine's settings, and the CI steps run as written. Editors that Debian ships are run headless in
/// `EditorSessionTests`.
final class EditorConfigTests: XCTestCase {
  static let serverCommand = ["policylint", "serve", "--stdio"]

  func editorFile(_ path: String) -> URL { Tools.editors.appendingPathComponent(path) }

  func json(_ url: URL) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    return try XCTUnwrap(object as? [String: Any], "\(url.path) is not a JSON object")
  }

  /// All files under `editors/`, relative paths.
  func editorFiles() throws -> [String] {
    let enumerator = try XCTUnwrap(FileManager.default.enumerator(atPath: Tools.editors.path))
    return enumerator.compactMap { $0 as? String }.filter { path in
      var isDir: ObjCBool = false
      return FileManager.default.fileExists(atPath: Tools.editors.appendingPathComponent(path).path, isDirectory: &isDir)
        && !isDir.boolValue && !path.contains("node_modules/")
    }.sorted()
  }

  // MARK: - Every file parses

  func testEveryJSONConfigurationParses() throws {
    let extensions = [".json", ".sublime-settings", ".sublime-project"]
    let files = try editorFiles().filter { file in extensions.contains { file.hasSuffix($0) } }
    XCTAssertTrue(files.contains("vscode/package.json"), "\(files)")
    XCTAssertTrue(files.contains("sublime/LSP.sublime-settings"), "\(files)")
    for file in files {
      XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(contentsOf: editorFile(file))), "\(file) is not valid JSON")
    }
  }

  func testEveryTOMLConfigurationParsesAndStartsTheServer() throws {
    let kakoune = try String(contentsOf: editorFile("kakoune/policylint.kak"), encoding: .utf8)
    let fragment = try XCTUnwrap(Self.kakouneServersTOML(kakoune), "no lsp_servers %{…} block in policylint.kak")
    let fragmentFile = FileManager.default.temporaryDirectory.appendingPathComponent("kakoune-\(UUID().uuidString).toml")
    try Data(fragment.utf8).write(to: fragmentFile)
    defer { try? FileManager.default.removeItem(at: fragmentFile) }
    let tomlFiles = try editorFiles().filter { $0.hasSuffix(".toml") }.map(editorFile)
    let parsed = try Tools.parseWithPython(tomlFiles + [fragmentFile], module: "tomllib")
    XCTAssertEqual(parsed.count, tomlFiles.count + 1, "every TOML file parses")

    let helix = try XCTUnwrap(parsed[editorFile("helix/languages.toml").path] as? [String: Any])
    let server = try XCTUnwrap((helix["language-server"] as? [String: Any])?["policylint"] as? [String: Any])
    XCTAssertEqual([server["command"] as? String] + (server["args"] as? [String] ?? []), Self.serverCommand)
    let languages = try XCTUnwrap(helix["language"] as? [[String: Any]])
    let text = try XCTUnwrap(languages.first { ($0["file-types"] as? [String])?.contains("txt") == true })
    XCTAssertEqual(text["language-id"] as? String, "plaintext", "the server checks language id plaintext")
    for language in languages {
      XCTAssertTrue((language["language-servers"] as? [String])?.contains("policylint") == true, "\(language)")
    }

    let zed = try XCTUnwrap(parsed[editorFile("zed/extension.toml").path] as? [String: Any])
    let zedServer = try XCTUnwrap((zed["language_servers"] as? [String: Any])?["policylint"] as? [String: Any])
    XCTAssertEqual(Set(zedServer["languages"] as? [String] ?? []), ["Markdown", "Plain Text"])
    XCTAssertEqual(zedServer["language_ids"] as? [String: String], ["Markdown": "markdown", "Plain Text": "plaintext"])
    let cargo = try XCTUnwrap(parsed[editorFile("zed/Cargo.toml").path] as? [String: Any])
    XCTAssertEqual((cargo["lib"] as? [String: Any])?["crate-type"] as? [String], ["cdylib"])

    let kak = try XCTUnwrap((parsed[fragmentFile.path] as? [String: Any])?["policylint"] as? [String: Any])
    XCTAssertEqual([kak["command"] as? String] + (kak["args"] as? [String] ?? []), Self.serverCommand)
    XCTAssertEqual(kak["settings_section"] as? String, "policylint")
  }

  func testEveryYAMLFileParses() throws {
    let files = try editorFiles().filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.map(editorFile)
      + [Tools.root.appendingPathComponent(".pre-commit-hooks.yaml")]
    XCTAssertGreaterThanOrEqual(files.count, 4)
    let parsed = try Tools.parseWithPython(files, module: "yaml")
    for file in files { XCTAssertNotNil(parsed[file.path], "\(file.lastPathComponent) did not parse") }
  }

  // MARK: - Every configuration starts what the CLI provides

  /// Every list that starts the server (`"serve"` followed by an argument) passes exactly `--stdio`, and
  /// every prose mention of the command is the full one, in every file under `editors/`.
  func testEveryConfigurationStartsPolicylintServeStdio() throws {
    let listPattern = try NSRegularExpression(pattern: #"(["'])serve\1\s*,?\s*(["'])([^"']*)\2"#)
    let prosePattern = try NSRegularExpression(pattern: #"policylint serve\b(?! --stdio| --help)"#)
    let mustConfigure = [
      "vscode/extension.js", "emacs/policylint-eglot.el", "emacs/policylint-lsp-mode.el", "vim/autoload/policylint.vim",
      "zed/src/lib.rs", "sublime/LSP.sublime-settings", "helix/languages.toml", "kakoune/policylint.kak",
    ]
    var configured: Set<String> = []
    for file in try editorFiles() {
      guard let text = try? String(contentsOf: editorFile(file), encoding: .utf8) else { continue }
      let whole = NSRange(text.startIndex..., in: text)
      for match in listPattern.matches(in: text, range: whole) {
        let argument = (text as NSString).substring(with: match.range(at: 3))
        XCTAssertEqual(argument, "--stdio", "\(file): the server is started with `serve \(argument)`")
        configured.insert(file)
      }
      for match in prosePattern.matches(in: text, range: whole) {
        XCTFail("\(file): `\((text as NSString).substring(with: match.range))` is not `policylint serve --stdio`")
      }
    }
    for file in mustConfigure { XCTAssertTrue(configured.contains(file), "\(file) does not start `serve --stdio`") }

    let sublime = try json(editorFile("sublime/LSP.sublime-settings"))
    let client = try XCTUnwrap((sublime["clients"] as? [String: Any])?["policylint"] as? [String: Any])
    XCTAssertEqual(client["command"] as? [String], Self.serverCommand)
    XCTAssertEqual(client["selector"] as? String, "text.plain | text.html.markdown")
    for (name, source) in [("eglot", "emacs/policylint-eglot.el"), ("lsp-mode", "emacs/policylint-lsp-mode.el")] {
      let text = try String(contentsOf: editorFile(source), encoding: .utf8)
      XCTAssertTrue(text.contains(#"'("policylint" "serve" "--stdio")"#), "\(name) does not run policylint serve --stdio")
    }
    let vim = try String(contentsOf: editorFile("vim/autoload/policylint.vim"), encoding: .utf8)
    XCTAssertTrue(vim.contains("['policylint', 'serve', '--stdio']"), "vim does not run policylint serve --stdio")
    let zed = try String(contentsOf: editorFile("zed/src/lib.rs"), encoding: .utf8)
    XCTAssertTrue(zed.contains(#"worktree.which("policylint")"#), "zed does not look up policylint")
  }

  /// The command every configuration runs exists in the CLI and takes `--stdio`.
  func testTheCLIServesOverStdio() throws {
    guard Tools.hasServeCommand else {
      throw XCTSkip("`policylint serve` is not in this build yet (the server work is merged separately)")
    }
    let r = try CLI.run(["serve", "--help"])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("--stdio"), r.stdout)
  }

  /// The commands VS Code contributes that the extension does not register itself are ones the server
  /// advertises in `executeCommandProvider` (vscode-languageclient registers those).
  func testTheServerAdvertisesTheCommandsTheVSCodeManifestContributes() throws {
    guard Tools.hasServeCommand else { throw XCTSkip("`policylint serve` is not in this build yet") }
    func frame(_ object: [String: Any]) throws -> Data {
      let body = try JSONSerialization.data(withJSONObject: object)
      return Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
    var input = try frame([
      "jsonrpc": "2.0", "id": 1, "method": "initialize",
      "params": ["processId": NSNull(), "rootUri": NSNull(), "capabilities": [String: Any]()],
    ])
    input += try frame(["jsonrpc": "2.0", "method": "initialized", "params": [String: Any]()])
    input += try frame(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
    input += try frame(["jsonrpc": "2.0", "method": "exit"])
    let r = try Subprocess.run(CLI.executable, ["serve", "--stdio"], stdin: input, timeout: 60)
    XCTAssertEqual(r.status, 0, r.stderr)
    // The initialize response (log messages may come before it).
    let capabilities = try Self.framedMessages(Data(r.stdout.utf8)).first { ($0["id"] as? Int) == 1 }
      .flatMap { ($0["result"] as? [String: Any])?["capabilities"] as? [String: Any] }
    XCTAssertNotNil(capabilities, "no initialize response: \(r.stdout)")
    let advertised = Set((capabilities?["executeCommandProvider"] as? [String: Any])?["commands"] as? [String] ?? [])

    let manifest = try json(editorFile("vscode/package.json"))
    let contributed = ((manifest["contributes"] as? [String: Any])?["commands"] as? [[String: Any]] ?? []).compactMap {
      $0["command"] as? String
    }
    let extensionSource = try String(contentsOf: editorFile("vscode/extension.js"), encoding: .utf8)
    for command in contributed where !extensionSource.contains("registerCommand('\(command)'") {
      XCTAssertTrue(advertised.contains(command), "\(command) is neither registered by the extension nor advertised: \(advertised)")
    }
  }

  // MARK: - VS Code

  static let vscodeClientKeys: Set<String> = ["server.path", "trace.server"]

  func vscodeProperties() throws -> [String: [String: Any]] {
    let manifest = try json(editorFile("vscode/package.json"))
    let contributes = try XCTUnwrap(manifest["contributes"] as? [String: Any])
    let configuration = try XCTUnwrap(contributes["configuration"] as? [String: Any])
    return try XCTUnwrap(configuration["properties"] as? [String: [String: Any]])
  }

  func testVSCodeManifestActivatesOnDraftsAndDeclaresTheEngineSettings() throws {
    let manifest = try json(editorFile("vscode/package.json"))
    let events = manifest["activationEvents"] as? [String] ?? []
    XCTAssertTrue(events.contains("onLanguage:plaintext") && events.contains("onLanguage:markdown"), "\(events)")
    XCTAssertEqual(manifest["main"] as? String, "./extension.js")
    XCTAssertNotNil((manifest["engines"] as? [String: String])?["vscode"])
    XCTAssertNotNil((manifest["dependencies"] as? [String: String])?["vscode-languageclient"])
    for key in ["name", "publisher", "version", "displayName", "description"] {
      XCTAssertNotNil(manifest[key], "vsce needs \(key)")
    }

    let properties = try vscodeProperties()
    for (key, spec) in properties {
      XCTAssertTrue(key.hasPrefix("policylint."), key)
      XCTAssertTrue(spec["description"] != nil || spec["markdownDescription"] != nil, "\(key) has no description")
      XCTAssertNotNil(spec["default"], "\(key) has no default")
    }
    let serverKeys = Set(properties.keys.map { String($0.dropFirst("policylint.".count)) }).subtracting(Self.vscodeClientKeys)
    XCTAssertEqual(serverKeys, Set(Configuration.knownKeys), "VS Code settings vs the keys of .policylint.json")
    XCTAssertEqual(properties["policylint.server.path"]?["default"] as? String, "policylint")
    XCTAssertEqual(properties["policylint.trace.server"]?["enum"] as? [String], ["off", "messages", "verbose"])
    XCTAssertEqual(properties["policylint.languages"]?["default"] as? [String], ["plaintext", "markdown"])

    // The defaults a user starts with are settings the engine accepts without a complaint.
    var defaults: [String: Any] = [:]
    for key in serverKeys { defaults[key] = properties["policylint." + key]?["default"] }
    let (_, issues) = Configuration.parse(defaults, source: "package.json defaults", baseDirectory: "/tmp")
    XCTAssertEqual(issues, [], "the engine rejects the extension's defaults")

    // Every severity the settings UI offers is one the engine understands.
    let ruleWords = (properties["policylint.rules"]?["additionalProperties"] as? [String: Any])?["enum"] as? [String] ?? []
    XCTAssertFalse(ruleWords.isEmpty)
    for word in ruleWords {
      let (_, issues) = Configuration.parse(["rules": ["*": word]], source: "vscode", baseDirectory: nil)
      XCTAssertEqual(issues, [], "rules value \(word)")
    }
  }

  /// The VS Code settings agree with the server's settings schema (`protocol/settings.schema.json`): the same
  /// keys, and every value the settings UI lets a user enter (each type, each enum word, each default)
  /// validates against the schema, so the extension never sends what the server's contract rejects.
  func testVSCodeSettingsMatchTheSettingsSchema() throws {
    let schemaURL = Tools.root.appendingPathComponent("protocol/settings.schema.json")
    guard FileManager.default.fileExists(atPath: schemaURL.path) else {
      throw XCTSkip("protocol/settings.schema.json is not in this tree yet (written with the server)")
    }
    let schema = try json(schemaURL)
    let schemaProperties = try XCTUnwrap(schema["properties"] as? [String: Any], "schema has no properties")
    let properties = try vscodeProperties()
    let serverKeys = Set(properties.keys.map { String($0.dropFirst("policylint.".count)) }).subtracting(Self.vscodeClientKeys)
    XCTAssertEqual(serverKeys, Set(schemaProperties.keys), "VS Code settings vs the schema's properties")

    var samples: [[String: Any]] = []
    for key in serverKeys.sorted() {
      guard let spec = properties["policylint." + key] else { continue }
      for value in Self.sampleValues(spec) { samples.append([key: value]) }
    }
    XCTAssertGreaterThan(samples.count, serverKeys.count)
    guard let python = Tools.python(with: "jsonschema") else { throw XCTSkip("jsonschema is not installed") }
    let check = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      validator = jsonschema.validators.validator_for(schema)(schema)
      for sample in json.loads(sys.argv[2]):
          for error in validator.iter_errors(sample):
              print(json.dumps(sample, ensure_ascii=False), '->', error.message)
      """
    let data = try JSONSerialization.data(withJSONObject: samples)
    let r = try Subprocess.run(python, ["-c", check, schemaURL.path, String(decoding: data, as: UTF8.self)], timeout: 60)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "", "values the VS Code settings allow but the schema rejects")
  }

  /// Values a user can give a VS Code setting: its default, each enum word, one value of each declared type.
  static func sampleValues(_ spec: [String: Any]) -> [Any] {
    var values: [Any] = []
    if let d = spec["default"], !(d is NSNull), (d as? String) != "" { values.append(d) }
    if let e = spec["enum"] as? [Any] { return values + e }
    var types: [String] = []
    if let t = spec["type"] as? String { types = [t] } else if let t = spec["type"] as? [String] { types = t }
    for type in types {
      switch type {
      case "string": values.append(spec["pattern"] != nil ? "2024-01-02" : "/srv/policylint/corpus")
      case "number", "integer": values.append(1)
      case "boolean": values.append(true)
      case "array": values.append(["plaintext", "markdown"])
      case "object":
        let additional = spec["additionalProperties"] as? [String: Any] ?? [:]
        if let words = additional["enum"] as? [Any] {
          let code = builtInChecks.first?.description.code ?? "duplicate/"
          values += words.map { [code: $0] }
        } else if (additional["type"] as? String) == "number" {
          let option = builtInChecks.lazy.flatMap { $0.description.options }.first
          values.append(option.map { [$0.key: $0.defaultValue] } ?? [:])
        }
      default: break
      }
    }
    return values
  }

  func testVSCodeExtensionParsesWithNode() throws {
    guard let node = Tools.onPath("node") else { throw XCTSkip("node is not installed") }
    for file in ["vscode/extension.js"] {
      let r = try Subprocess.run(node, ["--check", editorFile(file).path], timeout: 60)
      XCTAssertEqual(r.status, 0, "\(file): \(r.stderr)")
    }
  }

  /// Activates the extension under a stub VS Code API: it must start `policylint serve --stdio` for plain text
  /// and Markdown, send the engine's settings (paths made absolute), answer `workspace/configuration` with
  /// them only, notify changes, and restart with a new server path.
  func testVSCodeExtensionStartsTheServerAndSendsTheEngineSettings() throws {
    guard let node = Tools.onPath("node") else { throw XCTSkip("node is not installed") }
    let workspace = "/tmp/policylint-workspace"
    let settings: [String: Any] = ["policylint.corpus": "corpus", "policylint.rules": ["*": "warning"], "policylint.manifest": ""]
    let settingsJSON = String(decoding: try JSONSerialization.data(withJSONObject: settings), as: UTF8.self)
    let r = try Subprocess.run(
      node, [Tools.scripts.appendingPathComponent("vscode-host.js").path, editorFile("vscode").path, settingsJSON, workspace],
      timeout: 60)
    XCTAssertEqual(r.status, 0, r.stderr)
    let record = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let clients = try XCTUnwrap(record["clients"] as? [[String: Any]])
    XCTAssertEqual(clients.count, 2, "one client at start, one after the server path changed")
    let first = try XCTUnwrap(clients.first)
    let serverOptions = try XCTUnwrap(first["serverOptions"] as? [String: Any])
    XCTAssertEqual([serverOptions["command"] as? String] + (serverOptions["args"] as? [String] ?? []), Self.serverCommand)
    XCTAssertNil(serverOptions["transport"], "a transport would make the client append a second --stdio")
    XCTAssertEqual(first["id"] as? String, "policylint", "the id decides which trace setting the client reads")
    let selector = first["documentSelector"] as? [[String: String]] ?? []
    XCTAssertEqual(Set(selector.compactMap { $0["language"] }), ["plaintext", "markdown"])
    XCTAssertEqual(Set(selector.compactMap { $0["scheme"] }), ["file", "untitled"])

    let initOptions = try XCTUnwrap(first["initializationOptions"] as? [String: Any])
    XCTAssertEqual(initOptions["corpus"] as? String, workspace + "/corpus", "relative paths are resolved")
    XCTAssertNil(initOptions["manifest"], "empty settings are left out")
    XCTAssertNil(initOptions["server"] ?? initOptions["trace"], "client-only settings stay in the client")
    XCTAssertNil(initOptions["languages"], "defaults are not sent: they would hide .policylint.json")
    let (_, issues) = Configuration.parse(initOptions, source: "initializationOptions", baseDirectory: nil)
    XCTAssertEqual(issues, [], "the engine rejects what the extension sends")

    let answers = try XCTUnwrap(record["configurationAnswer"] as? [Any])
    XCTAssertEqual(answers.count, 2)
    let answer = try XCTUnwrap(answers.first as? [String: Any])
    XCTAssertTrue(Set(answer.keys).isSubset(of: Configuration.knownKeys), "\(answer.keys)")
    XCTAssertEqual(answers.last as? String, "answered-by-vscode", "other sections are left to VS Code")

    let notifications = try XCTUnwrap(record["notifications"] as? [[String: Any]])
    XCTAssertEqual(notifications.count, 1, "a date change is notified, a server path change restarts: \(notifications)")
    XCTAssertEqual(notifications.first?["method"] as? String, "workspace/didChangeConfiguration")
    let pushed = ((notifications.first?["params"] as? [String: Any])?["settings"] as? [String: Any])?["policylint"] as? [String: Any]
    XCTAssertEqual(pushed?["date"] as? String, "2024-01-02")

    let second = (clients.last?["serverOptions"] as? [String: Any])
    XCTAssertEqual(second?["command"] as? String, "/opt/policylint/bin/policylint")
    XCTAssertEqual(record["stopped"] as? Int, 1, "the old server is stopped before the new one starts")
    XCTAssertEqual(record["errors"] as? [String], [])

    // Commands: those the extension registers, plus the server's own (registered by the client from
    // executeCommandProvider).
    let manifest = try json(editorFile("vscode/package.json"))
    let contributed = ((manifest["contributes"] as? [String: Any])?["commands"] as? [[String: Any]] ?? []).compactMap {
      $0["command"] as? String
    }
    let registered = Set(record["commands"] as? [String] ?? [])
    XCTAssertEqual(Set(contributed).subtracting(registered), ["policylint.reloadCorpus"])
  }

  // MARK: - Emacs and Vim files load

  func testEmacsFilesByteCompileWithoutWarnings() throws {
    guard let emacs = Tools.onPath("emacs") else { throw XCTSkip("emacs is not installed (apt-get install emacs-nox)") }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-elc-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var compiled = 0
    for (file, feature) in [("policylint-eglot.el", "eglot"), ("policylint-lsp-mode.el", "lsp-mode")] {
      let probe = try Subprocess.run(emacs, ["--batch", "--eval", "(kill-emacs (if (locate-library \"\(feature)\") 0 1))"])
      guard probe.status == 0 else { continue }
      try FileManager.default.copyItem(at: editorFile("emacs/" + file), to: dir.appendingPathComponent(file))
      let r = try Subprocess.run(
        emacs, ["--batch", "--eval", "(setq byte-compile-error-on-warn t)", "-f", "batch-byte-compile", file], directory: dir)
      XCTAssertEqual(r.status, 0, "\(file): \(r.stderr)")
      compiled += 1
    }
    if compiled == 0 { throw XCTSkip("neither eglot nor lsp-mode is installed (apt-get install elpa-eglot elpa-lsp-mode)") }
  }

  // MARK: - CI recipes

  func testWorkflowsValidateAgainstTheGitHubAndGitLabSchemas() throws {
    guard let validator = Tools.venvBin("check-jsonschema") else {
      throw XCTSkip("check-jsonschema is not installed: run .ci/run (it installs it in .venv)")
    }
    for (file, schema) in [
      ("ci/github-code-scanning.yml", "vendor.github-workflows"), ("ci/github-annotations.yml", "vendor.github-workflows"),
      ("ci/gitlab-ci.yml", "vendor.gitlab-ci"),
    ] {
      let r = try Subprocess.run(validator, ["--builtin-schema", schema, editorFile(file).path], timeout: 120)
      XCTAssertEqual(r.status, 0, "\(file): \(r.stdout)\(r.stderr)")
    }
  }

  func testPreCommitManifestIsValidAndBothHooksRunTheSameCheck() throws {
    let manifest = Tools.root.appendingPathComponent(".pre-commit-hooks.yaml")
    let parsed = try Tools.parseWithPython([manifest], module: "yaml")
    let hooks = try XCTUnwrap(parsed[manifest.path] as? [[String: Any]])
    let byID = Dictionary(uniqueKeysWithValues: hooks.compactMap { h in (h["id"] as? String).map { ($0, h) } })
    XCTAssertEqual(Set(byID.keys), ["policylint", "policylint-system"])
    XCTAssertEqual(byID["policylint"]?["language"] as? String, "swift", "built from this package by pre-commit")
    XCTAssertEqual(byID["policylint-system"]?["language"] as? String, "system")
    for key in ["entry", "types_or", "args", "files", "exclude"] {
      XCTAssertEqual(
        "\(byID["policylint"]?[key] ?? "none")", "\(byID["policylint-system"]?[key] ?? "none")", "hooks differ in \(key)")
    }
    XCTAssertEqual(byID["policylint"]?["entry"] as? String, "policylint check")
    XCTAssertEqual(byID["policylint"]?["types_or"] as? [String], ["plain-text", "markdown"])
    // pre-commit's `swift` language builds this package and puts its products on PATH: the executable
    // product must be called what `entry` runs.
    let package = try String(contentsOf: Tools.root.appendingPathComponent("Package.swift"), encoding: .utf8)
    XCTAssertTrue(package.contains(#".executable(name: "policylint""#), "no executable product named policylint")

    guard let preCommit = Tools.venvBin("pre-commit") else {
      throw XCTSkip("pre-commit is not installed: run .ci/run (it installs it in .venv)")
    }
    let r = try Subprocess.run(preCommit, ["validate-manifest", manifest.path], timeout: 120)
    XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
  }

  /// Runs pre-commit on a drafts repository using the `policylint-system` hook of this `.pre-commit-hooks.yaml`
  /// with the built policylint: the draft's finding fails the commit and shows in the output; files of other
  /// types are not passed to policylint.
  func testPreCommitRunsTheHookOnDrafts() throws {
    guard let preCommit = Tools.venvBin("pre-commit") else {
      throw XCTSkip("pre-commit is not installed: run .ci/run (it installs it in .venv)")
    }
    guard let git = Tools.onPath("git") else { throw XCTSkip("git is not installed") }
    let project = try ExampleProject.make()
    let expected = try project.cliDiagnostics()
    let fm = FileManager.default
    let hookRepo = project.directory.deletingLastPathComponent().appendingPathComponent("hooks-\(UUID().uuidString)")
    try fm.createDirectory(at: hookRepo, withIntermediateDirectories: true)
    defer {
      try? fm.removeItem(at: hookRepo)
      try? fm.removeItem(at: project.directory)
    }
    try fm.copyItem(at: Tools.root.appendingPathComponent(".pre-commit-hooks.yaml"), to: hookRepo.appendingPathComponent(".pre-commit-hooks.yaml"))
    let gitEnv = [
      "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
      "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_GLOBAL": "/dev/null",
    ]
    for args in [["init", "-q"], ["add", "."], ["commit", "-qm", "hooks"]] {
      let r = try Subprocess.run(git, args, directory: hookRepo, environment: gitEnv)
      XCTAssertEqual(r.status, 0, r.stderr)
    }
    let rev = try Subprocess.run(git, ["rev-parse", "HEAD"], directory: hookRepo).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let config = """
      repos:
        - repo: \(hookRepo.path)
          rev: \(rev)
          hooks: [{id: policylint-system}]
      """
    try Data(config.utf8).write(to: project.directory.appendingPathComponent(".pre-commit-config.yaml"))
    // Not a draft type: it would be reported as an input error if it reached policylint.
    try Data([0x00, 0x01, 0x02]).write(to: project.directory.appendingPathComponent("drafts/blob.bin"))
    for args in [["init", "-q"], ["add", "."]] {
      let r = try Subprocess.run(git, args, directory: project.directory, environment: gitEnv)
      XCTAssertEqual(r.status, 0, r.stderr)
    }
    let path = CLI.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let home = project.directory.appendingPathComponent(".pre-commit-home").path
    let r = try Subprocess.run(
      preCommit, ["run", "--all-files", "--color", "never"], directory: project.directory,
      environment: gitEnv.merging(["PATH": path, "PRE_COMMIT_HOME": home]) { _, new in new }, timeout: 300)
    let failing = expected.contains { ($0["severity"] as? Int ?? 4) <= 2 }
    XCTAssertEqual(r.status, failing ? 1 : 0, r.stdout + r.stderr)
    XCTAssertTrue(r.stdout.contains("policylint"), r.stdout)
    XCTAssertFalse(r.stdout.contains("blob.bin"), "a non-draft file reached policylint: \(r.stdout)")
    for diagnostic in expected {
      XCTAssertTrue(r.stdout.contains(diagnostic["code"] as? String ?? "?"), "\(diagnostic) missing from \(r.stdout)")
    }
  }

  /// The step of a workflow that runs `policylint check`, as written.
  func checkStep(_ workflow: String) throws -> (script: String, env: [String: String]) {
    let file = editorFile(workflow)
    let parsed = try Tools.parseWithPython([file], module: "yaml")
    let root = try XCTUnwrap(parsed[file.path] as? [String: Any])
    var env = (root["env"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
    if let jobs = root["jobs"] as? [String: [String: Any]] {
      for (_, job) in jobs {
        for step in job["steps"] as? [[String: Any]] ?? [] {
          if let run = step["run"] as? String, run.contains("policylint check") {
            env.merge((step["env"] as? [String: Any] ?? [:]).mapValues { "\($0)" }) { _, new in new }
            return (run, env)
          }
        }
      }
    }
    // GitLab: the job's script lines.
    for (_, value) in root {
      guard let job = value as? [String: Any], let script = job["script"] as? [String] else { continue }
      env.merge((job["variables"] as? [String: Any] ?? [:]).mapValues { "\($0)" }) { _, new in new }
      return (script.joined(separator: "\n"), env)
    }
    XCTFail("\(workflow): no step runs policylint check")
    return ("", env)
  }

  func runStep(_ workflow: String, in project: ExampleProject) throws -> Subprocess.Result {
    let (script, env) = try checkStep(workflow)
    XCTAssertNotNil(env["DRAFTS"], "\(workflow) has no DRAFTS variable")
    let path = CLI.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    return try Subprocess.bash(
      script, directory: project.directory,
      environment: env.merging(["DRAFTS": "drafts", "PATH": path, "GITHUB_PATH": "/dev/null"]) { _, new in new })
  }

  /// The code-scanning workflow's check step, run as written, writes SARIF that validates against SARIF 2.1.0
  /// with the draft's findings at repository-relative paths.
  func testCodeScanningStepWritesValidSARIF() throws {
    let project = try ExampleProject.make()
    defer { try? FileManager.default.removeItem(at: project.directory) }
    let expected = try project.cliDiagnostics()
    let r = try runStep("ci/github-code-scanning.yml", in: project)
    XCTAssertEqual(r.status, 0, r.stderr)
    let sarifURL = project.directory.appendingPathComponent("policylint.sarif")
    let sarif = try json(sarifURL)
    XCTAssertEqual(sarif["version"] as? String, "2.1.0")
    let run = try XCTUnwrap((sarif["runs"] as? [[String: Any]])?.first)
    let results = run["results"] as? [[String: Any]] ?? []
    XCTAssertEqual(results.count, expected.count, "SARIF results vs the CLI's diagnostics")
    for result in results {
      let location = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
      let uri = (location?["artifactLocation"] as? [String: Any])?["uri"] as? String
      XCTAssertEqual(uri, project.draftPath, "code scanning needs paths relative to the checkout")
    }
    let schema = SharedDataPath.sarifSchema
    guard FileManager.default.fileExists(atPath: schema.path), let python = Tools.python(with: "jsonschema") else {
      throw XCTSkip("SARIF schema (../shared/schemas) or jsonschema absent: SARIF checked for shape only")
    }
    let check = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.validators.validator_for(schema)(schema).validate(json.load(open(sys.argv[2])))
      """
    let v = try Subprocess.run(python, ["-c", check, schema.path, sarifURL.path], timeout: 120)
    XCTAssertEqual(v.status, 0, v.stderr)
  }

  /// The annotations workflow's check step prints one well-formed workflow command per finding, at the
  /// lines and scalar columns of the CLI's diagnostics, and fails on warnings.
  func testAnnotationsStepPrintsOneWorkflowCommandPerFinding() throws {
    let project = try ExampleProject.make()
    defer { try? FileManager.default.removeItem(at: project.directory) }
    let expected = try project.cliDiagnostics()
    let r = try runStep("ci/github-annotations.yml", in: project)
    let failing = expected.contains { ($0["severity"] as? Int ?? 4) <= 2 }
    XCTAssertEqual(r.status, failing ? 1 : 0, r.stderr)
    let pattern = try NSRegularExpression(
      pattern: #"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=policylint ([^:,]+)::.+$"#)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, expected.count, r.stdout)
    let text = try String(contentsOf: project.draft, encoding: .utf8)
    var seen: [ScalarSpan] = []
    for line in lines {
      guard let m = pattern.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else {
        XCTFail("not a workflow command: \(line)")
        continue
      }
      let field = { (i: Int) in (line as NSString).substring(with: m.range(at: i)) }
      XCTAssertEqual(field(2), project.draftPath)
      seen.append(
        ScalarSpan(
          line: Int(field(3))! - 1, start: Int(field(4))! - 1, endLine: Int(field(5))! - 1, end: Int(field(6))! - 1,
          code: field(7)))
    }
    let want = expected.compactMap { ScalarSpan(lsp: $0, text: text) }
    XCTAssertEqual(Set(seen), Set(want))
  }

  /// The GitLab job's script, run as written (jq included), writes a Code Quality report with one issue per
  /// finding, each with the fields GitLab requires and a unique fingerprint.
  func testGitLabJobWritesACodeQualityReport() throws {
    guard Tools.onPath("jq") != nil else { throw XCTSkip("jq is not installed") }
    let project = try ExampleProject.make()
    defer { try? FileManager.default.removeItem(at: project.directory) }
    let expected = try project.cliDiagnostics()
    let r = try runStep("ci/gitlab-ci.yml", in: project)
    let failing = expected.contains { ($0["severity"] as? Int ?? 4) <= 2 }
    XCTAssertEqual(r.status, failing ? 1 : 0, r.stderr)
    let data = try Data(contentsOf: project.directory.appendingPathComponent("gl-code-quality-report.json"))
    let issues = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    XCTAssertEqual(issues.count, expected.count)
    var fingerprints: Set<String> = []
    for issue in issues {
      XCTAssertNotNil(issue["description"] as? String)
      XCTAssertNotNil(issue["check_name"] as? String)
      XCTAssertTrue(["info", "minor", "major", "critical", "blocker"].contains(issue["severity"] as? String ?? ""), "\(issue)")
      let location = issue["location"] as? [String: Any]
      XCTAssertEqual(location?["path"] as? String, project.draftPath)
      XCTAssertGreaterThanOrEqual(((location?["lines"] as? [String: Any])?["begin"] as? Int) ?? 0, 1)
      let fingerprint = issue["fingerprint"] as? String ?? ""
      XCTAssertFalse(fingerprint.isEmpty)
      XCTAssertTrue(fingerprints.insert(fingerprint).inserted, "duplicate fingerprint \(fingerprint)")
    }
  }

  // MARK: - Helpers

  /// Splits a `Content-Length`-framed stream into its JSON messages.
  static func framedMessages(_ data: Data) throws -> [[String: Any]] {
    var messages: [[String: Any]] = []
    var rest = data[...]
    let separator = Data("\r\n\r\n".utf8)
    while let end = rest.range(of: separator) {
      let header = String(decoding: rest[rest.startIndex..<end.lowerBound], as: UTF8.self)
      guard let line = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
        let length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)),
        rest.distance(from: end.upperBound, to: rest.endIndex) >= length
      else { break }
      let bodyEnd = rest.index(end.upperBound, offsetBy: length)
      if let object = try JSONSerialization.jsonObject(with: Data(rest[end.upperBound..<bodyEnd])) as? [String: Any] {
        messages.append(object)
      }
      rest = rest[bodyEnd...]
    }
    return messages
  }

  /// The TOML inside `set-option … lsp_servers %{ … }` of a kak file.
  static func kakouneServersTOML(_ kak: String) -> String? {
    guard let start = kak.range(of: "lsp_servers %{") else { return nil }
    var depth = 1
    var index = start.upperBound
    while index < kak.endIndex {
      let c = kak[index]
      if c == "{" { depth += 1 }
      if c == "}" {
        depth -= 1
        if depth == 0 { break }
      }
      index = kak.index(after: index)
    }
    let body = kak[start.upperBound..<index]
    // Kakoune strips the common indentation; TOML does not care about it except in tables' keys, so dedent.
    return body.split(separator: "\n", omittingEmptySubsequences: false)
      .map { $0.drop { $0 == " " } }.joined(separator: "\n")
  }
}

/// `../shared/schemas`, beside the package (or `POLICYLINT_SHARED`).
enum SharedDataPath {
  static var root: URL {
    if let env = ProcessInfo.processInfo.environment["POLICYLINT_SHARED"] { return URL(fileURLWithPath: env) }
    return Tools.root.deletingLastPathComponent().appendingPathComponent("shared")
  }
  static var sarifSchema: URL { root.appendingPathComponent("schemas/sarif-schema-2.1.0.json") }
}
