import Foundation
import PolicyLint

// The executable only parses arguments and picks a command; the work is done in the libraries.

/// Each subcommand: its name, a one-line summary for `--help`, and the function that runs it.
let commands: [(name: String, summary: String, run: ([String]) -> Int32)] = [
  ("check", "check drafts against the corpus (for CI and the shell)", CheckCommand.run),
  ("corpus", "inspect the corpus: `corpus list` shows each document's date and title", CorpusCommand.run),
  ("figures", "list every figure in a draft: text, value, unit, subject and range", FiguresCommand.run),
  ("pack", "regenerate the built-in reference pack from a corpus", PackCommand.run),
  ("rules", "list the rules with their codes, severities and rationale", RulesCommand.run),
  ("serve", "run the language server over stdio (LSP 3.17), for editors", ServeCommand.run),
  ("slogans", "list canonical formulations with evidence, disputed forms and stale candidates", SlogansCommand.run),
]

let usage = """
  policylint \(PolicyLintVersion.string): a linter and language server for Chinese policy drafts.

  Usage: policylint <command> [options]

  Commands:
  \(commands.map { "  " + $0.name.padding(toLength: 9, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

  Run `policylint <command> --help` for a command's options.
  """

let arguments = Array(CommandLine.arguments.dropFirst())
guard let first = arguments.first else {
  Console.error(usage)
  exit(2)
}
switch first {
case "--help", "-h", "help":
  Console.out(usage)
  exit(0)
case "--version", "-V":
  Console.out("policylint \(PolicyLintVersion.string)")
  exit(0)
default:
  guard let command = commands.first(where: { $0.name == first }) else {
    Console.error("policylint: unknown command '\(first)'; commands: \(commands.map(\.name).joined(separator: ", "))")
    exit(2)
  }
  exit(command.run(Array(arguments.dropFirst())))
}
