#if canImport(Glibc)
  import Glibc
#endif

/// The server's allocator setting. glibc gives each thread that allocates while others do an arena of its
/// own (up to eight per core). The server lints, loads and rebuilds corpora on worker threads, so memory
/// freed in one arena was later needed in another: a server reloading its corpus grew by 5–10 MB in steps
/// until every arena held its share (the soak test's bound caught it now and then). With one arena the
/// memory freed is the memory reused: the soak test's server stays within 2 MB over 20 reloads, and the
/// 100 MB benchmark's peak is about 10 MB lower, with the same CPU per edit (glibc's per-thread caches
/// serve small allocations without the arena's lock).
public enum AllocatorArenas {
  /// glibc's `M_ARENA_MAX` option.
  static let arenaMaxOption: Int32 = -8

  /// Limits the process to one arena; call before other threads start. False where the C library is not
  /// glibc or refuses.
  @discardableResult
  public static func limitToOne() -> Bool {
    guard let symbol = glibcSymbol("mallopt") else { return false }
    let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
    return mallopt(arenaMaxOption, 1) == 1
  }

  /// A function of glibc's malloc.h, which the Glibc module leaves out: found at run time (nil where the C
  /// library is not glibc).
  private static func glibcSymbol(_ name: String) -> UnsafeMutableRawPointer? {
    #if canImport(Glibc)
      return dlsym(UnsafeMutableRawPointer(bitPattern: 0), name)
    #else
      return nil
    #endif
  }

  /// glibc's `malloc_trim`.
  private static let mallocTrim = glibcSymbol("malloc_trim").map {
    unsafeBitCast($0, to: (@convention(c) (Int) -> Int32).self)
  }

  /// Gives the free pages inside the heap back to the system: glibc returns only the heap's top on its own,
  /// and an index build frees hundreds of megabytes of small blocks below live ones.
  public static func trim() { _ = mallocTrim?(0) }
}
