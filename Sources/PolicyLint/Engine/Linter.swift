import Foundation
import PolicyText

/// Runs the checks on a draft and applies configuration and suppressions. One engine for CLI and server.
public struct Linter: Sendable {
  /// The corpus drafts are checked against.
  public let corpus: CorpusIndex
  private let checks: [any Check]
  /// Identifies this linter (its corpus and checks) to a `LintCache`.
  private let identity = UUID()
  /// Whether one lint runs its checks concurrently (the default: a lint then takes about as long as its
  /// longest checks). Off where drafts are already linted side by side on every core (`check` with several
  /// files): there it would only add scheduling, and a lint running in `concurrentPerform` that waits for
  /// blocks on the global queue can wait for threads that are all busy with other drafts.
  public var runsChecksConcurrently = true

  /// Makes a linter with the given checks (all built-in checks by default).
  public init(corpus: CorpusIndex, checks: [any Check.Type] = builtInChecks) {
    self.corpus = corpus
    self.checks = checks.map { $0.init() }
  }

  /// Lints a draft: findings sorted by position, configuration applied, suppressed ones removed.
  public func lint(_ draft: DraftDocument, configuration: Configuration) -> [Finding] {
    lint(draft, configuration: configuration, cache: nil)
  }

  /// Lints a draft, reusing from `cache` the findings of paragraph-scoped checks on paragraphs unchanged
  /// since the cache's last lint, and refreshing it. The findings are those of a lint without a cache.
  public func lint(_ draft: DraftDocument, configuration: Configuration, cache: LintCache?) -> [Finding] {
    let context = CheckContext(draft: draft, corpus: corpus, configuration: configuration)
    let raw: [[Finding]]
    if let cache {
      raw = runWithCache(context, cache)
    } else {
      raw = Self.run(checks.count, order: runOrder, concurrently: runsChecksConcurrently) { i in
        configuration.isEnabled(type(of: checks[i]).description) ? checks[i].run(context) : []
      }
    }
    return finish(raw, draft: draft, configuration: configuration)
  }

  /// Applies configuration and suppressions to the checks' findings and orders them.
  private func finish(_ raw: [[Finding]], draft: DraftDocument, configuration: Configuration) -> [Finding] {
    let suppressions = Suppressions(text: draft.text)
    var seen = Set<FindingKey>()
    var result: [Finding] = []
    for findings in raw {
      for var finding in findings {
        switch configuration.setting(for: finding.code) {
        case .off: continue
        case .severity(let s): finding.severity = s
        case nil: break
        }
        let clamped = max(0, min(finding.range.lowerBound, draft.text.count))..<max(0, min(finding.range.upperBound, draft.text.count))
        finding.range = clamped.lowerBound..<max(clamped.lowerBound, clamped.upperBound)
        let line = draft.text.lines.line(containing: finding.range.lowerBound)
        if suppressions.suppresses(code: finding.code, line: line) { continue }
        if seen.insert(FindingKey(code: finding.code, range: finding.range, message: finding.message)).inserted {
          result.append(finding)
        }
      }
    }
    // Ties are ordered by message, so the order does not depend on the order checks emitted them in (a
    // cached paragraph's findings come back in paragraph order).
    result.sort {
      ($0.range.lowerBound, $0.range.upperBound, $0.code, $0.message)
        < ($1.range.lowerBound, $1.range.upperBound, $1.code, $1.message)
    }
    return Self.mergingSameFigure(result)
  }

  /// One figure found wrong by two paths (`figure/mismatch` from a misquoted corpus sentence and from the
  /// corpus's record of the same event) is told once: findings of a `figure/` code starting at the same
  /// place become the first of them, with the others' evidence and fixes added (a writer saw the same
  /// number underlined twice). `findings` are in order; the order is kept.
  static func mergingSameFigure(_ findings: [Finding]) -> [Finding] {
    var result: [Finding] = []
    var first: [String: Int] = [:]
    for f in findings {
      guard f.code.hasPrefix("figure/") else {
        result.append(f)
        continue
      }
      let key = "\(f.code)|\(f.range.lowerBound)"
      guard let k = first[key] else {
        first[key] = result.count
        result.append(f)
        continue
      }
      result[k].related += [Evidence(location: .draft(f.range), message: f.message)] + f.related
      result[k].fixes += f.fixes.filter { fix in !result[k].fixes.contains { $0.title == fix.title } }
    }
    return result
  }

  /// A finding's identity for removing duplicates. Hashing leaves the message out (Swift hashes a string
  /// through its normalized form, which cost more than the rest of `finish`); equality compares it.
  struct FindingKey: Hashable {
    var code: String
    var range: Range<Int>
    var message: String

    func hash(into hasher: inout Hasher) {
      hasher.combine(range)
      hasher.combine(message.utf8.count)
    }
  }

  /// The draft's paragraphs: view ranges between `\n` boundaries, and the whole original lines they come
  /// from (a boundary is always a line break, so a paragraph is whole lines, and a check that looks at its
  /// lines sees them as in the whole text).
  static func paragraphs(_ draft: DraftDocument) -> [(view: Range<Int>, original: Range<Int>)] {
    let view = draft.view
    let lines = draft.text.lines
    var result: [(Range<Int>, Range<Int>)] = []
    var start = 0
    var previousEnd = 0
    for i in 0...view.count where i == view.count || view.scalars[i] == "\n" {
      if i > start {
        let first = lines.lineStarts[lines.line(containing: Int(view.originalIndex[start]))]
        let last = lines.contentEnds[lines.line(containing: Int(view.originalIndex[i - 1]))]
        let lower = max(previousEnd, min(first, Int(view.originalIndex[start])))
        let upper = max(last, Int(view.originalIndex[i - 1]) + 1)
        result.append((start..<i, lower..<upper))
        previousEnd = upper
      }
      start = i + 1
    }
    return result
  }

  /// Runs the checks, paragraph-scoped ones through the cache: a paragraph seen before under the same
  /// context reuses its findings; the paragraphs that changed are checked alone, or, when most changed,
  /// the check runs on the whole draft and its findings are filed by paragraph for next time.
  private func runWithCache(_ context: CheckContext, _ cache: LintCache) -> [[Finding]] {
    let draft = context.draft
    let key = LintCache.Context(
      linter: identity, path: draft.path, date: draft.date, dateSource: draft.dateSource,
      corpusDocumentID: draft.corpusDocumentID, configuration: context.configuration)
    let previous = cache.entries(for: key)
    let documentContext = CheckContext(
      draft: draft, corpus: corpus, configuration: context.configuration, memo: cache.memo(for: key))
    let drafted = draft.paragraphs
    let paragraphs = drafted.ranges
    let keys = drafted.keys
    // What each paragraph had filed, looked up once for all checks (equal keys compare whole paragraphs).
    let cached = previous.isEmpty ? Array(repeating: nil, count: keys.count) : keys.map { previous[$0] }
    // Each check's findings, and what it files in the cache by paragraph (nil: nothing this time).
    struct Outcome {
      var findings: [Finding] = []
      var filed: [[Finding]]?
      var statistics = LintCache.Statistics()
    }
    let outcomes = Self.run(checks.count, order: runOrder, concurrently: runsChecksConcurrently) { c -> Outcome in
      let check = checks[c]
      let description = type(of: check).description
      guard context.configuration.isEnabled(description) else { return Outcome() }
      guard description.scope == .paragraph, !paragraphs.isEmpty else {
        return Outcome(findings: check.run(documentContext))
      }
      var outcome = Outcome()
      let missing = keys.indices.filter { cached[$0]?[c] == nil }
      // Checking a paragraph alone costs a draft of its own; past a few, one run on the whole is cheaper.
      if missing.count > max(4, paragraphs.count / 4) {
        outcome.findings = check.run(context)
        outcome.statistics.wholeRuns += 1
        // File the findings by paragraph (paragraph-scoped findings lie inside one); should one not, the
        // check is simply not cached this time.
        var filed = Array(repeating: [Finding](), count: paragraphs.count)
        for f in outcome.findings {
          guard let i = Self.paragraph(containing: f, paragraphs) else { return outcome }
          filed[i].append(f.shifted(by: -paragraphs[i].original.lowerBound))
        }
        outcome.filed = filed
        return outcome
      }
      var filed: [[Finding]] = []
      filed.reserveCapacity(paragraphs.count)
      for i in paragraphs.indices {
        let relative: [Finding]
        if let kept = cached[i]?[c] {
          relative = kept
          outcome.statistics.reused += 1
        } else {
          let part = DraftDocument(
            paragraphOf: draft, viewRange: paragraphs[i].view, originalRange: paragraphs[i].original)
          relative = check.run(CheckContext(draft: part, corpus: corpus, configuration: context.configuration))
          outcome.statistics.computedAlone += 1
        }
        filed.append(relative)
        outcome.findings += relative.map { $0.shifted(by: paragraphs[i].original.lowerBound) }
      }
      outcome.filed = filed
      return outcome
    }
    var statistics = LintCache.Statistics()
    for outcome in outcomes {
      statistics.wholeRuns += outcome.statistics.wholeRuns
      statistics.reused += outcome.statistics.reused
      statistics.computedAlone += outcome.statistics.computedAlone
    }
    // Each paragraph's findings by check index, one entry per paragraph (a paragraph that occurs twice has
    // the same findings both times).
    var stored = [LintCache.Paragraph: [[Finding]?]](minimumCapacity: paragraphs.count)
    if outcomes.contains(where: { $0.filed != nil }) {
      for i in paragraphs.indices {
        stored[keys[i]] = outcomes.map { $0.filed?[i] }
      }
    }
    cache.store(stored, context: key, statistics: statistics)
    return outcomes.map(\.findings)
  }

  /// The order checks are started in when run concurrently: the costliest first (corpus reuse; the figure
  /// mismatch check, which makes the figure analysis the other figure checks share, so it is ready before
  /// they ask for it; the checks that read the corpus sentence by sentence), so the last to start are short
  /// and the cores finish together.
  private var runOrder: [Int] {
    let rank: [String: Int] = [
      "duplicate/reuse": 0, "figure/mismatch": 1, "slogan/misquote": 2, "slogan/stale": 3, "slogan/variant": 4,
      "duplicate/sentence": 5, "duplicate/doubled": 6,
    ]
    return checks.indices.sorted {
      (rank[type(of: checks[$0]).description.code] ?? 9, $0) < (rank[type(of: checks[$1]).description.code] ?? 9, $1)
    }
  }

  /// `body(i)` for every `i` below `count`, on all cores (or, not `concurrently`, one after another), started
  /// in `order`; the results in index order.
  /// Checks are independent (each reads the draft and corpus, and keeps its own memo), so a lint takes as
  /// long as its longest share rather than the sum of all checks. Each runs as its own block on the global
  /// queue rather than through `concurrentPerform`: a check that itself spreads work over the cores (corpus
  /// reuse on a first lint) would, nested in `concurrentPerform`, get a single thread.
  static func run<T>(_ count: Int, order: [Int], concurrently: Bool, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let slots = ResultSlots<T>(count: count)
    guard concurrently else {
      for i in order { slots[i] = body(i) }
      return (0..<count).map { slots[$0]! }
    }
    let group = DispatchGroup()
    for i in order.dropFirst() {
      DispatchQueue.global().async(group: group) { slots[i] = body(i) }
    }
    if let first = order.first { slots[first] = body(first) }
    group.wait()
    return (0..<count).map { slots[$0]! }
  }

  /// The paragraph whose original range holds every draft range of a finding.
  static func paragraph(containing f: Finding, _ paragraphs: [(view: Range<Int>, original: Range<Int>)]) -> Int? {
    // The last paragraph starting at or before the finding.
    let after = paragraphs.partitionPoint { $0.original.lowerBound <= f.range.lowerBound }
    guard after > 0, f.lies(within: paragraphs[after - 1].original) else { return nil }
    return after - 1
  }
}
