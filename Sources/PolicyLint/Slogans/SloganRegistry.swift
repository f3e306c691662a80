import Foundation
import PolicyText

/// The slogan registry: canonical formulations, stale formulations with their successors, and study
/// lists that grow with each plenary session. A policy office maintains it as JSON (see
/// `protocol/registry.md`); the bundled one is compiled in (`BundledRegistry.json`) and a workspace file
/// (`registry` in `.policylint.json`, or `.policylint-registry.json` next to it) adds to it or overrides
/// entries with the same `id`.
///
/// Every entry carries its own tests (texts that must and must not match), run when the registry loads:
/// an entry whose tests fail makes loading fail with a message naming the entry.
public struct SloganRegistry: Sendable {
  /// What an entry describes.
  public enum Kind: String, Sendable, CaseIterable {
    /// A formulation whose near-misses are errors (`slogan/variant`).
    case canonical
    /// A formulation outdated from a date on (`slogan/stale`).
    case stale
    /// A list that must name every item held before the draft's date (`slogan/stale`).
    case sequence
  }

  /// A test text: it must (or must not) match at `date`.
  public struct Test: Sendable, Hashable {
    /// The text, with the expected range optionally marked `⟦…⟧`.
    public var text: String
    /// The draft date the test is run at; nil means the entry's own date.
    public var date: SimpleDate?
  }

  /// One item of a sequence, e.g. a plenary session and the day it closed.
  public struct Item: Sendable, Hashable {
    /// Its text in the list (`二中`).
    public var text: String
    /// The day it happened (closed).
    public var date: SimpleDate
  }

  /// One registry entry.
  public struct Entry: Sendable, Hashable {
    /// Stable id, named in messages and errors.
    public var id: String
    /// Kind.
    public var kind: Kind
    /// Canonical: the formulation (list members separated by `、`).
    public var text: String?
    /// A short name for messages (`工作总思路`, `两个确立`).
    public var name: String?
    /// Stale: the outdated forms.
    public var patterns: [String]
    /// Stale: the current form, for messages.
    public var successor: String?
    /// Stale: the text a quick fix puts in place of a pattern; nil when there is no drop-in successor.
    public var replacement: String?
    /// Stale: the day the form went out of date.
    public var changed: SimpleDate?
    /// Canonical: the day the formulation took its present form; a sentence telling of a year before it
    /// (`2012年，党的十八大提出道路自信、理论自信、制度自信`) quotes an earlier form and is not a near-miss.
    public var since: SimpleDate?
    /// Stale: a match followed by one of these is something else (`文化部门` is not `文化部`).
    public var notFollowedBy: [String]
    /// Stale: a match preceded by one of these is something else.
    public var notPrecededBy: [String]
    /// Stale: when set, a match counts only in a sentence with one of these words, which say the form is
    /// used as current (`要`, `确保`): a five-year plan named in passing is history, not a stale target.
    public var onlyWith: [String]
    /// Sequence: text before the items (`二十大和二十届`).
    public var prefix: String?
    /// Sequence: text after the items (`全会精神`).
    public var suffix: String?
    /// Sequence: separator between items (`、`).
    public var separator: String
    /// Sequence: the items in order, with dates.
    public var items: [Item]
    /// Where the formulation or the change is documented.
    public var source: String
    /// Notes for maintainers.
    public var note: String?
    /// Texts that must match.
    public var mustMatch: [Test]
    /// Texts that must not match.
    public var mustNotMatch: [Test]

    /// The date a test without its own date runs at.
    public var defaultTestDate: SimpleDate {
      switch kind {
      case .canonical: return SimpleDate(year: 2024, month: 1, day: 1)
      case .stale: return changed ?? SimpleDate(year: 2024, month: 1, day: 1)
      case .sequence:
        guard let last = items.map(\.date).max() else { return SimpleDate(year: 2024, month: 1, day: 1) }
        return last.adding(days: 1)
      }
    }
  }

  /// The registry's entries, bundled first, workspace entries after (replacing bundled ones by id).
  public var entries: [Entry]
  /// Where the entries came from, for messages.
  public var origin: String

  /// Makes a registry from entries.
  public init(entries: [Entry], origin: String) {
    self.entries = entries
    self.origin = origin
  }

  /// The registry compiled into policylint, validated once per process.
  public static let bundled: Result<SloganRegistry, PolicyLintError> = Result {
    () throws(PolicyLintError) -> SloganRegistry in
    try parse(Data(BundledRegistry.json.utf8), origin: "bundled registry")
  }

  /// This registry with `other`'s entries added; an entry of `other` replaces one with the same id.
  public func overlaid(with other: SloganRegistry) -> SloganRegistry {
    let replaced = Set(other.entries.map(\.id))
    return SloganRegistry(
      entries: entries.filter { !replaced.contains($0.id) } + other.entries, origin: origin + " + " + other.origin)
  }

  // MARK: - Reading

  /// Reads a registry file: parses it, checks every entry, and runs every entry's tests.
  public static func load(path: String) throws(PolicyLintError) -> SloganRegistry {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .invalidRegistry(path: path, reason: "cannot read the file")
    }
    return try parse(data, origin: path)
  }

  /// Parses registry JSON and validates it, tests included. Errors name the entry (`entries[3] "covid-name"`).
  public static func parse(_ data: Data, origin: String) throws(PolicyLintError) -> SloganRegistry {
    try parse(data, origin: origin, runTests: true)
  }

  /// Parses registry JSON; `runTests: false` only checks the format (for tools that list every failure).
  static func parse(_ data: Data, origin: String, runTests: Bool) throws(PolicyLintError) -> SloganRegistry {
    let object: Any
    do {
      object = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw .invalidRegistry(path: origin, reason: "not valid JSON: \(JSONErrorText.describe(error))")
    }
    guard let root = object as? [String: Any] else {
      throw .invalidRegistry(path: origin, reason: "expected a JSON object")
    }
    for key in root.keys where !["version", "entries", "$schema", "note"].contains(key) {
      throw .invalidRegistry(path: origin, reason: "unknown top-level key \"\(key)\" (known: version, entries, note)")
    }
    guard let version = root["version"] as? Int, version == 1 else {
      throw .invalidRegistry(path: origin, reason: "\"version\" must be 1")
    }
    guard let list = root["entries"] as? [Any] else {
      throw .invalidRegistry(path: origin, reason: "\"entries\" must be an array of entries")
    }
    var entries: [Entry] = []
    var ids = Set<String>()
    for (n, item) in list.enumerated() {
      let entry = try parseEntry(item, index: n, origin: origin)
      guard ids.insert(entry.id).inserted else {
        throw .invalidRegistry(path: origin, reason: "entries[\(n)] \"\(entry.id)\": the id is used twice")
      }
      entries.append(entry)
    }
    let registry = SloganRegistry(entries: entries, origin: origin)
    for (n, entry) in entries.enumerated() where runTests {
      if let failure = registry.testFailure(entry) {
        throw .invalidRegistry(path: origin, reason: "entries[\(n)] \"\(entry.id)\": \(failure)")
      }
    }
    return registry
  }

  private static let entryKeys: Set<String> = [
    "id", "kind", "text", "name", "patterns", "successor", "replacement", "changed", "since", "notFollowedBy",
    "notPrecededBy", "onlyWith", "prefix", "suffix", "separator", "items", "source", "note", "tests",
  ]

  static func parseEntry(_ item: Any, index n: Int, origin: String) throws(PolicyLintError) -> Entry {
    guard let d = item as? [String: Any] else {
      throw .invalidRegistry(path: origin, reason: "entries[\(n)]: expected an object")
    }
    let label = "entries[\(n)]" + ((d["id"] as? String).map { " \"\($0)\"" } ?? "")
    func fail(_ reason: String) -> PolicyLintError { .invalidRegistry(path: origin, reason: "\(label): \(reason)") }
    for key in d.keys where !entryKeys.contains(key) {
      throw fail("unknown key \"\(key)\" (known: \(entryKeys.sorted().joined(separator: ", ")))")
    }
    func string(_ key: String, required: Bool = false) throws(PolicyLintError) -> String? {
      guard let v = d[key] else {
        if required { throw fail("missing \"\(key)\"") }
        return nil
      }
      guard let s = v as? String, !s.trimmingBlanks().isEmpty else {
        throw fail("\"\(key)\" must be a non-empty string")
      }
      return s
    }
    func strings(_ key: String) throws(PolicyLintError) -> [String] {
      guard let v = d[key] else { return [] }
      guard let list = v as? [String], list.allSatisfy({ !$0.isEmpty }) else {
        throw fail("\"\(key)\" must be an array of non-empty strings")
      }
      return list
    }
    func date(_ value: Any?, _ what: String) throws(PolicyLintError) -> SimpleDate? {
      guard let value else { return nil }
      guard let s = value as? String, let date = SimpleDate(iso: s) else {
        throw fail("\(what) must be a date YYYY-MM-DD")
      }
      return date
    }
    guard let id = try string("id", required: true) else { throw fail("missing \"id\"") }
    guard let kindWord = try string("kind", required: true), let kind = Kind(rawValue: kindWord) else {
      throw fail("\"kind\" must be one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    guard let source = try string("source", required: true) else { throw fail("missing \"source\"") }
    var items: [Item] = []
    if let raw = d["items"] {
      guard let list = raw as? [[String: Any]] else { throw fail("\"items\" must be an array of {text, date}") }
      for (k, item) in list.enumerated() {
        guard let text = item["text"] as? String, !text.isEmpty, let when = try date(item["date"], "items[\(k)].date")
        else {
          throw fail("items[\(k)] needs \"text\" and \"date\"")
        }
        items.append(Item(text: text, date: when))
      }
    }
    var must: [Test] = []
    var mustNot: [Test] = []
    guard let tests = d["tests"] as? [String: Any] else {
      throw fail("missing \"tests\": every entry carries texts that must and must not match")
    }
    for key in tests.keys where key != "match" && key != "noMatch" {
      throw fail("unknown key \"tests.\(key)\" (known: match, noMatch)")
    }
    for (key, target) in [("match", 0), ("noMatch", 1)] {
      guard let raw = tests[key] else { continue }
      guard let list = raw as? [Any] else { throw fail("\"tests.\(key)\" must be an array") }
      for (k, t) in list.enumerated() {
        var test: Test
        if let s = t as? String {
          test = Test(text: s, date: nil)
        } else if let o = t as? [String: Any], let s = o["text"] as? String {
          test = Test(text: s, date: try date(o["date"], "tests.\(key)[\(k)].date"))
        } else {
          throw fail("tests.\(key)[\(k)] must be a string or {\"text\", \"date\"}")
        }
        if target == 0 { must.append(test) } else { mustNot.append(test) }
      }
    }
    guard !must.isEmpty, !mustNot.isEmpty else {
      throw fail("\"tests\" needs at least one \"match\" and one \"noMatch\" text")
    }
    let entry = Entry(
      id: id, kind: kind, text: try string("text"), name: try string("name"), patterns: try strings("patterns"),
      successor: try string("successor"), replacement: d["replacement"] as? String,
      changed: try date(d["changed"], "\"changed\""), since: try date(d["since"], "\"since\""),
      notFollowedBy: try strings("notFollowedBy"),
      notPrecededBy: try strings("notPrecededBy"), onlyWith: try strings("onlyWith"), prefix: try string("prefix"),
      suffix: try string("suffix"),
      separator: (d["separator"] as? String) ?? "、", items: items, source: source, note: d["note"] as? String,
      mustMatch: must, mustNotMatch: mustNot)
    switch kind {
    case .canonical:
      guard let text = entry.text, SloganText.folded(text).filter(ScalarClass.isHan).count >= 3 else {
        throw fail("a canonical entry needs \"text\" with at least three Han characters")
      }
    case .stale:
      guard !entry.patterns.isEmpty else { throw fail("a stale entry needs \"patterns\"") }
      guard entry.changed != nil else { throw fail("a stale entry needs \"changed\" (the date it went out of date)") }
      guard entry.successor != nil else { throw fail("a stale entry needs \"successor\" (what to write instead)") }
    case .sequence:
      guard entry.prefix != nil, entry.suffix != nil, entry.items.count >= 2 else {
        throw fail("a sequence entry needs \"prefix\", \"suffix\" and at least two \"items\"")
      }
      guard entry.items.map(\.date) == entry.items.map(\.date).sorted() else {
        throw fail("\"items\" must be in date order")
      }
    }
    return entry
  }

  // MARK: - Self-tests

  /// Why an entry's tests fail, or nil when they pass.
  func testFailure(_ entry: Entry) -> String? {
    let single = SloganRegistry(entries: [entry], origin: origin)
    for test in entry.mustMatch {
      let marked = RegistryTestText(test.text)
      let date = test.date ?? entry.defaultTestDate
      let hits = single.hits(of: entry, in: marked.text, date: date)
      if hits.isEmpty { return "test \"\(test.text)\" (at \(date)) should match but does not" }
      for mark in marked.marks where !hits.contains(mark) {
        let matched = hits.map { marked.slice($0) }
        return "test \"\(test.text)\" (at \(date)) should match exactly the marked text; matched \(matched)"
      }
    }
    for test in entry.mustNotMatch {
      let marked = RegistryTestText(test.text)
      let date = test.date ?? entry.defaultTestDate
      let hits = single.hits(of: entry, in: marked.text, date: date)
      if !hits.isEmpty {
        return "test \"\(test.text)\" (at \(date)) should not match but matches \(hits.map { marked.slice($0) })"
      }
    }
    return nil
  }

  /// Original scalar ranges where an entry fires in a text at a date (used by the self-tests).
  func hits(of entry: Entry, in text: String, date: SimpleDate) -> [Range<Int>] {
    let source = SourceText(text)
    let view = MatchingView(source)
    switch entry.kind {
    case .canonical:
      let finder = VariantFinder(registry: self, index: FormulationIndex(), excluding: nil)
      return finder.find(in: view).map { view.originalRange($0.viewRange) }
    case .stale, .sequence:
      return StaleFinder(registry: self).find(in: view, date: date).map { view.originalRange($0.viewRange) }
    }
  }
}

/// A registry test text with optional `⟦…⟧` marks.
struct RegistryTestText {
  let text: String
  let marks: [Range<Int>]
  private let scalars: [Unicode.Scalar]

  init(_ marked: String) {
    var out: [Unicode.Scalar] = []
    var marks: [Range<Int>] = []
    var open: Int?
    for s in marked.unicodeScalars {
      if s == "⟦" {
        open = out.count
      } else if s == "⟧", let o = open {
        marks.append(o..<out.count)
        open = nil
      } else {
        out.append(s)
      }
    }
    scalars = out
    text = String(scalarSlice: out)
    self.marks = marks
  }

  func slice(_ r: Range<Int>) -> String {
    String(scalarSlice: scalars[max(0, r.lowerBound)..<min(scalars.count, r.upperBound)])
  }
}

extension SimpleDate {
  /// The date `days` later (or earlier, when negative).
  func adding(days: Int) -> SimpleDate {
    var d = self
    var left = days
    while left > 0 {
      if d.day < SimpleDate.daysIn(month: d.month, year: d.year) {
        d.day += 1
      } else if d.month < 12 {
        d.month += 1
        d.day = 1
      } else {
        d = SimpleDate(year: d.year + 1, month: 1, day: 1)
      }
      left -= 1
    }
    while left < 0 {
      if d.day > 1 {
        d.day -= 1
      } else if d.month > 1 {
        d.month -= 1
        d.day = SimpleDate.daysIn(month: d.month, year: d.year)
      } else {
        d = SimpleDate(year: d.year - 1, month: 12, day: 31)
      }
      left += 1
    }
    return d
  }
}
