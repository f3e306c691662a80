// swift-tools-version:6.0
// policylint: a language server and command-line linter for Chinese policy drafts.
// Modules, from the bottom up (see README "How the pieces fit"):
//   PolicyText      - the text model: scalars, line table, matching view, decoding.
//   PolicyLint      - the analysis engine: corpus, checks, findings, configuration.
//   PolicyReporters - renders findings as text, JSON, SARIF and GitHub annotations.
//   JSONRPC         - JSON values and Content-Length framing; knows nothing of linting.
//   PolicyServer    - the LSP server: joins JSONRPC and PolicyLint.
//   policylint      - the executable: parses arguments and picks a command.
//   policylint-bench - the benchmark executable (not a test).
import PackageDescription

let package = Package(
  name: "policylint",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "policylint", targets: ["policylint"]),
    .executable(name: "policylint-bench", targets: ["policylint-bench"]),
    .library(name: "PolicyLint", targets: ["PolicyLint"]),
  ],
  targets: [
    .target(name: "PolicyText"),
    .target(name: "PolicyLint", dependencies: ["PolicyText"]),
    .target(name: "PolicyReporters", dependencies: ["PolicyLint", "PolicyText"]),
    .target(name: "JSONRPC"),
    .target(name: "PolicyServer", dependencies: ["JSONRPC", "PolicyLint", "PolicyText", "PolicyReporters"]),
    .executableTarget(
      name: "policylint",
      dependencies: ["PolicyLint", "PolicyText", "PolicyReporters", "PolicyServer", "JSONRPC"]
    ),
    .executableTarget(
      name: "policylint-bench",
      dependencies: ["PolicyLint", "PolicyText", "PolicyServer", "JSONRPC"]
    ),
    .testTarget(name: "PolicyTextTests", dependencies: ["PolicyText"]),
    .testTarget(name: "PolicyLintTests", dependencies: ["PolicyLint", "PolicyText"]),
    .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC"]),
    .testTarget(name: "PolicyServerTests", dependencies: ["PolicyServer", "JSONRPC", "PolicyLint", "PolicyText", "policylint"]),
    .testTarget(
      name: "CLITests",
      dependencies: ["policylint", "PolicyReporters", "PolicyLint", "PolicyText"]
    ),
  ]
)
