/// The tool's version, reported by `--version`, SARIF and `initialize`.
public enum PolicyLintVersion {
  /// Semantic version.
  public static let string = "0.1.0"
}
