import PolicyText

/// `figure/count`: an announced count that does not match the items listed with it.
///
/// Reads four shapes: a list right before the count (`“人、地、钱”四个关节点`, `农业、农村、农民三大主体`); a
/// quoted count followed by members that repeat its keyword (`“四个融合”…促进要素融合、产业融合…`,
/// `“三个务必”…务必…，务必…`); a count introducing numbered items (`两个方面：一是…二是…三是…`); and a count
/// introducing items separated by semicolons, parallel clauses opening alike (`三个方面下功夫：在…上做文章，
/// 在…上下苦功`) or parallel short lead sentences (`四个方面成果：凝聚了…；确立了…`). A count closing its
/// sentence announces numbered items when it names them (`五个方面工作。`, `四个“统筹”。`).
public struct FigureCountCheck: Check {
  public static let description = CheckDescription(
    code: "figure/count", name: "CountMismatch", defaultSeverity: .warning,
    rationale: "“N个方面”“三个务必”之类的概数必须与列出的条目数一致，否则读者会怀疑漏列或多列。",
    triggering: [
      CheckExample("紧紧扭住“人、地、钱”⟦四个⟧关节点，有序引导人才到农村。"),
      CheckExample("围绕“兴产业、活要素、优服务”⟦四个⟧方面统筹推进。"),
      CheckExample("重点抓好⟦两个⟧方面：一是抓好经济运行调度，二是抓好安全生产，三是抓好民生保障。"),
      CheckExample("全党同志要牢记“⟦三个⟧务必”：务必不忘初心、牢记使命，务必敢于斗争、善于斗争。"),
      CheckExample("本次全会取得⟦四个⟧方面成果：凝聚了思想共识；确立了目标任务；明确了着力重点。"),
      CheckExample("着力写好“⟦五个⟧融合”大文章，促进要素融合、产业融合、设施融合、治理融合。"),
      CheckExample("要重点抓好⟦五个⟧方面工作。一是稳增长；二是促改革；三是惠民生；四是防风险。"),
      CheckExample("要守住⟦两条⟧底线，即耕地红线不突破、农民利益不受损、生态环境不破坏，确保改革稳妥推进。"),
      CheckExample("要用好“⟦五个⟧必须”宝贵经验，即必须坚持原则，必须体现担当，必须树立系统观念，必须守正创新，必须发扬斗争精神，必须发挥制度优势。"),
      CheckExample("重点抓好⟦三个⟧“统筹”。\n一是统筹发展和安全。\n二是统筹城市和乡村。\n三是统筹保护和开发。\n四是统筹当前和长远。"),
      CheckExample("着力在⟦三个⟧方面下功夫：在稳存量上做文章，在扩增量上下苦功，在提质量上求突破，在优服务上见实效。"),
      CheckExample("下面，我讲⟦三点⟧意见。\n一、提高认识\n要看到成绩。\n二、突出重点\n一是抓项目，二是抓招商。\n三、强化保障\n压实责任。\n四、严明纪律\n从严要求。"),
    ],
    nonTriggering: [
      CheckExample("紧紧扭住“人、地、钱”三个关节点，有序引导人才到农村。"),
      CheckExample("着力写好“四个融合”大文章，促进要素融合、产业融合、设施融合、治理融合。"),
      CheckExample("有五个方面特点：\n一是旗帜鲜明讲政治。\n二是聚精会神抓发展。\n三是城乡一体促融合。\n四是智慧赋能优环境。\n五是以人为本强担当。"),
      CheckExample("本次全会取得四个方面成果：\n凝聚了思想共识。全市上下进一步加深理解。\n确立了目标任务。会议提出具体目标。\n明确了着力重点。经济发展是首要任务。\n坚定了信心决心。凝聚起各方合力。"),
      CheckExample("重点发力做强农业、农村、农民三大主体。一步一个脚印推进。"),
      CheckExample("一体推进规划、功能、产业、人才、文化、创新、治理“七个融合”。"),
      CheckExample("牢记“三个务必”，以党的政治建设统领党的建设各项工作。"),
      CheckExample("推进政务服务、企业服务等四个方面的改革。"),
      CheckExample("下面，我讲三点意见。\n一、提高认识\n要看到成绩。\n二、突出重点\n一是抓项目，二是抓招商，三是抓服务，四是抓环境。\n三、强化保障\n压实责任。"),
      CheckExample("今年新建项目五个。一是要加快进度。"),
      CheckExample("着力在三个方面下功夫：在稳存量上做文章，在扩增量上下苦功，在提质量上求突破。"),
      CheckExample("主要有两个方面：经济增长好于预期，民生保障持续加强，发展后劲不断增强。"),
      CheckExample("要守住三条底线，即耕地红线不突破、农民利益不受损、生态环境不破坏，确保改革稳妥推进。"),
      CheckExample("全年计划实施重点项目12个，目前已启动9个。\n1. 完成立项\n2. 完成招标\n3. 开工建设"),
      CheckExample("要统筹推进“五位一体”总体布局、协调推进“四个全面”战略布局。"),
    ])

  public init() {}

  /// What a count closing its sentence names when it announces the items that follow.
  static let announcedItems: Set<String> = [
    "方面", "点", "项", "条", "件", "部分", "任务", "工作", "意见", "要求", "措施", "举措", "建议", "重点", "内容", "问题",
  ]

  static let countUnits: Set<String> = ["个", "大", "项", "方面", "种", "类", "条", "点", "件", "位", "支", "张", "本", "份"]

  public func run(_ context: CheckContext) -> [Finding] {
    let a = context.figureAnalysis
    let v = a.view.scalars
    let markers = Enumerators.markers(in: a.view)
    var out: [Finding] = []
    for f in a.figures where f.kind == .integer && Self.countUnits.contains(f.unit) && !f.approximate {
      let n = Int(f.value)
      guard n >= 2, n <= 30 else { continue }
      let sentence = a.sentence(of: f)
      var found: (count: Int, what: String)? = nil
      if let k = listBefore(f, v: v, sentence: sentence, markers: markers) {
        found = (k, "前面列出的")
      } else if let k = quotedMembersAfter(f, v: v, sentence: sentence) {
        found = (k, "后面列出的")
      } else if let k = itemsAfterColon(f, a: a, markers: markers) {
        found = (k, "后面列出的")
      }
      guard let (k, what) = found, k != n else { continue }
      // The number of a quoted slogan (`“三个务必”`) is fixed: the list is what is wrong, not the number.
      if let slogan = Self.quotedSlogan(around: f, v: v) {
        out.append(
          Finding(
            code: Self.description.code, severity: Self.description.defaultSeverity, range: f.range,
            message: "“\(slogan)”是固定提法，应有\(n)项，\(what)条目却是\(k)项。请核对是否漏列或多列。"))
        continue
      }
      let right = f.chinese ? ChineseNumeral.spell(Int64(k)).replacingFirstTwo(n: k) : String(k)
      let fixes = [Fix(title: "改为“\(right)\(f.unit)”", edits: [TextEdit(range: f.numeralRange, newText: right)])]
      out.append(
        Finding(
          code: Self.description.code, severity: Self.description.defaultSeverity, range: f.range,
          message: "“\(f.text)”与\(what)条目数不符：实际列出\(k)项。请核对是漏列、多列还是数字有误。", fixes: fixes))
    }
    return out
  }

  /// The quoted numbered slogan the count opens (`“三个务必”`, `“四个融合”`): the count right after `“` and
  /// a few Han characters after it up to `”`. Nil for a count in running text.
  static func quotedSlogan(around f: Figure, v: [Unicode.Scalar]) -> String? {
    let lo = f.viewRange.lowerBound
    guard lo > 0, v[lo - 1] == "“" else { return nil }
    var hi = f.viewRange.upperBound
    while hi < v.count, hi - f.viewRange.upperBound < 10, ScalarClass.isHan(v[hi]) { hi += 1 }
    guard hi < v.count, v[hi] == "”", hi > f.viewRange.upperBound else { return nil }
    return String(scalarSlice: v[lo..<hi])
  }

  /// Members of a list ending right before the count: `“人、地、钱”四个`, `农业、农村、农民三大`.
  ///
  /// A list marker opening the clause (`一、抓好三个方面`) is not a member. A last member joined by `和`, `及`,
  /// `与` (`困难群众帮扶和信访维稳`) may be one item or two: a count that fits either reading is accepted, and
  /// one that fits neither is left alone, because the right number is not known.
  func listBefore(_ f: Figure, v: [Unicode.Scalar], sentence: Range<Int>, markers: [EnumeratorMarker]) -> Int? {
    var end = f.viewRange.lowerBound
    if end > sentence.lowerBound, v[end - 1] == "“" { end -= 1 }  // `…治理“七个融合”`
    guard end > sentence.lowerBound else { return nil }
    // `30名、10名和15个`: a count right after a conjunction is itself a member of a list of figures.
    if ["和", "及", "与", "、", "或"].contains(v[end - 1]) { return nil }
    var start: Int
    var members: [[Unicode.Scalar]]
    if v[end - 1] == "”" {
      // A quoted list: members are the quote's `、`-separated parts.
      var k = end - 2
      while k >= sentence.lowerBound, v[k] != "“", end - k < 80 { k -= 1 }
      guard k >= sentence.lowerBound, v[k] == "“" else { return nil }
      members = split(v, (k + 1)..<(end - 1))
    } else {
      start = end
      while start > sentence.lowerBound, !isBoundary(v[start - 1]) { start -= 1 }
      // A clause that opens right after another quote (`“五位一体”总体布局、协调推进“四个全面”`) continues a
      // sentence about named slogans, not a list of members.
      if start > sentence.lowerBound, v[start - 1] == "”" || v[start - 1] == "“" { return nil }
      // `一、`, `（一）`, `1.` opening the clause number the paragraph; they are not members.
      if let m = markers.first(where: { $0.viewRange.lowerBound == start }) { start = m.viewRange.upperBound }
      members = split(v, start..<end)
      guard members.allSatisfy({ $0.count <= 12 && $0.count >= 1 }) else { return nil }
      // Members holding numerals are values (`分别为30名、10名`), not the items a count announces.
      if members.contains(where: { $0.contains(where: ScalarClass.isDigit) }) { return nil }
      if let last = members.last, last.last == "等" { return nil }  // `A、B等四个方面` lists examples
    }
    guard members.count >= 2 else { return nil }
    let n = Int(f.value)
    if let last = members.last, joinsTwo(last) {
      return n == members.count || n == members.count + 1 ? n : nil
    }
    return members.count
  }

  /// Whether a member joins two items with a conjunction inside it (`帮扶和信访维稳`, `科技及人才`).
  func joinsTwo(_ member: [Unicode.Scalar]) -> Bool {
    guard member.count >= 3 else { return false }
    for i in 1..<(member.count - 1) where member[i] == "和" || member[i] == "及" || member[i] == "与" || member[i] == "并" {
      return true
    }
    return false
  }

  func isBoundary(_ s: Unicode.Scalar) -> Bool {
    s == "," || s == ";" || s == ":" || s == "。" || s == "“" || s == "”" || s == "\n" || s == "(" || s == ")"
      || s == "!" || s == "?"
  }

  func split(_ v: [Unicode.Scalar], _ r: Range<Int>) -> [[Unicode.Scalar]] {
    var parts: [[Unicode.Scalar]] = [[]]
    for i in r {
      if v[i] == "、" { parts.append([]) } else { parts[parts.count - 1].append(v[i]) }
    }
    return parts.filter { !$0.isEmpty }.count == parts.count ? parts : []
  }

  /// Members after a quoted count that repeat its keyword: `“四个融合”大文章，促进要素融合、产业融合…`.
  func quotedMembersAfter(_ f: Figure, v: [Unicode.Scalar], sentence: Range<Int>) -> Int? {
    var keyword: Range<Int>
    var scanFrom: Int
    let s = f.viewRange.lowerBound
    let e = f.viewRange.upperBound
    if s > 0, v[s - 1] == "“" {
      var k = e
      while k < sentence.upperBound, v[k] != "”", k - e < 8 { k += 1 }
      guard k < sentence.upperBound, v[k] == "”", k > e else { return nil }
      keyword = e..<k
      scanFrom = k + 1
    } else if e < v.count, v[e] == "“" {
      var k = e + 1
      while k < sentence.upperBound, v[k] != "”", k - e < 8 { k += 1 }
      guard k < sentence.upperBound, v[k] == "”", k > e + 1 else { return nil }
      keyword = (e + 1)..<k
      scanFrom = k + 1
    } else {
      return nil
    }
    let word = Array(v[keyword])
    guard word.count >= 2 || word.count == 1 && ScalarClass.isHan(word[0]) else { return nil }
    var count = 0
    var first: Int? = nil
    var i = scanFrom
    while i + word.count <= sentence.upperBound {
      if Array(v[i..<(i + word.count)]) == word {
        // `…经验，即必须…，必须…`: the first member may follow `即`.
        let afterJi = v[i - 1] == "即" && i >= 2 && isBoundary(v[i - 2])
        let before = i == scanFrom || isBoundary(v[i - 1]) || v[i - 1] == "、" || afterJi
        let afterIndex = i + word.count
        let after = afterIndex >= sentence.upperBound || isBoundary(v[afterIndex]) || v[afterIndex] == "、"
        let itemStart = before && (i == scanFrom || v[i - 1] != "“")
        if itemStart || after {
          count += 1
          if first == nil { first = i }
        }
        i += word.count
        continue
      }
      i += 1
    }
    guard count >= 2, let first, first - scanFrom <= 12 else { return nil }
    return count
  }

  /// Items introduced by `N个方面：`: numbered markers, `；`-separated items, or parallel lead sentences. A
  /// count ending its sentence (`重点抓好五个方面工作。一是…`, `我讲三点意见。` and headings `一、…`) is
  /// read with numbered markers only, opening right after it.
  func itemsAfterColon(_ f: Figure, a: FigureAnalysis, markers: [EnumeratorMarker]) -> Int? {
    let v = a.view.scalars
    var colon = f.viewRange.upperBound
    while colon < v.count, colon - f.viewRange.upperBound <= 10,
      ScalarClass.isHan(v[colon]) || v[colon] == "“" || v[colon] == "”"
    {
      colon += 1
    }
    // `守住两条底线，即A、B、C`: the members after `即`, up to the clause's end.
    if colon + 1 < v.count, v[colon] == ",", v[colon + 1] == "即" {
      var end = colon + 2
      while end < v.count, !isBoundary(v[end]) { end += 1 }
      let members = split(v, (colon + 2)..<end)
      guard members.count >= 2, members.allSatisfy({ $0.count <= 16 }) else { return nil }
      return members.count
    }
    guard colon < v.count, v[colon] == ":" || v[colon] == "。" else { return nil }
    let sentenceEnds = v[colon] == "。"
    // A count closing its sentence announces a list only when it names what is listed (`五个方面工作。`,
    // `三点意见。`, a quoted keyword: `四个“统筹”。`); `目前已启动9个。` before a list of steps is a tally.
    if sentenceEnds {
      let named = Array(v[f.viewRange.upperBound..<colon])
      let quoted = named.count >= 3 && named.first == "“" && named.last == "”"
      guard quoted || Self.announcedItems.contains(f.unit)
        || Self.announcedItems.contains(where: { String(scalarSlice: named).contains($0) })
      else { return nil }
    }
    var start = colon + 1
    while start < v.count, v[start] == "\n" { start += 1 }
    // Numbered items: the first marker must open the list, with value 1.
    if let firstIndex = markers.firstIndex(where: { $0.viewRange.lowerBound >= start }),
      markers[firstIndex].viewRange.lowerBound - start <= 2, markers[firstIndex].value == 1
    {
      let style = markers[firstIndex].style
      var count = 1
      var last = markers[firstIndex]
      for m in markers[(firstIndex + 1)...] {
        if m.viewRange.lowerBound - last.viewRange.upperBound > 1500 { break }
        guard m.style == style || m.style.isClause && style.isClause else {
          // Headings (`一、`) hold lists of their own (`（一）`, `一是…二是…`): those are passed over.
          if Self.level(m.style) > Self.level(style) { continue }
          break
        }
        guard m.value == last.value + 1 else { break }
        count += 1
        last = m
      }
      return count >= 2 ? count : nil
    }
    if sentenceEnds { return nil }
    // `；`-separated items in the same sentence.
    var end = start
    var semicolons = 0
    while end < v.count, v[end] != "。", v[end] != "\n" {
      if v[end] == ";" { semicolons += 1 }
      end += 1
    }
    if semicolons >= 1 { return semicolons + 1 }
    if let k = parallelClauses(v, start..<end) { return k }
    // Parallel lead sentences opening the following paragraphs: `凝聚了思想共识。…` `确立了目标任务。…`.
    guard colon + 1 < v.count, v[colon + 1] == "\n" else { return nil }
    var count = 0
    var leadLength: Int? = nil
    var p = start
    var paragraphs = 0
    while p < v.count, paragraphs < 12 {
      let para = a.paragraph(containing: p)
      guard !para.isEmpty else { break }
      var q = para.lowerBound
      while q < para.upperBound, v[q] != "。", !ScalarClass.isSentenceEnd(v[q]) { q += 1 }
      if q == para.upperBound { break }  // a heading ends the list
      let length = q - para.lowerBound
      if length <= 12, leadLength.map({ abs($0 - length) <= 1 }) ?? true, length >= 3,
        !v[para.lowerBound..<q].contains(",")
      {
        leadLength = leadLength ?? length
        count += 1
      }
      paragraphs += 1
      p = para.upperBound + 1
    }
    return count >= 2 ? count : nil
  }
}

extension FigureCountCheck {
  /// The number of `，`-separated clauses of `r` when they are parallel: at least two, each of four
  /// characters or more, all opening with the same Han character (`在…上做文章，在…上下苦功，在…上求突破`).
  /// Nil for running prose, whose clauses open variously.
  func parallelClauses(_ v: [Unicode.Scalar], _ r: Range<Int>) -> Int? {
    var clauses: [Range<Int>] = []
    var lo = r.lowerBound
    for i in r where v[i] == "," {
      clauses.append(lo..<i)
      lo = i + 1
    }
    clauses.append(lo..<r.upperBound)
    guard clauses.count >= 2, let first = clauses.first, first.count >= 4, ScalarClass.isHan(v[first.lowerBound])
    else { return nil }
    let opening = v[first.lowerBound]
    guard clauses.allSatisfy({ $0.count >= 4 && v[$0.lowerBound] == opening }) else { return nil }
    return clauses.count
  }

  /// How deep a marker style numbers: chapters and articles, then `一、`, `（一）`, `1.`, `(1)`, and `一是`
  /// inside a paragraph.
  static func level(_ style: EnumeratorMarker.Style) -> Int {
    switch style {
    case .chapter: return 0
    case .article: return 1
    case .comma: return 2
    case .paren: return 3
    case .arabic: return 4
    case .parenArabic: return 5
    case .shi, .di, .qi: return 6
    }
  }
}

extension String {
  /// `二` becomes `两` where Chinese counts say `两个` (only for the value 2).
  func replacingFirstTwo(n: Int) -> String { n == 2 ? "两" : self }
}
