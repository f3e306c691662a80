import Foundation
import XCTest

/// Runs the built `policylint` executable and captures its output.
enum CLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

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
    let p = Process()
    p.executableURL = executable
    p.arguments = args
    if let directory { p.currentDirectoryURL = directory }
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(stdin) }
    try input.fileHandleForWriting.close()
    // Read both pipes concurrently so a full pipe cannot block the child.
    let errBox = DataBox()
    let group = DispatchGroup()
    group.enter()
    let errHandle = err.fileHandleForReading
    DispatchQueue.global().async {
      errBox.set(errHandle.readDataToEndOfFile())
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    let errData = errBox.get()
    p.waitUntilExit()
    return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
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
