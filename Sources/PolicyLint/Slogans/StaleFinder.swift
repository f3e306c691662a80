import PolicyText

/// A stale formulation found in a draft.
struct StaleHit: Sendable {
  /// The registry entry.
  let entry: Int
  /// The flagged range in the draft's view.
  let viewRange: Range<Int>
  /// The text found.
  let found: String
  /// The current form, for the message.
  let successor: String
  /// The text a quick fix puts in place, if there is a drop-in one.
  let replacement: String?
  /// The date the found form went out of date.
  let changed: SimpleDate
}

/// Finds formulations that are outdated at a draft's date: registry `stale` entries (a pattern and the
/// day it changed) and `sequence` entries (a list that must name the latest item held before the date).
/// Historical narration (`2020年…`, `过去…`, `原国家卫生和计划生育委员会`) is left alone.
struct StaleFinder: Sendable {
  private struct Pattern: Sendable {
    let scalars: [Unicode.Scalar]
    let entry: Int
    let notFollowedBy: [[Unicode.Scalar]]
    let notPrecededBy: [[Unicode.Scalar]]
    let onlyWith: [[Unicode.Scalar]]
  }

  private struct Sequence: Sendable {
    let entry: Int
    let prefix: [Unicode.Scalar]
    let suffix: [Unicode.Scalar]
    let separators: [[Unicode.Scalar]]
    let items: [(text: [Unicode.Scalar], date: SimpleDate)]
  }

  let registry: SloganRegistry
  private let patterns: [Unicode.Scalar: [Pattern]]
  /// The first characters of `patterns`, tested before the dictionary (most characters start none).
  private let starters: ScalarSet
  private let sequences: [Sequence]

  init(registry: SloganRegistry) {
    self.registry = registry
    var patterns: [Unicode.Scalar: [Pattern]] = [:]
    var sequences: [Sequence] = []
    for (n, e) in registry.entries.enumerated() {
      switch e.kind {
      case .stale:
        for p in e.patterns {
          let s = SloganText.folded(p)
          guard let first = s.first else { continue }
          patterns[first, default: []].append(
            Pattern(
              scalars: s, entry: n, notFollowedBy: e.notFollowedBy.map(SloganText.folded),
              notPrecededBy: e.notPrecededBy.map(SloganText.folded), onlyWith: e.onlyWith.map(SloganText.folded)))
        }
      case .sequence:
        guard let prefix = e.prefix, let suffix = e.suffix else { continue }
        sequences.append(
          Sequence(
            entry: n, prefix: SloganText.folded(prefix), suffix: SloganText.folded(suffix),
            separators: [SloganText.folded(e.separator), ["和"]],
            items: e.items.map { (SloganText.folded($0.text), $0.date) }))
      case .canonical:
        continue
      }
    }
    self.patterns = patterns
    starters = ScalarSet(patterns.keys)
    self.sequences = sequences
  }

  /// Stale formulations in a view at `date`, without overlaps (the longer match wins).
  func find(in view: MatchingView, date: SimpleDate) -> [StaleHit] {
    let s = view.scalars
    var hits: [StaleHit] = []
    for i in 0..<s.count {
      guard starters.contains(s[i]), let candidates = patterns[s[i]] else { continue }
      // Among entries with the same pattern, the latest change on or before the date applies.
      var best: [String: (Pattern, SimpleDate)] = [:]
      for p in candidates {
        guard i + p.scalars.count <= s.count, s[i..<(i + p.scalars.count)].elementsEqual(p.scalars) else { continue }
        let entry = registry.entries[p.entry]
        guard let changed = entry.changed, changed <= date else { continue }
        let end = i + p.scalars.count
        if p.notFollowedBy.contains(where: { s[end..<min(s.count, end + $0.count)].elementsEqual($0) }) { continue }
        if p.notPrecededBy.contains(where: { $0.count <= i && s[(i - $0.count)..<i].elementsEqual($0) }) { continue }
        let key = SloganText.string(p.scalars)
        if let b = best[key], b.1 >= changed { continue }
        best[key] = (p, changed)
      }
      for (_, (p, changed)) in best {
        let range = i..<(i + p.scalars.count)
        guard !Self.isNarration(s, range, changed: changed), !Self.isInTitle(s, range) else { continue }
        let entry = registry.entries[p.entry]
        if Self.namesTheChange(s, range, replacement: entry.replacement.map(SloganText.folded)) { continue }
        if !p.onlyWith.isEmpty {
          // The cue of current use must be in the formulation's own clause: `“十三五”时期…，将…` is history
          // followed by something else.
          let clause = Array(s[Self.clause(around: range, in: s)])
          guard p.onlyWith.contains(where: { clause.contains(subsequence: $0) }) else { continue }
        }
        hits.append(
          StaleHit(
            entry: p.entry, viewRange: range, found: SloganText.string(p.scalars), successor: entry.successor ?? "",
            replacement: entry.replacement, changed: changed))
      }
    }
    for seq in sequences { hits += sequenceHits(s, seq, date: date) }
    hits.sort { ($0.viewRange.count, -$0.viewRange.lowerBound) > ($1.viewRange.count, -$1.viewRange.lowerBound) }
    var kept: [StaleHit] = []
    for h in hits where !kept.contains(where: { $0.viewRange.overlaps(h.viewRange) }) { kept.append(h) }
    return kept.sorted { $0.viewRange.lowerBound < $1.viewRange.lowerBound }
  }

  /// A study list (`二十大和二十届一中、二中全会精神`) is stale when it leaves out the latest item held
  /// before the draft's date, or skips one between its first item and that one.
  private func sequenceHits(_ s: [Unicode.Scalar], _ seq: Sequence, date: SimpleDate) -> [StaleHit] {
    var hits: [StaleHit] = []
    var from = 0
    while let at = s.firstIndex(of: seq.prefix, from: from) {
      from = at + 1
      var j = at + seq.prefix.count
      var found: [Int] = []
      while true {
        guard
          let item = seq.items.indices.first(where: { k in
            let t = seq.items[k].text
            return j + t.count <= s.count && s[j..<(j + t.count)].elementsEqual(t)
          })
        else { break }
        found.append(item)
        j += seq.items[item].text.count
        guard let sep = seq.separators.first(where: { j + $0.count <= s.count && s[j..<(j + $0.count)].elementsEqual($0) })
        else { break }
        // A separator followed by the suffix is not a list separator.
        if !seq.items.contains(where: {
          j + sep.count + $0.text.count <= s.count
            && Array(s[(j + sep.count)..<(j + sep.count + $0.text.count)]) == $0.text
        }) {
          break
        }
        j += sep.count
      }
      guard !found.isEmpty, j + seq.suffix.count <= s.count, Array(s[j..<(j + seq.suffix.count)]) == seq.suffix else {
        continue
      }
      let held = seq.items.indices.filter { seq.items[$0].date < date }
      guard let latest = held.last, let first = found.min() else { continue }
      let expected = Array(first...max(latest, found.max() ?? latest))
      if Set(expected).isSubset(of: Set(found)) { continue }
      let entry = registry.entries[seq.entry]
      let separator = entry.separator
      let list = expected.map { SloganText.string(seq.items[$0].text) }.joined(separator: separator)
      let replacement = SloganText.string(seq.prefix) + list + SloganText.string(seq.suffix)
      let missing = held.filter { $0 >= first && !found.contains($0) }
      let changed = missing.map { seq.items[$0].date }.min() ?? seq.items[latest].date
      if Self.isNarration(s, at..<(j + seq.suffix.count), changed: changed) { continue }
      if Self.isInTitle(s, at..<(j + seq.suffix.count)) { continue }
      hits.append(
        StaleHit(
          entry: seq.entry, viewRange: at..<(j + seq.suffix.count),
          found: SloganText.string(s[at..<(j + seq.suffix.count)]), successor: replacement, replacement: replacement,
          changed: changed))
    }
    return hits
  }

  /// Words that say a sentence tells what happened then, not what holds now.
  static let pastCues: [[Unicode.Scalar]] = [
    "过去", "曾", "此前", "以前", "之前", "当时", "回顾", "那时", "彼时", "历经", "期间", "以来", "完成了", "胜利完成", "圆满完成",
    "顺利完成", "实现了", "取得了",
    // `三年来`, `近年来`, `多年来`: a span of years up to now is looked back on.
    "年来",
  ]
  .map { Array($0.unicodeScalars) }

  /// Cues that look back in an earlier clause only when they end it (`疫情期间，我们坚持…`): inside an
  /// earlier clause `期间` names a season or a holiday the text plans for (`做好春节期间保供稳价，统筹做好…`).
  static let ownClauseCues: [[Unicode.Scalar]] = ["期间"].map { Array($0.unicodeScalars) }
  /// Completion words that a directive before them in their clause makes a goal, not a record
  /// (`确保“十四五”规划目标任务圆满完成`).
  static let completionCues: [[Unicode.Scalar]] = ["胜利完成", "圆满完成", "顺利完成"].map { Array($0.unicodeScalars) }
  /// Directives that make what follows in their clause a goal (not `要`, which `主要`, `重要` carry).
  static let directives: [[Unicode.Scalar]] = ["确保", "力争", "争取", "努力", "务必", "必须", "全力"].map {
    Array($0.unicodeScalars)
  }

  /// Whether the formulation at `range` is told as history: `原`/`前` right before it, a year up to the
  /// change in its sentence before it (`2020年…`), or a past cue in its sentence (before the formulation)
  /// or in its own clause after it. `期间` in an earlier clause counts only when it ends that clause, and a
  /// completion word after a directive in its clause (`确保…圆满完成`) not at all.
  static func isNarration(_ s: [Unicode.Scalar], _ range: Range<Int>, changed: SimpleDate) -> Bool {
    if range.lowerBound > 0, s[range.lowerBound - 1] == "原" || s[range.lowerBound - 1] == "前" { return true }
    let sentenceRange = sentence(around: range, in: s)
    if tellsOfYearBefore(s, range, changed) { return true }
    // Cues before the formulation in its sentence, or after it in its own clause (`…疫情期间`); a cue in a
    // later clause speaks of something else.
    var clauseEnd = range.upperBound
    while clauseEnd < sentenceRange.upperBound && !ScalarClass.isClauseEnd(s[clauseEnd]) { clauseEnd += 1 }
    let clauseStart = clause(around: range, in: s).lowerBound
    // Searched inside the two places only (not on through the rest of the draft).
    let places = [sentenceRange.lowerBound..<range.lowerBound, range.upperBound..<clauseEnd].map {
      ($0, Array(s[$0]))
    }
    for cue in pastCues {
      for (place, text) in places {
        var from = 0
        while let found = text.firstIndex(of: cue, from: from) {
          from = found + 1
          let at = place.lowerBound + found
          if at < clauseStart && ownClauseCues.contains(cue) && !(at + cue.count < s.count
            && ScalarClass.isClauseEnd(s[at + cue.count]))
          {
            continue
          }
          if completionCues.contains(cue), directive(in: s, clauseStartingBefore: at) { continue }
          return true
        }
      }
    }
    return false
  }

  /// Whether a directive (`确保`) comes before `at` in its clause.
  static func directive(in s: [Unicode.Scalar], clauseStartingBefore at: Int) -> Bool {
    let start = clause(around: at..<at, in: s).lowerBound
    let head = Array(s[start..<at])
    return directives.contains { head.contains(subsequence: $0) }
  }

  /// Whether a year no later than `date` comes before `range` in its sentence (`2020年，…`) or after it in
  /// its own clause (`李克强总理在2022年政府工作报告中提出`).
  static func tellsOfYearBefore(_ s: [Unicode.Scalar], _ range: Range<Int>, _ date: SimpleDate) -> Bool {
    let a = sentence(around: range, in: s).lowerBound
    let clauseEnd = clause(around: range, in: s).upperBound
    var k = a
    while k + 4 < clauseEnd {
      if range.contains(k) || (k < range.lowerBound && k + 4 >= range.lowerBound) {
        k += 1
        continue
      }
      // A date in parentheses is a dateline or an adoption note, not narration.
      if s[k + 4] == "年", (k..<(k + 4)).allSatisfy({ ScalarClass.isDigit(s[$0]) }),
        k == a || !ScalarClass.isDigit(s[k - 1]),
        k == 0 || s[k - 1] != "("
      {
        let year = (k..<(k + 4)).reduce(0) { $0 * 10 + Int(s[$1].value - 48) }
        // A year before the date is the past; so is the year of a change made in its second half.
        if year < date.year || (year == date.year && date.month >= 7) { return true }
      }
      k += 1
    }
    return false
  }

  /// Whether `range` lies inside a title in `《…》` in its sentence: the name of a document is fixed when
  /// it is issued (`《新型冠状病毒肺炎诊疗方案（试行第九版）》` is cited by that name for good).
  static func isInTitle(_ s: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
    let sentence = sentence(around: range, in: s)
    var k = range.lowerBound - 1
    var open = false
    while k >= sentence.lowerBound {
      if s[k] == "》" { return false }
      if s[k] == "《" {
        open = true
        break
      }
      k -= 1
    }
    guard open else { return false }
    return s[range.upperBound..<sentence.upperBound].contains("》")
  }

  /// Words that tell of the change itself (`由“乙类甲管”调整为“乙类乙管”`, `不再提“动态清零”`).
  static let changeCues: [[Unicode.Scalar]] = ["调整为", "更名为", "改为", "改称", "不再", "撤销", "取消"].map {
    Array($0.unicodeScalars)
  }

  /// Whether the sentence around `range` tells of the change: it names the replacement too, or uses a word
  /// of change before the formulation or after it in its clause.
  static func namesTheChange(_ s: [Unicode.Scalar], _ range: Range<Int>, replacement: [Unicode.Scalar]?) -> Bool {
    let sentenceRange = sentence(around: range, in: s)
    let sentence = Array(s[sentenceRange])
    if let r = replacement, r.count >= 2, sentence.contains(subsequence: r) { return true }
    let before = Array(s[sentenceRange.lowerBound..<range.lowerBound])
    let after = Array(s[range.upperBound..<clause(around: range, in: s).upperBound])
    return changeCues.contains { before.contains(subsequence: $0) || after.contains(subsequence: $0) }
  }

  /// The view range of the clause around `range` (bounded by `，`, `、`, `：` or a sentence end).
  static func clause(around range: Range<Int>, in s: [Unicode.Scalar]) -> Range<Int> {
    var a = range.lowerBound
    while a > 0 && !ScalarClass.isClauseEnd(s[a - 1]) && s[a - 1] != "\n" { a -= 1 }
    var b = range.upperBound
    while b < s.count && !ScalarClass.isClauseEnd(s[b]) && s[b] != "\n" { b += 1 }
    return a..<b
  }

  /// The view range of the sentence around `range`.
  static func sentence(around range: Range<Int>, in s: [Unicode.Scalar]) -> Range<Int> {
    var a = range.lowerBound
    while a > 0 && !ScalarClass.isSentenceEnd(s[a - 1]) && s[a - 1] != "\n" { a -= 1 }
    var b = range.upperBound
    while b < s.count && !ScalarClass.isSentenceEnd(s[b]) && s[b] != "\n" { b += 1 }
    return a..<b
  }
}
