import Foundation

/// A calendar date without time or zone, as policy documents state them.
public struct SimpleDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// Year, e.g. 2023.
  public var year: Int
  /// Month, 1–12.
  public var month: Int
  /// Day, 1–31.
  public var day: Int

  /// Makes a date; does not validate (see `isValid`).
  public init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`.
  public init?(iso: String) {
    let parts = iso.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
      parts[0].count == 4
    else { return nil }
    self.init(year: y, month: m, day: d)
    guard isValid else { return nil }
  }

  /// Whether the date exists in the Gregorian calendar.
  public var isValid: Bool {
    month >= 1 && month <= 12 && day >= 1 && day <= SimpleDate.daysIn(month: month, year: year)
  }

  /// Days in a month.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Today in the local calendar.
  public static func today() -> SimpleDate {
    let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
    return SimpleDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
  }

  /// The date of a file modification time.
  public init(_ date: Date) {
    let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: date)
    self.init(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
  }

  /// Day of the week, 1 = Monday … 7 = Sunday (Zeller's congruence).
  public var weekday: Int {
    var y = year
    var m = month
    if m < 3 {
      m += 12
      y -= 1
    }
    let k = y % 100
    let j = y / 100
    let h = (day + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7  // 0 = Saturday
    return (h + 5) % 7 + 1
  }

  public static func < (a: SimpleDate, b: SimpleDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    String(format: "%04d-%02d-%02d", year, month, day)
  }

  public init(from decoder: Decoder) throws {
    let s = try decoder.singleValueContainer().decode(String.self)
    guard let d = SimpleDate(iso: s) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got \(s)"))
    }
    self = d
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
