import Foundation
import PolicyText

/// A draft being checked: its text, matching view, sentences and date.
public struct DraftDocument: Sendable {
  /// Where the draft is: a path for the CLI, a URI's path for the server, or a display name for stdin.
  public let path: String
  /// The original text.
  public let text: SourceText
  /// The matching view of `text`.
  public let view: MatchingView
  /// Sentence ranges in `view`.
  public let sentences: [Range<Int>]
  /// The date the draft is judged at.
  public let date: SimpleDate
  /// How the date was found: `--date`, `dateline “…”`, `dateline at the end “…”`, `configuration`, `today`.
  public let dateSource: String
  /// The corpus document this draft is, if it is itself in the corpus; it is never its own evidence.
  public let corpusDocumentID: Int?
  /// Analyses made once per draft and shared by the checks that need them (and the server's hover).
  private let derived = Derived()

  /// The figure analysis the figure checks share: made by the first check that asks, then kept with the
  /// draft (each figure check used to make its own, about 2.5 ms each for 20,000 characters).
  public func figureAnalysis(corpus: CorpusIndex) -> FigureAnalysis { figureAnalysis(corpus: corpus, memo: nil) }

  /// The figure analysis, its figures found paragraph by paragraph through `memo` (the server's, for one
  /// document) when given: paragraphs unchanged since the last lint keep theirs.
  func figureAnalysis(corpus: CorpusIndex, memo: CheckMemo?) -> FigureAnalysis {
    var date = self.date
    if dateSource == "today" || dateSource == "configuration", let id = corpusDocumentID,
      corpus.documents.indices.contains(id)
    {
      date = corpus.documents[id].info.date
    }
    return derived.figureAnalysis(date: date) {
      let figures = memo?.object("figures#paragraphs") { ParagraphFigures() }.figures(of: self)
      return FigureAnalysis(text: text, view: view, date: date, sentences: sentences, figures: figures)
    }
  }

  /// The draft's paragraphs (`Linter.paragraphs`) and their keys in the paragraph caches, made once per
  /// draft for the linter's cache of paragraph-scoped findings and for the figures kept by paragraph.
  struct Paragraphs {
    var ranges: [(view: Range<Int>, original: Range<Int>)]
    var keys: [LintCache.Paragraph]
  }

  var paragraphs: Paragraphs {
    derived.paragraphs {
      let ranges = Linter.paragraphs(self)
      return Paragraphs(ranges: ranges, keys: ranges.map { LintCache.Paragraph(self, $0) })
    }
  }

  /// Lazily made analyses of one draft.
  ///
  /// `@unchecked Sendable` is safe: `figures` is read and written only with `lock` held, `paragraphs` only
  /// with `paragraphLock`.
  final class Derived: @unchecked Sendable {
    private let lock = NSLock()
    private var figures: (date: SimpleDate, analysis: FigureAnalysis)?
    /// Its own lock: the figure analysis asks for the paragraphs while it is being made.
    private let paragraphLock = NSLock()
    private var paragraphs: Paragraphs?

    func paragraphs(make: () -> Paragraphs) -> Paragraphs {
      paragraphLock.withLock {
        if let paragraphs { return paragraphs }
        let made = make()
        paragraphs = made
        return made
      }
    }

    func figureAnalysis(date: SimpleDate, make: () -> FigureAnalysis) -> FigureAnalysis {
      lock.withLock {
        if let figures, figures.date == date { return figures.analysis }
        let analysis = make()
        figures = (date, analysis)
        return analysis
      }
    }
  }

  /// Prepares a draft. The date is `explicitDate` when given, else the dateline under the title, else a
  /// dateline closing the text (a notice's signature date), else the date the corpus gives the draft when it is
  /// a corpus document, else `configuration.date`, else today. `view`, when given, is `text`'s matching view
  /// made already (the server builds it from the previous version's, `LintCache.view(of:)`).
  public init(
    path: String, text: SourceText, explicitDate: SimpleDate? = nil, configuration: Configuration = Configuration(),
    corpus: CorpusIndex = .empty, contentHash: UInt64? = nil, today: SimpleDate = .today(), view: MatchingView? = nil
  ) {
    self.path = path
    self.text = text
    let view = view ?? MatchingView(text)
    self.view = view
    self.sentences = Segmenter.sentences(in: view)
    let inCorpus = corpus.document(atPath: path) ?? contentHash.flatMap { corpus.document(withContentHash: $0) }
    corpusDocumentID = inCorpus?.id
    if let d = explicitDate {
      date = d
      dateSource = "--date"
    } else if let (d, line) = DateInference.dateline(in: view) {
      date = d
      dateSource = "dateline “\(line)”"
    } else if let (d, line) = DateInference.adoptionNote(in: view) {
      date = d
      dateSource = "adoption note “\(line)”"
    } else if let (d, line) = DateInference.closingDateline(in: view) {
      date = d
      dateSource = "dateline at the end “\(line)”"
    } else if let doc = inCorpus {
      // A corpus document checked as a draft is judged at the date the corpus knows it by.
      date = doc.info.date
      dateSource = "corpus (\(doc.info.dateSource))"
    } else if let d = configuration.date {
      date = d
      dateSource = "configuration"
    } else {
      date = today
      dateSource = "today"
    }
  }
}

extension DraftDocument {
  /// One paragraph of `draft` as a draft of its own, for checks whose findings depend only on their
  /// paragraph (`CheckScope.paragraph`): the original text of `originalRange`, the slice `viewRange` of the
  /// whole draft's view (so the paragraph reads exactly as it does in the whole), and the whole draft's
  /// path, date and corpus identity. Ranges in it are relative to `originalRange.lowerBound`.
  public init(paragraphOf draft: DraftDocument, viewRange: Range<Int>, originalRange: Range<Int>) {
    self.init(
      path: draft.path, text: SourceText(scalars: Array(draft.text.scalars[originalRange])),
      view: MatchingView(
        slicing: draft.view, viewRange, originalStart: originalRange.lowerBound, originalCount: originalRange.count),
      date: draft.date, dateSource: draft.dateSource, corpusDocumentID: draft.corpusDocumentID)
  }

  /// A draft from parts already made.
  init(
    path: String, text: SourceText, view: MatchingView, date: SimpleDate, dateSource: String, corpusDocumentID: Int?
  ) {
    self.path = path
    self.text = text
    self.view = view
    sentences = Segmenter.sentences(in: view)
    self.date = date
    self.dateSource = dateSource
    self.corpusDocumentID = corpusDocumentID
  }
}
