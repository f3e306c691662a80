import PolicyText

/// `duplicate/sentence`: the same sentence written twice in a draft, however far apart.
///
/// Sentences are compared by their wording (`ContentText`: punctuation, quotes, blanks and extraction noise
/// ignored) after a leading list marker (`一是`, `（二）`, `3.`, `首先，`) is set aside, so the same point
/// made twice under two numbers is caught. Parallel structures (`坚持统筹谋划、协同推进，坚持因地制宜…`) share
/// a frame but not their wording, so they never compare equal. Short sentences (`全会认为：`) are below
/// `sentenceMinLength` and ignored. One hash-table pass: linear in the draft.
public struct RepeatedSentenceCheck: Check {
  /// Shortest sentence compared, in wording characters (Han, letters, digits).
  static let minLength = CheckOption(
    key: "sentenceMinLength", defaultValue: 10,
    summary: "shortest sentence, in characters of wording (punctuation not counted), that duplicate/sentence compares")

  public static let description = CheckDescription(
    code: "duplicate/sentence",
    name: "Repeated sentence",
    defaultSeverity: .warning,
    rationale: "同一句话在稿中出现两次（标点、空格、换行不计），多为粘贴或合并稿件时遗留；排比等句式相同而内容不同的不报。",
    options: [minLength],
    triggering: [
      CheckExample(
        "全会要求，着力写好“四个融合”大文章，促进要素融合、产业融合、设施融合、治理融合。要坚持以成渝地区双城经济圈建设为总牵引。\n"
          + "三、贯彻要求\n⟦全会要求，着力写好“四个融合”大文章，促进要素融合、产业融合、设施融合、治理融合。⟧"),
      CheckExample(
        "一是加强基层党组织建设和党员队伍建设。二是完善乡村治理体系。⟦三是加强基层党组织建设和党员队伍建设。⟧"),
      CheckExample(
        "坚持农业农村优先发展，强化以工补农、以城带乡。\n其他内容从略。\n⟦坚持农业农村优先\n发 展 ， 强化以工补农、以城带乡。⟧\n结束。"),
      CheckExample(
        "推进城乡融合发展，事关中国式现代化全局！会议结束。⟦推进城乡融合发展，事关中国式现代化全局！⟧又及。"
          + "⟦推进城乡融合发展，事关中国式现代化全局。⟧"),
    ],
    nonTriggering: [
      CheckExample(
        "要建立省负总责、部门协同配合、市县抓落实的工作格局，坚持统筹谋划、协同推进，坚持因地制宜、循序渐进，"
          + "坚持守正创新、防范风险。"),
      CheckExample(
        "要着眼解决流通不畅问题促进要素融合。要着眼解决联动不足问题促进产业融合。要着眼解决供给不均问题促进设施融合。"
          + "要着眼解决管理不优问题促进治理融合。"),
      CheckExample("让农业强起来、农村旺起来、农民富起来。让城市更宜居、乡村更美丽。"),
      CheckExample("全会认为：形势严峻。全会认为：任务艰巨。一是。二是。谢谢大家！谢谢大家！"),
      // A signature date at the end repeats the dateline under the title: that is form, not a copy.
      CheckExample("关于做好有关工作的通知\n（二〇二三年十二月二十六日）\n\n各单位要抓好落实。\n\n省委办公厅\n二〇二三年十二月二十六日"),
    ])

  public init() {}

  /// Whether a sentence says something beyond a date or a number: at least four Han characters that are not
  /// numerals or date units. A closing signature date repeating the dateline is not a repeated sentence.
  static func hasWords(_ key: [Unicode.Scalar]) -> Bool {
    var words = 0
    for s in key where ScalarClass.isHan(s) && !ListMarker.isChineseDigit(s) {
      switch s {
      case "年", "月", "日", "号", "时", "分", "千", "万", "亿", "零": continue
      default: words += 1
      }
      if words >= 4 { return true }
    }
    return false
  }

  public func run(_ context: CheckContext) -> [Finding] {
    let draft = context.draft
    let view = draft.view
    let minLength = max(1, Int(context.threshold(Self.minLength).rounded()))
    var firstSeen: [ScalarKey: Range<Int>] = [:]
    var findings: [Finding] = []
    for sentence in draft.sentences {
      let body = Self.bodyRange(view, sentence)
      let key = ContentText(view, range: body).scalars
      guard key.count >= minLength, Self.hasWords(key) else { continue }
      let original = view.originalRange(sentence)
      let hashed = ScalarKey(key)
      guard let first = firstSeen[hashed] else {
        firstSeen[hashed] = original
        continue
      }
      let line = draft.text.lines.line(containing: first.lowerBound) + 1
      let quoted = Self.excerpt(view, sentence)
      findings.append(
        Finding(
          code: Self.description.code, severity: Self.description.defaultSeverity, range: original,
          message: "此句与第\(line)行的句子重复：“\(quoted)”；应删去一处或改写。",
          related: [Evidence(location: .draft(first), message: "首次出现（第\(line)行）")],
          fixes: [Fix(title: "删去重复的句子", edits: [TextEdit(range: original, newText: "")])]))
    }
    return findings
  }

  static let sequenceWords: [[Unicode.Scalar]] = ["首先", "其次", "再次", "最后"].map { Array($0.unicodeScalars) }

  /// The sentence without a leading list marker: `一是`, `（二）`, `3.`, `三、`, `第一，`, `首先，`.
  static func bodyRange(_ view: MatchingView, _ sentence: Range<Int>) -> Range<Int> {
    let s = view.scalars
    var i = sentence.lowerBound
    let end = sentence.upperBound
    func isNumber(_ c: Unicode.Scalar) -> Bool { ListMarker.isChineseDigit(c) || ScalarClass.isDigit(c) }
    if i < end && s[i] == "(" {
      var j = i + 1
      while j < end && j - i <= 4 && isNumber(s[j]) { j += 1 }
      if j > i + 1 && j < end && s[j] == ")" { return (j + 1)..<end }
      return sentence
    }
    for word in Self.sequenceWords where s[i..<min(end, i + 2)].elementsEqual(word) {
      i += 2
      if i < end && (s[i] == "," || s[i] == "、") { i += 1 }
      return i..<end
    }
    var j = i
    if j < end && s[j] == "第" { j += 1 }
    let digits = j
    while j < end && j - digits < 4 && isNumber(s[j]) { j += 1 }
    guard j > digits, j < end else { return sentence }
    if s[j] == "、" || s[j] == "是" || (s[j] == "," && s[i] == "第") { return (j + 1)..<end }
    if s[j] == "." && j + 1 < end && !ScalarClass.isDigit(s[j + 1]) { return (j + 1)..<end }
    return sentence
  }

  /// The sentence as quoted in a message, shortened when long.
  static func excerpt(_ view: MatchingView, _ sentence: Range<Int>) -> String {
    let text = SloganText.displayed(view.string(sentence))
    let scalars = Array(text.unicodeScalars)
    guard scalars.count > 30 else { return text }
    return String(scalarSlice: scalars[0..<28]) + "……"
  }
}
