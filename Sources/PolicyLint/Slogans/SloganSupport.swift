import Foundation
import PolicyText

/// A registry ready for the checks: the entries and the search structures derived from them.
public struct LoadedRegistry: Sendable {
  /// The entries.
  public let registry: SloganRegistry
  let stale: StaleFinder
  let canonical: CanonicalSet

  init(_ registry: SloganRegistry) {
    self.registry = registry
    stale = StaleFinder(registry: registry)
    canonical = CanonicalSet.registry(registry)
  }
}

/// Finds and caches the registry that applies to a draft: the bundled one, overlaid with the workspace's
/// file (`registry` in configuration, else `.policylint-registry.json` in the directory of the nearest
/// `.policylint.json`, or nearer to the draft).
public enum RegistryProvider {
  /// The file name looked for next to `.policylint.json`.
  public static let defaultFileName = ".policylint-registry.json"

  /// The bundled registry, prepared once. It is validated by its own tests; if that ever fails the checks
  /// run without it and report why.
  static let bundled: Result<LoadedRegistry, PolicyLintError> = SloganRegistry.bundled.map(LoadedRegistry.init)

  /// The registry for a draft, or the error that kept the workspace file from loading (then the bundled
  /// registry alone is used).
  public static func registry(configuration: Configuration, draftPath: String) -> (LoadedRegistry, PolicyLintError?) {
    let base: LoadedRegistry
    var problem: PolicyLintError?
    switch bundled {
    case .success(let r): base = r
    case .failure(let e):
      base = LoadedRegistry(SloganRegistry(entries: [], origin: "empty"))
      problem = e
    }
    guard let path = configuration.registry ?? workspaceFile(near: draftPath) else { return (base, problem) }
    switch cache.registry(at: path, over: base) {
    case .success(let r): return (r, problem)
    case .failure(let e): return (base, e)
    }
  }

  /// `.policylint-registry.json` in the draft's directory or above, stopping at the directory that holds
  /// `.policylint.json`.
  static func workspaceFile(near draftPath: String) -> String? {
    var dir = URL(fileURLWithPath: draftPath).deletingLastPathComponent().standardizedFileURL
    let fm = FileManager.default
    for _ in 0..<64 {
      let candidate = dir.appendingPathComponent(defaultFileName).path
      if fm.fileExists(atPath: candidate) { return candidate }
      if fm.fileExists(atPath: dir.appendingPathComponent(".policylint.json").path) { return nil }
      let parent = dir.deletingLastPathComponent()
      if parent.path == dir.path { return nil }
      dir = parent
    }
    return nil
  }

  static let cache = RegistryCache()
}

/// Workspace registries by path, reloaded when the file changes (size or modification time).
///
/// `@unchecked Sendable` is safe: the dictionary is only touched while holding `lock`.
final class RegistryCache: @unchecked Sendable {
  private struct Stamp: Equatable {
    var size: Int
    var modified: Date?
  }

  private var entries: [String: (Stamp, Result<LoadedRegistry, PolicyLintError>)] = [:]
  private let lock = NSLock()

  func registry(at path: String, over base: LoadedRegistry) -> Result<LoadedRegistry, PolicyLintError> {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let stamp = Stamp(size: (attributes?[.size] as? Int) ?? -1, modified: attributes?[.modificationDate] as? Date)
    if let (s, r) = lock.withLock({ entries[path] }), s == stamp { return r }
    let result = Result { () throws(PolicyLintError) -> LoadedRegistry in
      LoadedRegistry(base.registry.overlaid(with: try SloganRegistry.load(path: path)))
    }
    lock.withLock { entries[path] = (stamp, result) }
    return result
  }
}

/// Helpers the slogan checks share.
enum SloganSupport {
  /// The date a draft is judged at. A corpus document checked as a draft has no dateline under a title
  /// more often than not; its corpus date (manifest or adoption note) is better than today.
  static func date(_ context: CheckContext) -> (SimpleDate, String) {
    guard context.draft.dateSource == "today" else { return (context.draft.date, context.draft.dateSource) }
    if let id = context.draft.corpusDocumentID, id < context.corpus.documents.count {
      let info = context.corpus.documents[id].info
      return (info.date, "语料日期，\(info.dateSource)")
    }
    if let (d, line) = dateline(context.draft.text) { return (d, "dateline \(line)") }
    return (context.draft.date, "今天")
  }

  /// Where a draft's date came from (`DraftDocument.dateSource`, `date(_:)`), told in Chinese for messages:
  /// `dateline “(2023年12月30日)”` → `据文首日期「（2023年12月30日）」`.
  static func describe(dateSource source: String) -> String {
    func quoted(after prefix: String) -> String {
      var rest = String(source.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
      if rest.hasPrefix("“") && rest.hasSuffix("”") { rest = String(rest.dropFirst().dropLast()) }
      return "「\(SloganText.displayed(rest))」"
    }
    if source.hasPrefix("dateline at the end") { return "据文末日期" + quoted(after: "dateline at the end") }
    if source.hasPrefix("dateline") { return "据文首日期" + quoted(after: "dateline") }
    if source.hasPrefix("adoption note") { return "据题注" + quoted(after: "adoption note") }
    switch source {
    case "--date": return "据 --date 参数"
    case "configuration": return "据配置文件"
    case "today", "今天": return "稿中未写日期，按今天计"
    default: return source.hasPrefix("corpus") ? "据语料所记日期" : source
    }
  }

  /// A date alone on one of the first lines of the original text, `（2023年11月27日）`. The matching view
  /// joins a title ending in `）` with the dateline under it, so the lines are read here one by one.
  static func dateline(_ text: SourceText) -> (SimpleDate, String)? {
    for line in 0..<min(text.lines.lineCount, 8) {
      let raw = text.lineString(line).trimmingBlanks()
      let count = raw.unicodeScalars.count
      guard count >= 8 && count <= 20 else { continue }
      let view = MatchingView(SourceText(raw))
      var s = view.scalars
      if s.first == "(" && s.last == ")" { s = Array(s.dropFirst().dropLast()) }
      guard s.last == "日" || s.last == "号" else { continue }
      let inner = MatchingView(SourceText(scalars: s))
      if let found = DateInference.fullDates(in: inner).first, found.viewRange == 0..<inner.count {
        return (found.date, raw)
      }
    }
    return nil
  }

  /// The registry for the draft in `context`.
  static func registry(_ context: CheckContext) -> (LoadedRegistry, PolicyLintError?) {
    RegistryProvider.registry(configuration: context.configuration, draftPath: context.draft.path)
  }

  /// `《title》（2023-11-20）` for a corpus document, titled by the article holding original offset `at`
  /// when it is given (`CorpusDocument.title(at:)`).
  static func citation(_ id: Int, _ corpus: CorpusIndex, at offset: Int? = nil) -> String {
    guard id >= 0, id < corpus.documents.count else { return "文件#\(id)" }
    let doc = corpus.documents[id]
    return offset.map { doc.citation(at: $0) } ?? doc.info.citation
  }

  /// Evidence for uses of a form: placed in the corpus document when its text is at hand.
  static func evidence(_ uses: [FormulationIndex.Use], _ form: String, _ corpus: CorpusIndex, limit: Int = 5)
    -> [Evidence]
  {
    uses.prefix(limit).map { u in
      let message =
        "\(citation(u.document, corpus, at: u.range.lowerBound))作「\(form)」" + (u.count > 1 ? "（\(u.count)次）" : "")
      if u.document < corpus.documents.count, corpus.documents[u.document].hasText {
        return Evidence(location: .corpus(document: u.document, range: u.range), message: message)
      }
      return Evidence(location: .document(u.document), message: message)
    }
  }

  /// `用过3次，见2份文件，最早2022-11-29，最近2023-11-20`; the dates of documents in `undated` (dated only by
  /// their file's time) are not the texts' and are left out of the span.
  static func summary(_ uses: [FormulationIndex.Use], _ index: FormulationIndex, undated: Set<Int> = []) -> String {
    guard !uses.isEmpty else { return "" }
    let count = uses.reduce(0) { $0 + $1.count }
    let head = "语料中用过\(count)次，见\(uses.count)份文件"
    let dates = uses.filter { !undated.contains($0.document) }.map(index.date(of:))
    guard let first = dates.min(), let last = dates.max() else { return head }
    return head + "，" + (first == last ? "\(first)" : "最早\(first)，最近\(last)")
  }
}
