import PolicyText

/// `slogan/misquote`: a draft sentence that nearly reproduces a corpus sentence is aligned with it and
/// each small difference is reported — words as `slogan/misquote`, numbers as `figure/mismatch`.
/// A rewritten clause, or a word inserted into a short shared phrase, is paraphrase and is left alone.
/// Word differences need corpus texts (with the built-in pack the garbled forms the corpus itself disputes
/// are still caught, by `slogan/variant`); numbers are also checked through the text-less
/// `NumberContexts`, so the pack catches a misquoted number.
public struct SloganMisquoteCheck: Check {
  public static let description = CheckDescription(
    code: "slogan/misquote", name: "SloganMisquote", defaultSeverity: .warning,
    rationale: "照抄原文的句子错了一两个字或一个数字，多半是抄录笔误，应与原文核对。",
    alsoEmits: ["figure/mismatch"],
    triggering: [
      CheckExample(
        "全会认为，推进城乡融合发展、构建新型城乡关系进入提质⟦增效⟧的关键期。",
        corpus: [ExampleDocument("全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。", date: "2023-11-20")]),
      CheckExample(
        "全会强调，到⟦2030⟧年前这段时间，是破除城乡二元结构、健全城乡融合发展体制机制的窗口期。",
        corpus: [
          ExampleDocument("党中央强调到2035年前这段时间，是破除城乡二元结构、健全城乡融合发展体制机制的窗口期，必须加快建立健全。", date: "2023-11-20")
        ]),
      CheckExample(
        "要促进城乡要素平等交换双向流动，创新人⟦才乡⟧激励机制，提高城乡要素协同配置效率。",
        corpus: [ExampleDocument("要促进城乡要素平等交换双向流动，创新人才入乡激励机制，提高城乡要素协同配置效率。", date: "2023-11-20")]),
      // A target year stated in a clause of its own, whatever the clauses around it say.
      CheckExample(
        "各地要倒排工期，确保到⟦2025⟧年现代农业园区建设取得明显成效、农民收入稳步提高。",
        corpus: [ExampleDocument("全会提出目标：到2027年，现代农业园区建设取得明显成效，城乡空间格局更加优化。", date: "2023-11-20")],
        date: "2024-03-01"),
      // A year in Chinese numerals is compared as the number it writes.
      CheckExample(
        "全会锚定目标：到⟦二〇二五⟧年，现代农业园区建设取得明显成效，农民收入稳步提高。",
        corpus: [ExampleDocument("全会提出目标：到2027年，现代农业园区建设取得明显成效，城乡空间格局更加优化。", date: "2023-11-20")],
        date: "2024-03-01"),
      // A word left out of a copied sentence may be an abridgement: told at information severity.
      CheckExample(
        "要坚持以人民为中心的发展思想，推动公共资源均⟦衡配⟧置，让改革发展成果更多更公平惠及全体居民。",
        corpus: [ExampleDocument("要坚持以人民为中心的发展思想，推动公共资源均衡高效配置，让改革发展成果更多更公平惠及全体居民。", date: "2023-11-20")]),
    ],
    nonTriggering: [
      CheckExample(
        "全会认为，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。",
        corpus: [ExampleDocument("全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。", date: "2023-11-20")]),
      CheckExample(
        "城乡关系正在发生深刻变化，新型城乡关系的构建已经进入一个新的阶段。",
        corpus: [ExampleDocument("全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。", date: "2023-11-20")]),
      CheckExample(
        "要让县城更有承载力、更好服务群众，把扩权强县改革往深里推，县城发展空间也要拓展。",
        corpus: [ExampleDocument("要提升县城综合承载能力和服务功能，深入推进扩权强县，拓展优化县城发展空间，提升县城功能品质。", date: "2023-11-20")]),
      // A city's text adapting the province's sentence (`四川` → `全市`), and a weekday added to a quoted date,
      // are the writer's own.
      CheckExample(
        "必须不断提高政治判断力、政治领悟力、政治执行力，确保全市各项工作始终沿着习近平总书记指引的方向前进。",
        corpus: [
          ExampleDocument(
            "必须不断提高政治判断力、政治领悟力、政治执行力，确保四川各项工作始终沿着习近平总书记指引的方向前进。", date: "2022-11-29")
        ], date: "2022-12-05"),
      CheckExample(
        "中国共产党四川省第十二届委员会第二次全体会议，于2022年11月28日（星期一）至29日在成都举行。",
        corpus: [ExampleDocument("中国共产党四川省第十二届委员会第二次全体会议，于2022年11月28日至29日在成都举行。", date: "2022-11-29")],
        date: "2022-12-05"),
      // Two documents disagree and the draft follows one of them, which differs from it only by such an
      // adaptation: nothing to decide.
      CheckExample(
        "全市城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。",
        corpus: [
          ExampleDocument("全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质加速的关键期。", date: "2023-11-20"),
          ExampleDocument("全省城乡发展格局不断优化，推进城乡融合发展、构建新型城乡关系进入提质增效的关键期。", date: "2023-11-21"),
        ], date: "2024-06-01"),
      // The draft's clause is another document's wording (`健全党组织领导的自治`), as authoritative as the
      // source that abridges it.
      CheckExample(
        "健全党组织领导的自治、法治、德治相结合的城乡基层治理体系，推进“微网实格”与智慧蓉城双向赋能。",
        corpus: [
          ExampleDocument("强调健全党组织领导、自治法治德治相结合的城乡基层治理体系，推进“微网实格”与智慧蓉城双向赋能。", date: "2023-12-28"),
          ExampleDocument("健全党组织领导的自治、法治、德治相结合的城乡基层治理体系，完善统筹协调和责任落实机制。", date: "2022-11-29"),
        ], date: "2024-02-20"),
      // A modal or the copula left out (`能保持`, `是以`), a connective joining the quotation to the writer's
      // sentence (`同时`), `于` before a date, a list's numbering renumbered (`二、` for `五、`) and a document's
      // title the draft names are the writer's own.
      CheckExample(
        "要坚持农民主体地位，守住耕地红线不突破、农民利益不受损，同时守住生态保护红线，守住乡村文化根脉。",
        corpus: [ExampleDocument("要坚持农民主体地位，守住耕地红线不突破、农民利益不受损底线，守住生态保护红线，守住乡村文化根脉。", date: "2023-11-20")],
        date: "2024-03-01"),
      CheckExample(
        "据新华社电，全省农村工作会议于12月27日至28日在成都举行，会议总结了今年的农村工作。",
        corpus: [ExampleDocument("据新华社电，全省农村工作会议12月27日至28日在成都举行，会议总结了今年的农村工作。", date: "2023-12-28")],
        date: "2024-03-01"),
      CheckExample(
        "附件：《中国共产党某市第八届委员会第四次全体会议公报》（2023年11月20日）",
        corpus: [ExampleDocument("中国共产党某市第八届委员会第四次全体会议，于2023年11月20日在某市举行。", date: "2023-11-20")],
        date: "2024-03-01"),
      CheckExample(
        "在困难挑战面前，全县干部群众保持昂扬斗志、交出优异答卷，充分证明了市委的决策部署完全正确。",
        corpus: [ExampleDocument("在困难挑战面前，全县干部群众能保持昂扬斗志、交出优异答卷，充分证明了市委的决策部署完全正确。", date: "2023-12-28")],
        date: "2024-03-01"),
      CheckExample(
        "二、在推动乡村产业振兴上持续用力，加快建设现代农业园区，带动农民就近就业增收。",
        corpus: [ExampleDocument("五、在推动乡村产业振兴上持续用力，加快建设现代农业园区，带动农民就近就业增收。", date: "2022-11-29")],
        date: "2024-03-01"),
      CheckExample(
        "全会锚定目标：到二〇二七年，现代农业园区建设取得明显成效，农民收入稳步提高。",
        corpus: [ExampleDocument("全会提出目标：到2027年，现代农业园区建设取得明显成效，城乡空间格局更加优化。", date: "2023-11-20")],
        date: "2024-03-01"),
      // An adverb joining the quotation to the writer's sentence (`也是`) is not a misquote.
      CheckExample(
        "今年是中华人民共和国成立75周年，也是实施“十四五”规划的关键一年，做好各项城市工作意义重大。",
        corpus: [ExampleDocument("即将到来的2024年是中华人民共和国成立75周年，是实施“十四五”规划的关键一年，做好各项城市工作意义重大。", date: "2023-12-28")],
        date: "2024-03-01"),
    ])

  public init() {}

  /// The corpus sentences a draft sentence reproduces exactly, and those it reproduces with slips.
  struct Assessment {
    var near: [(entry: Int, reproduction: NearVerbatim.Reproduction, content: ContentRun)]
    var exact: [Int]
    var pair: ([(entry: Int, reproduction: NearVerbatim.Reproduction, content: ContentRun)], [Int]) { (near, exact) }
  }

  public func run(_ context: CheckContext) -> [Finding] {
    let index = context.corpus.formulations.sentences
    let view = context.draft.view
    // The variant check's ranges, which a misquote does not repeat, paragraph by paragraph: that check is
    // paragraph-scoped (`ParagraphScopeTests`), and it reads only the view's scalars, so a paragraph's
    // ranges are kept by its text (finding them over the whole draft on every lint cost more than the
    // rest of this check).
    let variantMemo: LookupMemo<[Range<Int>]> = context.lookups(Self.description.code + "#variants")
    var finder: VariantFinder?
    var variantsByParagraph: [Int: [Range<Int>]] = [:]
    func variantRanges(around i: Int) -> [Range<Int>] {
      var lo = i
      while lo > 0 && view.scalars[lo - 1] != "\n" { lo -= 1 }
      var hi = i
      while hi < view.count && view.scalars[hi] != "\n" { hi += 1 }
      if let known = variantsByParagraph[lo] { return known }
      if finder == nil {
        let (loaded, _) = SloganSupport.registry(context)
        finder = VariantFinder(
          registry: loaded.registry, index: context.corpus.formulations, excluding: context.draft.corpusDocumentID,
          asOf: date, registrySet: loaded.canonical, undated: context.corpus.datedByFileTime)
      }
      let paragraph = Array(view.scalars[lo..<hi])
      let relative = variantMemo.value(paragraph) { finder?.find(in: paragraph).map(\.viewRange) ?? [] }
      let ranges = relative.map { ($0.lowerBound + lo)..<($0.upperBound + lo) }
      variantsByParagraph[lo] = ranges
      return ranges
    }
    let date = SloganSupport.date(context).0
    var findings: [Finding] = []
    // Without corpus texts (the built-in pack) there is nothing to align with; numbers are still checked.
    // What the corpus holds for a sentence depends on its wording alone (the date and evidence are fixed for
    // the memo's life): kept for the document (server) or for this lint.
    let assessments: LookupMemo<Assessment> = context.lookups(Self.description.code + "#sentences")
    for sentence in context.draft.sentences where index.count > 0 {
      let run = ContentRun(view.scalars, sentence)
      guard run.scalars.count >= SentenceIndex.minimumLength else { continue }
      let (near, exact) = assessments.value(run.scalars) {
        // Only documents written by the draft's date can be what it quotes.
        let candidates = index.candidates(for: run.scalars, limit: 4) {
          context.isEvidence(documentID: $0) && $0 < context.corpus.documents.count
            && context.corpus.documents[$0].info.mayPrecede(date)
        }
        var assessment = Assessment(near: [], exact: [])
        for c in candidates {
          guard let content = index.content(of: c, in: context.corpus.documents) else { continue }
          switch NearVerbatim.assess(run.scalars, content.scalars) {
          case .exact?: assessment.exact.append(c)
          case .near(let r)?: assessment.near.append((c, r, content))
          case nil: break
          }
        }
        return assessment
      }.pair
      guard !near.isEmpty else { continue }
      // When sources disagree, the form with more and more authoritative evidence wins. A draft that is
      // itself a corpus document of higher rank than every such source wins too (an original checked
      // against its reprint); at equal rank nobody can tell which is the original, so it is reported.
      let nearStrength = strength(near.map(\.entry), index, context.corpus)
      let exactStrength = strength(exact, index, context.corpus)
      if !exact.isEmpty && exactStrength >= nearStrength { continue }
      if let own = context.draft.corpusDocumentID, own < context.corpus.documents.count,
        context.corpus.documents[own].info.rank > nearStrength.0
      {
        continue
      }
      guard
        let best = near.max(by: {
          rankAndDate($0.entry, index, context.corpus) < rankAndDate($1.entry, index, context.corpus)
        })
      else { continue }
      let dissent = exact.map { SloganSupport.citation(index.document(of: $0), context.corpus) }
      findings += report(
        best.reproduction, run, (index.document(of: best.entry), best.content), dissent, context,
        variantRanges(around: sentence.lowerBound))
    }
    assessments.endOfLint()
    variantMemo.endOfLint()
    findings += numberFindings(context, date, taken: findings.map(\.range))
    // Disabling this check disables the number differences it finds too.
    let suppressions = Suppressions(text: context.draft.text)
    return findings.filter { f in
      f.code == Self.description.code
        || !suppressions.suppresses(
          code: Self.description.code, line: context.draft.text.lines.line(containing: f.range.lowerBound))
    }
  }

  /// The numbers corpus documents (other than the draft) put where the draft has the number at `r`: the
  /// same verbatim context on one side (see `NumberContexts`).
  func slotNumbers(_ run: ContentRun, _ r: Range<Int>, _ context: CheckContext) -> Set<String> {
    let contexts = context.corpus.formulations.numbers
    let facts = NumberContexts.keys(run, context.draft.view.scalars, r).flatMap(contexts.facts)
    return Set(facts.filter { context.isEvidence(documentID: $0.document) }.map(\.number))
  }

  /// Numbers that differ from the one number the corpus writes in the same verbatim context, found
  /// through `NumberContexts`, so the text-less reference pack catches them too. Ranges already reported
  /// by the alignment are skipped.
  func numberFindings(_ context: CheckContext, _ date: SimpleDate, taken: [Range<Int>]) -> [Finding] {
    let contexts = context.corpus.formulations.numbers
    guard contexts.count > 0 else { return [] }
    let view = context.draft.view
    let corpus = context.corpus
    var findings: [Finding] = []
    // The corpus's numbers in a sentence's contexts depend on its wording alone: kept like the assessments.
    // Per number of a sentence: the one number the corpus writes in its contexts (nil for none, or for a
    // slot the corpus fills with several numbers: a template) and the documents, by the draft's date, that
    // write it.
    typealias Slot = (range: Range<Int>, expected: String?, sources: [Int])
    let lookups: LookupMemo<[Slot]> = context.lookups(Self.description.code + "#numbers")
    for sentence in context.draft.sentences {
      let run = ContentRun(view.scalars, sentence)
      var hits: [Finding] = []
      let numbers = lookups.value(run.scalars) {
        NumberContexts.numbers(in: run.scalars).filter {
          !NearVerbatim.isEventIdentifier($0, in: run.scalars) && !NearVerbatim.isEnumerator($0, in: run.scalars)
        }.map {
          r -> Slot in
          let facts = NumberContexts.keys(run, view.scalars, r).flatMap(contexts.facts).filter {
            context.isEvidence(documentID: $0.document)
          }
          let values = Set(facts.map(\.number))
          // Only documents written by the draft's date can be what it quotes.
          let sources = Set(
            facts.map(\.document).filter { $0 < corpus.documents.count && corpus.documents[$0].info.mayPrecede(date) }
          ).sorted()
          return (r, values.count == 1 ? values.first : nil, sources)
        }
      }
      for (r, expectedNumber, sources) in numbers {
        let written = NumberContexts.written(r, run, view.scalars)
        // Agreeing with the corpus, or a slot the corpus fills with several numbers (a template).
        guard let expected = expectedNumber, expected != written else { continue }
        // The fix writes the number as the draft does (`二〇二七` for a Chinese year); the message quotes the
        // corpus as it is written.
        let replacement = NumberContexts.inDraftStyle(expected, r, run)
        guard let first = sources.first else { continue }
        let range = view.originalRange(run.viewRange(r))
        guard !taken.contains(where: { $0.overlaps(range) }) else { continue }
        let citations = sources.map { SloganSupport.citation($0, corpus) }
        // The number with a little of its own clause around it.
        let (clause, _) = DisputeFinder.clause(around: r, in: run, view: view.scalars)
        let shown = max(clause.lowerBound, r.lowerBound - 4)..<min(clause.upperBound, r.upperBound + 8)
        let around = view.string(run.viewRange(shown))
        hits.append(
          Finding(
            code: "figure/mismatch", severity: Self.description.defaultSeverity, range: range,
            message:
              "数字与语料原文不符：草稿作「\(around)」，\(citations.joined(separator: "、"))前后文字相同的一句作「\(expected)」",
            related: sources.map {
              Evidence(location: .document($0), message: "原文此处作「\(expected)」\(SloganSupport.citation($0, corpus))")
            },
            fixes: [Fix(title: "改为「\(replacement)」（依原文）", edits: [TextEdit(range: range, newText: replacement)])],
            detail: "原文：\(SloganSupport.citation(first, corpus))；其中与此处前后文字相同的一句写作「\(expected)」。"))
      }
      // Several numbers of one sentence off at once: the same wording reporting other figures.
      if hits.count == 1 { findings += hits }
    }
    lookups.endOfLint()
    return findings
  }

  /// (highest rank, number of documents) of a set of corpus sentences.
  func strength(_ entries: [Int], _ index: SentenceLookup, _ corpus: CorpusIndex) -> (Int, Int) {
    let docs = Set(entries.map { index.document(of: $0) })
    let rank = docs.map { $0 < corpus.documents.count ? corpus.documents[$0].info.rank : 0 }.max() ?? Int.min
    return (rank, docs.count)
  }

  func rankAndDate(_ entry: Int, _ index: SentenceLookup, _ corpus: CorpusIndex) -> (Int, SimpleDate) {
    let doc = index.document(of: entry)
    guard doc < corpus.documents.count else { return (0, SimpleDate(year: 1900, month: 1, day: 1)) }
    let info = corpus.documents[doc].info
    return (info.rank, info.date)
  }

  func report(
    _ reproduction: NearVerbatim.Reproduction, _ run: ContentRun, _ source: (document: Int, content: ContentRun),
    _ dissent: [String],
    _ context: CheckContext, _ variantRanges: [Range<Int>]
  ) -> [Finding] {
    let view = context.draft.view
    let corpus = context.corpus
    let sourceScalars = source.content.scalars
    guard source.document < corpus.documents.count else { return [] }
    let sourceView = corpus.documents[source.document].view
    let sourceStart = source.content.viewIndex.first.flatMap { v in
      sourceView.map { $0.originalRange(v..<(v + 1)).lowerBound }
    }
    let citation = SloganSupport.citation(source.document, corpus, at: sourceStart)
    var findings: [Finding] = []
    let al = reproduction.alignment
    let slips = reproduction.slips
    let numericHunks = slips.filter { NearVerbatim.isNumeric(run.scalars[$0.a], sourceScalars[$0.b]) }
    // The same sentence about another event (another session, another date) is a template, not a quote.
    // A count of years (`建设的第5年`) is the same event's when both are written in the same year with the
    // same time words (`明年是…的第5年`).
    let sourceInfo = corpus.documents[source.document].info
    let sameYear =
      !numericHunks.isEmpty && !sourceInfo.isDatedByFileTime && sourceInfo.date.year == context.draft.date.year
      && !al.hunks.contains { NearVerbatim.isRelativeTime($0, run.scalars, sourceScalars) }
    if numericHunks.contains(where: {
      NearVerbatim.isEventIdentifier($0.b, in: sourceScalars)
        && !(sameYear && NearVerbatim.isYearCount($0.b, in: sourceScalars))
    }) {
      return []
    }
    // Several numbers changed at once: the same wording reporting other figures, not a slip. So is a
    // number in a slot the corpus itself fills with different numbers (a template).
    let reportNumbers =
      numericHunks.count == 1
      && numericHunks.allSatisfy { slotNumbers(run, $0.a, context).count <= 1 }
    for hunk in slips {
      let numeric = NearVerbatim.isNumeric(run.scalars[hunk.a], sourceScalars[hunk.b])
      if numeric && !reportNumbers { continue }
      let (a, b) = (hunk.a, hunk.b)
      // A list member added to a quoted list (`一中、二中、三中`) brings the list up to date; it is no slip.
      if b.isEmpty && !numeric && touchesListSeparator(run.viewRange(a), view.scalars) { continue }
      // The draft's clause as written is the corpus's own wording elsewhere (`健全党组织领导的自治` against a
      // newspaper's `党组织领导、自治法治`), in several documents or in one as authoritative as the source.
      if !numeric, let by = context.corpus.formulations.attestation(of: clause(around: run.viewRange(a), view.scalars)),
        by.map({ $0 != context.draft.corpusDocumentID && rank($0, corpus) >= rank(source.document, corpus) }) ?? true
      {
        continue
      }
      // A connective adverb added to a quotation (`也是`, `还要`, `更加`) ties it into the writer's own
      // sentence; it changes no formulation.
      if b.isEmpty && a.count == 1 && Self.insertable.contains(run.scalars[a.lowerBound]) { continue }
      // So does one left out (`两地能保持` → `两地保持`, `是以建设` → `以建设`), and a connective word put in
      // (`底线，守住` → `，同时守住`).
      if a.isEmpty && b.count == 1 && Self.droppable.contains(sourceScalars[b.lowerBound]) { continue }
      if !numeric && Self.connectiveWords.contains(SloganText.string(run.scalars[a])) { continue }
      // A document's title the draft names (`《…全体会议公报》（2023年…）`) cites the source, it does not quote it.
      if !numeric && insideTitle(run.viewRange(a), view.scalars) { continue }
      // A word or a list member left out of a copied sentence (`各项城市工作` → `各项工作`, `总书记、党中央` →
      // `党中央`) may be the writer's abridgement: told at information severity. A character dropped out of a
      // word (`保安全` → `保安`, `新的历史定位` → `的历史定位`) is a slip.
      let abridged = a.isEmpty && !numeric && b.count >= 2
      let display = displayRange(a, al, run, view.scalars)
      let viewRange = run.viewRange(display)
      if !numeric && variantRanges.contains(where: { $0.overlaps(viewRange) }) { continue }
      let range = view.originalRange(viewRange)
      // Contexts are shown from the views, so the writer sees the punctuation too.
      // (Folded punctuation shown as written: `，` for the view's `,`.)
      let draftContext = SloganText.displayed(view.string(run.viewRange(clamp(a, by: 4, within: al.aRange))))
      let sourceContext = SloganText.displayed(
        sourceView.map { $0.string(source.content.viewRange(clamp(b, by: 4, within: al.bRange))) }
          ?? SloganText.string(sourceScalars[clamp(b, by: 4, within: al.bRange)]))
      // From the source's view, so punctuation inside the difference comes along (`一中、二中`).
      let replacement = SloganText.displayed(
        sourceView.map { $0.string(source.content.viewRange(b)) } ?? SloganText.string(sourceScalars[b]))
      let editRange: Range<Int>
      if a.isEmpty {
        let at =
          a.lowerBound > 0
          ? view.originalRange(run.viewRange((a.lowerBound - 1)..<a.lowerBound)).upperBound
          : view.originalRange(run.viewRange(a.lowerBound..<(a.lowerBound + 1))).lowerBound
        editRange = at..<at
      } else {
        editRange = view.originalRange(run.viewRange(a))
      }
      var message = numeric ? "数字与语料原文不符" : "与语料原文不符"
      message += "：草稿作「\(draftContext)」，原文作「\(sourceContext)」（\(citation)）"
      if !dissent.isEmpty {
        message += "；\(dissent.joined(separator: "、"))与草稿写法相同，但原文一方证据更多、更权威，以原文为准"
      }
      if abridged { message += "；如系有意删节，可不改" }
      var related: [Evidence] = []
      if let sv = sourceView {
        let sourceRange = sv.originalRange(source.content.viewRange(clamp(b, by: 4, within: al.bRange)))
        related.append(
          Evidence(
            location: .corpus(document: source.document, range: sourceRange),
            message: "原文：「\(sourceContext)」\(citation)"))
      } else {
        related.append(Evidence(location: .document(source.document), message: "原文：「\(sourceContext)」\(citation)"))
      }
      let title =
        replacement.isEmpty
        ? "删去「\(SloganText.string(run.scalars[a]))」" : (a.isEmpty ? "补上「\(replacement)」" : "改为「\(replacement)」")
      findings.append(
        Finding(
          code: numeric ? "figure/mismatch" : Self.description.code,
          severity: abridged ? .information : Self.description.defaultSeverity,
          range: range, message: message, related: related,
          fixes: [Fix(title: title + "（依原文）", edits: [TextEdit(range: editRange, newText: replacement)])],
          detail: "原文：\(citation)\n\n> \(SloganText.string(sourceScalars[al.bRange]))"))
    }
    return findings
  }

  /// The clause (maximal run of Han characters) of the view around a range, or touching an empty one.
  func clause(around r: Range<Int>, _ view: [Unicode.Scalar]) -> [Unicode.Scalar] {
    var lo = r.isEmpty ? max(0, r.lowerBound - 1) : r.lowerBound
    var hi = max(lo + 1, r.upperBound)
    guard lo < view.count else { return [] }
    hi = min(hi, view.count)
    while lo > 0 && ScalarClass.isHan(view[lo - 1]) { lo -= 1 }
    while hi < view.count && ScalarClass.isHan(view[hi]) { hi += 1 }
    return Array(view[lo..<hi])
  }

  /// A document's authority rank (0 for an id the corpus does not have).
  func rank(_ document: Int, _ corpus: CorpusIndex) -> Int {
    document >= 0 && document < corpus.documents.count ? corpus.documents[document].info.rank : 0
  }

  /// Single-character adverbs a writer adds to a quoted sentence to join it to their own.
  static let connectives: Set<Unicode.Scalar> = ["也", "还", "都", "亦", "更", "又", "并", "则", "就", "均"]

  /// Single characters a writer adds to a quoted sentence: connectives and `于` before a date or place.
  static let insertable: Set<Unicode.Scalar> = connectives.union(["于"])

  /// Connective words a writer puts into a quoted sentence, or in place of a word, to join it to their own
  /// (`守住…底线，守住…` → `守住…，同时守住…`).
  static let connectiveWords: Set<String> = ["同时", "并且", "而且", "进而", "从而", "以及", "此外", "同时也", "同时要"]

  /// Whether a view range lies inside a title in `《…》` (or ends at its `》`).
  func insideTitle(_ r: Range<Int>, _ view: [Unicode.Scalar]) -> Bool {
    var k = min(r.lowerBound, view.count) - 1
    while k >= 0 && r.lowerBound - k <= 80 {
      if view[k] == "》" || view[k] == "\n" { return false }
      if view[k] == "《" { return true }
      k -= 1
    }
    return false
  }

  /// Single characters a writer leaves out of a quoted sentence without changing what it says: connectives,
  /// the copula and `能`/`可`.
  static let droppable: Set<Unicode.Scalar> = connectives.union(["是", "能", "可"])

  /// Whether a view range has a list separator `、` inside it or right next to it.
  func touchesListSeparator(_ r: Range<Int>, _ view: [Unicode.Scalar]) -> Bool {
    let lo = max(0, r.lowerBound - 1)
    let hi = min(view.count, r.upperBound + 1)
    return view[lo..<hi].contains("、")
  }

  /// What to underline for a difference: its characters, or for characters the draft lacks the two
  /// characters around the gap (or before it, at a clause end).
  func displayRange(_ a: Range<Int>, _ al: LocalAlignment, _ run: ContentRun, _ view: [Unicode.Scalar]) -> Range<Int> {
    guard a.isEmpty else { return a }
    let p = a.lowerBound
    if p > al.aRange.lowerBound && p < al.aRange.upperBound {
      let gap = (run.viewIndex[p - 1] + 1)..<run.viewIndex[p]
      if !gap.contains(where: { SloganText.isBreak(view[$0]) }) { return (p - 1)..<(p + 1) }
    }
    let lo = max(al.aRange.lowerBound, p - 2)
    return lo < p ? lo..<p : p..<min(al.aRange.upperBound, p + 2)
  }

  func clamp(_ r: Range<Int>, by n: Int, within bounds: Range<Int>) -> Range<Int> {
    max(bounds.lowerBound, r.lowerBound - n)..<min(bounds.upperBound, r.upperBound + n)
  }
}
