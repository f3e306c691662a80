import Foundation
import PolicyText

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A persistent cache of a corpus directory: the documents' facts and texts and the built indexes, so the
/// next start reads one file instead of decoding every corpus file and rebuilding every index.
///
/// One cache file per corpus directory (keyed by its absolute path) under `POLICYLINT_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/policylint`, else `~/.cache/policylint`. The file records, for each corpus file, its
/// size, modification time and content hash; on load a file whose size and time are unchanged is taken from
/// the cache, a changed one is read again (and kept from the cache after all when its bytes hash the same).
/// When any document changed, the index is updated: the fingerprints and figure facts of unchanged documents
/// are kept and the others' made; the formulation index, whose facts span documents, is made again with its
/// near-copy search and clause independence tests redone only where a change reaches
/// (`FormulationUpdate`); the unchanged documents' stored texts and views are copied into the new file. A truncated, garbled or
/// other-version cache is never trusted: every section
/// carries a checksum, and the file is rebuilt. Writes go to a temporary file renamed into place, so a
/// reader never sees half a cache. The format is described in `protocol/performance.md`.
public enum CorpusCache {
  /// Version of the file layout; bump it when the layout or the meaning of a field changes.
  public static let formatVersion: UInt32 = 11
  static let magic: [UInt8] = Array("PLCORPUS".utf8)
  static let endMagic: [UInt8] = Array("PLCEND\0\0".utf8)

  /// What happened to the cache on a load.
  public struct Outcome: Sendable, Equatable {
    /// How the corpus was obtained.
    public enum Kind: String, Sendable, Equatable {
      /// Everything came from the cache.
      case hit
      /// Some documents were read again and the index parts rebuilt.
      case updated
      /// No usable cache: everything was read and built, and a cache written.
      case rebuilt
      /// Caching was turned off.
      case disabled
    }
    /// How the corpus was obtained.
    public var kind: Kind
    /// The cache file.
    public var file: String?
    /// Documents taken from the cache.
    public var reused: Int
    /// Documents read from disk.
    public var read: Int
    /// Why the cache was not used as it was (empty on a hit).
    public var reason: String
    /// Seconds spent in each phase: `scan` (listing and stat), `cache` (reading the cache file), `texts`
    /// (reading files and decoding cached texts), `index` (building or decoding the index parts), `write`.
    public var timings: [String: Double] = [:]
  }

  /// The directory caches live in: `POLICYLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/policylint`, else
  /// `~/.cache/policylint`.
  public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
    if let dir = environment["POLICYLINT_CACHE_DIR"], !dir.isEmpty { return dir }
    if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
      return (xdg as NSString).appendingPathComponent("policylint")
    }
    let home = environment["HOME"] ?? NSHomeDirectory()
    return (home as NSString).appendingPathComponent(".cache/policylint")
  }

  /// The cache file for a corpus directory: its last path component (for people) and a hash of its
  /// resolved absolute path (so two corpora never share a file).
  public static func file(
    forCorpus corpusDirectory: String, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String {
    let root = URLPath.resolve(corpusDirectory)
    let last = (root as NSString).lastPathComponent
    let safe = String(String.UnicodeScalarView(last.unicodeScalars.prefix(40).map {
      $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") ? $0 : "_"
    }))
    let key = String(FNV1a.hash(Array(root.utf8)), radix: 16)
    return (directory(environment: environment) as NSString).appendingPathComponent("corpus-\(safe)-\(key).plcache")
  }

  /// Whether the environment turns the cache off (`POLICYLINT_NO_CACHE=1`), for the server, which has no
  /// command-line flag for it.
  public static func disabledByEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
    guard let v = environment["POLICYLINT_NO_CACHE"] else { return false }
    return !(v.isEmpty || v == "0" || v.lowercased() == "false")
  }

  /// Loads a corpus directory through the cache file `cacheFile` (default: `file(forCorpus:)`): reuses
  /// what is unchanged, reads what changed, rebuilds the indexes if anything changed, and rewrites the cache.
  /// A cache that cannot be written is a warning, never an error.
  ///
  /// `progress` is told of each file read; `stage`, of the steps after the files that can take a while (an
  /// index build takes seconds for thousands of documents), so a caller can say what is happening.
  /// `partBudget` is the memory for the compact views and texts of documents from the cache that are kept
  /// between reads (`DocumentPartPool`), unless `POLICYLINT_VIEW_MEMORY_MB` sets it.
  ///
  /// `interim` is for a caller that can work with the corpus as it was while the indexes are rebuilt (the
  /// server, which would otherwise publish nothing for seconds): when files changed since the cache was
  /// written and the cache is intact, it is handed the cached index, exactly as the cache recorded it (the
  /// old texts of changed files, the files since removed), before the rebuild starts. It is not called on
  /// a hit, nor when there is no usable cache.
  public static func load(
    directory: String, manifest manifestPath: String?, cacheFile: String? = nil,
    progress: (@Sendable (Int, Int) -> Void)? = nil, stage: (@Sendable (CorpusLoadStage) -> Void)? = nil,
    partBudget: DocumentPartPool.Budget = .unlimited, interim: (@Sendable (CorpusIndex) -> Void)? = nil
  ) throws(PolicyLintError) -> (CorpusProvider.Provided, Outcome) {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) else {
      throw .notFound(path: directory)
    }
    guard isDir.boolValue else { throw .unreadable(path: directory, reason: "the corpus must be a directory") }
    let root = URLPath.resolve(directory)
    let cachePath = cacheFile ?? file(forCorpus: directory)
    var warnings: [String] = []
    let budget = DocumentPartPool.budget(warnings: &warnings) ?? partBudget
    let manifest = try loadManifest(directory: directory, path: manifestPath)
    // Stamp time first: a file modified after this instant has a newer mtime than the one recorded now.
    let snapshotTime = nowNanoseconds()
    var clock = PhaseClock()
    // The cache first: a large one's indexes are then read and decoded on other threads while the corpus is
    // scanned (`PartsDecoding`).
    var reason = ""
    var cachedRead: CachedCorpus?
    do {
      cachedRead = try read(path: cachePath, root: root, partBudget: budget)
    } catch let error as CorpusCacheError {
      reason = error.description
    } catch {
      reason = "cannot read \(cachePath): \(error)"
    }
    clock.lap("cache")
    let files = CorpusLoader.listFiles(in: directory, warnings: &warnings)
    if let manifest {
      let names = Set(files.map(\.name))
      for entry in manifest.documents where !names.contains(entry.file) {
        warnings.append("manifest names \(entry.file), which is not a .txt or .md file in \(directory)")
      }
    }
    let stamps = FileStamp.of(paths: files.map(\.path))
    let entryHashes = files.map { entryHash(manifest?.entry(for: $0.name)) }

    let cached = cachedRead
    // Decide, file by file, what the cache can supply.
    var fromCache = [Int?](repeating: nil, count: files.count)
    var suspect: [Int] = []
    var verified = 0  // files whose time changed (or was too recent to trust) but whose bytes did not
    if let cached {
      let byName = Dictionary(cached.records.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
      for i in files.indices {
        guard let r = byName[files[i].name].map({ cached.records[$0] }), r.entryHash == entryHashes[i],
          r.path == files[i].path, let stamp = stamps[i], stamp.size == r.size
        else { continue }
        // A file changed within the same clock tick as the cache snapshot may keep its mtime: verify it.
        let racy = r.mtimeNs >= cached.snapshotNs - 2_000_000_000
        if stamp.mtimeNs == r.mtimeNs && !racy {
          fromCache[i] = byName[files[i].name]
        } else {
          suspect.append(i)
        }
      }
    }
    // Changed time, same size: the bytes decide (a touched file keeps its cached text and facts).
    if let cached {
      let byName = Dictionary(cached.records.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
      let verdicts = ResultSlots<Bool>(count: suspect.count)
      let toVerify = suspect
      DispatchQueue.concurrentPerform(iterations: suspect.count) { k in
        let i = toVerify[k]
        guard let r = byName[files[i].name].map({ cached.records[$0] }), r.info.dateSource != "file time",
          let data = FileManager.default.contents(atPath: files[i].path)
        else { return }
        verdicts[k] = FNV1a.hash(data) == r.info.contentHash
      }
      // A document dated by its file time must be read again when the time moved, even with the same bytes.
      for k in suspect.indices where verdicts[k] == true {
        fromCache[suspect[k]] = byName[files[suspect[k]].name]
        verified += 1
      }
    }

    clock.lap("scan")
    // Read the rest, decode the cached texts, in parallel.
    let slots = ResultSlots<Result<CorpusDocument, PolicyLintError>>(count: files.count)
    // Whether slot i came from the cache: a cached text that fails its checksum is read from disk instead.
    let cameFromCache = ResultSlots<Bool>(count: files.count)
    let counter = ProgressCounter()
    let choices = fromCache
    let entries = manifest
    // Every cached text is checked now (a garbled cache is caught at start-up) and decoded on first use.
    let intact = cached?.verifyAll() ?? []
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      if let c = choices[i], let cached, c < intact.count, intact[c] {
        slots[i] = .success(cached.document(c, path: files[i].path))
        cameFromCache[i] = true
      } else {
        slots[i] = Result { () throws(PolicyLintError) -> CorpusDocument in
          try CorpusLoader.document(path: files[i].path, name: files[i].name, id: 0, entry: entries?.entry(for: files[i].name))
        }
      }
      progress?(counter.increment(), files.count)
    }
    var documents: [CorpusDocument] = []
    var records: [Record] = []
    // Each document's id in the cache, when it came from there (its index facts can be kept).
    var previousIDs: [Int?] = []
    var reused = 0
    var readCount = 0
    for i in files.indices {
      switch slots[i]! {
      case .success(var doc):
        doc.info.id = documents.count
        documents.append(doc)
        if cameFromCache[i] == true, let c = choices[i] {
          reused += 1
          // A record's position is its document's id (`CachedCorpus.documents()`).
          previousIDs.append(c)
        } else {
          readCount += 1
          previousIDs.append(nil)
        }
        // A file read again is stamped with what it was before the read: a change during the read is seen next time.
        let stamp = stamps[i] ?? FileStamp(size: 0, mtimeNs: 0)
        records.append(Record(name: files[i].name, path: files[i].path, size: stamp.size, mtimeNs: stamp.mtimeNs, entryHash: entryHashes[i], info: doc.info))
      case .failure(let error):
        warnings.append("\(error.description); skipped")
      }
    }
    clock.lap("texts")
    if documents.isEmpty { warnings.append("\(directory): no .txt or .md documents found; the corpus is empty") }

    let unchanged = cached.map { c in
      readCount == 0 && c.records.count == records.count && zip(c.records, records).allSatisfy { $0.name == $1.name }
    } ?? false
    var index: CorpusIndex
    let kind: Outcome.Kind
    if unchanged, let cached, let parts = try? cached.parts() {
      index = CorpusIndex(
        documents: documents, fingerprints: parts.fingerprints, figures: parts.figures,
        formulations: parts.formulations, origin: directory)
      // Rewriting after a verification records the new times and a later snapshot, so it is not repeated.
      kind = verified == 0 ? .hit : .updated
      if kind == .updated { reason = "\(verified) files verified by content hash; none changed" }
    } else {
      // The cached parts (decoded on another thread meanwhile) keep the facts of unchanged documents, and
      // make the interim index. Otherwise they are let go before the build (the documents keep the cache
      // open for their texts, and would keep them too).
      var previousParts: Parts?
      if let cached, reused > 0 || interim != nil {
        previousParts = try? cached.parts()
      }
      cached?.discardParts()
      if let interim, let cached, let previousParts {
        interim(cached.recordedIndex(parts: previousParts, origin: directory))
      }
      stage?(.indexing(documents: documents.count))
      let updating = reused > 0 ? previousParts : nil
      // The previous build's documents not kept (changed ones with their old text), for the formulation
      // index's update to see what they used.
      var gone: [CorpusDocument] = []
      if updating != nil, let cached {
        let kept = Set(previousIDs.compactMap { $0 })
        gone = cached.documents(cached.records.indices.filter { !kept.contains($0) })
      }
      index = buildIndex(
        documents: documents, origin: directory, updating: updating, previous: previousIDs, gone: gone)
      if cached != nil {
        kind = .updated
        reason =
          unchanged
          ? "the cached indexes could not be decoded"
          : "\(readCount) documents read again, \(records.count - readCount) kept; "
            + (updating != nil ? "indexes updated" : "indexes rebuilt")
      } else {
        kind = .rebuilt
        if reason.isEmpty { reason = "no cache at \(cachePath)" }
      }
    }
    clock.lap("index")
    if kind != .hit {
      stage?(.writingCache)
      do {
        try write(
          path: cachePath, root: root, snapshotNs: snapshotTime, records: records, index: index,
          reusing: cached.map { ($0, previousIDs) })
        // The documents read for the build hold their texts and views (about six times the files' size);
        // made again from the cache just written, they read each part when a check asks and keep none, as
        // after a start from the cache (a server would otherwise hold them until it stopped).
        if readCount > 0, let backed = documentsBacked(by: cachePath, root: root, records: records, budget: budget) {
          index = CorpusIndex(
            documents: backed, fingerprints: index.fingerprints, figures: index.figures,
            formulations: index.formulations, origin: directory)
        }
      } catch {
        warnings.append("could not write the corpus cache \(cachePath): \(error); the next start reads the corpus again")
      }
    }
    clock.lap("write")
    let outcome = Outcome(
      kind: kind, file: cachePath, reused: reused, read: readCount, reason: reason, timings: clock.laps)
    return (CorpusProvider.Provided(index: index, warnings: warnings), outcome)
  }

  /// `records`' documents, read back from the cache just written at `path` (parts loaded on demand, kept by
  /// its pool within `budget`, each checked against its checksum when read, as after a start from the
  /// cache); nil when it cannot be read or does not hold these records.
  static func documentsBacked(
    by path: String, root: String, records: [Record], budget: DocumentPartPool.Budget
  ) -> [CorpusDocument]? {
    // Its index parts are not wanted (the build's are in memory): never decoded.
    guard let cached = try? read(path: path, root: root, concurrentFrom: Int.max, partBudget: budget) else {
      return nil
    }
    cached.discardParts()
    guard cached.records.count == records.count,
      zip(cached.records, records).allSatisfy({ $0.name == $1.name && $0.path == $1.path })
    else { return nil }
    return cached.documents()
  }

  /// Builds the three index parts concurrently (they are independent), as `CorpusIndex(documents:)` would.
  ///
  /// With `updating` (the parts of an earlier build), `previous` (each document's id in that build, nil
  /// for a new or changed one) and `gone` (that build's documents not kept, changed ones with their old
  /// text), the fingerprints and figure facts of unchanged documents are taken from there and only the
  /// others' made: those two parts depend on each document alone. The formulation index is made again, but
  /// its near-copy search and clause independence tests only where a change reaches
  /// (`FormulationIndex.updated`). The result is the same as a build from scratch.
  static func buildIndex(
    documents: [CorpusDocument], origin: String, updating: Parts? = nil, previous: [Int?] = [],
    gone: [CorpusDocument] = []
  ) -> CorpusIndex {
    let fingerprints = ResultSlots<FingerprintIndex>(count: 1)
    let figures = ResultSlots<FigureFacts>(count: 1)
    let formulations = ResultSlots<FormulationIndex>(count: 1)
    let earlier = previous.count == documents.count ? updating : nil
    DispatchQueue.concurrentPerform(iterations: 3) { part in
      switch part {
      case 0:
        fingerprints[0] =
          earlier?.fingerprints.updated(documents: documents, previous: previous)
          ?? FingerprintIndex(documents: documents)
      case 1:
        figures[0] =
          earlier?.figures.updated(documents: documents, previous: previous) ?? FigureFacts(documents: documents)
      default:
        formulations[0] =
          earlier?.formulations.updated(documents: documents, previous: previous, gone: gone)
          ?? FormulationIndex(documents: documents)
      }
    }
    return CorpusIndex(
      documents: documents, fingerprints: fingerprints[0] ?? FingerprintIndex(documents: documents),
      figures: figures[0] ?? FigureFacts(documents: documents),
      formulations: formulations[0] ?? FormulationIndex(documents: documents), origin: origin)
  }

  // MARK: - File layout

  /// One corpus file as the cache knows it.
  struct Record {
    var name: String
    var path: String
    var size: UInt64
    var mtimeNs: Int64
    /// Hash of the manifest entry that gave the document its title, date and rank (0 for none).
    var entryHash: UInt64
    var info: DocumentInfo
  }

  /// The index parts, as one `Codable` value when a part has no binary encoding of its own.
  struct Parts: Codable {
    var fingerprints: FingerprintIndex
    var figures: FigureFacts
    var formulations: FormulationIndex
  }

  /// An open cache file: its records, and positioned reads of its texts, so a text is read and decoded only
  /// when a check first needs it and the file is never mapped whole into the process.
  ///
  /// `@unchecked Sendable` is safe: every field but `partsDecoding` (taken with `partsLock` held) is
  /// immutable after `read`, and texts are read with `pread`,
  /// which takes its offset explicitly and may be called from any thread. The descriptor pins the file that
  /// was read, so a newer cache renamed into place meanwhile does not change what this one returns.
  final class CachedCorpus: @unchecked Sendable {
    let fd: Int32
    let snapshotNs: Int64
    let records: [Record]
    let textOffsets: [TextEntry]
    /// Where each document's compact view is (`CompactEntry`; empty for a document without text).
    let compactOffsets: [TextEntry]
    /// The index parts being decoded, until `parts()` takes them (the documents keep this object for their
    /// texts, and the decoded indexes are about the corpus's size).
    private var partsDecoding: PartsDecoding?
    private let partsLock = NSLock()
    /// The compact views and texts read most recently, within a budget (the documents do not keep theirs).
    let partPool: DocumentPartPool

    init(
      fd: Int32, snapshotNs: Int64, records: [Record], textOffsets: [TextEntry], compactOffsets: [TextEntry],
      parts: PartsDecoding, partPool: DocumentPartPool = DocumentPartPool()
    ) {
      self.partPool = partPool
      self.fd = fd
      self.snapshotNs = snapshotNs
      self.records = records
      self.textOffsets = textOffsets
      self.compactOffsets = compactOffsets
      partsDecoding = parts
    }

    deinit { close(fd) }

    /// The bytes of entry `i` after its length prefix (the text's UTF-8, then its view's layout), or nil
    /// when they fail their length or checksum.
    func verifiedText(_ i: Int) -> ArraySlice<UInt8>? { verified(textOffsets[i]) }

    /// The bytes of an entry (a text's or a compact view's) after its length prefix, or nil when they fail
    /// their length or checksum.
    private func verified(_ t: TextEntry) -> ArraySlice<UInt8>? {
      guard let bytes = try? CorpusCache.pread(fd, at: t.offset - 8, count: t.length + 8) else { return nil }
      return bytes.withUnsafeBytes { t.isIntact($0) } ? bytes[8...] : nil
    }

    /// Entry `i`'s stored text and layout (`text:`) or compact view (`compact:`) as the file holds them
    /// after the length, unchecked, with the entry; nil when they cannot be read.
    func storedEntry(text i: Int) -> (bytes: [UInt8], entry: TextEntry)? { stored(textOffsets[i]) }
    func storedEntry(compact i: Int) -> (bytes: [UInt8], entry: TextEntry)? { stored(compactOffsets[i]) }

    private func stored(_ t: TextEntry) -> (bytes: [UInt8], entry: TextEntry)? {
      guard let bytes = try? CorpusCache.pread(fd, at: t.offset, count: t.length) else { return nil }
      return (bytes, t)
    }

    /// Whether text `i` is intact, checked without keeping it.
    func verify(_ i: Int) -> Bool { verifiedText(i) != nil }

    /// Whether each entry is intact (its length prefix and checksum), all checked by reading the texts
    /// section in large chunks on all cores: the same verdicts as `verify` one by one, without a read and a
    /// buffer per entry (10,000 of them at a start).
    func verifyAll() -> [Bool] {
      let n = textOffsets.count
      guard n > 0 else { return [] }
      let entries = textOffsets
      let fd = self.fd
      let chunkBytes = CorpusCache.verifyChunkBytes
      return concurrentPieces(n, pieces: 2 * ProcessInfo.processInfo.activeProcessorCount) { range in
        var ok = [Bool](repeating: false, count: range.count)
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var e = range.lowerBound
        while e < range.upperBound {
          // The entries from `e` that fit one chunk (at least one: a larger entry gets a buffer of its own).
          let start = entries[e].offset - 8
          var end = e + 1
          while end < range.upperBound && entries[end].offset + entries[end].length - start <= chunkBytes { end += 1 }
          let bytes = entries[end - 1].offset + entries[end - 1].length - start
          if bytes > buffer.count { buffer = [UInt8](repeating: 0, count: bytes) }
          let read = buffer.withUnsafeMutableBytes {
            CorpusCache.readFully(fd, at: start, into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<bytes]))
          }
          if read {
            buffer.withUnsafeBytes { raw in
              for k in e..<end {
                let at = entries[k].offset - 8 - start
                ok[k - range.lowerBound] = entries[k].isIntact(
                  UnsafeRawBufferPointer(rebasing: raw[at..<(at + 8 + entries[k].length)]))
              }
            }
          }
          e = end
        }
        return ok
      }
    }

    /// The scalars of entry `i`'s text, or nil when the entry fails its length or checksum.
    func scalars(_ i: Int) -> [Unicode.Scalar]? {
      let textLength = textOffsets[i].textLength
      guard let bytes = verifiedText(i), textLength <= bytes.count else { return nil }
      return bytes.withUnsafeBytes { raw in
        try? CacheUTF8.scalars(UnsafeRawBufferPointer(rebasing: raw[..<textLength]), count: records[i].info.characters)
      }
    }

    /// The view of entry `i` rebuilt from its layout while its UTF-8 is decoded (no text is made), or nil
    /// when the entry fails its checksum or its layout does not fit (the caller then decodes the text).
    func view(_ i: Int) -> MatchingView? { fromLayout(i, MatchingView.init(utf8:count:layout:)) }

    /// The compact view of document `i`: copied from its stored form (`CompactEntry`), or, should that fail
    /// its checksum or not fit, made like `view(_:)`; nil when that would be nil too (the document then
    /// makes it from its view).
    func compactView(_ i: Int) -> CompactView? {
      if compactOffsets[i].length > 0, let bytes = verified(compactOffsets[i]),
        let view = bytes.withUnsafeBytes({ CompactEntry.view($0, originalCount: records[i].info.characters) })
      {
        return view
      }
      return fromLayout(i, CompactView.init(utf8:count:layout:))
    }

    /// What `make` builds of entry `i`'s UTF-8, scalar count and layout, or nil when the entry fails its
    /// checksum or has no layout.
    private func fromLayout<V>(_ i: Int, _ make: (UnsafeRawBufferPointer, Int, MatchingViewLayout) -> V?) -> V? {
      let textLength = textOffsets[i].textLength
      guard let bytes = verifiedText(i), textLength <= bytes.count else { return nil }
      return bytes.withUnsafeBytes { raw in
        guard let layout = CorpusCache.layout(UnsafeRawBufferPointer(rebasing: raw[textLength...])) else { return nil }
        return make(UnsafeRawBufferPointer(rebasing: raw[..<textLength]), records[i].info.characters, layout)
      }
    }

    /// The document for record `i`; its text and its view are each read, checked and decoded on first use
    /// (the view from its layout, without keeping the text); its text and compact view are kept by the
    /// pool, not by the document. Should the cached bytes have gone bad since
    /// `verify`, the file itself is read and accepted only if its hash still matches, so a document never
    /// gets a wrong text (at worst none, like a reference-pack document).
    func document(_ i: Int, path: String) -> CorpusDocument {
      var info = records[i].info
      info.path = path
      let hash = info.contentHash
      let fromFile: @Sendable () -> SourceText? = {
        guard let (string, _, data) = try? CorpusLoader.readText(path), FNV1a.hash(data) == hash else { return nil }
        return SourceText(string)
      }
      return CorpusDocument(
        info: info,
        loadingTextWith: { [self] in partPool.text(i) { scalars(i).map { SourceText(scalars: $0) } ?? fromFile() } },
        viewWith: { [self] in
          if let view = view(i) { return (view, nil) }
          // A layout that does not fit: build the view from the text, and keep the text made for it.
          let text = scalars(i).map { SourceText(scalars: $0) } ?? fromFile()
          return (text.map(MatchingView.init), text)
        },
        compactViewWith: { [self] in partPool.view(i) { compactView(i) } })
    }

    /// Index parts at least this large are read and decoded on other threads while a start goes on.
    static let concurrentDecodeBytes = 8 << 20

    /// Lets the index parts go without using them, once their decoding (if started) has finished.
    func discardParts() { takeParts()?.cancel() }

    /// Every recorded document, under its recorded path; a record's position is its document's id (the id
    /// is not stored).
    func documents() -> [CorpusDocument] { documents(records.indices) }

    /// The recorded documents at these positions (their ids), as `documents()` makes them.
    func documents(_ positions: some Sequence<Int>) -> [CorpusDocument] {
      positions.map { i in
        var doc = document(i, path: records[i].path)
        doc.info.id = i
        return doc
      }
    }

    /// The index as this cache recorded it: every recorded document with the cached `parts`.
    func recordedIndex(parts: Parts, origin: String) -> CorpusIndex {
      CorpusIndex(
        documents: documents(), fingerprints: parts.fingerprints, figures: parts.figures,
        formulations: parts.formulations, origin: origin)
    }

    /// The decoded index parts, waiting for their decoding if it is still going on; they can be taken once.
    func parts() throws -> Parts {
      guard let taken = takeParts() else { throw CorpusCacheError.malformed("index parts decoded twice") }
      return try taken.result.get()
    }

    /// The parts' decoding, which only the first caller gets.
    private func takeParts() -> PartsDecoding? {
      partsLock.withLock {
        defer { self.partsDecoding = nil }
        return self.partsDecoding
      }
    }
  }

  /// The index parts of a cache file: read, checked against their checksum and decoded, on other threads
  /// when they are large (the three parts side by side), so that a start reads the header's records, scans
  /// the corpus and checks the texts meanwhile. Decoding was a third of a start from the cache, and the
  /// phases before it left a core idle.
  ///
  /// `@unchecked Sendable` is safe: `outcome` is written once, by the decoding, before `done` is left, and
  /// read only after waiting on `done`.
  final class PartsDecoding: @unchecked Sendable {
    private let done = DispatchGroup()
    private var outcome: Result<Parts, Error>?
    /// A descriptor of its own, closed with this object (whether or not the parts were ever decoded).
    private let fd: Int32

    /// Starts on a descriptor of its own (the same open file, so a cache renamed into place meanwhile
    /// changes nothing); small parts are read and decoded when `result` is first asked for, on that thread
    /// (worker threads would each take an allocator arena of their own, which made a server reloading a
    /// small corpus grow by several MB now and then: the soak test's bound caught it in about one run of
    /// ten).
    init(fd: Int32, offset: Int, count: Int, checksum: UInt64, concurrently: Bool) throws(CorpusCacheError) {
      let own = fcntl(fd, F_DUPFD_CLOEXEC, 0)
      guard own >= 0 else { throw .malformed("cannot duplicate the cache's descriptor") }
      self.fd = own
      let work: @Sendable () -> Result<Parts, Error> = {
        Result { try PartsDecoding.decode(fd: own, offset: offset, count: count, checksum: checksum) }
      }
      if concurrently {
        // The block holds this object, so the descriptor outlives the decoding.
        DispatchQueue.global().async(group: done) { [self] in outcome = work() }
      } else {
        lazyWork = work
      }
    }

    deinit { close(fd) }

    /// What is decoded on first asking, when the parts are small.
    private var lazyWork: (@Sendable () -> Result<Parts, Error>)?

    /// The parts, or why they cannot be had. Called once, by `CachedCorpus.parts()`.
    var result: Result<Parts, Error> {
      done.wait()
      if let lazyWork {
        self.lazyWork = nil
        outcome = lazyWork()
      }
      return outcome ?? .failure(CorpusCacheError.malformed("index parts not decoded"))
    }

    /// Waits for a decoding still going on and drops what it made (a load that rebuilds the indexes does
    /// not hold the decoded ones while it builds).
    func cancel() {
      done.wait()
      lazyWork = nil
      outcome = nil
    }

    /// Reads the parts' bytes (`PartBuffer`, given back as they are decoded), checks them and decodes them.
    static func decode(fd: Int32, offset: Int, count: Int, checksum: UInt64) throws -> Parts {
      // The bytes are decoded where the file is mapped: reading them into memory of our own cost a third
      // of the load's CPU (copying 125 MB for 10,000 documents, and a fault per page of the copy). The
      // mapping lasts only while the parts are decoded. The file is never written in place (a new cache is
      // renamed over it, and this mapping keeps the old file), so only another program truncating it
      // within that fraction of a second could make reading it fail (SIGBUS), as it would for any program
      // that maps files. Where the system refuses the mapping, the bytes are read instead.
      let partBuffer: PartBuffer
      if let mapped = PartBuffer(file: fd, offset: offset, count: count, populate: true) {
        partBuffer = mapped
      } else {
        guard let read = PartBuffer(count: count) else {
          throw CorpusCacheError.malformed("no memory for the \(count) bytes of the indexes")
        }
        guard CorpusCache.readFully(fd, at: offset, into: read.mutableBytes) else {
          throw CorpusCacheError.malformed("cannot read \(count) bytes at offset \(offset)")
        }
        partBuffer = read
      }
      guard CacheChecksum.of(partBuffer.bytes) == checksum else {
        throw CorpusCacheError.malformed("indexes fail their checksum")
      }
      // Each part is a tag and length-prefixed bytes: find the three, then decode them concurrently.
      let ranges = try { () throws -> [Range<Int>] in
        var reader = BinaryReader(partBuffer.bytes)
        var ranges: [Range<Int>] = []
        for _ in 0..<3 {
          let start = reader.offset
          _ = try reader.readUInt8()
          _ = try reader.readBytes()
          ranges.append(start..<reader.offset)
        }
        return ranges
      }()
      let fingerprints = ResultSlots<Result<FingerprintIndex, Error>>(count: 1)
      let figures = ResultSlots<Result<FigureFacts, Error>>(count: 1)
      let formulations = ResultSlots<Result<FormulationIndex, Error>>(count: 1)
      let decode: @Sendable (Int) -> Void = { part in
        var r = BinaryReader(UnsafeRawBufferPointer(rebasing: partBuffer.bytes[ranges[part]]))
        r.releaser = partBuffer.releaser(for: ranges[part])
        switch part {
        case 0: fingerprints[0] = Result { try CorpusCache.readPart(FingerprintIndex.self, &r) }
        case 1: figures[0] = Result { try CorpusCache.readPart(FigureFacts.self, &r) }
        default: formulations[0] = Result { try CorpusCache.readPart(FormulationIndex.self, &r) }
        }
      }
      if partBuffer.count >= CachedCorpus.concurrentDecodeBytes {
        // The longest first (the formulation index, then the fingerprints): on two cores the figures then
        // follow the fingerprints while the formulation index is still decoding, instead of making it
        // wait for a free core.
        let longestFirst = [2, 0, 1]
        DispatchQueue.concurrentPerform(iterations: 3) { decode(longestFirst[$0]) }
      } else {
        for part in 0..<3 { decode(part) }
      }
      guard let f = fingerprints[0], let g = figures[0], let h = formulations[0] else {
        throw CorpusCacheError.malformed("index parts")
      }
      return Parts(fingerprints: try f.get(), figures: try g.get(), formulations: try h.get())
    }
  }

  /// Reads exactly `count` bytes at `offset`; a short read (a truncated file) throws.
  static func pread(_ fd: Int32, at offset: Int, count: Int) throws(CorpusCacheError) -> [UInt8] {
    guard offset >= 0, count >= 0 else { throw .malformed("negative offset or length") }
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
      failed = !readFully(fd, at: offset, into: UnsafeMutableRawBufferPointer(buffer))
      initialized = failed ? 0 : count
    }
    if failed { throw .malformed("cannot read \(count) bytes at offset \(offset)") }
    return bytes
  }

  /// Fills `buffer` from `offset`; false on a short read. A large read (the index parts, about the corpus's
  /// size) is split across the cores: most of its time is the kernel giving the buffer its pages and
  /// copying into them, which pieces of one buffer do side by side.
  static func readFully(_ fd: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
    let count = buffer.count
    guard count > 0, let base = buffer.baseAddress else { return true }
    let pieces = count >= Self.parallelReadBytes ? 2 * ProcessInfo.processInfo.activeProcessorCount : 1
    let failures = ResultSlots<Bool>(count: pieces)
    let address = UInt(bitPattern: base)
    let readPiece: @Sendable (Int) -> Void = { p in
      let start = count * p / pieces
      let end = count * (p + 1) / pieces
      let to = UnsafeMutableRawPointer(bitPattern: address)!
      var done = start
      while done < end {
        let n = Glibc_pread(fd, to + done, end - done, off_t(offset + done))
        if n <= 0 {
          failures[p] = true
          return
        }
        done += n
      }
    }
    if pieces == 1 { readPiece(0) } else { DispatchQueue.concurrentPerform(iterations: pieces, execute: readPiece) }
    return !(0..<pieces).contains { failures[$0] == true }
  }

  /// Reads at least this large are done in pieces on all cores.
  static let parallelReadBytes = 16 << 20

  /// How much of the texts section `verifyAll` reads at a time per core.
  static let verifyChunkBytes = 2 << 20

  /// Identifies the build that wrote a cache: the tool version and the executable's size and time, so
  /// a rebuilt binary (whose index code may differ while the version string does not) never trusts an
  /// older cache.
  static let buildIdentity: String = {
    var id = "policylint \(PolicyLintVersion.string)"
    if let exe = Bundle.main.executablePath, let stamp = FileStamp.of(path: exe) {
      id += " exe \(stamp.size)@\(stamp.mtimeNs)"
    }
    return id
  }()

  /// Writes the cache of `records` and `index` to `path`, through a temporary file renamed into place.
  ///
  /// `reusing` names, for each document, its entry in an open cache when it came from there unchanged: its
  /// stored text and views are copied from that cache as they are (with their checksums: bytes damaged
  /// there stay detectably damaged here) instead of being encoded again.
  static func write(
    path: String, root: String, snapshotNs: Int64, records: [Record], index: CorpusIndex,
    identity: String = buildIdentity, reusing: (cache: CachedCorpus, entries: [Int?])? = nil
  ) throws {
    let dir = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    removeAbandonedTemporaryFiles(of: path)
    let temp = dir + "/.\((path as NSString).lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    guard FileManager.default.createFile(atPath: temp, contents: nil),
      let handle = FileHandle(forWritingAtPath: temp)
    else { throw CorpusCacheError.malformed("cannot create \(temp)") }
    var done = false
    defer {
      try? handle.close()
      if !done { try? FileManager.default.removeItem(atPath: temp) }
    }
    // Texts first, so their checksums can go into the header that follows them.
    var textChecksums: [(length: Int, layoutLength: Int, checksum: UInt64)] = []
    var texts = BinaryWriter(capacity: 1 << 20)
    var textsLength = 0
    func flush() throws {
      try handle.write(contentsOf: texts.bytes)
      texts = BinaryWriter(capacity: 1 << 20)
    }
    try handle.write(contentsOf: magic)
    var lead = BinaryWriter()
    lead.write(formatVersion)
    try handle.write(contentsOf: lead.bytes)
    /// Appends one entry (a u64 length, then its bytes) to the texts section.
    func append(_ entry: [UInt8]) throws {
      texts.write(bytes: entry)
      textsLength += 8 + entry.count
      if texts.bytes.count >= 1 << 20 { try flush() }
    }
    // Entries are made a batch of documents at a time on all cores, then written in order.
    let documents = index.documents
    func inBatches<T>(_ make: @Sendable (Int) -> T, then write: (T) throws -> Void) throws {
      let batch = 128
      for start in stride(from: 0, to: documents.count, by: batch) {
        let end = min(documents.count, start + batch)
        for made in concurrentPieces(end - start, pieces: 8, { $0.map { make(start + $0) } }) { try write(made) }
      }
    }
    let reused = reusing.flatMap { $0.entries.count == documents.count ? $0 : nil }
    var layouts: [MatchingViewLayout?] = []
    layouts.reserveCapacity(documents.count)
    try inBatches { k -> (entry: [UInt8], textLength: Int, layout: MatchingViewLayout?, checksum: UInt64) in
      if let reused, let c = reused.entries[k], let stored = reused.cache.storedEntry(text: c) {
        return (stored.bytes, stored.entry.textLength, nil, stored.entry.checksum)
      }
      // The text's UTF-8, then its view's layout, under one length and checksum.
      let doc = documents[k]
      var entry = doc.text.map { ScalarUTF8.bytes($0.scalars) } ?? []
      let textLength = entry.count
      var layout: MatchingViewLayout?
      if let text = doc.text, let view = doc.view {
        layout = MatchingViewLayout(of: view, text: text)
        entry.append(contentsOf: RawColumn.bytes(layout!.words))
      }
      return (entry, textLength, layout, CacheChecksum.of(entry))
    } then: { m in
      layouts.append(m.layout)
      textChecksums.append((m.textLength, m.entry.count - m.textLength, m.checksum))
      try append(m.entry)
    }
    // Then each view's compact form with its layout, under a length and checksum of their own: checked
    // when the view is loaded, not with the texts at start-up (see `CompactEntry`).
    var compactChecksums: [(length: Int, checksum: UInt64)] = []
    let allLayouts = layouts
    try inBatches { k -> (entry: [UInt8], checksum: UInt64) in
      if let reused, let c = reused.entries[k], let stored = reused.cache.storedEntry(compact: c) {
        return (stored.bytes, stored.entry.checksum)
      }
      var entry: [UInt8] = []
      if let layout = allLayouts[k], let view = documents[k].view {
        entry = CompactEntry.bytes(layout: layout, view: CompactView(view))
      }
      return (entry, CacheChecksum.of(entry))
    } then: { m in
      compactChecksums.append((m.entry.count, m.checksum))
      try append(m.entry)
    }
    try flush()
    var header = BinaryWriter()
    header.write(identity)
    header.write(root)
    header.write(snapshotNs)
    header.write(UInt64(records.count))
    for ((r, t), c) in zip(zip(records, textChecksums), compactChecksums) {
      header.write(r.name)
      header.write(r.path)
      header.write(r.size)
      header.write(r.mtimeNs)
      header.write(r.entryHash)
      writeInfo(r.info, to: &header)
      header.write(UInt64(t.length))
      header.write(UInt64(t.layoutLength))
      header.write(t.checksum)
      header.write(UInt64(c.length))
      header.write(c.checksum)
    }
    // The three parts encoded side by side, then joined in order.
    let encoded = concurrentPieces(3, pieces: 3) { which in
      which.map { part -> [UInt8] in
        var w = BinaryWriter()
        switch part {
        case 0: writePart(index.fingerprints, to: &w)
        case 1: writePart(index.figures, to: &w)
        default: writePart(index.formulations, to: &w)
        }
        return w.bytes
      }
    }
    var parts: [UInt8] = []
    parts.reserveCapacity(encoded.reduce(0) { $0 + $1.count })
    for bytes in encoded { parts.append(contentsOf: bytes) }
    // Trailer: section sizes and checksums, then the end mark; read first, so truncation is caught at once.
    var trailer = BinaryWriter()
    trailer.write(UInt64(textsLength))
    trailer.write(UInt64(header.bytes.count))
    trailer.write(CacheChecksum.of(header.bytes))
    trailer.write(UInt64(parts.count))
    trailer.write(CacheChecksum.of(parts))
    try handle.write(contentsOf: header.bytes)
    try handle.write(contentsOf: parts)
    try handle.write(contentsOf: trailer.bytes)
    try handle.write(contentsOf: endMagic)
    // No fsync: a file torn by a crash fails its checksums and is rebuilt, so durability is not needed
    // for correctness, and syncing 100 MB took longer than writing it.
    try handle.close()
    guard rename(temp, path) == 0 else {
      throw CorpusCacheError.malformed("cannot rename \(temp) to \(path): \(String(cString: strerror(errno)))")
    }
    done = true
    removeCachesOfMissingCorpora(besides: path)
  }

  /// Removes the temporary files of `path` left by writers that no longer run (a process killed while
  /// writing cannot remove its own, and each may be as large as the cache). They were never renamed into
  /// place, so nothing ever read them; a file whose writer is alive is left alone.
  static func removeAbandonedTemporaryFiles(of path: String) {
    let dir = (path as NSString).deletingLastPathComponent
    let prefix = "." + (path as NSString).lastPathComponent + "."
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
      let middle = name.dropFirst(prefix.count).dropLast(4).split(separator: ".")
      guard middle.count == 2, let pid = Int32(middle[0]), pid != getpid() else { continue }
      if kill(pid, 0) != 0 && errno == ESRCH {
        try? FileManager.default.removeItem(atPath: (dir as NSString).appendingPathComponent(name))
      }
    }
  }

  /// Removes the caches beside `path` whose corpus directory no longer exists, so that the cache directory
  /// does not keep a file for every corpus ever checked (a moved or deleted corpus, a temporary one). Only
  /// files named as `file(forCorpus:)` names them are looked at; one that cannot be read is left alone, and
  /// a removed cache would only be rebuilt if its corpus came back.
  static func removeCachesOfMissingCorpora(besides path: String) {
    let dir = (path as NSString).deletingLastPathComponent
    let own = (path as NSString).lastPathComponent
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for name in names where name != own && name.hasPrefix("corpus-") && name.hasSuffix(".plcache") {
      let other = (dir as NSString).appendingPathComponent(name)
      guard let root = storedRoot(of: other) else { continue }
      var isDirectory: ObjCBool = false
      if !FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
        try? FileManager.default.removeItem(atPath: other)
      }
    }
  }

  /// The corpus directory a cache file was written for (the start of its header), or nil when the file is
  /// not a cache whose framing can be read.
  static func storedRoot(of path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    guard let (lead, sizes) = try? framing(fd, path: path, version: nil),
      let bytes = try? pread(fd, at: lead + Int(sizes[0]), count: Int(min(sizes[1], 1 << 16)))
    else { return nil }
    return bytes.withUnsafeBytes { raw -> String? in
      var r = BinaryReader(raw)
      guard (try? r.readString()) != nil else { return nil }
      return try? r.readString()
    }
  }

  static let trailerSize = 5 * 8

  /// Where a document's entry is in the texts section: its bytes (after the length prefix), how many of
  /// them are the text's UTF-8 (the rest is its view's layout), and their checksum.
  struct TextEntry: Sendable {
    var offset: Int
    var length: Int
    var textLength: Int
    var checksum: UInt64

    /// Whether `stored`, the entry as the file holds it (its 64-bit length, then its bytes), has this
    /// entry's length and checksum.
    func isIntact(_ stored: UnsafeRawBufferPointer) -> Bool {
      stored.count == 8 + length && UInt64(littleEndian: stored.loadUnaligned(as: UInt64.self)) == UInt64(length)
        && CacheChecksum.of(UnsafeRawBufferPointer(rebasing: stored[8...])) == checksum
    }
  }

  /// A document's view in its compact form, stored after all the texts so that loading it is a copy:
  /// decoding the views of the ~7,000 documents a draft made of corpus text touches was two thirds of
  /// the first lint after a start. The entry is the layout's word count and words (for the original
  /// indices), then `CompactView.storedForm`. About two bytes a character more in the file; the texts'
  /// start-up check does not read them.
  enum CompactEntry {
    static func bytes(layout: MatchingViewLayout, view: CompactView) -> [UInt8] {
      var bytes: [UInt8] = []
      withUnsafeBytes(of: UInt32(layout.words.count).littleEndian) { bytes += $0 }
      bytes += RawColumn.bytes(layout.words)
      bytes += view.storedForm
      return bytes
    }

    /// The view an entry holds, or nil when it does not hold one that fits a text of `originalCount`
    /// scalars.
    static func view(_ raw: UnsafeRawBufferPointer, originalCount: Int) -> CompactView? {
      guard raw.count >= 4 else { return nil }
      let words = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
      guard words <= (raw.count - 4) / 4,
        let layout = CorpusCache.layout(UnsafeRawBufferPointer(rebasing: raw[4..<(4 + 4 * words)]))
      else { return nil }
      return CompactView(
        storedForm: UnsafeRawBufferPointer(rebasing: raw[(4 + 4 * words)...]), layout: layout,
        originalCount: originalCount)
    }
  }

  /// A view layout from its little-endian bytes, or nil when they are not whole words.
  static func layout(_ raw: UnsafeRawBufferPointer) -> MatchingViewLayout? {
    guard !raw.isEmpty, let words: [UInt32] = RawColumn.values(raw) else { return nil }
    return MatchingViewLayout(words: words)
  }

  /// The lead's length and the trailer's section sizes and checksums (texts, header, its checksum, parts,
  /// theirs) of an open cache file, once its magic, end mark and sizes check out (and its format version is
  /// `version`, unless nil).
  static func framing(_ fd: Int32, path: String, version expected: UInt32?) throws(CorpusCacheError)
    -> (lead: Int, sizes: [UInt64])
  {
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw .malformed("cannot stat \(path)") }
    let fileSize = Int(st.st_size)
    let lead = magic.count + 4
    guard fileSize >= lead + trailerSize + endMagic.count else { throw .malformed("file is too short") }
    let head = try pread(fd, at: 0, count: lead)
    guard Array(head[0..<magic.count]) == magic else { throw .malformed("not a policylint corpus cache") }
    // Both reads are exactly as long as what is read from them.
    let version = head.withUnsafeBytes {
      UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self))
    }
    if let expected, version != expected { throw .stale("format \(version), expected \(expected)") }
    let tail = try pread(fd, at: fileSize - trailerSize - endMagic.count, count: trailerSize + endMagic.count)
    guard Array(tail[trailerSize...]) == endMagic else { throw .malformed("truncated (no end mark)") }
    let sizes = tail.withUnsafeBytes { raw in
      (0..<5).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: UInt64.self)) }
    }
    let limit = UInt64(fileSize)
    guard sizes[0] < limit, sizes[1] < limit, sizes[3] < limit,
      UInt64(lead + trailerSize + endMagic.count) + sizes[0] + sizes[1] + sizes[3] == limit
    else { throw .malformed("section sizes do not add up to the file size") }
    return (lead, sizes)
  }

  /// Opens a cache file, checks its framing and header, reads its records and starts decoding its index
  /// parts, on another thread when they are at least `concurrentFrom` bytes; nil when there is no file.
  static func read(
    path: String, root: String, concurrentFrom: Int = CachedCorpus.concurrentDecodeBytes,
    partBudget: DocumentPartPool.Budget = .unlimited
  ) throws -> CachedCorpus? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT { return nil }
      throw CorpusCacheError.malformed("cannot open \(path): \(String(cString: strerror(errno)))")
    }
    var owned = true
    defer { if owned { close(fd) } }
    let (lead, sizes) = try framing(fd, path: path, version: formatVersion)
    let textsLength = Int(sizes[0])
    let headerStart = lead + textsLength
    let headerBytes = try pread(fd, at: headerStart, count: Int(sizes[1]))
    guard CacheChecksum.of(headerBytes) == sizes[2] else { throw CorpusCacheError.malformed("header fails its checksum") }
    var parts: PartsDecoding?
    let (snapshotNs, records, offsets, compacts) = try headerBytes.withUnsafeBytes {
      raw throws -> (Int64, [Record], [TextEntry], [TextEntry]) in
      var h = BinaryReader(raw)
      let identity = try h.readString()
      guard identity == buildIdentity else { throw CorpusCacheError.stale("written by \(identity), this is \(buildIdentity)") }
      let cachedRoot = try h.readString()
      guard cachedRoot == root else { throw CorpusCacheError.stale("cache of \(cachedRoot), not \(root)") }
      // This build's cache of this corpus: its indexes are read and decoded from here on, on other threads
      // when they are large, while the records are read and the corpus scanned.
      parts = try PartsDecoding(
        fd: fd, offset: headerStart + Int(sizes[1]), count: Int(sizes[3]), checksum: sizes[4],
        concurrently: Int(sizes[3]) >= concurrentFrom)
      let snapshotNs = try h.readInt64()
      let count = try h.readCount(minimumElementSize: 64)
      var records: [Record] = []
      var offsets: [TextEntry] = []
      var compactLengths: [(length: Int, checksum: UInt64)] = []
      records.reserveCapacity(count)
      offsets.reserveCapacity(count)
      compactLengths.reserveCapacity(count)
      var textOffset = lead
      for _ in 0..<count {
        let name = try h.readString()
        let filePath = try h.readString()
        let size = try h.readUInt64()
        let mtime = try h.readInt64()
        let entry = try h.readUInt64()
        let info = try readInfo(&h)
        let textLength = try h.readUInt64()
        let layoutLength = try h.readUInt64()
        let checksum = try h.readUInt64()
        let compactLength = try h.readUInt64()
        let compactChecksum = try h.readUInt64()
        guard compactLength <= UInt64(textsLength) else {
          throw CorpusCacheError.malformed("a view overruns the texts")
        }
        compactLengths.append((Int(compactLength), compactChecksum))
        // Each entry is stored as a 64-bit length then its bytes (the text, then its view's layout); the
        // length is checked when the entry is read.
        guard textLength <= UInt64(textsLength), layoutLength <= UInt64(textsLength),
          textOffset + 8 + Int(textLength + layoutLength) <= lead + textsLength
        else {
          throw CorpusCacheError.malformed("texts overrun their section")
        }
        let length = Int(textLength + layoutLength)
        offsets.append(
          TextEntry(offset: textOffset + 8, length: length, textLength: Int(textLength), checksum: checksum))
        textOffset += 8 + length
        records.append(Record(name: name, path: filePath, size: size, mtimeNs: mtime, entryHash: entry, info: info))
      }
      // The compact views follow the texts, in the same order and stored the same way.
      var compacts: [TextEntry] = []
      compacts.reserveCapacity(count)
      for c in compactLengths {
        guard textOffset + 8 + c.length <= lead + textsLength else {
          throw CorpusCacheError.malformed("views overrun the texts section")
        }
        compacts.append(TextEntry(offset: textOffset + 8, length: c.length, textLength: c.length, checksum: c.checksum))
        textOffset += 8 + c.length
      }
      guard textOffset == lead + textsLength else { throw CorpusCacheError.malformed("texts section has trailing bytes") }
      return (snapshotNs, records, offsets, compacts)
    }
    guard let parts else { throw CorpusCacheError.malformed("no index parts") }
    owned = false
    return CachedCorpus(
      fd: fd, snapshotNs: snapshotNs, records: records, textOffsets: offsets, compactOffsets: compacts, parts: parts,
      partPool: DocumentPartPool(budget: partBudget.bytes(corpusBytes: records.reduce(0) { $0 + Int($1.size) })))
  }

  static func writeInfo(_ i: DocumentInfo, to w: inout BinaryWriter) {
    w.write(i.name)
    w.write(i.title)
    w.write(i.titleSource)
    w.write(i.date.year)
    w.write(i.date.month)
    w.write(i.date.day)
    w.write(i.dateSource)
    w.write(i.rank)
    w.write(i.encoding)
    w.write(i.characters)
    w.write(i.contentHash)
  }

  static func readInfo(_ r: inout BinaryReader) throws(CorpusCacheError) -> DocumentInfo {
    let name = try r.readString()
    let title = try r.readString()
    let titleSource = try r.readString()
    let date = SimpleDate(year: try r.readInt(), month: try r.readInt(), day: try r.readInt())
    let dateSource = try r.readString()
    let rank = try r.readInt()
    let encoding = try r.readString()
    let characters = try r.readInt()
    guard characters >= 0 else { throw .malformed("negative character count") }
    let hash = try r.readUInt64()
    return DocumentInfo(
      id: 0, path: "", name: name, title: title, titleSource: titleSource, date: date, dateSource: dateSource,
      rank: rank, encoding: encoding, characters: characters, contentHash: hash)
  }

  /// Tag before each part: 1 = the part's own binary encoding, 2 = a binary property list (read only), 3 = JSON.
  static func writePart<P: Codable>(_ part: P, to w: inout BinaryWriter) {
    if let b = part as? any CorpusCacheBinaryCodable {
      var inner = BinaryWriter()
      b.write(to: &inner)
      w.write(UInt8(1))
      w.write(bytes: inner.bytes)
      return
    }
    // JSON rather than a binary property list: with the duplicate family's index (100 MB corpus) JSON
    // decoded in 1.4 s against 2.0 s at the same size (policylint-bench `partEncodings`).
    // A part that cannot be encoded is stored empty-handed: the tag 0 makes the reader rebuild.
    guard let data = try? JSONEncoder().encode(part) else {
      w.write(UInt8(0))
      return
    }
    w.write(UInt8(3))
    w.write(bytes: data)
  }

  static func readPart<P: Codable>(_ type: P.Type, _ r: inout BinaryReader) throws -> P {
    let tag = try r.readUInt8()
    switch tag {
    case 1:
      guard let binary = type as? any CorpusCacheBinaryCodable.Type else {
        throw CorpusCacheError.stale("\(type) was cached in binary but no longer reads binary")
      }
      var inner = BinaryReader(try r.readBytes())
      inner.releaser = r.releaser
      guard let part = try binary.init(from: &inner) as? P else { throw CorpusCacheError.malformed("\(type)") }
      return part
    case 2:
      let bytes = try r.readBytes()
      return try PropertyListDecoder().decode(type, from: Data(bytes))
    case 3:
      let bytes = try r.readBytes()
      return try JSONDecoder().decode(type, from: Data(bytes))
    default:
      throw CorpusCacheError.malformed("\(type) was not cached (tag \(tag))")
    }
  }

  static func entryHash(_ entry: CorpusManifest.Entry?) -> UInt64 {
    guard let entry else { return 0 }
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return FNV1a.hash((try? encoder.encode(entry)) ?? Data())
  }

  /// The manifest `CorpusLoader.load` would use: `path`, else `policylint-manifest.json` in the directory.
  static func loadManifest(directory: String, path: String?) throws(PolicyLintError) -> CorpusManifest? {
    if let path { return try CorpusManifest.load(path) }
    let standard = (directory as NSString).appendingPathComponent(CorpusManifest.defaultFileName)
    return FileManager.default.fileExists(atPath: standard) ? try CorpusManifest.load(standard) : nil
  }

  static func nowNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
  }
}

#if canImport(Glibc)
  let Glibc_pread = Glibc.pread
#else
  let Glibc_pread = Darwin.pread
#endif

/// Times consecutive phases of a load, for `Outcome.timings`.
struct PhaseClock {
  private(set) var laps: [String: Double] = [:]
  private var last = DispatchTime.now().uptimeNanoseconds

  mutating func lap(_ name: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    laps[name, default: 0] += Double(now - last) / 1e9
    last = now
  }
}

/// A file's size and modification time in nanoseconds, from one `stat` call.
struct FileStamp: Equatable {
  var size: UInt64
  var mtimeNs: Int64

  /// The stamps of many files; a large corpus's are taken on all cores (a `stat` each was a sixth of a
  /// start from the cache for 10,000 documents).
  static func of(paths: [String]) -> [FileStamp?] {
    guard paths.count >= 1_000 else { return paths.map { of(path: $0) } }
    let slots = ResultSlots<FileStamp?>(count: paths.count)
    DispatchQueue.concurrentPerform(iterations: paths.count) { slots[$0] = .some(of(path: paths[$0])) }
    return paths.indices.map { slots[$0] ?? nil }
  }

  static func of(path: String) -> FileStamp? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    #if canImport(Darwin)
      let t = st.st_mtimespec
    #else
      let t = st.st_mtim
    #endif
    return FileStamp(size: UInt64(st.st_size), mtimeNs: Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec))
  }
}
