import Foundation

/// Renders the results as plain-text tables, with the issue's targets next to the measured figures.
enum Report {
  static func table(_ r: [String: Any]) -> String {
    var lines: [String] = []
    lines.append("policylint-bench: \(r["tool"] ?? "?"), \(r["cores"] ?? "?") cores, load average at start \(r["loadAverageAtStart"] ?? "?")")
    if let note = r["note"] as? String, !note.isEmpty { lines.append("note: \(note)") }
    let corpora = (r["corpora"] as? [[String: Any]]) ?? []
    lines.append("")
    // "RSS check": the peak of the in-process throughput probe (cached load, every corpus part kept, as
    // `check` keeps them); the server's own peak is in the latency table below.
    lines.append(row(["corpus", "MB", "build s", "build MB/s", "cache MB", "cache/corpus", "cache load s", "RSS build", "RSS check"]))
    for c in corpora {
      let bytes = double(c["bytes"])
      let build = (c["build"] as? [String: Any]) ?? [:]
      let load = (c["load"] as? [String: Any]) ?? [:]
      lines.append(row([
        "\(c["documents"] ?? "?") docs", f(bytes / 1e6, 1), f(double(build["seconds"]), 2),
        f(bytes / 1e6 / max(double(build["seconds"]), 1e-9), 1), f(double(build["cacheBytes"]) / 1e6, 1),
        f(double(build["cacheBytes"]) / max(bytes, 1), 2) + "x", f(double(load["seconds"]), 3),
        f(double(build["peakRSSBytes"]) / max(bytes, 1), 2) + "x", f(double(load["peakRSSBytes"]) / max(bytes, 1), 2) + "x",
      ]))
    }
    for c in corpora {
      guard let u = c["update"] as? [String: Any] else { continue }
      let changed = (u["changed"] as? [String: Any]) ?? [:]
      let back = (u["restored"] as? [String: Any]) ?? [:]
      lines.append(
        "\(c["documents"] ?? "?") docs: load after one file changed \(f(double(changed["seconds"]), 2)) s, "
          + "after it was put back \(f(double(back["seconds"]), 2)) s (build from scratch "
          + "\(f(double((c["build"] as? [String: Any])?["seconds"]), 2)) s)")
    }
    lines.append("")
    lines.append("check throughput, characters/s (in process, corpus loaded; first run in brackets, ms)")
    var header = ["draft"] + corpora.map { "\($0["documents"] ?? "?")-doc corpus" }
    let ac = ((r["autocorrect"] as? [String: Any])?["results"] as? [[String: Any]]) ?? []
    if !ac.isEmpty { header.append("autocorrect-py") }
    lines.append(row(header))
    let draftNames = (((corpora.first?["load"] as? [String: Any])?["check"]) as? [[String: Any]])?.compactMap { $0["draft"] as? String } ?? []
    for name in draftNames {
      var cells = [name]
      for c in corpora {
        let check = (((c["load"] as? [String: Any])?["check"]) as? [[String: Any]]) ?? []
        let m = check.first { ($0["draft"] as? String) == name } ?? [:]
        cells.append(count(double(m["charactersPerSecond"])) + " (\(f(double(m["firstSeconds"]) * 1000, 0)))")
      }
      if !ac.isEmpty {
        let m = ac.first { ($0["draft"] as? String) == name } ?? [:]
        cells.append(count(double(m["charactersPerSecond"])))
      }
      lines.append(row(cells))
    }
    if let note = (r["autocorrect"] as? [String: Any])?["note"] as? String { lines.append("autocorrect: \(note)") }
    lines.append("")
    lines.append(row(["corpus", "CLI warm start s", "CLI 8 drafts: cores used", "server start s", "edit p50 ms", "p95 ms", "p99 ms", "server RSS"]))
    for c in corpora {
      let cli = (c["cli"] as? [String: Any]) ?? [:]
      let par = (cli["parallel8x20k"] as? [String: Any]) ?? [:]
      let s = (c["server"] as? [String: Any]) ?? [:]
      let bytes = double(c["bytes"])
      if s["p50Seconds"] != nil {
        lines.append(row([
          "\(c["documents"] ?? "?") docs", f(double(cli["warmStartupToDiagnosticsSeconds"]), 3), f(double(par["coresUsed"]), 2),
          f(double(s["startupToFirstDiagnosticsSeconds"]), 3), f(double(s["p50Seconds"]) * 1000, 1),
          f(double(s["p95Seconds"]) * 1000, 1), f(double(s["p99Seconds"]) * 1000, 1),
          f(double(s["serverPeakRSSBytes"]) / max(bytes, 1), 2) + "x",
        ]))
      } else {
        let why = (s["error"] ?? s["skipped"]).map { "\($0)" } ?? "not run"
        lines.append(row([
          "\(c["documents"] ?? "?") docs", f(double(cli["warmStartupToDiagnosticsSeconds"]), 3), f(double(par["coresUsed"]), 2),
          "server: " + why,
        ]))
      }
    }
    for c in corpora {
      guard let s = c["serverViewMemory"] as? [String: Any], s["p50Seconds"] != nil else { continue }
      let ms = ["p50Seconds", "p95Seconds", "p99Seconds"].map { f(double(s[$0]) * 1000, 1) }.joined(separator: " / ")
      let rss = f(double(s["serverPeakRSSBytes"]) / max(double(c["bytes"]), 1), 2)
      lines.append(
        "\(c["documents"] ?? "?") docs, \(s["viewMemoryMB"] ?? "?") MB for corpus views and texts: "
          + "edit p50/p95/p99 \(ms) ms, server RSS \(rss)x")
    }
    for c in corpora {
      guard let s = c["serverAfterChange"] as? [String: Any], s["startupToFirstDiagnosticsSeconds"] != nil else {
        continue
      }
      lines.append(
        "\(c["documents"] ?? "?") docs: server start after one corpus file changed, first diagnostics (from the "
          + "cached index) in \(f(double(s["startupToFirstDiagnosticsSeconds"]), 3)) s")
    }
    for c in corpora {
      if let p = (c["load"] as? [String: Any])?["parallelLint"] as? [String: Any], p["speedup"] != nil {
        lines.append("\(c["documents"] ?? "?") docs: linting \(p["drafts"] ?? "?") drafts concurrently is \(f(double(p["speedup"]), 2))x "
          + "faster than one after another (\(f(double(p["sequentialSeconds"]), 2)) s -> \(f(double(p["concurrentSeconds"]), 2)) s)")
      }
    }
    lines.append("")
    lines.append("targets (issue 8): edit p95 <= 10 ms (20k draft, 100 MB corpus); cached start-up to first diagnostics")
    lines.append("<= 300 ms; build >= 50 MB/s; service RSS <= 1.5x corpus; check faster than autocorrect-py.")
    return lines.joined(separator: "\n")
  }

  static func row(_ cells: [String]) -> String {
    cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: 16, withPad: " ", startingAt: 0) : pad(c, 14) }.joined(separator: " ")
  }

  static func pad(_ s: String, _ n: Int) -> String {
    s.count >= n ? s : String(repeating: " ", count: n - s.count) + s
  }

  static func double(_ v: Any?) -> Double {
    if let d = v as? Double { return d }
    if let i = v as? Int { return Double(i) }
    if let n = v as? NSNumber { return n.doubleValue }
    return 0
  }

  static func f(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }

  /// 1234567 → `1.23M`.
  static func count(_ v: Double) -> String {
    if v >= 1e6 { return f(v / 1e6, 2) + "M" }
    if v >= 1e3 { return f(v / 1e3, 1) + "k" }
    return f(v, 0)
  }
}
