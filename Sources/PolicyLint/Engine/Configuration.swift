import Foundation

/// What a rule is set to in configuration.
public enum RuleSetting: Sendable, Hashable {
  case off
  case severity(Severity)
}

/// A problem in a configuration file or settings object, with the key's path.
public struct ConfigurationIssue: Sendable, Hashable, CustomStringConvertible {
  /// Where the settings came from (a file path, or `initializationOptions`).
  public let source: String
  /// JSON path of the key, e.g. `rules.duplicate/doubled`.
  public let keyPath: String
  /// What is wrong.
  public let problem: String

  public var description: String { "\(source): \(keyPath): \(problem)" }
}

/// Settings shared by `.policylint.json`, LSP `initializationOptions` and `workspace/configuration`.
/// The JSON Schema in `protocol/settings.schema.json` describes the same keys.
public struct Configuration: Sendable, Hashable {
  /// Corpus directory (absolute once resolved).
  public var corpus: String?
  /// Corpus manifest file (absolute once resolved).
  public var manifest: String?
  /// The draft's date, overriding its dateline.
  public var date: SimpleDate?
  /// Per-code or per-family (`duplicate/`) settings.
  public var rules: [String: RuleSetting] = [:]
  /// Named thresholds read by checks (see each check's `options`).
  public var thresholds: [String: Double] = [:]
  /// A user slogan registry file (absolute once resolved).
  public var registry: String?
  /// LSP language ids the server lints.
  public var languages: [String]?

  /// An empty configuration: every rule at its default.
  public init() {}

  /// The check families; a rule setting may name a family even before any of its checks is registered.
  public static let checkFamilies = ["duplicate", "figure", "slogan"]

  /// The keys this configuration understands, for error messages.
  public static let knownKeys = ["corpus", "manifest", "date", "rules", "thresholds", "registry", "languages"]

  /// The setting that applies to a code: the code itself, then its family (`duplicate/` or `duplicate`), then `*`.
  public func setting(for code: String) -> RuleSetting? {
    if let s = rules[code] { return s }
    let family = String(code.split(separator: "/").first ?? "")
    if let s = rules[family + "/"] ?? rules[family] ?? rules[family + "/*"] { return s }
    return rules["*"]
  }

  /// Whether a check runs: a check enabled by default unless its setting is `off`; an optional check only when
  /// its own code is set to a severity (a family or `*` setting does not switch optional checks on).
  public func isEnabled(_ d: CheckDescription) -> Bool {
    if d.enabledByDefault {
      if case .off = setting(for: d.code), d.alsoEmits.isEmpty { return false }
      return true
    }
    if case .severity = rules[d.code] { return true }
    return false
  }

  /// Overlays `other` on this configuration: keys `other` sets win.
  public func merged(with other: Configuration) -> Configuration {
    var result = self
    if let v = other.corpus { result.corpus = v }
    if let v = other.manifest { result.manifest = v }
    if let v = other.date { result.date = v }
    if let v = other.registry { result.registry = v }
    if let v = other.languages { result.languages = v }
    result.rules.merge(other.rules) { _, new in new }
    result.thresholds.merge(other.thresholds) { _, new in new }
    return result
  }

  /// Parses a settings object. Unknown keys and wrong types are reported with their path and skipped;
  /// relative paths are resolved against `baseDirectory`.
  public static func parse(_ object: Any, source: String, baseDirectory: String?) -> (Configuration, [ConfigurationIssue]) {
    var config = Configuration()
    var issues: [ConfigurationIssue] = []
    func issue(_ path: String, _ problem: String) {
      issues.append(ConfigurationIssue(source: source, keyPath: path, problem: problem))
    }
    guard let dict = object as? [String: Any] else {
      issue("$", "expected a JSON object")
      return (config, issues)
    }
    func resolve(_ path: String) -> String {
      let expanded = (path as NSString).expandingTildeInPath
      if expanded.hasPrefix("/") || baseDirectory == nil { return expanded }
      return URL(fileURLWithPath: baseDirectory!).appendingPathComponent(expanded).standardizedFileURL.path
    }
    let knownThresholds = Set(builtInChecks.flatMap { $0.description.options.map(\.key) })
    let knownCodes = Set(builtInChecks.flatMap { [$0.description.code] + $0.description.alsoEmits })
    let families = Set(knownCodes.compactMap { $0.split(separator: "/").first.map(String.init) } + checkFamilies)
    for (key, value) in dict.sorted(by: { $0.key < $1.key }) {
      switch key {
      case "corpus", "manifest", "registry":
        guard let s = value as? String else {
          if !(value is NSNull) { issue(key, "expected a path string") }
          continue
        }
        if s.isEmpty { continue }
        switch key {
        case "corpus": config.corpus = resolve(s)
        case "manifest": config.manifest = resolve(s)
        default: config.registry = resolve(s)
        }
      case "date":
        guard let s = value as? String else {
          if !(value is NSNull) { issue(key, "expected a date string YYYY-MM-DD") }
          continue
        }
        if s.isEmpty { continue }
        if let d = SimpleDate(iso: s) { config.date = d } else { issue(key, "\"\(s)\" is not a valid date YYYY-MM-DD") }
      case "languages":
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
          issue(key, "expected an array of language ids")
          continue
        }
        config.languages = list.compactMap { $0 as? String }
      case "thresholds":
        guard let t = value as? [String: Any] else {
          issue(key, "expected an object of numbers")
          continue
        }
        for (name, v) in t {
          guard knownThresholds.contains(name) else {
            issue("thresholds.\(name)", "unknown threshold; known: \(knownThresholds.sorted().joined(separator: ", "))")
            continue
          }
          guard let n = v as? NSNumber, !(v is Bool), n.doubleValue >= 0 else {
            issue("thresholds.\(name)", "expected a non-negative number")
            continue
          }
          config.thresholds[name] = n.doubleValue
        }
      case "rules":
        guard let r = value as? [String: Any] else {
          issue(key, "expected an object mapping codes to \"off\" or a severity")
          continue
        }
        for (code, v) in r {
          let trimmed = code.hasSuffix("/*") ? String(code.dropLast(2)) : code.hasSuffix("/") ? String(code.dropLast()) : code
          if code != "*" && !knownCodes.contains(code) && !families.contains(trimmed) {
            issue("rules.\(code)", "unknown rule code; see `policylint rules`")
            continue
          }
          var word: String?
          if let s = v as? String { word = s }
          if let b = v as? Bool, v is Bool { word = b ? "default" : "off" }
          if let o = v as? [String: Any] {
            if let s = o["severity"] as? String { word = s }
            if let e = o["enabled"] as? Bool, !e { word = "off" }
          }
          guard let w = word else {
            issue("rules.\(code)", "expected \"off\", \"error\", \"warning\", \"info\" or \"hint\"")
            continue
          }
          if w == "off" || w == "none" {
            config.rules[code] = .off
          } else if w == "default" {
            continue
          } else if let s = Severity(name: w) {
            config.rules[code] = .severity(s)
          } else {
            issue("rules.\(code)", "\"\(w)\" is not one of \"off\", \"error\", \"warning\", \"info\", \"hint\"")
          }
        }
      default:
        issue(key, "unknown key; known keys: \(knownKeys.joined(separator: ", "))")
      }
    }
    return (config, issues)
  }

  /// Reads a `.policylint.json` file.
  public static func load(file path: String) throws(PolicyLintError) -> (Configuration, [ConfigurationIssue]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "cannot read configuration file")
    }
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    } catch {
      throw .invalidConfiguration(path: path, reason: "not valid JSON: \(JSONErrorText.describe(error))")
    }
    return parse(object, source: path, baseDirectory: (path as NSString).deletingLastPathComponent)
  }

  /// Finds the nearest `.policylint.json` walking up from a file or directory.
  public static func find(from path: String) -> String? {
    var dir = URL(fileURLWithPath: path).standardizedFileURL
    var isDir: ObjCBool = false
    if !(FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir) && isDir.boolValue) {
      dir.deleteLastPathComponent()
    }
    while true {
      let candidate = dir.appendingPathComponent(".policylint.json").path
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent = dir.deletingLastPathComponent()
      if parent.path == dir.path { return nil }
      dir = parent
    }
  }
}

/// Turns Foundation's JSON errors into one line.
enum JSONErrorText {
  static func describe(_ error: Error) -> String {
    let ns = error as NSError
    if let detail = ns.userInfo["NSDebugDescription"] as? String { return detail }
    return ns.localizedDescription
  }
}
