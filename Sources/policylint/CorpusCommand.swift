import Foundation
import PolicyLint
import PolicyText

/// `policylint corpus list`: each document with its date, title and how they were found.
enum CorpusCommand {
  static let help = """
    Usage: policylint corpus list [--corpus DIR] [--manifest FILE] [--config FILE] [--format text|json]
           policylint corpus view FILE

    list  Lists the corpus documents with their dates, titles, authority ranks and where each fact came from
          (manifest, text, file time). Without --corpus (and no corpus in .policylint.json), lists the
          built-in reference pack. Files that cannot be read are named in warnings on stderr.
    view  Prints the matching view of a file: the text the checks read, with extraction noise folded away
          and one line per sentence boundary.
    """

  static func run(_ args: [String]) -> Int32 {
    if args.first == "view" { return view(Array(args.dropFirst())) }
    guard args.first == "list" else {
      if args.contains("--help") || args.contains("-h") {
        Console.out(help)
        return 0
      }
      Console.error("policylint corpus: expected `corpus list` or `corpus view FILE`; see `policylint corpus --help`")
      return 2
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(Array(args.dropFirst()), valued: ["--corpus", "--manifest", "--format", "--config"], flagNames: [])
    } catch {
      Console.error("policylint corpus list: \(error.message)")
      return 2
    }
    guard let configuration = CommandSupport.configuration(
      parsed, from: FileManager.default.currentDirectoryPath, command: "corpus list")
    else { return 2 }
    guard let provided = CommandSupport.corpus(parsed, configuration, command: "corpus list") else { return 2 }
    let infos = provided.index.documents.map(\.info)
    switch parsed.values["--format"] ?? "text" {
    case "json":
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      struct Out: Encodable {
        var origin: String
        var documents: [DocumentInfo]
      }
      guard let data = try? encoder.encode(Out(origin: provided.index.origin, documents: infos)) else { return 2 }
      Console.out(String(decoding: data, as: UTF8.self))
    case "text":
      Console.out("corpus: \(provided.index.origin) (\(infos.count) documents)")
      for i in infos {
        Console.out("\(i.date)  \(i.name)  《\(i.title)》")
        Console.out("            date: \(i.dateSource); title: \(i.titleSource); rank \(i.rank); \(i.encoding); \(i.characters) characters")
      }
    case let other:
      Console.error("policylint corpus list: unknown format '\(other)'; use text or json")
      return 2
    }
    return 0
  }

  /// `corpus view FILE`: prints the matching view, one view line per output line, so a user can see what
  /// the checks read after extraction noise is folded away.
  static func view(_ args: [String]) -> Int32 {
    guard let path = args.first, args.count == 1 else {
      Console.error("policylint corpus view: expected one FILE")
      return 2
    }
    do {
      let (string, _, _) = try CorpusLoader.readText(path)
      let v = MatchingView(SourceText(string))
      Console.raw(v.string(0..<v.count) + "\n")
      return 0
    } catch {
      Console.error("policylint corpus view: \(error.description)")
      return 2
    }
  }
}
