import Foundation
import XCTest

/// `policylint figures`: the table of figures, with the frame each figure is compared in.
final class FiguresCommandTests: XCTestCase {
  static let report = """
    政府工作报告
    （2024年1月15日）
    一、2023年工作回顾
    过去一年，城镇新增就业12.3万人。
    二、2024年主要预期目标
    城镇新增就业12万人以上。
    """

  func testTheTableShowsTheFrameResolvedAgainstTheDateline() throws {
    let r = try CLI.run(["figures", "-"], stdin: Data(Self.report.utf8))
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = r.stdout.split(separator: "\n").map {
      $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }
    let past = rows.first { $0.count > 1 && $0[1] == "12.3万人" }
    let target = rows.first { $0.count > 1 && $0[1] == "12万人" }
    XCTAssertEqual(past?.last, "2023年")
    XCTAssertEqual(target?.last, "2024年·目标·以上")
    XCTAssertEqual(target?[5], "城镇新增就业")
  }

  func testJSONCarriesTheFrame() throws {
    let r = try CLI.run(["figures", "--format", "json", "-"], stdin: Data(Self.report.utf8))
    XCTAssertEqual(r.status, 0, r.stderr)
    let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
    XCTAssertEqual(rows.first { $0["text"] as? String == "12.3万人" }?["frame"] as? String, "2023年")
  }
}
