import PolicyText

/// Finds every figure in a text: Arabic and Chinese numerals with their units, dates and spans of dates,
/// years, ordinals, fractions, percentages, ratios, five-year plans and weekdays.
///
/// Works on the matching view (so `2023 年 11 月`, full-width digits and broken lines read as one figure)
/// and maps each figure back to the exact original range. Chinese numerals count only where they measure
/// something: a measure word or unit follows, or `第` precedes. Words that merely contain numeral characters
/// (`一律`, `统一`, `一带一路`, `五四运动`, `九三学社`) and approximate pairs (`三五天`, `十几个`) are skipped.
public struct FigureExtractor {
  let v: [Unicode.Scalar]
  let view: MatchingView
  let original: [Unicode.Scalar]

  /// The figures of a text, in order.
  public static func figures(in text: SourceText, view: MatchingView) -> [Figure] {
    FigureExtractor(v: view.scalars, view: view, original: text.scalars).run()
  }

  /// Convenience: the figures of a string.
  public static func figures(in string: String) -> [Figure] {
    let text = SourceText(string)
    return figures(in: text, view: MatchingView(text))
  }

  // MARK: - Vocabulary

  /// Measure words and units after a number, longest first within each starting character.
  static let units: [[Unicode.Scalar]] = [String]([
    "个百分点", "百分点", "平方公里", "平方米", "立方米", "千瓦时", "周年", "个月", "公里", "公顷", "千米", "小时", "分钟",
    "季度", "方面", "万人次", "人次", "中全会",
    "人", "个", "名", "位", "次", "届", "年", "月", "日", "号", "天", "岁", "项", "条", "件", "户", "家", "所", "座", "栋",
    "倍", "吨", "米", "元", "亩", "辆", "台", "套", "批", "类", "种", "处", "场", "期", "轮", "级", "层", "篇", "部", "章",
    "节", "款", "支", "只", "张", "本", "份", "周", "大", "点", "例", "起", "宗", "架", "艘", "枚", "首", "幅", "段", "片",
    "代", "组", "对", "斤", "克", "秒", "版", "环", "票", "席", "分",
  ]).map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }

  /// Units a bare `一` may take and still be a figure; `一个时期`, `一条新路`, `一道` are phrases, not counts.
  static let unitsForBareOne: Set<String> = [
    "个百分点", "周年", "个月", "年", "天", "倍", "万人次", "小时", "分钟", "季度", "公里", "千米", "亩", "吨",
  ]

  /// What a speech counts in points (`讲三点意见`, `提两点要求`): after these, `N点` is a count.
  static let pointNouns = ["意见", "要求", "建议", "体会", "想法", "看法", "希望", "感受", "认识", "启示", "经验", "共识"]

  /// Units a Chinese numeral must not take because the pair is a word (`一起`, `一点`, `两点`…).
  static let nonUnitsForChinese: Set<String> = ["起", "点", "分", "对", "片", "段", "代", "环", "票", "席", "组", "首"]

  /// Fixed expressions that contain numeral characters but state no figure.
  static let fixedExpressions: [[Unicode.Scalar]] = [String]([
    "一律", "一步一个脚印", "一个脚印", "五四运动", "九三学社", "一些", "一道", "一体", "统一", "唯一", "一带一路", "一起",
    "一致", "一定", "一直", "一切", "一样", "一般", "进一步", "一流", "一系列", "一方面", "万一", "一旦", "一同", "一再",
    "一贯", "一向", "一举", "一度", "一味", "一线", "一揽子", "一把手", "一盘棋", "一张蓝图", "一以贯之", "一网通办",
    "一网通享", "一网统管", "一件事一次办", "千方百计", "三番五次", "五湖四海", "四面八方", "七上八下", "十全十美",
    "万众一心", "一心一意", "千家万户", "万千", "千千万万", "成千上万", "百年未有", "百年变局", "百花齐放", "百家争鸣",
    "一国两制", "三心二意", "一五一十", "一丝不苟", "一鼓作气", "一马当先", "一往无前", "一以贯之", "九死一生",
    "十之八九", "一针一线", "一草一木", "一点一滴", "一言一行", "一举一动", "一朝一夕", "一年一度", "一次办",
    "一站式", "一口受理", "一次踏勘", "一站办理", "一件事", "一键", "一窗", "一门", "一口", "一张网", "一体化",
    "一把尺", "一碗水", "三令五申", "七嘴八舌", "乱七八糟", "一分为二", "两手抓", "两条腿", "两手都要硬", "两面人",
    "一刀切", "一阵风", "一锤子", "三天打鱼", "十年树木", "百年树人", "一年四季", "一分钱", "八九不离十", "十有八九",
    "万无一失", "一劳永逸", "一蹴而就", "一概", "一时", "一番", "一下", "一边", "一面", "一批", "一项一项", "一件件",
    "一届接着一届", "一年接着一年", "一张", "一环扣一环", "一级抓一级", "一级带一级", "一层层", "千里", "万里", "百姓",
    "千秋", "万代", "万物", "万象", "万家", "百业", "百舸", "千帆", "亿万", "三农", "四风", "两岸", "两会", "二元",
    "一元", "多元", "单一", "第一时间", "第一线", "第一要务", "第一动力", "第一资源", "第一生产力", "零容忍", "零距离",
    "零星", "零售", "零件", "零散", "一应", "一如既往", "一视同仁", "一手抓", "一把", "一样", "一心", "三思",
  ]).map { Array($0.unicodeScalars) }

  /// Connectors of a range between two numbers.
  static func isRangeConnector(_ s: Unicode.Scalar) -> Bool {
    s == "至" || s == "—" || s == "–" || s == "-" || s == "~" || s == "〜" || s == "～"
  }

  /// Characters that end the clause a subject is taken from.
  static func isDelimiter(_ s: Unicode.Scalar) -> Bool {
    if ScalarClass.isHan(s) || ScalarClass.isASCIIAlphanumeric(s) { return false }
    return s != "." && s != "%" && s != "‰"
  }

  // MARK: - Reading numbers

  /// A number read at a view index.
  struct Num {
    var value: Double
    var end: Int
    var chinese: Bool
    var digitsForm: Bool
    var decimal: Bool
    var digitCount: Int
  }

  /// Reads an Arabic number (thousands separators, decimals, a `万`/`亿`/`万亿` multiplier) or a Chinese
  /// numeral run at `i`.
  func readNumber(at i: Int) -> Num? {
    guard i < v.count else { return nil }
    if ScalarClass.isDigit(v[i]) { return readArabic(at: i) }
    if ChineseNumeral.isNumeralScalar(v[i]) { return readChinese(at: i) }
    return nil
  }

  func readArabic(at i: Int) -> Num? {
    var j = i
    var intValue: Double = 0
    var digits = 0
    var group = 0  // digits since the last separator
    var separated = false
    while j < v.count {
      if ScalarClass.isDigit(v[j]) {
        intValue = intValue * 10 + Double(v[j].value - 48)
        digits += 1
        group += 1
        j += 1
        continue
      }
      // A thousands separator is an ASCII comma (a full-width `，` separates clauses) between groups of three.
      let isSeparator = v[j] == "," && original[Int(view.originalIndex[j])] == ","
        && (separated ? group == 3 : (1...3).contains(group)) && j + 3 < v.count + 0
        && (j + 1...j + 3).allSatisfy { $0 < v.count && ScalarClass.isDigit(v[$0]) }
        && !(j + 4 < v.count && ScalarClass.isDigit(v[j + 4]))
      guard isSeparator else { break }
      separated = true
      group = 0
      j += 1
    }
    var value = intValue
    var decimal = false
    if j + 1 < v.count, v[j] == ".", ScalarClass.isDigit(v[j + 1]) {
      decimal = true
      j += 1
      var place = 0.1
      while j < v.count, ScalarClass.isDigit(v[j]) {
        value += Double(v[j].value - 48) * place
        place /= 10
        j += 1
      }
    }
    if j < v.count, v[j] == "万" {
      value *= 10_000
      j += 1
      if j < v.count, v[j] == "亿" {
        value *= 100_000_000
        j += 1
      }
    } else if j < v.count, v[j] == "亿" {
      value *= 100_000_000
      j += 1
    }
    return Num(value: value, end: j, chinese: false, digitsForm: false, decimal: decimal, digitCount: digits)
  }

  func readChinese(at i: Int) -> Num? {
    var j = i
    while j < v.count, ChineseNumeral.isNumeralScalar(v[j]) { j += 1 }
    var end = j
    var decimal = false
    if j + 1 < v.count, v[j] == "点", ChineseNumeral.digit(v[j + 1]) != nil {
      var k = j + 1
      while k < v.count, ChineseNumeral.digit(v[k]) != nil { k += 1 }
      if k < v.count, v[k] == "万" || v[k] == "亿" { k += 1 }
      end = k
      decimal = true
    }
    let slice = v[i..<end]
    if decimal {
      guard let value = ChineseNumeral.value(slice) else { return nil }
      return Num(value: value, end: end, chinese: true, digitsForm: false, decimal: true, digitCount: 0)
    }
    guard let (value, form) = ChineseNumeral.integer(slice) else { return nil }
    return Num(
      value: Double(value), end: end, chinese: true, digitsForm: form == .digits, decimal: false,
      digitCount: form == .digits ? end - i : 0)
  }

  // MARK: - Scanning

  func run() -> [Figure] {
    var out: [Figure] = []
    var i = 0
    while i < v.count {
      let c = v[i]
      if ScalarClass.isDigit(c) {
        if i > 0, ScalarClass.isASCIIAlphanumeric(v[i - 1]) || v[i - 1] == "."
          || i > 1 && v[i - 1] == "-" && ScalarClass.isASCIIAlphanumeric(v[i - 2])
        {
          i += 1
          continue
        }
        if let f = arabicFigure(at: i) {
          out.append(f)
          i = f.viewRange.upperBound
        } else {
          var j = i
          while j < v.count, ScalarClass.isASCIIAlphanumeric(v[j]) { j += 1 }
          i = max(j, i + 1)
        }
        continue
      }
      if (c == "星" && at(i, "星期")) || (c == "礼" && at(i, "礼拜")) || c == "周" {
        if let f = weekday(at: i) {
          out.append(f)
          i = f.viewRange.upperBound
          continue
        }
      }
      if ChineseNumeral.isNumeralScalar(c) && (i == 0 || !ChineseNumeral.isNumeralScalar(v[i - 1])) {
        if let skip = fixedExpressionEnd(covering: i) {
          i = skip
          continue
        }
        if let f = chineseFigure(at: i) {
          out.append(f)
          i = f.viewRange.upperBound
        } else {
          i += 1
          while i < v.count, ChineseNumeral.isNumeralScalar(v[i]) { i += 1 }
        }
        continue
      }
      i += 1
    }
    var result = out.map(withSubject)
    // `二十届一中、二中全会`: the second plenary inherits the first one's organ and 届.
    for k in result.indices.dropFirst() {
      let (a, b) = (result[k - 1], result[k])
      if b.kind == .ordinal, a.kind == .ordinal, a.unit == b.unit, b.viewRange.lowerBound == a.viewRange.upperBound + 1,
        v[a.viewRange.upperBound] == "、"
      {
        result[k].subject = a.subject
      }
    }
    return result
  }

  func at(_ i: Int, _ word: String) -> Bool {
    var k = i
    for s in word.unicodeScalars {
      guard k < v.count, v[k] == s else { return false }
      k += 1
    }
    return true
  }

  func matches(_ i: Int, _ word: [Unicode.Scalar]) -> Bool {
    guard i >= 0, i + word.count <= v.count else { return false }
    for (k, s) in word.enumerated() where v[i + k] != s { return false }
    return true
  }

  /// The end of a fixed expression that covers the numeral at `i`, if any.
  func fixedExpressionEnd(covering i: Int) -> Int? {
    var best: Int? = nil
    for e in Self.fixedExpressions {
      for (k, s) in e.enumerated() where s == v[i] {
        let start = i - k
        if matches(start, e) { best = max(best ?? 0, start + e.count) }
      }
    }
    return best
  }

  /// The unit at `j` (longest match), if any.
  func unit(at j: Int) -> [Unicode.Scalar]? {
    for u in Self.units where matches(j, u) { return u }
    return nil
  }

  func isParagraphStart(_ i: Int) -> Bool {
    i == 0 || v[i - 1] == "\n"
  }

  // MARK: - Arabic figures

  func arabicFigure(at i: Int) -> Figure? {
    guard var num = readArabic(at: i) else { return nil }
    var j = num.end
    if j < v.count, ScalarClass.isASCIIAlphanumeric(v[j]) && !ScalarClass.isDigit(v[j]) { return nil }  // `3A级`
    // A list marker `1.` or `1、` at the start of a paragraph is not a figure (the sequence check reads it).
    if isParagraphStart(i), j < v.count, v[j] == "、" || v[j] == "." || v[j] == ")" { return nil }
    let ordinal = i > 0 && v[i - 1] == "第"
    return finish(start: i, num: &num, j: &j, ordinal: ordinal)
  }

  // MARK: - Chinese figures

  func chineseFigure(at i: Int) -> Figure? {
    var runEnd = i
    while runEnd < v.count, ChineseNumeral.isNumeralScalar(v[runEnd]) { runEnd += 1 }
    // Approximate forms: `十几个`, `几十`, `数十`, `三五天` are not figures.
    if runEnd < v.count, v[runEnd] == "几" || v[runEnd] == "来" { return nil }
    if i > 0, v[i - 1] == "几" || v[i - 1] == "数" || v[i - 1] == "上" && v[i] == "百" { return nil }
    // Fractions and percentages: `三分之一`, `百分之二十`, `千分之五`.
    if at(runEnd, "分之"), let f = fraction(at: i, runEnd: runEnd) { return f }
    // Five-year plans: `十四五`.
    if let f = plan(at: i, runEnd: runEnd) { return f }
    // Plenary sessions of a central committee: `一中全会`, `二十届一中、二中全会`.
    if runEnd < v.count, v[runEnd] == "中", at(runEnd + 1, "全会") || at(runEnd + 1, "、") && chainsToPlenary(runEnd + 2),
      let n = ChineseNumeral.integer(v[i..<runEnd])
    {
      let end = at(runEnd + 1, "全会") ? runEnd + 3 : runEnd + 1
      return make(
        kind: .ordinal, value: Double(n.value), unit: "中全会", start: i, end: end, numeralEnd: runEnd, chinese: true)
    }
    let ordinal = i > 0 && v[i - 1] == "第"
    guard var num = readChinese(at: i) else { return nil }
    if num.digitsForm {
      // Digit by digit only in years: `二〇三五年`; `三五天`, `五四运动` are something else.
      guard num.digitCount == 4, num.end < v.count, v[num.end] == "年" else { return nil }
    }
    var j = num.end
    if !ordinal {
      guard let u = unit(at: j) else { return nil }
      let word = String(scalarSlice: u)
      // `三点意见`, `两点要求` count points; `两点` alone is a time of day or a phrase (`一点`, `重点`).
      let points = word == "点" && num.value >= 2 && Self.pointNouns.contains { at(j + 1, $0) }
      if Self.nonUnitsForChinese.contains(word) && !points { return nil }
      if num.end - i == 1 && v[i] == "一" && !Self.unitsForBareOne.contains(word) { return nil }
      if word == "大" {
        // `二十大` is a congress; `三大主体` counts. Both are figures; `大` must not start a word like `大力`.
        if num.value < 8, j + 1 < v.count, !ScalarClass.isHan(v[j + 1]) { return nil }
      }
      if (word == "点" && !points) || word == "分" { return nil }
    }
    return finish(start: i, num: &num, j: &j, ordinal: ordinal)
  }

  func chainsToPlenary(_ k: Int) -> Bool {
    var j = k
    while j < v.count, ChineseNumeral.isNumeralScalar(v[j]) { j += 1 }
    guard j > k, j < v.count, v[j] == "中" else { return false }
    return at(j + 1, "全会") || at(j + 1, "、") && chainsToPlenary(j + 2)
  }

  func fraction(at i: Int, runEnd: Int) -> Figure? {
    let k = runEnd + 2
    guard let denominator = ChineseNumeral.integer(v[i..<runEnd]), denominator.value > 0,
      let numerator = readChinese(at: k), !numerator.digitsForm
    else { return nil }
    let d = Double(denominator.value)
    if d == 100 || d == 1000 {
      let isPercent = d == 100
      return make(
        kind: isPercent ? .percent : .permille, value: numerator.value, unit: isPercent ? "%" : "‰", start: i,
        end: numerator.end, numeralEnd: numerator.end, chinese: true)
    }
    return make(
      kind: .fraction, value: numerator.value / d, second: d, unit: "", start: i, end: numerator.end,
      numeralEnd: numerator.end, chinese: true)
  }

  func plan(at i: Int, runEnd: Int) -> Figure? {
    guard runEnd - i >= 2, v[runEnd - 1] == "五", let n = ChineseNumeral.integer(v[i..<(runEnd - 1)]),
      n.form == .positional, (6...20).contains(n.value)
    else { return nil }
    let quoted = i > 0 && v[i - 1] == "“" && runEnd < v.count && v[runEnd] == "”"
    let named = ["规划", "计划", "时期", "期间", "末", "以来", "开局", "收官", "初期", "中期"].contains { at(runEnd, $0) }
    guard quoted || named else { return nil }
    return make(kind: .plan, value: Double(n.value), unit: "五", start: i, end: runEnd, numeralEnd: runEnd - 1, chinese: true)
  }

  func weekday(at i: Int) -> Figure? {
    let prefix = v[i] == "周" ? 1 : 2
    let k = i + prefix
    guard k < v.count else { return nil }
    let value: Int
    switch v[k] {
    case "一": value = 1
    case "二": value = 2
    case "三": value = 3
    case "四": value = 4
    case "五": value = 5
    case "六": value = 6
    case "日", "天": value = 7
    default: return nil
    }
    if prefix == 1 {
      // `周一` but not `周年`, `一周`, `周边`, and not `周日` inside `每周日常`.
      if value == 7 && v[k] == "天" { return nil }
      if k + 1 < v.count, ChineseNumeral.isNumeralScalar(v[k + 1]) || v[k + 1] == "年" { return nil }
      if i > 0, ChineseNumeral.isNumeralScalar(v[i - 1]) { return nil }
    }
    return make(kind: .weekday, value: Double(value), unit: "", start: i, end: k + 1, numeralStart: k, numeralEnd: k + 1, chinese: true)
  }

  // MARK: - Completing a figure

  /// Completes a number read at `start` (ending at `j`) with what follows: dates, percentages, ratios,
  /// ranges and units.
  func finish(start: Int, num: inout Num, j: inout Int, ordinal: Bool) -> Figure? {
    let numeralEnd = num.end
    if ordinal {
      let u = unit(at: j).map { String(scalarSlice: $0) } ?? ""
      let end = j + u.unicodeScalars.count
      return make(
        kind: .ordinal, value: num.value, unit: u, start: start - 1, end: end, numeralStart: start,
        numeralEnd: numeralEnd, chinese: num.chinese)
    }
    // Years and dates.
    if j < v.count, v[j] == "年", !num.decimal, isYear(num) {
      let year = Int(num.value)
      var date = WrittenDate(year: year)
      var end = j + 1
      if let (m, d, e) = monthDay(at: end) {
        date.month = m
        date.day = d
        end = e
        var f = make(kind: .date, value: Double(d ?? 1), unit: "日", start: start, end: end, numeralEnd: numeralEnd, chinese: num.chinese)
        f.date = date
        if let (endDate, e2) = dateSpanEnd(at: end, after: date) {
          f = make(kind: .date, value: Double(d ?? 1), unit: "日", start: start, end: e2, numeralEnd: numeralEnd, chinese: num.chinese)
          f.date = date
          f.dateEnd = endDate
        }
        return f
      }
      var f = make(kind: .year, value: Double(year), unit: "年", start: start, end: end, numeralEnd: numeralEnd, chinese: num.chinese)
      f.date = date
      return f
    }
    if let (m, d, end) = monthDay(at: start), !num.decimal {
      var date = WrittenDate(month: m, day: d)
      if m == nil { date.month = nil }
      var f = make(kind: .date, value: Double(d ?? 1), unit: d == nil ? "月" : "日", start: start, end: end, numeralEnd: numeralEnd, chinese: num.chinese)
      f.date = date
      if let (endDate, e2) = dateSpanEnd(at: end, after: date) {
        f = make(kind: .date, value: Double(d ?? 1), unit: "日", start: start, end: e2, numeralEnd: numeralEnd, chinese: num.chinese)
        f.date = date
        f.dateEnd = endDate
      }
      return f
    }
    var approximate = false
    if j < v.count, v[j] == "多" || v[j] == "余" {
      approximate = true
      j += 1
    }
    // Percent and per mille.
    if j < v.count, v[j] == "%" || v[j] == "‰" {
      let isPercent = v[j] == "%"
      j += 1
      if let (upper, e) = rangeUpper(at: j, unitScalar: v[j - 1]) {
        return make(
          kind: .range, value: num.value, second: upper, unit: isPercent ? "%" : "‰", start: start, end: e,
          numeralEnd: numeralEnd, chinese: num.chinese)
      }
      return make(
        kind: isPercent ? .percent : .permille, value: num.value, unit: isPercent ? "%" : "‰", start: start, end: j,
        numeralEnd: numeralEnd, chinese: num.chinese, approximate: approximate)
    }
    // Ratios: `1.77∶1`.
    if !num.chinese, j + 1 < v.count, v[j] == ":", ScalarClass.isDigit(v[j + 1]) {
      let colon = original[Int(view.originalIndex[j])]
      if let second = readArabic(at: j + 1), colon == "∶" || colon == "比" || second.value == 1 && !second.decimal {
        return make(
          kind: .ratio, value: num.value, second: second.value, unit: "", start: start, end: second.end,
          numeralEnd: numeralEnd, chinese: false)
      }
    }
    // Ranges: `3至5个`, `27—28日`, `2021—2025年`.
    if !approximate, j + 1 < v.count, Self.isRangeConnector(v[j]), let upper = readNumber(at: j + 1),
      upper.chinese == num.chinese
    {
      var e = upper.end
      if e < v.count, v[e] == "日" || v[e] == "号", !num.decimal, num.value >= 1, num.value <= 31, upper.value <= 31 {
        var f = make(kind: .date, value: num.value, unit: "日", start: start, end: e + 1, numeralEnd: numeralEnd, chinese: num.chinese)
        f.date = WrittenDate(day: Int(num.value))
        f.dateEnd = WrittenDate(day: Int(upper.value))
        return f
      }
      if e < v.count, v[e] == "年", isYear(num), isYear(upper) {
        var f = make(
          kind: .year, value: num.value, second: upper.value, unit: "年", start: start, end: e + 1,
          numeralEnd: numeralEnd, chinese: num.chinese)
        f.date = WrittenDate(year: Int(num.value))
        f.dateEnd = WrittenDate(year: Int(upper.value))
        return f
      }
      if let u = unit(at: e) {
        e += u.count
        return make(
          kind: .range, value: num.value, second: upper.value, unit: String(scalarSlice: u), start: start, end: e,
          numeralEnd: numeralEnd, chinese: num.chinese)
      }
    }
    if let u = unit(at: j) {
      let word = String(scalarSlice: u)
      let end = j + u.count
      if word == "个百分点" || word == "百分点" {
        return make(
          kind: .percentagePoints, value: num.value, unit: "个百分点", start: start, end: end, numeralEnd: numeralEnd,
          chinese: num.chinese, approximate: approximate)
      }
      if word == "大" && num.chinese && isCongress(start: start, end: end, value: num.value) {
        return make(kind: .ordinal, value: num.value, unit: "大", start: start, end: end, numeralEnd: numeralEnd, chinese: true)
      }
      if word == "届" {
        return make(kind: .ordinal, value: num.value, unit: "届", start: start, end: end, numeralEnd: numeralEnd, chinese: num.chinese)
      }
      if word == "次", at(end, "全会") || at(end, "全体会议") {
        let tail = at(end, "全会") ? 2 : 4
        return make(
          kind: .ordinal, value: num.value, unit: "次", start: start, end: end + tail, numeralEnd: numeralEnd,
          chinese: num.chinese)
      }
      return make(
        kind: num.decimal ? .decimal : .integer, value: num.value, unit: word, start: start, end: end,
        numeralEnd: numeralEnd, chinese: num.chinese, approximate: approximate)
    }
    if num.chinese { return nil }
    return make(
      kind: num.decimal ? .decimal : .integer, value: num.value, unit: "", start: start, end: approximate ? j : numeralEnd,
      numeralEnd: numeralEnd, chinese: false, approximate: approximate)
  }

  /// `二十大`, `党的十八大以来` name a party congress; `十大行动`, `三大主体` count.
  func isCongress(start: Int, end: Int, value: Double) -> Bool {
    guard value >= 8, value <= 30 else { return false }
    if start >= 2, v[start - 2] == "党", v[start - 1] == "的" { return true }
    guard end < v.count else { return true }
    let next = v[end]
    if !ScalarClass.isHan(next) { return true }
    let starters: Set<Unicode.Scalar> = [
      "以", "精", "报", "代", "和", "胜", "召", "开", "闭", "作", "提", "强", "指", "明", "是", "党", "部", "决", "重", "后",
      "前", "上", "的", "会", "与", "及", "期", "确", "描", "擘", "对", "把", "将", "为", "要", "首", "新",
    ]
    return starters.contains(next)
  }

  func isYear(_ n: Num) -> Bool {
    guard !n.decimal, n.value == n.value.rounded() else { return false }
    if n.chinese { return n.digitsForm && n.digitCount == 4 }
    return n.digitCount == 4 && n.value >= 1000 && n.value <= 2999
  }

  /// `11月20日`, `十一月二十日`, `12月` at `k`: month, day and end.
  func monthDay(at k: Int) -> (Int?, Int?, Int)? {
    guard let m = readNumber(at: k), !m.decimal, m.end < v.count else { return nil }
    if v[m.end] == "月", (1...12).contains(m.value) {
      let month = Int(m.value)
      if let d = readNumber(at: m.end + 1), !d.decimal, d.end < v.count, v[d.end] == "日" || v[d.end] == "号",
        (1...99).contains(d.value)
      {
        return (month, Int(d.value), d.end + 1)
      }
      return (month, nil, m.end + 1)
    }
    if v[m.end] == "日" || (v[m.end] == "号" && !m.chinese), (1...99).contains(m.value), m.value == m.value.rounded() {
      return (nil, Int(m.value), m.end + 1)
    }
    return nil
  }

  /// The end of a span of dates after `至`/`—`: `至28日`, `至12月3日`, `—2024年1月3日`.
  func dateSpanEnd(at k: Int, after start: WrittenDate) -> (WrittenDate, Int)? {
    guard k + 1 < v.count, Self.isRangeConnector(v[k]) || v[k] == "到" else { return nil }
    let j = k + 1
    guard let n = readNumber(at: j), !n.decimal else { return nil }
    var date = start
    if n.end < v.count, v[n.end] == "年", isYear(n) {
      date = WrittenDate(year: Int(n.value))
      guard let (m, d, e) = monthDay(at: n.end + 1) else { return nil }
      date.month = m
      date.day = d
      return (date, e)
    }
    guard let (m, d, e) = monthDay(at: j) else { return nil }
    if let m { date.month = m }
    date.day = d
    if m != nil && d == nil { date.day = nil }
    return (date, e)
  }

  /// The upper end of a percentage range after the first `%`: `20%—30%`, `20%至30%`.
  func rangeUpper(at k: Int, unitScalar: Unicode.Scalar) -> (Double, Int)? {
    guard k + 1 < v.count, Self.isRangeConnector(v[k]) || v[k] == "到", let n = readArabic(at: k + 1),
      ScalarClass.isDigit(v[k + 1]), n.end < v.count, v[n.end] == unitScalar
    else { return nil }
    return (n.value, n.end + 1)
  }

  func make(
    kind: FigureKind, value: Double, second: Double? = nil, unit: String, start: Int, end: Int,
    numeralStart: Int? = nil, numeralEnd: Int, chinese: Bool, approximate: Bool = false
  ) -> Figure {
    let viewRange = start..<end
    let range = view.originalRange(viewRange)
    let numStart = numeralStart ?? start
    let numeralRange = view.originalRange(numStart..<max(numStart, numeralEnd))
    return Figure(
      kind: kind, value: value, second: second, unit: unit,
      text: String(scalarSlice: original[range]), range: range, viewRange: viewRange, numeralRange: numeralRange,
      chinese: chinese, approximate: approximate)
  }

  // MARK: - Subjects

  /// Words a subject does not end with: they qualify the figure rather than name what it counts.
  static let subjectFillers: [String] = [
    "达到", "超过", "不少于", "不低于", "以上", "左右", "约", "共", "达", "近", "逾", "为", "有", "是", "了", "仅", "占",
    "的", "和", "及", "与", "计", "合计", "累计达", "总计",
  ].sorted { $0.count > $1.count }

  /// `subjectFillers` as scalars, made once.
  static let subjectFillerScalars = subjectFillers.map { Array($0.unicodeScalars) }
  /// Verbs that, right after a figure, tell what the counted did (`15人出席`), so they name no subject.
  static let verbsAfterFigure: [[Unicode.Scalar]] = [
    "出席", "列席", "参加", "参会", "到会", "缺席", "参与", "请假", "当选", "入选", "获得", "受到", "通过",
  ].map { Array($0.unicodeScalars) }

  /// Characters that end the short noun after a measure word.
  static let subjectStops = ScalarSet(
    ["第", "的", "和", "与", "及", "以", "在", "是", "为", "将", "等", "中", "上", "下", "里"] as [Unicode.Scalar])

  func withSubject(_ f: Figure) -> Figure {
    var g = f
    // Before: the clause up to the figure, at most 12 characters back.
    var a = f.viewRange.lowerBound
    while a > 0, f.viewRange.lowerBound - a < 12, !Self.isDelimiter(v[a - 1]) { a -= 1 }
    var before = Array(v[a..<f.viewRange.lowerBound])
    var trimmed = true
    while trimmed {
      trimmed = false
      for fs in Self.subjectFillerScalars {
        if before.count > fs.count, before[(before.count - fs.count)...].elementsEqual(fs) {
          before.removeLast(fs.count)
          trimmed = true
        }
      }
    }
    // After: a short noun following a measure word (`6万个学位`).
    var after: [Unicode.Scalar] = []
    let counted = f.kind == .integer || f.kind == .decimal || f.kind == .range || f.kind == .ordinal
    if counted, !f.unit.isEmpty, f.unit != "年", f.unit != "月", f.unit != "日", f.text.hasSuffix(f.unit) {
      var b = f.viewRange.upperBound
      let stops = Self.subjectStops
      while b < v.count, b - f.viewRange.upperBound < 6, ScalarClass.isHan(v[b]), !stops.contains(v[b]),
        !ChineseNumeral.isNumeralScalar(v[b])
      {
        b += 1
      }
      if b - f.viewRange.upperBound <= 4 { after = Array(v[f.viewRange.upperBound..<b]) }
      // `候补省委委员15人出席会议`: a verb after the figure says what the counted did, not what they are.
      if Self.verbsAfterFigure.contains(where: { after.starts(with: $0) }) { after = [] }
    }
    g.subject = String(scalarSlice: before + after)
    return g
  }
}
