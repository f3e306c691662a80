/// A formulation the corpus stopped using once a close sibling took its place: a candidate for a
/// `stale` registry entry, for people to confirm (the corpus alone cannot tell a rename from a new idea).
public struct StaleCandidate: Sendable, Codable, Hashable {
  /// The older form.
  public var old: String
  /// The newer sibling.
  public var new: String
  /// The older form's last use.
  public var lastUse: SimpleDate
  /// The newer form's first use.
  public var firstUse: SimpleDate
}

extension FormulationIndex {
  /// Pairs of sibling formulations where the older one's last use precedes the newer one's first use.
  /// Siblings: lists sharing all members but one, or forms a character or two apart.
  public func staleCandidates() -> [StaleCandidate] {
    var result: [StaleCandidate] = []
    let forms = formulations.filter { $0.kind != .title && $0.kind != .phrase }
    for a in forms {
      for b in forms where a.text != b.text {
        guard let last = lastUse(of: a), let first = firstUse(of: b), last < first, isSibling(a, b) else { continue }
        result.append(StaleCandidate(old: a.text, new: b.text, lastUse: last, firstUse: first))
      }
    }
    return result.sorted { ($0.firstUse, $0.old) < ($1.firstUse, $1.old) }
  }

  func isSibling(_ a: Formulation, _ b: Formulation) -> Bool {
    let x = Array(a.text.unicodeScalars)
    let y = Array(b.text.unicodeScalars)
    if SloganText.differsOnlyInNumerals(x, y) { return false }
    if a.kind == .list && b.kind == .list {
      let shared = Set(a.members).intersection(b.members).count
      return abs(a.members.count - b.members.count) <= 1 && shared >= max(a.members.count, b.members.count) - 1
        && shared >= 2
    }
    guard min(x.count, y.count) >= 4 else { return false }
    let limit = min(x.count, y.count) >= 8 ? 2 : 1
    return SloganText.distance(x, y, limit: limit) <= limit
  }
}
