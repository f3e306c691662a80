import Foundation
import JSONRPC
import PolicyLint
import PolicyText

/// Facts about the server reported in `initialize`.
public enum PolicyServerInfo {
  /// Name reported in `initialize`.
  public static let name = "policylint"
  /// The command that reloads the corpus (`workspace/executeCommand`).
  public static let reloadCorpusCommand = "policylint.reloadCorpus"
  /// Language ids linted when the settings name none.
  public static let defaultLanguages = ["markdown", "plaintext", "text"]
}

/// LSP `MessageType`.
public enum LogLevel: Int, Sendable {
  case error = 1
  case warning = 2
  case info = 3
  case log = 4
}

/// The policylint language server.
///
/// An actor: every message is handled in arrival order on the actor, documents are immutable `SourceText`
/// snapshots, and linting runs on worker threads (`OffPool`) on those snapshots, so reading and answering
/// never wait for a lint. Each result carries the document generation it was computed for and is dropped if the document
/// has moved on, so an old version's diagnostics are never published after a newer one's.
public actor PolicyServer {
  enum State { case uninitialized, running, shutDown }

  private let sink: any MessageSink
  private let checks: [any Check.Type]
  private let stderrLogging: Bool
  private var state = State.uninitialized
  private var exitCode: Int32?
  private weak var queue: MessageQueue?

  private var capabilities = ClientCapabilities()
  private var encoding = PositionEncoding.utf16
  private var rootPath: String?
  private var settings = ClientSettings()
  private var configFiles = ConfigurationFiles()
  private var reportedConfigProblems = Set<String>()

  private var documents: [String: OpenDocument] = [:]
  private var results: [String: LintResult] = [:]
  private var inFlight: [String: Int] = [:]
  /// Per open document, the findings of paragraph-scoped checks by paragraph, so an edit re-runs those
  /// checks only on the paragraphs it changed (see `LintCache`).
  private var lintCaches: [String: LintCache] = [:]
  private var waiters: [String: [(Result<LintResult, ResponseError>) -> Void]] = [:]
  private var nextGeneration = 0

  private enum CorpusSlot {
    /// Being loaded (load `id`); `interim` lints meanwhile: the index from before a reload, or the cached
    /// index while a changed corpus is rebuilt. Its results are replaced once the load is done.
    case loading(id: Int, interim: Linter?)
    case ready(Linter, origin: String)
    case failed(String)

    var isLoading: Bool { if case .loading = self { true } else { false } }
  }
  private var corpora: [String: CorpusSlot] = [:]
  private var corpusLoadCounter = 0
  /// Loads a corpus (`CorpusProvider.load`, through the cache); replaceable by tests, to hold a load back.
  private let corpusLoad: CorpusLoadFunction
  private var corpusReloadWaiters: [() -> Void] = []

  private var pending: [RequestID: Reply] = [:]
  private var outgoingCounter = 0
  private var outgoing: [RequestID: CheckedContinuation<Result<JSONValue, ResponseError>, Never>] = [:]
  private var parentWatcher: Task<Void, Never>?

  /// Number of lints started, for tests of coalescing.
  public private(set) var lintCount = 0

  /// Makes a server that sends through `sink`. `checks` defaults to every built-in check.
  public init(sink: any MessageSink, checks: [any Check.Type] = builtInChecks, stderrLogging: Bool = true) {
    self.init(sink: sink, checks: checks, stderrLogging: stderrLogging, corpusLoad: PolicyServer.loadThroughCache)
  }

  init(sink: any MessageSink, checks: [any Check.Type], stderrLogging: Bool, corpusLoad: @escaping CorpusLoadFunction) {
    self.sink = sink
    self.checks = checks
    self.stderrLogging = stderrLogging
    self.corpusLoad = corpusLoad
  }

  /// Loads a corpus as `CorpusProvider.load` with the cache.
  typealias CorpusLoadFunction = @Sendable (
    _ directory: String?, _ manifest: String?, _ progress: (@Sendable (Int, Int) -> Void)?,
    _ stage: (@Sendable (CorpusLoadStage) -> Void)?, _ interim: (@Sendable (CorpusIndex) -> Void)?
  ) throws(PolicyLintError) -> CorpusProvider.Provided

  static let loadThroughCache: CorpusLoadFunction = {
    directory, manifest, progress, stage, interim throws(PolicyLintError) in
    // The views and texts kept between lints: what the server's memory target leaves (it runs for hours
    // beside the editor).
    try CorpusProvider.load(
      directory: directory, manifest: manifest, progress: progress, stage: stage, partBudget: .corpusShare,
      interim: interim)
  }

  // MARK: - The loop

  /// Handles everything from `queue` in order until `exit`, the end of input, or the client process dying.
  /// Returns the process exit status: 0 after `shutdown` then `exit`, else 1.
  public func run(queue: MessageQueue) async -> Int32 {
    self.queue = queue
    var sinceIdle = 0
    while exitCode == nil, let item = await queue.next() {
      handle(item)
      sinceIdle += 1
      // Lints start when the queue is drained, so a burst of edits read together is linted once; the cap
      // keeps a never-ending stream from starving them.
      if queue.isEmpty || sinceIdle >= 64 {
        sinceIdle = 0
        startDueLints()
      }
    }
    parentWatcher?.cancel()
    failOutgoing()
    return exitCode ?? (state == .shutDown ? 0 : 1)
  }

  /// Handles one inbound item.
  public func handle(_ inbound: Inbound) {
    switch inbound {
    case .framingError(let error):
      log(.error, "JSON-RPC stream: \(error)")
    case .invalid(let id, let error):
      log(.error, "invalid message: \(error.message)")
      sink.send(.errorResponse(id: id, error: error))
    case .message(let message):
      handle(message)
    }
  }

  private func handle(_ message: Message) {
    switch message {
    case .request(let id, let method, let params):
      let reply = Reply(id: id, method: method, sink: sink)
      if state == .uninitialized && method != "initialize" {
        reply.fail(.serverNotInitialized)
        return
      }
      if state == .shutDown {
        reply.fail(.invalidRequest("the server has been shut down; only `exit` is accepted"))
        return
      }
      pending[id] = reply
      handleRequest(method, params, reply)
    case .notification(let method, let params):
      if method == "exit" {
        exitCode = state == .shutDown ? 0 : 1
        if exitCode == 1 { log(.warning, "exit without shutdown: exiting with status 1") }
        queue?.close()
        return
      }
      // Before `initialize` notifications are dropped; after `shutdown` only `exit` is expected.
      guard state == .running else { return }
      handleNotification(method, params)
    case .response(let id, let result):
      outgoing.removeValue(forKey: id)?.resume(returning: .success(result))
    case .errorResponse(let id, let error):
      if let id, let c = outgoing.removeValue(forKey: id) {
        c.resume(returning: .failure(error))
      } else {
        log(.warning, "the client answered an error: \(error)")
      }
    }
  }

  private func answer(_ reply: Reply, _ result: Result<JSONValue, ResponseError>) {
    pending.removeValue(forKey: reply.id)
    reply(result)
  }

  private func handleRequest(_ method: String, _ params: JSONValue?, _ reply: Reply) {
    switch method {
    case "initialize": initialize(params, reply)
    case "shutdown":
      state = .shutDown
      parentWatcher?.cancel()
      answer(reply, .success(.null))
    case "textDocument/diagnostic": pullDiagnostics(params, reply)
    case "textDocument/codeAction": codeAction(params, reply)
    case "textDocument/hover": hover(params, reply)
    case "workspace/executeCommand": executeCommand(params, reply)
    default: answer(reply, .failure(.methodNotFound(method)))
    }
  }

  private func handleNotification(_ method: String, _ params: JSONValue?) {
    switch method {
    case "initialized": initialized()
    case "textDocument/didOpen": didOpen(params)
    case "textDocument/didChange": didChange(params)
    case "textDocument/didClose": didClose(params)
    case "textDocument/didSave": didSave(params)
    case "workspace/didChangeConfiguration": didChangeConfiguration(params)
    case "workspace/didChangeWatchedFiles": didChangeWatchedFiles(params)
    case "$/cancelRequest":
      guard let raw = params?["id"], let id = RequestID(json: raw) else { return }
      if let reply = pending.removeValue(forKey: id) { reply.fail(.requestCancelled) }
    default:
      // Unknown notifications, and `$/` ones the server does not implement, are ignored as LSP says.
      break
    }
  }

  // MARK: - Lifecycle

  private func initialize(_ params: JSONValue?, _ reply: Reply) {
    guard state == .uninitialized else {
      answer(reply, .failure(.invalidRequest("`initialize` may be sent only once")))
      return
    }
    capabilities = ClientCapabilities(params?["capabilities"])
    encoding = capabilities.negotiatedEncoding
    if let uri = params?["rootUri"]?.stringValue, let p = URLPath.path(forURI: uri) {
      rootPath = p
    } else if let p = params?["rootPath"]?.stringValue {
      rootPath = p
    } else if let first = params?["workspaceFolders"]?.arrayValue?.first?["uri"]?.stringValue {
      rootPath = URLPath.path(forURI: first)
    }
    if let section = ClientSettings.section(in: params?["initializationOptions"]) {
      let (config, issues) = ClientSettings.parse(section, source: "initializationOptions", root: rootPath)
      settings.initial = config
      report(issues)
    }
    if let pid = params?["processId"]?.intValue, pid > 0 { watchParent(pid: Int32(truncatingIfNeeded: pid)) }
    state = .running
    var caps: [String: JSONValue] = [
      "positionEncoding": .string(encoding.rawValue),
      "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]],
      "hoverProvider": true,
      "codeActionProvider": ["codeActionKinds": ["quickfix"]],
      "executeCommandProvider": ["commands": [.string(PolicyServerInfo.reloadCorpusCommand)]],
    ]
    if capabilities.pullDiagnostics {
      caps["diagnosticProvider"] = [
        "identifier": "policylint", "interFileDependencies": false, "workspaceDiagnostics": false,
      ]
    }
    let client = params?[path: "clientInfo", "name"]?.stringValue ?? "an unnamed client"
    log(
      .info,
      "initialize from \(client): positions in \(encoding.rawValue), "
        + (capabilities.pullDiagnostics ? "pull diagnostics" : "push diagnostics"))
    answer(
      reply,
      .success([
        "capabilities": .object(caps),
        "serverInfo": ["name": .string(PolicyServerInfo.name), "version": .string(PolicyLintVersion.string)],
      ]))
  }

  private func initialized() {
    if capabilities.watchedFilesDynamic {
      let watchers: [JSONValue] = ["**/.policylint.json", "**/*.txt", "**/*.md", "**/*.markdown", "**/*.json"].map {
        ["globPattern": .string($0)]
      }
      let registration: JSONValue = [
        "registrations": [
          [
            "id": "policylint-watched-files", "method": "workspace/didChangeWatchedFiles",
            "registerOptions": ["watchers": .array(watchers)],
          ]
        ]
      ]
      Task { _ = await self.requestFromClient("client/registerCapability", registration) }
    }
    if capabilities.configuration { Task { await self.pullConfiguration() } }
  }

  /// Exits (status 1) when process `pid` exits: `--clientProcessId`, like `processId` in `initialize`.
  public func watchClientProcess(_ pid: Int32) {
    watchParent(pid: pid)
  }

  private func watchParent(pid: Int32) {
    parentWatcher?.cancel()
    parentWatcher = Task.detached { [weak self] in
      while !Task.isCancelled {
        try? await Task.sleep(nanoseconds: 1_000_000_000)
        if kill(pid, 0) != 0 && errno == ESRCH {
          await self?.parentDied(pid)
          return
        }
      }
    }
  }

  private func parentDied(_ pid: Int32) {
    log(.error, "the client process \(pid) has exited; exiting")
    exitCode = 1
    queue?.close()
  }

  // MARK: - Logging

  /// Logs to stderr and, once initialized, to the client with `window/logMessage`.
  func log(_ level: LogLevel, _ message: String) {
    if stderrLogging {
      let word = ["", "error", "warning", "info", "log"][level.rawValue]
      FileHandle.standardError.write(Data("policylint serve: \(word): \(message)\n".utf8))
    }
    guard state != .uninitialized || level == .error else { return }
    sink.send(
      .notification(method: "window/logMessage", params: ["type": .int(level.rawValue), "message": .string(message)]))
  }

  private func showMessage(_ level: LogLevel, _ message: String) {
    sink.send(
      .notification(method: "window/showMessage", params: ["type": .int(level.rawValue), "message": .string(message)]))
  }

  private func report(_ issues: [ConfigurationIssue]) {
    guard !issues.isEmpty else { return }
    let text = issues.map(\.description).joined(separator: "; ")
    log(.warning, "settings: \(text)")
    showMessage(.warning, "policylint 设置有误（已忽略）：\(text)")
  }

  // MARK: - Server-to-client requests

  private func requestFromClient(_ method: String, _ params: JSONValue) async -> Result<JSONValue, ResponseError> {
    outgoingCounter += 1
    let id = RequestID.string("policylint-\(outgoingCounter)")
    return await withCheckedContinuation { continuation in
      outgoing[id] = continuation
      sink.send(.request(id: id, method: method, params: params))
      Task {
        try? await Task.sleep(nanoseconds: 10_000_000_000)
        self.timeOut(id, method)
      }
    }
  }

  private func timeOut(_ id: RequestID, _ method: String) {
    guard let c = outgoing.removeValue(forKey: id) else { return }
    log(.warning, "the client did not answer \(method) within 10 s")
    c.resume(returning: .failure(.requestFailed("no answer")))
  }

  private func failOutgoing() {
    for (_, c) in outgoing { c.resume(returning: .failure(.requestFailed("the server is exiting"))) }
    outgoing = [:]
  }

  // MARK: - Documents

  private func bumpGeneration() -> Int {
    nextGeneration += 1
    return nextGeneration
  }

  private func didOpen(_ params: JSONValue?) {
    guard let item = params?["textDocument"], let uri = item["uri"]?.stringValue, let text = item["text"]?.stringValue
    else {
      log(.error, "textDocument/didOpen without a textDocument {uri, text}: ignored")
      return
    }
    let doc = OpenDocument(
      uri: uri, languageId: item["languageId"]?.stringValue ?? "plaintext", version: item["version"]?.intValue ?? 0,
      text: SourceText(text), generation: bumpGeneration())
    documents[uri] = doc
    results[uri] = nil
  }

  private func didChange(_ params: JSONValue?) {
    guard let uri = params?[path: "textDocument", "uri"]?.stringValue, var doc = documents[uri] else {
      log(.error, "textDocument/didChange for a document that is not open: ignored")
      return
    }
    let version = params?[path: "textDocument", "version"]?.intValue ?? doc.version + 1
    let changes = params?["contentChanges"]?.arrayValue ?? []
    do {
      doc.text = try TextChanges.apply(changes, to: doc.text, encoding: encoding)
    } catch {
      log(
        .error,
        "textDocument/didChange for \(uri) (version \(version)) rejected: \(error). The server keeps version "
          + "\(doc.version); close and reopen the document to resynchronise.")
      return
    }
    if version <= doc.version { log(.warning, "\(uri): version \(version) does not increase (was \(doc.version))") }
    doc.version = version
    doc.generation = bumpGeneration()
    documents[uri] = doc
  }

  private func didClose(_ params: JSONValue?) {
    guard let uri = params?[path: "textDocument", "uri"]?.stringValue else { return }
    documents[uri] = nil
    lintCaches[uri] = nil
    let hadResults = results.removeValue(forKey: uri) != nil
    for w in waiters.removeValue(forKey: uri) ?? [] { w(.failure(.requestFailed("\(uri) was closed"))) }
    if hadResults && !capabilities.pullDiagnostics {
      sink.send(
        .notification(method: "textDocument/publishDiagnostics", params: ["uri": .string(uri), "diagnostics": []]))
    }
  }

  private func didSave(_ params: JSONValue?) {
    guard let uri = params?[path: "textDocument", "uri"]?.stringValue, let path = URLPath.path(forURI: uri) else {
      return
    }
    filesChanged([path])
  }

  private func didChangeWatchedFiles(_ params: JSONValue?) {
    let paths = (params?["changes"]?.arrayValue ?? []).compactMap {
      $0["uri"]?.stringValue.flatMap(URLPath.path(forURI:))
    }
    filesChanged(paths)
  }

  /// Reacts to files changed on disk: a configuration file invalidates settings, a file in a corpus reloads it.
  private func filesChanged(_ paths: [String]) {
    // A changed JSON file may be a slogan registry, which paragraph results depend on.
    if paths.contains(where: { $0.hasSuffix(".json") }) { lintCaches.removeAll() }
    if paths.contains(where: { ($0 as NSString).lastPathComponent == ".policylint.json" }) {
      log(.info, "a .policylint.json changed: re-reading configuration")
      configFiles.invalidate()
      invalidateAll()
    }
    var stale: [String] = []
    for key in corpora.keys {
      let (dir, manifest) = Self.split(key)
      guard let dir else { continue }
      let prefix = dir.hasSuffix("/") ? dir : dir + "/"
      if paths.contains(where: { $0.hasPrefix(prefix) || $0 == manifest }) { stale.append(key) }
    }
    if !stale.isEmpty { reloadCorpora(stale, token: nil, then: nil) }
  }

  // MARK: - Settings

  private func didChangeConfiguration(_ params: JSONValue?) {
    if let section = ClientSettings.section(in: params?["settings"]) {
      let (config, issues) = ClientSettings.parse(section, source: "workspace/didChangeConfiguration", root: rootPath)
      report(issues)
      applySettings(config)
    }
    if capabilities.configuration { Task { await self.pullConfiguration() } }
  }

  private func pullConfiguration() async {
    let result = await requestFromClient("workspace/configuration", ["items": [["section": "policylint"]]])
    guard case .success(let value) = result, let first = value.arrayValue?.first,
      let section = ClientSettings.section(in: ["policylint": first])
    else { return }
    let (config, issues) = ClientSettings.parse(section, source: "workspace/configuration", root: rootPath)
    report(issues)
    applySettings(config)
  }

  private func applySettings(_ config: Configuration) {
    guard config != settings.latest else { return }
    settings.latest = config
    log(.info, "settings changed")
    invalidateAll()
  }

  /// Everything must be linted again (settings or corpus changed).
  private func invalidateAll() {
    for uri in documents.keys { documents[uri]?.generation = bumpGeneration() }
    // Settings and corpus are part of a cache's key, but files the checks read themselves (a workspace
    // registry) are not: start afresh.
    lintCaches.removeAll()
    if capabilities.pullDiagnostics && capabilities.diagnosticRefresh {
      Task { _ = await self.requestFromClient("workspace/diagnostic/refresh", .null) }
    }
    startDueLints()
  }

  /// The configuration for a document: its nearest `.policylint.json` (as the CLI finds it), overlaid with
  /// the client's settings.
  private func configuration(for doc: OpenDocument) -> Configuration {
    var base = Configuration()
    if let found = configFiles.configuration(forDraftAt: URLPath.path(forURI: doc.uri)) {
      base = found.config
      if let error = found.error, reportedConfigProblems.insert(found.path).inserted {
        log(.error, error)
        showMessage(.error, "policylint：\(error)")
      } else if !found.issues.isEmpty, reportedConfigProblems.insert(found.path).inserted {
        log(.warning, found.issues.map(\.description).joined(separator: "; "))
      }
    }
    return base.merged(with: settings.effective)
  }

  // MARK: - Corpus

  private static func key(_ config: Configuration) -> String { "\(config.corpus ?? "")\u{0}\(config.manifest ?? "")" }

  private static func split(_ key: String) -> (String?, String?) {
    let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
    let dir = parts.first.flatMap { $0.isEmpty ? nil : $0 }
    let manifest = parts.count > 1 && !parts[1].isEmpty ? parts[1] : nil
    return (dir, manifest)
  }

  private func loadCorpus(_ key: String, token: JSONValue?) {
    corpusLoadCounter += 1
    let id = corpusLoadCounter
    // A reload lints with the index it replaces until it is done; a first load of a corpus that changed
    // since its cache was written lints with the cached index (`interim`) while it is rebuilt.
    let previous: Linter?
    switch corpora[key] {
    case .ready(let linter, _): previous = linter
    case .loading(_, let interim): previous = interim
    case .failed, nil: previous = nil
    }
    corpora[key] = .loading(id: id, interim: previous)
    let (dir, manifest) = Self.split(key)
    let sink = self.sink
    let checks = self.checks
    let load = self.corpusLoad
    // Whether documents are linted with an earlier index meanwhile (the progress says so).
    let meanwhile = LockedFlag(previous != nil)
    let useCached: @Sendable (CorpusIndex) -> Void = { index in
      meanwhile.set()
      let linter = Linter(corpus: index, checks: checks)
      Task { await self.corpusInterim(key, id: id, linter) }
    }
    let interim = previous == nil ? useCached : nil
    let wantsProgress = capabilities.workDoneProgress || token != nil
    let title = dir.map { "policylint：正在索引语料 \(($0 as NSString).lastPathComponent)" } ?? "policylint：正在载入内置参考包"
    Task {
      var progressToken = token
      if progressToken == nil && wantsProgress {
        self.outgoingCounter += 1
        let candidate = JSONValue.string("policylint-corpus-\(self.outgoingCounter)")
        if case .success = await self.requestFromClient("window/workDoneProgress/create", ["token": candidate]) {
          progressToken = candidate
        }
      }
      let progress = ProgressReporter(sink: sink, token: progressToken)
      progress.begin(title)
      let outcome = await OffPool.run { () -> Result<CorpusProvider.Provided, PolicyLintError> in
        let loaded = Result { () throws(PolicyLintError) -> CorpusProvider.Provided in
          try load(
            dir, manifest, { done, total in progress.report(done, total) },
            { stage in
              switch stage {
              case .indexing(let n):
                progress.say(meanwhile.isSet ? "正在建立索引（\(n) 篇文档；其间沿用上次的索引）" : "正在建立索引（\(n) 篇文档）")
              case .writingCache: progress.say("正在写入缓存")
              }
            },
            interim)
        }
        // A build frees the texts and views it read (the documents are read back from the cache it wrote):
        // those pages go back to the system rather than stay with the server for the whole session.
        if case .success(let provided) = loaded, provided.cache.map({ $0.kind != .hit }) ?? false {
          AllocatorArenas.trim()
        }
        return loaded
      }
      switch outcome {
      case .success(let provided):
        progress.end("\(provided.index.documents.count) 篇文档")
        self.corpusLoaded(
          key, id: id, .ready(Linter(corpus: provided.index, checks: checks), origin: provided.index.origin),
          provided.warnings)
      case .failure(let error):
        progress.end("失败")
        self.corpusLoaded(key, id: id, .failed(error.description), [])
      }
    }
  }

  /// The cached index of a corpus being rebuilt: documents waiting for it are linted with it meanwhile.
  private func corpusInterim(_ key: String, id: Int, _ linter: Linter) {
    guard case .loading(id, nil) = corpora[key] else { return }
    corpora[key] = .loading(id: id, interim: linter)
    log(.info, "corpus changed since its cache was written: linting with the cached index while it is rebuilt")
    startDueLints()
  }

  private func corpusLoaded(_ key: String, id: Int, _ slot: CorpusSlot, _ warnings: [String]) {
    // A load that a later one (a reload meanwhile) replaced is dropped.
    guard case .loading(id, let interim) = corpora[key] else { return }
    corpora[key] = slot
    // Every document is linted again with the new corpus (those linted with an interim index meanwhile too).
    for uri in documents.keys { documents[uri]?.generation = bumpGeneration() }
    if interim != nil && !documents.isEmpty && capabilities.pullDiagnostics && capabilities.diagnosticRefresh {
      Task { _ = await self.requestFromClient("workspace/diagnostic/refresh", .null) }
    }
    for w in warnings { log(.warning, "corpus: \(w)") }
    switch slot {
    case .ready(let linter, let origin):
      log(.info, "corpus ready: \(origin), \(linter.corpus.documents.count) documents")
    case .failed(let message):
      log(.error, "corpus: \(message)")
      showMessage(.error, "policylint 无法载入语料：\(message)")
    case .loading: break
    }
    if !corpora.values.contains(where: \.isLoading) {
      let done = corpusReloadWaiters
      corpusReloadWaiters = []
      for d in done { d() }
    }
    startDueLints()
  }

  private func reloadCorpora(_ keys: [String], token: JSONValue?, then: (() -> Void)?) {
    if let then { corpusReloadWaiters.append(then) }
    // Documents keep their results (and lint with the index being replaced) until each load is done, which
    // has them linted again.
    for key in keys { loadCorpus(key, token: token) }
    if keys.isEmpty {
      let done = corpusReloadWaiters
      corpusReloadWaiters = []
      for d in done { d() }
    }
  }

  // MARK: - Linting

  /// Starts a lint for every document whose newest generation has no result and no lint running.
  private func startDueLints() {
    for (uri, doc) in documents {
      if results[uri]?.generation == doc.generation || inFlight[uri] != nil { continue }
      startLint(doc)
    }
  }

  private func startLint(_ doc: OpenDocument) {
    let uri = doc.uri
    let config = configuration(for: doc)
    let languages = config.languages ?? PolicyServerInfo.defaultLanguages
    let encoding = self.encoding
    guard languages.contains(doc.languageId) else {
      finish(
        LintResult(
          generation: doc.generation, version: doc.version, text: doc.text, findings: [], corpus: .empty, uri: uri,
          encoding: encoding), publish: true)
      return
    }
    let key = Self.key(config)
    let linter: Linter
    switch corpora[key] {
    case nil:
      loadCorpus(key, token: nil)
      return
    case .loading(_, let interim?):
      linter = interim
    case .loading(_, nil):
      return
    case .failed:
      finish(
        LintResult(
          generation: doc.generation, version: doc.version, text: doc.text, findings: [], corpus: .empty, uri: uri,
          encoding: encoding), publish: true)
      return
    case .ready(let l, _):
      linter = l
    }
    inFlight[uri] = doc.generation
    lintCount += 1
    let cache = lintCaches[uri] ?? LintCache()
    lintCaches[uri] = cache
    let previous = results[uri]
    Task {
      let result = await OffPool.run {
        Self.lint(
          doc, linter: linter, config: config, uri: uri, encoding: encoding, cache: cache, previous: previous)
      }
      self.lintFinished(uri, result)
    }
  }

  /// Lints one document snapshot; runs off the actor.
  private nonisolated static func lint(
    _ doc: OpenDocument, linter: Linter, config: Configuration, uri: String, encoding: PositionEncoding,
    cache: LintCache, previous: LintResult?
  ) -> LintResult {
    let path = URLPath.path(forURI: uri).map(URLPath.resolve) ?? uri
    let hash = FNV1a.hash(utf8Of: doc.text.scalars)
    let draft = DraftDocument(
      path: path, text: doc.text, configuration: config, corpus: linter.corpus, contentHash: hash,
      view: cache.view(of: doc.text))
    let findings = linter.lint(draft, configuration: config, cache: cache)
    // Figures for hover, read from the draft's own view exactly as the figure checks read them.
    let figures = draft.figureAnalysis(corpus: linter.corpus).figures
    return LintResult(
      generation: doc.generation, version: doc.version, text: doc.text, findings: findings, corpus: linter.corpus,
      uri: uri, encoding: encoding, figures: figures, previous: previous)
  }

  private func lintFinished(_ uri: String, _ result: LintResult) {
    inFlight[uri] = nil
    guard let doc = documents[uri] else { return }
    if doc.generation == result.generation {
      finish(result, publish: true)
    }
    startDueLints()
  }

  private func finish(_ result: LintResult, publish: Bool) {
    guard let doc = documents.first(where: { $0.value.generation == result.generation })?.value else { return }
    results[doc.uri] = result
    if publish && !capabilities.pullDiagnostics {
      // Written as bytes around the diagnostics serialized once by the lint (the notification a
      // `Message` would make, keys in the same order).
      var body = Array(#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":"#.utf8)
      body.reserveCapacity(body.count + result.serializedDiagnostics.count + doc.uri.utf8.count + 40)
      body += result.serializedDiagnostics
      body += Array(#","uri":"#.utf8)
      JSONValue.writeString(doc.uri, to: &body)
      body += Array(#","version":"#.utf8)
      JSONValue.writeInteger(Int64(result.version), to: &body)
      body += Array("}}".utf8)
      sink.send(serialized: body)
    }
    for w in waiters.removeValue(forKey: doc.uri) ?? [] { w(.success(result)) }
  }

  /// Calls `body` with the document's results for its newest generation, now or once the lint lands.
  private func whenLinted(_ uri: String, _ body: @escaping (Result<LintResult, ResponseError>) -> Void) {
    guard let doc = documents[uri] else {
      body(.failure(.invalidParams("\(uri) is not open: send textDocument/didOpen first")))
      return
    }
    if let r = results[uri], r.generation == doc.generation {
      body(.success(r))
      return
    }
    waiters[uri, default: []].append(body)
    startDueLints()
  }

  // MARK: - Requests about documents

  private func pullDiagnostics(_ params: JSONValue?, _ reply: Reply) {
    guard let uri = params?[path: "textDocument", "uri"]?.stringValue else {
      answer(reply, .failure(.invalidParams("textDocument/diagnostic needs textDocument.uri")))
      return
    }
    let previous = params?["previousResultId"]?.stringValue
    whenLinted(uri) { outcome in
      switch outcome {
      case .failure(let e): self.answer(reply, .failure(e))
      case .success(let r):
        let resultId = r.resultId
        if previous == resultId {
          self.answer(reply, .success(["kind": "unchanged", "resultId": .string(resultId)]))
        } else {
          self.answer(
            reply, .success(["kind": "full", "resultId": .string(resultId), "items": .array(r.diagnostics)]))
        }
      }
    }
  }

  private func hover(_ params: JSONValue?, _ reply: Reply) {
    guard let uri = params?[path: "textDocument", "uri"]?.stringValue,
      let position = LSPValue.position(params?["position"])
    else {
      answer(reply, .failure(.invalidParams("textDocument/hover needs textDocument.uri and position")))
      return
    }
    let encoding = self.encoding
    let markdown = capabilities.hoverMarkdown
    whenLinted(uri) { outcome in
      switch outcome {
      case .failure(let e): self.answer(reply, .failure(e))
      case .success(let r):
        let index = r.text.lines.clampedScalarIndex(of: position, in: encoding)
        self.answer(reply, .success(HoverBuilder.hover(at: index, in: r, encoding: encoding, markdown: markdown)))
      }
    }
  }

  private func codeAction(_ params: JSONValue?, _ reply: Reply) {
    guard let uri = params?[path: "textDocument", "uri"]?.stringValue, let range = LSPValue.range(params?["range"])
    else {
      answer(reply, .failure(.invalidParams("textDocument/codeAction needs textDocument.uri and range")))
      return
    }
    let only = params?[path: "context", "only"]?.arrayValue?.compactMap(\.stringValue)
    let encoding = self.encoding
    let documentChanges = capabilities.documentChanges
    whenLinted(uri) { outcome in
      switch outcome {
      case .failure(let e): self.answer(reply, .failure(e))
      case .success(let r):
        let lower = r.text.lines.clampedScalarIndex(of: range.start, in: encoding)
        let upper = max(lower, r.text.lines.clampedScalarIndex(of: range.end, in: encoding))
        let actions = CodeActionBuilder.actions(
          for: lower..<upper, in: r, uri: uri, encoding: encoding, documentChanges: documentChanges, only: only)
        self.answer(reply, .success(.array(actions)))
      }
    }
  }

  private func executeCommand(_ params: JSONValue?, _ reply: Reply) {
    let command = params?["command"]?.stringValue ?? ""
    guard command == PolicyServerInfo.reloadCorpusCommand else {
      answer(
        reply, .failure(.invalidParams("unknown command '\(command)'; known: \(PolicyServerInfo.reloadCorpusCommand)")))
      return
    }
    configFiles.invalidate()
    var keys = Array(corpora.keys)
    // With no corpus loaded yet, load the workspace's (its .policylint.json under the client's settings), so
    // the command is never a no-op.
    if keys.isEmpty {
      var base = Configuration()
      if let root = rootPath, let found = configFiles.configuration(forDraftAt: root + "/.policylint.json") {
        base = found.config
      }
      keys = [Self.key(base.merged(with: settings.effective))]
    }
    log(.info, "reloading the corpus")
    reloadCorpora(keys, token: params?["workDoneToken"]) { self.answer(reply, .success(.null)) }
  }
}

/// Runs CPU-bound work (lints, corpus indexing) on threads of its own, outside Swift's concurrency pool and
/// Dispatch's global queues. Those pools have about one thread per core and run the server's actor: lints
/// of several documents at once (after a settings change, or edits across files) queued there would make
/// every message, even one answered at once, wait for them (measured: 0.3 s with 8 drafts of 20k characters
/// on 2 cores). On threads of their own the lints share the processors with the actor instead.
enum OffPool {
  private static let workers = WorkerThreads(count: max(1, ProcessInfo.processInfo.activeProcessorCount))

  /// `body`'s result, computed on a worker thread.
  static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
      workers.submit { continuation.resume(returning: body()) }
    }
  }
}

/// A fixed set of threads taking jobs in order. They live as long as the process (one pool, made once).
/// `@unchecked Sendable` is safe: `jobs` is only touched with `condition` locked.
final class WorkerThreads: @unchecked Sendable {
  private let condition = NSCondition()
  private var jobs: [@Sendable () -> Void] = []
  private var head = 0

  init(count: Int) {
    for n in 0..<count {
      let thread = Thread { [self] in work() }
      thread.name = "policylint-worker-\(n + 1)"
      thread.stackSize = 8 << 20  // the main thread's size: checks may recurse as deeply as in the CLI
      thread.start()
    }
  }

  /// Queues a job; a free worker runs it.
  func submit(_ job: @escaping @Sendable () -> Void) {
    condition.lock()
    jobs.append(job)
    condition.signal()
    condition.unlock()
  }

  private func work() {
    while true {
      condition.lock()
      while head == jobs.count { condition.wait() }
      let job = jobs[head]
      head += 1
      if head == jobs.count {
        jobs.removeAll(keepingCapacity: true)
        head = 0
      }
      condition.unlock()
      job()
    }
  }
}

/// Sends `$/progress` for one token; does nothing without a token. Reports are throttled to whole percents.
/// `@unchecked Sendable` is safe: `lastPercent` is guarded by `lock`; the rest is immutable.
/// A flag set once, read from any thread.
final class LockedFlag: @unchecked Sendable {
  // `@unchecked Sendable` is safe: `value` is only read and written with `lock` held.
  private let lock = NSLock()
  private var value: Bool

  init(_ value: Bool) { self.value = value }

  var isSet: Bool { lock.withLock { value } }

  func set() { lock.withLock { value = true } }
}

final class ProgressReporter: @unchecked Sendable {
  private let sink: any MessageSink
  private let token: JSONValue?
  private let lock = NSLock()
  private var lastPercent = -1

  init(sink: any MessageSink, token: JSONValue?) {
    self.sink = sink
    self.token = token
  }

  private func send(_ value: JSONValue) {
    guard let token else { return }
    sink.send(.notification(method: "$/progress", params: ["token": token, "value": value]))
  }

  func begin(_ title: String) {
    send(["kind": "begin", "title": .string(title), "cancellable": false, "percentage": 0])
  }

  func report(_ done: Int, _ total: Int) {
    let percent = total == 0 ? 100 : done * 100 / total
    let changed = lock.withLock { () -> Bool in
      if percent == lastPercent { return false }
      lastPercent = percent
      return true
    }
    if changed { send(["kind": "report", "message": .string("\(done)/\(total)"), "percentage": .int(percent)]) }
  }

  /// A report with a message only: a step after the files, whose length is not known in advance.
  func say(_ message: String) {
    send(["kind": "report", "message": .string(message)])
  }

  func end(_ message: String) {
    send(["kind": "end", "message": .string(message)])
  }
}
