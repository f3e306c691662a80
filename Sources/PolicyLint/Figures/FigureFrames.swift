import PolicyText

/// The time and manner in which a figure is stated: two statements of one subject contradict each other only
/// when they speak of the same period in the same way (a result of 2023 is not contradicted by a target of
/// 2024, nor an exact count by a floor `12万人以上`).
public struct FigureFrame: Sendable, Hashable {
  /// The period the figure speaks of: `2023`, `2021-2025`, `到2025`, `2019以来`; empty when the text does not
  /// say (then the figure is compared only with figures that do not say either).
  public var period: String
  /// The words that set the period (`过去一年`, `2024年`, a heading), for messages.
  public var source: String
  /// A part or aggregate of the period (`上半年`, `1-3月`, `以来`, `累计`, `每年`, `其中`), joined.
  public var part: String
  /// Whether the figure is a target or plan (`目标`, `力争`, `预期`, `计划`, `将`) rather than a statement of fact.
  public var target: Bool
  /// A bound or approximation (`以上`, `左右`, `不低于`), empty for an exact figure.
  public var bound: String
  /// The meeting the text reports at this point (`四川省委十二届四次全会`), empty when none.
  public var event: String
  /// The headings the figure is under, outermost first (view offsets).
  public var sections: [Int] = []

  /// Whether two figures are in related parts of the text: one's sections contain the other's (a section's
  /// summary and its subsection's detail), or they part at the top level (`一、总体情况` and `二、主要特点`
  /// restate one text's facts). Sibling subsections (`（一）高新区`, `（二）天府新区`) are parallel topics
  /// whose figures are alike by design and are not compared.
  public func isRelated(to o: FigureFrame) -> Bool {
    var n = 0
    while n < sections.count, n < o.sections.count, sections[n] == o.sections[n] { n += 1 }
    return n == min(sections.count, o.sections.count) || n == 0
  }

  /// `2023年·目标·以上`: the frame in one short cell, `-` when nothing is known.
  public var summary: String {
    let parts = [periodText, part.replacingLiteral("|", with: "·"), target ? "目标" : "", bound, event]
    let s = parts.filter { !$0.isEmpty }.joined(separator: "·")
    return s.isEmpty ? "-" : s
  }

  /// `2023年`, `到2025年`, or empty, for messages.
  public var periodText: String {
    if period.isEmpty { return "" }
    if period.hasSuffix("以来") { return period.replacingLiteral("以来", with: "年以来") }
    return period.replacingLiteral("-", with: "—") + "年"
  }
}

/// Resolves the frame of every figure of a text, from the most specific place that states a time:
/// the figure's sentence, then earlier sentences of its paragraph, then the headings of the sections it is in
/// (`一、2023年工作回顾`, `## 二、今年主要目标`). Relative words (`今年`, `去年`, `明年`, `过去一年`,
/// `今后五年`) are read against the text's date; a baseline (`比上年`, `较2022年`, `上年同期`) sets no frame.
public struct FigureFrames: Sendable {
  /// A mention of a time that can set the frame of the figures after it.
  struct Reference: Sendable, Hashable {
    var at: Int
    var end: Int
    var period: String
    var label: String
    var part: String
  }

  /// What the headings above a paragraph say.
  struct Section: Sendable {
    var paragraph: Range<Int>
    var reference: Reference?
    var target: Bool?
    var isHeading: Bool
    /// Start of every heading above the paragraph, outermost first, and the top level they start at.
    var path: [Int]
  }

  let analysis: FigureAnalysis
  let references: [Reference]
  let sections: [Section]
  /// Figures of months (`1—3月`, `11月`), which name a part of the period of the figures after them.
  let months: [Figure]

  /// Resolves frames for an analysed text.
  public init(_ analysis: FigureAnalysis) {
    self.analysis = analysis
    let refs = FigureFrames.findReferences(analysis)
    references = refs
    sections = FigureFrames.findSections(analysis, references: refs)
    months = analysis.figures.filter { $0.unit == "月" }
  }

  // MARK: - Frames

  /// Words before a figure in its scope that make it a target or plan.
  static let targetWords = [
    "目标", "预期", "力争", "确保", "争取", "计划", "拟", "预计", "将", "到年底", "到年末", "年底前", "年内", "力求", "要",
    "规划",
  ]
  /// Words right after a figure that make it a bound or an approximation.
  static let boundsAfter = ["以上", "以下", "以内", "之内", "左右", "上下", "之间"]
  /// Words right before a figure that make it a bound or an approximation.
  static let boundsBefore = [
    "超过", "不少于", "不低于", "不超过", "不高于", "至少", "最多", "约", "近", "逾", "突破", "控制在", "低于", "高于", "大于",
    "小于",
  ]
  /// Words that make a figure a part or an aggregate of its period.
  static let partWords = [
    "上半年", "下半年", "前三季度", "一季度", "二季度", "三季度", "四季度", "季度", "以来", "累计", "每年", "年均", "平均", "日均",
    "月均", "期间", "其中", "分别", "截至", "截止", "当月", "月份", "同期",
  ]

  /// The frame of a figure.
  public func frame(of f: Figure) -> FigureFrame {
    let a = analysis
    let start = f.viewRange.lowerBound
    let sentence = a.sentence(of: f)
    let paragraph = a.paragraph(containing: start)
    var scopeStart = sentence.lowerBound
    var reference: Reference? = nil
    // A heading such as `二、明年主要目标和重点任务` makes every figure under it a target, wherever its period
    // is stated.
    let section = section(containing: start)
    let headingTarget = section?.target
    if let r = lastReference(in: sentence.lowerBound..<start) {
      reference = r
    } else if let r = lastReference(in: paragraph.lowerBound..<sentence.lowerBound) {
      reference = r
      scopeStart = r.at
    } else if let s = section {
      reference = s.reference
      scopeStart = s.isHeading ? sentence.lowerBound : paragraph.lowerBound
    }
    let scope = scopeStart..<start
    var target = headingTarget ?? false
    if containsTargetWord(scope) { target = true }
    var parts: [String] = []
    if let r = reference, !r.part.isEmpty { parts.append(r.part) }
    let sentenceText = a.string(sentence.lowerBound..<start)
    for w in Self.partWords where sentenceText.containsLiteral(w) && !(w == "季度" && parts.contains { $0.hasSuffix("季度") }) {
      parts.append(w)
    }
    // Months before the figure in its sentence: `1—3月`, `截至11月底`.
    for g in months where sentence.contains(g.viewRange.lowerBound) && g.viewRange.upperBound <= start {
      parts.append(g.text.replacingAllBlanks())
    }
    return FigureFrame(
      period: reference?.period ?? "", source: reference?.label ?? "", part: parts.joined(separator: "|"),
      target: target, bound: bound(of: f), event: a.event(before: start).map { "\($0.key)" } ?? "",
      sections: section?.path ?? [])
  }

  func containsTargetWord(_ r: Range<Int>) -> Bool {
    let v = analysis.view.scalars
    for word in Self.targetWords {
      let w = Array(word.unicodeScalars)
      var i = r.lowerBound
      while i + w.count <= r.upperBound {
        if v[i] == w[0], Array(v[i..<(i + w.count)]) == w {
          if word == "要" {
            // `主要`, `重要`, `需要`, `要素`: not `要` as "shall".
            let before: Set<Unicode.Scalar> = ["主", "重", "需", "只", "必", "纲", "概", "提", "首", "紧", "摘", "简", "扼"]
            let after: Set<Unicode.Scalar> = ["素", "点", "件", "闻", "害", "地", "塞", "职"]
            if i > 0, before.contains(v[i - 1]) { i += 1; continue }
            if i + 1 < v.count, after.contains(v[i + 1]) { i += 1; continue }
          }
          if word == "将", i + 1 < v.count, v[i + 1] == "来" || v[i + 1] == "士" { i += 1; continue }
          return true
        }
        i += 1
      }
    }
    return false
  }

  func bound(of f: Figure) -> String {
    let a = analysis
    let end = f.viewRange.upperBound
    for w in Self.boundsAfter where a.at(end, w) { return w }
    let start = f.viewRange.lowerBound
    for w in Self.boundsBefore {
      let n = w.unicodeScalars.count
      if start >= n, a.at(start - n, w) { return w }
    }
    return ""
  }

  /// The last reference starting inside `r` and ending before its end.
  func lastReference(in r: Range<Int>) -> Reference? {
    guard !r.isEmpty else { return nil }
    // The first reference at or after r.upperBound, then step back.
    var k = references.partitionPoint { $0.at < r.upperBound } - 1
    while k >= 0, references[k].at >= r.lowerBound {
      if references[k].end <= r.upperBound { return references[k] }
      k -= 1
    }
    return nil
  }

  func section(containing i: Int) -> Section? {
    let after = sections.partitionPoint { $0.paragraph.lowerBound <= i }
    return after > 0 ? sections[after - 1] : nil
  }

  // MARK: - References

  static let relativeYears: [(String, Int)] = [
    ("今年", 0), ("本年", 0), ("去年", -1), ("明年", 1), ("前年", -2), ("后年", 2), ("年内", 0),
  ]
  static let pastYearWords = ["过去一年", "过去的一年", "一年来"]
  static let pastFiveYearWords = ["过去五年", "过去的五年", "五年来", "近五年"]
  static let nextFiveYearWords = ["今后五年", "未来五年"]
  /// The first characters of the relative time words (all Han).
  static let referenceStarters = ScalarSet(
    (relativeYears.map(\.0) + pastYearWords + pastFiveYearWords + nextFiveYearWords).compactMap(\.unicodeScalars.first))
  /// Words that make the following time a baseline, not a frame: `比上年`, `较2022年`, `与去年同期相比`.
  static let baselineLeads = ScalarSet(["比", "较", "同", "与", "和", "及", "从", "自"] as [Unicode.Scalar])

  static func findReferences(_ a: FigureAnalysis) -> [Reference] {
    let v = a.view.scalars
    let year = a.date.year
    // A year that has just ended is `过去一年` in January and in December alike: a year-end speech in
    // December reviews the year it is given in.
    let pastYear = a.date.month >= 11 ? year : year - 1
    var out: [Reference] = []
    func part(after e: Int) -> String {
      for w in ["以来", "上半年", "下半年", "前三季度", "一季度", "二季度", "三季度", "四季度", "底", "末"] where a.at(e, w) {
        return w == "底" || w == "末" ? "" : w
      }
      return ""
    }
    func isBaseline(_ at: Int) -> Bool {
      guard at > 0 else { return false }
      if baselineLeads.contains(v[at - 1]) { return true }
      return at > 1 && (a.at(at - 2, "相比") || a.at(at - 2, "对比"))
    }
    var from: (year: Int, at: Int)? = nil  // `从2017年的…`: the start of a span closed by `到2022年`
    for f in a.figures {
      let s = f.viewRange.lowerBound
      let e = f.viewRange.upperBound
      switch f.kind {
      case .year:
        guard let y = f.date?.year else { continue }
        if f.second == nil, s > 0, v[s - 1] == "从" {
          from = (y, s)
          continue
        }
        if f.second == nil, s > 0, v[s - 1] == "到", let start = from, s - start.at <= 40,
          !v[start.at..<s].contains(where: { ScalarClass.isSentenceEnd($0) || $0 == "," })
        {
          out.append(
            Reference(
              at: start.at - 1, end: e, period: "\(start.year)-\(y)", label: "从\(start.year)年到\(f.text)", part: ""))
          from = nil
          continue
        }
        if let y2 = f.dateEnd?.year, f.second != nil {
          if s > 0, v[s - 1] == "从" { continue }
          out.append(Reference(at: s, end: e, period: "\(y)-\(y2)", label: f.text, part: ""))
          continue
        }
        if isBaseline(s) || a.at(e, "远景") || a.at(e, "以前") || a.at(e, "之前") || a.at(e, "同期") { continue }
        if s > 0, v[s - 1] == "到" || v[s - 1] == "至" || a.at(e, "前") {
          let at = s - (v[s - 1] == "到" || v[s - 1] == "至" ? 1 : 0)
          out.append(Reference(at: at, end: e, period: "到\(y)", label: f.text, part: ""))
          continue
        }
        let p = part(after: e)
        out.append(
          Reference(at: s, end: e, period: p == "以来" ? "\(y)以来" : "\(y)", label: f.text, part: p == "以来" ? "" : p))
      case .date:
        guard let y = f.date?.year, !isBaseline(s) else { continue }
        out.append(Reference(at: s, end: e, period: "\(y)", label: f.text, part: ""))
      case .plan:
        // `“十四五”时期`, `“十四五”期间` frame a period; `“十四五”规划` merely names the plan.
        guard let years = FigureStatements.planYears(Int(f.value)) else { continue }
        var k = e
        if k < v.count, v[k] == "”" { k += 1 }
        if a.at(k, "时期") || a.at(k, "期间") || a.at(k, "以来") {
          let period = "\(years.lowerBound)-\(years.upperBound)"
          out.append(Reference(at: s, end: k + 2, period: period, label: f.text, part: ""))
        } else if a.at(k, "末") || a.at(k, "收官") {
          out.append(Reference(at: s, end: k + 1, period: "到\(years.upperBound)", label: f.text, part: ""))
        }
      default:
        continue
      }
    }
    var i = 0
    while i < v.count {
      // Only a character that starts one of the words can start a reference (most characters do not).
      guard Self.referenceStarters.contains(v[i]) else {
        i += 1
        continue
      }
      var matched = false
      for (word, offset) in relativeYears where a.at(i, word) {
        let e = i + word.unicodeScalars.count
        if isBaseline(i) || a.at(e, "同期") || i > 0 && (v[i - 1] == "每" || v[i - 1] == "全") { break }
        // `三年内` is a span of three years, not this year.
        if word == "年内", i > 0, ChineseNumeral.isNumeralScalar(v[i - 1]) || ScalarClass.isDigit(v[i - 1]) { break }
        let p = part(after: e)
        let y = year + offset
        out.append(
          Reference(at: i, end: e, period: p == "以来" ? "\(y)以来" : "\(y)", label: word, part: p == "以来" ? "" : p))
        i = e
        matched = true
        break
      }
      if matched { continue }
      for word in Self.pastYearWords where a.at(i, word) {
        let e = i + word.unicodeScalars.count
        out.append(Reference(at: i, end: e, period: "\(pastYear)", label: word, part: ""))
        i = e
        matched = true
        break
      }
      if matched { continue }
      for word in Self.pastFiveYearWords where a.at(i, word) {
        let e = i + word.unicodeScalars.count
        out.append(Reference(at: i, end: e, period: "\(pastYear - 4)-\(pastYear)", label: word, part: ""))
        i = e
        matched = true
        break
      }
      if matched { continue }
      for word in Self.nextFiveYearWords where a.at(i, word) {
        let e = i + word.unicodeScalars.count
        out.append(Reference(at: i, end: e, period: "\(pastYear + 1)-\(pastYear + 5)", label: word, part: ""))
        i = e
        matched = true
        break
      }
      if matched { continue }
      i += 1
    }
    return out.sorted { ($0.at, $0.end) < ($1.at, $1.end) }
  }

  // MARK: - Sections

  static let targetHeadingWords = ["目标", "任务", "安排", "打算", "计划", "思路", "重点工作", "部署", "展望", "要点"]
  static let resultHeadingWords = ["回顾", "成绩", "成效", "进展", "完成情况", "总结", "基本情况", "运行情况"]

  /// The heading level of a paragraph, or nil for body text. Markdown headings (`## 二、…`) take their `#`
  /// count; otherwise the numbering decides: `第X章` 1, `一、` 2, `（一）` 3, `1.` 4, `(1)` 5; an unnumbered short
  /// line without closing punctuation is a top-level heading.
  static func headingLevel(_ p: Range<Int>, _ a: FigureAnalysis) -> Int? {
    let v = a.view.scalars
    guard !p.isEmpty, let last = p.last.map({ v[$0] }) else { return nil }
    // Markdown: the original line begins with `#`.
    let o = a.text.scalars
    var k = Int(a.view.originalIndex[p.lowerBound])
    var hashes = 0
    while k > 0, !ScalarClass.isNewline(o[k - 1]) {
      k -= 1
      if o[k] == "#" { hashes += 1 } else if !ScalarClass.isBlank(o[k]) { hashes = 0; break }
    }
    if hashes > 0 { return hashes }
    guard p.count <= 40, !ScalarClass.isSentenceEnd(last), last != ":", last != ",", last != ")" || p.count > 2 else {
      return nil
    }
    if v[p.lowerBound] == "—" || v[p.lowerBound] == "(" && last == ")" { return nil }
    let text = a.string(p)
    if text.hasPrefix("第"), text.unicodeScalars.contains(where: { $0 == "章" || $0 == "编" || $0 == "部" || $0 == "节" }) {
      return 1
    }
    let first = v[p.lowerBound]
    if ChineseNumeral.isNumeralScalar(first) {
      var j = p.lowerBound
      while j < p.upperBound, ChineseNumeral.isNumeralScalar(v[j]) { j += 1 }
      if j < p.upperBound, v[j] == "、" { return 2 }
    }
    if first == "(", p.count > 2 {
      return ChineseNumeral.isNumeralScalar(v[p.lowerBound + 1]) ? 3 : 5
    }
    if ScalarClass.isDigit(first) { return 4 }
    // A line of digits and date words only is a date, not a heading.
    if text.unicodeScalars.allSatisfy({ ScalarClass.isDigit($0) || $0 == "年" || $0 == "月" || $0 == "日" }) { return nil }
    return 1
  }

  static func findSections(_ a: FigureAnalysis, references: [Reference]) -> [Section] {
    let v = a.view.scalars
    var out: [Section] = []
    // Per heading level: the reference and target cue of the latest heading at that level.
    var stack: [Int: (Reference?, Bool?, Int)] = [:]
    var start = 0
    var first = true
    while start <= v.count {
      var end = start
      while end < v.count, v[end] != "\n" { end += 1 }
      let p = start..<end
      if !p.isEmpty {
        var level: Int? = nil
        // The first paragraph is the title: it names the text, not a section (`2024年政府工作报告` reviews 2023).
        if !first { level = headingLevel(p, a) }
        first = false
        if let level {
          for key in stack.keys where key >= level { stack[key] = nil }
          let ref = references.first { $0.at >= p.lowerBound && $0.end <= p.upperBound }
          let text = a.string(p)
          var target: Bool? = nil
          if targetHeadingWords.contains(where: { text.containsLiteral($0) }) { target = true }
          if resultHeadingWords.contains(where: { text.containsLiteral($0) }) { target = false }
          stack[level] = (ref, target, p.lowerBound)
        }
        var reference: Reference? = nil
        var target: Bool? = nil
        var path: [Int] = []
        for key in stack.keys.sorted() {
          if let (r, t, at) = stack[key] {
            if let r { reference = r }
            if let t { target = t }
            path.append(at)
          }
        }
        out.append(Section(paragraph: p, reference: reference, target: target, isHeading: level != nil, path: path))
      }
      start = end + 1
    }
    return out
  }

  // MARK: - Subjects

  /// Leading words that locate or qualify a statement without changing what it counts.
  static let leadWords = [
    "过去一年", "一年来", "我们", "我市", "我省", "我区", "我县", "全市", "全省", "全区", "全县", "全州", "全国", "全年", "今年",
    "去年", "明年", "当年", "本年", "年内", "到年底", "年底", "将", "要", "力争", "确保", "争取", "预计", "计划", "拟", "共",
    "其中", "同时", "此外", "另外", "并", "还", "又", "再", "已", "已经", "一共", "总共", "初步核算", "全面", "累计",
    // `要把到2027年新建高标准农田3600亩的任务…`: the directive's object is what is counted.
    "把", "到",
  ].sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }

  /// Verbs that end a subject without changing what it counts: `粮食播种面积稳定在126.5万亩`.
  static let trailWords = ["稳定在", "保持在", "控制在", "维持在"]

  /// The figure's subject with the words the extractor's 12-character window cut off restored, back to the
  /// start of the clause (at most 12 more): `明年全区新建保障性租赁住房` rather than `年全区新建保障性租赁住房`.
  public func fullSubject(of f: Figure) -> String {
    let v = analysis.view.scalars
    let start = f.viewRange.lowerBound
    let window = max(0, start - 12)
    guard window > 0, !FigureExtractor.isDelimiter(v[window - 1]),
      !v[window..<start].contains(where: FigureExtractor.isDelimiter)
    else { return f.subject }
    var a = window
    while a > 0, window - a < 12, !FigureExtractor.isDelimiter(v[a - 1]) { a -= 1 }
    return analysis.string(a..<window) + f.subject
  }

  /// The subject identity (see `subjectIdentity`) of a figure, from its full subject. A change alone after a
  /// comma (`收入达到19860元，同比增长7.6%`) is the change of the previous clause's subject: `收入增长`.
  public func identity(of f: Figure) -> String {
    let own = Self.subjectIdentity(fullSubject(of: f))
    guard own.isEmpty, let change = Self.changeOnly(f.subject), let previous = previousClauseFigure(of: f) else {
      return own
    }
    let theirs = Self.subjectIdentity(fullSubject(of: previous))
    guard !theirs.isEmpty, !Self.changeVerbs.contains(where: { theirs.hasSuffix($0) }) else { return own }
    return theirs + change
  }

  /// Words naming what a change is measured against, the previous year's same period (`环比` is another
  /// measure): `收入同比增长` and `收入增长` of one year are one figure.
  static let comparisonBases = ["同比", "比上年", "较上年"]

  /// Verbs of change a growth rate's subject ends with.
  static let changeVerbs = ["增长", "下降", "提高", "降低", "增加", "减少", "上涨", "回落"]

  /// The change verb when a subject is a change and nothing else (`同比增长`, `比上年增长`, `增长`).
  static func changeOnly(_ subject: String) -> String? {
    var s = subject
    for basis in comparisonBases + ["年均"] where s.hasPrefix(basis) { s.removeFirst(basis.count) }
    return changeVerbs.contains(s) ? s : nil
  }

  /// The figure ending the clause right before `f`'s, in its sentence (one comma between them).
  func previousClauseFigure(of f: Figure) -> Figure? {
    let figures = analysis.figures
    guard let i = figures.firstIndex(where: { $0.viewRange == f.viewRange }), i > 0 else { return nil }
    let p = figures[i - 1]
    let v = analysis.view.scalars
    let between = v[p.viewRange.upperBound..<f.viewRange.lowerBound]
    guard between.filter({ $0 == "," }).count == 1, !between.contains(where: { $0 == ";" || $0 == ":" }),
      analysis.sentence(of: p) == analysis.sentence(of: f), p.kind == .integer || p.kind == .decimal
    else { return nil }
    return p
  }

  /// Words of change or aggregation that do not name what is measured: `年均增长6.5%` after a comma speaks
  /// of the previous clause's subject.
  static let changeWords = [
    "比上年", "同比", "环比", "年均", "平均", "分别", "累计", "增长", "下降", "提高", "降低", "增加", "减少", "上涨", "回落",
    "增速", "达到", "达", "为", "到", "由", "从",
  ]

  /// What a figure counts, for comparing figures within a text: its subject without leading time, place and
  /// manner words (`全年新签约项目` and `新签约项目` are one subject; `城镇新增就业` and `农村新增就业` are not).
  /// Empty when what remains names no subject (`年均增长`, `同比增长`): such a figure is elliptical.
  public static func subjectIdentity(_ subject: String) -> String {
    // The same subjects come back on every lint of a draft (a tenth of the mismatch check's time per edit).
    identities.value(subject, identity(computing:))
  }

  private static let identities = PureMemo<String, String>(limit: 50_000)

  private static func identity(computing subject: String) -> String {
    var s = stripLeads(subject)
    if let trail = trailWords.first(where: { s.hasSuffix($0) }), s.count > trail.count + 2 { s.removeLast(trail.count) }
    for basis in comparisonBases where s.containsLiteral(basis) { s = s.replacingLiteral(basis, with: "") }
    var rest = s
    var changed = true
    while changed {
      changed = false
      for w in changeWords where rest.containsLiteral(w) {
        rest = rest.replacingLiteral(w, with: "")
        changed = true
      }
    }
    return rest.unicodeScalars.filter(ScalarClass.isHan).count >= 2 ? s : ""
  }

  static func stripLeads(_ subject: String) -> String {
    var s = Array(subject.unicodeScalars)
    var changed = true
    while changed && !s.isEmpty {
      changed = false
      // List markers: `一是`, `其二`.
      var n = 0
      while n < s.count, ChineseNumeral.isNumeralScalar(s[n]) { n += 1 }
      if n > 0, n < s.count, s[n] == "是" {
        s.removeFirst(n + 1)
        changed = true
      }
      // `在2023年…的基础上`: the preposition before a year.
      if s.count > 1, s[0] == "在", ScalarClass.isDigit(s[1]) {
        s.removeFirst()
        changed = true
      }
      // Years, dates and numbers at the start: `2023年`, `1—3月`.
      var k = 0
      while k < s.count,
        ScalarClass.isDigit(s[k]) || s[k] == "." || s[k] == "-" || s[k] == "—"
          || (k > 0 && ScalarClass.isDigit(s[k - 1]) && (s[k] == "年" || s[k] == "月" || s[k] == "日"))
      {
        k += 1
      }
      if k > 0 {
        s.removeFirst(k)
        changed = true
      }
      for w in leadWords {
        let ws = Array(w.unicodeScalars)
        if s.count > ws.count, Array(s.prefix(ws.count)) == ws {
          s.removeFirst(ws.count)
          changed = true
          break
        }
      }
    }
    return String(scalarSlice: s)
  }
}
