import Foundation
import PolicyText

/// A meeting of a numbered series: `中国共产党四川省第十二届委员会第四次全体会议`, `省委十二届四次全会`,
/// `二十届二中全会`, `中俄执政党对话机制第十次会议`. Figures stated after a report of the meeting belong to it.
public struct EventKey: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The organ or series, normalized (`四川省委`, `省委`, `中央`, `中俄执政党对话机制`).
  public var organ: String
  /// The 届 (term), if written.
  public var term: Int?
  /// The number of the meeting in its series (or term).
  public var number: Int
  /// `全会` for plenary sessions, otherwise the meeting word (`会议`).
  public var kind: String

  /// Makes a key.
  public init(organ: String, term: Int?, number: Int, kind: String) {
    self.organ = organ
    self.term = term
    self.number = number
    self.kind = kind
  }

  /// The same series (organ, term and kind), ignoring the meeting number.
  public func sameSeries(_ o: EventKey) -> Bool {
    term == o.term && kind == o.kind && EventKey.organsMatch(organ, o.organ)
  }

  /// The same meeting.
  public func sameEvent(_ o: EventKey) -> Bool { number == o.number && sameSeries(o) }

  /// Organs match when equal or when one ends with the other (`省委` and `四川省委`).
  public static func organsMatch(_ a: String, _ b: String) -> Bool {
    if a == b { return true }
    let (short, long) = a.unicodeScalars.count < b.unicodeScalars.count ? (a, b) : (b, a)
    return short.unicodeScalars.count >= 2 && long.hasSuffix(short)
  }

  /// `四川省委十二届四次全会`, for messages.
  public var description: String {
    let t = term.map { "\(ChineseNumeral.spell(Int64($0)))届" } ?? ""
    if kind == "中全会" { return "\(organ == "中央" ? "" : organ)\(t)\(ChineseNumeral.spell(Int64(number)))中全会" }
    if kind == "全会" { return "\(organ)\(t)\(ChineseNumeral.spell(Int64(number)))次全会" }
    return "\(organ)\(t)第\(ChineseNumeral.spell(Int64(number)))次\(kind)"
  }
}

/// A mention of a numbered meeting in a text.
public struct MeetingMention: Sendable, Hashable {
  /// Which meeting.
  public var key: EventKey
  /// View range of the whole mention.
  public var viewRange: Range<Int>
  /// The ordinal figure of the meeting number (for quick fixes).
  public var ordinal: Figure
  /// Whether the sentence reports the meeting itself (`…举行`, `…召开`, `…通过`) or it is the text's title,
  /// rather than referring to it (`学习贯彻省委十二届四次全会精神`).
  public var reported: Bool
  /// The date stated in the reporting sentence, if any (year resolved from the text's date).
  public var date: SimpleDate?
  /// The last day when the date is a span (`28日至29日`).
  public var dateEnd: SimpleDate?
  /// The date figure, for messages and fixes.
  public var dateFigure: Figure?
  /// Where the mention reports its meeting when that is less than the rest of the text: a meeting named as
  /// held in passing (`大会和随后召开的二十届一中全会选举产生了…`) reports it in its own sentence only.
  public var scope: Range<Int>? = nil
}

/// The figures of one text with the context checks need: sentences, paragraphs, meetings and dates.
public struct FigureAnalysis: Sendable {
  /// The text's figures, in order.
  public let figures: [Figure]
  /// Sentence ranges in the view.
  public let sentences: [Range<Int>]
  /// Numbered meetings mentioned in the text.
  public let meetings: [MeetingMention]
  /// The view analysed.
  public let view: MatchingView
  /// The original text.
  public let text: SourceText
  /// The date of the text, used to resolve `11月20日`, `今年`, `明年`.
  public let date: SimpleDate

  /// Analyses a text dated `date`.
  /// Analyses a text; `figures`, when given, are its figures found already (by paragraph, `ParagraphFigures`).
  public init(
    text: SourceText, view: MatchingView, date: SimpleDate, sentences: [Range<Int>]? = nil, figures: [Figure]? = nil
  ) {
    self.view = view
    self.text = text
    self.date = date
    let figures = figures ?? FigureExtractor.figures(in: text, view: view)
    self.figures = figures
    let sentences = FigureAnalysis.splitAtLineEnds(sentences ?? Segmenter.sentences(in: view), text: text, view: view)
    self.sentences = sentences
    meetings = FigureAnalysis.findMeetings(figures: figures, view: view, sentences: sentences, date: date)
  }

  /// Splits sentences where the original has a line break after a short unpunctuated first line (a title)
  /// or after a closing bracket (a dateline `（2023年11月28日）`): the view joins such lines with the body,
  /// and a title's date must not become the date of the meeting reported in the first sentence.
  static func splitAtLineEnds(_ sentences: [Range<Int>], text: SourceText, view: MatchingView) -> [Range<Int>] {
    let v = view.scalars
    let o = text.scalars
    var out: [Range<Int>] = []
    out.reserveCapacity(sentences.count)
    for r in sentences {
      var start = r.lowerBound
      var i = r.lowerBound + 1
      while i < r.upperBound {
        let a = Int(view.originalIndex[i - 1])
        let b = Int(view.originalIndex[i])
        if b > a + 1, (a + 1..<b).contains(where: { ScalarClass.isNewline(o[$0]) }),
          v[i - 1] == ")" || text.lines.line(containing: a) == firstContentLine(text)
        {
          out.append(start..<i)
          start = i
        }
        i += 1
      }
      out.append(start..<r.upperBound)
    }
    return out
  }

  static func firstContentLine(_ text: SourceText) -> Int {
    for line in 0..<text.lines.lineCount where !text.lineString(line).allSatisfy({ ScalarClass.isBlank($0.unicodeScalars.first ?? " ") }) {
      return line
    }
    return 0
  }

  /// Analyses a draft. A corpus document checked as a draft without a date of its own is read at the
  /// corpus's date for it, so that `明年` means the year after the text was written, not after today.
  public init(draft: DraftDocument, corpus: CorpusIndex) {
    self = draft.figureAnalysis(corpus: corpus)
  }

  /// The index of the sentence containing a view index (binary search), or nil between sentences.
  public func sentenceIndex(containing i: Int) -> Int? {
    let k = sentences.partitionPoint { $0.upperBound <= i }
    return k < sentences.count && sentences[k].contains(i) ? k : nil
  }

  /// The sentence range containing a figure (or the figure's own range).
  public func sentence(of f: Figure) -> Range<Int> {
    sentenceIndex(containing: f.viewRange.lowerBound).map { sentences[$0] } ?? f.viewRange
  }

  /// The paragraph (run between `\n` boundaries of the view) containing a view index.
  public func paragraph(containing i: Int) -> Range<Int> {
    let s = view.scalars
    var a = min(i, s.count)
    while a > 0, s[a - 1] != "\n" { a -= 1 }
    var b = min(i, s.count)
    while b < s.count, s[b] != "\n" { b += 1 }
    return a..<b
  }

  /// The meeting the text is reporting at a position: the last reported meeting mentioned before it.
  public func event(before i: Int) -> MeetingMention? {
    meetings.last { $0.reported && $0.viewRange.lowerBound < i && ($0.scope?.contains(i) ?? true) }
  }

  /// A written date with its year resolved against the text's date when missing.
  public func resolve(_ d: WrittenDate?) -> SimpleDate? {
    guard var d else { return nil }
    if d.year == nil { d.year = FigureAnalysis.nearestYear(month: d.month, day: d.day, to: date) }
    return d.simpleDate
  }

  /// The year of a date written without one: the year that puts it nearest the text's date, so that
  /// `12月27日` in a text of 5 January is last December and `1月5日` in a text of 28 December is next January.
  public static func nearestYear(month: Int?, day: Int?, to date: SimpleDate) -> Int {
    guard let month, (1...12).contains(month) else { return date.year }
    var best = date.year
    var distance = Int.max
    for y in [date.year, date.year - 1, date.year + 1] {
      let d = min(max(day ?? 1, 1), SimpleDate.daysIn(month: month, year: y))
      let gap = abs(SimpleDate(year: y, month: month, day: d).daysSince(date))
      if gap < distance {
        distance = gap
        best = y
      }
    }
    return best
  }

  /// View text of a range.
  public func string(_ r: Range<Int>) -> String { view.string(r) }

  /// Whether the view at `i` reads `word`.
  public func at(_ i: Int, _ word: String) -> Bool {
    var k = i
    for s in word.unicodeScalars {
      guard k >= 0, k < view.scalars.count, view.scalars[k] == s else { return false }
      k += 1
    }
    return true
  }

  // MARK: - Meetings

  static let reportingVerbs = ["举行", "召开", "举办", "开幕", "闭幕", "通过"]

  static func findMeetings(figures: [Figure], view: MatchingView, sentences: [Range<Int>], date: SimpleDate)
    -> [MeetingMention]
  {
    let v = view.scalars
    func at(_ i: Int, _ w: String) -> Bool {
      var k = i
      for s in w.unicodeScalars {
        guard k < v.count, v[k] == s else { return false }
        k += 1
      }
      return true
    }
    func sentenceRange(_ i: Int) -> Range<Int> {
      sentences.first { $0.contains(i) } ?? i..<i
    }
    var out: [MeetingMention] = []
    // By index, testing the kind in place: copying every figure (its strings) cost more than the tests.
    for n in figures.indices where figures[n].kind == .ordinal {
      let f = figures[n]
      let end = f.viewRange.upperBound
      var kind: String
      var mentionEnd = end
      if f.unit == "中全会" {
        kind = "中全会"
      } else if f.unit == "次" && (f.text.hasSuffix("全会") || f.text.hasSuffix("全体会议")) {
        kind = "全会"
      } else if f.unit == "次" && at(end, "全体会议") {
        kind = "全会"
        mentionEnd = end + 4
      } else if f.unit == "次" && at(end, "会议") {
        kind = "会议"
        mentionEnd = end + 2
      } else {
        continue
      }
      // The term: a `届` figure right before (`十二届四次`, `第十二届委员会第四次`, `二十届一中、二中`).
      var term: Int? = nil
      var organStart = f.viewRange.lowerBound
      var k = n - 1
      while k >= 0 {
        let p = figures[k]
        let gap = f.viewRange.lowerBound - p.viewRange.upperBound
        if p.kind == .ordinal && p.unit == "届" && gap <= 3 {
          term = Int(p.value)
          organStart = p.viewRange.lowerBound
          break
        }
        if p.kind == .ordinal && p.unit == f.unit && gap == 1 && v[p.viewRange.upperBound] == "、" {
          k -= 1  // `一中、二中全会`: look past the sibling
          continue
        }
        break
      }
      let organ = normalizeOrgan(clauseBefore: organStart, in: v, between: organStart..<f.viewRange.lowerBound, kind: kind)
      let key = EventKey(organ: organ, term: term, number: Int(f.value), kind: kind)
      let sentence = sentenceRange(f.viewRange.lowerBound)
      let after = v[mentionEnd..<max(mentionEnd, sentence.upperBound)]
      let afterText = String(scalarSlice: after)
      var reported = reportingVerbs.contains { afterText.containsLiteral($0) }
      let isTitle = sentences.first.map { $0 == sentence } == true
      // A figure of another meeting between this mention and the verb makes the verb that meeting's.
      // (Searches by index, reading fields in place: copying figures in the closures cost more than the rest.)
      if let next = figures.indices[(n + 1)...].first(where: {
        figures[$0].kind == .ordinal && (figures[$0].unit == "次" || figures[$0].unit == "中全会")
          && sentence.contains(figures[$0].viewRange.lowerBound)
      }) {
        let nextStart = figures[next].viewRange.lowerBound
        let verbBefore = reportingVerbs.contains {
          String(scalarSlice: v[mentionEnd..<max(mentionEnd, nextStart)]).containsLiteral($0)
        }
        if !verbBefore { reported = false }
      }
      // `一年前召开的省委十二届二次全会，出席…`: a meeting named as held reports it, as a verb after it does.
      // (The term may stand before the sentence's start, in a garbled extraction: then nothing leads it.)
      let leadStart = max(sentence.lowerBound, organStart - 16)
      let lead = String(scalarSlice: v[min(leadStart, organStart)..<organStart])
      var attributive = false
      for verb in ["召开的", "举行的"] {
        if let at = lead.literalUTF8Offset(of: verb, backwards: true) {
          let rest = String(decoding: Array(lead.utf8)[(at + verb.utf8.count)...], as: UTF8.self)
          // Only the organ's name between (`召开的省委`), not another meeting (`召开的市政协会议传达学习市委`).
          attributive =
            attributive
            || (rest.unicodeScalars.count <= 8 && rest.unicodeScalars.allSatisfy(ScalarClass.isHan)
              && !rest.containsLiteral("会") && !rest.containsLiteral("学习"))
        }
      }
      if attributive { reported = true }
      // The mention must lead its clause to be the one reported (`12月28日，市政协召开会议，传达学习市委
      // 十四届四次全会精神` reports the CPPCC meeting, not the plenary).
      if reported && !attributive {
        // The term may stand before the sentence's start (`…十二届。四次全会…`, a garbled extraction).
        let before = String(scalarSlice: v[sentence.lowerBound..<max(sentence.lowerBound, organStart)])
        if reportingVerbs.contains(where: { before.containsLiteral($0) }) || before.containsLiteral("学习")
          || before.containsLiteral("贯彻")
        {
          reported = false
        }
      }
      // Only a sentence with a reporting verb dates the meeting; a title (`…全会精神要点`) names it.
      let dated = reported
      reported = reported || isTitle
      var mention = MeetingMention(
        key: key, viewRange: organStart..<mentionEnd, ordinal: f, reported: reported, date: nil, dateEnd: nil,
        dateFigure: nil, scope: attributive && !isTitle ? sentence : nil)
      // The date: after the mention and before the verb (`…全体会议，于2023年11月20日在成都举行`), or just
      // before the mention's clause (`11月20日，中俄执政党对话机制第十次会议以视频方式举办`).
      let verbAt = reportingVerbs.compactMap { w -> Int? in
        afterText.literalScalarOffset(of: w).map { mentionEnd + $0 }
      }.min() ?? sentence.upperBound
      let dateAfter = figures.indices.first {
        figures[$0].kind == .date && figures[$0].date?.day != nil && figures[$0].viewRange.lowerBound >= mentionEnd
          && figures[$0].viewRange.upperBound <= verbAt
      }.map { figures[$0] }
      var clauseStart = organStart
      while clauseStart > sentence.lowerBound, organStart - clauseStart < 16, ScalarClass.isHan(v[clauseStart - 1]) {
        clauseStart -= 1
      }
      let dateBefore = figures.indices.last {
        figures[$0].kind == .date && figures[$0].date?.day != nil && sentence.contains(figures[$0].viewRange.lowerBound)
          && figures[$0].viewRange.upperBound <= clauseStart && clauseStart - figures[$0].viewRange.upperBound <= 2
      }.map { figures[$0] }
      // A meeting named as held (`2022年11月28日至29日召开的省委十二届二次全会提出…，到…召开的…`) is dated by
      // the date right before its verb; a verb after it belongs to another clause.
      let heldOn = attributive
        ? figures.indices.last {
          let d = figures[$0]
          return d.kind == .date && d.date?.day != nil && sentence.contains(d.viewRange.lowerBound)
            && d.viewRange.upperBound <= organStart && Self.isHeldOn(v[d.viewRange.upperBound..<organStart])
        }.map { figures[$0] } : nil
      if dated, let d = attributive ? heldOn : dateAfter ?? dateBefore {
        var start = d.date ?? WrittenDate()
        if start.year == nil { start.year = FigureAnalysis.nearestYear(month: start.month, day: start.day, to: date) }
        mention.date = start.simpleDate
        if var e = d.dateEnd {
          if e.year == nil { e.year = start.year }
          if e.month == nil { e.month = start.month }
          mention.dateEnd = e.simpleDate
        }
        mention.dateFigure = d
      }
      out.append(mention)
    }
    return out
  }

  /// Whether the words between a date and a meeting's term say it was held then: `召开的`, `在成都举行的省委`
  /// (the organ's name may follow the verb, nothing else).
  static func isHeldOn(_ between: ArraySlice<Unicode.Scalar>) -> Bool {
    let text = String(scalarSlice: between)
    guard between.count <= 16, between.allSatisfy(ScalarClass.isHan) else { return false }
    for verb in ["召开的", "举行的"] {
      guard let organ = text.literalSuffix(afterLast: verb) else { continue }
      return organ.unicodeScalars.count <= 8 && !organ.containsLiteral("会")
    }
    return false
  }

  /// The organ of a meeting from the words before its term or number: `中国共产党四川省` → `四川省委`,
  /// `中共四川省委` → `四川省委`, `省委` → `省委`, nothing before `二十届一中全会` → `中央`.
  static func normalizeOrgan(clauseBefore start: Int, in v: [Unicode.Scalar], between: Range<Int>, kind: String) -> String {
    var a = start
    while a > 0, start - a < 16, ScalarClass.isHan(v[a - 1]) { a -= 1 }
    var words = String(scalarSlice: v[a..<start])
    // Text between the term and the number: `委员会`.
    let middle = String(scalarSlice: v[between])
    var named = false  // `中国共产党四川省…`, `中共成都市委`: the place name is known
    for lead in ["党的", "中国共产党", "中共"] {
      if let rest = words.literalSuffix(afterLast: lead) {
        words = rest
        named = lead != "党的"
      }
    }
    // `随后召开的二十届一中全会`: the verb's `的` names no organ.
    if words.hasSuffix("的") { words.removeLast() }
    for verb in ["学习贯彻", "贯彻落实", "贯彻", "学习", "落实", "召开", "举行", "认真", "深入", "全面", "解读", "传达"] {
      if let rest = words.literalSuffix(afterLast: verb) { words = rest }
    }
    if kind == "中全会" && (words.isEmpty || words.hasSuffix("党")) { return "中央" }
    if let last = words.unicodeScalars.last, ["省", "市", "县", "区", "州"].contains(last), middle.containsLiteral("委员会") {
      words += "委"
    }
    for suffix in ["省委", "市委", "县委", "区委", "州委"] where words.hasSuffix(suffix) {
      return named ? words : suffix
    }
    let scalars = Array(words.unicodeScalars)
    return String(scalarSlice: scalars.suffix(min(scalars.count, 12)))
  }
}
