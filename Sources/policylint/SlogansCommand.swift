import Foundation
import PolicyLint

/// `policylint slogans`: the canonical formulations the corpus yields, with evidence and dates, the places
/// where corpus documents disagree, stale candidates, and the registry in force.
enum SlogansCommand {
  static let help = """
    Usage: policylint slogans [--corpus DIR] [--manifest FILE] [--registry FILE] [--config FILE] [--format text|json]

    Lists the canonical formulations mined from the corpus (quoted formulations, numbered slogans with their
    members, titles, clauses that recur in independent documents), each with its documents, first and last
    use; the forms corpus documents disagree on and which one the evidence supports; formulations that look
    stale because a sibling replaced them in later documents; and the registry entries in force (bundled
    plus the workspace file). Without --corpus, lists the built-in reference pack.
    Exit status 2 when the registry file is invalid (the message names the entry).
    """

  static func run(_ args: [String]) -> Int32 {
    if args.contains("--help") || args.contains("-h") {
      Console.out(help)
      return 0
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(
        args, valued: ["--corpus", "--manifest", "--registry", "--config", "--format"], flagNames: [])
    } catch {
      Console.error("policylint slogans: \(error.message); see `policylint slogans --help`")
      return 2
    }
    guard var configuration = CommandSupport.configuration(
      parsed, from: FileManager.default.currentDirectoryPath, command: "slogans")
    else { return 2 }
    if let r = parsed.values["--registry"] { configuration.registry = URLPath.resolve(r) }
    guard let provided = CommandSupport.corpus(parsed, configuration, command: "slogans") else { return 2 }
    let draftPath = FileManager.default.currentDirectoryPath + "/draft.txt"
    let (loaded, problem) = RegistryProvider.registry(configuration: configuration, draftPath: draftPath)
    if let problem {
      Console.error("policylint slogans: \(problem.description)")
      return 2
    }
    let index = provided.index.formulations
    let documents = provided.index.documents.map(\.info)
    func name(_ id: Int) -> String { id < documents.count ? documents[id].name : "#\(id)" }
    let candidates = index.staleCandidates()
    switch parsed.values["--format"] ?? "text" {
    case "json":
      struct Out: Encodable {
        var origin: String
        var documents: [DocumentInfo]
        var formulations: [FormulationLine]
        var disputes: [DisputeLine]
        var staleCandidates: [StaleCandidate]
        var registry: [RegistryLine]
      }
      // Each use with its document's date and rank (the index keeps those per document, not per use).
      struct UseLine: Encodable {
        var document: Int
        var date: SimpleDate
        var rank: Int
        var count: Int
        var range: Range<Int>
      }
      struct FormulationLine: Encodable {
        var text: String
        var kind: FormulationIndex.Kind
        var members: [String]
        var uses: [UseLine]
      }
      struct DisputeLine: Encodable {
        var weak: String
        var strong: String
        var weakUses: [UseLine]
        var strongUses: [UseLine]
        var wholeClause: Bool
      }
      func lines(_ uses: [FormulationIndex.Use]) -> [UseLine] {
        uses.map {
          UseLine(
            document: $0.document, date: index.date(of: $0), rank: index.rank(of: $0), count: $0.count,
            range: $0.range)
        }
      }
      struct RegistryLine: Encodable {
        var id: String
        var kind: String
        var text: String
        var changed: SimpleDate?
        var source: String
      }
      let registry = loaded.registry.entries.map {
        RegistryLine(
          id: $0.id, kind: $0.kind.rawValue,
          text: $0.text ?? $0.patterns.first ?? (($0.prefix ?? "") + "…" + ($0.suffix ?? "")),
          changed: $0.changed, source: $0.source)
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      let out = Out(
        origin: provided.index.origin, documents: documents,
        formulations: index.formulations.map {
          FormulationLine(text: $0.text, kind: $0.kind, members: $0.members, uses: lines($0.uses))
        },
        disputes: index.disputes.map {
          DisputeLine(
            weak: $0.weak, strong: $0.strong, weakUses: lines($0.weakUses), strongUses: lines($0.strongUses),
            wholeClause: $0.wholeClause)
        },
        staleCandidates: candidates, registry: registry)
      guard let data = try? encoder.encode(out) else { return 2 }
      Console.out(String(decoding: data, as: UTF8.self))
    case "text":
      Console.out("corpus: \(provided.index.origin) (\(documents.count) documents)")
      for kind in FormulationIndex.Kind.allCases {
        let list = index.formulations.filter { $0.kind == kind }.sorted { ($0.count, $0.text) > ($1.count, $1.text) }
        guard !list.isEmpty else { continue }
        Console.out("\n\(kind.rawValue) (\(list.count)):")
        for f in list {
          let (first, last) = (index.firstUse(of: f), index.lastUse(of: f))
          let span =
            first == last
            ? "\(first.map { "\($0)" } ?? "")"
            : "\(first.map { "\($0)" } ?? "")..\(last.map { "\($0)" } ?? "")"
          let uses = f.uses.map { "\(name($0.document))×\($0.count)" }.joined(separator: ", ")
          Console.out("  「\(f.text)」 ×\(f.count)  \(span)  \(uses)")
          if !f.members.isEmpty && kind != .list { Console.out("      members: \(f.members.joined(separator: "、"))") }
        }
      }
      if !index.disputes.isEmpty {
        Console.out("\ndisputed forms (the stronger evidence wins):")
        for d in index.disputes {
          let strong = d.strongUses.map { "\(name($0.document)) rank \(index.rank(of: $0))" }.joined(separator: ", ")
          let weak = d.weakUses.map { "\(name($0.document)) rank \(index.rank(of: $0))" }.joined(separator: ", ")
          Console.out("  「\(d.strong)」 (\(strong))  over  「\(d.weak)」 (\(weak))")
        }
      }
      Console.out("\nstale candidates (a sibling replaced the form in later documents):")
      if candidates.isEmpty { Console.out("  none in this corpus") }
      for c in candidates {
        Console.out("  「\(c.old)」 last used \(c.lastUse) → 「\(c.new)」 first used \(c.firstUse)")
      }
      Console.out(
        "\nregistry: \(loaded.registry.origin) (\(loaded.registry.entries.count) entries, every entry's tests passed)")
      for e in loaded.registry.entries {
        let what = e.text ?? e.patterns.joined(separator: " / ")
        let shown =
          e.kind == .sequence
          ? (e.prefix ?? "") + e.items.map(\.text).joined(separator: e.separator) + (e.suffix ?? "") : what
        Console.out("  \(e.id) [\(e.kind.rawValue)] \(shown)\(e.changed.map { " (changed \($0))" } ?? "")")
      }
    case let other:
      Console.error("policylint slogans: unknown format '\(other)'; use text or json")
      return 2
    }
    return 0
  }
}
