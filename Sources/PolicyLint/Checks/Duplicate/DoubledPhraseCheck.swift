import PolicyText

/// `duplicate/doubled`: a phrase written twice in a row, the commonest trace of cut-and-paste editing
/// (`…社会主义思想\n\n社会主义思想主题教育`, `的的`, `要要`).
///
/// Works on the matching view, so a line or page break, a page reference or blanks between the copies do
/// not hide the double, and reports the second copy at its exact original characters. For each unit length
/// `L` one pass finds runs where `view[j] == view[j + L]`; a run of `L` or more is a tandem repeat. That is
/// `O(n · maxUnitLength)`, linear in the draft. Legitimate reduplication (`清清白白`, `常常`, `一个一个`,
/// `研究研究`) is told apart by `Reduplication`.
public struct DoubledPhraseCheck: Check {
  /// Longest unit looked for, in view characters; longer repeats are sentences (`duplicate/sentence`).
  static let maxUnitLength = 40

  public static let description = CheckDescription(
    code: "duplicate/doubled",
    name: "Doubled phrase",
    defaultSeverity: .warning,
    rationale: "同一词语接连写了两遍（常见于修改、粘贴后遗留），如“的的”“社会主义思想社会主义思想”；叠词等正常重叠不报。",
    triggering: [
      CheckExample("精心组织开展学习贯彻习近平新时代中国特色社会主义思想\n\n⟦社会主义思想⟧主题教育，大力推进成渝地区双城经济圈建设。"),
      CheckExample("要坚持稳中求进工作总基调，推动经济运行的⟦的⟧整体好转。"),
      CheckExample("各地要⟦要⟧把城乡融合发展摆在突出位置。"),
      CheckExample("统筹推进城乡规划布局，加快构建县乡\n村功能衔接互补格局 下转 02 版\n⟦县乡村功能衔接互补格局⟧，推进乡村全面振兴。"),
      CheckExample("各级党委要深入学习贯彻全会精神\n⟦精 神⟧，研究部署贯彻落实工作。"),
      CheckExample("全会要求，坚持农业农村优先发展，⟦坚持农业农村优先发展，⟧强化以工补农、以城带乡。"),
      CheckExample("要提高城乡要素协同配置效率⟦效率⟧。"),
      CheckExample("坚持稳中求进、以进促稳、先立后破、⟦先立后破⟧，推动经济持续回升向好。"),
    ],
    nonTriggering: [
      CheckExample("干部要清清白白做人、干干净净做事，实实在在谋发展，常常想、天天学，紧紧扭住、牢牢把握。"),
      CheckExample("一步一个脚印推动落实，把任务一项一项落到实处，一个一个解决问题，看一看、比一比。"),
      CheckExample("我们要好好研究研究这个问题，的的确确把工作做细，各美其美、美美与共，久久为功。"),
      CheckExample("以人民为目的的发展需要要素保障，为了了解情况，要在在建项目中推行，加强对对外投资的监管。"),
      CheckExample("关键是是否落实，坚持民主和和谐，做到一一对应，2020年、2021年连续增长。"),
      CheckExample("坚持统筹谋划、协同推进，坚持因地制宜、循序渐进，让农业强起来、农村旺起来、农民富起来。"),
      CheckExample("全会强调要抓落实。\n落实是关键，促进要素融合、产业融合。"),
      CheckExample("坚持稳中求进、以进促稳、先立后破，统筹发展、安全，发展、安全两件大事都要抓好。"),
      CheckExample("全会部署了主要任务。\n坚持党的领导\n坚持党的领导是根本保证，对对联、和和美美。"),
    ],
    scope: .paragraph)

  public init() {}

  public func run(_ context: CheckContext) -> [Finding] {
    let view = context.draft.view
    let s = view.scalars
    let n = s.count
    guard n >= 2 else { return [] }
    var claimed = [Bool](repeating: false, count: n)
    var findings: [Finding] = []
    for length in 1...min(Self.maxUnitLength, n / 2) {
      var runStart = 0
      var run = 0
      var j = 0
      while j + length < n {
        if s[j] == s[j + length] && !Self.isBoundary(s[j]) {
          if run == 0 { runStart = j }
          run += 1
        } else {
          if run >= length, let f = tandem(at: runStart, run: run, length: length, context, &claimed) { findings.append(f) }
          run = 0
        }
        j += 1
      }
      if run >= length, let f = tandem(at: runStart, run: run, length: length, context, &claimed) { findings.append(f) }
    }
    findings += doubledMembers(context, &claimed)
    return findings
  }

  /// A list member written twice in a row, `先立后破、先立后破，`: the tandem search above misses it when the
  /// second copy ends the list (the `、` after the first copy has no match after the second).
  private func doubledMembers(_ context: CheckContext, _ claimed: inout [Bool]) -> [Finding] {
    let view = context.draft.view
    let s = view.scalars
    var findings: [Finding] = []
    var start = 0
    var previous: Range<Int>?
    for i in 0...s.count {
      let c: Unicode.Scalar = i < s.count ? s[i] : "\n"
      guard !ScalarClass.isHan(c) else { continue }
      let segment = start..<i
      if let p = previous, segment.count >= 2, segment.count <= Self.maxUnitLength,
        s[p].elementsEqual(s[segment]), c != "、" || i == s.count,
        !(p.lowerBound..<segment.upperBound).contains(where: { claimed[$0] })
      {
        for k in p.lowerBound..<segment.upperBound { claimed[k] = true }
        let phrase = view.string(segment)
        let first = view.originalRange(p)
        let deletion = view.originalRange((p.upperBound)..<segment.upperBound)
        findings.append(
          Finding(
            code: Self.description.code, severity: Self.description.defaultSeverity,
            range: view.originalRange(segment),
            message: "“\(phrase)”在并列的词语中接连写了两遍，疑为修改时遗留，应只保留一处。",
            related: [Evidence(location: .draft(first), message: "第一处“\(phrase)”")],
            fixes: [Fix(title: "删去重复的“\(phrase)”", edits: [TextEdit(range: deletion, newText: "")])]))
      }
      // A segment of Han closed by `、` may be followed by its copy; anything else closes the list.
      previous = c == "、" && segment.count >= 2 ? segment : nil
      start = i + 1
    }
    return findings
  }

  /// A double never spans the end of a sentence or a block: `…抓落实。\n落实是关键` is two sentences.
  static func isBoundary(_ s: Unicode.Scalar) -> Bool {
    s == "\n" || s == ":" || ScalarClass.isSentenceEnd(s)
  }

  /// Characters a doubled unit may hold besides wording: quotes and title marks, and ASCII blanks between words.
  static func isInnerMark(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "“", "”", "‘", "’", "《", "》", "「", "」", "(", ")", " ", "·": return true
    default: return false
    }
  }

  /// Judges the tandem repeat `view[start ..< start + run + length]` of period `length`; a finding when it is a slip.
  private func tandem(
    at start: Int, run: Int, length: Int, _ context: CheckContext, _ claimed: inout [Bool]
  ) -> Finding? {
    let view = context.draft.view
    let s = view.scalars
    let copies = (run + length) / length
    let slack = run + length - copies * length
    // Pick the first rotation whose unit reads as a phrase: wording and quotes, at most a trailing `，`/`、`.
    var chosen: Int?
    var pure = true
    for a in start...(start + slack) {
      var han = 0
      var ok = true
      var hasMark = false
      for i in a..<(a + length) {
        let c = s[i]
        if ScalarClass.isHan(c) {
          han += 1
        } else if ContentText.isContent(c) || Self.isInnerMark(c) {
          hasMark = hasMark || !ContentText.isContent(c)
        } else if (c == "," || c == "、") && i == a + length - 1 {
          hasMark = true
        } else {
          ok = false
          break
        }
      }
      if ok && han >= (hasMark ? 2 : 1) {
        chosen = a
        pure = !hasMark
        break
      }
    }
    guard let a = chosen else { return nil }
    let unit = s[a..<(a + length)]
    if length > 1 && Self.hasShorterPeriod(unit) { return nil }
    if length == 1 {
      guard Reduplication.isSlip(singleCharacter: s[a], in: s, at: a) else { return nil }
    } else if pure && Reduplication.isLegitimate(unit: unit) {
      return nil
    }
    if Self.isHeadingEcho(view, unit: a..<(a + length), text: context.draft.text) { return nil }
    let area = a..<(a + copies * length)
    if area.contains(where: { claimed[$0] }) { return nil }
    for i in area { claimed[i] = true }

    let firstView = a..<(a + length)
    let restView = (a + length)..<(a + copies * length)
    let first = view.originalRange(firstView)
    let rest = view.originalRange(restView)
    // Whitespace and line breaks between the copies go with the copy, so `思想\n\n思想主题` becomes
    // `思想主题`; anything else there (a page reference, a comment) is kept.
    let original = context.draft.text.scalars
    let gap = first.upperBound..<max(first.upperBound, rest.lowerBound)
    let gapIsBlank = gap.allSatisfy { ScalarClass.isBlank(original[$0]) || ScalarClass.isNewline(original[$0]) }
    let deletion = (gapIsBlank ? gap.lowerBound : rest.lowerBound)..<rest.upperBound

    let phrase = SloganText.displayed(view.string(firstView))
    let times = copies == 2 ? "两" : "\(copies)"
    let expected = Self.expectedForm(view, unit: firstView, after: restView.upperBound)
    return Finding(
      code: Self.description.code, severity: Self.description.defaultSeverity, range: rest,
      message: "“\(phrase)”接连写了\(times)遍，疑为修改时遗留，应只保留一处：“\(expected)”。",
      related: [Evidence(location: .draft(first), message: "第一处“\(phrase)”")],
      fixes: [Fix(title: "删去重复的“\(phrase)”", edits: [TextEdit(range: deletion, newText: "")])])
  }

  /// Whether the first copy is a heading line of its own that the next paragraph opens by repeating
  /// (`坚持党的领导\n坚持党的领导是根本保证。`): the view joins an unpunctuated heading to what follows, but a
  /// writer sees two lines. A whole line starting a block, short as headings are, is taken for a heading; a
  /// copy at the end of a longer line (`…社会主义思想\n\n社会主义思想主题教育`) is not.
  static func isHeadingEcho(_ view: MatchingView, unit: Range<Int>, text: SourceText) -> Bool {
    guard unit.count <= 30, unit.lowerBound == 0 || view.scalars[unit.lowerBound - 1] == "\n" else { return false }
    let original = view.originalRange(unit)
    let line = text.lines.line(containing: original.lowerBound)
    var end = text.lines.contentEnds[line]
    while end > original.upperBound && ScalarClass.isBlank(text.scalars[end - 1]) { end -= 1 }
    return end == original.upperBound
  }

  /// Whether a unit is itself a repeat of something shorter (`的的` is a double of `的`, reported as such).
  static func hasShorterPeriod(_ unit: ArraySlice<Unicode.Scalar>) -> Bool {
    let u = Array(unit)
    for p in 1..<u.count where u.count % p == 0 {
      if (p..<u.count).allSatisfy({ u[$0] == u[$0 - p] }) { return true }
    }
    return false
  }

  /// The text as it should read: a few characters of context on each side of one copy.
  static func expectedForm(_ view: MatchingView, unit: Range<Int>, after end: Int) -> String {
    let s = view.scalars
    // A short unit (`的`, `要要`) reads only with its neighbours; a phrase reads with what follows it, or
    // with what precedes it when a comma follows.
    let after = unit.count <= 2 ? 2 : 4
    var hi = end
    while hi < s.count && hi - end < after && ContentText.isContent(s[hi]) { hi += 1 }
    let before = unit.count <= 2 ? 2 : hi == end ? 4 : 0
    var lo = unit.lowerBound
    while lo > 0 && unit.lowerBound - lo < before && ContentText.isContent(s[lo - 1]) { lo -= 1 }
    return SloganText.displayed(view.string(lo..<unit.upperBound) + view.string(end..<hi))
  }
}
