import PolicyText

/// `figure/anniversary`: `N周年` that does not fit the founding year the draft or the corpus implies, read
/// against the year the sentence speaks of (`明年`, `今年`, `即将到来的2024年`, resolved with the draft's
/// date); and a five-year plan named for a year it does not cover (`2026年是“十四五”规划的关键一年`).
public struct FigureAnniversaryCheck: Check {
  public static let description = CheckDescription(
    code: "figure/anniversary", name: "AnniversaryArithmetic", defaultSeverity: .warning,
    rationale: "周年数要和成立年份、文稿所说的年份对得上；跨年改稿时“明年是…周年”最容易算错。",
    triggering: [
      CheckExample(
        "明年是中俄建交⟦76周年⟧，中方愿同俄方共同把握历史大势。",
        corpus: [ExampleDocument("明年是中俄建交75周年，中方愿同俄方共同把握历史大势。", date: "2023-11-20")],
        date: "2023-12-01"),
      CheckExample(
        "明年是新中国成立⟦75周年⟧，是实现规划目标任务的关键一年。",
        corpus: [ExampleDocument("明年是新中国成立75周年。", date: "2023-12-28")], date: "2024-12-20"),
      CheckExample("今年是新中国成立75周年。2025年是中华人民共和国成立⟦77周年⟧。", date: "2024-03-01"),
      CheckExample("明年是实现“⟦十四五⟧”规划目标任务的关键一年。", date: "2025-12-20"),
      CheckExample("今年是“⟦十四五⟧”规划开局之年。", date: "2025-03-10"),
      CheckExample("明年是新中国成立⟦75周年⟧，做好明年工作意义重大。", date: "2022-12-05"),
    ],
    nonTriggering: [
      CheckExample(
        "即将到来的2024年是中华人民共和国成立75周年，是实施“十四五”规划的关键一年。",
        corpus: [ExampleDocument("明年是新中国成立75周年。", date: "2023-12-28")], date: "2023-12-28"),
      CheckExample(
        "2024年，我们将迎来两国建交60周年。法方愿以明年法中建交60周年为契机。",
        corpus: [ExampleDocument("明年是中法建交60周年。", date: "2023-06-01")], date: "2023-11-20"),
      CheckExample("今年是中欧建立全面战略伙伴关系20周年。", date: "2023-11-20"),
      CheckExample("“十四五”规划和2035年远景目标纲要。", date: "2026-03-01"),
      CheckExample("2025年是“十四五”规划收官之年，也是谋划“十五五”发展的关键之年。", date: "2025-03-01"),
      CheckExample("2021年是“十四五”规划开局之年，也是中国共产党成立100周年。", date: "2021-03-01"),
      CheckExample("明年是新中国成立75周年，是实施“十四五”规划的关键一年。", date: "2023-12-05"),
    ])

  public init() {}

  public func run(_ context: CheckContext) -> [Finding] {
    let a = context.figureAnalysis
    var out: [Finding] = []
    let code = Self.description.code
    let severity = Self.description.defaultSeverity
    var seen: [String: AnniversaryStatement] = [:]
    for s in FigureStatements.anniversaries(in: a) {
      defer { if seen[s.subject] == nil { seen[s.subject] = s } }
      let yearText = s.yearSource.hasSuffix("年") && s.yearSource.first?.isNumber == true
        ? s.yearSource : "\(s.yearSource)（\(s.year)年）"
      // The draft's own earlier statement of the same subject.
      if let first = seen[s.subject], first.founded != s.founded {
        let right = s.year - first.founded
        out.append(
          Finding(
            code: code, severity: severity, range: s.figure.range,
            message: "周年数前后矛盾：前文“\(first.figure.text)”意味着\(s.subject)始于\(first.founded)年，"
              + "则\(yearText)应是\(right)周年。",
            related: [Evidence(location: .draft(first.figure.range), message: "前文：\(first.subject)\(first.figure.text)")],
            fixes: fix(s.figure, right)))
        continue
      }
      // The corpus: founding years implied by its anniversaries, when they agree.
      let all = context.corpus.figures.anniversaries
      let indices = context.corpus.figures.anniversaryIndices(subject: s.subject).filter {
        context.isEvidence(documentID: all[$0].document)
      }
      guard let founded = indices.first.map({ all[$0].founded }), indices.allSatisfy({ all[$0].founded == founded })
      else {
        // Nothing in the corpus, or statements that disagree: a founding every office knows (`新中国成立`
        // in 1949).
        if let known = FigureStatements.knownFoundings[s.subject], known != s.founded {
          let right = s.year - known
          out.append(
            Finding(
              code: code, severity: severity, range: s.figure.range,
              message: "周年数有误：\(s.subject)于\(known)年，\(yearText)应是\(right)周年，不是\(s.figure.valueText)周年。",
              fixes: fix(s.figure, right)))
        }
        continue
      }
      guard founded != s.founded else { continue }
      let right = s.year - founded
      let related = indices.prefix(3).map { i -> Evidence in
        let fact = all[i]
        return context.corpusFactEvidence(
          fact.document, fact.range,
          "\(fact.yearSource)（\(fact.year)年）是\(fact.subject)\(fact.text.replacingAllBlanks())，即始于\(founded)年")
      }
      out.append(
        Finding(
          code: code, severity: severity, range: s.figure.range,
          message: "周年数有误：\(s.subject)始于\(founded)年（据语料），\(yearText)应是\(right)周年，不是\(s.figure.valueText)周年。",
          related: Array(related), fixes: fix(s.figure, right)))
    }
    out += planYears(a)
    return out
  }

  /// Verbs that name a plan while it is being prepared.
  static let preparing = ["谋划", "编制", "筹划", "研究", "启动", "衔接", "迎接", "起草", "前期", "研编"]

  func fix(_ f: Figure, _ right: Int) -> [Fix] {
    guard right > 0 else { return [] }
    let text = f.chinese ? ChineseNumeral.spell(Int64(right)) : String(right)
    return [Fix(title: "改为“\(text)周年”", edits: [TextEdit(range: f.numeralRange, newText: text)])]
  }

  /// `Y是“十四五”…(关键)一年/之年`, `“十四五”时期（2016—2020年）`: the year must lie within the plan.
  func planYears(_ a: FigureAnalysis) -> [Finding] {
    var out: [Finding] = []
    let v = a.view.scalars
    for f in a.figures where f.kind == .plan {
      guard let years = FigureStatements.planYears(Int(f.value)) else { continue }
      let sentence = a.sentence(of: f)
      let name = "“\(f.text)”规划"
      // A written span right after the name: `“十四五”时期（2016—2020年）`.
      if let span = a.figures.first(where: {
        $0.kind == .year && $0.second != nil && $0.viewRange.lowerBound > f.viewRange.upperBound
          && $0.viewRange.lowerBound - f.viewRange.upperBound <= 6
      }), let lo = span.date?.year, let hi = span.dateEnd?.year, lo != years.lowerBound || hi != years.upperBound {
        out.append(
          Finding(
            code: code, severity: severity, range: span.range,
            message: "\(name)的起止年份是\(years.lowerBound)—\(years.upperBound)年，不是\(lo)—\(hi)年。"))
        continue
      }
      // `明年是…“十四五”规划…的关键一年`: the year the sentence is set in, before the plan's name.
      let after = a.string(f.viewRange.upperBound..<min(sentence.upperBound, f.viewRange.upperBound + 16))
      guard after.containsLiteral("一年") || after.containsLiteral("之年") else { continue }
      let refs = FigureStatements.yearReferences(in: a, sentence: sentence, before: f.viewRange.lowerBound)
      guard let ref = refs.last else { continue }
      let between = a.string(ref.viewRange.upperBound..<f.viewRange.lowerBound)
      guard between.containsLiteral("是") else { continue }
      // `开局之年` is the plan's first year, `收官之年` its last.
      if years.contains(ref.year), let (word, year) = Self.planPosition(after, years), year != ref.year {
        out.append(
          Finding(
            code: code, severity: severity, range: f.range,
            message: "\(ref.text)（\(ref.year)年）不是\(name)的\(word)：\(name)的\(word)是\(year)年"
              + "（\(years.lowerBound)—\(years.upperBound)年）。"))
        continue
      }
      guard !years.contains(ref.year) else { continue }
      // `谋划“十五五”发展的关键之年`, `编制“十五五”规划`: a plan being prepared is named in the years before it.
      let lead = a.string(max(sentence.lowerBound, f.viewRange.lowerBound - 5)..<f.viewRange.lowerBound)
      if Self.preparing.contains(where: { lead.containsLiteral($0) }), (years.lowerBound - 2)..<years.lowerBound ~= ref.year {
        continue
      }
      _ = v
      out.append(
        Finding(
          code: code, severity: severity, range: f.range,
          message: "\(ref.text)（\(ref.year)年）不在\(name)期内：“\(f.text)”指\(years.lowerBound)—\(years.upperBound)年。"))
    }
    return out
  }

  /// The position in a plan that the words after its name give (`开局之年`: the first year, `收官之年`: the
  /// last), with the year it means; nil for any other year (`关键一年`).
  static func planPosition(_ after: String, _ years: ClosedRange<Int>) -> (String, Int)? {
    for word in ["开局之年", "开局年", "起步之年", "第一年", "首年"] where after.containsLiteral(word) {
      return (word, years.lowerBound)
    }
    for word in ["收官之年", "收官年", "最后一年", "决胜之年"] where after.containsLiteral(word) {
      return (word, years.upperBound)
    }
    return nil
  }

  var code: String { Self.description.code }
  var severity: Severity { Self.description.defaultSeverity }
}
