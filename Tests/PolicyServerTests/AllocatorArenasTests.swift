import XCTest

@testable import PolicyServer

#if canImport(Glibc)
  import Glibc
#endif

/// `policylint serve` limits glibc to one allocator arena (the soak test checks what that is for: memory
/// that stays flat over corpus reloads); here, that the setting is found and accepted.
final class AllocatorArenasTests: XCTestCase {
  func testTheArenaLimitIsAcceptedByGlibc() throws {
    #if canImport(Glibc)
      // Under a sanitizer its own allocator stands in for glibc's, and its `mallopt` accepts nothing.
      let process = UnsafeMutableRawPointer(bitPattern: 0)
      for runtime in ["__asan_init", "__tsan_init"] where dlsym(process, runtime) != nil {
        throw XCTSkip("\(runtime): a sanitizer's allocator replaces glibc's")
      }
      XCTAssertTrue(AllocatorArenas.limitToOne())
    #else
      throw XCTSkip("glibc only")
    #endif
  }
}
