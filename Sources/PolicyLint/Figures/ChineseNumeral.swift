/// Values of numerals written with Chinese characters (`十亿零八百一十七万五千二百八十八`, `两万亿`,
/// `二〇三五`, `三点五`) and the character classes the figure extractor scans with.
///
/// Pure functions of scalars. Positional numerals follow the grammar of the units `十百千` inside sections
/// closed by `万` and `亿` (`万亿` is 10^12); a colloquial trailing digit after a unit counts one place lower
/// (`三万五` = 35000, `一百五` = 150). Strings of bare digits (`二〇三五`) read digit by digit.
public enum ChineseNumeral {
  /// The value of a Chinese digit (`〇零一二两三…九` and the financial forms), or nil.
  @inlinable
  public static func digit(_ s: Unicode.Scalar) -> Int? {
    switch s {
    case "〇", "零", "○", "Ｏ": return 0
    case "一", "壹", "幺": return 1
    case "二", "两", "贰", "貳": return 2
    case "三", "叁", "參": return 3
    case "四", "肆": return 4
    case "五", "伍": return 5
    case "六", "陆", "陸": return 6
    case "七", "柒": return 7
    case "八", "捌": return 8
    case "九", "玖": return 9
    default: return nil
    }
  }

  /// The value of a unit inside a section (`十百千`), or nil.
  @inlinable
  public static func smallUnit(_ s: Unicode.Scalar) -> Int64? {
    switch s {
    case "十", "拾": return 10
    case "百", "佰": return 100
    case "千", "仟": return 1000
    default: return nil
    }
  }

  /// The value of a section unit (`万`, `亿`), or nil.
  @inlinable
  public static func bigUnit(_ s: Unicode.Scalar) -> Int64? {
    switch s {
    case "万", "萬": return 10_000
    case "亿", "億": return 100_000_000
    default: return nil
    }
  }

  /// Whether `s` can be part of a Chinese numeral (digit or unit).
  @inlinable
  public static func isNumeralScalar(_ s: Unicode.Scalar) -> Bool {
    digit(s) != nil || smallUnit(s) != nil || bigUnit(s) != nil
  }

  /// How a numeral was written.
  public enum Form: String, Sendable, Codable {
    /// With units: `二十三`, `两万亿`.
    case positional
    /// Digit by digit: `二〇三五`.
    case digits
  }

  /// The integer value of a whole Chinese numeral and how it is written, or nil when it is not one
  /// (`十十`, `三五`, `两两`, `万`).
  public static func integer(_ s: ArraySlice<Unicode.Scalar>) -> (value: Int64, form: Form)? {
    guard !s.isEmpty else { return nil }
    if s.allSatisfy({ digit($0) != nil }) {
      if s.count == 1, let d = digit(s[s.startIndex]) { return (Int64(d), .positional) }
      // `两` is never written digit by digit (`两两` means "in pairs").
      guard !s.contains("两") else { return nil }
      var v: Int64 = 0
      for c in s {
        guard let d = digit(c), v < Int64.max / 100 else { return nil }
        v = v * 10 + Int64(d)
      }
      return (v, .digits)
    }
    var result: Int64 = 0  // everything closed by 亿
    var wanPart: Int64 = 0  // the section closed by 万 since the last 亿
    var section: Int64 = 0  // the open section
    var pending: Int64? = nil  // a digit not yet multiplied by a unit
    var lastSmall: Int64 = 10_000  // units inside a section must decrease
    var lastToken: Int64 = 0  // the last unit seen (1 after 零), for the colloquial trailing digit
    var seenWan = false
    var seenYi = false
    var index = s.startIndex
    while index < s.endIndex {
      let c = s[index]
      if let d = digit(c) {
        if pending != nil { return nil }  // two digits without a unit: `三五`
        if d == 0 {
          lastToken = 1
        } else {
          pending = Int64(d)
        }
      } else if let u = smallUnit(c) {
        guard u < lastSmall else { return nil }
        let n: Int64
        if let p = pending {
          n = p
        } else if section == 0 && index == s.startIndex || u == 10 && section == 0 && lastToken != 1 {
          n = 1  // `十二`, `百万`; `一万零十` is not standard but `十` after a unit reads 1×10
        } else {
          return nil
        }
        section += n * u
        pending = nil
        lastSmall = u
        lastToken = u
      } else if let b = bigUnit(c) {
        if b == 10_000 {
          let g = section + (pending ?? 0)
          guard g > 0, !seenWan else { return nil }
          wanPart = g * b
          seenWan = true
        } else {
          let g = wanPart + section + (pending ?? 0)
          guard g > 0, !seenYi, g < 100_000_000_000 else { return nil }
          result = g * b
          seenYi = true
          seenWan = false
          wanPart = 0
        }
        section = 0
        pending = nil
        lastSmall = 10_000
        lastToken = b
      } else {
        return nil
      }
      index = s.index(after: index)
    }
    var tail = pending ?? 0
    if let p = pending, lastToken >= 100 {
      tail = p * (lastToken / 10)  // `三万五`, `一百五`, `两千三`
    }
    return (result + wanPart + section + tail, .positional)
  }

  /// The value of a Chinese numeral with an optional decimal part (`三点五`, `一点二万`), or nil.
  public static func value(_ s: ArraySlice<Unicode.Scalar>) -> Double? {
    guard let dot = s.firstIndex(of: "点") else { return integer(s).map { Double($0.value) } }
    let intPart = s[s.startIndex..<dot]
    var rest = s[s.index(after: dot)...]
    var scale: Double = 1
    if let last = rest.last, let b = bigUnit(last) {
      scale = Double(b)
      rest = rest.dropLast()
      if let l2 = rest.last, l2 == "万", b == 100_000_000 { return nil }
    }
    if let last = rest.last, last == "万" {
      scale *= 10_000
      rest = rest.dropLast()
    }
    guard !rest.isEmpty, rest.allSatisfy({ digit($0) != nil && $0 != "两" }) else { return nil }
    guard let whole = intPart.isEmpty ? nil : integer(intPart), whole.form == .positional || intPart.count == 1 else {
      return nil
    }
    var fraction = 0.0
    var place = 0.1
    for c in rest {
      fraction += Double(digit(c) ?? 0) * place
      place /= 10
    }
    return (Double(whole.value) + fraction) * scale
  }

  /// Convenience for tests and callers holding a `String`.
  public static func value(_ s: String) -> Double? {
    let scalars = Array(s.unicodeScalars)
    return value(scalars[...])
  }

  /// Writes a non-negative integer below 10^16 in Chinese numerals the way policy texts do (`十二`, `二十`,
  /// `一百零五`), for quick fixes.
  public static func spell(_ n: Int64) -> String {
    guard n > 0 else { return "零" }
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
    func section(_ v: Int64, leading: Bool) -> String {
      let units = ["千", "百", "十", ""]
      let values: [Int64] = [1000, 100, 10, 1]
      var out = ""
      var zero = false
      var started = false
      for (u, place) in zip(units, values) {
        let d = Int((v / place) % 10)
        if d == 0 {
          if started { zero = true }
          continue
        }
        if zero { out += "零" }
        zero = false
        if !(d == 1 && place == 10 && !started && leading) { out += digits[d] }
        out += u
        started = true
      }
      return out
    }
    var parts: [(Int64, String)] = []
    var rest = n
    for big in ["", "万", "亿", "万亿"] {
      parts.append((rest % 10_000, big))
      rest /= 10_000
      if rest == 0 { break }
    }
    var out = ""
    var needZero = false
    for (i, (v, big)) in parts.enumerated().reversed() {
      if v == 0 {
        if !out.isEmpty { needZero = true }
        continue
      }
      if needZero || (!out.isEmpty && v < 1000) { out += "零" }
      needZero = false
      // Above 10^12 with a non-zero 亿 section, the top section is closed by 万 alone (`三万二千亿`), so the
      // numeral has one 亿, as `integer(_:)` reads it; `万亿` is right only when the 亿 section is zero.
      let unit = big == "万亿" && parts[2].0 != 0 ? "万" : big
      out += section(v, leading: i == parts.count - 1) + unit
    }
    return out
  }
}
