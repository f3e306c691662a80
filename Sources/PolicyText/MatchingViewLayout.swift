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

extension MatchingView {
  /// The view of `text` rebuilt from its layout, or nil when the layout does not fit the text (runs out of
  /// order or past its end, a bad scalar): the caller then builds the view anew.
  public init?(_ text: SourceText, layout: MatchingViewLayout) {
    self.init(source: text.scalars, layout: layout)
  }

  /// The view of the text whose scalars are `source`, rebuilt from its layout (no line table needed), or
  /// nil when the layout does not fit.
  public init?(source: [Unicode.Scalar], layout: MatchingViewLayout) {
    let w = layout.words
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
      guard length > 0, start >= previousEnd, start <= source.count, length <= source.count - start else { return nil }
      previousEnd = start + length
      total += length
    }
    // Filled in place (appending element by element checked capacity and uniqueness at every step).
    var scalars = [Unicode.Scalar](unsafeUninitializedCapacity: total) { out, initialized in
      source.withUnsafeBufferPointer { src in
        var at = 0
        for r in 0..<runCount {
          let start = Int(w[1 + 2 * r])
          for k in start..<(start + Int(w[2 + 2 * r])) {
            out[at] = ScalarClass.fold(src[k])
            at += 1
          }
        }
      }
      initialized = total
    }
    let map = [Int32](unsafeUninitializedCapacity: total) { out, initialized in
      var at = 0
      for r in 0..<runCount {
        let start = Int(w[1 + 2 * r])
        for k in start..<(start + Int(w[2 + 2 * r])) {
          out[at] = Int32(k)
          at += 1
        }
      }
      initialized = total
    }
    var previous = -1
    for e in 0..<exceptionCount {
      let at = Int(w[exceptionAt + 1 + 2 * e])
      guard at > previous, at < total, let s = Unicode.Scalar(w[exceptionAt + 2 + 2 * e]) else { return nil }
      scalars[at] = s
      previous = at
    }
    self.init(scalars: scalars, originalIndex: map, originalCount: source.count)
  }
}
