import PolicyText

/// The title of the article a passage is in, for citing corpus evidence.
///
/// A newspaper page or a bulletin holds several articles, and the title found for the file (its first
/// headline: `《习近平同俄罗斯总统普京分别向中俄执政党对话机制第十次会议致贺信》`) names only one of them. A
/// passage is cited by the nearest headline above it instead: a line of the matching view of 8–60
/// characters, Han among them, with no clause punctuation, that is not a date, an adoption note or a
/// bracketed remark (`中国共产党四川省第十二届委员会第四次全体会议公报`). Short lines are left out: they are
/// photo captions more often than titles (`新闻发布会现场`); so are bylines. Without such a line above the
/// passage, and for titles given by a manifest or a markdown heading, the document's title is used.
/// A page whose extraction puts headlines after their articles is still cited by the wrong one; a manifest
/// (`CorpusManifest`) names such documents.
extension CorpusDocument {
  /// The shortest line taken for a headline above a passage.
  static let shortestPassageHeadline = 8
  /// Words of bylines and credits, which are never headlines.
  static let bylineWords = ["记者", "摄影", "通讯员", "本报讯", "编辑", "责编", "供图"]

  /// The title of the article holding the passage that starts at original scalar offset `offset`. Read
  /// from the compact view, which the corpus's part pool keeps within its budget (a full view, once
  /// loaded, would be kept by the document for good).
  public func title(at offset: Int) -> String {
    // A manifest's title is the writer's own; a markdown heading names its text (the lines under it are decks
    // and sections, which read as headlines too).
    let heading = info.titleSource == "heading"
    guard heading || info.titleSource == "headline" || info.titleSource == "first line" else { return info.title }
    // Kept by the text's hash and the offset: the server cites the same passages on every edit (and the
    // compact view is read only the first time).
    let key = PassageKey(contentHash: info.contentHash, characters: info.characters, offset: offset)
    let found = Self.headlines.value(key) { _ -> String? in
      guard let view = compactView else { return nil }
      let at = view.originalIndex.partitionPoint { Int($0) < max(0, offset) }
      return Self.headline(above: at, count: view.count, blockTop: heading) { view[$0] }
    }
    return found ?? info.title
  }

  /// A passage of a text, by the text's hash and length and the passage's original offset.
  struct PassageKey: Hashable, Sendable {
    var contentHash: UInt64
    var characters: Int
    var offset: Int
  }

  /// Headlines found above passages (nil: none).
  static let headlines = PureMemo<PassageKey, String?>(limit: 100_000)

  /// `《title》（date）` for the passage at original offset `offset` (see `DocumentInfo.citation`).
  public func citation(at offset: Int) -> String {
    let title = title(at: offset)
    guard title != info.title else { return info.citation }
    var named = info
    named.title = title
    return named.citation
  }

  /// The nearest headline line, among the `count` scalars `scalar` reads, that holds index `at` (a passage
  /// starting with its headline) or ends before it.
  ///
  /// With `blockTop` (a document titled by its markdown heading, whose decks and sections read as headlines
  /// too), the first line of the block of headline lines holding it: `# 中央外事工作会议在北京举行` above its
  /// deck `习近平发表重要讲话`, and a later article's own headline above its `## …` deck.
  static func headline(
    above at: Int, count: Int, blockTop: Bool = false, _ scalar: (Int) -> Unicode.Scalar
  ) -> String? {
    var end = min(max(0, at), count)
    // On to the end of the line holding `at`, past its line break.
    while end < count && scalar(end) != "\n" { end += 1 }
    end = min(end + 1, count + 1)
    var found: String?
    while end > 0 {
      // `end - 1` is a line break; the line before it runs from `start` to `end - 1`.
      var start = end - 1
      while start > 0 && scalar(start - 1) != "\n" { start -= 1 }
      // Most lines are paragraphs, too long to be headlines: not copied.
      var isHeadlineLine = false
      if (shortestPassageHeadline...60).contains(end - 1 - start) {
        let line = (start..<(end - 1)).map(scalar)
        if isHeadline(line) {
          guard blockTop else { return String(scalarSlice: line) }
          found = String(scalarSlice: line)
          isHeadlineLine = true
        }
      }
      // The block ends at the first line above it that is no headline (blank lines are not in the view).
      if found != nil && !isHeadlineLine { return found }
      end = start
    }
    return found
  }

  /// Whether a view line reads as a headline (see the type's description).
  static func isHeadline(_ line: [Unicode.Scalar]) -> Bool {
    guard line.count >= shortestPassageHeadline, line.count <= 60, let first = line.first else { return false }
    guard first != "(", first != "【", first != "□", first != "[" else { return false }
    // Bylines and photo credits (`成都日报锦观新闻记者 白洋 摄影 熊一凡`).
    let text = String(scalarSlice: line)
    guard !bylineWords.contains(where: { text.contains($0) }) else { return false }
    guard line.contains(where: ScalarClass.isHan),
      !line.contains(where: { ScalarClass.isClauseEnd($0) || $0 == "、" })
    else { return false }
    return DateInference.dateAlone(line, 0..<line.count) == nil
  }
}
