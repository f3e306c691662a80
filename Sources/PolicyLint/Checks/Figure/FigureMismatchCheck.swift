import PolicyText

/// `figure/mismatch`: the same figure of the same subject stated with different values, within the draft
/// (`新增学位8万个` … `新增6万个学位`) or against the corpus for the same subject at the same event.
///
/// Against the corpus, a figure is compared only with figures of the same meeting: the draft's count of
/// `省委委员` at the 4th plenary is not contradicted by the 2nd plenary's. A numbered meeting reported with a
/// date is compared with the corpus's report of that series on that date (`中俄执政党对话机制第十一次会议`
/// on 20 Nov 2023 where the corpus says 第十次). Quoted sentences that differ from the corpus only in a
/// number are the misquote check's (`slogan/`), not this one's.
public struct FigureMismatchCheck: Check {
  static let plenary4 = """
    中国共产党四川省第十二届委员会第四次全体会议，于2023年11月20日在成都举行。出席全会的有，省委委员85人，候补省委委员17人。
    """
  static let plenary2 = """
    中国共产党四川省第十二届委员会第二次全体会议，于2022年11月28日至29日在成都举行。出席全会的有，省委委员79人，候补省委委员15人。
    """
  static let dialogue = "新华社北京11月20日电 11月20日，中俄执政党对话机制第十次会议以视频方式举办。"

  public static let description = CheckDescription(
    code: "figure/mismatch", name: "FigureMismatch", defaultSeverity: .warning,
    rationale: "同一事项的同一数字前后不一，或与语料中同一事件的记载不一，必有一处错误。",
    triggering: [
      CheckExample("我们将新增学位8万个，建成村卫生室1000个。到年底，全市新增⟦6万个⟧学位。"),
      CheckExample("到2027年，要新建高标准农田3.6万亩。要把到2027年新建高标准农田⟦3600亩⟧的任务纳入考核。"),
      CheckExample(
        "中国共产党四川省第十二届委员会第四次全体会议于2023年11月20日在成都举行。出席全会的有，省委委员⟦79人⟧，候补省委委员17人。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20"), ExampleDocument(plenary2, date: "2022-11-29")],
        date: "2023-11-27"),
      CheckExample(
        "省委十二届四次全会于2023年11月20日在成都举行，省委委员85人、候补省委委员⟦15人⟧出席会议。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20")], date: "2023-11-27"),
      CheckExample(
        "11月20日，中俄执政党对话机制第⟦十一⟧次会议以视频方式举办。",
        corpus: [ExampleDocument(dialogue, date: "2023-11-20")], date: "2023-11-22"),
      CheckExample(
        "习近平同俄罗斯总统普京分别向中俄执政党对话机制第⟦十一⟧次会议致贺信。",
        corpus: [ExampleDocument(dialogue, date: "2023-11-20")], date: "2023-11-25"),
      CheckExample(
        "中国共产党四川省第十二届委员会第四次全体会议于⟦2023年11月21日⟧在成都举行。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20")], date: "2023-11-27"),
      // A meeting named as held on a date the corpus gives to another session.
      CheckExample(
        "2023年11月20日召开的省委十二届⟦三⟧次全会，审议通过了推进城乡融合发展的决定。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20")], date: "2024-01-12"),
      // A growth rate after a comma is the previous clause's subject's; a Chinese decimal is as precise as
      // it is written (`七点八` to a tenth).
      CheckExample(
        "2023年，全县农民人均可支配收入达到19860元，同比增长7.6%。\n在2023年农民人均可支配收入增长⟦百分之七点八⟧的基础上，力争2024年再增长7%以上。"),
    ],
    nonTriggering: [
      CheckExample(
        "中国共产党四川省第十二届委员会第四次全体会议于2023年11月20日在成都举行。出席全会的有，省委委员85人，候补省委委员17人。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20"), ExampleDocument(plenary2, date: "2022-11-29")],
        date: "2023-11-27"),
      CheckExample(
        "省委十二届二次全会于2022年11月28日至29日在成都举行。出席全会的有，省委委员79人，候补省委委员15人。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20")], date: "2022-12-01"),
      CheckExample("到2025年，新增学位8万个。到2027年，新增学位12万个。"),
      CheckExample("到2027年，要新建高标准农田3.6万亩。要把到2027年新建高标准农田36000亩的任务纳入考核。"),
      CheckExample(
        "省委十二届四次全会强调，要把省委十二届二次全会以来的部署落到实处。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20")], date: "2023-11-27"),
      CheckExample(
        "中俄执政党对话机制第十一次会议将于明年举行。",
        corpus: [ExampleDocument(dialogue, date: "2023-11-20")], date: "2023-11-25"),
      CheckExample("每年建设重点村50个、先行村50个、示范村10个。"),
      CheckExample(
        "2024年11月20日，中俄执政党对话机制第十一次会议以视频方式举办。",
        corpus: [ExampleDocument(dialogue, date: "2023-11-20")], date: "2024-11-22"),
      // A meeting named as held is dated by the date before its verb, not by a later clause's.
      CheckExample(
        "从2022年11月28日至29日召开的省委十二届二次全会提出总体要求，到2023年11月20日召开的省委十二届四次全会作出专题部署。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20"), ExampleDocument(plenary2, date: "2022-11-29")],
        date: "2023-11-27"),
      CheckExample("2023年，全县农民人均可支配收入达到19860元，同比增长7.6%。全年粮食产量增长7.8%。"),
      CheckExample(
        "省委十二届四次全会于2023年11月20日举行，候补省委委员17人出席。一年前召开的省委十二届二次全会，候补省委委员15人出席。",
        corpus: [ExampleDocument(plenary4, date: "2023-11-20"), ExampleDocument(plenary2, date: "2022-11-29")],
        date: "2023-11-27"),
    ])

  public init() {}

  var code: String { Self.description.code }
  var severity: Severity { Self.description.defaultSeverity }

  public func run(_ context: CheckContext) -> [Finding] {
    let a = context.figureAnalysis
    let frames = FigureFrames(a)
    var out = withinDraft(a, frames: frames)
    out += againstCorpusCounts(a, frames: frames, context: context)
    out += againstCorpusMeetings(a, context: context)
    return out
  }

  // MARK: - Within the draft

  /// Two statements of one subject are compared only when they are set in the same frame: the same period
  /// (from the sentence, its paragraph or its section heading), the same part of it (`上半年`, `累计`,
  /// `其中`), both results or both targets, the same bound (`以上`, `左右`) and the same reported meeting, in
  /// related sections (not sibling subsections, which treat parallel topics).
  /// A review of 2023 (`城镇新增就业12.3万人`) and a target for 2024 (`全年城镇新增就业12万人以上`) differ.
  func withinDraft(_ a: FigureAnalysis, frames: FigureFrames) -> [Finding] {
    var out: [Finding] = []
    var earlier: [String: [(Figure, FigureFrame)]] = [:]
    for f in a.figures where FigureFacts.isComparableCount(f) {
      let subject = frames.identity(of: f)
      guard subject.unicodeScalars.filter(ScalarClass.isHan).count >= 3 else { continue }
      let frame = frames.frame(of: f)
      // Integers and decimals of one unit are one quantity (`3600亩` against `3.6万亩`); percentages are not.
      let quantity = f.kind == .percent ? "%" : "n"
      let key = [
        subject, f.unit, quantity, frame.period, frame.part, frame.target ? "目标" : "", frame.bound, frame.event,
      ]
        .joined(separator: "|")
      defer { earlier[key, default: []].append((f, frame)) }
      guard let (g, _) = earlier[key]?.first(where: { $0.1.isRelated(to: frame) }) else { continue }
      // `从54万亿元增长到114万亿元`: two figures of one subject in one sentence state a change, not a conflict.
      guard a.sentenceIndex(containing: g.viewRange.lowerBound) != a.sentenceIndex(containing: f.viewRange.lowerBound)
      else { continue }
      guard !Self.agree(g, f, a) else { continue }
      let when = frame.periodText.isEmpty ? "" : "（\(frame.periodText)）"
      let gText = g.text.replacingAllBlanks()
      let fText = f.text.replacingAllBlanks()
      out.append(
        Finding(
          code: code, severity: severity, range: f.range,
          message: "同一数字前后不一致：前文\(when)“\(subject)”为\(gText)，此处为\(fText)。",
          related: [Evidence(location: .draft(g.range), message: "前文：\(subject) \(gText)")]))
    }
    return out
  }

  /// Whether two values agree as written: equal, or one is the other rounded to the precision it is written
  /// with (`2.2万亿元` and `22074.1亿元`; `12万人` and `12.3万人` in a summary and its detail).
  static func agree(_ f: Figure, _ g: Figure, _ a: FigureAnalysis) -> Bool {
    if f.value == g.value { return true }
    let p = max(precision(f, a), precision(g, a))
    return abs(f.value - g.value) <= p / 2 * (1 + 1e-9)
  }

  /// The place value of the last written digit: 0.1万 for `1.2万`, 1 for `85`, 0.01 for `2.18%`.
  static func precision(_ f: Figure, _ a: FigureAnalysis) -> Double {
    let t = Array(FigureFacts.numeralText(f, in: a).unicodeScalars)
    var multiplier = 1.0
    if t.contains("亿") { multiplier = 1e8 }
    if t.contains("万") { multiplier = multiplier == 1e8 ? 1e12 : 1e4 }
    if f.kind == .percent || f.kind == .percentagePoints { multiplier = 1 }
    var decimals = 0
    // `7.8`, and `七点八` (Chinese decimals are written digit by digit after `点`).
    if let dot = t.firstIndex(where: { $0 == "." || $0 == "点" }) {
      var k = dot + 1
      while k < t.count, ScalarClass.isDigit(t[k]) || ChineseNumeral.digit(t[k]) != nil { k += 1 }
      decimals = k - dot - 1
    }
    var p = multiplier
    for _ in 0..<decimals { p /= 10 }
    return p
  }

  // MARK: - Against the corpus


  /// Frame parts (`FigureFrame.part`) of a figure told as progress to a day or over a stretch of time.
  static let progressParts = ["截至", "截止", "以来", "累计", "上半年", "下半年", "前三季度", "季度", "当月", "月份"]

  func againstCorpusCounts(_ a: FigureAnalysis, frames: FigureFrames, context: CheckContext) -> [Finding] {
    var out: [Finding] = []
    // The facts of a subject at an event depend on nothing else in the draft: kept for the document (server)
    // or for this lint.
    let lookups: LookupMemo<[FigureFacts.CountFact]> = context.lookups(Self.description.code + "#counts")
    for f in a.figures where FigureFacts.isComparableCount(f) {
      guard let event = a.event(before: f.viewRange.lowerBound) else { continue }
      let e = event.key
      let key = "\(f.subject)\u{0}\(f.unit)\u{0}\(e.organ)\u{0}\(e.term ?? -1)\u{0}\(e.number)\u{0}\(e.kind)"
      let facts = lookups.value(key) {
        context.corpus.figures.counts(subject: f.subject, unit: f.unit).filter {
          $0.event.sameEvent(event.key) && context.isEvidence(documentID: $0.document)
        }
      }
      guard let first = facts.first, !facts.contains(where: { $0.value == f.value }) else { continue }
      // Progress told up to a day (`截至5月底，已建成示范村110个`) or over a stretch of time is not the
      // meeting's own figure (the frame is made only for a figure that differs: it is most of this check's
      // cost where every figure is looked at).
      if Self.progressParts.contains(where: { frames.frame(of: f).part.containsLiteral($0) }) { continue }
      var fixes: [Fix] = []
      if facts.allSatisfy({ $0.value == first.value }), first.chinese == f.chinese {
        fixes.append(
          Fix(title: "改为“\(first.numeral)\(f.unit)”", edits: [TextEdit(range: f.numeralRange, newText: first.numeral)]))
      }
      // Only the first is quoted (a corpus of thousands may hold hundreds).
      let stated = first.text.replacingAllBlanks()
      out.append(
        Finding(
          code: code, severity: severity, range: f.range,
          message: "与语料中同一事件的记载不符：\(event.key)的\(FigureFacts.subjectKey(f.subject))为\(stated)，"
            + "此处为\(f.text.replacingAllBlanks())。",
          related: facts.prefix(3).map {
            context.corpusFactEvidence($0.document, $0.range, "\(event.key)：\($0.subject)\($0.text.replacingAllBlanks())")
          },
          fixes: fixes))
    }
    lookups.endOfLint()
    return out
  }

  /// A meeting named without a date, in a draft written within a month after the corpus reports an earlier
  /// meeting of the series and nothing of this one: `…向中俄执政党对话机制第十一次会议致贺信` written days after
  /// the corpus's 第十次. Only a higher number is suspicious; earlier meetings are cited all the time.
  func laterNumberSoonAfter(
    _ m: MeetingMention, a: FigureAnalysis, context: CheckContext, memo: LookupMemo<[FigureFacts.MeetingGroup]>
  ) -> Finding? {
    let sentence = a.string(a.sentence(of: m.ordinal))
    guard !["将", "拟", "计划", "明年", "下次", "下一", "筹备"].contains(where: { sentence.containsLiteral($0) }) else { return nil }
    let facts = context.corpus.figures
    let series = evidenceGroups(m.key, context: context, memo: memo)
    guard !series.contains(where: { $0.event.number >= m.key.number }) else { return nil }
    let recent = series.filter {
      let days = a.date.daysSince($0.date)
      return days >= 0 && days <= 30
    }
    // The latest date, and of its meetings the first in corpus order (as `max(by:)` over the facts picks).
    guard let latest = recent.map(\.date).max(),
      let fact = facts.firstMeetings(of: recent.filter { $0.date == latest }, limit: 1, keep: {
        context.isEvidence(documentID: $0.document)
      }).first
    else { return nil }
    let right = fact.event.number
    let text = m.ordinal.chinese ? ChineseNumeral.spell(Int64(right)) : String(right)
    return Finding(
      code: code, severity: severity, range: m.ordinal.numeralRange,
      message: "会议届次与语料不符：语料记载\(fact.date.chineseDescription)举行的是\(fact.event)，"
        + "此后一个月内没有第\(ChineseNumeral.spell(Int64(m.key.number)))次的记载，此处写作“\(m.ordinal.text)”。",
      related: [context.corpusFactEvidence(fact.document, fact.range, "\(fact.date.chineseDescription)，\(fact.event)")],
      fixes: [Fix(title: "改为“\(text)”", edits: [TextEdit(range: m.ordinal.numeralRange, newText: text)])])
  }

  /// The corpus's meeting groups of a series that hold at least one meeting other than the draft itself.
  /// A series' groups depend on nothing in the draft but the series: they are kept for the document (server)
  /// or for this lint, by organ, term and kind.
  func evidenceGroups(
    _ key: EventKey, context: CheckContext, memo: LookupMemo<[FigureFacts.MeetingGroup]>
  ) -> [FigureFacts.MeetingGroup] {
    let facts = context.corpus.figures
    return memo.value("\(key.organ)|\(key.term ?? -1)|\(key.kind)") {
      facts.meetingGroups(inSeriesOf: key).filter { g in
        g.indices.contains { context.isEvidence(documentID: facts.meetings[$0].document) }
      }
    }
  }

  func againstCorpusMeetings(_ a: FigureAnalysis, context: CheckContext) -> [Finding] {
    var out: [Finding] = []
    let memo: LookupMemo<[FigureFacts.MeetingGroup]> = context.lookups(Self.description.code + "#series")
    defer { memo.endOfLint() }
    for m in a.meetings {
      guard let date = m.date, m.reported else {
        if let f = laterNumberSoonAfter(m, a: a, context: context, memo: memo) { out.append(f) }
        continue
      }
      let facts = context.corpus.figures
      let usable: (FigureFacts.MeetingFact) -> Bool = { context.isEvidence(documentID: $0.document) }
      let series = evidenceGroups(m.key, context: context, memo: memo)
      // The same series on the same day: the number must agree.
      let sameDay = series.filter { $0.covers(date) }
      if !sameDay.isEmpty, !sameDay.contains(where: { $0.event.number == m.key.number }) {
        let numbers = Set(sameDay.map(\.event.number))
        var fixes: [Fix] = []
        if numbers.count == 1, let right = numbers.first {
          let text = m.ordinal.chinese ? ChineseNumeral.spell(Int64(right)) : String(right)
          fixes.append(Fix(title: "改为“\(text)”", edits: [TextEdit(range: m.ordinal.numeralRange, newText: text)]))
        }
        let cited = facts.firstMeetings(of: sameDay, limit: 3, keep: usable)
        guard let fact = cited.first else { continue }
        out.append(
          Finding(
            code: code, severity: severity, range: m.ordinal.numeralRange,
            message: "会议届次与语料不符：\(date.chineseDescription)举行的是\(fact.event)，此处写作“\(m.ordinal.text)”。",
            related: cited.map {
              context.corpusFactEvidence($0.document, $0.range, "\($0.date.chineseDescription)，\($0.event)")
            },
            fixes: fixes))
        continue
      }
      // The same meeting on another day: the date must agree.
      let sameMeeting = series.filter { $0.event.number == m.key.number }
      let cited = facts.firstMeetings(of: sameMeeting, limit: 3, keep: usable)
      if let fact = cited.first, !sameMeeting.contains(where: { $0.covers(date) }), let d = m.dateFigure {
        let when = fact.dateEnd.map { "\(fact.date.chineseDescription)至\($0.chineseDescription)" } ?? fact.date.chineseDescription
        out.append(
          Finding(
            code: code, severity: severity, range: d.range,
            message: "会议日期与语料不符：\(fact.event)于\(when)举行，此处写作\(d.text.replacingAllBlanks())。",
            related: cited.map { context.corpusFactEvidence($0.document, $0.range, "\(when)，\($0.event)") }))
      }
    }
    return out
  }
}

extension CheckContext {
  /// Evidence for a figure fact of a corpus document: `《title》（date）：what`, placed at `range` of the
  /// document when it has a text (else naming the document alone).
  func corpusFactEvidence(_ document: Int, _ range: Range<Int>, _ what: String) -> Evidence {
    let doc = corpus.documents.indices.contains(document) ? corpus.documents[document] : nil
    let citation = doc?.citation(at: range.lowerBound) ?? "语料文档\(document)"
    let location: EvidenceLocation =
      doc?.hasText != true ? .document(document) : .corpus(document: document, range: range)
    return Evidence(location: location, message: "\(citation)：\(what)")
  }
}
