#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The cache's index parts (about the corpus's size) while they are decoded: the file's pages mapped where
/// they are (`init(file:offset:count:populate:)`), or, where the system refuses that, read into memory
/// mapped for the purpose. Either way the bytes can be given back while they are decoded: each part's
/// decoder says how far it has read (`PageReleaser`), and the whole pages behind that are unmapped.
/// Without this the bytes and the indexes decoded from them were held together, and that was a start's
/// peak memory.
///
/// `@unchecked Sendable` is safe: read bytes are written once (through `mutableBytes`) before any reader
/// sees them, a file's are never written, and each part's pages are released only by that part's decoder,
/// which never reads behind what it released.
final class PartBuffer: @unchecked Sendable {
  let count: Int
  private let base: UnsafeMutableRawPointer
  private let mapping: UnsafeMutableRawPointer
  private let mapped: Int

  /// Maps `count` bytes; nil when the system refuses.
  init?(count: Int) {
    let page = PartBuffer.pageSize
    mapped = max(page, (count + page - 1) / page * page)
    let p = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
    guard let p, p != MAP_FAILED else { return nil }
    base = p
    mapping = p
    self.count = count
  }

  /// Maps `count` bytes of file `fd` from `offset`, read-only, its pages mapped at once when `populate`; nil
  /// when the system refuses.
  init?(file fd: Int32, offset: Int, count: Int, populate: Bool) {
    let page = PartBuffer.pageSize
    let start = offset / page * page
    mapped = max(page, (offset - start + count + page - 1) / page * page)
    #if os(Linux)
      let flags = MAP_PRIVATE | (populate ? MAP_POPULATE : 0)
    #else
      let flags = MAP_PRIVATE
    #endif
    let p = mmap(nil, mapped, PROT_READ, flags, fd, off_t(start))
    guard let p, p != MAP_FAILED else { return nil }
    mapping = p
    base = p + (offset - start)
    self.count = count
  }

  deinit { munmap(mapping, mapped) }

  /// The bytes, to fill.
  var mutableBytes: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: base, count: count) }

  /// The bytes.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  /// A releaser for the part in byte range `range`, decoded from its start to its end by one thread, giving
  /// back at least `batch` bytes at a time (a call per use list, thousands, cost more CPU than the decoding
  /// around it: each makes the kernel flush the other cores' address translations).
  func releaser(for range: Range<Int>, batch: Int = 1 << 20) -> PageReleaser {
    let address = UInt(bitPattern: base)
    return PageReleaser(start: address + UInt(range.lowerBound), end: address + UInt(range.upperBound), batch: batch)
  }

  static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Gives back the whole pages of one part that its decoder has read past (see `PartBuffer`). The decoder
/// calls `consumed(upTo:)` with the address of the next byte it will read; pages holding any byte at or
/// after it, or any byte before the part, are kept. Used by one thread.
final class PageReleaser: @unchecked Sendable {
  private let end: UInt
  private var released: UInt
  /// The least one release gives back, but for the part's last whole pages.
  private let batch: UInt

  init(start: UInt, end: UInt, batch: Int) {
    let page = UInt(PartBuffer.pageSize)
    released = (start + page - 1) / page * page
    self.end = end
    self.batch = UInt(batch)
  }

  /// Everything before `address` has been read and will not be read again.
  func consumed(upTo address: UnsafeRawPointer?) {
    guard let address else { return }
    let page = UInt(PartBuffer.pageSize)
    let upTo = min(UInt(bitPattern: address), end) / page * page
    guard upTo > released, upTo >= released + batch || upTo == end / page * page,
      let start = UnsafeMutableRawPointer(bitPattern: released)
    else { return }
    _ = madvise(start, Int(upTo - released), MADV_DONTNEED)
    released = upTo
  }

}
