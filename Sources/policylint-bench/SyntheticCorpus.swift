import Foundation
import PolicyLint
import PolicyText

/// SplitMix64: a small, fast, seeded generator, so the same seed gives the same corpus on every machine.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A generator for item `index` of a stream, independent of every other item (so items can be made in
  /// parallel and in any order).
  static func item(_ index: Int, seed: UInt64) -> SplitMix64 {
    var g = SplitMix64(seed: seed ^ (UInt64(index) &* 0xD134_2543_DE82_EF95))
    _ = g.next()
    return g
  }
}

/// Sentences of the real corpus, the raw material the synthetic documents are recombined from.
struct SentencePool {
  /// Sentences with full-width punctuation, blanks and line breaks removed.
  let sentences: [[Unicode.Scalar]]
  /// Short clauses (for titles).
  let clauses: [[Unicode.Scalar]]
  /// Han characters seen, for substitutions.
  let han: [Unicode.Scalar]

  /// Reads every corpus file below `directory` and cuts it into sentences.
  init(directory: String) throws {
    var warnings: [String] = []
    let files = CorpusLoader.listFiles(in: directory, warnings: &warnings)
    var sentences: [[Unicode.Scalar]] = []
    var clauses: [[Unicode.Scalar]] = []
    var han = Set<Unicode.Scalar>()
    for file in files {
      let (string, _, _) = try CorpusLoader.readText(file.path)
      let text = SourceText(string)
      let view = MatchingView(text)
      for range in Segmenter.sentences(in: view) {
        let original = view.originalRange(range)
        let s = text.scalars[original].filter { !ScalarClass.isBlank($0) && $0 != "\n" && $0 != "\r" }
        guard s.count >= 8 else { continue }
        sentences.append(Array(s))
        for c in s where ScalarClass.isHan(c) { han.insert(c) }
      }
      for range in Segmenter.clauses(in: view) where (6...18).contains(range.count) {
        let clause = view.scalars[range].filter { ScalarClass.isHan($0) }
        if clause.count >= 6 { clauses.append(Array(clause)) }
      }
    }
    guard !sentences.isEmpty, !clauses.isEmpty else {
      throw BenchError("no sentences found in \(directory): the generator needs the shared corpus")
    }
    self.sentences = sentences
    self.clauses = clauses
    self.han = han.sorted { $0.value < $1.value }
  }
}

/// Makes documents by recombining and mutating corpus sentences: titles, datelines across 2008–2024,
/// paragraphs, changed figures, swapped and dropped clauses, substituted characters, and the extraction
/// noise of the real corpus (hard line breaks, spaced-out lines, page numbers, page references).
struct SyntheticCorpus {
  /// Bump when the generator's output changes, so stale generated corpora are made again.
  static let generatorVersion = 2
  let pool: SentencePool
  let seed: UInt64

  /// One document of about `targetCharacters` characters; the same (index, seed) always gives the same text.
  func document(_ index: Int, targetCharacters: Int? = nil) -> (text: String, year: Int) {
    var g = SplitMix64.item(index, seed: seed)
    let year = 2008 + Int(g.next() % 17)
    let month = 1 + Int(g.next() % 12)
    let day = 1 + Int(g.next() % 28)
    // Lengths spread like an archive's: many short notices, some long reports (mean about 3,300 characters).
    let base = Int(g.next() % 2000)
    let long = Int(g.next() % 5) * Int(g.next() % 1400)
    let target = targetCharacters ?? 800 + base + long
    var out = String.UnicodeScalarView()
    let kinds = ["通知", "决定", "意见", "公报", "讲话", "报告"]
    let topic = pool.clauses[Int(g.next() % UInt64(pool.clauses.count))].prefix(14)
    out.append(contentsOf: "关于".unicodeScalars)
    out.append(contentsOf: topic)
    out.append(contentsOf: "的\(kinds[Int(g.next() % UInt64(kinds.count))])\n".unicodeScalars)
    out.append(contentsOf: "（\(year)年\(month)月\(day)日）\n\n".unicodeScalars)
    let noisy = g.next() % 4 == 0
    var count = out.count
    var paragraph = 0
    while count < target {
      var line: [Unicode.Scalar] = []
      let sentencesInParagraph = 2 + Int(g.next() % 5)
      for _ in 0..<sentencesInParagraph {
        line += mutate(pool.sentences[Int(g.next() % UInt64(pool.sentences.count))], year: year, &g)
      }
      paragraph += 1
      if noisy && g.next() % 3 == 0 {
        appendWithNoise(line, to: &out, &g)
      } else {
        out.append(contentsOf: line)
        out.append("\n")
      }
      if noisy && paragraph % 6 == 0 { out.append(contentsOf: "- \(paragraph / 6 + 1) -\n".unicodeScalars) }
      count += line.count + 1
    }
    return (String(out), year)
  }

  /// Changes a sentence the ways reprints and redrafts do.
  func mutate(_ sentence: [Unicode.Scalar], year: Int, _ g: inout SplitMix64) -> [Unicode.Scalar] {
    var s = sentence
    let roll = g.next() % 100
    if roll < 20 {
      // New figures: every digit run is replaced.
      var out: [Unicode.Scalar] = []
      var i = 0
      while i < s.count {
        if ScalarClass.isDigit(s[i]) {
          while i < s.count && ScalarClass.isDigit(s[i]) { i += 1 }
          out += String(g.next() % 200 + 1).unicodeScalars
        } else {
          out.append(s[i])
          i += 1
        }
      }
      s = out
    } else if roll < 35 {
      // Swap or drop a clause (never the last, which carries the sentence end).
      var parts = s.split(separator: "，", omittingEmptySubsequences: false).map(Array.init)
      if parts.count >= 3 {
        let j = Int(g.next() % UInt64(parts.count - 2))
        if g.next() % 2 == 0 { parts.remove(at: j) } else { parts.swapAt(j, j + 1) }
        s = Array(parts.joined(separator: ["，"]))
      }
    } else if roll < 50, !pool.han.isEmpty {
      // Substitute a character or two (transcription errors).
      for _ in 0..<(1 + Int(g.next() % 2)) {
        let at = Int(g.next() % UInt64(s.count))
        if ScalarClass.isHan(s[at]) { s[at] = pool.han[Int(g.next() % UInt64(pool.han.count))] }
      }
    } else if roll < 55 {
      s = Array("\(year)年，".unicodeScalars) + s
    }
    return s
  }

  /// Appends a paragraph the way newspaper extractions break it: every ~25 characters, sometimes with a
  /// blank between characters, sometimes with a page reference.
  func appendWithNoise(_ line: [Unicode.Scalar], to out: inout String.UnicodeScalarView, _ g: inout SplitMix64) {
    let spaced = g.next() % 4 == 0
    var column = 0
    for (k, c) in line.enumerated() {
      out.append(c)
      if spaced && k % 2 == 0 { out.append(" ") }
      column += 1
      if column >= 22 + Int(g.next() % 6) {
        out.append("\n")
        column = 0
      }
    }
    if g.next() % 5 == 0 { out.append(contentsOf: "（下转 0\(1 + g.next() % 8) 版）".unicodeScalars) }
    out.append("\n")
  }

  /// Writes `count` documents under `directory/YEAR/NNNNNN.txt`, unless a stamp shows they are already
  /// there. Returns the total bytes.
  func materialize(count: Int, in directory: String) throws -> Int {
    let stampPath = (directory as NSString).appendingPathComponent(".bench-stamp")
    let stamp = "generator \(Self.generatorVersion) seed \(seed) count \(count)"
    if let existing = try? String(contentsOfFile: stampPath, encoding: .utf8), existing.hasPrefix(stamp + "\n"),
      let bytes = Int(existing.dropFirst(stamp.count + 1).trimmingCharacters(in: .whitespacesAndNewlines))
    {
      return bytes
    }
    try? FileManager.default.removeItem(atPath: directory)
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for year in 2008...2024 {
      try FileManager.default.createDirectory(
        atPath: (directory as NSString).appendingPathComponent(String(year)), withIntermediateDirectories: true)
    }
    let total = Counter()
    let failure = Counter()
    DispatchQueue.concurrentPerform(iterations: count) { i in
      let (text, year) = document(i)
      let data = Data(text.utf8)
      let path = (directory as NSString).appendingPathComponent(String(format: "%d/%06d.txt", year, i))
      if FileManager.default.createFile(atPath: path, contents: data) {
        total.add(data.count)
      } else {
        failure.add(1)
      }
    }
    guard failure.value == 0 else { throw BenchError("could not write \(failure.value) files under \(directory)") }
    try "\(stamp)\n\(total.value)\n".write(toFile: stampPath, atomically: true, encoding: .utf8)
    return total.value
  }

  /// A draft of `characters` characters: corpus-like text with a title and dateline, so every check has
  /// something to look at (reused sentences, figures, formulations).
  func draft(characters: Int) -> String {
    let (text, _) = document(1_000_000 + characters, targetCharacters: characters)
    return String(String.UnicodeScalarView(text.unicodeScalars.prefix(characters)))
  }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
  // Safe: every access to `total` holds `lock`.
  private var total = 0
  private let lock = NSLock()
  func add(_ n: Int) { lock.withLock { total += n } }
  var value: Int { lock.withLock { total } }
}

/// A benchmark error with a message for people.
struct BenchError: Error, CustomStringConvertible {
  let description: String
  init(_ message: String) { description = message }
}
