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
  public let originalIndex: [Int32]
  /// Number of scalars in the original text.
  public let originalCount: Int

  /// Builds the view of `text`.
  public init(_ text: SourceText) {
    var builder = Builder(source: text.scalars, lines: text.lines)
    builder.run()
    scalars = builder.out
    originalIndex = builder.map
    originalCount = text.scalars.count
  }

  /// Number of folded scalars.
  public var count: Int { scalars.count }

  /// The original range covered by a view range: from the first view scalar's origin to just past the last's.
  public func originalRange(_ viewRange: Range<Int>) -> Range<Int> {
    guard !viewRange.isEmpty else {
      let at = viewRange.lowerBound < originalIndex.count ? Int(originalIndex[viewRange.lowerBound]) : originalCount
      return at..<at
    }
    let lower = Int(originalIndex[viewRange.lowerBound])
    let upper = Int(originalIndex[viewRange.upperBound - 1]) + 1
    return lower..<max(lower, upper)
  }

  /// The first view index whose original index is at or after `original` (binary search).
  public func viewIndex(atOrAfterOriginal original: Int) -> Int {
    var lo = 0
    var hi = originalIndex.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if Int(originalIndex[mid]) < original { lo = mid + 1 } else { hi = mid }
    }
    return lo
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

  private struct Builder {
    let source: [Unicode.Scalar]
    let lines: LineTable
    var out: [Unicode.Scalar] = []
    var map: [Int32] = []

    init(source: [Unicode.Scalar], lines: LineTable) {
      self.source = source
      self.lines = lines
      out.reserveCapacity(source.count)
      map.reserveCapacity(source.count)
    }

    mutating func run() {
      var pendingBreak: Int? = nil  // original index of a line break that may become a boundary
      var previousLineWasBlockEnd = false
      for line in 0..<lines.lineCount {
        var start = lines.lineStarts[line]
        var end = lines.contentEnds[line]
        while start < end && ScalarClass.isBlank(source[start]) { start += 1 }
        while end > start && ScalarClass.isBlank(source[end - 1]) { end -= 1 }
        if start == end || Furniture.isPageFurnitureLine(source, start..<end) { continue }
        var isHeading = false
        var contentStart = start
        if source[start] == "#" {
          var j = start
          while j < end && source[j] == "#" { j += 1 }
          if j < end && ScalarClass.isBlank(source[j]) && j - start <= 6 {
            isHeading = true
            contentStart = j
            while contentStart < end && ScalarClass.isBlank(source[contentStart]) { contentStart += 1 }
          }
        }
        if let brk = pendingBreak, !out.isEmpty {
          let startsBlock = isHeading || ListMarker.startsListItem(source, contentStart..<end)
          if previousLineWasBlockEnd || startsBlock {
            out.append("\n")
            map.append(Int32(brk))
          }
        }
        let before = out.count
        appendLine(contentStart..<end)
        if out.count > before {
          pendingBreak = lines.contentEnds[line] < source.count ? lines.contentEnds[line] : nil
          let last = out[out.count - 1]
          let lineLength = out.count - before
          previousLineWasBlockEnd = isHeading || ScalarClass.isSentenceEnd(last) || last == ":" || last == "”"
            && out.count >= 2 && ScalarClass.isSentenceEnd(out[out.count - 2])
            || (ListMarker.startsListItem(source, contentStart..<end) && lineLength <= 24)
          if pendingBreak == nil { pendingBreak = max(0, source.count - 1) }
        }
      }
    }

    mutating func appendLine(_ range: Range<Int>) {
      var i = range.lowerBound
      let end = range.upperBound
      while i < end {
        let s = source[i]
        if ScalarClass.isBlank(s) {
          var j = i
          while j < end && ScalarClass.isBlank(source[j]) { j += 1 }
          if let last = out.last, j < end, ScalarClass.isASCIIAlphanumeric(last),
            ScalarClass.isASCIIAlphanumeric(ScalarClass.fold(source[j])), last != "\n"
          {
            out.append(" ")
            map.append(Int32(i))
          }
          i = j
          continue
        }
        if s == "*" && i + 1 < end && source[i + 1] == "*" {
          i += 2
          continue
        }
        if s == "<", let skip = Furniture.htmlCommentLength(source, i, end) {
          i += skip
          continue
        }
        if let skip = Furniture.pageReferenceLength(source, i, end) {
          i += skip
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
  /// A line that is only a page number: `- 31 -`, `—12—`, `第 3 页`.
  static func isPageFurnitureLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
    var core: [Unicode.Scalar] = []
    for i in r where !ScalarClass.isBlank(s[i]) { core.append(ScalarClass.fold(s[i])) }
    guard !core.isEmpty, core.count <= 12 else { return false }
    let dashes: Set<Unicode.Scalar> = ["-", "—", "–", "─"]
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

  /// Length of an HTML comment `<!-- … -->` closed on the same line (suppression comments live in these).
  static func htmlCommentLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
    guard i + 3 < end, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" else { return nil }
    var j = i + 4
    while j + 2 < end {
      if s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">" { return j + 3 - i }
      j += 1
    }
    return nil
  }

  /// Length of a page reference starting at `i` (`下转 02 版`, `(上接第1版)`), or nil.
  static func pageReferenceLength(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Int? {
    var j = i
    var opened = false
    let open = ScalarClass.fold(s[j])
    if open == "(" || open == "【" || open == "[" {
      opened = true
      j += 1
      while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    }
    guard j + 1 < end, s[j + 1] == "转" || s[j + 1] == "接" else { return nil }
    guard (s[j] == "下" && s[j + 1] == "转") || (s[j] == "上" && s[j + 1] == "接") else { return nil }
    j += 2
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    if j < end && s[j] == "第" { j += 1 }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    let digitsStart = j
    while j < end && ScalarClass.isDigit(ScalarClass.fold(s[j])) { j += 1 }
    guard j > digitsStart else { return nil }
    while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
    guard j < end, s[j] == "版" else { return nil }
    j += 1
    if opened {
      while j < end && ScalarClass.isBlank(s[j]) { j += 1 }
      if j < end {
        let close = ScalarClass.fold(s[j])
        if close == ")" || close == "】" || close == "]" { j += 1 }
      }
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
