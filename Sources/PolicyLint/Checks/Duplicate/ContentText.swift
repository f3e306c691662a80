import PolicyText

/// The wording of a matching view with everything that is not wording left out: Han ideographs, ASCII
/// letters (lowercased) and digits remain; punctuation, quotes, brackets, blanks and boundaries go.
///
/// Duplicate and reuse matching compare wording, so `坚持统筹谋划、协同推进` matches `坚持统筹谋划，协同推进`
/// and a reprint that swapped `，` for `,` or dropped a quote mark still matches. `viewIndex` maps each
/// content scalar back to its view index (and through the view to the original text).
struct ContentText: Sendable {
  /// The content scalars.
  let scalars: [Unicode.Scalar]
  /// For each content scalar, its index in the view.
  let viewIndex: [Int32]

  /// The content of `view` (the whole view, or the view range `range`).
  init(_ view: MatchingView, range: Range<Int>? = nil) {
    let scalars = view.scalars
    self.init(range ?? 0..<view.count) { scalars[$0] }
  }

  /// The content of view range `range` of a compact view (a corpus document's, for `duplicate/reuse`).
  init(_ view: CompactView, range: Range<Int>) {
    self.init(range) { view[$0] }
  }

  @inline(__always)
  private init(_ r: Range<Int>, scalar: (Int) -> Unicode.Scalar) {
    var out: [Unicode.Scalar] = []
    var map: [Int32] = []
    out.reserveCapacity(r.count)
    map.reserveCapacity(r.count)
    for i in r {
      let s = scalar(i)
      guard Self.isContent(s) else { continue }
      out.append(Self.normalized(s))
      map.append(Int32(i))
    }
    scalars = out
    viewIndex = map
  }

  /// Number of content scalars.
  var count: Int { scalars.count }

  /// Whether a view scalar is wording.
  static func isContent(_ s: Unicode.Scalar) -> Bool { ScalarClass.isWording(s) }

  /// ASCII letters compare case-insensitively.
  static func normalized(_ s: Unicode.Scalar) -> Unicode.Scalar {
    if (0x41...0x5A).contains(s.value) { return Unicode.Scalar(s.value + 0x20) ?? s }
    return s
  }

  /// The view range from the first to just past the last view scalar of a content range.
  func viewRange(_ contentRange: Range<Int>) -> Range<Int> {
    guard !contentRange.isEmpty else {
      let at = contentRange.lowerBound < viewIndex.count ? Int(viewIndex[contentRange.lowerBound]) : 0
      return at..<at
    }
    return Int(viewIndex[contentRange.lowerBound])..<(Int(viewIndex[contentRange.upperBound - 1]) + 1)
  }
}
