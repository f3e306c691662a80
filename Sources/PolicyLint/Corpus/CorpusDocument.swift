import Foundation
import PolicyText

/// Facts about one corpus document: where it is, its title and date and how they were found.
/// These are what the built-in reference pack keeps; the text itself is not kept there.
public struct DocumentInfo: Sendable, Codable, Hashable {
  /// Index into `CorpusIndex.documents`.
  public var id: Int
  /// Absolute path of the file, or `pack:NAME` for the built-in reference pack.
  public var path: String
  /// Path relative to the corpus directory.
  public var name: String
  /// Title.
  public var title: String
  /// How the title was found: `manifest`, `heading`, `first line`, `file name`.
  public var titleSource: String
  /// Date of the text.
  public var date: SimpleDate
  /// How the date was found: `manifest`, `text (…)`, `file time`.
  public var dateSource: String
  /// Authority: higher wins when documents disagree (an original over its reprint). Default 0.
  public var rank: Int
  /// Encoding the file was read in.
  public var encoding: String
  /// Number of scalars in the text.
  public var characters: Int
  /// FNV-1a hash of the file's bytes, to recognise the same text under another name.
  public var contentHash: UInt64

  /// Makes document facts.
  public init(
    id: Int, path: String, name: String, title: String, titleSource: String, date: SimpleDate,
    dateSource: String, rank: Int, encoding: String, characters: Int, contentHash: UInt64
  ) {
    self.id = id
    self.path = path
    self.name = name
    self.title = title
    self.titleSource = titleSource
    self.date = date
    self.dateSource = dateSource
    self.rank = rank
    self.encoding = encoding
    self.characters = characters
    self.contentHash = contentHash
  }

  /// Whether the date is only the file's modification time (nothing in the manifest or the text dates it):
  /// the text was written by then, but maybe long before.
  public var isDatedByFileTime: Bool { dateSource == "file time" }

  /// Whether the text may have been written by `day`: its date is not later, or it is only the file's time
  /// (an archive copied today must not lose every document it cannot date as evidence for older drafts).
  public func mayPrecede(_ day: SimpleDate) -> Bool { isDatedByFileTime || date <= day }

  /// `《title》（2023-11-20）` for messages; `《title》（文件时间2026-12-07）` when only the file's time dates it.
  public var citation: String { isDatedByFileTime ? "《\(title)》（文件时间\(date)）" : "《\(title)》（\(date)）" }
}

/// A corpus document: its facts and, when read from disk, its text and matching view.
public struct CorpusDocument: Sendable {
  /// Facts about the document.
  public var info: DocumentInfo
  /// Where the text and view are: given, or loaded on first use (from the corpus cache).
  private var storage: DocumentTextStorage

  /// The original text; nil for documents of the built-in reference pack.
  public var text: SourceText? {
    get { storage.text }
    set { storage = DocumentTextStorage(text: newValue, view: storage.view) }
  }
  /// The matching view of `text`.
  public var view: MatchingView? {
    get { storage.view }
    set { storage = DocumentTextStorage(text: storage.text, view: newValue) }
  }

  /// The view in two bytes a scalar (`CompactView`): what `duplicate/reuse` reads of the many documents it
  /// extends matches in. A cached document loads it from the cache without its view or text, and does not
  /// keep it (nor its text): the corpus's `DocumentPartPool` does (every one read, or the most recent within
  /// its budget); any other document makes it from its view once and keeps it.
  public var compactView: CompactView? { storage.compactView }

  /// Makes a document.
  public init(info: DocumentInfo, text: SourceText?) {
    self.info = info
    storage = DocumentTextStorage(text: text, view: text.map(MatchingView.init))
  }

  /// A document whose text is loaded by `load` when a check first asks for it, then kept. The corpus
  /// cache uses this so a start-up decodes no text (a text and its view take about four times the
  /// file's size in memory) and only documents that evidence points to are ever decoded.
  public init(info: DocumentInfo, loadingTextWith load: @escaping @Sendable () -> SourceText?) {
    self.info = info
    storage = DocumentTextStorage(loadText: load, loadView: nil)
  }

  /// A document whose text and view are loaded apart, each on first use (the corpus cache keeps each
  /// view's layout beside its text): most corpus documents a check reads are read through their view
  /// only (`duplicate/reuse` extends matches in the views of thousands), so their texts are never kept.
  /// `loadView` may give the text too (when it had to build the view from it), which is then kept.
  /// `loadCompact` is asked each time the compact view is wanted (it keeps views within a budget itself);
  /// when it gives nil, the compact view is made from the view and kept. `loadText` is asked each time the
  /// text is wanted too (it keeps texts within a budget itself).
  init(
    info: DocumentInfo, loadingTextWith loadText: @escaping @Sendable () -> SourceText?,
    viewWith loadView: @escaping @Sendable () -> (view: MatchingView?, text: SourceText?),
    compactViewWith loadCompact: (@Sendable () -> CompactView?)? = nil
  ) {
    self.info = info
    storage = DocumentTextStorage(loadText: loadText, keepsText: false, loadView: loadView, loadCompact: loadCompact)
  }

  /// Whether the text or its view is in memory (given, or loaded already).
  public var isTextLoaded: Bool { storage.isLoaded }

  /// Which of the text, the view and the compact view have been read (for tests of what a load reads).
  var loadedParts: (text: Bool, view: Bool, compact: Bool) { storage.loadedParts }

  /// Whether the document has a text (all but the reference pack's), known without loading it; a text that
  /// cannot be loaded after all (its cache entry and its file both gone bad) reads nil.
  public var hasText: Bool { storage.hasText }

  /// Document id.
  public var id: Int { info.id }

  /// A document held in memory (tests, examples, the server's open files): `name` stands for its path.
  public static func inMemory(_ string: String, name: String, id: Int, date: SimpleDate, rank: Int = 0, title: String? = nil) -> CorpusDocument {
    let text = SourceText(string)
    let found = title == nil ? DateInference.title(of: text) : nil
    let info = DocumentInfo(
      id: id, path: "/memory/" + name, name: name, title: title ?? found?.0 ?? name,
      titleSource: title == nil ? found?.1 ?? "file name" : "given", date: date, dateSource: "given", rank: rank,
      encoding: "UTF-8", characters: text.count, contentHash: FNV1a.hash(Array(string.utf8)))
    return CorpusDocument(info: info, text: text)
  }
}

/// A document's text, view and compact view, given or each loaded once on first use.
///
/// `@unchecked Sendable` is safe: the loaded values and flags are read and written only with `lock` held,
/// and the loaders are immutable `@Sendable` closures. Concurrent first uses of one document wait for a
/// single load.
final class DocumentTextStorage: @unchecked Sendable {
  private let lock = NSLock()
  private var textLoaded = false
  private var viewLoaded = false
  private var compactLoaded = false
  /// Whether `loadCompact` has given a view (which it keeps, not this storage).
  private var compactRead = false
  // Kept apart, so reading one does not copy (retain and release) the other's arrays: the reuse check
  // reads the views of hundreds of documents per edit.
  private var loadedText: SourceText?
  private var loadedView: MatchingView?
  private var loadedCompact: CompactView?
  private let loadText: (@Sendable () -> SourceText?)?
  /// Whether a text `loadText` gives is kept here; if not, `loadText` is asked each time (and keeps what it
  /// keeps), unless the view's loader gave the text.
  private let keepsText: Bool
  /// Loads the view without the text; nil: the view is built from the text.
  private let loadView: (@Sendable () -> (view: MatchingView?, text: SourceText?))?
  /// Loads the compact view without the view or the text, each time it is wanted (the loader keeps what it
  /// keeps); nil (or nil loaded): it is made from the view, and kept.
  private let loadCompact: (@Sendable () -> CompactView?)?

  init(text: SourceText?, view: MatchingView?) {
    textLoaded = true
    viewLoaded = true
    loadedText = text
    loadedView = view
    loadText = nil
    keepsText = true
    loadView = nil
    loadCompact = nil
  }

  init(
    loadText: @escaping @Sendable () -> SourceText?, keepsText: Bool = true,
    loadView: (@Sendable () -> (view: MatchingView?, text: SourceText?))?,
    loadCompact: (@Sendable () -> CompactView?)? = nil
  ) {
    self.loadText = loadText
    self.keepsText = keepsText
    self.loadView = loadView
    self.loadCompact = loadCompact
  }

  var isLoaded: Bool { lock.withLock { textLoaded || viewLoaded || compactLoaded } }

  var loadedParts: (text: Bool, view: Bool, compact: Bool) {
    lock.withLock { (textLoaded, viewLoaded, compactLoaded || compactRead) }
  }

  var hasText: Bool { lock.withLock { textLoaded ? loadedText != nil : loadText != nil } }

  /// The text alone.
  var text: SourceText? {
    if !keepsText, let loadText {
      let (kept, given) = lock.withLock { (textLoaded, loadedText) }
      return kept ? given : loadText()
    }
    return lock.withLock {
      loadTextIfNeeded()
      return loadedText
    }
  }

  /// The view alone.
  var view: MatchingView? { lock.withLock { viewLocked() } }

  /// The compact view alone: from the loader when there is one and the view is not in memory already
  /// (not kept here), else made from the view (and kept).
  var compactView: CompactView? {
    lock.withLock {
      guard !compactLoaded else { return loadedCompact }
      if let loadCompact, !viewLoaded, let view = loadCompact() {
        compactRead = true
        return view
      }
      loadedCompact = viewLocked().map(CompactView.init)
      compactLoaded = true
      return loadedCompact
    }
  }

  /// Call with `lock` held.
  private func viewLocked() -> MatchingView? {
    guard !viewLoaded else { return loadedView }
    if let loadView, !textLoaded {
      let (view, text) = loadView()
      if let text {
        loadedText = text
        textLoaded = true
      }
      loadedView = view
    }
    if loadedView == nil {
      loadTextIfNeeded()
      loadedView = loadedText.map(MatchingView.init)
    }
    viewLoaded = true
    return loadedView
  }

  /// Call with `lock` held.
  private func loadTextIfNeeded() {
    guard !textLoaded else { return }
    loadedText = loadText?()
    textLoaded = true
  }
}

/// FNV-1a, 64 bit: a fast, stable content hash (not for security).
public enum FNV1a {
  /// The hash of nothing.
  public static let basis: UInt64 = 0xcbf2_9ce4_8422_2325
  /// The multiplier of each step.
  public static let prime: UInt64 = 0x100_0000_01b3

  /// Hashes bytes.
  public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
    // Contiguous bytes (arrays, `Data`, native strings' UTF-8) are hashed in a plain loop: the generic
    // `reduce` went through an iterator per byte, a twentieth of the server's time per edit.
    if let h = bytes.withContiguousStorageIfAvailable({ buffer in
      var h = basis
      for b in buffer { h = combine(h, UInt64(b)) }
      return h
    }) {
      return h
    }
    var h = basis
    for b in bytes { h = combine(h, UInt64(b)) }
    return h
  }

  /// The hash of the UTF-8 encoding of `scalars` (what `hash` gives a file holding them), without making
  /// the bytes: the server hashes every version of a draft to know whether it is a corpus document.
  public static func hash(utf8Of scalars: [Unicode.Scalar]) -> UInt64 {
    var h = basis
    for s in scalars {
      let v = UInt64(s.value)
      switch v {
      case 0..<0x80:
        h = combine(h, v)
      case 0x80..<0x800:
        h = combine(combine(h, 0xC0 | v >> 6), 0x80 | v & 0x3F)
      case 0x800..<0x1_0000:
        h = combine(combine(combine(h, 0xE0 | v >> 12), 0x80 | v >> 6 & 0x3F), 0x80 | v & 0x3F)
      default:
        h = combine(combine(h, 0xF0 | v >> 18), 0x80 | v >> 12 & 0x3F)
        h = combine(combine(h, 0x80 | v >> 6 & 0x3F), 0x80 | v & 0x3F)
      }
    }
    return h
  }

  /// One step: `value` folded into the running hash `h`. Whole values rather than bytes make digests of
  /// in-memory keys (scalars, offsets) cheap; they are not a stable format.
  @inline(__always) public static func combine(_ h: UInt64, _ value: UInt64) -> UInt64 { (h ^ value) &* prime }
}
