import Foundation
import XCTest

@testable import PolicyLint
@testable import PolicyText

/// The persistent corpus cache: reused when nothing changed, updated file by file, rebuilt (never trusted)
/// when damaged or written by another version.
final class CorpusCacheTests: XCTestCase {
  var corpus: URL!
  var cacheFile: String!

  let texts = [
    "a.txt": "关于加强基层治理的通知\n（2021年3月5日）\n各地要坚持和发展新时代“枫桥经验”，推进基层治理现代化。\n",
    "b.md": "# 全会公报\n\n全会由省委常委会主持。出席全会的有省委委员85人，候补委员17人。\n",
    "sub/c.txt": "2023年11月20日\n全会强调，要深入学习贯彻党的二十大精神，奋力谱写中国式现代化新篇章。\n",
  ]

  override func setUpWithError() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-cache-\(UUID().uuidString)")
    corpus = base.appendingPathComponent("corpus")
    try FileManager.default.createDirectory(at: corpus.appendingPathComponent("sub"), withIntermediateDirectories: true)
    for (name, text) in texts { try write(name, text, age: 60) }
    cacheFile = base.appendingPathComponent("cache/corpus.plcache").path
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: corpus.deletingLastPathComponent())
  }

  /// Writes a corpus file and dates it `age` seconds ago (old enough not to count as just modified).
  func write(_ name: String, _ text: String, age: TimeInterval) throws {
    let url = corpus.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    try setAge(name, age)
  }

  func setAge(_ name: String, _ age: TimeInterval) throws {
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: corpus.appendingPathComponent(name).path)
  }

  func load(manifest: String? = nil) throws -> (CorpusProvider.Provided, CorpusCache.Outcome) {
    try CorpusCache.load(directory: corpus.path, manifest: manifest, cacheFile: cacheFile)
  }

  /// What the checks see of each document: name, facts and the exact text and view.
  func summary(_ index: CorpusIndex) -> [String] {
    index.documents.map { d in
      let view = d.view.map { String(scalarSlice: $0.scalars) + "|" + $0.originalIndex.map(String.init).joined(separator: ",") }
      return "\(d.id) \(d.info.name) \(d.info.path) \(d.info.title) \(d.info.date) \(d.info.dateSource) \(d.info.rank) "
        + "\(d.info.characters) \(d.info.contentHash) \(d.text?.string ?? "-") \(view ?? "-")"
    }
  }

  func freshSummary(manifest: String? = nil) throws -> [String] {
    let loaded = try CorpusLoader.load(directory: corpus.path, manifest: manifest)
    return summary(CorpusIndex(documents: loaded.documents, origin: corpus.path))
  }

  /// The index parts as the cache encodes them: fingerprints, figure facts, formulations.
  func encodedParts(_ index: CorpusIndex) -> [[UInt8]] {
    var a = BinaryWriter()
    var b = BinaryWriter()
    var c = BinaryWriter()
    CorpusCache.writePart(index.fingerprints, to: &a)
    CorpusCache.writePart(index.figures, to: &b)
    CorpusCache.writePart(index.formulations, to: &c)
    return [a.bytes, b.bytes, c.bytes]
  }

  /// The loaded parts are those a build from scratch makes of the files as they are now (an update keeps
  /// the unchanged documents' fingerprints and figure facts and must not be told from a build).
  func assertPartsAsBuiltFromScratch(
    _ index: CorpusIndex, manifest: String? = nil, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let loaded = try CorpusLoader.load(directory: corpus.path, manifest: manifest)
    let fresh = CorpusIndex(documents: loaded.documents, origin: corpus.path)
    let (got, want) = (encodedParts(index), encodedParts(fresh))
    for (part, name) in ["fingerprints", "figures", "formulations"].enumerated() {
      XCTAssertTrue(
        got[part] == want[part], "\(name) differ from a build from scratch (\(got[part].count) against "
          + "\(want[part].count) bytes)", file: file, line: line)
    }
  }

  func testSecondLoadIsServedEntirelyFromTheCache() throws {
    let (first, o1) = try load()
    XCTAssertEqual(o1.kind, .rebuilt)
    XCTAssertEqual(o1.read, 3)
    XCTAssertTrue(FileManager.default.fileExists(atPath: cacheFile))
    let (second, o2) = try load()
    XCTAssertEqual(o2.kind, .hit, o2.reason)
    XCTAssertEqual(o2.reused, 3)
    XCTAssertEqual(o2.read, 0)
    XCTAssertEqual(summary(second.index), summary(first.index))
    XCTAssertEqual(summary(second.index), try freshSummary())
  }

  /// After a build, the documents read for it are let go: the loaded corpus reads its documents from the
  /// cache just written, like a start from the cache, and gives the same texts, views and facts.
  func testABuildHandsOverDocumentsReadFromTheCacheItWrote() throws {
    let (built, outcome) = try load()
    XCTAssertEqual(outcome.kind, .rebuilt)
    XCTAssertTrue(built.index.documents.allSatisfy { $0.loadedParts == (false, false, false) })
    XCTAssertTrue(built.index.documents.allSatisfy { !$0.isTextLoaded && $0.hasText })
    XCTAssertEqual(summary(built.index), try freshSummary())
    // Without a cache written (its directory would be a file), the documents read are kept.
    let (kept, _) = try CorpusCache.load(
      directory: corpus.path, manifest: nil, cacheFile: corpus.appendingPathComponent("a.txt/cache.plcache").path)
    XCTAssertFalse(kept.warnings.filter { $0.contains("could not write the corpus cache") }.isEmpty, "\(kept.warnings)")
    XCTAssertTrue(kept.index.documents.allSatisfy { $0.isTextLoaded })
    XCTAssertEqual(summary(kept.index), try freshSummary())
  }

  func testChangedFileIsReadAgainAndTheOthersAreReused() throws {
    _ = try load()
    try write("b.md", "# 全会公报\n\n出席全会的有省委委员79人，候补委员15人。\n", age: 30)
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.kind, .updated)
    XCTAssertEqual(outcome.read, 1)
    XCTAssertEqual(outcome.reused, 2)
    XCTAssertTrue(provided.index.documents.contains { $0.text?.string.contains("79人") == true })
    XCTAssertEqual(summary(provided.index), try freshSummary())
    XCTAssertTrue(outcome.reason.contains("indexes updated"), outcome.reason)
    try assertPartsAsBuiltFromScratch(provided.index)
    XCTAssertEqual(try load().1.kind, .hit)
  }

  /// A caller that can work with the corpus as it was (the server) is handed the cached index before a
  /// rebuild: the documents, texts and index parts exactly as they were cached. Never on a hit, never
  /// without a cache, never from a damaged one.
  func testAChangedCorpusHandsOutTheCachedIndexBeforeTheRebuild() throws {
    final class Handed: @unchecked Sendable {
      let lock = NSLock()
      var indexes: [CorpusIndex] = []
      func add(_ index: CorpusIndex) { lock.withLock { indexes.append(index) } }
      var all: [CorpusIndex] { lock.withLock { indexes } }
    }
    func load(_ handed: Handed) throws -> (CorpusProvider.Provided, CorpusCache.Outcome) {
      try CorpusCache.load(directory: corpus.path, manifest: nil, cacheFile: cacheFile, interim: handed.add)
    }
    let none = Handed()
    let (original, o1) = try load(none)
    XCTAssertEqual(o1.kind, .rebuilt)
    XCTAssertEqual(try load(none).1.kind, .hit)
    XCTAssertTrue(none.all.isEmpty, "neither a first build nor a hit hands out an interim index")

    let before = summary(original.index)
    let beforeSlogans = original.index.formulations.formulations.map(\.text)
    try FileManager.default.removeItem(at: corpus.appendingPathComponent("a.txt"))
    try write("b.md", "# 全会公报\n\n出席全会的有省委委员79人，候补委员15人。\n", age: 30)
    let handed = Handed()
    let (updated, o2) = try load(handed)
    XCTAssertEqual(o2.kind, .updated)
    XCTAssertEqual(handed.all.count, 1)
    let interim = try XCTUnwrap(handed.all.first)
    XCTAssertEqual(summary(interim), before, "the corpus as cached: the removed file and the old text included")
    XCTAssertEqual(interim.formulations.formulations.map(\.text), beforeSlogans)
    XCTAssertEqual(summary(updated.index), try freshSummary())

    // A truncated cache is rebuilt without an interim index.
    try write("b.md", "# 全会公报\n\n出席全会的有省委委员80人。\n", age: 30)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
    try bytes.prefix(bytes.count - 16).write(to: URL(fileURLWithPath: cacheFile))
    let damaged = Handed()
    let (rebuilt, o3) = try load(damaged)
    XCTAssertEqual(o3.kind, .rebuilt, o3.reason)
    XCTAssertTrue(damaged.all.isEmpty)
    XCTAssertEqual(summary(rebuilt.index), try freshSummary())
  }

  /// The update on real documents (`../shared/corpus`, noisy newspaper and PDF extractions, copied to a
  /// temporary corpus): after an edit in the middle of a document, a removal and an addition, the parts are
  /// those of a build from scratch.
  func testAnUpdateOfTheSharedCorpusEqualsABuildFromScratch() throws {
    try SharedData.require()
    for name in texts.keys { try FileManager.default.removeItem(at: corpus.appendingPathComponent(name)) }
    let names = try FileManager.default.contentsOfDirectory(atPath: SharedData.corpus.path).sorted()
      .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }
    XCTAssertGreaterThanOrEqual(names.count, 3)
    for name in names {
      let text = try String(contentsOf: SharedData.corpus.appendingPathComponent(name), encoding: .utf8)
      try write(name, text, age: 60)
      // A reprint of each, so the recurring-clause and near-copy parts have material.
      try write("reprint-" + name, String(text.prefix(text.count / 2)), age: 60)
    }
    let (built, o1) = try load()
    XCTAssertEqual(o1.kind, .rebuilt)
    XCTAssertFalse(built.index.fingerprints.isEmpty)
    XCTAssertFalse(built.index.figures.counts.isEmpty, "the shared corpus states counts")
    // An edit in the middle of the first document, the last removed, a new one in front (which moves the
    // ids of all the others).
    let first = corpus.appendingPathComponent(names[0])
    var text = try String(contentsOf: first, encoding: .utf8)
    text.insert(
      contentsOf: "会议强调，要坚定不移推进全面从严治党，出席会议的有委员九十九人。",
      at: text.index(text.startIndex, offsetBy: text.count / 2))
    try write(names[0], text, age: 30)
    try FileManager.default.removeItem(at: corpus.appendingPathComponent("reprint-" + names[names.count - 1]))
    try write("0-new.txt", String(text.suffix(text.count / 3)), age: 30)
    let (updated, o2) = try load()
    XCTAssertEqual(o2.kind, .updated)
    XCTAssertEqual(o2.read, 2)
    XCTAssertTrue(o2.reason.contains("indexes updated"), o2.reason)
    XCTAssertEqual(summary(updated.index), try freshSummary())
    try assertPartsAsBuiltFromScratch(updated.index)
  }

  func testSameSizeEditIsNoticedThroughTheModificationTime() throws {
    _ = try load()
    // Same byte count, different bytes: only the time and the hash tell.
    try write("b.md", texts["b.md"]!.replacingOccurrences(of: "85", with: "79"), age: 20)
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.read, 1)
    XCTAssertEqual(summary(provided.index), try freshSummary())
    try assertPartsAsBuiltFromScratch(provided.index)
  }

  func testTouchedFileWithTheSameBytesKeepsItsCachedText() throws {
    _ = try load()
    try setAge("a.txt", 10)
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.kind, .updated)
    XCTAssertEqual(outcome.read, 0)
    XCTAssertEqual(outcome.reused, 3)
    XCTAssertEqual(summary(provided.index), try freshSummary())
    XCTAssertEqual(try load().1.kind, .hit, "the new time was recorded")
  }

  func testRecentlyModifiedFileIsVerifiedByContentNotTrustedByTime() throws {
    _ = try load()
    // Written within the same instant as the snapshot: a coarse clock could hide a second edit, so the
    // cache checks the bytes even though size and time match.
    try write("a.txt", texts["a.txt"]!.replacingOccurrences(of: "枫桥", with: "浦江"), age: 0)
    let stamp = try XCTUnwrap(FileStamp.of(path: corpus.appendingPathComponent("a.txt").path))
    _ = try load()
    try write("a.txt", texts["a.txt"]!.replacingOccurrences(of: "枫桥", with: "桐乡"), age: 0)
    let after = try XCTUnwrap(FileStamp.of(path: corpus.appendingPathComponent("a.txt").path))
    let (provided, outcome) = try load()
    XCTAssertTrue(stamp.mtimeNs <= after.mtimeNs)
    XCTAssertTrue(provided.index.documents.contains { $0.text?.string.contains("桐乡") == true }, outcome.reason)
  }

  func testAddedAndRemovedFilesAreFollowed() throws {
    _ = try load()
    try FileManager.default.removeItem(at: corpus.appendingPathComponent("a.txt"))
    try write("d.txt", "新增文件。要统筹发展和安全。\n", age: 30)
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.kind, .updated)
    XCTAssertEqual(outcome.read, 1)
    XCTAssertEqual(provided.index.documents.map(\.info.name), ["b.md", "d.txt", "sub/c.txt"])
    XCTAssertEqual(provided.index.documents.map(\.id), [0, 1, 2])
    XCTAssertEqual(summary(provided.index), try freshSummary())
    try assertPartsAsBuiltFromScratch(provided.index)
  }

  func testManifestChangeReReadsOnlyTheDocumentItNames() throws {
    let manifestURL = corpus.deletingLastPathComponent().appendingPathComponent("manifest.json")
    try Data(#"{"version":1,"documents":[{"file":"b.md","title":"旧标题","date":"2023-11-20"}]}"#.utf8).write(to: manifestURL)
    _ = try load(manifest: manifestURL.path)
    try Data(#"{"version":1,"documents":[{"file":"b.md","title":"新标题","date":"2023-11-21","rank":5}]}"#.utf8).write(to: manifestURL)
    let (provided, outcome) = try load(manifest: manifestURL.path)
    XCTAssertEqual(outcome.read, 1)
    let b = try XCTUnwrap(provided.index.documents.first { $0.info.name == "b.md" })
    XCTAssertEqual(b.info.title, "新标题")
    XCTAssertEqual(b.info.rank, 5)
    XCTAssertEqual(summary(provided.index), try freshSummary(manifest: manifestURL.path))
    try assertPartsAsBuiltFromScratch(provided.index, manifest: manifestURL.path)
  }

  /// Documents whose figures are facts (counts at a meeting, a dated meeting, an anniversary): an update
  /// keeps the unchanged ones' facts under their new ids, drops the removed ones' and reads the changed
  /// ones', in corpus order, as a build from scratch would.
  func testAnUpdateKeepsTheFactsOfUnchangedDocumentsUnderTheirNewIds() throws {
    let meeting = { (n: String, day: Int, members: Int) in
      "中国共产党某某省第十二届委员会第\(n)次全体会议公报\n（2023年11月\(day)日）\n"
        + "中国共产党某某省第十二届委员会第\(n)次全体会议，于2023年11月\(day)日在省会举行。"
        + "出席全会的有省委委员\(members)人，候补委员17人。明年是中俄建交75周年。\n"
    }
    for (k, name) in ["m1.txt", "m3.txt", "m5.txt", "m7.txt"].enumerated() {
      try write(name, meeting(["二", "三", "四", "五"][k], 10 + k, 80 + k), age: 60)
    }
    let (built, o1) = try load()
    XCTAssertEqual(o1.kind, .rebuilt)
    XCTAssertGreaterThanOrEqual(built.index.figures.counts.count, 4, "the fixture must state counts")
    XCTAssertGreaterThanOrEqual(built.index.figures.meetings.count, 4, "and dated meetings")
    XCTAssertGreaterThanOrEqual(built.index.figures.anniversaries.count, 4, "and anniversaries")
    // Shift every later id: a file added in front, one removed from the middle, one changed.
    try write("0-first.txt", meeting("六", 20, 90), age: 30)
    try FileManager.default.removeItem(at: corpus.appendingPathComponent("m3.txt"))
    try write("m5.txt", meeting("四", 12, 66), age: 30)
    let (updated, o2) = try load()
    XCTAssertEqual(o2.kind, .updated)
    XCTAssertEqual(o2.read, 2)
    XCTAssertTrue(o2.reason.contains("indexes updated"), o2.reason)
    XCTAssertTrue(updated.index.figures.counts.contains { $0.value == 66 })
    XCTAssertFalse(updated.index.figures.counts.contains { $0.value == 81 }, "m3.txt is gone")
    XCTAssertEqual(summary(updated.index), try freshSummary())
    try assertPartsAsBuiltFromScratch(updated.index)
    // And from the updated cache, as written.
    let (again, o3) = try load()
    XCTAssertEqual(o3.kind, .hit)
    try assertPartsAsBuiltFromScratch(again.index)
    // The unchanged documents' stored texts and views were copied: the same bytes a build from scratch writes.
    let scratchFile = cacheFile + ".scratch"
    _ = try CorpusCache.load(directory: corpus.path, manifest: nil, cacheFile: scratchFile)
    let root = URLPath.resolve(corpus.path)
    let copied = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root))
    let scratch = try XCTUnwrap(try CorpusCache.read(path: scratchFile, root: root))
    XCTAssertEqual(copied.records.count, 7)
    for i in copied.records.indices {
      XCTAssertEqual(copied.storedEntry(text: i)?.bytes, scratch.storedEntry(text: i)?.bytes, "text \(i)")
      XCTAssertEqual(copied.storedEntry(compact: i)?.bytes, scratch.storedEntry(compact: i)?.bytes, "view \(i)")
      XCTAssertEqual(copied.textOffsets[i].checksum, scratch.textOffsets[i].checksum)
      XCTAssertEqual(copied.compactOffsets[i].checksum, scratch.compactOffsets[i].checksum)
    }
  }

  func testTruncatedCacheIsRebuiltNotTrusted() throws {
    let (first, _) = try load()
    let data = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
    for cut in [0, 5, 12, data.count / 3, data.count / 2, data.count - 9, data.count - 1] {
      try data.prefix(cut).write(to: URL(fileURLWithPath: cacheFile))
      let (provided, outcome) = try load()
      XCTAssertEqual(outcome.kind, .rebuilt, "cut at \(cut)")
      XCTAssertTrue(outcome.reason.contains("malformed"), outcome.reason)
      XCTAssertEqual(summary(provided.index), summary(first.index), "cut at \(cut)")
    }
  }

  /// Each document's compact view, read before anything else of it (read after its view, it is made from
  /// the view).
  func compactSummary(_ index: CorpusIndex) -> [String] {
    index.documents.map { d in
      d.compactView.map { c in
        String(scalarSlice: (0..<c.count).map { c[$0] }) + "|" + c.originalIndex.map(String.init).joined(separator: ",")
      } ?? "-"
    }
  }

  func testGarbledCacheNeverYieldsAWrongCorpus() throws {
    _ = try load()
    let (first, _) = try load()
    let expectedCompact = compactSummary(first.index)
    let expected = summary(first.index)
    let original = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
    // The compact views are checked when loaded, not at start-up (they are derived from the texts, which
    // are): a garbled one is decoded from its text instead.
    let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: URLPath.resolve(corpus.path)))
    let last = try XCTUnwrap(cached.compactOffsets.last)
    let views = (cached.compactOffsets[0].offset - 8)..<(last.offset + last.length)
    var inViews = 0
    // Flip one byte at a time across the whole file (every section is covered by a checksum), and across the
    // views, which a small corpus's fixed-size parts (the fingerprint directory) outweigh.
    let positions =
      Set(stride(from: 0, to: original.count, by: max(1, original.count / 150)))
      .union(stride(from: views.lowerBound, to: views.upperBound, by: max(1, views.count / 20)))
    for position in positions.sorted() {
      var garbled = original
      garbled[position] ^= 0x5A
      try garbled.write(to: URL(fileURLWithPath: cacheFile))
      let (provided, outcome) = try load()
      XCTAssertEqual(compactSummary(provided.index), expectedCompact, "byte \(position) of \(original.count)")
      XCTAssertEqual(summary(provided.index), expected, "byte \(position) of \(original.count)")
      if views.contains(position) {
        inViews += 1
      } else {
        XCTAssertNotEqual(outcome.kind, .hit, "byte \(position): a garbled cache was used as is")
      }
    }
    XCTAssertGreaterThan(inViews, 5, "bytes of the compact views are garbled too")
  }

  func testCacheOfAnotherFormatVersionIsRebuilt() throws {
    _ = try load()
    var data = try Data(contentsOf: URL(fileURLWithPath: cacheFile))
    // The format version follows the 8-byte magic, little-endian.
    data[8] = UInt8(truncatingIfNeeded: CorpusCache.formatVersion + 1)
    try data.write(to: URL(fileURLWithPath: cacheFile))
    let (_, outcome) = try load()
    XCTAssertEqual(outcome.kind, .rebuilt)
    XCTAssertTrue(outcome.reason.contains("another version"), outcome.reason)
    XCTAssertEqual(try load().1.kind, .hit)
  }

  func testCacheWrittenByAnotherBuildIsRebuilt() throws {
    let (provided, _) = try load()
    let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: URLPath.resolve(corpus.path)))
    try CorpusCache.write(
      path: cacheFile, root: URLPath.resolve(corpus.path), snapshotNs: cached.snapshotNs, records: cached.records,
      index: provided.index, identity: "policylint 0.0.1 exe 1@1")
    let (_, outcome) = try load()
    XCTAssertEqual(outcome.kind, .rebuilt)
    XCTAssertTrue(outcome.reason.contains("policylint 0.0.1"), outcome.reason)
  }

  func testCacheOfAnotherCorpusIsNotUsed() throws {
    _ = try load()
    let other = corpus.deletingLastPathComponent().appendingPathComponent("other")
    try FileManager.default.copyItem(at: corpus, to: other)
    let (provided, outcome) = try CorpusCache.load(directory: other.path, manifest: nil, cacheFile: cacheFile)
    XCTAssertEqual(outcome.kind, .rebuilt)
    XCTAssertTrue(provided.index.documents.allSatisfy { $0.info.path.hasPrefix(URLPath.resolve(other.path)) })
  }

  func testUnwritableCacheLocationIsAWarningNotAnError() throws {
    let blocker = corpus.deletingLastPathComponent().appendingPathComponent("blocker")
    try Data("not a directory".utf8).write(to: blocker)
    let (provided, outcome) = try CorpusCache.load(
      directory: corpus.path, manifest: nil, cacheFile: blocker.appendingPathComponent("x.plcache").path)
    XCTAssertEqual(provided.index.documents.count, 3)
    XCTAssertEqual(outcome.kind, .rebuilt)
    XCTAssertTrue(provided.warnings.contains { $0.contains("could not write the corpus cache") }, "\(provided.warnings)")
  }

  func testNoTemporaryFilesAreLeftBehind() throws {
    _ = try load()
    try write("a.txt", "改过的文本。\n", age: 30)
    _ = try load()
    let dir = (cacheFile as NSString).deletingLastPathComponent
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["corpus.plcache"])
  }

  func testCacheLocationFollowsTheEnvironment() {
    let corpusPath = "/srv/archive/公报"
    let explicit = CorpusCache.file(forCorpus: corpusPath, environment: ["POLICYLINT_CACHE_DIR": "/c", "HOME": "/h"])
    XCTAssertTrue(explicit.hasPrefix("/c/corpus-"), explicit)
    XCTAssertTrue(explicit.hasSuffix(".plcache"))
    let xdg = CorpusCache.file(forCorpus: corpusPath, environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"])
    XCTAssertTrue(xdg.hasPrefix("/x/policylint/corpus-"), xdg)
    let home = CorpusCache.file(forCorpus: corpusPath, environment: ["HOME": "/h"])
    XCTAssertTrue(home.hasPrefix("/h/.cache/policylint/corpus-"), home)
    // A relative XDG_CACHE_HOME is invalid per the XDG spec and ignored.
    XCTAssertTrue(CorpusCache.file(forCorpus: corpusPath, environment: ["XDG_CACHE_HOME": "rel", "HOME": "/h"]).hasPrefix("/h/.cache/"))
    XCTAssertNotEqual(
      CorpusCache.file(forCorpus: "/a/corpus", environment: ["HOME": "/h"]),
      CorpusCache.file(forCorpus: "/b/corpus", environment: ["HOME": "/h"]))
  }

  func testEnvironmentCanTurnTheCacheOff() {
    XCTAssertTrue(CorpusCache.disabledByEnvironment(["POLICYLINT_NO_CACHE": "1"]))
    XCTAssertFalse(CorpusCache.disabledByEnvironment(["POLICYLINT_NO_CACHE": "0"]))
    XCTAssertFalse(CorpusCache.disabledByEnvironment([:]))
  }

  func testProviderWithoutCacheLeavesNoCacheAndReportsNone() throws {
    let provided = try CorpusProvider.load(directory: corpus.path, manifest: nil, useCache: false)
    XCTAssertNil(provided.cache)
    XCTAssertEqual(summary(provided.index), try freshSummary())
  }

  func testCachedTextsAreDecodedOnlyWhenACheckAsksForThem() throws {
    _ = try load()
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.kind, .hit)
    XCTAssertTrue(provided.index.documents.allSatisfy { !$0.isTextLoaded }, "a start-up decodes no text")
    XCTAssertEqual(summary(provided.index), try freshSummary())
    XCTAssertTrue(provided.index.documents.allSatisfy { $0.isTextLoaded })
  }

  /// Each cached text carries its view's layout, which rebuilds exactly the view built from the text (so a
  /// start from the cache folds no corpus text again).
  func testCachedViewsComeFromTheirLayouts() throws {
    _ = try load()
    let root = URL(fileURLWithPath: corpus.path).resolvingSymlinksInPath().path
    let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root))
    XCTAssertEqual(cached.records.count, texts.count)
    for (i, entry) in cached.textOffsets.enumerated() {
      let bytes = try XCTUnwrap(cached.verifiedText(i))
      XCTAssertGreaterThan(bytes.count, entry.textLength, "entry \(i) has a layout")
      let entryBytes = Array(bytes)
      let text = SourceText(String(decoding: entryBytes[..<entry.textLength], as: UTF8.self))
      let layout = try XCTUnwrap(
        entryBytes.withUnsafeBytes { CorpusCache.layout(UnsafeRawBufferPointer(rebasing: $0[entry.textLength...])) })
      let view = try XCTUnwrap(MatchingView(text, layout: layout), "entry \(i)")
      XCTAssertEqual(view.scalars, MatchingView(text).scalars)
      XCTAssertEqual(view.originalIndex, MatchingView(text).originalIndex)
    }
    XCTAssertNil([UInt8]([1, 2, 3]).withUnsafeBytes { CorpusCache.layout($0) }, "not whole words")
    XCTAssertNil([UInt8]().withUnsafeBytes { CorpusCache.layout($0) }, "no layout")
  }

  /// The start-up check of every text, made in large reads, gives the verdicts of checking each alone: all
  /// intact, then exactly the entry garbled in place.
  func testCheckingAllTextsAtOnceAgreesWithCheckingEachAlone() throws {
    _ = try load()
    let root = URL(fileURLWithPath: corpus.path).resolvingSymlinksInPath().path
    let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root))
    XCTAssertEqual(cached.verifyAll(), cached.textOffsets.indices.map { cached.verify($0) })
    XCTAssertTrue(cached.verifyAll().allSatisfy { $0 })
    // Garble the middle of the second entry in place (the descriptor read above sees it).
    let entry = cached.textOffsets[1]
    let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: cacheFile))
    let at = UInt64(entry.offset + entry.length / 2)
    try handle.seek(toOffset: at)
    let byte = try XCTUnwrap(try handle.read(upToCount: 1)?.first)
    try handle.seek(toOffset: at)
    try handle.write(contentsOf: Data([~byte]))
    try handle.close()
    let verdicts = cached.verifyAll()
    XCTAssertEqual(verdicts, cached.textOffsets.indices.map { cached.verify($0) })
    XCTAssertEqual(verdicts.indices.filter { !verdicts[$0] }, [1])
  }

  /// A check reading a cached document's view (as the reuse check does for thousands) decodes its text
  /// only to rebuild the view and does not keep it; the text is decoded when asked for, and kept by the
  /// corpus's pool, not by the document.
  func testReadingACachedViewDoesNotKeepTheText() throws {
    _ = try load()
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.kind, .hit)
    let fresh = try CorpusLoader.load(directory: corpus.path, manifest: nil).documents
    for doc in provided.index.documents {
      XCTAssertTrue(doc.hasText)
      let view = try XCTUnwrap(doc.view)
      XCTAssertTrue(doc.loadedParts == (false, true, false), doc.info.name)
      let expected = try XCTUnwrap(fresh.first { $0.info.name == doc.info.name }?.view)
      XCTAssertEqual(view.scalars, expected.scalars)
      XCTAssertEqual(view.originalIndex, expected.originalIndex)
      XCTAssertEqual(doc.text?.string, texts[doc.info.name])
      XCTAssertTrue(doc.loadedParts == (false, true, false), doc.info.name)
    }
  }

  /// The reuse check reads cached documents through their compact views, loaded without the view or the
  /// text, and reading what the views read.
  func testReadingACachedCompactViewLoadsNothingElse() throws {
    _ = try load()
    let (provided, outcome) = try load()
    XCTAssertEqual(outcome.kind, .hit)
    let fresh = try CorpusLoader.load(directory: corpus.path, manifest: nil).documents
    for doc in provided.index.documents {
      let compact = try XCTUnwrap(doc.compactView)
      XCTAssertTrue(doc.loadedParts == (false, false, true), doc.info.name)
      let expected = try XCTUnwrap(fresh.first { $0.info.name == doc.info.name }?.view)
      XCTAssertEqual((0..<compact.count).map { compact[$0] }, expected.scalars, doc.info.name)
      XCTAssertEqual(compact.originalIndex, expected.originalIndex, doc.info.name)
      XCTAssertEqual(compact.originalCount, expected.originalCount, doc.info.name)
    }
  }

  /// A cached document keeps neither its compact view nor its text: the corpus's pool keeps those read most
  /// recently within its budget, and with none, each read loads them again. Either way a lint gives the
  /// findings of a corpus read from its files, the first time and the next.
  func testCompactViewsAndTextsAreKeptByThePoolWithinItsBudget() throws {
    let source = "全会指出，要聚焦解决重点难点问题深入推进我省城乡融合发展，着力写好“四个融合”大文章。"
      + "要着眼解决流通不畅问题促进要素融合，着眼解决联动不足问题促进产业融合。"
    try write("d.txt", "2023年11月20日\n" + source + "\n", age: 60)
    _ = try load()
    let root = URLPath.resolve(corpus.path)
    for budget in [0, 1 << 20] {
      let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root, partBudget: .bytes(budget)))
      let documents = cached.records.indices.map { cached.document($0, path: "/x/\($0)") }
      for _ in 0..<2 {
        for doc in documents { XCTAssertNotNil(doc.compactView) }
        XCTAssertEqual(cached.partPool.count, budget == 0 ? 0 : documents.count)
      }
      for _ in 0..<2 {
        for doc in documents { XCTAssertNotNil(doc.text) }
        XCTAssertEqual(cached.partPool.count, budget == 0 ? 0 : 2 * documents.count)
      }
      XCTAssertTrue(documents.allSatisfy { $0.loadedParts == (false, false, true) })
    }
    let draft = SourceText("会议强调，" + source.dropFirst(5) + "\n其他内容另行部署。")
    let files = try CorpusLoader.load(directory: corpus.path, manifest: nil).documents
    let fresh = CorpusIndex(documents: files, origin: corpus.path)
    let expected = Linter(corpus: fresh).lint(
      DraftDocument(path: "/drafts/d.txt", text: draft, corpus: fresh), configuration: Configuration())
    XCTAssertTrue(expected.contains { $0.code == "duplicate/reuse" })
    for budget in [0, 100, 1 << 20] {
      let (provided, outcome) = try CorpusCache.load(
        directory: corpus.path, manifest: nil, cacheFile: cacheFile, partBudget: .bytes(budget))
      XCTAssertEqual(outcome.kind, .hit)
      for round in 0..<2 {
        let findings = Linter(corpus: provided.index).lint(
          DraftDocument(path: "/drafts/d.txt", text: draft, corpus: provided.index), configuration: Configuration())
        XCTAssertEqual(findings, expected, "budget \(budget), lint \(round + 1)")
      }
    }
  }

  /// A compact view is copied from its stored form, not decoded from the text: with its document's text
  /// garbled in place after the start, it still loads alone. With its stored form garbled instead, it is
  /// decoded from the text and its layout, and reads the same.
  func testCompactViewsLoadFromTheirStoredFormAndFallBackToTheText() throws {
    _ = try load()
    let fresh = try CorpusLoader.load(directory: corpus.path, manifest: nil).documents
    let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: URLPath.resolve(corpus.path)))
    for garbleText in [true, false] {
      let (provided, outcome) = try load()
      XCTAssertEqual(outcome.kind, .hit)
      let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: cacheFile))
      for i in cached.records.indices {
        let entry = garbleText ? cached.textOffsets[i] : cached.compactOffsets[i]
        XCTAssertGreaterThan(entry.length, 0)
        try handle.seek(toOffset: UInt64(entry.offset + entry.length / 2))
        try handle.write(contentsOf: Data([0xFF, 0xFE]))
      }
      try handle.close()
      for doc in provided.index.documents {
        let compact = try XCTUnwrap(doc.compactView, doc.info.name)
        XCTAssertTrue(doc.loadedParts == (false, false, true), doc.info.name)
        let expected = try XCTUnwrap(fresh.first { $0.info.name == doc.info.name }?.view)
        XCTAssertEqual((0..<compact.count).map { compact[$0] }, expected.scalars, doc.info.name)
        XCTAssertEqual(compact.originalIndex, expected.originalIndex, doc.info.name)
      }
      try FileManager.default.removeItem(atPath: cacheFile)
      _ = try load()
    }
  }

  /// Index parts not wanted (the corpus changed, so they are rebuilt) are let go, not kept beside the new ones.
  func testUnwantedIndexPartsAreLetGo() throws {
    _ = try load()
    let cached = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: URLPath.resolve(corpus.path)))
    cached.discardParts()
    XCTAssertThrowsError(try cached.parts())
    // Decoded on another thread (as a large corpus's are), then let go, or taken.
    let root = URLPath.resolve(corpus.path)
    let concurrent = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root, concurrentFrom: 0))
    concurrent.discardParts()
    XCTAssertThrowsError(try concurrent.parts())
    let taken = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root, concurrentFrom: 0)).parts()
    let serial = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root)).parts()
    func encoded(_ parts: CorpusCache.Parts) -> [[UInt8]] {
      var a = BinaryWriter()
      var b = BinaryWriter()
      var c = BinaryWriter()
      parts.fingerprints.write(to: &a)
      parts.figures.write(to: &b)
      parts.formulations.write(to: &c)
      return [a.bytes, b.bytes, c.bytes]
    }
    XCTAssertFalse(taken.fingerprints.isEmpty)
    XCTAssertEqual(encoded(taken), encoded(serial))
    // No descriptor is left open by parts let go, taken or never asked for.
    func openDescriptors() -> Int {
      (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
    }
    let before = openDescriptors()
    for _ in 0..<20 {
      try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root)).discardParts()
      try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root, concurrentFrom: 0)).discardParts()
      _ = try XCTUnwrap(try CorpusCache.read(path: cacheFile, root: root))
    }
    if before > 0 { XCTAssertLessThanOrEqual(openDescriptors(), before) }
  }

  /// Writing a cache removes the caches beside it whose corpus directory is gone, and nothing else.
  func testCachesOfCorporaThatAreGoneAreRemoved() throws {
    let base = corpus.deletingLastPathComponent()
    let environment = ["POLICYLINT_CACHE_DIR": base.appendingPathComponent("shared-cache").path]
    func corpusCopy(_ name: String) throws -> String {
      let dir = base.appendingPathComponent(name)
      try FileManager.default.copyItem(at: corpus, to: dir)
      return dir.path
    }
    let kept = try corpusCopy("kept")
    let gone = try corpusCopy("gone")
    let keptCache = CorpusCache.file(forCorpus: kept, environment: environment)
    let goneCache = CorpusCache.file(forCorpus: gone, environment: environment)
    for dir in [gone, kept] {
      let file = CorpusCache.file(forCorpus: dir, environment: environment)
      _ = try CorpusCache.load(directory: dir, manifest: nil, cacheFile: file)
    }
    XCTAssertEqual(CorpusCache.storedRoot(of: goneCache), URLPath.resolve(gone))
    let cacheDir = (keptCache as NSString).deletingLastPathComponent
    let unreadable = (cacheDir as NSString).appendingPathComponent("corpus-garbage-1.plcache")
    let other = (cacheDir as NSString).appendingPathComponent("notes.txt")
    try Data("not a cache".utf8).write(to: URL(fileURLWithPath: unreadable))
    try Data("not a cache".utf8).write(to: URL(fileURLWithPath: other))
    try FileManager.default.removeItem(atPath: gone)
    // A change to the kept corpus rewrites its cache, and the gone corpus's cache goes with it.
    try Data("新增材料。\n".utf8).write(to: URL(fileURLWithPath: kept).appendingPathComponent("d.txt"))
    let (_, outcome) = try CorpusCache.load(directory: kept, manifest: nil, cacheFile: keptCache)
    XCTAssertEqual(outcome.kind, .updated)
    XCTAssertFalse(FileManager.default.fileExists(atPath: goneCache))
    for path in [keptCache, unreadable, other] { XCTAssertTrue(FileManager.default.fileExists(atPath: path), path) }
  }

  func testCachedTextDamagedAfterStartUpIsReadFromTheFileInstead() throws {
    _ = try load()
    let (provided, _) = try load()
    // Garble the cache in place (same inode) after the load verified it: the text is read from disk.
    let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: cacheFile))
    try handle.seek(toOffset: 20)
    try handle.write(contentsOf: Data(repeating: 0x41, count: 64))
    try handle.close()
    XCTAssertEqual(summary(provided.index), try freshSummary())
  }

  func testDocumentsAreFoundByPathAndByContentHash() throws {
    let (provided, _) = try load()
    let index = provided.index
    let b = try XCTUnwrap(index.documents.first { $0.info.name == "b.md" })
    XCTAssertEqual(index.document(atPath: corpus.appendingPathComponent("b.md").path)?.id, b.id)
    XCTAssertEqual(index.document(atPath: corpus.appendingPathComponent("sub/../b.md").path)?.id, b.id)
    XCTAssertNil(index.document(atPath: corpus.appendingPathComponent("missing.txt").path))
    XCTAssertEqual(index.document(withContentHash: FNV1a.hash(Array(texts["b.md"]!.utf8)))?.id, b.id)
    XCTAssertNil(index.document(withContentHash: 42))
  }

  func testLintingWithTheCachedCorpusGivesTheSameFindings() throws {
    try SharedData.require()
    let shared = SharedData.corpus.path
    let cache = corpus.deletingLastPathComponent().appendingPathComponent("shared.plcache").path
    let manifest = SharedData.manifest.path
    let (built, o1) = try CorpusCache.load(directory: shared, manifest: manifest, cacheFile: cache)
    let (cached, o2) = try CorpusCache.load(directory: shared, manifest: manifest, cacheFile: cache)
    XCTAssertNotEqual(o1.kind, .hit)
    XCTAssertEqual(o2.kind, .hit, o2.reason)
    let samples = try FileManager.default.contentsOfDirectory(atPath: SharedData.samples.path).filter { $0.hasSuffix(".txt") }
    XCTAssertFalse(samples.isEmpty)
    for name in samples {
      let text = SourceText(try String(contentsOf: SharedData.samples.appendingPathComponent(name), encoding: .utf8))
      let findings = [built.index, cached.index].map { index in
        Linter(corpus: index).lint(DraftDocument(path: "/drafts/\(name)", text: text, corpus: index), configuration: Configuration())
      }
      XCTAssertEqual(findings[0], findings[1], name)
    }
  }
}

/// The cache's binary encoding reads back what it wrote and refuses what it did not.
final class CorpusCacheFormatTests: XCTestCase {
  struct BinaryPart: Codable, Equatable, CorpusCacheBinaryCodable {
    var keys: [UInt32]
    var label: String
    init(keys: [UInt32], label: String) {
      self.keys = keys
      self.label = label
    }
    func write(to writer: inout BinaryWriter) {
      writer.write(keys)
      writer.write(label)
    }
    init(from reader: inout BinaryReader) throws(CorpusCacheError) {
      keys = try reader.readUInt32Array()
      label = try reader.readString()
    }
  }

  struct CodablePart: Codable, Equatable {
    var table: [String: [Int]]
  }

  func testPartWithItsOwnBinaryEncodingRoundTrips() throws {
    let part = BinaryPart(keys: [1, 0xFFFF_FFFF, 42], label: "两个确立")
    var w = BinaryWriter()
    CorpusCache.writePart(part, to: &w)
    XCTAssertEqual(w.bytes.first, 1, "the binary encoding is preferred")
    let back = try w.bytes.withUnsafeBytes { raw in
      var r = BinaryReader(raw)
      return try CorpusCache.readPart(BinaryPart.self, &r)
    }
    XCTAssertEqual(back, part)
  }

  func testCodablePartRoundTripsAsJSON() throws {
    let part = CodablePart(table: ["讲政治": [1, 2], "": []])
    var w = BinaryWriter()
    CorpusCache.writePart(part, to: &w)
    XCTAssertEqual(w.bytes.first, 3)
    let back = try w.bytes.withUnsafeBytes { raw in
      var r = BinaryReader(raw)
      return try CorpusCache.readPart(CodablePart.self, &r)
    }
    XCTAssertEqual(back, part)
  }

  func testReaderRefusesLengthsBeyondTheBuffer() throws {
    var w = BinaryWriter()
    w.write([UInt32](repeating: 7, count: 10))
    w.write("全会")
    for cut in 0..<w.bytes.count {
      let prefix = Array(w.bytes.prefix(cut))
      try prefix.withUnsafeBytes { raw in
        var r = BinaryReader(raw)
        XCTAssertThrowsError(try { _ = try r.readUInt32Array(); _ = try r.readString() }(), "cut at \(cut)")
      }
    }
    // A huge count must not allocate or read: it is refused against the bytes left.
    var huge = BinaryWriter()
    huge.write(UInt64.max)
    try huge.bytes.withUnsafeBytes { raw in
      var r = BinaryReader(raw)
      XCTAssertThrowsError(try r.readUInt32Array())
    }
  }

  func testCachedTextDecoderMatchesTheStandardLibraryAndRefusesBadUTF8() throws {
    let s = "𠀀全会，２０２３年\r\nA b\u{3000}。🙂"
    let bytes = Array(s.utf8)
    let scalars = try bytes.withUnsafeBytes { try CacheUTF8.scalars($0, count: s.unicodeScalars.count) }
    XCTAssertEqual(scalars, Array(s.unicodeScalars))
    for bad in [[0xFF], [0xE5, 0x85], [0xE5, 0x41, 0x41], [0xED, 0xA0, 0x80]] as [[UInt8]] {
      XCTAssertThrowsError(try bad.withUnsafeBytes { try CacheUTF8.scalars($0, count: 1) }, "\(bad)")
    }
    XCTAssertThrowsError(try bytes.withUnsafeBytes { try CacheUTF8.scalars($0, count: 3) }, "wrong count")
  }

  func testChecksumNoticesASingleFlippedBit() {
    let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    let sum = CacheChecksum.of(bytes)
    for i in stride(from: 0, to: bytes.count, by: 37) {
      for bit in 0..<8 {
        var b = bytes
        b[i] ^= 1 << bit
        XCTAssertNotEqual(CacheChecksum.of(b), sum, "byte \(i) bit \(bit)")
      }
    }
    XCTAssertNotEqual(CacheChecksum.of(Array(bytes.dropLast())), sum)
  }
}

/// A load says when it builds the indexes and writes the cache, and says nothing of either on a hit.
final class CorpusLoadStageTests: XCTestCase {
  final class Steps: @unchecked Sendable {
    // Safe: appended under `lock`, read after the load returns.
    var seen: [CorpusLoadStage] = []
    let lock = NSLock()
  }

  func testLoadTellsItsStepsAfterTheFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stages-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let corpus = dir.appendingPathComponent("corpus")
    try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
    let cacheFile = dir.appendingPathComponent("cache.plcache").path
    func add(_ name: String, _ text: String) throws {
      let url = corpus.appendingPathComponent(name)
      try Data(text.utf8).write(to: url)
      // Old enough not to count as just modified (which is verified by content, not trusted by time).
      try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: url.path)
    }
    func steps() throws -> [CorpusLoadStage] {
      let steps = Steps()
      _ = try CorpusCache.load(
        directory: corpus.path, manifest: nil, cacheFile: cacheFile,
        stage: { stage in steps.lock.withLock { steps.seen.append(stage) } })
      return steps.seen
    }
    try add("a.txt", "通知\n2023年1月2日\n推进城乡融合发展。\n")
    XCTAssertEqual(try steps(), [.indexing(documents: 1), .writingCache], "a cold build")
    XCTAssertEqual(try steps(), [], "a hit")
    try add("b.txt", "决定\n2023年3月4日\n另一篇。\n")
    XCTAssertEqual(try steps(), [.indexing(documents: 2), .writingCache], "a changed corpus")
  }
}
