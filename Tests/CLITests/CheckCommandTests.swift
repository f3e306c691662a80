import Foundation
import XCTest

/// `policylint check` on good and bad input: every case ends with a clear message and the documented exit
/// status (0 clean, 1 findings at --fail-on, 2 usage or input errors), never a crash.
final class CheckCommandTests: XCTestCase {
  let clean = "关于做好岁末年初重点工作的提示\n（2023年12月26日）\n\n各单位要认真抓好落实。\n"

  func assertInputError(_ r: CLI.Result, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(r.status, 2, r.stderr, file: file, line: line)
    XCTAssertFalse(r.crashed, r.stderr, file: file, line: line)
    for w in words { XCTAssertTrue(r.stderr.contains(w), "stderr lacks «\(w)»: \(r.stderr)", file: file, line: line) }
  }

  func testCleanDraftExitsZeroAndSaysHowManyFilesWereChecked() throws {
    let dir = try Scratch()
    let draft = try dir.write("clean.txt", clean)
    let r = try CLI.run(["check", draft.path])
    XCTAssertFalse(r.crashed, r.stderr)
    if r.status == 0 { XCTAssertTrue(r.stdout.contains("1 file checked"), r.stdout) }
  }

  func testMissingFileExitsTwoWithAMessageNamingIt() throws {
    let r = try CLI.run(["check", "/nonexistent/draft.txt"])
    assertInputError(r, mentions: ["/nonexistent/draft.txt", "no such file"])
    XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "one line: \(r.stderr)")
  }

  func testMissingFileIsListedInJSONErrorsAndOtherFilesAreStillChecked() throws {
    let dir = try Scratch()
    let draft = try dir.write("clean.txt", clean)
    let r = try CLI.run(["check", "--format", "json", draft.path, "/nonexistent/draft.txt"])
    XCTAssertEqual(r.status, 2, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let files = object?["files"] as? [[String: Any]]
    let errors = object?["errors"] as? [[String: Any]]
    XCTAssertEqual(files?.count, 1)
    XCTAssertEqual(errors?.first?["path"] as? String, "/nonexistent/draft.txt")
  }

  func testDirectoryWithoutDraftsIsAnInputError() throws {
    let dir = try Scratch()
    try dir.write("scan.pdf", Data([0x25, 0x50, 0x44, 0x46]))
    let r = try CLI.run(["check", dir.url.path])
    assertInputError(r, mentions: [dir.url.path, "no .txt or .md drafts"])
  }

  func testDirectoryIsSearchedRecursivelyForTxtAndMd() throws {
    let dir = try Scratch()
    try dir.write("a.txt", clean)
    try dir.write("sub/b.md", "# 提示\n\n各单位要认真抓好落实。\n")
    try dir.write("sub/c.docx", Data([0x50, 0x4B]))
    let r = try CLI.run(["check", "--format", "json", dir.url.path])
    XCTAssertFalse(r.crashed, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let paths = (object?["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String } ?? []
    XCTAssertEqual(paths.map { URL(fileURLWithPath: $0).lastPathComponent }, ["a.txt", "b.md"])
  }

  func testEmptyFileIsCheckedWithANote() throws {
    let dir = try Scratch()
    let draft = try dir.write("empty.txt", Data())
    let r = try CLI.run(["check", draft.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stderr.contains("empty.txt") && r.stderr.contains("empty"), r.stderr)
  }

  func testBinaryFileIsRejectedByName() throws {
    let dir = try Scratch()
    let url = try dir.write("blob.txt", Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0x02]))
    let r = try CLI.run(["check", url.path])
    assertInputError(r, mentions: ["blob.txt", "binary", "byte 4"])
  }

  func testInvalidUTF8NamesTheByteOffset() throws {
    let dir = try Scratch()
    let url = try dir.write("bad.txt", Data("全会指出".utf8) + Data([0xFF, 0x01, 0x02]))
    let r = try CLI.run(["check", url.path])
    assertInputError(r, mentions: ["bad.txt", "not valid UTF-8", "byte 12"])
  }

  func testGB18030FileIsRead() throws {
    // "全会指出。" in GB18030.
    let bytes: [UInt8] = [0xC8, 0xAB, 0xBB, 0xE1, 0xD6, 0xB8, 0xB3, 0xF6, 0xA1, 0xA3]
    let dir = try Scratch()
    let url = try dir.write("gbk.txt", Data(bytes))
    let r = try CLI.run(["check", "--format", "json", url.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("\"files\""), r.stdout)
  }

  func testUTF16FileWithBOMIsRead() throws {
    var bytes: [UInt8] = [0xFE, 0xFF]
    for u in clean.utf16 { bytes += [UInt8(u >> 8), UInt8(u & 0xFF)] }
    let dir = try Scratch()
    let url = try dir.write("utf16.txt", Data(bytes))
    let r = try CLI.run(["check", url.path])
    XCTAssertFalse(r.crashed, r.stderr)
    XCTAssertNotEqual(r.status, 2, r.stderr)
  }

  func testTwentyMegabyteDraftCompletes() throws {
    let dir = try Scratch()
    let paragraph = "全会指出，要深入推进城乡融合发展，持续提升县城综合承载能力，第\(0)项工作要抓实抓细。\n"
    var data = Data()
    var n = 0
    while data.count < 20 * 1024 * 1024 {
      data.append(contentsOf: Array(paragraph.replacingOccurrences(of: "第0项", with: "第\(n)项").utf8))
      n += 1
    }
    let url = try dir.write("big.txt", data)
    let start = Date()
    let r = try CLI.run(["check", "--format", "json", url.path])
    XCTAssertFalse(r.crashed, r.stderr)
    XCTAssertNotEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stdout.contains("big.txt"))
    print("20 MB draft checked in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
  }

  func testFileOverTheSizeLimitIsRejectedWithTheLimit() throws {
    let dir = try Scratch()
    let url = try dir.write("large.txt", String(repeating: "全会指出。", count: 200))
    let r = try CLI.run(["check", url.path], environment: ["POLICYLINT_MAX_FILE_BYTES": "1000"])
    assertInputError(r, mentions: ["large.txt", "limit of 1000 bytes", "POLICYLINT_MAX_FILE_BYTES"])
  }

  func testStdinIsReadAndReportedUnderStdinFilename() throws {
    let r = try CLI.run(["check", "--format", "json", "--stdin-filename", "drafts/notice.txt", "-"], stdin: Data(clean.utf8))
    XCTAssertFalse(r.crashed, r.stderr)
    XCTAssertNotEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stdout.contains("\"path\" : \"drafts/notice.txt\""), r.stdout)
  }

  func testBinaryStdinIsAnInputErrorNamingTheStdinFilename() throws {
    let r = try CLI.run(["check", "--stdin-filename", "x.txt", "-"], stdin: Data([0x00, 0x01, 0x02]))
    assertInputError(r, mentions: ["x.txt", "binary"])
  }

  func testUsageErrorsExitTwoWithOneLine() throws {
    let cases: [([String], String)] = [
      (["check", "--format", "xml", "x.txt"], "xml"),
      (["check", "--fail-on", "sometimes", "x.txt"], "sometimes"),
      (["check", "--date", "2023-02-30", "x.txt"], "2023-02-30"),
      (["check", "--bogus", "x.txt"], "--bogus"),
      (["check", "x.txt", "--date"], "--date needs a value"),
      (["check"], "no files"),
      (["frobnicate"], "frobnicate"),
    ]
    for (args, word) in cases {
      let r = try CLI.run(args)
      XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
      XCTAssertFalse(r.crashed, "\(args): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains(word), "\(args): \(r.stderr)")
      XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): one line: \(r.stderr)")
    }
  }

  func testHelpAndVersionExitZero() throws {
    for args in [["--help"], ["--version"], ["check", "--help"], ["corpus", "--help"], ["rules", "--help"], ["pack", "--help"]] {
      let r = try CLI.run(args)
      XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
      XCTAssertFalse(r.stdout.isEmpty, "\(args)")
    }
  }

  func testExitStatusFollowsFailOnAndTheFindingsSeverities() throws {
    // Whatever the registered checks find in the demo drafts, the exit status must agree with it.
    var severities: [Int] = []
    let json = try CLI.run(["check", "--format", "json", Paths.drafts.path])
    XCTAssertFalse(json.crashed, json.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    for f in object?["files"] as? [[String: Any]] ?? [] {
      for d in f["diagnostics"] as? [[String: Any]] ?? [] { severities.append(d["severity"] as? Int ?? 0) }
    }
    let expectations: [(String, Int32)] = [
      ("error", severities.contains(1) ? 1 : 0),
      ("warning", severities.contains { $0 <= 2 } ? 1 : 0),
      ("info", severities.contains { $0 <= 3 } ? 1 : 0),
      ("never", 0),
    ]
    for (level, expected) in expectations {
      let r = try CLI.run(["check", "--fail-on", level, Paths.drafts.path])
      XCTAssertEqual(r.status, expected, "--fail-on \(level) with severities \(severities): \(r.stderr)")
    }
    XCTAssertEqual(json.status, severities.contains { $0 <= 2 } ? 1 : 0, "default --fail-on is warning")
  }

  func testConfigurationIsFoundWalkingUpAndItsProblemsNameTheKeyPath() throws {
    let dir = try Scratch()
    try dir.write(".policylint.json", #"{"rulez": {}, "date": 5, "rules": {"slogan": "loud", "nosuch/rule": "off"}}"#)
    let draft = try dir.write("a/b/draft.txt", clean)
    let r = try CLI.run(["check", draft.path])
    XCTAssertFalse(r.crashed, r.stderr)
    XCTAssertNotEqual(r.status, 2, r.stderr)
    for keyPath in ["rulez: unknown key", "date: expected a date", "rules.slogan: \"loud\"", "rules.nosuch/rule: unknown rule"] {
      XCTAssertTrue(r.stderr.contains(keyPath), "stderr lacks «\(keyPath)»: \(r.stderr)")
    }
    XCTAssertTrue(r.stderr.contains(dir.path(".policylint.json")), r.stderr)
  }

  func testEachDraftUsesItsNearestConfiguration() throws {
    let dir = try Scratch()
    try dir.write("one/.policylint.json", #"{"firstUnknown": 1}"#)
    try dir.write("two/.policylint.json", #"{"secondUnknown": 2}"#)
    let a = try dir.write("one/a.txt", clean)
    let b = try dir.write("two/b.txt", clean)
    let r = try CLI.run(["check", a.path, b.path])
    XCTAssertNotEqual(r.status, 2, r.stderr)
    XCTAssertTrue(r.stderr.contains("firstUnknown: unknown key") && r.stderr.contains("secondUnknown: unknown key"), r.stderr)
    // --config replaces them all.
    try dir.write("c.json", "{}")
    let explicit = try CLI.run(["check", "--config", dir.path("c.json"), a.path, b.path])
    XCTAssertFalse(explicit.stderr.contains("unknown key"), explicit.stderr)
  }

  func testInvalidConfigurationJSONIsAnInputError() throws {
    let dir = try Scratch()
    try dir.write(".policylint.json", "{\"corpus\": ")
    let draft = try dir.write("draft.txt", clean)
    let r = try CLI.run(["check", draft.path])
    assertInputError(r, mentions: [".policylint.json", "not valid JSON"])
    let missing = try CLI.run(["check", "--config", dir.path("none.json"), draft.path])
    assertInputError(missing, mentions: ["none.json"])
  }

  func testConfiguredCorpusIsRelativeToTheConfigurationFile() throws {
    let dir = try Scratch()
    try dir.write(".policylint.json", #"{"corpus": "refs"}"#)
    try dir.write("refs/one.txt", "全会指出，要抓好落实。")
    try dir.write("refs/blob.txt", Data([0x00, 0x01]))
    let draft = try dir.write("drafts/draft.txt", clean)
    let r = try CLI.run(["check", draft.path], directory: URL(fileURLWithPath: "/"))
    XCTAssertFalse(r.crashed, r.stderr)
    XCTAssertNotEqual(r.status, 2, r.stderr)
    // The corpus was read from refs/: its binary file is skipped with a warning that names it.
    XCTAssertTrue(r.stderr.contains("blob.txt") && r.stderr.contains("skipped"), r.stderr)
  }

  func testMissingCorpusDirectoryIsAnInputError() throws {
    let dir = try Scratch()
    let draft = try dir.write("draft.txt", clean)
    let r = try CLI.run(["check", "--corpus", dir.path("nope"), draft.path])
    assertInputError(r, mentions: ["nope", "no such file or directory"])
  }

  func testNoProgressOnStderrWhenItIsNotATerminal() throws {
    let dir = try Scratch()
    for i in 0..<60 { try dir.write("corpus/\(i).txt", "会议指出，第\(i)项工作要抓好落实。") }
    let draft = try dir.write("draft.txt", clean)
    let r = try CLI.run(["check", "--corpus", dir.path("corpus"), draft.path])
    XCTAssertFalse(r.crashed, r.stderr)
    XCTAssertFalse(r.stderr.contains("reading corpus"), r.stderr)
  }

  func testSharedSamplesGiveValidJSONAndSARIF() throws {
    try Paths.requireShared()
    let samples = try FileManager.default.contentsOfDirectory(atPath: Paths.samples.path).filter { $0.hasSuffix(".txt") }.sorted()
      .map { Paths.samples.appendingPathComponent($0).path }
    let json = try CLI.run(["check", "--format", "json", "--corpus", Paths.corpus.path, "--manifest", Paths.manifest.path] + samples)
    XCTAssertFalse(json.crashed, json.stderr)
    XCTAssertNotEqual(json.status, 2, json.stderr)
    try SchemaValidator.assertValid(json.stdout, schema: Paths.checkOutputSchema)
    let sarif = try CLI.run(["check", "--format", "sarif", "--corpus", Paths.corpus.path] + samples)
    XCTAssertFalse(sarif.crashed, sarif.stderr)
    try SchemaValidator.assertValid(sarif.stdout, schema: Paths.sarifSchema)
  }

  func testACorpusDocumentCheckedAgainstTheCorpusIsNotItsOwnEvidence() throws {
    try Paths.requireShared()
    let names = try FileManager.default.contentsOfDirectory(atPath: Paths.corpus.path).sorted()
    guard let reprint = names.first(where: { $0.hasPrefix("001_") }) else { throw XCTSkip("no 001_ in the corpus") }
    let path = Paths.corpus.appendingPathComponent(reprint).path
    // Its manifest title (which ends in 转载) would appear in any evidence citing the document itself.
    for args in [["--corpus", Paths.corpus.path, "--manifest", Paths.manifest.path], []] {
      let r = try CLI.run(["check", "--format", "json"] + args + [path])
      XCTAssertFalse(r.crashed, r.stderr)
      XCTAssertNotEqual(r.status, 2, r.stderr)
      XCTAssertFalse(r.stdout.contains("科技周刊转载"), "\(args): the draft was cited as its own evidence")
    }
  }

  func testDemoDraftsWithTheBuiltInPackGiveValidJSONAndSARIF() throws {
    for format in ["json", "sarif"] {
      let r = try CLI.run(["check", "--format", format, Paths.drafts.path])
      XCTAssertFalse(r.crashed, r.stderr)
      XCTAssertNotEqual(r.status, 2, r.stderr)
      try SchemaValidator.assertValid(r.stdout, schema: format == "json" ? Paths.checkOutputSchema : Paths.sarifSchema)
    }
  }

  func testErrorsAppearInSARIFAsToolNotificationsAndStayValid() throws {
    let dir = try Scratch()
    let draft = try dir.write("ok.txt", clean)
    let r = try CLI.run(["check", "--format", "sarif", draft.path, dir.path("missing.txt")])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stdout.contains("toolExecutionNotifications"), r.stdout)
    try SchemaValidator.assertValid(r.stdout, schema: Paths.sarifSchema)
  }
}
