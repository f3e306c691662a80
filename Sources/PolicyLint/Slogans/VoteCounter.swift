/// Counts votes per key (a sentence id, a form and diagonal) in an open-addressing table sized for the
/// votes at hand: a `Dictionary`'s hashing and growth were most of the near-miss and candidate searches.
/// Keys are non-negative. One counter serves many small counts in turn (`reset(total:)`): only the slots
/// used are cleared and visited, so a large table is not swept for a few votes.
struct VoteCounter {
  /// A key and its votes side by side, so a vote touches one place in memory (the table of a long draft
  /// outgrows the caches, and two arrays cost two misses a vote).
  private struct Slot {
    var key: Int64
    var votes: Int32
  }

  private var slots: [Slot] = []
  private var mask = 0
  /// The slots holding a key, in the order the keys came.
  private var used: [Int32] = []

  /// A table for at most `total` votes.
  init(total: Int) { reset(total: total) }

  /// Forgets every vote and makes room for at most `total` more.
  mutating func reset(total: Int) {
    var capacity = 16
    while capacity < total * 2 { capacity <<= 1 }
    if capacity > slots.count {
      mask = capacity - 1
      slots = [Slot](repeating: Slot(key: -1, votes: 0), count: capacity)
    } else {
      slots.withUnsafeMutableBufferPointer { table in
        for slot in used { table[Int(slot)] = Slot(key: -1, votes: 0) }
      }
    }
    used.removeAll(keepingCapacity: true)
  }

  /// Votes for the keys `body` passes to the function it is given (one table access set up for them all).
  mutating func adding(_ body: (_ vote: (Int64) -> Void) -> Void) {
    let mask = self.mask
    var used = self.used
    self.used = []
    defer { self.used = used }
    slots.withUnsafeMutableBufferPointer { table in
      body { key in
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while table[slot].key != -1 && table[slot].key != key { slot = (slot + 1) & mask }
        if table[slot].key == -1 {
          table[slot].key = key
          used.append(Int32(truncatingIfNeeded: slot))
        }
        table[slot].votes += 1
      }
    }
  }

  /// Every key counted with its votes, in the order the keys came.
  func forEach(_ body: (_ key: Int64, _ votes: Int) -> Void) {
    slots.withUnsafeBufferPointer { table in
      for slot in used {
        let s = table[Int(slot)]
        body(s.key, Int(s.votes))
      }
    }
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
