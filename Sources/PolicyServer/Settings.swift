import Foundation
import JSONRPC
import PolicyLint

/// The client's settings: `initializationOptions`, then `workspace/didChangeConfiguration` and
/// `workspace/configuration` (section `policylint`), each overlaid on the last. The keys are those of
/// `.policylint.json`, described by `protocol/settings.schema.json`.
struct ClientSettings: Sendable {
  /// `initializationOptions`, parsed.
  var initial = Configuration()
  /// The latest non-empty settings the client pushed or returned.
  var latest = Configuration()

  /// What the client asks for: later sources win key by key.
  var effective: Configuration { initial.merged(with: latest) }

  /// The `policylint` settings object inside whatever a client sent, or nil when there is nothing.
  ///
  /// Clients send `{"policylint": {…}}`, the bare object, `null`, or `{}` (eglot sends empty settings right
  /// after opening a file): only an object with at least one key counts, so empty settings never wipe
  /// the configuration.
  static func section(in value: JSONValue?) -> [String: JSONValue]? {
    guard let object = value?.objectValue else { return nil }
    if let inner = object["policylint"] {
      guard let o = inner.objectValue, !o.isEmpty else { return nil }
      return o
    }
    let known = Set(Configuration.knownKeys)
    guard !object.isEmpty, object.keys.contains(where: known.contains) else { return nil }
    return object
  }

  /// Parses a settings object; relative paths are resolved against the workspace root.
  static func parse(_ object: [String: JSONValue], source: String, root: String?) -> (
    Configuration, [ConfigurationIssue]
  ) {
    Configuration.parse(JSONValue.object(object).foundationObject, source: source, baseDirectory: root)
  }
}

/// `.policylint.json` files, read once and cached until one changes on disk.
struct ConfigurationFiles {
  private var byDirectory: [String: String?] = [:]
  private var byFile: [String: (Configuration, [ConfigurationIssue])] = [:]

  /// Forgets everything (a configuration file was created, changed or deleted).
  mutating func invalidate() {
    byDirectory = [:]
    byFile = [:]
  }

  /// The configuration file that applies to a draft at `path`, as the CLI finds it: the nearest
  /// `.policylint.json` above it.
  mutating func configuration(forDraftAt path: String?) -> (
    path: String, config: Configuration, issues: [ConfigurationIssue], error: String?
  )? {
    guard let path else { return nil }
    let dir = (path as NSString).deletingLastPathComponent
    let found: String?
    if let cached = byDirectory[dir] {
      found = cached
    } else {
      found = Configuration.find(from: dir)
      byDirectory[dir] = found
    }
    guard let file = found else { return nil }
    if let cached = byFile[file] { return (file, cached.0, cached.1, nil) }
    do {
      let loaded = try Configuration.load(file: file)
      byFile[file] = loaded
      return (file, loaded.0, loaded.1, nil)
    } catch {
      byFile[file] = (Configuration(), [])
      return (file, Configuration(), [], error.description)
    }
  }
}
