// libFuzzer target `jsonrpc`: Content-Length framing, JSON parsing and JSON-RPC message decoding.
// Built by Tests/Fuzz/run.sh together with Tests/JSONRPCTests/FuzzHarness/FramerInvariants.swift.

/// Entry point called by libFuzzer for each input; traps (a finding) when an invariant breaks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONRPC(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let problems = FramerInvariants.check(bytes: Array(UnsafeBufferPointer(start: data, count: size)))
  if !problems.isEmpty { fatalError("jsonrpc invariant broken:\n" + problems.joined(separator: "\n")) }
  return 0
}
