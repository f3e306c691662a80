import PolicyText

/// A list marker: `一是`, `第一，`, `其一`, `（一）`, `(1)`, `1.`, `一、`.
public struct EnumeratorMarker: Sendable, Hashable {
  /// How the marker is written.
  public enum Style: String, Sendable, Hashable {
    /// `一是` inside running text.
    case shi
    /// `第一，`.
    case di
    /// `其一`.
    case qi
    /// `（一）`.
    case paren
    /// `(1)`.
    case parenArabic
    /// `1.` or `1、` at the start of a paragraph.
    case arabic
    /// `一、` at the start of a paragraph (a heading).
    case comma
    /// `第一条` at the start of a paragraph: an article of a decision or regulation.
    case article
    /// `第一章` at the start of a paragraph.
    case chapter

    /// Clause markers (`一是`, `第一`, `其一`) run inside paragraphs; the others number headings and items.
    public var isClause: Bool { self == .shi || self == .di || self == .qi }

    /// How a marker of this style with value `n` is written.
    public func spell(_ n: Int) -> String {
      let c = ChineseNumeral.spell(Int64(n))
      switch self {
      case .shi: return c + "是"
      case .di: return "第" + c
      case .qi: return "其" + c
      case .paren: return "（" + c + "）"
      case .parenArabic: return "(\(n))"
      case .arabic: return "\(n)."
      case .comma: return c + "、"
      case .article: return "第" + c + "条"
      case .chapter: return "第" + c + "章"
      }
    }
  }

  /// Style.
  public var style: Style
  /// The number.
  public var value: Int
  /// View range of the marker (`一是`, `第三`, `（三）`, `4.`).
  public var viewRange: Range<Int>
  /// View range of the numeral alone, for quick fixes.
  public var numeralRange: Range<Int>
  /// Whether the numeral is Chinese.
  public var chinese: Bool
  /// Whether the marker opens a paragraph or a sentence (a heading or item) rather than a clause of a list
  /// run into a sentence after a colon or semicolon (`有下列情形之一的：（一）…；（二）…`).
  public var opensItem: Bool = true
}

/// Finds list markers in a matching view.
public enum Enumerators {
  /// Characters after which a clause marker may start.
  static func opensClause(_ s: Unicode.Scalar) -> Bool {
    s == "\n" || s == "。" || s == ";" || s == ":" || s == "," || s == "!" || s == "?" || s == "”" || s == "：" || s == "；"
  }

  /// Every marker in the view, in order.
  public static func markers(in view: MatchingView) -> [EnumeratorMarker] {
    let v = view.scalars
    var out: [EnumeratorMarker] = []
    func chineseRun(_ i: Int) -> (Int, Int)? {
      var j = i
      while j < v.count, j - i < 3, ChineseNumeral.digit(v[j]) != nil || v[j] == "十" { j += 1 }
      guard j > i, let n = ChineseNumeral.integer(v[i..<j]), n.form == .positional, n.value >= 1, n.value <= 99,
        !v[i..<j].contains("两"), !v[i..<j].contains("〇"), !v[i..<j].contains("零")
      else { return nil }
      return (Int(n.value), j)
    }
    func arabicRun(_ i: Int) -> (Int, Int)? {
      var j = i
      var n = 0
      while j < v.count, j - i < 3, ScalarClass.isDigit(v[j]) {
        n = n * 10 + Int(v[j].value - 48)
        j += 1
      }
      return j > i && n >= 1 ? (n, j) : nil
    }
    var i = 0
    while i < v.count {
      let lineStart = i == 0 || v[i - 1] == "\n"
      let clauseStart = lineStart || opensClause(v[i - 1])
      guard clauseStart else {
        i += 1
        continue
      }
      let c = v[i]
      if c == "(", i + 1 < v.count {
        if let (n, j) = chineseRun(i + 1), j < v.count, v[j] == ")" {
          out.append(
            .init(
              style: .paren, value: n, viewRange: i..<(j + 1), numeralRange: (i + 1)..<j, chinese: true,
              opensItem: lineStart || !(v[i - 1] == ":" || v[i - 1] == ";" || v[i - 1] == "," || v[i - 1] == "："
                || v[i - 1] == "；")))
          i = j + 1
          continue
        }
        if let (n, j) = arabicRun(i + 1), j < v.count, v[j] == ")", lineStart {
          out.append(.init(style: .parenArabic, value: n, viewRange: i..<(j + 1), numeralRange: (i + 1)..<j, chinese: false))
          i = j + 1
          continue
        }
      }
      if lineStart, ScalarClass.isDigit(c), let (n, j) = arabicRun(i), j < v.count,
        v[j] == "、" || v[j] == "." && !(j + 1 < v.count && ScalarClass.isDigit(v[j + 1]))
      {
        out.append(.init(style: .arabic, value: n, viewRange: i..<(j + 1), numeralRange: i..<j, chinese: false))
        i = j + 1
        continue
      }
      if lineStart, c == "第", let (n, j) = chineseRun(i + 1), j < v.count, v[j] == "条" || v[j] == "章" {
        out.append(
          .init(
            style: v[j] == "条" ? .article : .chapter, value: n, viewRange: i..<(j + 1), numeralRange: (i + 1)..<j,
            chinese: true))
        i = j + 1
        continue
      }
      if c == "第" || c == "其", let (n, j) = chineseRun(i + 1), j < v.count {
        let next = v[j]
        if next == "," || next == "、" || (c == "其" && next == "是") {
          let end = c == "其" && next == "是" ? j + 1 : j
          out.append(
            .init(style: c == "第" ? .di : .qi, value: n, viewRange: i..<end, numeralRange: (i + 1)..<j, chinese: true))
          i = j
          continue
        }
      }
      if let (n, j) = chineseRun(i), j < v.count {
        if v[j] == "是" {
          out.append(.init(style: .shi, value: n, viewRange: i..<(j + 1), numeralRange: i..<j, chinese: true))
          i = j + 1
          continue
        }
        if v[j] == "、", lineStart {
          out.append(.init(style: .comma, value: n, viewRange: i..<(j + 1), numeralRange: i..<j, chinese: true))
          i = j + 1
          continue
        }
      }
      i += 1
    }
    return out
  }
}
