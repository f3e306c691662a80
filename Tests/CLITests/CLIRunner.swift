import Foundation
import XCTest

/// Runs the built `policylint` executable and captures its output.
enum CLI {
  /// Exit status and output of one run.
  typealias Result = Subprocess.Result

  /// The directory holding the built products (the executable sits beside the test bundle).
  static var productsDirectory: URL {
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
      return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
  }

  static var executable: URL { productsDirectory.appendingPathComponent("policylint") }

  /// Runs `policylint args…` with optional stdin, in `directory`.
  static func run(_ args: [String], stdin: Data? = nil, directory: URL? = nil, environment: [String: String] = [:]) throws -> Result {
    // A generous bound: the slowest CLI test (a 20 MB draft in a debug build) takes well under a minute.
    try Subprocess.run(executable, args, directory: directory, environment: environment, stdin: stdin, timeout: 900)
  }
}

/// Holds data written by one thread and read by another after a `DispatchGroup.wait()`.
/// `@unchecked Sendable` is safe: the lock guards every access.
final class DataBox: @unchecked Sendable {
  private var data = Data()
  private let lock = NSLock()
  func set(_ d: Data) { lock.withLock { data = d } }
  func get() -> Data { lock.withLock { data } }
}
