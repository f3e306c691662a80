/// Counts votes per key (a sentence id, a form and diagonal) in an open-addressing table sized for the
/// votes at hand: a `Dictionary`'s hashing and growth were most of the near-miss and candidate searches.
/// Keys are non-negative.
struct VoteCounter {
  private var keys: [Int64]
  private var counts: [Int32]
  private let mask: Int

  /// A table for at most `total` votes.
  init(total: Int) {
    var capacity = 16
    while capacity < total * 2 { capacity <<= 1 }
    mask = capacity - 1
    keys = [Int64](repeating: -1, count: capacity)
    counts = [Int32](repeating: 0, count: capacity)
  }

  /// One more vote for `key`.
  mutating func add(_ key: Int64) {
    var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    while keys[slot] != -1 && keys[slot] != key { slot = (slot + 1) & mask }
    keys[slot] = key
    counts[slot] += 1
  }

  /// Every key counted with its votes, in table order.
  func forEach(_ body: (_ key: Int64, _ votes: Int) -> Void) {
    for slot in keys.indices where keys[slot] >= 0 { body(keys[slot], Int(counts[slot])) }
  }

  /// The sentence ids with at least `needed` votes that `accept` takes, most votes first (then the lower
  /// id), at most `limit`.
  func top(needed: Int, limit: Int, accept: (Int32) -> Bool) -> [Int] {
    var chosen: [(id: Int32, votes: Int)] = []
    forEach { key, votes in
      let id = Int32(truncatingIfNeeded: key)
      if votes >= needed && accept(id) { chosen.append((id, votes)) }
    }
    return chosen.sorted { ($0.votes, -$0.id) > ($1.votes, -$1.id) }.prefix(limit).map { Int($0.id) }
  }
}
