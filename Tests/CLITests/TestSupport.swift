import Foundation
import XCTest

/// Paths of the package and of `../shared`, for CLI tests.
enum Paths {
  /// The package root (three levels above this file).
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static var shared: URL {
    if let env = ProcessInfo.processInfo.environment["POLICYLINT_SHARED"] { return URL(fileURLWithPath: env) }
    return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  }

  static var corpus: URL { shared.appendingPathComponent("corpus") }
  static var samples: URL { shared.appendingPathComponent("samples") }
  static var sarifSchema: URL { shared.appendingPathComponent("schemas/sarif-schema-2.1.0.json") }
  static var checkOutputSchema: URL { packageRoot.appendingPathComponent("protocol/check-output.schema.json") }
  static var manifest: URL { packageRoot.appendingPathComponent("Tests/Fixtures/shared-corpus-manifest.json") }
  static var drafts: URL { packageRoot.appendingPathComponent("Tests/Fixtures/drafts") }

  /// Skips the test when `../shared/corpus` is absent.
  static func requireShared() throws {
    guard FileManager.default.fileExists(atPath: corpus.path) else {
      throw XCTSkip("../shared/corpus is not present; skipping a test that needs the reference corpus")
    }
  }
}

/// Validates JSON against a JSON Schema with Python's `jsonschema`, from the venv `.ci/run` creates.
enum SchemaValidator {
  /// The venv's Python, or a skip when `POLICYLINT_VENV` is unset (`.ci/run` sets it).
  static func python() throws -> URL {
    guard let venv = ProcessInfo.processInfo.environment["POLICYLINT_VENV"] else {
      throw XCTSkip("POLICYLINT_VENV is not set; run .ci/run (or create the venv) to validate against JSON Schemas")
    }
    let python = URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
    guard FileManager.default.isExecutableFile(atPath: python.path) else {
      throw XCTSkip("\(python.path) is missing; run .ci/run")
    }
    return python
  }

  /// Fails the test, with the validator's words, when `json` does not validate against `schema`.
  static func assertValid(_ json: String, schema: URL, file: StaticString = #filePath, line: UInt = #line) throws {
    let python = try python()
    guard FileManager.default.fileExists(atPath: schema.path) else { throw XCTSkip("no schema at \(schema.path)") }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-schema-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let instance = dir.appendingPathComponent("instance.json")
    try Data(json.utf8).write(to: instance)
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1], encoding="utf-8"))
      instance = json.load(open(sys.argv[2], encoding="utf-8"))
      cls = jsonschema.validators.validator_for(schema)
      errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(instance), key=lambda e: list(e.path))
      for e in errors[:5]:
          print("/".join(str(p) for p in e.absolute_path) + ": " + e.message[:300])
      sys.exit(1 if errors else 0)
      """
    let p = Process()
    p.executableURL = python
    p.arguments = ["-c", script, schema.path, instance.path]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0, "invalid against \(schema.lastPathComponent): \(String(decoding: data, as: UTF8.self))", file: file, line: line)
  }
}

/// A temporary directory removed when the value is released.
final class Scratch {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }

  @discardableResult
  func write(_ relative: String, _ data: Data) throws -> URL {
    let file = url.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: file)
    return file
  }

  @discardableResult
  func write(_ relative: String, _ text: String) throws -> URL { try write(relative, Data(text.utf8)) }

  func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
}

extension CLI.Result {
  /// Whether stderr looks like a crash rather than a message for people.
  var crashed: Bool {
    stderr.contains("Fatal error") || stderr.contains("Stack dump") || stderr.contains("Current stack trace")
      || status > 2 || status < 0
  }
}
