import Foundation
import PolicyText

/// An anniversary stated in a text: `明年是中俄建交75周年` says the relation began in (year of text + 1) − 75.
public struct AnniversaryStatement: Sendable, Hashable {
  /// What is commemorated, normalized (`中俄建交`, `新中国成立`).
  public var subject: String
  /// The year the anniversary falls in.
  public var year: Int
  /// How the year was found (`明年`, `2024年`), for messages.
  public var yearSource: String
  /// The anniversary figure (`75周年`).
  public var figure: Figure

  /// The founding year the statement implies.
  public var founded: Int { year - Int(figure.value) }
}

/// A year a sentence speaks of: written (`2024年`) or relative to the text's date (`明年`, `今年`).
public struct YearReference: Sendable, Hashable {
  /// The year.
  public var year: Int
  /// The words (`明年`, `即将到来的2024年`).
  public var text: String
  /// View range.
  public var viewRange: Range<Int>
}

/// Statements built from figures: anniversaries and the years sentences speak of.
public enum FigureStatements {
  static let relativeYears: [(String, Int)] = [("明年", 1), ("今年", 0), ("去年", -1), ("后年", 2), ("前年", -2), ("本年", 0)]

  /// The years a sentence refers to before view index `limit`, in order.
  public static func yearReferences(in analysis: FigureAnalysis, sentence: Range<Int>, before limit: Int) -> [YearReference] {
    var out: [YearReference] = []
    let v = analysis.view.scalars
    var i = sentence.lowerBound
    while i < min(limit, sentence.upperBound) {
      for (word, offset) in relativeYears where analysis.at(i, word) {
        // `去年6月` still speaks of last year; `每年` and `年年` are not matched here.
        if i > 0, v[i - 1] == "每" { continue }
        out.append(YearReference(year: analysis.date.year + offset, text: word, viewRange: i..<(i + 2)))
      }
      i += 1
    }
    for f in analysis.figures where f.kind == .year && f.second == nil && sentence.contains(f.viewRange.lowerBound)
      && f.viewRange.lowerBound < limit
    {
      // `到2035年` is a deadline, not the year a sentence is set in.
      if f.viewRange.lowerBound > 0, v[f.viewRange.lowerBound - 1] == "到" { continue }
      out.append(YearReference(year: Int(f.value), text: f.text, viewRange: f.viewRange))
    }
    return out.sorted { $0.viewRange.lowerBound < $1.viewRange.lowerBound }
  }

  /// Leading words that are not part of what an anniversary commemorates.
  static let anniversaryLeads = ["我们将迎来", "将迎来", "迎来", "庆祝", "纪念", "是", "为", "逢", "明年", "今年", "去年", "后年"]

  /// Every `N周年` with a year: written in the sentence or relative to the text's date.
  public static func anniversaries(in analysis: FigureAnalysis) -> [AnniversaryStatement] {
    var out: [AnniversaryStatement] = []
    let v = analysis.view.scalars
    for f in analysis.figures where f.unit == "周年" && (f.kind == .integer) && !f.approximate {
      let sentence = analysis.sentence(of: f)
      guard let ref = yearReferences(in: analysis, sentence: sentence, before: f.viewRange.lowerBound).last else { continue }
      // The subject: the words between the year (or the clause start) and the figure.
      var a = f.viewRange.lowerBound
      while a > sentence.lowerBound, a > ref.viewRange.upperBound, ScalarClass.isHan(v[a - 1]) { a -= 1 }
      var subject = String(scalarSlice: v[a..<f.viewRange.lowerBound])
      var changed = true
      while changed {
        changed = false
        for lead in anniversaryLeads {
          if let rest = subject.literalSuffix(afterFirst: lead) {
            if rest.unicodeScalars.count >= 2 {
              subject = rest
              changed = true
            }
          }
        }
      }
      subject = normalizeSubject(subject)
      guard subject.unicodeScalars.count >= 2 else { continue }
      out.append(AnniversaryStatement(subject: subject, year: ref.year, yearSource: ref.text, figure: f))
    }
    return out
  }

  static let countries: Set<Unicode.Scalar> = ["中", "法", "俄", "美", "英", "德", "日", "韩", "朝", "意", "印", "巴", "越", "老", "欧", "非", "澳", "加", "蒙", "泰"]

  /// `中华人民共和国成立` and `新中国成立` are one subject; `法中建交` and `中法建交` too.
  public static func normalizeSubject(_ s: String) -> String {
    var t = s.replacingLiteral("中华人民共和国", with: "新中国")
    t = t.replacingLiteral("建立外交关系", with: "建交")
    let scalars = Array(t.unicodeScalars)
    if scalars.count >= 3, countries.contains(scalars[0]), countries.contains(scalars[1]), scalars[0] != scalars[1] {
      let pair = [scalars[0], scalars[1]].sorted { $0.value < $1.value }
      t = String(scalarSlice: pair + scalars[2...])
    }
    return t
  }

  /// Founding years every drafting office takes as given, by normalized subject (`normalizeSubject`): the
  /// anniversary check falls back on them when neither the draft nor the corpus dates the subject.
  public static let knownFoundings: [String: Int] = [
    "新中国成立": 1949, "中国共产党成立": 1921, "建党": 1921, "中国人民解放军建军": 1927, "人民军队建军": 1927,
    "建军": 1927, "改革开放": 1978, "香港回归祖国": 1997, "香港回归": 1997, "澳门回归祖国": 1999, "澳门回归": 1999,
    "五四运动": 1919, "辛亥革命": 1911, "红军长征胜利": 1936, "中国人民抗日战争暨世界反法西斯战争胜利": 1945,
    "中国人民抗日战争胜利": 1945, "抗日战争胜利": 1945, "抗战胜利": 1945, "人民政协成立": 1949,
    "中国人民政治协商会议成立": 1949, "全国人民代表大会成立": 1954, "毛泽东同志诞辰": 1893, "邓小平同志诞辰": 1904,
    "周恩来同志诞辰": 1898, "刘少奇同志诞辰": 1898, "朱德同志诞辰": 1886, "中国人民志愿军抗美援朝出国作战": 1950,
  ]

  /// A five-year plan's years: the 1st ran 1953–1957, the 2nd 1958–1962, and from the 3rd (1966) on each
  /// covers five years: the 14th is 2021–2025.
  public static func planYears(_ n: Int) -> ClosedRange<Int>? {
    switch n {
    case 1: return 1953...1957
    case 2: return 1958...1962
    case 3...40:
      let start = 1966 + 5 * (n - 3)
      return start...(start + 4)
    default: return nil
    }
  }
}
