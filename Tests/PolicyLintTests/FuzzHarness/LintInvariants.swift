import Foundation
import PolicyLint
import PolicyText

/// The invariants of a whole lint of arbitrary text, checked on arbitrary bytes.
///
/// Compiled into `PolicyLintTests` (the fuzz-regression tests replay committed inputs through it) and into
/// the libFuzzer binary built by `Tests/Fuzz/run.sh`. The input is split at NUL bytes: the first part is
/// the draft, the others (if any) form a small corpus of their own, so index building over hostile corpus
/// text is fuzzed too. The draft is linted against that corpus and against a fixed reference corpus.
enum LintInvariants {
  /// The date drafts are judged at when they state none, fixed so a replay does exactly what the fuzzer did.
  static let today = SimpleDate(year: 2024, month: 3, day: 1)

  /// The fixed reference corpus: the directory in `POLICYLINT_FUZZ_CORPUS` when set and readable (run.sh
  /// points it at ../shared/corpus), else the built-in reference pack, else an empty corpus.
  static func referenceCorpus(directory: String?) -> CorpusIndex {
    if let directory, let loaded = try? CorpusLoader.load(directory: directory) {
      return CorpusIndex(documents: loaded.documents, origin: directory)
    }
    if let pack = try? ReferencePack.builtIn() { return pack.index }
    return .empty
  }

  /// Lints the draft in `bytes` and returns one line per broken invariant.
  static func check(bytes: [UInt8], reference: CorpusIndex) -> [String] {
    let parts = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    let draftString = parts.first ?? ""
    var problems: [String] = []
    let documents = parts.dropFirst().prefix(8).enumerated().map { k, text in
      CorpusDocument.inMemory(text, name: "doc\(k).txt", id: k, date: SimpleDate(year: 2023, month: 1 + k % 12, day: 1))
    }
    for document in documents {
      problems += checkDocument(document)
    }
    let corpora =
      documents.isEmpty ? [reference] : [reference, CorpusIndex(documents: documents, origin: "fuzz input")]
    for corpus in corpora {
      problems += checkLint(draftString, corpus: corpus)
    }
    return problems
  }

  /// A corpus document's view and facts agree with its text.
  static func checkDocument(_ document: CorpusDocument) -> [String] {
    guard let text = document.text, let view = document.view else { return ["in-memory document without text"] }
    var problems: [String] = []
    if document.info.characters != text.count {
      problems.append("document characters \(document.info.characters) != \(text.count)")
    }
    if view.originalCount != text.count {
      problems.append("document view counts \(view.originalCount) != \(text.count)")
    }
    return problems
  }

  /// Runs every check directly (so a range the engine would clamp still counts as a problem) and through
  /// the `Linter`, and checks ranges, evidence, fixes, order and determinism.
  static func checkLint(_ string: String, corpus: CorpusIndex) -> [String] {
    var problems: [String] = []
    let text = SourceText(string)
    let n = text.count
    let configuration = Configuration()
    let draft = DraftDocument(
      path: "/fuzz/draft.txt", text: text, configuration: configuration, corpus: corpus, today: today)
    let context = CheckContext(draft: draft, corpus: corpus, configuration: configuration)
    for check in builtInChecks {
      let description = check.description
      let codes = Set([description.code] + description.alsoEmits)
      for finding in check.init().run(context) {
        let where_ = "\(description.code) → \(finding.code) at \(finding.range)"
        if !codes.contains(finding.code) { problems.append("\(where_): code not declared by the check") }
        problems += checkFinding(finding, textCount: n, corpus: corpus, label: where_)
      }
    }
    let linter = Linter(corpus: corpus)
    let first = linter.lint(draft, configuration: configuration)
    let second = linter.lint(draft, configuration: configuration)
    if first != second { problems.append("linting the same draft twice gave different findings") }
    for (k, finding) in first.enumerated() {
      problems += checkFinding(finding, textCount: n, corpus: corpus, label: "lint \(finding.code) at \(finding.range)")
      if k > 0 {
        let a = first[k - 1].range
        let b = finding.range
        if (a.lowerBound, a.upperBound) > (b.lowerBound, b.upperBound) {
          problems.append("findings out of order at \(k)")
        }
      }
      // Every range converts to positions in every encoding and back, as a client would receive it.
      for encoding in PositionEncoding.allCases {
        let r = text.lines.range(of: finding.range, in: encoding)
        let lower = text.lines.clampedScalarIndex(of: r.start, in: encoding)
        let upper = text.lines.clampedScalarIndex(of: r.end, in: encoding)
        if lower > upper || upper > n {
          problems.append("\(finding.code) \(finding.range) → \(r) \(encoding) → \(lower)..<\(upper)")
        }
      }
    }
    return problems
  }

  static func checkFinding(_ finding: Finding, textCount n: Int, corpus: CorpusIndex, label: String) -> [String] {
    var problems: [String] = []
    if finding.range.lowerBound < 0 || finding.range.upperBound > n {
      problems.append("\(label): range outside the draft of \(n) scalars")
    }
    if finding.message.isEmpty { problems.append("\(label): empty message") }
    for evidence in finding.related {
      switch evidence.location {
      case .draft(let r):
        if r.lowerBound < 0 || r.upperBound > n { problems.append("\(label): draft evidence \(r) outside 0...\(n)") }
      case .corpus(let id, let r):
        guard id >= 0 && id < corpus.documents.count else {
          problems.append("\(label): evidence names document \(id) of \(corpus.documents.count)")
          continue
        }
        let count = corpus.documents[id].text?.count ?? corpus.documents[id].info.characters
        if r.lowerBound < 0 || r.upperBound > count {
          problems.append("\(label): corpus evidence \(r) outside document \(id) of \(count) scalars")
        }
      case .document(let id):
        if id < 0 || id >= corpus.documents.count {
          problems.append("\(label): evidence names document \(id) of \(corpus.documents.count)")
        }
      }
    }
    for fix in finding.fixes {
      let edits = fix.edits.sorted { $0.range.lowerBound < $1.range.lowerBound }
      for (k, edit) in edits.enumerated() {
        if edit.range.lowerBound < 0 || edit.range.upperBound > n {
          problems.append("\(label): fix «\(fix.title)» edits \(edit.range) outside 0...\(n)")
        }
        if k > 0 && edits[k - 1].range.upperBound > edit.range.lowerBound {
          problems.append("\(label): fix «\(fix.title)» has overlapping edits \(edits[k - 1].range) and \(edit.range)")
        }
      }
    }
    return problems
  }
}
