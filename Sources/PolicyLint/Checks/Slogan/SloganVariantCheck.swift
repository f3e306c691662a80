import PolicyText

/// `slogan/variant`: a near-miss of a canonical formulation — a dropped, changed, added or swapped
/// character or list member — or a form the corpus documents disagree on where the better-attested one
/// wins.
public struct SloganVariantCheck: Check {
  public static let description = CheckDescription(
    code: "slogan/variant", name: "SloganVariant", defaultSeverity: .warning,
    rationale: "规范提法一字不能错：与语料或词库中的规范提法只差一字、一个成员或顺序的，多半是笔误。",
    triggering: [
      CheckExample(
        "深入实施“⟦四化同步、城乡统筹、五区共兴⟧”发展战略。",
        corpus: [ExampleDocument("以“四化同步、城乡融合、五区共兴”为总抓手。", date: "2022-11-29")]),
      CheckExample(
        "坚持⟦讲政治、抓发展、保安全⟧工作总思路。",
        corpus: [ExampleDocument("坚持“讲政治、抓发展、惠民生、保安全”工作总思路。", date: "2022-11-29")]),
      CheckExample(
        "坚持“⟦抓发展、讲政治、惠民生、保安全⟧”工作总思路。",
        corpus: [ExampleDocument("坚持“讲政治、抓发展、惠民生、保安全”工作总思路。", date: "2022-11-29")]),
      CheckExample(
        "着力促进⟦要素融合、产业融合、服务融合、治理融合⟧。",
        corpus: [ExampleDocument("写好“四个融合”大文章，促进要素融合、产业融合、设施融合、治理融合。", date: "2023-11-20")]),
      CheckExample(
        "必须深刻领悟“⟦两个确定⟧”的决定性意义。",
        corpus: [ExampleDocument("深刻领悟“两个确立”的决定性意义，坚决做到“两个维护”。", date: "2022-11-29")]),
      CheckExample("全会在⟦以习近平同志为核心党中央⟧坚强领导下召开。"),
      CheckExample(
        "加强民主法治、⟦防风险保安⟧、全面从严治党等工作。",
        corpus: [
          ExampleDocument("深化改革、防风险保安全、全面从严治党等重点工作。", date: "2023-11-20", rank: 10),
          ExampleDocument("深化改革、防风险保安、全面从严治党等重点工作。", date: "2023-11-21", rank: 1),
        ]),
      // Two words swapped across a quoted list's members.
      CheckExample(
        "要准确把握“⟦重点在乡村、难点在县域⟧”的重大判断。",
        corpus: [ExampleDocument("必须准确把握“重点在县域、难点在乡村”的重大判断。", date: "2023-11-20")]),
      // Quoted lists of two members or of one-character members.
      CheckExample(
        "按照“⟦抓好两头、畅通中间⟧”的工作思路，紧紧扭住“⟦人、钱、地⟧”三个关节点。",
        corpus: [ExampleDocument("按照“抓好两端、畅通中间”的工作思路，紧紧扭住“人、地、钱”三个关节点。", date: "2023-11-20")]),
    ],
    nonTriggering: [
      CheckExample(
        "深入实施“四化同步、城乡融合、五区共兴”发展战略，坚持讲政治、抓发展、惠民生、保安全。",
        corpus: [ExampleDocument("以“四化同步、城乡融合、五区共兴”为总抓手，“讲政治、抓发展、惠民生、保安全”。", date: "2022-11-29")]),
      CheckExample(
        "推进“一网通办”“一网统管”，着力写好“七个融合”文章。",
        corpus: [ExampleDocument("推进“一网通办”和“一网通享”，写好“四个融合”大文章。", date: "2023-12-28")]),
      CheckExample(
        "深入实施城乡融合发展战略，抓好城乡统筹。",
        corpus: [ExampleDocument("以“四化同步、城乡融合、五区共兴”为总抓手。", date: "2022-11-29")]),
      CheckExample(
        "深化改革、防风险保安全、全面从严治党。",
        corpus: [
          ExampleDocument("深化改革、防风险保安全、全面从严治党等重点工作。", date: "2023-11-20", rank: 10),
          ExampleDocument("深化改革、防风险保安、全面从严治党等重点工作。", date: "2023-11-21", rank: 1),
        ]),
      // Unquoted, two members are too common to be taken for the slogan.
      CheckExample(
        "要抓好两头、畅通中间，统筹人、钱、地。",
        corpus: [ExampleDocument("按照“抓好两端、畅通中间”的工作思路，紧紧扭住“人、地、钱”三个关节点。", date: "2023-11-20")]),
      // A word put for a numeral names another thing.
      CheckExample(
        "把乡村振兴作为“头号工程”来抓。",
        corpus: [ExampleDocument("把引大济岷作为“一号工程”来抓。", date: "2023-12-28")]),
      CheckExample(
        "促进要素融合、产业融合，推动设施融合。",
        corpus: [ExampleDocument("写好“四个融合”大文章，促进要素融合、产业融合、设施融合、治理融合。", date: "2023-11-20")]),
    ],
    scope: .paragraph)

  public init() {}

  public func run(_ context: CheckContext) -> [Finding] {
    let (loaded, _) = SloganSupport.registry(context)
    let finder = VariantFinder(
      registry: loaded.registry, index: context.corpus.formulations, excluding: context.draft.corpusDocumentID,
      asOf: SloganSupport.date(context).0, registrySet: loaded.canonical, undated: context.corpus.datedByFileTime)
    return finder.find(in: context.draft.view).map { finding($0, finder, context, loaded.registry) }
  }

  func finding(_ hit: VariantHit, _ finder: VariantFinder, _ context: CheckContext, _ registry: SloganRegistry)
    -> Finding
  {
    let view = context.draft.view
    let range = view.originalRange(hit.viewRange)
    let index = context.corpus.formulations
    var message: String
    switch hit.reason {
    case .changedMember(let found, let expected):
      message = "提法有误：「\(hit.found)」中「\(found)」应为「\(expected)」，规范提法为「\(hit.expected)」"
    case .missingMember(let member):
      message = "提法不全：「\(hit.found)」缺少「\(member)」，规范提法为「\(hit.expected)」"
    case .extraMember(let member):
      message = "提法有误：「\(hit.found)」多出「\(member)」，规范提法为「\(hit.expected)」"
    case .order:
      message = "提法顺序有误：「\(hit.found)」应为「\(hit.expected)」"
    case .characters, .dispute:
      message = "提法有误：「\(hit.found)」应为「\(hit.expected)」"
    }
    var related: [Evidence] = []
    switch (hit.origin, hit.reason) {
    case (.corpus(let n)?, _):
      let f = index.formulations[n]
      let uses = f.uses.filter(finder.counts)
      message += "（\(SloganSupport.summary(uses, index, undated: context.corpus.datedByFileTime))）"
      related = SloganSupport.evidence(uses, f.text, context.corpus)
    case (.registry(let n)?, _):
      let entry = registry.entries[n]
      message += "（词库条目 \(entry.id)：\(entry.name ?? "规范提法")；来源：\(entry.source)）"
    case (nil, .dispute(let n)):
      let d = index.disputes[n]
      let strong = d.strongUses.filter(finder.counts)
      let weak = d.weakUses.filter(finder.counts)
      func cited(_ u: FormulationIndex.Use) -> String {
        "\(SloganSupport.citation(u.document, context.corpus, at: u.range.lowerBound))（级别\(index.rank(of: u))）"
      }
      let strongDocs = strong.map(cited)
      if weak.isEmpty {
        message += "（据\(strongDocs.joined(separator: "、"))）"
      } else {
        let weakDocs = weak.map(cited)
        message +=
          "。语料写法不一：\(strongDocs.joined(separator: "、"))作「\(d.strong)」，"
          + "\(weakDocs.joined(separator: "、"))作「\(d.weak)」；前者证据更多、更权威，以前者为准"
      }
      related =
        SloganSupport.evidence(strong, d.strong, context.corpus) + SloganSupport.evidence(weak, d.weak, context.corpus)
    case (nil, _):
      break
    }
    return Finding(
      code: Self.description.code, severity: Self.description.defaultSeverity, range: range, message: message,
      related: related,
      fixes: [Fix(title: "改为「\(hit.expected)」", edits: [TextEdit(range: range, newText: hit.expected)])])
  }
}
