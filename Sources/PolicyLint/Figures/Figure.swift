import Foundation

/// What kind of value a figure states.
public enum FigureKind: String, Sendable, Codable, CaseIterable {
  /// A whole number: `85人`, `两个`, `十二`.
  case integer
  /// A number with a decimal part: `2.1`, `1.2万户`.
  case decimal
  /// A percentage: `2%`, `百分之二十`; `value` is the percentage (20 for 20%).
  case percent
  /// Per mille: `3‰`.
  case permille
  /// A fraction `三分之一`; `value` is the quotient, `second` the denominator.
  case fraction
  /// Percentage points: `2个百分点`.
  case percentagePoints
  /// A ratio `1.77∶1`; `value` is the first term, `second` the second.
  case ratio
  /// A range `3至5个`, `20%—30%`; `value` is the lower end, `second` the upper.
  case range
  /// A calendar year `2035年`, `二〇三五年`.
  case year
  /// A date or a span of dates: `2023年11月20日`, `12月27日至28日`; see `date` and `dateEnd`.
  case date
  /// An ordinal: `第十二届`, `第十次会议`, `十二届四次全会`, `二十大`.
  case ordinal
  /// A five-year plan named by its number: `十四五` is the 14th (2021–2025).
  case plan
  /// A day of the week: `星期五` (value 5; Sunday is 7).
  case weekday
}

/// A calendar date as written: parts may be missing (`12月27日` has no year until it is resolved).
public struct WrittenDate: Sendable, Hashable, Codable {
  /// The year, if written (or resolved).
  public var year: Int?
  /// The month, if written.
  public var month: Int?
  /// The day, if written.
  public var day: Int?

  /// Makes a date.
  public init(year: Int? = nil, month: Int? = nil, day: Int? = nil) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// The full date, when all parts are known and valid.
  public var simpleDate: SimpleDate? {
    guard let y = year, let m = month, let d = day else { return nil }
    let s = SimpleDate(year: y, month: m, day: d)
    return s.isValid ? s : nil
  }

  /// `2023年11月20日` style text of the known parts.
  public var chinese: String {
    (year.map { "\($0)年" } ?? "") + (month.map { "\($0)月" } ?? "") + (day.map { "\($0)日" } ?? "")
  }
}

/// A figure found in a text: what it says, where, and what it counts.
public struct Figure: Sendable, Hashable, Codable {
  /// Kind of value.
  public var kind: FigureKind
  /// The value in base units (`1.2万户` is 12000 with unit `户`); for dates the day of the start.
  public var value: Double
  /// The second term: the upper end of a range, the second term of a ratio, the denominator of a fraction.
  public var second: Double?
  /// The unit or measure word after the number (`人`, `个`, `元`, `届`, `次`, `%`), without the multiplier.
  public var unit: String
  /// What the figure counts or names: the words before it in its clause and a short noun after the measure
  /// word (`新增学位` for both `新增学位8万个` and `新增6万个学位`).
  public var subject: String
  /// The exact text, as in the original.
  public var text: String
  /// Scalar range in the original text.
  public var range: Range<Int>
  /// Range in the matching view.
  public var viewRange: Range<Int>
  /// Range of the numeral alone (without unit) in the original text, for quick fixes.
  public var numeralRange: Range<Int>
  /// Whether the numeral is written with Chinese characters.
  public var chinese: Bool
  /// Whether the figure is approximate (`100多个`, `1000余人`, `约`).
  public var approximate: Bool
  /// For dates: the start; for date spans `dateEnd` is the end.
  public var date: WrittenDate?
  /// The end of a span of dates.
  public var dateEnd: WrittenDate?

  /// Makes a figure.
  public init(
    kind: FigureKind, value: Double, second: Double? = nil, unit: String, subject: String = "", text: String,
    range: Range<Int>, viewRange: Range<Int>, numeralRange: Range<Int>, chinese: Bool, approximate: Bool = false,
    date: WrittenDate? = nil, dateEnd: WrittenDate? = nil
  ) {
    self.kind = kind
    self.value = value
    self.second = second
    self.unit = unit
    self.subject = subject
    self.text = text
    self.range = range
    self.viewRange = viewRange
    self.numeralRange = numeralRange
    self.chinese = chinese
    self.approximate = approximate
    self.date = date
    self.dateEnd = dateEnd
  }

  /// The value as people write it: `85`, `1.77`, `0.5`.
  public var valueText: String { FigureFormat.number(value) }
}

/// Formats numbers for messages and listings.
public enum FigureFormat {
  /// `85`, `12000`, `1.77`: integers without a decimal point, others with up to four decimals.
  public static func number(_ v: Double) -> String {
    if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    var s = String(format: "%.4f", v)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s
  }
}
