/// A view of a text with the noise of newspaper and PDF extraction folded away, for matching.
///
/// - Full-width ASCII and look-alike punctuation are folded (`，` reads `,`, `２０２３` reads `2023`).
/// - Blanks are dropped unless they separate two ASCII words (`全 会 由 省 委` reads `全会由省委`).
/// - A line break inside a sentence is dropped; one after sentence-ending punctuation, a heading or a
///   list item becomes a single `\n`, the only boundary marker the view uses.
/// - Page furniture is dropped: page numbers on their own line (`- 31 -`), page references
///   (`下转 02 版`, `（上接第1版）`), markdown heading marks and `**`.
///
/// Every view scalar records the original scalar index it came from (`originalIndex`), so a range found in
/// the view maps back to the exact original characters with `originalRange(_:)`.
public struct MatchingView: Sendable {
  /// The folded scalars.
  public let scalars: [Unicode.Scalar]
  /// For each folded scalar, the index of the original scalar it stands for.
  public let originalIndex: OriginalIndex
  /// Number of scalars in the original text.
  public let originalCount: Int

  /// Builds the view of `text`.
  public init(_ text: SourceText) {
    var builder = Builder(source: text.scalars, lines: text.lines)
    builder.run(tracing: false)
    self.init(builder)
  }

  private init(_ builder: Builder) {
    self.init(scalars: builder.out, originalIndex: builder.map, originalCount: builder.source.count)
  }

  init(scalars: [Unicode.Scalar], originalIndex: [Int32], originalCount: Int) {
    self.init(scalars: scalars, originalIndex: OriginalIndex(originalIndex), originalCount: originalCount)
  }

  init(scalars: [Unicode.Scalar], originalIndex: OriginalIndex, originalCount: Int) {
    self.scalars = scalars
    self.originalIndex = originalIndex
    self.originalCount = originalCount
  }

  /// Builds the view of `text` and keeps what the build found line by line, so the view of the text after
  /// an edit can be made with `updating(_:from:)`.
  public static func tracing(_ text: SourceText) -> (MatchingView, Trace) {
    var builder = Builder(source: text.scalars, lines: text.lines)
    let trace = builder.run(tracing: true)!
    return (MatchingView(builder), trace)
  }

  /// The view of `text`, an edit of the text `trace` was made from, and its trace: equal to
  /// `MatchingView(text)` (`MatchingViewUpdateTests` compares them over random edits).
  ///
  /// An edit inside one content line (the typing case) redoes that line, its block's summary and the
  /// second pass from the block's first line until the pass is in the state the previous build was in at
  /// the same line; the rest of the view is the previous one, moved. Anything else (a line break typed or
  /// deleted, a line becoming blank or furniture, a comment marker `<` or `>` in the line) builds anew.
  public static func updating(_ text: SourceText, from trace: Trace) -> (MatchingView, Trace) {
    if let (builder, next) = Builder.update(trace, to: text) { return (MatchingView(builder), next) }
    return tracing(text)
  }

  /// What building a view found line by line (see `tracing(_:)`); immutable.
  public final class Trace: Sendable {
    let source: [Unicode.Scalar]
    let out: [Unicode.Scalar]
    let map: [Int32]
    let hidden: [Bool]
    let comments: [Range<Int>]
    let infos: [Builder.Line]
    let blocks: [Builder.Block]
    let blockStartedFresh: [Bool]
    /// The second pass's state at the start of each line.
    let states: [Builder.Snapshot]

    /// Whether the trace is of exactly this text.
    public func isOf(_ text: SourceText) -> Bool { source == text.scalars }

    init(
      source: [Unicode.Scalar], out: [Unicode.Scalar], map: [Int32], hidden: [Bool], comments: [Range<Int>],
      infos: [Builder.Line], blocks: [Builder.Block], blockStartedFresh: [Bool], states: [Builder.Snapshot]
    ) {
      self.source = source
      self.out = out
      self.map = map
      self.hidden = hidden
      self.comments = comments
      self.infos = infos
      self.blocks = blocks
      self.blockStartedFresh = blockStartedFresh
      self.states = states
    }
  }

  /// Number of folded scalars.
  @inlinable public var count: Int { scalars.count }

  /// The part of this view between two boundaries, as the view of the original text it covers: view
  /// indices `range` of this view, original indices made relative to `originalStart`, over an original
  /// text of `originalCount` scalars. Used to check one paragraph as the whole text's view sees it (a
  /// view built from the paragraph alone can differ: titles and blank lines around it count).
  public init(slicing view: MatchingView, _ range: Range<Int>, originalStart: Int, originalCount: Int) {
    scalars = Array(view.scalars[range])
    originalIndex = OriginalIndex(view.originalIndex[range].map { $0 - Int32(originalStart) })
    self.originalCount = originalCount
  }

  /// The original range covered by a view range: from the first view scalar's origin to just past the last's.
  @inlinable
  public func originalRange(_ viewRange: Range<Int>) -> Range<Int> {
    originalIndex.originalRange(viewRange, originalCount: originalCount)
  }

  /// The first view index whose original index is at or after `original` (binary search).
  public func viewIndex(atOrAfterOriginal original: Int) -> Int {
    originalIndex.partitionPoint { Int($0) < original }
  }

  /// The view range whose scalars come from inside an original range.
  public func viewRange(coveringOriginal range: Range<Int>) -> Range<Int> {
    viewIndex(atOrAfterOriginal: range.lowerBound)..<viewIndex(atOrAfterOriginal: range.upperBound)
  }

  /// A slice of the view as a string.
  public func string(_ range: Range<Int>) -> String {
    let lower = max(0, min(range.lowerBound, scalars.count))
    let upper = max(lower, min(range.upperBound, scalars.count))
    return String(scalarSlice: scalars[lower..<upper])
  }

  /// Builds the view in two passes: first it classifies lines and the blocks (paragraphs) they form, then
  /// it appends each line's folded content, deciding at each line break whether it is a real boundary.
  struct Builder {
    let source: [Unicode.Scalar]
    let lines: LineTable
    var out: [Unicode.Scalar] = []
    var map: [Int32] = []
    /// Scalars that are not content: `<!-- … -->` comments, page references, `**`, bare suppression lines.
    var hidden: [Bool]
    /// The comments hidden, in text order.
    var comments: [Range<Int>] = []

    /// What the first pass knows about a line.
    struct Line: Equatable, Sendable {
      enum Kind { case blank, transparent, content }
      var kind: Kind
      /// Trimmed content range (after heading, bullet and quote marks).
      var content: Range<Int>
      var isHeading = false
      var startsList = false
      /// The whole line is one bracketed aside: `（2023年12月28日）`.
      var isEnclosed = false
      var hasClausePunctuation = false
      var isBalanced = true
      /// The line is only a date (`2023年12月29日`, `（二〇二三年十二月）`): a dateline or signature date.
      var isDate = false
      /// The line ends with a colon (a salutation such as `各单位：`).
      var endsWithColon = false
      /// The line opens with a page reference (`紧接01版`): a new column starts here.
      var startsWithPageReference = false
      /// Visible, non-blank scalars.
      var length = 0
      var block = 0
      /// The brackets and quotes of the line's visible scalars, and the first of them that is not a space
      /// and the last (folded): the line's share of its block's summary.
      var balance = Balance()
      var firstFolded: Unicode.Scalar?
      var lastFolded: Unicode.Scalar?
    }

    /// What the first pass knows about a block (a run of content lines between blank lines).
    struct Block: Sendable {
      var length = 0
      var hasClausePunctuation = false
      var balance = Balance()
      var first: Unicode.Scalar = " "
      var last: Unicode.Scalar = " "
      /// Blank lines before the block (a page break through furniture counts as one).
      var blanksBefore = 0

      /// A headline, caption or byline: short, no clause punctuation, brackets and quotes balanced.
      var isTitleLike: Bool { !hasClausePunctuation && balance.isBalanced && length >= 2 && length <= 60 }
      /// A bracketed aside such as an adoption note `（2023年11月20日…通过）`.
      var isEnclosed: Bool { first == "(" && last == ")" && balance.isBalanced && length <= 160 }
    }

    /// Counts of opening and closing brackets and quotes, after folding.
    struct Balance: Equatable, Sendable {
      var round = 0
      var quote = 0
      var title = 0
      var square = 0
      var broken = false
      /// The lowest each count reached (from 0), so balances add up (`append`).
      var lowRound = 0
      var lowQuote = 0
      var lowTitle = 0
      var lowSquare = 0

      /// The balance of this text followed by `o`'s.
      mutating func append(_ o: Balance) {
        if round + o.lowRound < 0 || quote + o.lowQuote < 0 || title + o.lowTitle < 0 || square + o.lowSquare < 0 {
          broken = true
        }
        lowRound = min(lowRound, round + o.lowRound)
        lowQuote = min(lowQuote, quote + o.lowQuote)
        lowTitle = min(lowTitle, title + o.lowTitle)
        lowSquare = min(lowSquare, square + o.lowSquare)
        round += o.round
        quote += o.quote
        title += o.title
        square += o.square
      }

      mutating func add(_ s: Unicode.Scalar) {
        switch s {
        case "(": round += 1
        case ")": round -= 1
        case "“": quote += 1
        case "”": quote -= 1
        case "《": title += 1
        case "》": title -= 1
        case "【": square += 1
        case "】": square -= 1
        default: return
        }
        if round < 0 || quote < 0 || title < 0 || square < 0 {
          broken = true
          lowRound = min(lowRound, round)
          lowQuote = min(lowQuote, quote)
          lowTitle = min(lowTitle, title)
          lowSquare = min(lowSquare, square)
        }
      }
      var isBalanced: Bool { !broken && round == 0 && quote == 0 && title == 0 && square == 0 }
    }

    init(source: [Unicode.Scalar], lines: LineTable) {
      self.source = source
      self.lines = lines
      hidden = Array(repeating: false, count: source.count)
      out.reserveCapacity(source.count)
      map.reserveCapacity(source.count)
    }

    func isVoid(_ i: Int) -> Bool { hidden[i] || ScalarClass.isBlank(source[i]) }

    /// Marks comments (which may span lines), page references and `**` as hidden, from `start` (a line's
    /// start) to `end`.
    mutating func hideNoise(from start: Int = 0, to end: Int? = nil, line first: Int = 0) {
      var line = first
      var i = start
      let n = end ?? source.count
      while i < n {
        while line + 1 < lines.lineCount && lines.lineStarts[line + 1] <= i { line += 1 }
        let lineEnd = lines.contentEnds[line]
        let s = source[i]
        if s == "<", let length = Furniture.htmlCommentLength(source, i, source.count) {
          comments.append(i..<(i + length))
          for k in i..<(i + length) { hidden[k] = true }
          i += length
          continue
        }
        if s == "*" && i + 1 < lineEnd && source[i + 1] == "*" {
          hidden[i] = true
          hidden[i + 1] = true
          i += 2
          continue
        }
        if i < lineEnd, let length = Furniture.pageReferenceLength(source, i, lineEnd) {
          for k in i..<(i + length) { hidden[k] = true }
          i += length
          continue
        }
        i += 1
      }
    }

    func classify(_ line: Int) -> Line {
      var start = lines.lineStarts[line]
      var end = lines.contentEnds[line]
      var sawHidden = false
      while start < end && isVoid(start) {
        if hidden[start] { sawHidden = true }
        start += 1
      }
      while end > start && isVoid(end - 1) {
        if hidden[end - 1] { sawHidden = true }
        end -= 1
      }
      if start == end {
        return Line(kind: sawHidden ? .transparent : .blank, content: start..<end)
      }
      if Furniture.isPageFurnitureLine(source, start..<end) || Furniture.isRuleLine(source, start..<end)
        || Furniture.isDirectiveLine(source, start..<end)
      {
        return Line(kind: .transparent, content: start..<end)
      }
      var info = Line(kind: .content, content: start..<end)
      var firstNonBlank = lines.lineStarts[line]
      while firstNonBlank < end && ScalarClass.isBlank(source[firstNonBlank]) { firstNonBlank += 1 }
      info.startsWithPageReference = hidden[firstNonBlank]
        && Furniture.pageReferenceLength(source, firstNonBlank, lines.contentEnds[line]) != nil
      var contentStart = start
      if source[start] == "#" {
        var j = start
        while j < end && source[j] == "#" { j += 1 }
        if j < end && ScalarClass.isBlank(source[j]) && j - start <= 6 {
          info.isHeading = true
          contentStart = j
        }
      } else if let marker = Furniture.markdownMarkerLength(source, start..<end) {
        contentStart = start + marker
        info.startsList = source[start] != ">"
      }
      while contentStart < end && isVoid(contentStart) { contentStart += 1 }
      info.content = contentStart..<end
      info.startsList = info.startsList || ListMarker.startsListItem(source, info.content)
      var balance = Balance()
      var first: Unicode.Scalar?
      var last: Unicode.Scalar = " "
      for k in info.content where !isVoid(k) {
        let f = ScalarClass.fold(source[k])
        if first == nil { first = f }
        if info.firstFolded == nil && f != " " { info.firstFolded = f }
        last = f
        info.length += 1
        balance.add(f)
        if ScalarClass.isClauseEnd(f) { info.hasClausePunctuation = true }
      }
      info.balance = balance
      info.lastFolded = info.length > 0 ? last : nil
      info.isBalanced = balance.isBalanced
      info.endsWithColon = last == ":"
      info.isDate = Furniture.isDateLine(source, info.content)
      info.isEnclosed = first == "(" && last == ")" && balance.isBalanced && Self.closesAtEnd(source, info.content)
      return info
    }

    /// Whether the bracket opening a line closes only at its end (`（一）……（二）` is not one aside).
    static func closesAtEnd(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
      var depth = 0
      var lastClose = -1
      for k in r {
        let f = ScalarClass.fold(s[k])
        if f == "(" { depth += 1 } else if f == ")" {
          depth -= 1
          if depth == 0 {
            if lastClose >= 0 { return false }
            lastClose = k
          }
        }
      }
      var tail = lastClose + 1
      while tail < r.upperBound && ScalarClass.isBlank(s[tail]) { tail += 1 }
      return lastClose >= 0 && tail == r.upperBound
    }

    /// The second pass's state between lines.
    struct State: Equatable, Sendable {
      var previous: Line?
      /// Whether a boundary (or the start of the text) came before `previous`.
      var previousStartedFresh = true
      /// Original index of the line break that may become a boundary.
      var pendingBreak: Int?
      var previousEndsBlock = false
    }

    /// The state with original indices from `from` on moved by `delta`.
    static func shifted(_ state: State, by delta: Int, from: Int) -> State {
      var s = state
      s.previous = s.previous.map { Self.shifted($0, by: delta, from: from) }
      if let p = s.pendingBreak, p >= from { s.pendingBreak = p + delta }
      return s
    }

    /// The line with original indices from `from` on moved by `delta`.
    static func shifted(_ line: Line, by delta: Int, from: Int) -> Line {
      var l = line
      if l.content.lowerBound >= from { l.content = (l.content.lowerBound + delta)..<(l.content.upperBound + delta) }
      return l
    }

    /// The state at the start of a line, with what it read of the output so far.
    struct Snapshot: Sendable {
      var state: State
      var outCount: Int
      var last: Unicode.Scalar?
    }

    /// Builds the view; with `tracing`, returns what it found for `update`.
    @discardableResult
    mutating func run(tracing: Bool) -> Trace? {
      hideNoise()
      let (infos, blocks) = firstPass()
      var state = State()
      var blockStartedFresh = Array(repeating: false, count: blocks.count)
      var states: [Snapshot] = []
      if tracing { states.reserveCapacity(lines.lineCount) }
      _ = secondPass(
        infos, blocks, from: 0, state: &state, blockStartedFresh: &blockStartedFresh,
        snapshot: tracing ? { states.append($0) } : nil, stop: nil)
      guard tracing else { return nil }
      return Trace(
        source: source, out: out, map: map, hidden: hidden, comments: comments, infos: infos, blocks: blocks,
        blockStartedFresh: blockStartedFresh, states: states)
    }

    /// Classifies every line and sums up the blocks they form.
    func firstPass() -> ([Line], [Block]) {
      var infos: [Line] = []
      infos.reserveCapacity(lines.lineCount)
      var blocks: [Block] = []
      var blanks = 0
      var pageBreak = false
      var previousWasContent = false
      for line in 0..<lines.lineCount {
        var info = classify(line)
        switch info.kind {
        case .blank:
          blanks += 1
          previousWasContent = false
        case .transparent:
          if Furniture.isPageFurnitureLine(source, info.content) { pageBreak = true }
        case .content:
          if !previousWasContent || blocks.isEmpty {
            var block = Block()
            block.blanksBefore = pageBreak ? min(blanks, 1) : blanks
            blocks.append(block)
          }
          info.block = blocks.count - 1
          Self.add(info, to: &blocks[info.block])
          blanks = 0
          pageBreak = false
          previousWasContent = true
        }
        infos.append(info)
      }
      return (infos, blocks)
    }

    /// Adds a content line to its block's summary.
    static func add(_ info: Line, to block: inout Block) {
      block.length += info.length
      block.hasClausePunctuation = block.hasClausePunctuation || info.hasClausePunctuation
      if block.first == " ", let f = info.firstFolded { block.first = f }
      if let l = info.lastFolded { block.last = l }
      block.balance.append(info.balance)
    }

    /// Appends the lines from `first` on, deciding at each line break whether it is a boundary. Calls
    /// `snapshot` at the start of each line; stops at the first line `stop` accepts (returned), else at the
    /// end (nil).
    mutating func secondPass(
      _ infos: [Line], _ blocks: [Block], from first: Int, state: inout State, blockStartedFresh: inout [Bool],
      snapshot: ((Snapshot) -> Void)?, stop: ((Int, Snapshot, [Bool]) -> Bool)?
    ) -> Int? {
      for line in first..<lines.lineCount {
        let here = Snapshot(state: state, outCount: out.count, last: out.last)
        if let stop, line > first, stop(line, here, blockStartedFresh) { return line }
        snapshot?(here)
        let info = infos[line]
        guard info.kind == .content else { continue }
        var fresh = out.isEmpty
        if let brk = state.pendingBreak, let prev = state.previous, !out.isEmpty {
          let boundary = state.previousEndsBlock
            || isBoundary(prev, info, blocks, previousStartedFresh: state.previousStartedFresh, blockStartedFresh)
          if boundary {
            out.append("\n")
            map.append(Int32(brk))
            fresh = true
          } else if let last = out.last, ScalarClass.isASCIILetter(last),
            let next = firstVisible(info.content), ScalarClass.isASCIILetter(ScalarClass.fold(source[next]))
          {
            // English words wrapped across lines keep a space between them.
            out.append(" ")
            map.append(Int32(brk))
          }
        }
        // The text's first block does not count as starting fresh: a short unpunctuated opening block is as
        // likely a fragment cut from a longer text as a title (a title above a long line is still found by
        // the short-line rule).
        if state.previous.map({ $0.block != info.block }) ?? true {
          blockStartedFresh[info.block] = fresh && !out.isEmpty
        }
        let before = out.count
        appendLine(info.content)
        if out.count > before {
          let terminator = lines.contentEnds[line]
          state.pendingBreak = terminator < source.count ? terminator : max(0, source.count - 1)
          let last = out[out.count - 1]
          let penultimate: Unicode.Scalar = out.count - before >= 2 ? out[out.count - 2] : " "
          let closesSentence = (last == "”" || last == ")" || last == "’" || last == "」") && ScalarClass.isSentenceEnd(penultimate)
          state.previousEndsBlock = info.isHeading || ScalarClass.isSentenceEnd(last) || last == ":" || closesSentence
            || (info.startsList && info.length <= 24)
          state.previous = info
          state.previousStartedFresh = fresh
        }
      }
      return nil
    }

    /// The builder and trace of `text` made from `trace` of an earlier text, or nil when the edit between
    /// them is not inside one content line (see `MatchingView.updating`).
    static func update(_ trace: Trace, to text: SourceText) -> (Builder, Trace)? {
      let old = trace.source
      let new = text.scalars
      let lines = text.lines
      guard lines.lineCount == trace.infos.count, trace.states.count == trace.infos.count else { return nil }
      // The changed stretch: [a, old.count - b) became [a, new.count - b).
      var a = 0
      while a < old.count && a < new.count && old[a] == new[a] { a += 1 }
      if a == old.count && a == new.count { return nil }
      var b = 0
      while b < old.count - a && b < new.count - a && old[old.count - 1 - b] == new[new.count - 1 - b] { b += 1 }
      let delta = new.count - old.count
      // The line holding the change: the same line in both texts, no line break changed.
      let line = lines.line(containing: a)
      let start = lines.lineStarts[line]
      let newEnd = lines.contentEnds[line]
      let oldEnd = newEnd - delta
      guard new.count - b <= newEnd, old.count - b <= oldEnd, oldEnd >= start, trace.infos[line].kind == .content
      else { return nil }
      // Comment markers may change what is hidden beyond the line. (A line wholly inside a comment is
      // transparent, not content, so the last test only guards.)
      func isBreakOrMarker(_ s: Unicode.Scalar) -> Bool { s == "\n" || s == "\r" || s == "<" || s == ">" }
      if old[start..<oldEnd].contains(where: isBreakOrMarker) || new[start..<newEnd].contains(where: isBreakOrMarker)
        || trace.comments.contains(where: { $0.overlaps(start..<(oldEnd + 1)) })
      {
        return nil
      }
      var builder = Builder(source: new, lines: lines)
      // Hidden: before the line as it was, after it moved, the line itself anew.
      builder.hidden.withUnsafeMutableBufferPointer { h in
        trace.hidden.withUnsafeBufferPointer { o in
          for i in 0..<start { h[i] = o[i] }
          for i in oldEnd..<old.count { h[i + delta] = o[i] }
        }
      }
      builder.hideNoise(from: start, to: newEnd, line: line)
      builder.comments = trace.comments.map {
        $0.lowerBound >= oldEnd ? ($0.lowerBound + delta)..<($0.upperBound + delta) : $0
      }
      var info = builder.classify(line)
      guard info.kind == .content else { return nil }
      let blockIndex = trace.infos[line].block
      info.block = blockIndex
      var infos = trace.infos
      infos[line] = info
      for k in (line + 1)..<infos.count { infos[k] = shifted(infos[k], by: delta, from: oldEnd) }
      // The block's summary, from its lines (a block runs over content and transparent lines).
      var first = line
      while first > 0 && infos[first - 1].kind != .blank
        && (infos[first - 1].kind == .transparent || infos[first - 1].block == blockIndex)
      {
        first -= 1
      }
      while infos[first].kind != .content { first += 1 }
      var blocks = trace.blocks
      var summary = Block()
      summary.blanksBefore = blocks[blockIndex].blanksBefore
      var lastLine = line
      for k in first..<infos.count {
        if infos[k].kind == .blank { break }
        guard infos[k].kind == .content else { continue }
        if infos[k].block != blockIndex { break }
        add(infos[k], to: &summary)
        lastLine = k
      }
      // The second pass reads a block only for whether it is a headline or an aside (and its blanks before,
      // which no edit inside it changes). When neither changed, the pass is redone from the edited line on;
      // else from the block's first line, past its end. It stops where it is in the state the previous build
      // was in at the same line.
      let readsAlike = summary.isTitleLike == blocks[blockIndex].isTitleLike
        && summary.isEnclosed == blocks[blockIndex].isEnclosed
      blocks[blockIndex] = summary
      let from = readsAlike ? line : first
      let settled = readsAlike ? line : lastLine
      let resume = trace.states[from]
      builder.out.append(contentsOf: trace.out[0..<resume.outCount])
      builder.map.append(contentsOf: trace.map[0..<resume.outCount])
      var state = resume.state
      var blockStartedFresh = trace.blockStartedFresh
      var states = Array(trace.states[0..<from])
      let stopped = builder.secondPass(
        infos, blocks, from: from, state: &state, blockStartedFresh: &blockStartedFresh,
        snapshot: { states.append($0) },
        stop: { k, here, fresh in
          guard k > settled, let previous = here.state.previous, readsAlike || previous.block != blockIndex else {
            return false
          }
          let was = trace.states[k]
          return (was.outCount == 0) == (here.outCount == 0) && was.last == here.last
            && shifted(was.state, by: delta, from: oldEnd) == here.state
            && fresh[previous.block] == trace.blockStartedFresh[previous.block]
        })
      if let k = stopped {
        // From line k on, the previous output and states, moved.
        let was = trace.states[k]
        let outDelta = builder.out.count - was.outCount
        builder.out.append(contentsOf: trace.out[was.outCount...])
        let shift = Int32(delta)
        let movedFrom = Int32(oldEnd)
        builder.map.append(contentsOf: trace.map[was.outCount...].map { $0 >= movedFrom ? $0 + shift : $0 })
        for var snap in trace.states[k...] {
          snap.state = shifted(snap.state, by: delta, from: oldEnd)
          snap.outCount += outDelta
          states.append(snap)
        }
        // The blocks the pass did not reach keep their flags (the old array, already in place).
      }
      let next = Trace(
        source: new, out: builder.out, map: builder.map, hidden: builder.hidden, comments: builder.comments,
        infos: infos, blocks: blocks, blockStartedFresh: blockStartedFresh, states: states)
      return (builder, next)
    }

    /// Whether the break between two consecutive content lines is a real boundary when the first does not
    /// end a sentence: a heading or list item starts; a bracketed aside starts or ends; two blank lines part
    /// them; a page reference opens a new column; or a headline ends. A headline is a short block without
    /// clause punctuation that starts after a boundary (so a column-break fragment in mid-sentence is not
    /// one), or a short unpunctuated line after a boundary standing above a much longer line (a title or byline).
    func isBoundary(
      _ a: Line, _ b: Line, _ blocks: [Block], previousStartedFresh: Bool, _ blockStartedFresh: [Bool]
    ) -> Bool {
      if b.isHeading || b.startsList || a.isEnclosed || b.isEnclosed || b.startsWithPageReference { return true }
      if a.isDate || b.isDate { return true }
      if a.block != b.block {
        let x = blocks[a.block]
        let y = blocks[b.block]
        if x.isEnclosed || y.isEnclosed || y.blanksBefore >= 2 || (x.isTitleLike && blockStartedFresh[a.block]) {
          return true
        }
      }
      if previousStartedFresh && !a.hasClausePunctuation && a.isBalanced && a.length >= 4 && b.length >= 16
        && 2 * a.length <= b.length
      {
        return true
      }
      // A salutation (`各单位：`) under a title.
      if previousStartedFresh && !a.hasClausePunctuation && a.isBalanced && b.endsWithColon && b.length <= 8
        && a.length > b.length
      {
        return true
      }
      return false
    }

    func firstVisible(_ r: Range<Int>) -> Int? {
      var i = r.lowerBound
      while i < r.upperBound && isVoid(i) { i += 1 }
      return i < r.upperBound ? i : nil
    }

    mutating func appendLine(_ range: Range<Int>) {
      var i = range.lowerBound
      let end = range.upperBound
      while i < end {
        if hidden[i] {
          i += 1
          continue
        }
        let s = source[i]
        if ScalarClass.isBlank(s) {
          var j = i
          while j < end && isVoid(j) { j += 1 }
          if let last = out.last, j < end, ScalarClass.isASCIIAlphanumeric(last),
            ScalarClass.isASCIIAlphanumeric(ScalarClass.fold(source[j])), last != "\n"
          {
            out.append(" ")
            map.append(Int32(i))
          }
          i = j
          continue
        }
        out.append(ScalarClass.fold(s))
        map.append(Int32(i))
        i += 1
      }
    }
  }
}

/// Recognises page furniture left in newspaper and PDF extractions.
enum Furniture {
  /// Dashes around a page number.
  static let furnitureDashes: Set<Unicode.Scalar> = ["-", "—", "–", "─"]

  /// A line that is only a page number: `- 31 -`, `—12—`, `第 3 页`.
  static func isPageFurnitureLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    // At most 12 visible characters: a longer line (most are paragraphs) is rejected without collecting it.
    var core: [Unicode.Scalar] = []
    for i in r where !ScalarClass.isBlank(s[i]) {
      guard core.count < 12 else { return false }
      core.append(ScalarClass.fold(s[i]))
    }
    guard !core.isEmpty else { return false }
    let dashes = furnitureDashes
    var a = 0
    var b = core.count
    var dashed = false
    while a < b && dashes.contains(core[a]) { a += 1; dashed = true }
    while b > a && dashes.contains(core[b - 1]) { b -= 1 }
    if dashed && a < b && core[a..<b].allSatisfy(ScalarClass.isDigit) { return true }
    if core.first == "第" && core.last == "页" && core.count > 2 && core[1..<(core.count - 1)].allSatisfy(ScalarClass.isDigit) {
      return true
    }
    return false
  }

  /// A line that is only a date: digits (Arabic or Chinese) with 年, 月 and a closing 日 or 号, perhaps in
  /// brackets. Written under titles and at the end of notices.
  static func isDateLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    // At most 16 characters and two brackets: a longer line is rejected without collecting it.
    var core: [Unicode.Scalar] = []
    for i in r where !ScalarClass.isBlank(s[i]) {
      guard core.count < 18 else { return false }
      core.append(ScalarClass.fold(s[i]))
    }
    if let first = core.first, let last = core.last, first == "(" || first == "【", last == ")" || last == "】" {
      core = Array(core.dropFirst().dropLast())
    }
    guard core.count >= 6 && core.count <= 16, core.last == "日" || core.last == "号" else { return false }
    guard core.contains("年") && core.contains("月") else { return false }
    return core.allSatisfy { c in
      ScalarClass.isDigit(c) || ListMarker.isChineseDigit(c) || c == "年" || c == "月" || c == "日" || c == "号"
        || c == "○" || c == "O"
    }
  }

  /// A markdown thematic break or setext underline: `---`, `***`, `===`, `___` (three or more, blanks allowed).
  static func isRuleLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    var mark: Unicode.Scalar?
    var count = 0
    for i in r where !ScalarClass.isBlank(s[i]) {
      let c = s[i]
      guard c == "-" || c == "*" || c == "=" || c == "_" else { return false }
      if let m = mark, m != c { return false }
      mark = c
      count += 1
    }
    return count >= 3
  }

  /// A line that is only a bare suppression directive (`policylint-disable-next-line …`) in a plain-text draft.
  static func isDirectiveLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    let marker = Array("policylint-".unicodeScalars)
    guard r.count >= marker.count + 6 else { return false }
    var i = r.lowerBound
    // Allow a comment leader such as `//` or `#` before the directive.
    while i < r.upperBound && (s[i] == "/" || s[i] == "#" || ScalarClass.isBlank(s[i])) { i += 1 }
    guard i + marker.count <= r.upperBound, Array(s[i..<(i + marker.count)]) == marker else { return false }
    let j = i + marker.count
    return s[j] == "d" || s[j] == "e"
  }

  /// Length of a markdown list or quote marker at the start of a line (`- `, `* `, `+ `, `> `), or nil.
  static func markdownMarkerLength(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Int? {
    guard r.count >= 2 else { return nil }
    let c = s[r.lowerBound]
    guard c == "-" || c == "*" || c == "+" || c == ">", ScalarClass.isBlank(s[r.lowerBound + 1]) || c == ">" else {
      return nil
    }
    return c == ">" && !ScalarClass.isBlank(s[r.lowerBound + 1]) ? 1 : 2
  }

  /// Length of an HTML comment `<!-- … -->` starting at `i` and closed before `end` (suppression comments
  /// live in these; a comment may span lines).
  static func htmlCommentLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
    guard i + 3 < end, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" else { return nil }
    var j = i + 4
    while j + 2 < end {
      if s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">" { return j + 3 - i }
      j += 1
    }
    return nil
  }

  /// Length of a page reference starting at `i` (`下转 02 版`, `(上接第1版)`, `紧接01版`, `（转第三版）`), or nil.
  static func pageReferenceLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
    var j = i
    var opened = false
    let open = ScalarClass.fold(s[j])
    if open == "(" || open == "【" || open == "[" {
      opened = true
      j += 1
      while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    }
    guard j < end else { return nil }
    // The verb: 下转, 上接, 紧接, 转, 接, 续.
    switch s[j] {
    case "下", "上", "紧":
      guard j + 1 < end, s[j + 1] == "转" || s[j + 1] == "接" else { return nil }
      j += 2
    case "转", "接", "续":
      j += 1
    default:
      return nil
    }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    if j < end && s[j] == "第" { j += 1 }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    let digitsStart = j
    while j < end && j - digitsStart < 3
      && (ScalarClass.isDigit(ScalarClass.fold(s[j])) || ListMarker.isChineseDigit(s[j]))
    {
      j += 1
    }
    guard j > digitsStart else { return nil }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    guard j < end, s[j] == "版" else { return nil }
    j += 1
    if opened {
      while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
      guard j < end else { return nil }
      let close = ScalarClass.fold(s[j])
      guard close == ")" || close == "】" || close == "]" else { return nil }
      j += 1
    }
    return j - i
  }
}

/// Recognises the markers that open a list item or heading in policy documents.
public enum ListMarker {
  /// Whether the range starts with `一、`, `（一）`, `1.`, `1、`, `第一，`, `一是` and similar.
  public static func startsListItem(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    guard !r.isEmpty else { return false }
    var j = r.lowerBound
    let first = ScalarClass.fold(s[j])
    if first == "(" {
      j += 1
      let numStart = j
      while j < r.upperBound && (isChineseDigit(s[j]) || ScalarClass.isDigit(ScalarClass.fold(s[j]))) { j += 1 }
      return j > numStart && j < r.upperBound && ScalarClass.fold(s[j]) == ")"
    }
    let numStart = j
    while j < r.upperBound && (isChineseDigit(s[j]) || ScalarClass.isDigit(ScalarClass.fold(s[j]))) { j += 1 }
    guard j > numStart, j < r.upperBound else { return false }
    let next = ScalarClass.fold(s[j])
    if next == "、" { return true }
    if next == "." && j + 1 < r.upperBound && !ScalarClass.isDigit(ScalarClass.fold(s[j + 1])) { return true }
    return false
  }

  /// `一` to `十`, `〇`, `零`, `两`, `百`.
  public static func isChineseDigit(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇", "零", "两", "百": return true
    default: return false
    }
  }
}
