import Foundation
import PolicyText

/// Figures stated in the corpus, with subject, event and evidence, for cross-checking drafts.
///
/// Three kinds of facts, all `Codable` so the built-in reference pack keeps them without the texts:
/// - `counts`: a figure of a subject at a reported meeting (`省委委员85人` at 四川省委十二届四次全会);
/// - `meetings`: a numbered meeting reported with its date (`中俄执政党对话机制第十次会议`, 2023-11-20);
/// - `anniversaries`: a founding year implied by an anniversary (`明年是中俄建交75周年` in 2023: 1949).
public struct FigureFacts: Sendable, Codable {
  /// A figure of a subject at a meeting.
  public struct CountFact: Sendable, Codable, Hashable {
    /// The meeting the figure belongs to.
    public var event: EventKey
    /// What is counted (`省委委员`).
    public var subject: String
    /// Unit (`人`).
    public var unit: String
    /// Value in base units.
    public var value: Double
    /// The figure as written (`85 人`).
    public var text: String
    /// The numeral as written, for quick fixes (`85`).
    public var numeral: String
    /// Whether written in Chinese numerals.
    public var chinese: Bool
    /// Document id.
    public var document: Int
    /// Original scalar range in the document.
    public var range: Range<Int>
  }

  /// A numbered meeting reported with its date.
  public struct MeetingFact: Sendable, Codable, Hashable {
    /// Which meeting.
    public var event: EventKey
    /// First day.
    public var date: SimpleDate
    /// Last day of a span.
    public var dateEnd: SimpleDate?
    /// The ordinal as written (`第十次`).
    public var ordinalText: String
    /// Document id.
    public var document: Int
    /// Original scalar range of the ordinal in the document.
    public var range: Range<Int>

    /// Whether the meeting was held on `d`.
    public func covers(_ d: SimpleDate) -> Bool { d >= date && d <= (dateEnd ?? date) }
  }

  /// A founding year implied by an anniversary.
  public struct AnniversaryFact: Sendable, Codable, Hashable {
    /// What is commemorated, normalized.
    public var subject: String
    /// The implied founding year.
    public var founded: Int
    /// The figure as written (`75 周年`).
    public var text: String
    /// The year the anniversary falls in and how it was written (`明年`).
    public var year: Int
    /// How the year was written.
    public var yearSource: String
    /// Document id.
    public var document: Int
    /// Original scalar range in the document.
    public var range: Range<Int>
  }

  /// Figures of subjects at meetings.
  public private(set) var counts: [CountFact] = []
  /// Numbered meetings with dates.
  public private(set) var meetings: [MeetingFact] = []
  /// Founding years from anniversaries.
  public private(set) var anniversaries: [AnniversaryFact] = []
  /// Positions in `counts` by `subject|unit`, so a draft's figure finds its facts without a scan of all
  /// counts; rebuilt after decoding, never encoded.
  private var countIndex: [String: [Int]] = [:]
  /// Meetings grouped by event and dates, the groups by term and kind (the organ is matched by suffix, so
  /// it is not in the key); rebuilt after decoding, never encoded.
  private var meetingIndex: [String: [MeetingGroup]] = [:]
  /// Positions in `anniversaries` by subject; rebuilt after decoding, never encoded.
  private var anniversaryIndex: [String: [Int]] = [:]

  /// The meetings reporting one event on the same dates: a large corpus reports each meeting many times.
  public struct MeetingGroup: Sendable {
    /// The meeting.
    public let event: EventKey
    /// Its date and last day.
    public let date: SimpleDate
    public let dateEnd: SimpleDate?
    /// Positions in `meetings`, ascending (corpus order).
    public let indices: [Int]

    /// Whether the meeting was held on `d`.
    public func covers(_ d: SimpleDate) -> Bool { d >= date && d <= (dateEnd ?? date) }
  }

  /// Extracts facts from documents that have text.
  public init(documents: [CorpusDocument]) {
    for doc in documents {
      guard let text = doc.text, let view = doc.view else { continue }
      let analysis = FigureAnalysis(text: text, view: view, date: doc.info.date)
      add(analysis, document: doc.id)
    }
    indexCounts()
  }

  /// The facts of `documents` with those of unchanged documents taken from this index instead of extracted
  /// again: `previous[i]` is the id document `i` had when this index was built, or nil for a document that
  /// is new or changed (every document's facts depend on its own text and date only). The same facts, in
  /// the same order, as `init(documents:)` would find.
  public func updated(documents: [CorpusDocument], previous: [Int?]) -> FigureFacts {
    precondition(previous.count == documents.count, "one previous id per document")
    /// Where each old document's facts are in `facts` (they are in document order).
    func spans<F>(_ facts: [F], _ document: (F) -> Int) -> [Int: Range<Int>] {
      var result: [Int: Range<Int>] = [:]
      var start = 0
      while start < facts.count {
        let id = document(facts[start])
        var end = start + 1
        while end < facts.count && document(facts[end]) == id { end += 1 }
        // A document's facts are one run; were they not (no build makes that), the first run is kept.
        if result[id] == nil { result[id] = start..<end }
        start = end
      }
      return result
    }
    let countSpans = spans(counts, \.document)
    let meetingSpans = spans(meetings, \.document)
    let anniversarySpans = spans(anniversaries, \.document)
    // The changed documents are analysed on all cores (most of a full build's time is this analysis).
    let changed = documents.indices.filter { previous[$0] == nil }
    let analysed = concurrentPieces(changed.count, pieces: 2 * ProcessInfo.processInfo.activeProcessorCount) { r in
      r.map { k -> FigureFacts in
        var one = FigureFacts(counts: [], meetings: [], anniversaries: [], indexed: false)
        let doc = documents[changed[k]]
        if let text = doc.text, let view = doc.view {
          one.add(FigureAnalysis(text: text, view: view, date: doc.info.date), document: doc.id)
        }
        return one
      }
    }
    /// The facts in `span` of `facts`, given document id `id`.
    func moved<F>(_ facts: [F], _ span: Range<Int>?, _ document: WritableKeyPath<F, Int>, to id: Int) -> [F] {
      (span.map { facts[$0] } ?? []).map { fact in
        var f = fact
        f[keyPath: document] = id
        return f
      }
    }
    var result = FigureFacts(counts: [], meetings: [], anniversaries: [], indexed: false)
    var next = 0
    for (i, doc) in documents.enumerated() {
      if let old = previous[i] {
        result.counts += moved(counts, countSpans[old], \.document, to: doc.id)
        result.meetings += moved(meetings, meetingSpans[old], \.document, to: doc.id)
        result.anniversaries += moved(anniversaries, anniversarySpans[old], \.document, to: doc.id)
      } else {
        let one = analysed[next]
        next += 1
        result.counts += one.counts
        result.meetings += one.meetings
        result.anniversaries += one.anniversaries
      }
    }
    result.indexCounts()
    return result
  }

  /// Facts already extracted (the corpus cache's binary encoding).
  init(counts: [CountFact], meetings: [MeetingFact], anniversaries: [AnniversaryFact], indexed: Bool = true) {
    self.counts = counts
    self.meetings = meetings
    self.anniversaries = anniversaries
    if indexed { indexCounts() }
  }

  mutating func indexCounts() {
    countIndex = Dictionary(grouping: counts.indices) { "\(counts[$0].subject)|\(counts[$0].unit)" }
    anniversaryIndex = Dictionary(grouping: anniversaries.indices) { anniversaries[$0].subject }
    struct GroupKey: Hashable {
      var event: EventKey
      var date: SimpleDate
      var dateEnd: SimpleDate?
    }
    var groups: [GroupKey: [Int]] = [:]
    var order: [GroupKey] = []
    for (i, m) in meetings.enumerated() {
      let key = GroupKey(event: m.event, date: m.date, dateEnd: m.dateEnd)
      if groups[key] == nil { order.append(key) }
      groups[key, default: []].append(i)
    }
    meetingIndex = [:]
    for key in order {
      meetingIndex[Self.seriesKey(key.event), default: []].append(
        MeetingGroup(event: key.event, date: key.date, dateEnd: key.dateEnd, indices: groups[key] ?? []))
    }
  }

  /// Where in `anniversaries` those of a subject are, in corpus order (a subject such as the founding of
  /// the People's Republic has thousands in a large corpus: reading their years needs no copies).
  public func anniversaryIndices(subject: String) -> [Int] { anniversaryIndex[subject] ?? [] }

  static func seriesKey(_ e: EventKey) -> String { "\(e.term ?? -1)|\(e.kind)" }

  /// The meeting groups of `key`'s series (`EventKey.sameSeries`), found through an index instead of a scan
  /// of every meeting (a draft names a dozen meetings; a large corpus reports thousands).
  public func meetingGroups(inSeriesOf key: EventKey) -> [MeetingGroup] {
    (meetingIndex[Self.seriesKey(key)] ?? []).filter { $0.event.sameSeries(key) }
  }

  /// The first `limit` meetings, in corpus order, of the groups, keeping only those `keep` accepts.
  public func firstMeetings(of groups: [MeetingGroup], limit: Int, keep: (MeetingFact) -> Bool) -> [MeetingFact] {
    var cursors = [Int](repeating: 0, count: groups.count)
    var result: [MeetingFact] = []
    while result.count < limit {
      var best: (group: Int, index: Int)?
      for g in groups.indices {
        while cursors[g] < groups[g].indices.count && !keep(meetings[groups[g].indices[cursors[g]]]) { cursors[g] += 1 }
        guard cursors[g] < groups[g].indices.count else { continue }
        let i = groups[g].indices[cursors[g]]
        if best.map({ i < $0.index }) ?? true { best = (g, i) }
      }
      guard let (g, i) = best else { break }
      result.append(meetings[i])
      cursors[g] += 1
    }
    return result
  }

  enum CodingKeys: String, CodingKey {
    case counts, meetings, anniversaries
  }

  /// Decodes facts; a pack written before the figure facts existed (`"figures": {}`) decodes as empty.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    counts = try c.decodeIfPresent([CountFact].self, forKey: .counts) ?? []
    meetings = try c.decodeIfPresent([MeetingFact].self, forKey: .meetings) ?? []
    anniversaries = try c.decodeIfPresent([AnniversaryFact].self, forKey: .anniversaries) ?? []
    indexCounts()
  }

  /// Facts of one analysed text (also used for tests).
  mutating func add(_ analysis: FigureAnalysis, document: Int) {
    for f in analysis.figures where FigureFacts.isComparableCount(f) {
      guard let event = analysis.event(before: f.viewRange.lowerBound) else { continue }
      counts.append(
        CountFact(
          event: event.key, subject: FigureFacts.subjectKey(f.subject), unit: f.unit, value: f.value, text: f.text,
          numeral: FigureFacts.numeralText(f, in: analysis), chinese: f.chinese, document: document, range: f.range))
    }
    for m in analysis.meetings where m.reported {
      guard let date = m.date else { continue }
      meetings.append(
        MeetingFact(
          event: m.key, date: date, dateEnd: m.dateEnd, ordinalText: m.ordinal.text, document: document,
          range: m.ordinal.range))
    }
    for a in FigureStatements.anniversaries(in: analysis) {
      anniversaries.append(
        AnniversaryFact(
          subject: a.subject, founded: a.founded, text: a.figure.text, year: a.year, yearSource: a.yearSource,
          document: document, range: a.figure.range))
    }
  }

  /// Whether a figure states a value of a subject that other texts can contradict: an exact count or
  /// measure of a named subject (at least three characters, so `有` or `新增` alone does not count).
  public static func isComparableCount(_ f: Figure) -> Bool {
    guard [.integer, .decimal, .percent].contains(f.kind), !f.approximate, !f.unit.isEmpty else { return false }
    guard !["年", "月", "日", "周年", "版", "号"].contains(f.unit) else { return false }
    return f.subject.unicodeScalars.filter(ScalarClass.isHan).count >= 3
  }

  /// Verbs that open what a figure measures: `新增学位` in `我们将新增学位8万个` and `全市新增6万个学位`.
  static let measureVerbs = [
    "新增", "新建", "建成", "建设", "培育", "完成", "改造", "整治", "实现", "引进", "开工", "竣工", "投资", "减少", "增加",
    "提高", "降低", "出席", "列席", "达到", "增长", "下降", "培训", "帮扶", "覆盖", "惠及", "带动", "吸纳", "安置",
  ]

  /// The part of a subject that names what is measured: from the last measuring verb on, else all of it.
  public static func subjectKey(_ subject: String) -> String {
    // `出席全会的省委委员` counts `省委委员`: a modifier ending in `的` does not change what is counted.
    // Literal UTF-8 searches: Foundation's `range(of:)` here was most of `figure/mismatch`'s corpus lookups.
    if let rest = subject.literalSuffix(afterLast: "的"), rest.unicodeScalars.count >= 2 {
      return subjectKey(rest)
    }
    var best: Int? = nil
    for verb in measureVerbs {
      if let at = subject.literalUTF8Offset(of: verb, backwards: true), best.map({ at > $0 }) ?? true {
        best = at
      }
    }
    guard let start = best else { return subject }
    let key = String(decoding: Array(subject.utf8)[start...], as: UTF8.self)
    return key.unicodeScalars.count >= 3 ? key : subject
  }

  /// The numeral of a figure as written in the view (`85`, `8万`, `十二`).
  static func numeralText(_ f: Figure, in analysis: FigureAnalysis) -> String {
    let r = analysis.view.viewRange(coveringOriginal: f.numeralRange)
    return analysis.view.string(r).replacingAllBlanks()
  }

  /// Count facts for a subject and unit.
  public func counts(subject: String, unit: String) -> [CountFact] {
    let key = FigureFacts.subjectKey(subject)
    return (countIndex["\(key)|\(unit)"] ?? []).map { counts[$0] }
  }
}

extension String {
  /// The string without blanks (`85 ` → `85`).
  func replacingAllBlanks() -> String {
    String(String.UnicodeScalarView(unicodeScalars.filter { !ScalarClass.isBlank($0) }))
  }
}
