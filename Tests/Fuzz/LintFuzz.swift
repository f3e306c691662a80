// libFuzzer target `lint`: the whole lint of arbitrary text, against a fixed corpus and one made from the input.
// Built by Tests/Fuzz/run.sh together with Tests/PolicyLintTests/FuzzHarness/LintInvariants.swift.
import Foundation
import PolicyLint

/// Loaded once per fuzzing process: reading the corpus per input would drown the fuzzer.
let fuzzReferenceCorpus = LintInvariants.referenceCorpus(
  directory: ProcessInfo.processInfo.environment["POLICYLINT_FUZZ_CORPUS"])

/// Entry point called by libFuzzer for each input; traps (a finding) when an invariant breaks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLint(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let problems = LintInvariants.check(bytes: bytes, reference: fuzzReferenceCorpus)
  if !problems.isEmpty { fatalError("lint invariant broken:\n" + problems.joined(separator: "\n")) }
  return 0
}
