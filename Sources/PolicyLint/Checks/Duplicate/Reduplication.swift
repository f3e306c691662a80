import PolicyText

/// What Chinese legitimately writes twice in a row, so `duplicate/doubled` can tell reduplication from an
/// editing slip.
///
/// Single characters: content words reduplicate freely (`常常`, `天天`, `紧紧`, `清清白白`), so a doubled
/// character is flagged only for the function words below, which Chinese never reduplicates but cut and
/// paste often doubles (`的的`, `要要`). Even those meet themselves across a word boundary (`目的的`,
/// `需要要素`, `为了了解`, `在在建项目`), so each carries two lists: words that end in it after which the
/// function word can grammatically stand again (`目的`, `现在`, `成都`; not adverbs such as `都要`, after
/// which `要要` is still a slip), and words that start with it (`要素`, `了解`, `在建`). A pair explained by
/// either is left alone. The lists are small and common on purpose: a missed slip costs less than crying
/// wolf over correct text.
enum Reduplication {
  /// Function word → (characters that form a word ending in it, characters that form a word starting with it).
  private static let functionWordTable: [(Unicode.Scalar, String, String)] = [
    ("的", "目", "确士"),
    ("了", "", "解结却然如"),
    ("是", "求为", "否非以"),
    ("要", "需重主必只想首纲摘概紧扼", "素求点害件务事地闻领塞道职么是义旨"),
    ("在", "现存所", "建职岗校线场内于编册押任读即望途位野"),
    ("和", "温平缓总调祥柔人谦暖随亲饱中", "谐平美睦解衷气善蔼"),
    ("与", "参给赋授", "会共时其否"),
    ("及", "涉普危波顾惠触企提论", "时早格其"),
    ("对", "一成", "外象接话标照策口应比待手方立称冲等于此流岸联"),
    ("把", "一", "关握脉手"),
    ("被", "棉", "动告害迫"),
    ("将", "", "来军领士近"),
    ("为", "作认成行因", "民期主止何首此人政官"),
    ("从", "服听遵随", "事严业而来中此容宽速简优"),
    ("以", "可所是", "上下及来后前内外往便免致至为此"),
    ("于", "", "是今"),
    ("并", "合兼吞", "且购行重存举联列非未不"),
    ("而", "", "且言是后今已"),
    ("或", "", "者许是"),
    ("就", "成造", "业医学诊读地近是此职任位绪"),
    ("也", "", "许好"),
    ("都", "首成国古京故", "市会城"),
    ("又", "", "称名"),
    ("还", "归偿退返生交送", "款贷原是有要债"),
    ("让", "转出谦礼退忍避割", "利步渡位"),
    ("使", "大公特天", "用命得者馆节然"),
    ("向", "方导取意动趋志去横纵流投双单", "往来上下好心前外善"),
    ("由", "自理缘因事来", "于此衷来"),
    ("按", "", "照时期需规揭劳月"),
    ("给", "供补配", "予付养"),
    ("其", "", "中他次实余间后"),
    ("之", "", "后前间内外中一下上所际"),
    ("所", "场处住厕究务出诊会寓哨", "有在以谓属得需长"),
    ("这", "", ""),
    ("着", "", "力眼重手实想落陆装迷急"),
  ]

  private static let functionWords: [Unicode.Scalar: (left: Set<Unicode.Scalar>, right: Set<Unicode.Scalar>)] = {
    var d: [Unicode.Scalar: (left: Set<Unicode.Scalar>, right: Set<Unicode.Scalar>)] = [:]
    for (c, left, right) in functionWordTable { d[c] = (Set(left.unicodeScalars), Set(right.unicodeScalars)) }
    return d
  }()

  /// Two-character verbs and adjectives whose ABAB form is idiomatic (`研究研究`, `雪白雪白`): a spoken
  /// register that speeches use on purpose.
  private static let ababWords: Set<String> = [
    "研究", "商量", "讨论", "考虑", "学习", "了解", "琢磨", "思考", "交流", "沟通", "比较", "检查", "总结",
    "锻炼", "活动", "休息", "收拾", "整理", "介绍", "分析", "调查", "体会", "体验", "熟悉", "打听", "清理",
    "参观", "合计", "盘算", "雪白", "通红", "冰凉", "笔直", "火热", "碧绿", "漆黑", "崭新", "鲜红",
  ]

  /// Numerals and quantity words that head a reduplicated measure phrase (`一个一个`, `一项一项`, `两年两年`).
  private static let numeralHeads: Set<Unicode.Scalar> = ["一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "几", "每"]

  /// Whether a scalar is a digit or a Chinese numeral (`一一`, `2020 2020` are numbers, not doubles).
  static func isNumeral(_ s: Unicode.Scalar) -> Bool {
    ScalarClass.isDigit(s) || ListMarker.isChineseDigit(s) || s == "千" || s == "万" || s == "亿" || s == "第"
  }

  /// Whether the single character `c`, written twice at view `at` and `at + 1`, is an editing slip.
  /// `s` is the view; the neighbours decide between a slip and a word boundary or an AABB form.
  static func isSlip(singleCharacter c: Unicode.Scalar, in s: [Unicode.Scalar], at: Int) -> Bool {
    guard let partners = functionWords[c] else { return false }
    let before: Unicode.Scalar? = at > 0 ? s[at - 1] : nil
    let after: Unicode.Scalar? = at + 2 < s.count ? s[at + 2] : nil
    // AABB forms: 的的确确, 实实在在, 是是非非.
    if at >= 2, let b = before, b == s[at - 2], b != c, ScalarClass.isHan(b) { return false }
    if at + 3 < s.count, let a = after, a == s[at + 3], a != c, ScalarClass.isHan(a) { return false }
    if let b = before, partners.left.contains(b) { return false }
    if let a = after, partners.right.contains(a) { return false }
    return true
  }

  /// Measure words of a distributive phrase (`一个项目一个项目抓`, `一件事情一件事情办`, `一户一户走访`).
  private static let measureWords: Set<Unicode.Scalar> = [
    "个", "件", "项", "家", "户", "条", "座", "村", "步", "批", "笔", "张", "份", "名", "位", "所", "处", "类", "级",
    "环", "点", "片", "块", "人", "天", "年", "月", "次", "轮", "层", "域", "行", "企",
  ]

  /// Whether a doubled unit of two or more characters (without punctuation) is legitimate reduplication:
  /// numbers, a numeral with a measure word (`一个一个`), a distributive phrase of up to six characters
  /// (`一个项目一个项目`: `一` or `每`, a measure word, a noun), or an idiomatic ABAB verb or adjective.
  static func isLegitimate(unit: ArraySlice<Unicode.Scalar>) -> Bool {
    if unit.allSatisfy(isNumeral) { return true }
    if (3...6).contains(unit.count), unit.first == "一" || unit.first == "每",
      measureWords.contains(unit[unit.index(after: unit.startIndex)])
    {
      return true
    }
    guard unit.count == 2, let head = unit.first else { return false }
    if numeralHeads.contains(head) { return true }
    return ababWords.contains(String(scalarSlice: unit))
  }
}
