/// Errors the engine reports to people: each names the file and the problem.
public enum PolicyLintError: Error, Sendable, Equatable, CustomStringConvertible {
  case notFound(path: String)
  case unreadable(path: String, reason: String)
  case notText(path: String, reason: String)
  case tooLarge(path: String, bytes: Int, limit: Int)
  case invalidConfiguration(path: String, reason: String)
  case invalidManifest(path: String, reason: String)
  case invalidRegistry(path: String, reason: String)
  case usage(String)

  public var description: String {
    switch self {
    case .notFound(let p): return "\(p): no such file or directory"
    case .unreadable(let p, let r): return "\(p): \(r)"
    case .notText(let p, let r): return "\(p): \(r)"
    case .tooLarge(let p, let b, let l):
      return "\(p): file is \(b) bytes, larger than the limit of \(l) bytes (set POLICYLINT_MAX_FILE_BYTES to raise it)"
    case .invalidConfiguration(let p, let r): return "\(p): invalid configuration: \(r)"
    case .invalidManifest(let p, let r): return "\(p): invalid corpus manifest: \(r)"
    case .invalidRegistry(let p, let r): return "\(p): invalid slogan registry: \(r)"
    case .usage(let m): return m
    }
  }
}
