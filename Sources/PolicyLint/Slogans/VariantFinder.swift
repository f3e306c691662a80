import PolicyText

/// A canonical form prepared for near-miss search.
struct CanonicalForm: Sendable {
  /// Where the form comes from.
  enum Origin: Sendable, Hashable {
    /// `FormulationIndex.formulations[i]`.
    case corpus(Int)
    /// `SloganRegistry.entries[i]`.
    case registry(Int)
  }

  /// The folded text.
  let scalars: [Unicode.Scalar]
  /// List members (three or more, each two characters or longer), else empty.
  let members: [[Unicode.Scalar]]
  /// Where it comes from.
  let origin: Origin
  /// Whether a changed character counts (quoted, registry and title forms) or only a dropped, added or
  /// swapped one (recurring clauses, where a changed character is too often a different phrase).
  let substitutions: Bool
  /// Whether a draft must use it as a whole clause (recurring clauses).
  let wholeClause: Bool
  /// Whether it is a title, compared only with whole titles in `《…》`.
  let title: Bool
  /// Whether a list is compared only with lists quoted as it is (`“抓好两端、畅通中间”`, `“人、地、钱”`): two
  /// members, or one-character ones, are too common unquoted to say a draft meant this list.
  var quotedOnly = false
}

/// Canonical forms with the indexes the near-miss search needs: character bigrams → (form, offset),
/// list members → lists, exact texts. Built once per corpus index and once per registry.
struct CanonicalSet: Sendable {
  let forms: [CanonicalForm]
  let bigrams: [UInt32: [(form: Int32, offset: Int32)]]
  let members: [String: [Int32]]
  /// The longest list member's length (no longer segment end is looked up).
  let longestMember: Int
  let exact: Set<String>
  /// List forms by their characters sorted (`、` left out), to find a quoted list with two words swapped
  /// across its members, which shares no member with the form (`重点在乡村、难点在县域`).
  let anagrams: [String: [Int32]]
  /// Per form, the votes on one diagonal a near-miss brings at least: one edit splits the form's bigrams
  /// over two neighbouring diagonals, and the larger part holds half. Kept apart from `forms` so that
  /// counting reads one byte per form.
  let neededVotes: [UInt8]

  init(forms: [CanonicalForm]) {
    self.forms = forms
    var bigrams: [UInt32: [(form: Int32, offset: Int32)]] = [:]
    var members: [String: [Int32]] = [:]
    var exact = Set<String>()
    var longestMember = 0
    var anagrams: [String: [Int32]] = [:]
    for (n, f) in forms.enumerated() {
      exact.insert(SloganText.string(f.scalars))
      if !f.members.isEmpty {
        anagrams[Self.anagramKey(f.scalars), default: []].append(Int32(n))
        for m in f.members {
          members[SloganText.string(m), default: []].append(Int32(n))
          longestMember = max(longestMember, m.count)
        }
        continue
      }
      guard !f.title, f.scalars.count >= 2 else { continue }
      for k in 0..<(f.scalars.count - 1) {
        bigrams[Self.key(f.scalars[k], f.scalars[k + 1]), default: []].append((Int32(n), Int32(k)))
      }
    }
    self.bigrams = bigrams
    self.members = members
    self.longestMember = longestMember
    self.exact = exact
    self.anagrams = anagrams
    neededVotes = forms.map { UInt8(clamping: max(1, ($0.scalars.count - 3) / 2)) }
  }

  static func key(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> UInt32 { (a.value &* 0x9E37_79B1) ^ b.value }

  /// A text's characters in code-point order, `、` left out.
  static func anagramKey(_ s: [Unicode.Scalar]) -> String {
    SloganText.string(s.filter { $0 != "、" }.sorted { $0.value < $1.value })
  }

  /// Whether `d` is `c` with two words swapped (`d = P+X+M+Y+S`, `c = P+Y+M+X+S`, each word one to four
  /// characters, not whole list members: reordered members are `.order`).
  static func isWordSwap(_ d: [Unicode.Scalar], _ c: [Unicode.Scalar]) -> Bool {
    guard d.count == c.count, d != c, let i = d.indices.first(where: { d[$0] != c[$0] }),
      let j = d.indices.last(where: { d[$0] != c[$0] })
    else { return false }
    let dd = Array(d[i...j])
    let cc = Array(c[i...j])
    for lx in 1...4 where lx < dd.count {
      for ly in 1...4 where lx + ly <= dd.count {
        let x = dd[..<lx]
        let y = dd[(dd.count - ly)...]
        guard cc[..<ly].elementsEqual(y), cc[(cc.count - lx)...].elementsEqual(x),
          dd[lx..<(dd.count - ly)].elementsEqual(cc[ly..<(cc.count - lx)])
        else { continue }
        // Whole members swapped: the words are bounded by `、` or the ends on both sides.
        let xWhole = (i == 0 || d[i - 1] == "、") && (i + lx == d.count || d[i + lx] == "、")
        let yWhole = (j + 1 == d.count || d[j + 1] == "、") && (j + 1 - ly == 0 || d[j - ly] == "、")
        return !(xWhole && yWhole)
      }
    }
    return false
  }

  /// Forms for the corpus formulations worth guarding against near-misses.
  static func corpus(_ index: FormulationIndex) -> CanonicalSet {
    var forms: [CanonicalForm] = []
    for (n, f) in index.formulations.enumerated() {
      let s = Array(f.text.unicodeScalars)
      switch f.kind {
      case .list:
        let members = s.split(separator: "、").map(Array.init)
        guard members.count >= 2, members.allSatisfy({ !$0.isEmpty }) else { continue }
        // Two members, or one-character ones (`抓好两端、畅通中间`, `人、地、钱`): only where quoted.
        let quotedOnly = members.count < 3 || members.contains { $0.count < 2 }
        forms.append(
          CanonicalForm(
            scalars: s, members: members, origin: .corpus(n), substitutions: true, wholeClause: false, title: false,
            quotedOnly: quotedOnly))
      case .quoted, .numbered:
        guard s.count >= 4 else { continue }
        forms.append(
          CanonicalForm(
            scalars: s, members: [], origin: .corpus(n), substitutions: true, wholeClause: false, title: false))
        // The members a numbered slogan's text spells out (`“四个融合”` → 要素融合、产业融合、设施融合、治理融合)
        // are a list of their own, so a changed or dropped member is found where the draft lists them.
        let members = f.members.map { Array($0.unicodeScalars) }
        if f.kind == .numbered, members.count >= 3, members.allSatisfy({ $0.count >= 2 }) {
          forms.append(
            CanonicalForm(
              scalars: Array(members.joined(separator: ["、"])), members: members, origin: .corpus(n),
              substitutions: true, wholeClause: false, title: false, quotedOnly: false))
        }
      case .title:
        guard s.count >= 6 else { continue }
        forms.append(
          CanonicalForm(
            scalars: s, members: [], origin: .corpus(n), substitutions: true, wholeClause: false, title: true))
      case .phrase:
        forms.append(
          CanonicalForm(
            scalars: s, members: [], origin: .corpus(n), substitutions: false, wholeClause: true, title: false))
      }
    }
    return CanonicalSet(forms: forms)
  }

  /// Forms for a registry's canonical entries.
  static func registry(_ registry: SloganRegistry) -> CanonicalSet {
    var forms: [CanonicalForm] = []
    for (n, e) in registry.entries.enumerated() where e.kind == .canonical {
      guard let text = e.text else { continue }
      let s = SloganText.folded(text)
      let members = s.contains(",") ? [] : s.split(separator: "、").map(Array.init)
      let isList = members.count >= 3 && members.allSatisfy { $0.count >= 2 }
      forms.append(
        CanonicalForm(
          scalars: s, members: isList ? members : [], origin: .registry(n), substitutions: true, wholeClause: false,
          title: false))
    }
    return CanonicalSet(forms: forms)
  }
}

/// A near-miss of a canonical form in a draft.
struct VariantHit: Sendable {
  /// What went wrong.
  enum Reason: Sendable {
    case changedMember(found: String, expected: String)
    case missingMember(String)
    case extraMember(String)
    case order
    case characters
    case dispute(Int)
  }

  /// The flagged range in the draft's view.
  let viewRange: Range<Int>
  /// The text found there.
  let found: String
  /// The canonical text to put there.
  let expected: String
  /// Why.
  let reason: Reason
  /// The canonical form's origin (nil for disputes).
  let origin: CanonicalForm.Origin?
}

/// Finds near-misses of canonical formulations (corpus, registry) and forms the corpus disputes.
struct VariantFinder {
  let registry: SloganRegistry
  let index: FormulationIndex
  /// The corpus document the draft is, never its own evidence.
  let excluding: Int?
  /// The draft's date: a document written later cannot be what the draft garbles.
  let asOf: SimpleDate?
  let sets: [CanonicalSet]

  /// Documents dated only by their file's time: they may precede any draft (`DocumentInfo.mayPrecede`).
  let undated: Set<Int>

  init(
    registry: SloganRegistry, index: FormulationIndex, excluding: Int?, asOf: SimpleDate? = nil,
    registrySet: CanonicalSet? = nil, undated: Set<Int> = []
  ) {
    self.registry = registry
    self.index = index
    self.excluding = excluding
    self.asOf = asOf
    self.undated = undated
    sets = [registrySet ?? CanonicalSet.registry(registry), index.canonical]
  }

  /// Whether a corpus-derived form still has evidence once the draft itself is set aside.
  func hasEvidence(_ origin: CanonicalForm.Origin) -> Bool {
    guard case .corpus(let n) = origin else { return true }
    return index.formulations[n].uses.contains(where: counts)
  }

  /// Whether a use is evidence for this draft: another document, written by the draft's date.
  func counts(_ use: FormulationIndex.Use) -> Bool {
    use.document != excluding && (asOf.map { index.date(of: use) <= $0 || undated.contains(use.document) } ?? true)
  }

  /// All near-misses in a view, without overlaps (lists first, then disputes, phrases and titles).
  func find(in view: MatchingView) -> [VariantHit] { find(in: view.scalars) }

  /// Near-misses in view scalars (all `find(in:)` reads of a view).
  func find(in s: [Unicode.Scalar]) -> [VariantHit] {
    var hits: [VariantHit] = []
    func overlaps(_ r: Range<Int>) -> Bool { hits.contains { $0.viewRange.overlaps(r) } }
    for set in sets {
      for hit in lists(s, set) where !overlaps(hit.viewRange) { hits.append(hit) }
    }
    for hit in disputes(s) where !overlaps(hit.viewRange) { hits.append(hit) }
    for set in sets {
      for hit in phrases(s, set) where !overlaps(hit.viewRange) { hits.append(hit) }
      for hit in titles(s, set) where !overlaps(hit.viewRange) { hits.append(hit) }
    }
    return hits.filter { !isEarlierForm($0, s) }.sorted { $0.viewRange.lowerBound < $1.viewRange.lowerBound }
  }

  /// Whether a registry near-miss sits in a sentence telling of a time before the formulation took its
  /// present form (the entry's `since`): then it quotes the earlier form.
  func isEarlierForm(_ hit: VariantHit, _ s: [Unicode.Scalar]) -> Bool {
    guard case .registry(let n)? = hit.origin, n < registry.entries.count, let since = registry.entries[n].since
    else { return false }
    return StaleFinder.tellsOfYearBefore(s, hit.viewRange, since)
  }

  // MARK: - Lists

  /// Runs of `、`-separated segments: each segment's view range.
  static func runs(_ s: [Unicode.Scalar]) -> [[Range<Int>]] {
    var result: [[Range<Int>]] = []
    var current: [Range<Int>] = []
    var start = 0
    var i = 0
    func closeSegment(_ end: Int) {
      if end > start { current.append(start..<end) } else { current.append(start..<start) }
    }
    while i <= s.count {
      let c: Unicode.Scalar = i < s.count ? s[i] : "\n"
      if c == "、" {
        closeSegment(i)
        start = i + 1
      } else if SloganText.isBreak(c) || !(ScalarClass.isHan(c) || ScalarClass.isASCIIAlphanumeric(c)) {
        if !current.isEmpty {
          closeSegment(i)
          if current.count >= 2 { result.append(current) }
        }
        current = []
        start = i + 1
      }
      i += 1
    }
    return result
  }

  private func lists(_ s: [Unicode.Scalar], _ set: CanonicalSet) -> [VariantHit] {
    guard !set.members.isEmpty else { return [] }
    var hits: [VariantHit] = []
    for run in Self.runs(s) {
      let segs = run.map { Array(s[$0]) }
      guard segs.allSatisfy({ !$0.isEmpty }) else { continue }
      let k = segs.count
      // Candidate lists: those sharing a member (ends may carry surrounding words).
      var votes: [Int32: Int] = [:]
      for (i, seg) in segs.enumerated() {
        // The segment, and at the ends of the run the words it may end or start with; a form counts once a
        // segment however many of these name it.
        var seen = Set<Int32>()
        func vote(_ key: String) {
          for f in set.members[key] ?? [] where seen.insert(f).inserted { votes[f, default: 0] += 1 }
        }
        vote(SloganText.string(seg))
        let longest = max(2, min(seg.count, 30, set.longestMember + 1))
        if i == 0 { for l in 2..<longest { vote(SloganText.string(seg[(seg.count - l)...])) } }
        if i == k - 1 { for l in 2..<longest { vote(SloganText.string(seg[..<l])) } }
      }
      let runText = SloganText.string(s[run[0].lowerBound..<run[k - 1].upperBound])
      var best: VariantHit?
      for (f, v) in votes.sorted(by: { ($0.value, -$0.key) > ($1.value, -$1.key) }) {
        let form = set.forms[Int(f)]
        guard v >= (form.quotedOnly ? 1 : max(2, form.members.count - 1)), hasEvidence(form.origin) else { continue }
        if sets.contains(where: { $0.exact.contains(runText) }) { break }
        if let hit = compareList(s, run, segs, form) {
          best = hit
          break
        }
      }
      if best == nil, let hit = swappedWords(s, run, set) { best = hit }
      if let best { hits.append(best) }
    }
    return hits
  }

  /// A quoted list that is a canonical list with two words swapped across its members.
  private func swappedWords(_ s: [Unicode.Scalar], _ run: [Range<Int>], _ set: CanonicalSet) -> VariantHit? {
    let lo = run[0].lowerBound
    let hi = run[run.count - 1].upperBound
    guard lo > 0, s[lo - 1] == "“", hi < s.count, s[hi] == "”" else { return nil }
    let d = Array(s[lo..<hi])
    for f in set.anagrams[CanonicalSet.anagramKey(d)] ?? [] {
      let form = set.forms[Int(f)]
      guard CanonicalSet.isWordSwap(d, form.scalars), hasEvidence(form.origin) else { continue }
      return VariantHit(
        viewRange: lo..<hi, found: SloganText.string(d), expected: SloganText.string(form.scalars), reason: .order,
        origin: form.origin)
    }
    return nil
  }

  /// Compares a draft run with a canonical list; the first segment may end with a member and the last
  /// may start with one (`坚持讲政治`, `保安全工作总思路`).
  private func compareList(
    _ s: [Unicode.Scalar], _ run: [Range<Int>], _ segs: [[Unicode.Scalar]], _ form: CanonicalForm
  ) -> VariantHit? {
    let c = form.members
    let n = c.count
    let k = segs.count
    let quoted =
      run[0].lowerBound > 0 && s[run[0].lowerBound - 1] == "“" && run[k - 1].upperBound < s.count
      && s[run[k - 1].upperBound] == "”"
    // A short list: the draft quotes a list of as many members, each no more than one character off.
    if form.quotedOnly {
      guard quoted, k == n, zip(segs, c).allSatisfy({ abs($0.count - $1.count) <= 1 }) else { return nil }
    }
    // match[i] = (member j, view range of the member inside segment i)
    var match: [(j: Int, range: Range<Int>)?] = Array(repeating: nil, count: k)
    for i in 0..<k {
      for j in 0..<n {
        if segs[i] == c[j] {
          match[i] = (j, run[i])
        } else if i == 0 && k > 1 && segs[i].count > c[j].count && Array(segs[i].suffix(c[j].count)) == c[j] {
          match[i] = (j, (run[i].upperBound - c[j].count)..<run[i].upperBound)
        } else if i == k - 1 && k > 1 && segs[i].count > c[j].count && Array(segs[i].prefix(c[j].count)) == c[j] {
          match[i] = (j, run[i].lowerBound..<(run[i].lowerBound + c[j].count))
        }
        if match[i] != nil { break }
      }
    }
    let matched = match.compactMap { $0 }
    let js = matched.map(\.j)
    guard Set(js).count == js.count else { return nil }
    let canonicalText = SloganText.string(form.scalars)
    func hit(_ lo: Int, _ hi: Int, _ reason: VariantHit.Reason) -> VariantHit {
      VariantHit(
        viewRange: lo..<hi, found: SloganText.string(s[lo..<hi]), expected: canonicalText, reason: reason,
        origin: form.origin)
    }
    func start(_ i: Int) -> Int? { match[i]?.range.lowerBound }
    func end(_ i: Int) -> Int? { match[i]?.range.upperBound }
    // Same members, other order.
    if k == n, matched.count == n {
      guard js != Array(0..<n), let lo = start(0), let hi = end(k - 1) else { return nil }
      return hit(lo, hi, .order)
    }
    // One member changed: the others in place.
    if k == n, matched.count == n - 1 {
      guard let i = match.firstIndex(where: { $0 == nil }),
        zip(0..<k, match).allSatisfy({ $0.0 == i || $0.1?.j == $0.0 })
      else {
        return nil
      }
      let expected = c[i]
      var range = run[i]
      if i == 0 || i == k - 1 {
        // The segment may carry words around the member: pick the best-fitting part.
        var bestRange: Range<Int>?
        var bestDistance = Int.max
        for len in stride(from: max(1, expected.count - 1), through: min(segs[i].count, expected.count + 1), by: 1) {
          let r = i == 0 ? (run[i].upperBound - len)..<run[i].upperBound : run[i].lowerBound..<(run[i].lowerBound + len)
          let d = SloganText.distance(Array(s[r]), expected, limit: 2)
          // On a tie the member's own length wins (`先破后立` for `先立后破`, not `先破后`).
          if d < bestDistance || (d == bestDistance && len == expected.count) {
            bestDistance = d
            bestRange = r
          }
        }
        guard let r = bestRange, bestDistance <= max(1, expected.count / 2) else { return nil }
        range = r
      } else {
        guard abs(segs[i].count - expected.count) <= 2 else { return nil }
      }
      let found = Array(s[range])
      if SloganText.differsOnlyInNumerals(found, expected) { return nil }
      let lo = i == 0 ? range.lowerBound : (start(0) ?? range.lowerBound)
      let hi = i == k - 1 ? range.upperBound : (end(k - 1) ?? range.upperBound)
      return hit(lo, hi, .changedMember(found: SloganText.string(found), expected: SloganText.string(expected)))
    }
    // One member dropped; a list closed by `等` says itself that it is not all of them.
    if k == n - 1, matched.count == k, js == js.sorted(), k >= 3 || quoted {
      guard let lo = start(0), let hi = end(k - 1), let missing = (0..<n).first(where: { !js.contains($0) }) else {
        return nil
      }
      if hi < s.count && s[hi] == "等" { return nil }
      return hit(lo, hi, .missingMember(SloganText.string(c[missing])))
    }
    // One member added in the middle.
    if k == n + 1, matched.count == n, js == Array(0..<n) {
      guard let i = match.firstIndex(where: { $0 == nil }), i > 0, i < k - 1, let lo = start(0), let hi = end(k - 1)
      else { return nil }
      return hit(lo, hi, .extraMember(SloganText.string(segs[i])))
    }
    return nil
  }

  // MARK: - Phrases

  private func phrases(_ s: [Unicode.Scalar], _ set: CanonicalSet) -> [VariantHit] {
    guard s.count >= 2, !set.bigrams.isEmpty else { return [] }
    var hits: [VariantHit] = []
    // No window holds a break or a blank, so votes are counted stretch by stretch between them: a vote
    // from another stretch is for characters outside any window, and a small table stays in the cache.
    var votes = Votes()
    votes.nextStop = [Int32](repeating: Int32(s.count), count: s.count + 1)
    for k in s.indices.reversed() {
      votes.nextStop[k] = SloganText.isBreak(s[k]) || s[k] == " " ? Int32(k) : votes.nextStop[k + 1]
    }
    var start = 0
    while start < s.count {
      let end = Int(votes.nextStop[start])
      if end - start >= 2 { phrases(s, start..<end, set, &votes, into: &hits) }
      start = end + 1
    }
    // Keep the best of overlapping hits: the longer canonical form, then the better attested one.
    func weight(_ h: VariantHit) -> Int {
      guard case .corpus(let n)? = h.origin else { return Int.max }
      return index.formulations[n].count
    }
    hits.sort {
      ($0.expected.unicodeScalars.count, weight($0), -$0.viewRange.lowerBound, $0.expected)
        > ($1.expected.unicodeScalars.count, weight($1), -$1.viewRange.lowerBound, $1.expected)
    }
    var kept: [VariantHit] = []
    for h in hits where !kept.contains(where: { $0.viewRange.overlaps(h.viewRange) }) { kept.append(h) }
    return kept
  }

  /// The votes of one stretch, and the postings they come from (kept from stretch to stretch).
  private struct Votes {
    var counter = VoteCounter(total: 0)
    var lists: [[(form: Int32, offset: Int32)]] = []
    var positions: [Int] = []
    /// Per position of the draft, the nearest break or blank at or after it (`s.count` if none).
    var nextStop: [Int32] = []
    /// The prefix distances of the window being compared (`SloganText.prefixDistances`).
    var distances: [Int] = []
  }

  /// Near-miss hits for the forms voted for by the bigrams of one stretch of `s`.
  private func phrases(
    _ s: [Unicode.Scalar], _ stretch: Range<Int>, _ set: CanonicalSet, _ votes: inout Votes,
    into hits: inout [VariantHit]
  ) {
    // Votes per (form, diagonal).
    votes.lists.removeAll(keepingCapacity: true)
    votes.positions.removeAll(keepingCapacity: true)
    var total = 0
    for i in stretch.lowerBound..<(stretch.upperBound - 1) {
      guard let postings = set.bigrams[CanonicalSet.key(s[i], s[i + 1])] else { continue }
      votes.lists.append(postings)
      votes.positions.append(i)
      total += postings.count
    }
    guard total > 0 else { return }
    votes.counter.reset(total: total)
    let (lists, positions, nextStop) = (votes.lists, votes.positions, votes.nextStop)
    var distances = votes.distances
    votes.distances = []
    defer { votes.distances = distances }
    votes.counter.adding { vote in
      for (n, postings) in lists.enumerated() {
        let i = positions[n]
        for p in postings { vote(Int64(p.form) << 32 | Int64(UInt32(bitPattern: Int32(i) - p.offset))) }
      }
    }
    set.neededVotes.withUnsafeBufferPointer { needed in
      votes.counter.forEach { key, v in
        let f = Int(key >> 32)
        guard v >= Int(needed[f]) else { return }
        let diagonal = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: key)))
        let form = set.forms[f]
        guard mayBeWholeClause(s, diagonal, form), hasEvidence(form.origin) else { return }
        if let hit = phraseAt(s, diagonal, form, set, nextStop: nextStop, distances: &distances) {
          hits.append(hit)
        }
      }
    }
  }

  /// Whether the form may be found on this diagonal as the whole clause it must be (always, if it need
  /// not): a break (or an end) where a window could start and one where it could end. Most short
  /// clauses' votes stop here.
  private func mayBeWholeClause(_ s: [Unicode.Scalar], _ diagonal: Int, _ form: CanonicalForm) -> Bool {
    guard form.wholeClause else { return true }
    let limit = Self.editLimit(form)
    let L = form.scalars.count
    let opens = (diagonal - limit)...(diagonal + limit)
    let closes = (diagonal - 2 * limit + L)...(diagonal + 2 * limit + L)
    return opens.contains { $0 >= 0 && $0 < s.count && ($0 == 0 || SloganText.isBreak(s[$0 - 1])) }
      && closes.contains { $0 == s.count || ($0 >= 0 && $0 < s.count && SloganText.isBreak(s[$0])) }
  }

  /// The edits a near-miss of the form may have.
  private static func editLimit(_ form: CanonicalForm) -> Int {
    form.substitutions && form.scalars.count >= 10 ? 2 : 1
  }

  /// `nextStop` is the draft's table of breaks and blanks (`Votes.nextStop`); `distances`, a buffer.
  private func phraseAt(
    _ s: [Unicode.Scalar], _ diagonal: Int, _ form: CanonicalForm, _ set: CanonicalSet, nextStop: [Int32],
    distances: inout [Int]
  ) -> VariantHit? {
    let c = form.scalars
    let L = c.count
    let limit = Self.editLimit(form)
    var best: (Range<Int>, Int)?
    // Windows are slices (no copies); a window holding a break or a blank is skipped, found through the
    // nearest such character after each position.
    for startShift in -limit...limit {
      let lo = diagonal + startShift
      guard lo >= 0, lo < s.count else { continue }
      // Every window starting at `lo` from one table: the distance of each length up to the first stop.
      let longest = min(L + limit, s.count - lo, Int(nextStop[lo]) - lo)
      guard longest >= max(2, L - limit) else { continue }
      SloganText.prefixDistances(s[lo..<(lo + longest)], c, limit: limit, into: &distances)
      for len in (L - limit)...(L + limit) where len >= 2 && len <= longest {
        let hi = lo + len
        let d = distances[len]
        guard d >= 1, d <= limit else { continue }
        if let b = best, (b.1, abs(b.0.count - L)) <= (d, abs(len - L)) { continue }
        best = (lo..<hi, d)
      }
    }
    guard let (range, edits) = best else { return nil }
    let window = Array(s[range])
    let text = SloganText.string(window)
    // The draft writes the form exactly here (a window inside or around it is no near-miss).
    let around = max(0, range.lowerBound - L)..<min(s.count, range.upperBound + L)
    if Array(s[around]).contains(subsequence: c) { return nil }
    if sets.contains(where: { $0.exact.contains(text) }) { return nil }
    if SloganText.differsOnlyInNumerals(window, c) { return nil }
    let quoted =
      range.lowerBound > 0 && s[range.lowerBound - 1] == "“" && range.upperBound < s.count && s[range.upperBound] == "”"
    let wholeClause =
      (range.lowerBound == 0 || SloganText.isBreak(s[range.lowerBound - 1]))
      && (range.upperBound == s.count || SloganText.isBreak(s[range.upperBound]))
    if form.wholeClause && !wholeClause { return nil }
    if wholeClause && index.isAttested(window, excluding: excluding) { return nil }
    let (x, y) = SloganText.middle(window, c)
    // The window must hold the form on two characters at least on each side of the difference, unless
    // punctuation bounds it there: one character alone may belong to the word next to it (`学习新时代…`
    // is not `习近平新时代…` less two characters).
    let startsAtBreak = range.lowerBound == 0 || SloganText.isBreak(s[range.lowerBound - 1])
    let endsAtBreak = range.upperBound == s.count || SloganText.isBreak(s[range.upperBound])
    guard x.startIndex >= 2 || startsAtBreak, window.count - x.endIndex >= 2 || endsAtBreak else { return nil }
    let swapped = x.count == 2 && y.count == 2 && x.first == y.last && x.last == y.first
    let substituted = !x.isEmpty && !y.isEmpty && !swapped
    // A character added to a recurring clause the draft does not quote is as often the writer's own word
    // (`又有大片农村` against `又有大农村`); a dropped or swapped one garbles it.
    if form.wholeClause && !quoted && y.isEmpty && !x.isEmpty { return nil }
    if substituted {
      guard form.substitutions, L >= 6 || quoted else { return nil }
    } else if !swapped {
      guard L >= 5 || quoted else { return nil }
    }
    // For a form mined from the corpus (the registry's are curated), two edits are a near-miss only where
    // the draft quotes it: in running text they are as often the writer's own word order
    // (`坚持把高质量发展作为…` against `把坚持高质量发展作为…`).
    if case .corpus = form.origin, edits >= 2 && !quoted { return nil }
    // A numeral put for a word or a word for a numeral designates something else (`“头号工程”` against
    // `“一号工程”`, `首批` against `第一批`), as a changed numeral does.
    if substituted && (x.contains(where: SloganText.isNumeral) || y.contains(where: SloganText.isNumeral)) {
      return nil
    }
    return VariantHit(
      viewRange: range, found: text, expected: SloganText.string(c), reason: .characters, origin: form.origin)
  }

  // MARK: - Titles

  private func titles(_ s: [Unicode.Scalar], _ set: CanonicalSet) -> [VariantHit] {
    let titles = set.forms.enumerated().filter { $0.element.title }
    guard !titles.isEmpty else { return [] }
    var hits: [VariantHit] = []
    var i = 0
    while i < s.count {
      guard s[i] == "《", let close = s[(i + 1)...].prefix(82).firstIndex(of: "》") else {
        i += 1
        continue
      }
      let content = Array(s[(i + 1)..<close])
      let text = SloganText.string(content)
      i = close + 1
      guard content.count >= 6, !set.exact.contains(text) else { continue }
      for (_, form) in titles where abs(form.scalars.count - content.count) <= 2 && hasEvidence(form.origin) {
        let limit = form.scalars.count >= 12 ? 2 : 1
        let d = SloganText.distance(content, form.scalars, limit: limit)
        guard d >= 1, d <= limit, !SloganText.differsOnlyInNumerals(content, form.scalars) else { continue }
        hits.append(
          VariantHit(
            viewRange: (close - content.count)..<close, found: text, expected: SloganText.string(form.scalars),
            reason: .characters, origin: form.origin))
        break
      }
    }
    return hits
  }

  // MARK: - Disputes

  private func disputes(_ s: [Unicode.Scalar]) -> [VariantHit] {
    guard !index.disputes.isEmpty else { return [] }
    let run = ContentRun(s, 0..<s.count)
    var hits: [VariantHit] = []
    for (n, d) in index.disputes.enumerated() {
      guard d.strongUses.contains(where: counts) else { continue }
      let weak = Array(d.weak.unicodeScalars)
      let strong = Array(d.strong.unicodeScalars)
      // A short clause with a changed character (`省纪委监委`/`省纪委常委`) may be a legitimate other
      // phrase elsewhere; only a truncation of it (`防风险保安`) is a slip wherever it appears. The
      // misquote check still catches the changed one where the sentence is reproduced.
      let (w, _) = SloganText.middle(weak, strong)
      if weak.count < 6 && !w.isEmpty { continue }
      var from = 0
      while let at = run.scalars.firstIndex(of: weak, from: from) {
        from = at + 1
        let viewRange = run.viewRange(at..<(at + weak.count))
        // The weak form inside the strong one (`防风险保安` in `防风险保安全`) is the strong form; looked
        // at in the view, where punctuation separates (`防风险保安、全面` does not contain it).
        let lo = max(0, viewRange.lowerBound - strong.count)
        let hi = min(s.count, viewRange.upperBound + strong.count)
        let around = Array(s[lo..<hi])
        if around.contains(subsequence: strong) && !around.hasOccurrence(of: weak, outside: strong) { continue }
        let inside = s[viewRange]
        if inside.contains(where: { SloganText.isBreak($0) }) { continue }
        if d.wholeClause {
          let lo = viewRange.lowerBound
          let hi = viewRange.upperBound
          guard (lo == 0 || SloganText.isBreak(s[lo - 1])) && (hi == s.count || SloganText.isBreak(s[hi])) else {
            continue
          }
        }
        hits.append(
          VariantHit(viewRange: viewRange, found: d.weak, expected: d.strong, reason: .dispute(n), origin: nil))
      }
    }
    return hits
  }
}
