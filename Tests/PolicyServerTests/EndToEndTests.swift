import Foundation
import XCTest

/// Runs the end-to-end tests in `Tests/e2e` with real LSP clients (pytest-lsp, headless Neovim) against the
/// built `policylint` executable. `.ci/run` installs the clients into a venv and exports POLICYLINT_VENV;
/// without it this test is skipped.
final class EndToEndTests: XCTestCase {
  private var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  private var executable: URL {
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("policylint")
    }
    return Bundle.main.bundleURL.appendingPathComponent("policylint")
  }

  func testRealClientsPassTheEndToEndSuite() throws {
    guard let venv = ProcessInfo.processInfo.environment["POLICYLINT_VENV"], !venv.isEmpty else {
      throw XCTSkip("POLICYLINT_VENV is not set; run .ci/run to install pytest-lsp and Neovim")
    }
    let python = URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
    guard FileManager.default.isExecutableFile(atPath: python.path) else {
      return XCTFail("POLICYLINT_VENV=\(venv) has no bin/python")
    }
    guard FileManager.default.isExecutableFile(atPath: executable.path) else {
      return XCTFail("the policylint executable is not built at \(executable.path)")
    }
    let e2e = packageRoot.appendingPathComponent("Tests/e2e")
    let p = Process()
    p.executableURL = python
    p.arguments = ["-m", "pytest", e2e.path, "-q", "-rs", "-p", "no:cacheprovider"]
    p.currentDirectoryURL = e2e
    var env = ProcessInfo.processInfo.environment
    env["POLICYLINT_BIN"] = executable.path
    p.environment = env
    let output = Pipe()
    p.standardOutput = output
    p.standardError = output
    try p.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    print(text)
    XCTAssertEqual(p.terminationStatus, 0, "pytest failed:\n\(text)")
  }
}
