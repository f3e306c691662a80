import Foundation
import PolicyLint

/// `policylint pack`: regenerates the built-in reference pack (a Swift source file of derived facts).
enum PackCommand {
  static let help = """
    Usage: policylint pack --corpus DIR [--manifest FILE] [--output FILE]

    Derives the facts the checks use (titles, dates, fingerprints, figures, formulations) from a corpus and
    writes them as Swift source to compile into the binary. No document text is copied.
    Default output: Sources/PolicyLint/ReferencePack/ReferencePackData.swift. Rebuild afterwards.
    """

  static func run(_ args: [String]) -> Int32 {
    if args.contains("--help") || args.contains("-h") {
      Console.out(help)
      return 0
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(args, valued: ["--corpus", "--manifest", "--output"], flagNames: [])
    } catch {
      Console.error("policylint pack: \(error.message)")
      return 2
    }
    guard let corpus = parsed.values["--corpus"] else {
      Console.error("policylint pack: --corpus DIR is required")
      return 2
    }
    let output = parsed.values["--output"] ?? "Sources/PolicyLint/ReferencePack/ReferencePackData.swift"
    do {
      let provided = try CorpusProvider.load(directory: corpus, manifest: parsed.values["--manifest"])
      for w in provided.warnings { Console.error("policylint: warning: \(w)") }
      let pack = ReferencePack(index: provided.index, generatedFrom: "\(provided.index.documents.count) documents")
      let source = ReferencePack.swiftSource(for: try pack.encoded())
      try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
      Console.error("policylint pack: wrote \(output) (\(source.utf8.count) bytes from \(provided.index.documents.count) documents)")
      return 0
    } catch let e as PolicyLintError {
      Console.error("policylint pack: \(e.description)")
      return 2
    } catch {
      Console.error("policylint pack: \(error)")
      return 2
    }
  }
}
