import PolicyText

/// `figure/date`: dates that do not exist (`2023年2月29日`, `4月31日`), spans that end before they start,
/// weekdays that do not match their date, and durations that contradict their span (`3月5日至7日…为期两天`).
///
/// A date without a year is read in the year that puts it nearest the draft's date (`12月27日` in a text of
/// January is last December).
public struct FigureDateCheck: Check {
  public static let description = CheckDescription(
    code: "figure/date", name: "ImpossibleDate", defaultSeverity: .warning,
    rationale: "不存在的日期、与日期不符的星期、与起止日期矛盾的会期，都是核稿时最容易漏看的硬伤。",
    triggering: [
      CheckExample("会议于⟦2023年2月29日⟧在成都举行。"),
      CheckExample("请于⟦4月31日⟧前报送材料。", date: "2023-03-01"),
      CheckExample("会议定于2023年11月20日（星期⟦五⟧）召开。"),
      CheckExample("培训班于3月5日至7日举办，为期⟦两天⟧。", date: "2024-02-01"),
      CheckExample("会议于⟦12月28日至27日⟧在北京举行。"),
    ],
    nonTriggering: [
      CheckExample("会议于2024年2月29日在成都举行。"),
      CheckExample("会议定于2023年11月20日（星期一）召开。"),
      CheckExample("中央外事工作会议12月27日至28日在北京举行，为期两天。"),
      CheckExample("培训班于3月5日至7日举办，为期三天。"),
      CheckExample("请于4月30日前报送材料，星期五下午统一收取。", date: "2023-03-01"),
      CheckExample("中央经济工作会议于12月11日（星期一）至12日在北京举行。", date: "2024-01-05"),
      CheckExample("请于1月5日（星期五）前报送。", date: "2023-12-28"),
    ])

  public init() {}

  static let weekdayNames = ["", "一", "二", "三", "四", "五", "六", "日"]

  public func run(_ context: CheckContext) -> [Finding] {
    let a = context.figureAnalysis
    let v = a.view.scalars
    var out: [Finding] = []
    let code = Self.description.code
    let severity = Self.description.defaultSeverity
    for (n, f) in a.figures.enumerated() where f.kind == .date {
      guard let start = f.date, start.day != nil else { continue }
      let year = start.year ?? FigureAnalysis.nearestYear(month: start.month, day: start.day, to: a.date)
      let yearNote = start.year == nil ? "（按文稿日期读作\(year)年）" : ""
      if let m = start.month, let d = start.day, d > SimpleDate.daysIn(month: m, year: year) {
        out.append(
          Finding(
            code: code, severity: severity, range: f.range,
            message: "日期不存在：\(year)年\(m)月只有\(SimpleDate.daysIn(month: m, year: year))天\(yearNote)，没有\(d)日。"))
        continue
      }
      var end = f.dateEnd
      if var e = end {
        if e.year == nil { e.year = start.year ?? year }
        if e.month == nil { e.month = start.month }
        end = e
      }
      var first = start
      if first.year == nil { first.year = year }
      guard let firstDate = first.simpleDate else { continue }
      if let e = end, let m = e.month, let d = e.day, let y = e.year, d > SimpleDate.daysIn(month: m, year: y) {
        out.append(
          Finding(
            code: code, severity: severity, range: f.range,
            message: "日期不存在：\(y)年\(m)月只有\(SimpleDate.daysIn(month: m, year: y))天，没有\(d)日。"))
        continue
      }
      var lastDate = firstDate
      if let e = end, let ed = e.simpleDate {
        if ed < firstDate {
          out.append(
            Finding(
              code: code, severity: severity, range: f.range,
              message: "起止日期倒置：结束日期\(ed)早于开始日期\(firstDate)。"))
          continue
        }
        lastDate = ed
      }
      // A weekday right after the date: `2023年11月20日（星期一）`, `11月20日，周一`.
      if f.dateEnd == nil, n + 1 < a.figures.count {
        let w = a.figures[n + 1]
        let gap = w.viewRange.lowerBound - f.viewRange.upperBound
        if w.kind == .weekday, gap <= 2, v[f.viewRange.upperBound..<w.viewRange.lowerBound].allSatisfy({ $0 == "(" || $0 == "," || $0 == " " }) {
          let actual = firstDate.weekday
          if Int(w.value) != actual {
            let right = Self.weekdayNames[actual]
            out.append(
              Finding(
                code: code, severity: severity, range: w.numeralRange,
                message: "星期与日期不符：\(firstDate.chineseDescription)\(yearNote)是星期\(right)，不是星期\(Self.weekdayNames[Int(w.value)])。",
                fixes: [Fix(title: "改为“星期\(right)”", edits: [TextEdit(range: w.numeralRange, newText: right)])]))
          }
        }
      }
      // A duration in the same sentence after a span: `…至7日举办，为期两天`.
      if lastDate != firstDate {
        let days = lastDate.daysSince(firstDate) + 1
        let sentence = a.sentence(of: f)
        for d in a.figures[(n + 1)...] where sentence.contains(d.viewRange.lowerBound) {
          guard d.kind == .integer, d.unit == "天", !d.approximate else { continue }
          let lead = d.viewRange.lowerBound
          guard lead >= 2, ["为期", "历时", "会期", "共计", "连续"].contains(a.string((lead - 2)..<lead)) else { continue }
          if Int(d.value) != days {
            let right = d.chinese ? (days == 2 ? "两" : ChineseNumeral.spell(Int64(days))) : String(days)
            out.append(
              Finding(
                code: code, severity: severity, range: d.range,
                message: "会期与起止日期不符：\(f.text.replacingAllBlanks())共\(days)天，此处写作“\(d.text)”。",
                fixes: [Fix(title: "改为“\(right)天”", edits: [TextEdit(range: d.numeralRange, newText: right)])]))
          }
        }
      }
    }
    return out
  }
}

extension SimpleDate {
  /// `2023年11月20日`.
  var chineseDescription: String { "\(year)年\(month)月\(day)日" }

  /// Days from `other` to this date (positive when this date is later).
  func daysSince(_ other: SimpleDate) -> Int { dayNumber - other.dayNumber }

  /// Days since a fixed epoch (proleptic Gregorian), for differences.
  var dayNumber: Int {
    let a = (14 - month) / 12
    let y = year + 4800 - a
    let m = month + 12 * a - 3
    return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
  }
}
