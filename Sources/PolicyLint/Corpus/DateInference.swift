import PolicyText

/// Finds dates and titles in documents: `2023年11月20日`, `二〇二三年十一月二十日`, datelines, adoption notes.
public enum DateInference {
  /// A full date found in a text, with its view range.
  public struct FoundDate: Sendable, Hashable {
    /// The date (the first day of a range such as `2022年11月28日至29日`).
    public let date: SimpleDate
    /// View range of the whole expression, range included.
    public let viewRange: Range<Int>
    /// The last day of a range, if the date is one (`至29日`); nil for a single day.
    public var through: SimpleDate? = nil

    /// The last day the expression covers.
    public var lastDay: SimpleDate { through ?? date }
  }

  /// Every full `Y年M月D日` date in a view (Arabic or Chinese numerals).
  public static func fullDates(in view: MatchingView, limit: Int = Int.max) -> [FoundDate] {
    let s = view.scalars
    var result: [FoundDate] = []
    var i = 0
    while i < s.count && result.count < limit {
      guard s[i] == "年" else {
        i += 1
        continue
      }
      guard let (ys, year) = year(before: i, in: s) else {
        i += 1
        continue
      }
      var j = i + 1
      guard let (month, afterMonth) = smallNumber(s, j), afterMonth < s.count, s[afterMonth] == "月" else {
        i += 1
        continue
      }
      j = afterMonth + 1
      guard let (day, afterDay) = smallNumber(s, j), afterDay < s.count, s[afterDay] == "日" || s[afterDay] == "号" else {
        i += 1
        continue
      }
      let date = SimpleDate(year: year, month: month, day: day)
      var end = afterDay + 1
      var through: SimpleDate?
      // A range within a month: 至29日, -29日, —29日.
      if end < s.count, s[end] == "至" || s[end] == "-" || s[end] == "—" || s[end] == "~",
        let (lastDay, after) = smallNumber(s, end + 1), after < s.count, s[after] == "日"
      {
        let last = SimpleDate(year: year, month: month, day: lastDay)
        if last.isValid && last > date {
          through = last
          end = after + 1
        }
      }
      if date.isValid && year >= 1900 && year <= 2200 {
        result.append(FoundDate(date: date, viewRange: ys..<end, through: through))
      }
      i = end
    }
    return result
  }

  /// The date a text states for itself: an adoption note `（2023年11月20日…通过）`, else a dateline on its
  /// own line near the top `（2023年12月28日）`. Returns the date and a description of where it was found.
  public static func statedDate(in view: MatchingView) -> (SimpleDate, String)? {
    let dates = fullDates(in: view)
    let s = view.scalars
    for d in dates {
      // Adoption note: "(" directly before, "通过" before the closing ")".
      let lo = d.viewRange.lowerBound
      guard lo > 0, s[lo - 1] == "(" else { continue }
      var j = d.viewRange.upperBound
      while j < s.count && j - d.viewRange.upperBound < 60 && s[j] != ")" && s[j] != "\n" { j += 1 }
      if j < s.count, s[j] == ")", j >= 2, s[j - 2] == "通", s[j - 1] == "过" {
        return (d.date, "text: adoption note “\(view.string((lo - 1)..<(j + 1)))”")
      }
    }
    if let (date, line) = dateline(in: view) { return (date, "text: dateline “\(line)”") }
    if let (date, line) = closingDateline(in: view) { return (date, "text: dateline at the end “\(line)”") }
    return nil
  }

  /// The latest full date the text mentions that is not after `notAfter` (the file time: a text cannot
  /// speak of its own future as done), the last day of a range counting. A weak guess, used when the text
  /// states no date of its own.
  public static func latestMentionedDate(in view: MatchingView, notAfter: SimpleDate) -> (SimpleDate, String)? {
    var best: FoundDate?
    for d in fullDates(in: view) where d.lastDay <= notAfter {
      if best.map({ d.lastDay > $0.lastDay }) ?? true { best = d }
    }
    guard let best else { return nil }
    return (best.lastDay, "text: latest date mentioned “\(view.string(best.viewRange))”")
  }

  /// How far into a text a yearless lead date is looked for (a news report's first paragraph).
  static let leadLength = 600

  /// The date of a report that names its day without a year (`中央外事工作会议12月27日至28日在北京举行`,
  /// `12月28日，市委举行新闻发布会`): the first month and day in its lead, in the year the text speaks from.
  /// That year is the earliest the text mentions (`2023年经济社会发展情况`), leaving out targets (`到2027年`,
  /// `2025年底`); one before it when the text only looks forward to it (`即将到来的2024年`, `明年即2024年`), as
  /// year-end reports do. Not after `notAfter` (the file time). A guess, used when the text states no date.
  public static func yearlessDate(in view: MatchingView, notAfter: SimpleDate) -> (SimpleDate, String)? {
    let s = view.scalars
    guard let (month, day, through, range) = leadMonthDay(s) else { return nil }
    var earliest: (year: Int, forward: Bool)?
    var i = 0
    while i < s.count {
      defer { i += 1 }
      guard s[i] == "年", let (ys, year) = year(before: i, in: s),
        (ys..<i).allSatisfy({ ScalarClass.isDigit(ScalarClass.fold(s[$0])) }), year >= 1900, year <= notAfter.year + 1
      else { continue }
      // A target: `到2027年`, `至2035年`, `2025年底`, `2030年前`.
      if ys > 0, s[ys - 1] == "到" || s[ys - 1] == "至" { continue }
      if i + 1 < s.count, s[i + 1] == "底" || s[i + 1] == "末" || s[i + 1] == "前" { continue }
      let before = String(scalarSlice: s[max(0, ys - 5)..<ys])
      let forward = before.hasSuffix("即将到来的") || before.hasSuffix("明年") || before.hasSuffix("新的")
      if let e = earliest, e.year < year { continue }
      if let e = earliest, e.year == year {
        earliest = (year, e.forward && forward)
      } else {
        earliest = (year, forward)
      }
    }
    guard let earliest else { return nil }
    let year = earliest.forward ? earliest.year - 1 : earliest.year
    let date = SimpleDate(year: year, month: month, day: through ?? day)
    guard date.isValid, date <= notAfter else { return nil }
    return (date, "text: month and day “\(view.string(range))”, year from the years the text mentions")
  }

  /// The year written with exactly four digits (Arabic or Chinese, digit by digit) right before `年` at
  /// index `i`: where it starts and its value.
  static func year(before i: Int, in s: [Unicode.Scalar]) -> (Int, Int)? {
    var ys = i
    while ys > 0 && i - ys < 4 && digitValue(s[ys - 1]) != nil { ys -= 1 }
    guard i - ys == 4, ys == 0 || digitValue(s[ys - 1]) == nil else { return nil }
    return (ys, (ys..<i).reduce(0) { $0 * 10 + (digitValue(s[$1]) ?? 0) })
  }

  /// The first `M月D日` (or `M月D日至D日`) in a text's lead with no year before it.
  static func leadMonthDay(_ s: [Unicode.Scalar]) -> (Int, Int, Int?, Range<Int>)? {
    var i = 0
    while i < min(s.count, leadLength) {
      defer { i += 1 }
      guard let (month, afterMonth) = smallNumber(s, i), afterMonth < s.count, s[afterMonth] == "月",
        (1...12).contains(month), i == 0 || (digitValue(s[i - 1]) == nil && s[i - 1] != "年" && s[i - 1] != "十")
      else { continue }
      guard let (day, afterDay) = smallNumber(s, afterMonth + 1), afterDay < s.count, s[afterDay] == "日",
        (1...31).contains(day)
      else { continue }
      var end = afterDay + 1
      var through: Int?
      if end < s.count, s[end] == "至" || s[end] == "-" || s[end] == "—",
        let (last, after) = smallNumber(s, end + 1), after < s.count, s[after] == "日", last > day, last <= 31
      {
        through = last
        end = after + 1
      }
      return (month, day, through, i..<end)
    }
    return nil
  }

  /// A date alone on a line among the first lines: `（2023年12月28日）` or `2023年12月28日`.
  public static func dateline(in view: MatchingView) -> (SimpleDate, String)? {
    for (n, line) in viewLines(view).enumerated() where n < 8 {
      if let date = dateAlone(view.scalars, line) { return (date, view.string(line)) }
    }
    return nil
  }

  /// An adoption note on a line of its own among the first lines, as decisions and communiqués carry under
  /// their title: `（2022年12月5日中国共产党某市第八届委员会第五次全体会议通过）`. Its full date is the text's.
  public static func adoptionNote(in view: MatchingView) -> (SimpleDate, String)? {
    let s = view.scalars
    for (n, line) in viewLines(view).enumerated() where n < 8 {
      guard line.count >= 12, line.count <= 100, s[line.lowerBound] == "(", s[line.upperBound - 1] == ")",
        s[line.upperBound - 3] == "通", s[line.upperBound - 2] == "过"
      else { continue }
      let sub = MatchingViewSlice(Array(s[(line.lowerBound + 1)..<(line.upperBound - 1)]))
      if let found = fullDates(in: sub.view).first { return (found.date, view.string(line)) }
    }
    return nil
  }

  /// A date alone on one of the last three lines, as notices and letters are signed and dated at the end.
  public static func closingDateline(in view: MatchingView) -> (SimpleDate, String)? {
    for line in viewLines(view).suffix(3).reversed() {
      if let date = dateAlone(view.scalars, line) { return (date, view.string(line)) }
    }
    return nil
  }

  /// The view's lines (ranges between `\n` boundaries).
  static func viewLines(_ view: MatchingView) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    let s = view.scalars
    for i in 0..<s.count where s[i] == "\n" {
      if i > start { result.append(start..<i) }
      start = i + 1
    }
    if start < s.count { result.append(start..<s.count) }
    return result
  }

  /// The date when a view line is nothing but one full date, optionally in brackets.
  static func dateAlone(_ s: [Unicode.Scalar], _ line: Range<Int>) -> SimpleDate? {
    var a = line.lowerBound
    var b = line.upperBound
    if b - a >= 2, s[a] == "(" || s[a] == "【", s[b - 1] == ")" || s[b - 1] == "】" {
      a += 1
      b -= 1
    }
    guard b - a >= 8 && b - a <= 16, s[b - 1] == "日" else { return nil }
    let lineView = Array(s[a..<b])
    let sub = MatchingViewSlice(lineView)
    guard let found = fullDates(in: sub.view).first, found.viewRange == 0..<lineView.count else { return nil }
    return found.date
  }

  /// Title of a document: the first markdown heading near the top, else the first headline (a view line of
  /// 4–60 characters with no clause punctuation that is not a date) among the first lines, else the first line.
  /// Returns the title and how it was found.
  public static func title(of text: SourceText, view: MatchingView? = nil) -> (String, String)? {
    for line in 0..<min(text.lines.lineCount, 40) {
      // Only a line whose first non-blank character is `#` can be a heading: look at the scalars before
      // building strings (copying forty long lines was a third of reading a corpus file).
      var first = text.lines.lineStarts[line]
      let end = text.lines.contentEnds[line]
      while first < end && (ScalarClass.isBlank(text.scalars[first]) || ScalarClass.isNewline(text.scalars[first])) {
        first += 1
      }
      guard first < end, text.scalars[first] == "#" else { continue }
      let raw = text.lineString(line).trimmingBlanks()
      if raw.hasPrefix("#") {
        let t = String(raw.drop(while: { $0 == "#" })).trimmingBlanks()
        if !t.isEmpty { return (t, "heading") }
      }
    }
    let v = view ?? MatchingView(text)
    for line in viewLines(v).prefix(40) where line.count >= 4 && line.count <= 60 {
      let scalars = v.scalars[line]
      if scalars.contains(where: { ScalarClass.isClauseEnd($0) }) || dateAlone(v.scalars, line) != nil { continue }
      if !scalars.contains(where: ScalarClass.isHan) { continue }
      return (v.string(line), "headline")
    }
    for line in 0..<min(text.lines.lineCount, 40) {
      let raw = text.lineString(line).trimmingBlanks()
      if raw.unicodeScalars.count >= 2 {
        let scalars = Array(raw.unicodeScalars.filter { !ScalarClass.isBlank($0) })
        let clipped = scalars.count > 30 ? String(scalarSlice: scalars.prefix(30)) + "…" : String(scalarSlice: scalars)
        return (clipped, "first line")
      }
    }
    return nil
  }

  /// Value of an Arabic (half- or full-width) or Chinese digit, `〇`/`零`/`O` included.
  static func digitValue(_ c: Unicode.Scalar) -> Int? {
    let f = ScalarClass.fold(c)
    if ScalarClass.isDigit(f) { return Int(f.value - 0x30) }
    switch c {
    case "〇", "零", "○", "Ｏ": return 0
    case "一": return 1
    case "二": return 2
    case "三": return 3
    case "四": return 4
    case "五": return 5
    case "六": return 6
    case "七": return 7
    case "八": return 8
    case "九": return 9
    default: return nil
    }
  }

  /// A month or day number, 1–31: `11`, `十一`, `二十`, `三十一`. Returns the value and the index after it.
  static func smallNumber(_ s: [Unicode.Scalar], _ start: Int) -> (Int, Int)? {
    var j = start
    var value = 0
    var digits = 0
    while j < s.count, ScalarClass.isDigit(ScalarClass.fold(s[j])), digits < 2 {
      value = value * 10 + Int(ScalarClass.fold(s[j]).value - 0x30)
      j += 1
      digits += 1
    }
    if digits > 0 { return (value, j) }
    // Chinese: [二三]?十[一-九]? | [一-九]
    var tens = 0
    if j < s.count, let d = digitValue(s[j]), d > 0, j + 1 < s.count, s[j + 1] == "十" {
      tens = d
      j += 2
    } else if j < s.count, s[j] == "十" {
      tens = 1
      j += 1
    }
    if j < s.count, let d = digitValue(s[j]), d > 0 {
      j += 1
      let v = tens * 10 + d
      return v > 0 ? (v, j) : nil
    }
    return tens > 0 ? (tens * 10, j) : nil
  }
}

/// Wraps folded scalars as a view without re-folding, for scanning pieces of a view.
struct MatchingViewSlice {
  let view: MatchingView
  init(_ scalars: [Unicode.Scalar]) {
    view = MatchingView(SourceText(scalars: scalars))
  }
}

extension String {
  /// The string without leading and trailing blanks (ASCII, ideographic and no-break spaces).
  public func trimmingBlanks() -> String {
    let scalars = Array(unicodeScalars)
    var a = 0
    var b = scalars.count
    while a < b && (ScalarClass.isBlank(scalars[a]) || ScalarClass.isNewline(scalars[a])) { a += 1 }
    while b > a && (ScalarClass.isBlank(scalars[b - 1]) || ScalarClass.isNewline(scalars[b - 1])) { b -= 1 }
    return String(scalarSlice: scalars[a..<b])
  }
}
