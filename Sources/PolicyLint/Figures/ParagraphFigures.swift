import Foundation
import PolicyText

/// A draft's figures found paragraph by paragraph and kept between lints of one document (the server keeps
/// one in the document's `CheckMemo`).
///
/// Finding a figure, its unit and its subject reads no further than the figure's paragraph (the view between
/// two `\n` boundaries): `ParagraphFiguresTests` compares the figures found paragraph by paragraph with those
/// found over the whole view, on the fixtures and the shared corpus, and through this memo over random edits.
/// A paragraph unchanged since the last lint (same original text, view and mapping) keeps its figures, moved
/// to where it now is; only the paragraphs an edit touched are read again.
///
/// `@unchecked Sendable` is safe: `kept` is read and written only with `lock` held.
final class ParagraphFigures: @unchecked Sendable {
  private let lock = NSLock()
  /// Each paragraph of the last lint and its figures, with offsets relative to the paragraph.
  private var kept: [LintCache.Paragraph: [Figure]] = [:]

  /// The draft's figures, in order.
  func figures(of draft: DraftDocument) -> [Figure] {
    let previous = lock.withLock { kept }
    var next: [LintCache.Paragraph: [Figure]] = [:]
    var out: [Figure] = []
    let paragraphs = draft.paragraphs
    for (p, key) in zip(paragraphs.ranges, paragraphs.keys) {
      let relative: [Figure]
      if let known = next[key] ?? previous[key] {
        relative = known
      } else {
        let text = SourceText(scalars: Array(draft.text.scalars[p.original]))
        let view = MatchingView(
          slicing: draft.view, p.view, originalStart: p.original.lowerBound, originalCount: p.original.count)
        relative = FigureExtractor.figures(in: text, view: view)
      }
      next[key] = relative
      out += relative.map { $0.moved(view: p.view.lowerBound, original: p.original.lowerBound) }
    }
    lock.withLock { kept = next }
    return out
  }
}

extension Figure {
  /// The figure with its view offsets moved by `view` and its original offsets by `original`.
  func moved(view v: Int, original o: Int) -> Figure {
    var f = self
    f.viewRange = (viewRange.lowerBound + v)..<(viewRange.upperBound + v)
    f.range = (range.lowerBound + o)..<(range.upperBound + o)
    f.numeralRange = (numeralRange.lowerBound + o)..<(numeralRange.upperBound + o)
    return f
  }
}

extension CheckContext {
  /// The draft's figure analysis, shared by the figure checks; with the server's memo, its figures are
  /// kept by paragraph between lints.
  var figureAnalysis: FigureAnalysis { draft.figureAnalysis(corpus: corpus, memo: memo) }
}
