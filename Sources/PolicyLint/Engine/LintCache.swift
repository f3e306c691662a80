import Foundation
import PolicyText

/// Findings of paragraph-scoped checks (`CheckScope.paragraph`) kept from one lint of a document to the
/// next, so an edit re-runs those checks only on the paragraphs it changed. The server keeps one per open
/// document; `Linter.lint(_:configuration:cache:)` uses and refreshes it.
///
/// A paragraph is the view text between two `\n` boundaries of the whole draft's view. It is recognised by
/// its original text, its view text and how one maps to the other (so a paragraph the whole text reads
/// differently, say after a title above it changed, is checked again), under the same draft path, date,
/// corpus identity, linter and configuration; anything else changed empties the cache. Findings are kept
/// relative to their paragraph's start and shifted to where it is now.
///
/// `@unchecked Sendable` is safe: every stored property is read and written only with `lock` held.
public final class LintCache: @unchecked Sendable {
  private let lock = NSLock()
  private var context: Context?
  /// Per paragraph, the findings each check filed, by the check's index in the linter (the context names
  /// the linter, so the indices stay valid while the entries do); nil where a check filed nothing.
  private var paragraphs: [Paragraph: [[Finding]?]] = [:]
  private var counters = Statistics()
  /// Document-scoped checks' memos, and the context they were made under.
  private let memo = CheckMemo()
  private var memoContext: Context?

  /// How many paragraph results were reused and how many were computed, over the cache's life (for tests
  /// and measurement).
  public struct Statistics: Sendable, Equatable {
    /// Paragraph results of a check taken from the cache.
    public var reused = 0
    /// Paragraph results of a check computed on the paragraph alone.
    public var computedAlone = 0
    /// Checks run on the whole draft (too many paragraphs changed, or nothing cached yet).
    public var wholeRuns = 0
  }

  /// The last draft's view and what building it found, so the next view is built from it.
  private var lastView: (view: MatchingView, trace: MatchingView.Trace)?

  /// Makes an empty cache.
  public init() {}

  /// The matching view of `text`, built from the view of the text last passed here where the edit between
  /// them allows (`MatchingView.updating`): typing in a line of a 20,000-character draft redoes that line's
  /// block instead of the whole text.
  public func view(of text: SourceText) -> MatchingView {
    lock.withLock {
      if let last = lastView, last.trace.isOf(text) { return last.view }
      let made = lastView.map { MatchingView.updating(text, from: $0.trace) } ?? MatchingView.tracing(text)
      lastView = made
      return made.0
    }
  }

  /// What the cache has done so far.
  public var statistics: Statistics { lock.withLock { counters } }

  /// Everything a paragraph-scoped check sees besides its paragraph.
  struct Context: Hashable {
    var linter: UUID
    var path: String
    var date: SimpleDate
    var dateSource: String
    var corpusDocumentID: Int?
    var configuration: Configuration
  }

  /// A paragraph as the checks see it. Hashed through a digest made in one pass over its three parts (a
  /// `Hasher` fed every scalar of every paragraph cost a millisecond a lint on 20,000 characters); equality
  /// compares the parts.
  struct Paragraph: Hashable {
    var original: ArraySlice<Unicode.Scalar>
    var view: ArraySlice<Unicode.Scalar>
    var map: [Int32]
    let digest: UInt64

    init(original: ArraySlice<Unicode.Scalar>, view: ArraySlice<Unicode.Scalar>, map: [Int32]) {
      self.original = original
      self.view = view
      self.map = map
      // The parts are separated by a value no scalar has.
      var h = original.reduce(FNV1a.basis) { FNV1a.combine($0, UInt64($1.value)) }
      h = view.reduce(FNV1a.combine(h, .max)) { FNV1a.combine($0, UInt64($1.value)) }
      digest = map.reduce(FNV1a.combine(h, .max)) { FNV1a.combine($0, UInt64(UInt32(bitPattern: $1))) }
    }

    /// The paragraph of `draft` at `p` (one of `Linter.paragraphs(draft)`), its map relative to its start.
    init(_ draft: DraftDocument, _ p: (view: Range<Int>, original: Range<Int>)) {
      self.init(
        original: draft.text.scalars[p.original], view: draft.view.scalars[p.view],
        map: draft.view.originalIndex[p.view].map { $0 - Int32(p.original.lowerBound) })
    }

    static func == (a: Paragraph, b: Paragraph) -> Bool {
      a.digest == b.digest && a.original == b.original && a.view == b.view && a.map == b.map
    }

    func hash(into hasher: inout Hasher) { hasher.combine(digest) }
  }

  /// The cached findings per paragraph for this context (none when the context changed).
  func entries(for context: Context) -> [Paragraph: [[Finding]?]] {
    lock.withLock { self.context == context ? paragraphs : [:] }
  }

  /// The memo for document-scoped checks under this context (emptied first when the context changed).
  func memo(for context: Context) -> CheckMemo {
    lock.withLock {
      if memoContext != context {
        memo.removeAll()
        memoContext = context
      }
      return memo
    }
  }

  /// Replaces the cache with this lint's paragraphs and findings.
  func store(_ entries: [Paragraph: [[Finding]?]], context: Context, statistics: Statistics) {
    lock.withLock {
      self.context = context
      paragraphs = entries
      counters.reused += statistics.reused
      counters.computedAlone += statistics.computedAlone
      counters.wholeRuns += statistics.wholeRuns
    }
  }
}

extension Finding {
  /// The finding with every draft range (its own, draft evidence, fix edits) moved by `delta` scalars.
  func shifted(by delta: Int) -> Finding {
    guard delta != 0 else { return self }
    var f = self
    f.range = (range.lowerBound + delta)..<(range.upperBound + delta)
    f.related = related.map { e in
      guard case .draft(let r) = e.location else { return e }
      return Evidence(location: .draft((r.lowerBound + delta)..<(r.upperBound + delta)), message: e.message)
    }
    f.fixes = fixes.map { fix in
      Fix(
        title: fix.title,
        edits: fix.edits.map {
          TextEdit(range: ($0.range.lowerBound + delta)..<($0.range.upperBound + delta), newText: $0.newText)
        })
    }
    return f
  }

  /// Every draft range the finding carries lies inside `bounds`.
  func lies(within bounds: Range<Int>) -> Bool {
    func inside(_ r: Range<Int>) -> Bool { r.lowerBound >= bounds.lowerBound && r.upperBound <= bounds.upperBound }
    guard inside(range) else { return false }
    for e in related { if case .draft(let r) = e.location, !inside(r) { return false } }
    return fixes.allSatisfy { $0.edits.allSatisfy { inside($0.range) } }
  }
}
