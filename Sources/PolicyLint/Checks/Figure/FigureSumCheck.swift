import PolicyText

/// `figure/sum`: the parts a total is broken into (`共126个，其中中心村38个、一般村92个`) add up to more
/// than the total, or, when one part is the rest (`一般村`, `其他`, `其余`), to anything but the total.
///
/// Read at each `其中`: at least two counts of one unit after it, each after its own label and separated by
/// `、`, `，` or `；`, and the total, the last count of that unit before `其中` in its sentence (or closing the
/// sentence `其中` opens). Parts may overlap when they classify by different traits
/// (`党员1200人，其中女党员500人、35岁以下党员400人`), so a sum above the total is reported only when the
/// labels name kinds of one thing (they end alike: `中心村`/`一般村`, `工业项目`/`服务业项目`) and no label
/// picks by a trait (age, sex, `以上`/`以下`).
public struct FigureSumCheck: Check {
  public static let description = CheckDescription(
    code: "figure/sum", name: "PartsDoNotAddUp", defaultSeverity: .warning,
    rationale: "“共N个，其中A个、B个”中各部分之和超过总数，或列出“其余”“一般”后与总数不等，必有一处数字有误。",
    triggering: [
      CheckExample("全县共有行政村⟦126个，其中中心村38个、一般村92个⟧。"),
      CheckExample("全年实施重点项目⟦32个。其中工业项目21个、服务业项目13个⟧，完成投资58亿元。"),
      CheckExample("走访农户⟦1260户，其中脱贫户418户、监测户96户、一般农户806户⟧。"),
      CheckExample("新增就业⟦1.2万人，其中城镇8000人、其他3000人⟧。"),
      CheckExample("一季度共签约项目⟦32个、总投资186.5亿元，其中工业项目21个、服务业项目13个⟧；新开工项目18个。"),
    ],
    nonTriggering: [
      CheckExample("全县共有行政村126个，其中中心村38个、一般村88个。"),
      CheckExample("全市党员1200人，其中女党员500人、35岁以下党员800人。"),
      CheckExample("全年实施重点项目32个，其中工业项目21个、服务业项目9个。"),
      CheckExample("共有项目32个，其中工业项目21个。"),
      CheckExample("引进企业50家，其中世界500强企业3家、上市公司12家。"),
      CheckExample("培训干部1.2万人次，其中县级干部300人次、乡镇干部8600人次。"),
    ],
    scope: .paragraph)

  public init() {}

  /// Labels that pick parts by a trait, which may overlap another part.
  static let traitWords = ["女", "男", "岁", "以上", "以下", "少数民族", "党员", "青年", "新", "重点", "省级", "国家级"]
  /// Labels that name the rest of the total.
  static let restWords = ["其他", "其余", "其它", "一般", "剩余", "另有"]

  public func run(_ context: CheckContext) -> [Finding] {
    let a = context.figureAnalysis
    let v = a.view.scalars
    let figures = a.figures
    var out: [Finding] = []
    var k = 0
    while k + 1 < v.count {
      defer { k += 1 }
      guard v[k] == "其", v[k + 1] == "中" else { continue }
      let partsStart = k + 2
      // The parts: counts after their labels, up to the end of the sentence.
      var sentenceEnd = partsStart
      while sentenceEnd < v.count, !ScalarClass.isSentenceEnd(v[sentenceEnd]), v[sentenceEnd] != "\n" {
        sentenceEnd += 1
      }
      let first = figures.partitionPoint { $0.viewRange.lowerBound < partsStart }
      guard first < figures.count else { break }
      var parts: [(figure: Figure, label: String)] = []
      var labelStart = partsStart
      for f in figures[first...] {
        guard f.viewRange.upperBound <= sentenceEnd else { break }
        let label = String(scalarSlice: v[labelStart..<f.viewRange.lowerBound]).filter { $0 != ":" && $0 != "," }
        // Each part stands after its own label and is followed by a separator or the sentence's end.
        let next = f.viewRange.upperBound
        let separated = next == sentenceEnd || "、,;".unicodeScalars.contains(v[next])
        guard Self.isCount(f), f.unit == (parts.first?.figure.unit ?? f.unit), !label.isEmpty,
          label.unicodeScalars.allSatisfy(ScalarClass.isHan), separated
        else { break }
        parts.append((f, label))
        labelStart = next + 1
        if next == sentenceEnd { break }
      }
      guard parts.count >= 2 else { continue }
      // The total: the last count of the parts' unit before `其中`, in its sentence or closing the one before
      // (`共签约项目32个、总投资186.5亿元，其中工业项目21个…`, `全年实施项目32个。其中…`).
      var totalSearchStart = k
      while totalSearchStart > 0, k - totalSearchStart < 60, v[totalSearchStart - 1] != "\n",
        !(ScalarClass.isSentenceEnd(v[totalSearchStart - 1]) && totalSearchStart < k - 1)
      {
        totalSearchStart -= 1
      }
      let unit = parts[0].figure.unit
      var candidate = first - 1
      while candidate >= 0, figures[candidate].viewRange.lowerBound >= totalSearchStart,
        !(figures[candidate].viewRange.upperBound <= k && Self.isCount(figures[candidate])
          && figures[candidate].unit == unit)
      {
        candidate -= 1
      }
      guard candidate >= 0, figures[candidate].viewRange.lowerBound >= totalSearchStart else { continue }
      let total = figures[candidate]
      let sum = parts.reduce(0.0) { $0 + $1.figure.value }
      // Half the coarsest place a number is written to (`1.2万` may be 11,500 to 12,499).
      let coarsest = parts.map { FigureMismatchCheck.precision($0.figure, a) }.max() ?? 0
      let tolerance = max(FigureMismatchCheck.precision(total, a), coarsest) / 2
      let labels = parts.map(\.label)
      let hasRest = labels.contains { l in Self.restWords.contains { l.hasPrefix($0) } }
      let kinds = Self.namesKindsOfOneThing(labels)
      let report: Bool
      if hasRest {
        report = abs(sum - total.value) > tolerance
      } else {
        report = sum > total.value + tolerance && kinds
      }
      guard report else { continue }
      let last = parts[parts.count - 1].figure
      let range = total.range.lowerBound..<last.range.upperBound
      let written = parts.map { $0.label + $0.figure.text.replacingAllBlanks() }.joined(separator: "、")
      let totalText = total.text.replacingAllBlanks()
      let summed = Self.format(sum, like: parts[0].figure)
      let message =
        hasRest
        ? "分项之和与总数不符：总数为\(totalText)，其中\(written)，合计\(summed)。"
        : "分项之和超过总数：总数为\(totalText)，其中\(written)，合计\(summed)。"
      out.append(
        Finding(
          code: Self.description.code, severity: Self.description.defaultSeverity, range: range,
          message: message + "请核对总数和各分项。"))
    }
    return out
  }

  /// A count a total or a part can be: a whole or decimal number with a unit, not a rate or an estimate.
  static func isCount(_ f: Figure) -> Bool {
    (f.kind == .integer || f.kind == .decimal) && !f.approximate && !f.unit.isEmpty
      && !["年", "月", "日", "周年", "%", "倍", "届", "次"].contains(f.unit)
  }

  /// Whether labels name kinds of one thing: they end in the same character and none picks by a trait.
  static func namesKindsOfOneThing(_ labels: [String]) -> Bool {
    guard !labels.contains(where: { l in traitWords.contains { l.contains($0) } }) else { return false }
    let ends = labels.map { $0.unicodeScalars.last }
    return ends.allSatisfy { $0 != nil && $0 == ends[0] }
  }

  /// The sum written as the parts are (whole numbers without a decimal point).
  static func format(_ value: Double, like f: Figure) -> String {
    let unit = f.unit
    if value >= 10_000 && value.truncatingRemainder(dividingBy: 1000) == 0 && f.text.contains("万") {
      let wan = value / 10_000
      return (wan == wan.rounded() ? String(Int(wan)) : String(wan)) + "万" + unit
    }
    return (value == value.rounded() ? String(Int(value)) : String(value)) + unit
  }
}
