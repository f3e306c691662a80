import Foundation
import PolicyLint

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

/// Set-up shared by the commands that read configuration and a corpus.
enum CommandSupport {
  /// The configuration from `--config`, else the nearest `.policylint.json` above `start`; issues in it
  /// are printed as warnings. Nil (after printing why) when the file cannot be read.
  static func configuration(_ parsed: Arguments, from start: String, command: String) -> Configuration? {
    guard let path = parsed.values["--config"] ?? Configuration.find(from: start) else { return Configuration() }
    do {
      let (configuration, issues) = try Configuration.load(file: path)
      for issue in issues { Console.error("policylint: warning: \(issue)") }
      return configuration
    } catch {
      Console.error("policylint \(command): \(error.description)")
      return nil
    }
  }

  /// The corpus from `--corpus`/`--manifest`, else the configuration's, else the built-in pack; warnings are
  /// printed. Nil (after printing why) when it cannot be loaded.
  static func corpus(_ parsed: Arguments, _ configuration: Configuration, command: String) -> CorpusProvider.Provided? {
    do {
      let provided = try CorpusProvider.load(
        directory: parsed.values["--corpus"] ?? configuration.corpus,
        manifest: parsed.values["--manifest"] ?? configuration.manifest)
      for warning in provided.warnings { Console.error("policylint: warning: \(warning)") }
      return provided
    } catch {
      Console.error("policylint \(command): \(error.description)")
      return nil
    }
  }
}
