/// A matching view written down compactly, so a view can be kept beside its text (the corpus cache does)
/// and rebuilt from the text without classifying lines and hiding furniture again.
///
/// A view is mostly runs of consecutive original scalars, each folded (`ScalarClass.fold`); what breaks a
/// run is a hidden or dropped stretch (blanks, line breaks inside a sentence, page furniture, markdown
/// marks). A layout lists those runs and the few view scalars that are not their original scalar folded
/// (the `\n` boundary made from a `\r`, a space standing for a wide blank). Rebuilding a view from its
/// layout is a copy with folding, about a tenth of building it (`MatchingViewLayoutTests` compares the two).
///
/// Encoding, all `UInt32`: the run count, then each run's original start and length; the exception count,
/// then each exception's view index and scalar value.
public struct MatchingViewLayout: Sendable, Equatable {
  /// The encoded layout.
  public let words: [UInt32]

  /// Wraps encoded words (read back from storage); `MatchingView.init(_:layout:)` validates them.
  public init(words: [UInt32]) { self.words = words }

  /// The layout of `view`, a view of `text`.
  public init(of view: MatchingView, text: SourceText) {
    let source = text.scalars
    let map = view.originalIndex
    let out = view.scalars
    var runs: [UInt32] = []
    var exceptions: [UInt32] = []
    var i = 0
    while i < map.count {
      let start = Int(map[i])
      var j = i + 1
      while j < map.count && Int(map[j]) == start + (j - i) { j += 1 }
      runs.append(UInt32(start))
      runs.append(UInt32(j - i))
      for k in i..<j where out[k] != ScalarClass.fold(source[Int(map[k])]) {
        exceptions.append(UInt32(k))
        exceptions.append(out[k].value)
      }
      i = j
    }
    var words: [UInt32] = []
    words.reserveCapacity(runs.count + exceptions.count + 2)
    words.append(UInt32(runs.count / 2))
    words += runs
    words.append(UInt32(exceptions.count / 2))
    words += exceptions
    self.words = words
  }
}

extension MatchingViewLayout {
  /// Where the parts of a layout are, once checked against a text of `sourceCount` scalars.
  struct Parts {
    var runCount: Int
    /// Number of view scalars (the runs' lengths added up).
    var total: Int
    var exceptionAt: Int
    var exceptionCount: Int
  }

  /// The layout's parts, or nil when they do not fit a text of `sourceCount` scalars (counts that do not
  /// add up to the words, runs out of order, empty or past the end).
  func parts(sourceCount: Int) -> Parts? {
    let w = words
    guard let runCount = w.first.map(Int.init), runCount <= (w.count - 2) / 2 else { return nil }
    let exceptionAt = 1 + 2 * runCount
    guard exceptionAt < w.count else { return nil }
    let exceptionCount = Int(w[exceptionAt])
    guard exceptionCount <= (w.count - exceptionAt - 1) / 2, exceptionAt + 1 + 2 * exceptionCount == w.count else {
      return nil
    }
    var total = 0
    var previousEnd = 0
    for r in 0..<runCount {
      let start = Int(w[1 + 2 * r])
      let length = Int(w[2 + 2 * r])
      guard length > 0, start >= previousEnd, start <= sourceCount, length <= sourceCount - start else { return nil }
      previousEnd = start + length
      total += length
    }
    return Parts(runCount: runCount, total: total, exceptionAt: exceptionAt, exceptionCount: exceptionCount)
  }

  /// The original indices of a view with these runs: the runs themselves (see `OriginalIndex`).
  func originalIndex(_ parts: Parts) -> OriginalIndex {
    var viewStarts: [Int32] = []
    var originalStarts: [Int32] = []
    viewStarts.reserveCapacity(parts.runCount)
    originalStarts.reserveCapacity(parts.runCount)
    var at = 0
    for r in 0..<parts.runCount {
      viewStarts.append(Int32(at))
      originalStarts.append(Int32(words[1 + 2 * r]))
      at += Int(words[2 + 2 * r])
    }
    return OriginalIndex(viewStarts: viewStarts, originalStarts: originalStarts, count: parts.total)
  }

  /// Puts the exceptions into folded scalars; false when one is out of order, past the view or not a scalar.
  func applyExceptions(_ parts: Parts, to scalars: inout [Unicode.Scalar]) -> Bool {
    var previous = -1
    for e in 0..<parts.exceptionCount {
      let at = Int(words[parts.exceptionAt + 1 + 2 * e])
      guard at > previous, at < parts.total, let s = Unicode.Scalar(words[parts.exceptionAt + 2 + 2 * e]) else {
        return false
      }
      scalars[at] = s
      previous = at
    }
    return true
  }
}

extension MatchingView {
  /// The view of `text` rebuilt from its layout, or nil when the layout does not fit the text (runs out of
  /// order or past its end, a bad scalar): the caller then builds the view anew.
  public init?(_ text: SourceText, layout: MatchingViewLayout) {
    self.init(source: text.scalars, layout: layout)
  }

  /// The view of the text whose scalars are `source`, rebuilt from its layout (no line table needed), or
  /// nil when the layout does not fit.
  public init?(source: [Unicode.Scalar], layout: MatchingViewLayout) {
    guard let parts = layout.parts(sourceCount: source.count) else { return nil }
    let w = layout.words
    // Filled in place (appending element by element checked capacity and uniqueness at every step).
    var scalars = [Unicode.Scalar](unsafeUninitializedCapacity: parts.total) { out, initialized in
      source.withUnsafeBufferPointer { src in
        var at = 0
        for r in 0..<parts.runCount {
          let start = Int(w[1 + 2 * r])
          for k in start..<(start + Int(w[2 + 2 * r])) {
            out[at] = ScalarClass.fold(src[k])
            at += 1
          }
        }
      }
      initialized = parts.total
    }
    guard layout.applyExceptions(parts, to: &scalars) else { return nil }
    self.init(scalars: scalars, originalIndex: layout.originalIndex(parts), originalCount: source.count)
  }

  /// The view of the text whose UTF-8 is `utf8` (`count` scalars), rebuilt from its layout as it is decoded:
  /// no array of the text's scalars is made. Nil when the layout does not fit or the bytes are not `count`
  /// scalars of UTF-8 (see `UTF8Scalars`); equal to `init(source:layout:)` of the decoded text.
  public init?(utf8: UnsafeRawBufferPointer, count: Int, layout: MatchingViewLayout) {
    guard let parts = layout.parts(sourceCount: count) else { return nil }
    var complete = false
    let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: parts.total) { out, initialized in
      var at = 0
      complete = layout.forEachScalar(utf8: utf8, count: count, parts) { s in
        out[at] = s
        at += 1
      }
      initialized = at
    }
    guard complete else { return nil }
    self.init(scalars: scalars, originalIndex: layout.originalIndex(parts), originalCount: count)
  }
}

extension MatchingViewLayout {
  /// Calls `body` with each scalar of the view this layout makes of the text whose UTF-8 is `utf8` (`count`
  /// scalars), in order, exceptions in place, as the text is decoded. False (after some calls, at most
  /// `parts.total`) when the exceptions are not in order inside the view, or the bytes are not `count`
  /// scalars of UTF-8; true when all `parts.total` scalars were given.
  @inline(__always)
  func forEachScalar(
    utf8: UnsafeRawBufferPointer, count: Int, _ parts: Parts, _ body: (Unicode.Scalar) -> Void
  ) -> Bool {
    let w = words
    // The exceptions first: in order, inside the view, scalars.
    var previous = -1
    for e in 0..<parts.exceptionCount {
      let at = Int(w[parts.exceptionAt + 1 + 2 * e])
      guard at > previous, at < parts.total, Unicode.Scalar(w[parts.exceptionAt + 2 + 2 * e]) != nil else {
        return false
      }
      previous = at
    }
    var nextException = 0
    var exceptionAt = parts.exceptionCount > 0 ? Int(w[parts.exceptionAt + 1]) : Int.max
    var i = 0  // byte offset
    var k = 0  // original scalar index at `i`
    var at = 0  // view index
    for r in 0..<parts.runCount {
      let start = Int(w[1 + 2 * r])
      let end = start + Int(w[2 + 2 * r])
      // The hidden scalars before the run, read only to be checked.
      while k < start {
        guard i < utf8.count, UTF8Scalars.next(utf8, &i) != nil else { return false }
        k += 1
      }
      while k < end {
        guard i < utf8.count, let s = UTF8Scalars.next(utf8, &i) else { return false }
        if at == exceptionAt {
          body(Unicode.Scalar(w[parts.exceptionAt + 2 + 2 * nextException])!)
          nextException += 1
          exceptionAt =
            nextException < parts.exceptionCount ? Int(w[parts.exceptionAt + 1 + 2 * nextException]) : Int.max
        } else {
          body(ScalarClass.fold(s))
        }
        at += 1
        k += 1
      }
    }
    // The rest of the text, read only to check that it is whole.
    while i < utf8.count {
      guard k < count, UTF8Scalars.next(utf8, &i) != nil else { return false }
      k += 1
    }
    return k == count && at == parts.total
  }
}
