import PolicyText

/// `figure/numeral-form` (optional, off by default): one number or date written in two numeral forms, against
/// GB/T 15835—2011 《出版物上数字的用法》: a date mixing Chinese and Arabic numerals (`二〇二三年8月`,
/// `2023年十一月`), and a digit-by-digit Chinese numeral holding an Arabic digit or a look-alike of `〇`
/// (`二0二三`, `二O二三`, `二○二三`).
///
/// Off by default because a house style may accept what the standard does not; turn it on with
/// `"figure/numeral-form": "warning"` under `rules`.
public struct FigureNumeralFormCheck: Check {
  public static let description = CheckDescription(
    code: "figure/numeral-form", name: "MixedNumeralForms", defaultSeverity: .warning,
    rationale: "GB/T 15835—2011：同一个数字或日期不应混用汉字数字和阿拉伯数字，汉字数字中的零写作“〇”。",
    triggering: [
      CheckExample("会议定于⟦二〇二三年8月⟧召开。"),
      CheckExample("本办法自⟦2024年十一月1日⟧起施行。"),
      CheckExample("⟦二0二三⟧年十二月二十八日"),
      CheckExample("⟦二○二四⟧年一月八日"),
    ],
    nonTriggering: [
      CheckExample("二〇二三年十二月二十八日"),
      CheckExample("会议于2023年11月20日在成都举行，为期两天。"),
      CheckExample("全市新增就业12.3万人，G20峰会，5G基站2万个。"),
      CheckExample("第十二届委员会第四次全体会议于2023年11月20日举行。"),
    ],
    enabledByDefault: false)

  public init() {}

  public func run(_ context: CheckContext) -> [Finding] {
    let a = context.figureAnalysis
    var out: [Finding] = []
    var flagged: [Range<Int>] = []
    for run in digitRuns(a.view.scalars) {
      let range = a.view.originalRange(run.range)
      flagged.append(run.range)
      var edits: [TextEdit] = []
      for k in run.range where !ScalarClass.isHan(a.view.scalars[k]) || ChineseNumeral.digit(a.view.scalars[k]) == 0 {
        let s = a.view.scalars[k]
        let right = ScalarClass.isDigit(s) ? Self.chineseDigits[Int(s.value - 48)] : "〇"
        if String(s) != right { edits.append(TextEdit(range: a.view.originalRange(k..<(k + 1)), newText: right)) }
      }
      let written = a.view.string(run.range)
      let fixed = String(written.unicodeScalars.map { s -> Character in
        if ScalarClass.isDigit(s) { return Character(Self.chineseDigits[Int(s.value - 48)]) }
        return ChineseNumeral.digit(s) == 0 ? "〇" : Character(s)
      })
      out.append(
        Finding(
          code: Self.description.code, severity: Self.description.defaultSeverity, range: range,
          message: "数字形式不统一（GB/T 15835—2011）：“\(written)”在汉字数字中混入了阿拉伯数字或形近字符，"
            + "汉字数字的零写作“〇”，应为“\(fixed)”。",
          fixes: edits.isEmpty ? [] : [Fix(title: "改为“\(fixed)”", edits: edits)]))
    }
    for f in a.figures where f.kind == .date || f.kind == .year {
      guard !flagged.contains(where: { $0.overlaps(f.viewRange) }) else { continue }
      let runs = numeralRuns(a.view.scalars, f.viewRange)
      let chinese = runs.filter(\.chinese)
      guard !chinese.isEmpty, chinese.count < runs.count else { continue }
      // The Arabic form is what official documents use for dates in running text (GB/T 9704—2012).
      var edits: [TextEdit] = []
      var text = ""
      var k = f.viewRange.lowerBound
      for r in chinese {
        text += a.view.string(k..<r.range.lowerBound)
        guard let n = ChineseNumeral.integer(a.view.scalars[r.range]) else { continue }
        text += String(n.value)
        edits.append(TextEdit(range: a.view.originalRange(r.range), newText: String(n.value)))
        k = r.range.upperBound
      }
      text += a.view.string(k..<f.viewRange.upperBound)
      let fixes = edits.count == chinese.count ? [Fix(title: "统一为阿拉伯数字“\(text)”", edits: edits)] : []
      out.append(
        Finding(
          code: Self.description.code, severity: Self.description.defaultSeverity, range: f.range,
          message: "数字形式不统一（GB/T 15835—2011）：“\(f.text.replacingAllBlanks())”在同一日期中混用了汉字数字和"
            + "阿拉伯数字，应统一写法，如“\(text)”。",
          fixes: fixes))
    }
    return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
  }

  static let chineseDigits = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

  /// A run of numeral characters inside a figure, and whether it is Chinese.
  struct NumeralRun {
    var range: Range<Int>
    var chinese: Bool
  }

  /// The maximal runs of Arabic digits and of Chinese numeral characters inside `r`.
  func numeralRuns(_ v: [Unicode.Scalar], _ r: Range<Int>) -> [NumeralRun] {
    var out: [NumeralRun] = []
    var i = r.lowerBound
    while i < r.upperBound {
      let arabic = ScalarClass.isDigit(v[i])
      guard arabic || ChineseNumeral.isNumeralScalar(v[i]) else {
        i += 1
        continue
      }
      var j = i + 1
      while j < r.upperBound, arabic ? ScalarClass.isDigit(v[j]) : ChineseNumeral.isNumeralScalar(v[j]) { j += 1 }
      out.append(NumeralRun(range: i..<j, chinese: !arabic))
      i = j
    }
    return out
  }

  /// Digit-by-digit Chinese numerals holding an Arabic digit, a Latin `O` or a `○` in place of `〇`: at least
  /// three digits, two of them Chinese, not touching Latin letters (`G20`).
  func digitRuns(_ v: [Unicode.Scalar]) -> [NumeralRun] {
    func member(_ s: Unicode.Scalar) -> Bool {
      ScalarClass.isDigit(s) || s == "O" || s == "o" || (ChineseNumeral.digit(s) != nil && s != "两" && s != "幺")
    }
    var out: [NumeralRun] = []
    var i = 0
    while i < v.count {
      guard member(v[i]) else {
        i += 1
        continue
      }
      var j = i
      while j < v.count, member(v[j]) { j += 1 }
      let run = v[i..<j]
      let han = run.filter { ChineseNumeral.digit($0) != nil && ScalarClass.isHan($0) && $0 != "〇" && $0 != "零" }
      let wrong = run.filter { ScalarClass.isDigit($0) || $0 == "O" || $0 == "o" || $0 == "○" || $0 == "Ｏ" }
      let letterBefore = i > 0 && ScalarClass.isASCIILetter(v[i - 1])
      let letterAfter = j < v.count && ScalarClass.isASCIILetter(v[j])
      if run.count >= 3, han.count >= 2, !wrong.isEmpty, !letterBefore, !letterAfter,
        !(run.first.map { $0 == "O" || $0 == "o" } ?? false), !(run.last.map { $0 == "O" || $0 == "o" } ?? false)
      {
        out.append(NumeralRun(range: i..<j, chinese: true))
      }
      i = j
    }
    return out
  }
}
