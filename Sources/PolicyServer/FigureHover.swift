import PolicyLint

/// Hover text for a figure: what the figures module read there (value, unit, subject), so a writer can see
/// how the figure checks understood `两个方面` or `8万个` before trusting or disputing a finding about it.
enum FigureHover {
  /// The figure covering scalar index `index`, the narrowest when several do; nil when none does.
  static func figure(at index: Int, in figures: [Figure]) -> Figure? {
    figures.filter { $0.range.contains(index) }.min { $0.range.count < $1.range.count }
  }

  /// `数字“8万个”` with its value, unit and subject, one per line (a Markdown list, or plain lines).
  static func describe(_ f: Figure, markdown: Bool) -> String {
    var rows = ["数值：\(value(f))（\(kindName(f.kind))\(f.approximate ? "，约数" : "")）"]
    // A plan's `五` (`十四五`) is part of its name, not a unit.
    if f.kind != .plan { rows.append("单位：" + (f.unit.isEmpty ? "无" : "“\(f.unit)”")) }
    rows.append("所指：" + (f.subject.isEmpty ? "未识别" : "“\(f.subject)”"))
    let title = markdown ? "**数字**“\(f.text)”" : "数字“\(f.text)”"
    return ([title] + rows.map { markdown ? "- " + $0 : $0 }).joined(separator: "\n")
  }

  /// The value as read, in the figure's own terms: `80000`, `5.2%`, `3–5`, `1.77:1`, `2023年11月20日`.
  static func value(_ f: Figure) -> String {
    let n = f.valueText
    let second = f.second.map(FigureFormat.number)
    switch f.kind {
    case .date:
      guard let d = f.date else { return n }
      guard let e = f.dateEnd else { return d.chinese }
      // `12月27日至28日`: the end repeats neither the year nor the month of the start.
      let sameYear = e.year == nil || e.year == d.year
      let end = WrittenDate(
        year: sameYear ? nil : e.year, month: sameYear && e.month == d.month ? nil : e.month, day: e.day)
      return d.chinese + "至" + end.chinese
    case .year:
      if let start = f.date?.year, let end = f.dateEnd?.year { return "\(start)至\(end)" }
      return n
    case .percent: return n + "%"
    case .permille: return n + "‰"
    case .fraction:
      guard let denominator = f.second else { return n }
      return "\(FigureFormat.number((f.value * denominator).rounded()))/\(FigureFormat.number(denominator))（≈\(n)）"
    case .ratio: return second.map { n + ":" + $0 } ?? n
    case .range: return second.map { n + "–" + $0 } ?? n
    case .plan:
      guard let years = FigureStatements.planYears(Int(f.value)) else { return "第\(n)个五年规划" }
      return "第\(n)个五年规划（\(years.lowerBound)–\(years.upperBound)年）"
    case .ordinal: return "第" + n
    case .integer, .decimal, .percentagePoints, .weekday: return n
    }
  }

  /// The kind in words.
  static func kindName(_ kind: FigureKind) -> String {
    switch kind {
    case .integer: return "整数"
    case .decimal: return "小数"
    case .percent: return "百分比"
    case .permille: return "千分比"
    case .fraction: return "分数"
    case .percentagePoints: return "百分点"
    case .ratio: return "比例"
    case .range: return "范围"
    case .year: return "年份"
    case .date: return "日期"
    case .ordinal: return "序数"
    case .plan: return "五年规划"
    case .weekday: return "星期"
    }
  }
}
