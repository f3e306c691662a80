import PolicyText

/// Sentence ids grouped by gram hash, flat: the distinct hashes ascending, and for each the run of `ids`
/// carrying it (ascending too), with a directory over the hashes' top bits so a lookup searches a handful
/// of neighbouring hashes. The sentence index builds it; the sentence lookup keeps a filtered copy and the
/// corpus cache stores that copy's columns as they are.
struct GramPostings: Sendable {
  /// Distinct gram hashes, ascending.
  let hashes: [UInt64]
  /// `ids[starts[g]..<starts[g + 1]]` carry `hashes[g]`; one more element than `hashes`.
  let starts: [UInt32]
  /// Sentence ids, grouped by gram.
  let ids: [Int32]
  /// `hashes` indices by the hash's top bits.
  private let directory: HashDirectory<UInt64>

  /// Top bits of the hash that pick a posting's bucket while building.
  static let bucketBits = 16
  /// Number of buckets.
  static let bucketCount = 1 << bucketBits

  /// The bucket of a hash: its top `bucketBits` bits.
  @inline(__always)
  static func bucket(of hash: UInt64) -> Int { Int(hash >> UInt64(64 - bucketBits)) }

  /// Bucket starts from per-bucket counts kept one slot on (`counts[bucket(of: h) + 1] += 1`), turned into
  /// running sums in place: bucket `b` then starts at `counts[b]`, and the last element is the total.
  static func bucketStarts(fromCounts counts: inout [Int]) {
    for b in 0..<bucketCount { counts[b + 1] += counts[b] }
  }

  /// No postings.
  init() { self.init(hashes: [], starts: [0], ids: []) }

  /// Postings from columns already grouped (checked by whoever read them: `SentenceLookup.validate`).
  init(hashes: [UInt64], starts: [UInt32], ids: [Int32]) {
    self.hashes = hashes
    self.starts = starts
    self.ids = ids
    directory = HashDirectory(hashes)
  }

  /// Groups (hash, id) postings laid out by bucket: bucket `b` (the hash's top `bucketBits` bits) holds
  /// `bucketStarts[b]..<bucketEnds[b]` (`bucketEnds` defaults to the next bucket's start; a bucket may end
  /// early, leaving slots its writer reserved and did not use). Each bucket is sorted by hash and id (a
  /// bucket already in that order, as the sentence index writes them, is left as it is), then equal hashes
  /// are merged into one run and the buckets are closed up.
  init(bucketed hashes: consuming [UInt64], ids: consuming [Int32], bucketStarts: [Int], bucketEnds: [Int]? = nil) {
    var distinct: [UInt64] = []
    var starts: [UInt32] = [0]
    var pairs: [(hash: UInt64, id: Int32)] = []
    // Where the next id goes: never past the slot it is read from, so closing up works in place.
    var out = 0
    for b in 0..<(bucketStarts.count - 1) {
      let range = bucketStarts[b]..<(bucketEnds?[b] ?? bucketStarts[b + 1])
      guard !range.isEmpty else { continue }
      pairs.removeAll(keepingCapacity: true)
      var sorted = true
      for i in range {
        if i > range.lowerBound && (hashes[i], ids[i]) < (hashes[i - 1], ids[i - 1]) { sorted = false }
        pairs.append((hashes[i], ids[i]))
      }
      if !sorted { pairs.sort { ($0.hash, $0.id) < ($1.hash, $1.id) } }
      for pair in pairs {
        ids[out] = pair.id
        if distinct.last != pair.hash {
          if !distinct.isEmpty { starts.append(UInt32(out)) }
          distinct.append(pair.hash)
        }
        out += 1
      }
    }
    ids.removeLast(ids.count - out)
    if !distinct.isEmpty { starts.append(UInt32(out)) }
    self.init(hashes: distinct, starts: starts, ids: ids)
  }

  /// Groups (hash, id) pairs given in any order; ids ascending within a hash.
  init(grouping hashes: [UInt64], ids: [Int32]) {
    var bucketStarts = [Int](repeating: 0, count: Self.bucketCount + 1)
    for h in hashes { bucketStarts[Self.bucket(of: h) + 1] += 1 }
    Self.bucketStarts(fromCounts: &bucketStarts)
    var next = bucketStarts
    var bucketedHashes = [UInt64](repeating: 0, count: hashes.count)
    var bucketedIDs = [Int32](repeating: 0, count: hashes.count)
    for (h, id) in zip(hashes, ids) {
      let b = Self.bucket(of: h)
      bucketedHashes[next[b]] = h
      bucketedIDs[next[b]] = id
      next[b] += 1
    }
    self.init(bucketed: bucketedHashes, ids: bucketedIDs, bucketStarts: bucketStarts)
  }

  /// Where in `ids` the ids of the gram at index `g` of `hashes` are.
  private func run(at g: Int) -> Range<Int> { Int(starts[g])..<Int(starts[g + 1]) }

  /// The ids of the gram at index `g` of `hashes`.
  func ids(at g: Int) -> ArraySlice<Int32> { ids[run(at: g)] }

  /// The ids carrying the gram with this hash (empty for a gram no sentence has).
  func ids(of hash: UInt64) -> ArraySlice<Int32> { ids[range(of: hash)] }

  /// Where in `ids` the ids carrying the gram with this hash are (empty for a gram no sentence has); what a
  /// caller reading many grams' ids takes, so no slice is made (and retained) per gram.
  func range(of hash: UInt64) -> Range<Int> {
    guard !hashes.isEmpty else { return 0..<0 }
    let lo = hashes.partitionPoint(in: directory.bucket(of: hash)) { $0 < hash }
    guard lo < hashes.count, hashes[lo] == hash else { return 0..<0 }
    return run(at: lo)
  }

  /// The same postings without the grams carried by more than `maximum` ids.
  func keeping(atMost maximum: Int) -> GramPostings {
    var kept: [UInt64] = []
    var keptStarts: [UInt32] = [0]
    var keptIDs: [Int32] = []
    for g in hashes.indices {
      let run = run(at: g)
      guard run.count <= maximum else { continue }
      kept.append(hashes[g])
      keptIDs += ids[run]
      keptStarts.append(UInt32(keptIDs.count))
    }
    return GramPostings(hashes: kept, starts: keptStarts, ids: keptIDs)
  }

  /// The ids sharing at least `share` of `content`'s distinct grams (and never fewer than 3), most votes
  /// first (then the lower id), at most `limit`; grams carried by more than `longestList` ids are not
  /// counted, and ids for which `accept` is false are skipped. What the sentence index and the sentence
  /// lookup both answer.
  func candidates(
    for content: [Unicode.Scalar], longestList: Int, limit: Int, share: Double, accept: (Int32) -> Bool
  ) -> [Int] {
    let wanted = SentenceIndex.distinctGrams(content)
    guard !wanted.isEmpty else { return [] }
    var lists: [Range<Int>] = []
    var total = 0
    for h in wanted {
      let list = range(of: h)
      guard !list.isEmpty, list.count <= longestList else { continue }
      lists.append(list)
      total += list.count
    }
    guard total > 0 else { return [] }
    var votes = VoteCounter(total: total)
    ids.withUnsafeBufferPointer { ids in
      votes.adding { vote in for list in lists { for k in list { vote(Int64(ids[k])) } } }
    }
    return votes.top(needed: max(3, Int(Double(wanted.count) * share)), limit: limit, accept: accept)
  }
}
