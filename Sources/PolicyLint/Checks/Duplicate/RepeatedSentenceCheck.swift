import PolicyText

/// `duplicate/sentence`: the same sentence written twice in a draft, however far apart.
///
/// Sentences are compared by their wording (`ContentText`: punctuation, quotes, blanks and extraction noise
/// ignored) after a leading list marker (`一是`, `（二）`, `3.`, `首先，`) is set aside, so the same point
/// made twice under two numbers is caught. Parallel structures (`坚持统筹谋划、协同推进，坚持因地制宜…`) share
/// a frame but not their wording, so they never compare equal. Short sentences (`全会认为：`) are below
/// `sentenceMinLength` and ignored. One hash-table pass: linear in the draft. A long sentence (20 wording
/// characters or more) written again with a word changed (`拼经济搞建设` → `拼经济抓建设`) is a near repeat,
/// the old sentence left behind by an edit: found through a table of earlier sentences' halves, and reported
/// unless only numbers differ (the same sentence of another year).
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
      // The same sentence with a word changed, two paragraphs on.
      CheckExample(
        "全市上下要坚定信心、真抓实干，全力以赴拼经济搞建设。\n各部门要抓好落实。\n"
          + "⟦全市上下要坚定信心、真抓实干，全力以赴拼经济抓建设。⟧"),
    ],
    nonTriggering: [
      CheckExample(
        "要建立省负总责、部门协同配合、市县抓落实的工作格局，坚持统筹谋划、协同推进，坚持因地制宜、循序渐进，"
          + "坚持守正创新、防范风险。"),
      CheckExample(
        "要着眼解决流通不畅问题促进要素融合。要着眼解决联动不足问题促进产业融合。要着眼解决供给不均问题促进设施融合。"
          + "要着眼解决管理不优问题促进治理融合。"),
      CheckExample("让农业强起来、农村旺起来、农民富起来。让城市更宜居、乡村更美丽。"),
      CheckExample("2023年全市地区生产总值增长6.1%，规模以上工业增加值增长8.3%。2024年全市地区生产总值增长6.5%，规模以上工业增加值增长8.8%。"),
      CheckExample("要着眼解决流通不畅问题促进城乡要素双向融合。要着眼解决联动不足问题促进城乡产业协同融合。"),
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

  /// Shortest sentence (wording characters) compared for a near repeat: shorter ones differing by a word
  /// are as often parallel statements.
  static let nearMinLength = 20
  /// Most character edits between a sentence and its near repeat.
  static let nearEdits = 2
  /// Earlier sentences kept per half for near repeats.
  static let nearCandidates = 8

  public func run(_ context: CheckContext) -> [Finding] {
    let draft = context.draft
    let view = draft.view
    let minLength = max(1, Int(context.threshold(Self.minLength).rounded()))
    var firstSeen: [ScalarKey: Range<Int>] = [:]
    var findings: [Finding] = []
    // Earlier long sentences by their first and their second half, for near repeats (a word changed in one
    // of two copies: with one or two edits in one half, the other half is the same).
    var byHalf: [ScalarKey: [(key: [Unicode.Scalar], original: Range<Int>)]] = [:]
    for sentence in draft.sentences {
      let body = Self.bodyRange(view, sentence)
      let key = ContentText(view, range: body).scalars
      guard key.count >= minLength, Self.hasWords(key) else { continue }
      let original = view.originalRange(sentence)
      let hashed = ScalarKey(key)
      guard let first = firstSeen[hashed] else {
        firstSeen[hashed] = original
        if key.count >= Self.nearMinLength {
          let halves = [ScalarKey(Array(key[..<(key.count / 2)])), ScalarKey(Array(key[(key.count / 2)...]))]
          let earlier = halves.lazy.compactMap { byHalf[$0] }.joined()
          if let near = earlier.first(where: { Self.isNearRepeat($0.key, key) }) {
            findings.append(nearRepeat(near.original, near.key, sentence, key, draft))
          }
          // A few sentences per half are enough to find a near repeat, and keep the pass linear in a draft
          // of one template filled again and again (`第1项工作…`, `第2项工作…`).
          for h in halves where byHalf[h, default: []].count < Self.nearCandidates {
            byHalf[h, default: []].append((key, original))
          }
        }
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

  /// Whether `b` repeats `a` with a word changed: one or two characters' edits, not only in numbers (the same
  /// sentence of another year or figure is a parallel statement).
  static func isNearRepeat(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
    guard abs(a.count - b.count) <= nearEdits else { return false }
    // The edit distance is the middles' (a shared start and end change nothing), and they are short.
    let (x, y) = SloganText.middle(a, b)
    guard !x.isEmpty || !y.isEmpty, !(x + y).contains(where: SloganText.isNumeral) else { return false }
    let d = SloganText.distance(x, Array(y), limit: nearEdits)
    return d >= 1 && d <= nearEdits
  }

  /// A finding for `sentence`, which repeats the earlier sentence at `first` with a word changed.
  func nearRepeat(
    _ first: Range<Int>, _ firstKey: [Unicode.Scalar], _ sentence: Range<Int>, _ key: [Unicode.Scalar],
    _ draft: DraftDocument
  ) -> Finding {
    let line = draft.text.lines.line(containing: first.lowerBound) + 1
    let (x, y) = SloganText.middle(firstKey, key)
    let was = x.isEmpty ? "" : "「\(SloganText.string(x))」"
    let now = y.isEmpty ? "" : "「\(SloganText.string(y))」"
    // Two edits apart show as one long stretch with the same text inside: then only say there are two.
    let change =
      max(x.count, y.count) > 4
      ? "有两处用字不同" : was.isEmpty ? "多出\(now)" : now.isEmpty ? "少了\(was)" : "\(was)改作\(now)"
    return Finding(
      code: Self.description.code, severity: Self.description.defaultSeverity,
      range: draft.view.originalRange(sentence),
      message: "此句与第\(line)行的句子几乎相同（\(change)）：“\(Self.excerpt(draft.view, sentence))”；"
        + "疑为修改后未删去旧句，应删去一处。",
      related: [Evidence(location: .draft(first), message: "相近的句子（第\(line)行）")])
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
