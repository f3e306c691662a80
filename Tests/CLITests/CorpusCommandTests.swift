import Foundation
import XCTest

/// `policylint corpus list` shows every document with its date, title and how each was found.
final class CorpusCommandTests: XCTestCase {
  func testListShowsDatesTitlesAndTheirSources() throws {
    let dir = try Scratch()
    try dir.write("a.txt", "某某会议公报\n\n（2023年11月20日某某会议通过）\n\n全会指出，要抓好落实。")
    try dir.write("b.md", "# 关于做好岁末年初重点工作的提示\n\n（2023年12月26日）\n\n各单位要抓好落实。")
    try dir.write("c.txt", "会议指出，要抓好落实。")
    try dir.write("d.txt", Data([0x00, 0x01, 0x02]))
    try dir.write("m.json", #"{"version": 1, "documents": [{"file": "c.txt", "title": "某某讲话", "date": "2021-05-04", "rank": 3}]}"#)
    let r = try CLI.run(["corpus", "list", "--corpus", dir.url.path, "--manifest", dir.path("m.json")])
    XCTAssertEqual(r.status, 0, r.stderr)
    let out = r.stdout
    XCTAssertTrue(out.contains("(3 documents)"), out)
    XCTAssertTrue(out.contains("2023-11-20  a.txt  《某某会议公报》"), out)
    XCTAssertTrue(out.contains("date: text: adoption note “(2023年11月20日某某会议通过)”; title: headline"), out)
    XCTAssertTrue(out.contains("2023-12-26  b.md  《关于做好岁末年初重点工作的提示》"), out)
    XCTAssertTrue(out.contains("title: heading"), out)
    XCTAssertTrue(out.contains("2021-05-04  c.txt  《某某讲话》"), out)
    XCTAssertTrue(out.contains("date: manifest; title: manifest; rank 3"), out)
    XCTAssertTrue(r.stderr.contains("d.txt") && r.stderr.contains("binary"), r.stderr)
  }

  func testListAsJSONHasEveryFact() throws {
    let dir = try Scratch()
    try dir.write("a.txt", "某某会议公报\n\n（2023年11月20日某某会议通过）\n")
    let r = try CLI.run(["corpus", "list", "--format", "json", "--corpus", dir.url.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let doc = (object?["documents"] as? [[String: Any]])?.first
    XCTAssertEqual(doc?["date"] as? String, "2023-11-20")
    XCTAssertEqual(doc?["title"] as? String, "某某会议公报")
    XCTAssertNotNil(doc?["dateSource"])
    XCTAssertNotNil(doc?["titleSource"])
  }

  func testListWithoutACorpusShowsTheBuiltInPack() throws {
    let dir = try Scratch()
    let r = try CLI.run(["corpus", "list"], directory: dir.url)
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.hasPrefix("corpus: built-in reference pack"), r.stdout)
  }

  func testSharedCorpusWithTheManifest() throws {
    try Paths.requireShared()
    let r = try CLI.run(["corpus", "list", "--corpus", Paths.corpus.path, "--manifest", Paths.manifest.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.contains("2022-11-29  004_"), r.stdout)
    XCTAssertTrue(r.stdout.contains("(5 documents)"), r.stdout)
  }

  func testMissingCorpusAndBadManifestAreInputErrors() throws {
    let dir = try Scratch()
    let missing = try CLI.run(["corpus", "list", "--corpus", dir.path("nope")])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.stderr.contains("nope"), missing.stderr)
    try dir.write("a.txt", "正文。")
    try dir.write("m.json", #"{"version": 1, "documents": [{"file": "a.txt", "date": "2023-02-30"}]}"#)
    let bad = try CLI.run(["corpus", "list", "--corpus", dir.url.path, "--manifest", dir.path("m.json")])
    XCTAssertEqual(bad.status, 2)
    XCTAssertTrue(bad.stderr.contains("m.json") && bad.stderr.contains("documents[0].date"), bad.stderr)
    XCTAssertFalse(bad.crashed, bad.stderr)
  }

  func testViewShowsTheMatchingView() throws {
    let dir = try Scratch()
    let file = try dir.write("a.txt", "全 会 由 省 委\n常 委 会 主 持 。")
    let r = try CLI.run(["corpus", "view", file.path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertEqual(r.stdout, "全会由省委常委会主持。\n")
  }
}
