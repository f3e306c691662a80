import Foundation

/// Writes to stdout and stderr without buffering surprises.
enum Console {
  /// Writes a line to stdout.
  static func out(_ s: String) {
    write(s.hasSuffix("\n") ? s : s + "\n", to: FileHandle.standardOutput)
  }

  /// Writes text to stdout as is.
  static func raw(_ s: String) {
    write(s, to: FileHandle.standardOutput)
  }

  /// Writes a line to stderr.
  static func error(_ s: String) {
    write(s.hasSuffix("\n") ? s : s + "\n", to: FileHandle.standardError)
  }

  /// Whether stderr is a terminal (progress is shown only then).
  static var stderrIsTerminal: Bool { isatty(2) == 1 }

  /// Whether stdout is a terminal (colour is used only then).
  static var stdoutIsTerminal: Bool { isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

  private static func write(_ s: String, to handle: FileHandle) {
    handle.write(Data(s.utf8))
  }
}

/// A small argument parser: `--name value`, `--name=value`, flags, and positional arguments.
struct Arguments {
  var values: [String: String] = [:]
  var flags: Set<String> = []
  var positional: [String] = []

  /// Parses `args`; `valued` names options that take a value, `flagNames` those that do not.
  init(_ args: [String], valued: Set<String>, flagNames: Set<String>) throws(PolicyLintErrorBox) {
    var i = 0
    var onlyPositional = false
    while i < args.count {
      let a = args[i]
      if onlyPositional || a == "-" || !a.hasPrefix("-") {
        positional.append(a)
      } else if a == "--" {
        onlyPositional = true
      } else {
        var name = a
        var inline: String?
        if let eq = a.firstIndex(of: "=") {
          name = String(a[..<eq])
          inline = String(a[a.index(after: eq)...])
        }
        if valued.contains(name) {
          if let v = inline {
            values[name] = v
          } else {
            guard i + 1 < args.count else { throw PolicyLintErrorBox("option \(name) needs a value") }
            i += 1
            values[name] = args[i]
          }
        } else if flagNames.contains(name) {
          flags.insert(name)
        } else {
          throw PolicyLintErrorBox("unknown option '\(a)'")
        }
      }
      i += 1
    }
  }
}

/// A usage error with a message.
struct PolicyLintErrorBox: Error {
  let message: String
  init(_ message: String) { self.message = message }
}
