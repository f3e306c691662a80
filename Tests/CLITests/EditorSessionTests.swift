import Foundation
import PolicyLint
import XCTest

/// Real editors from Debian, headless, with the shipped configuration files against the built server: what
/// the writer sees must be what `policylint check` reports. Each test skips when its editor is not installed
/// (`apt-get install emacs-nox elpa-eglot vim-ale`) or the build has no `serve` command yet.
final class EditorSessionTests: XCTestCase {
  /// A scratch HOME so editors write nothing into the real one.
  func scratchHome() throws -> URL {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("policylint-home-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    return home
  }

  var pathWithPolicylint: String {
    CLI.productsDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
  }

  /// JSON lines printed by a session script, by their `event`.
  func events(_ stdout: String) -> [String: [String: Any]] {
    var result: [String: [String: Any]] = [:]
    for line in stdout.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let event = object["event"] as? String
      else { continue }
      result[event] = object
    }
    return result
  }

  /// Applies the LSP edits of a fix (UTF-16 positions, possibly across lines) to `text`.
  func apply(_ edits: [[String: Any]], to text: String) -> String? {
    var units = Array(text.utf16)
    func offset(_ p: (line: Int, character: Int)) -> Int? {
      var start = 0
      for _ in 0..<p.line {
        guard let newline = units[start...].firstIndex(of: 0x0A) else { return nil }
        start = newline + 1
      }
      let lineEnd = units[start...].firstIndex(of: 0x0A) ?? units.count
      return start + p.character <= lineEnd ? start + p.character : nil
    }
    var ranges: [(Range<Int>, String)] = []
    for edit in edits {
      guard let s = position(edit, "start").flatMap(offset), let e = position(edit, "end").flatMap(offset), s <= e,
        let newText = edit["newText"] as? String
      else { return nil }
      ranges.append((s..<e, newText))
    }
    // Last edit first, so earlier offsets stay valid.
    for (range, newText) in ranges.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
      units.replaceSubrange(range, with: Array(newText.utf16))
    }
    return String(decoding: units, as: UTF16.self)
  }

  func position(_ edit: [String: Any], _ key: String) -> (line: Int, character: Int)? {
    guard let range = edit["range"] as? [String: Any], let p = range[key] as? [String: Int], let l = p["line"],
      let c = p["character"]
    else { return nil }
    return (l, c)
  }

  /// Eglot 1.9 (Debian's elpa-eglot, Emacs 28) loading `editors/emacs/policylint-eglot.el`: the diagnostics
  /// Flymake shows are the CLI's, at the same characters after an astral prefix (Eglot sends no
  /// positionEncodings, so the server must count UTF-16); hover answers on a finding; the quick fix applies.
  func testEglotShowsTheCLIsDiagnosticsAndAppliesAQuickFix() throws {
    guard let emacs = Tools.onPath("emacs") else { throw XCTSkip("emacs is not installed (apt-get install emacs-nox)") }
    let probe = try Subprocess.run(emacs, ["--batch", "--eval", "(kill-emacs (if (locate-library \"eglot\") 0 1))"])
    guard probe.status == 0 else { throw XCTSkip("eglot is not installed (apt-get install elpa-eglot)") }
    guard Tools.hasServeCommand else { throw XCTSkip("`policylint serve` is not in this build yet") }
    let project = try ExampleProject.make(preferringFixes: true)
    let home = try scratchHome()
    defer {
      try? FileManager.default.removeItem(at: project.directory)
      try? FileManager.default.removeItem(at: home)
    }
    let text = try String(contentsOf: project.draft, encoding: .utf8)
    let expected = try project.cliDiagnostics()
    XCTAssertFalse(expected.isEmpty, "the example draft has no finding on the command line")
    let first = expected.min { a, b in
      let pa = position(a, "start")
      let pb = position(b, "start")
      return (pa?.line ?? 0, pa?.character ?? 0) < (pb?.line ?? 0, pb?.character ?? 0)
    }
    let fix = ((first?["data"] as? [String: Any])?["fixes"] as? [[String: Any]])?.first

    let r = try Subprocess.run(
      emacs, ["--batch", "-l", Tools.scripts.appendingPathComponent("eglot-session.el").path],
      directory: project.directory,
      environment: [
        "PATH": pathWithPolicylint, "HOME": home.path, "POLICYLINT_TIMEOUT": "60",
        "POLICYLINT_EGLOT_CONFIG": Tools.editors.appendingPathComponent("emacs/policylint-eglot.el").path,
        "POLICYLINT_DRAFT": project.draft.path, "POLICYLINT_FIX_TITLE": fix?["title"] as? String ?? "",
      ], timeout: 180)
    XCTAssertEqual(r.status, 0, "stdout: \(r.stdout)\nstderr: \(r.stderr)")
    let seen = events(r.stdout)

    let diagnostics = try XCTUnwrap(seen["diagnostics"], r.stdout + r.stderr)
    XCTAssertEqual(diagnostics["languageId"] as? String, "plaintext")
    let codePattern = try NSRegularExpression(pattern: #"^policylint \[([^\]]+)\]: "#)
    let shown = (diagnostics["items"] as? [[String: Any]] ?? []).compactMap { item -> ScalarSpan? in
      guard let line = item["line"] as? Int, let start = item["start"] as? Int, let endLine = item["endLine"] as? Int,
        let end = item["end"] as? Int, let message = item["text"] as? String
      else { return nil }
      let m = codePattern.firstMatch(in: message, range: NSRange(message.startIndex..., in: message))
      let code = m.map { (message as NSString).substring(with: $0.range(at: 1)) } ?? "?"
      return ScalarSpan(line: line, start: start, endLine: endLine, end: end, code: code)
    }
    XCTAssertEqual(Set(shown), Set(expected.compactMap { ScalarSpan(lsp: $0, text: text) }), "Flymake vs the CLI")

    let hover = seen["hover"]?["text"] as? String ?? ""
    XCTAssertFalse(hover.isEmpty, "no hover on the first finding: \(r.stdout)")

    if let fix, let edits = fix["edits"] as? [[String: Any]] {
      let want = try XCTUnwrap(apply(edits, to: text), "the CLI's fix \(edits) does not fit the draft \(text)")
      XCTAssertEqual(seen["fixed"]?["text"] as? String, want, "the buffer after Eglot applied “\(fix["title"] ?? "")”")
    }
  }

  /// Vim with Debian's ALE 3.3 and the shipped `editors/vim` runtime directory: ALE runs the `policylint`
  /// linter for a `.txt` draft and lists the CLI's findings on the same lines with the same codes.
  /// ALE 3.3 reads an LSP column as a byte column (`col = character + 1`), so on CJK lines its columns are
  /// the UTF-16 ones the server sent, not byte positions: the test pins that, which also checks the server
  /// counts UTF-16 for a client that offers no position encodings.
  func testALEListsTheCLIsDiagnosticsForADraft() throws {
    guard let vim = Tools.onPath("vim") else { throw XCTSkip("vim is not installed") }
    let ale = URL(fileURLWithPath: "/usr/share/vim/vimfiles/pack/dist-bundle/opt/ale/plugin/ale.vim")
    guard FileManager.default.fileExists(atPath: ale.path) else { throw XCTSkip("ALE is not installed (apt-get install vim-ale)") }
    guard Tools.hasServeCommand else { throw XCTSkip("`policylint serve` is not in this build yet") }
    let project = try ExampleProject.make()
    let home = try scratchHome()
    defer {
      try? FileManager.default.removeItem(at: project.directory)
      try? FileManager.default.removeItem(at: home)
    }
    let expected = try project.cliDiagnostics()
    XCTAssertFalse(expected.isEmpty, "the example draft has no finding on the command line")
    let out = home.appendingPathComponent("ale.jsonl")
    let r = try Subprocess.run(
      vim, ["-N", "-u", "NONE", "-i", "NONE", "-n", "-es", "-S", Tools.scripts.appendingPathComponent("ale-session.vim").path],
      directory: project.directory,
      environment: [
        "PATH": pathWithPolicylint, "HOME": home.path, "POLICYLINT_TIMEOUT": "60",
        "POLICYLINT_VIM_RUNTIME": Tools.editors.appendingPathComponent("vim").path,
        "POLICYLINT_DRAFT": project.draft.path, "POLICYLINT_OUT": out.path,
      ], timeout: 180)
    XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    let written = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
    let seen = events(written)
    XCTAssertNil(seen["error"], written)
    let diagnostics = try XCTUnwrap(seen["diagnostics"], written)
    XCTAssertEqual(diagnostics["filetype"] as? String, "text")
    struct Listed: Hashable {
      var line: Int
      var column: Int
      var code: String
    }
    let listed = (diagnostics["items"] as? [[String: Any]] ?? []).compactMap { item -> Listed? in
      guard let lnum = item["lnum"] as? Int, let col = item["col"] as? Int else { return nil }
      XCTAssertEqual(item["linter"] as? String, "policylint")
      return Listed(line: lnum - 1, column: col - 1, code: item["code"] as? String ?? "")
    }
    let want = expected.compactMap { d -> Listed? in
      guard let start = position(d, "start") else { return nil }
      return Listed(line: start.line, column: start.character, code: d["code"] as? String ?? "")
    }
    XCTAssertEqual(Set(listed), Set(want), "ALE's list vs the CLI (columns in UTF-16 units, as ALE 3.3 reads them)")
  }
}
