// libFuzzer target `numeral`: the Chinese numeral parser, its speller and the figure extractor.
// Built by Tests/Fuzz/run.sh together with Tests/PolicyLintTests/FuzzHarness/NumeralInvariants.swift.

/// Entry point called by libFuzzer for each input; traps (a finding) when an invariant breaks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumeral(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let problems = NumeralInvariants.check(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
  if !problems.isEmpty { fatalError("numeral invariant broken:\n" + problems.joined(separator: "\n")) }
  return 0
}
