import PolicyText

/// A tunable number a check reads from configuration (`thresholds` in `.policylint.json`).
public struct CheckOption: Sendable, Hashable {
  /// Key under `thresholds`, e.g. `reuseMinLength`.
  public let key: String
  /// Value used when configuration says nothing.
  public let defaultValue: Double
  /// What it controls.
  public let summary: String

  /// Makes an option.
  public init(key: String, defaultValue: Double, summary: String) {
    self.key = key
    self.defaultValue = defaultValue
    self.summary = summary
  }
}

/// A corpus document for an example: its text and date.
public struct ExampleDocument: Sendable, ExpressibleByStringLiteral {
  /// The document's text.
  public let text: String
  /// Its date.
  public let date: SimpleDate
  /// Its authority rank.
  public let rank: Int

  /// A document dated `date` (YYYY-MM-DD).
  public init(_ text: String, date: String = "2023-06-01", rank: Int = 0) {
    self.text = text
    self.date = SimpleDate(iso: date) ?? SimpleDate(year: 2023, month: 6, day: 1)
    self.rank = rank
  }

  public init(stringLiteral value: String) { self.init(value) }
}

/// An example for a check: a draft with the expected findings marked `⟦…⟧`.
///
/// A triggering example marks each range the check must flag; a non-triggering one has no marks and must
/// produce no finding of the check's code. `corpus` holds documents the example is checked against.
public struct CheckExample: Sendable {
  /// The draft, with expected finding ranges between `⟦` and `⟧`.
  public let marked: String
  /// Corpus documents the example is checked against.
  public let corpus: [ExampleDocument]
  /// The draft's date.
  public let date: SimpleDate
  /// Whether mutations (prefix, CRLF, punctuation width) keep the meaning; false for examples whose
  /// point is the exact punctuation.
  public let mutable: Bool

  /// Makes an example.
  public init(_ marked: String, corpus: [ExampleDocument] = [], date: String = "2023-12-01", mutable: Bool = true) {
    self.marked = marked
    self.corpus = corpus
    self.date = SimpleDate(iso: date) ?? SimpleDate(year: 2023, month: 12, day: 1)
    self.mutable = mutable
  }
}

/// What a check's findings depend on.
public enum CheckScope: Sendable, Hashable {
  /// Anything in the draft (passages that span paragraphs, sentences repeated anywhere, the meeting a
  /// title names): rerun on every change.
  case document
  /// Only the paragraph (view text between two `\n` boundaries) a finding lies in, with the draft's date,
  /// path and corpus identity, the corpus and the configuration: a finding's range, evidence in the draft
  /// and fixes stay inside its paragraph and its message names no position. `ParagraphScopeTests` checks
  /// this claim for every check that makes it, on the shared data and the checks' own examples.
  case paragraph
}

/// What a check is: its stable code, default severity, rationale and examples.
public struct CheckDescription: Sendable {
  /// Stable code, `family/name`.
  public let code: String
  /// Short English name for rule lists (SARIF `name`).
  public let name: String
  /// Severity unless configuration says otherwise.
  public let defaultSeverity: Severity
  /// One line: why a writer wants this flagged (Chinese or English).
  public let rationale: String
  /// Other codes this check may emit (a misquote check reports text and number differences separately).
  public let alsoEmits: [String]
  /// Tunable numbers.
  public let options: [CheckOption]
  /// Examples that must trigger, with the expected ranges marked.
  public let triggering: [CheckExample]
  /// Examples that must not trigger.
  public let nonTriggering: [CheckExample]
  /// Whether the check runs without configuration; an optional check (false) runs only when `rules` in the
  /// configuration sets its own code to a severity.
  public let enabledByDefault: Bool
  /// What a finding of the check can depend on: the whole draft, or only the paragraph it lies in (see
  /// `CheckScope`). The server reuses a paragraph-scoped check's findings for paragraphs an edit left alone.
  public let scope: CheckScope

  /// Makes a description.
  public init(
    code: String, name: String, defaultSeverity: Severity, rationale: String, alsoEmits: [String] = [],
    options: [CheckOption] = [], triggering: [CheckExample], nonTriggering: [CheckExample],
    enabledByDefault: Bool = true, scope: CheckScope = .document
  ) {
    self.code = code
    self.name = name
    self.defaultSeverity = defaultSeverity
    self.rationale = rationale
    self.alsoEmits = alsoEmits
    self.options = options
    self.triggering = triggering
    self.nonTriggering = nonTriggering
    self.enabledByDefault = enabledByDefault
    self.scope = scope
  }
}

/// Everything a check may read: the draft, the corpus and the configuration. Checks are pure functions
/// of this value, so files can be linted in parallel.
public struct CheckContext: Sendable {
  /// The draft being checked.
  public let draft: DraftDocument
  /// The reference corpus (possibly the built-in pack).
  public let corpus: CorpusIndex
  /// Effective configuration.
  public let configuration: Configuration
  /// What document-scoped checks kept from the previous lint of this document under the same context
  /// (the server's `LintCache`); nil for a one-off lint.
  let memo: CheckMemo?

  /// Makes a context.
  public init(draft: DraftDocument, corpus: CorpusIndex, configuration: Configuration) {
    self.init(draft: draft, corpus: corpus, configuration: configuration, memo: nil)
  }

  init(draft: DraftDocument, corpus: CorpusIndex, configuration: Configuration, memo: CheckMemo?) {
    self.draft = draft
    self.corpus = corpus
    self.configuration = configuration
    self.memo = memo
  }

  /// A threshold from configuration, or the option's default.
  public func threshold(_ option: CheckOption) -> Double {
    configuration.thresholds[option.key] ?? option.defaultValue
  }

  /// Corpus documents the draft may be compared with: all but the draft itself when it is in the corpus.
  public func isEvidence(documentID: Int) -> Bool {
    documentID != draft.corpusDocumentID
  }
}

/// A check: one rule, one file. Conforming types are registered in `builtInChecks`.
public protocol Check: Sendable {
  /// The check's code, severity, rationale and examples.
  static var description: CheckDescription { get }
  /// Makes the check (checks hold no state).
  init()
  /// Finds problems. Findings carry the check's code (or one of `alsoEmits`) and default severity;
  /// the engine applies configuration and suppressions afterwards.
  func run(_ context: CheckContext) -> [Finding]
}
