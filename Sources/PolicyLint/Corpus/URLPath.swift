import Foundation

/// File path and URI helpers.
public enum URLPath {
  /// Absolute, standardized path with symbolic links resolved.
  public static func resolve(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// A `file://` URI for a path, percent-encoded.
  public static func uri(forPath path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.absoluteString
  }

  /// The path of a `file://` URI, or nil for other schemes.
  public static func path(forURI uri: String) -> String? {
    guard let url = URL(string: uri), url.isFileURL else { return nil }
    return url.path
  }
}
