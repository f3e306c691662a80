// libFuzzer target `matching-view`: decoding, the line table and the matching view's offset map.
// Built by Tests/Fuzz/run.sh together with Tests/PolicyTextTests/FuzzHarness/TextInvariants.swift.

/// Entry point called by libFuzzer for each input; traps (a finding) when an invariant breaks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatchingView(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let problems = TextInvariants.check(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
  if !problems.isEmpty { fatalError("matching-view invariant broken:\n" + problems.joined(separator: "\n")) }
  return 0
}
