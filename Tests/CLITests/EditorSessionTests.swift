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

  /// Applies the LSP edits of a fix (UTF-16 positions) to `text`.
  func apply(_ edits: [[String: Any]], to text: String) -> String? {
    var lines = text.components(separatedBy: "\n").map { Array($0.utf16) }
    // Last edit first, so earlier positions stay valid.
    let sorted = edits.sorted { a, b in
      let pa = position(a, "start")
      let pb = position(b, "start")
      return (pa?.line ?? 0, pa?.character ?? 0) > (pb?.line ?? 0, pb?.character ?? 0)
    }
    for edit in sorted {
      guard let s = position(edit, "start"), let e = position(edit, "end"), s.line == e.line, s.line < lines.count,
        e.character <= lines[s.line].count, let newText = edit["newText"] as? String
      else { return nil }
      lines[s.line].replaceSubrange(s.character..<e.character, with: Array(newText.utf16))
    }
    return lines.map { String(decoding: $0, as: UTF16.self) }.joined(separator: "\n")
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
    let project = try ExampleProject.make()
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
      guard let line = item["line"] as? Int, let start = item["start"] as? Int, let end = item["end"] as? Int,
        let message = item["text"] as? String
      else { return nil }
      let m = codePattern.firstMatch(in: message, range: NSRange(message.startIndex..., in: message))
      let code = m.map { (message as NSString).substring(with: $0.range(at: 1)) } ?? "?"
      return ScalarSpan(line: line, start: start, end: end, code: code)
    }
    XCTAssertEqual(Set(shown), Set(expected.compactMap { ScalarSpan(lsp: $0, text: text) }), "Flymake vs the CLI")

    let hover = seen["hover"]?["text"] as? String ?? ""
    XCTAssertFalse(hover.isEmpty, "no hover on the first finding: \(r.stdout)")

    if let fix, let edits = fix["edits"] as? [[String: Any]] {
      let want = try XCTUnwrap(apply(edits, to: text), "the CLI's fix has edits that do not fit the draft")
      XCTAssertEqual(seen["fixed"]?["text"] as? String, want, "the buffer after Eglot applied “\(fix["title"] ?? "")”")
    }
  }
}
