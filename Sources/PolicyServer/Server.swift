import JSONRPC
import PolicyLint

/// The LSP server. (Filled in by the server work.)
public enum PolicyServerInfo {
  /// Name reported in `initialize`.
  public static let name = "policylint"
}
