import PolicyText
import XCTest

/// Properties of the text model on random noisy text. Each case is seeded; a failure names its seed.
final class OffsetMapPropertyTests: XCTestCase {
  func testMatchingViewOffsetMapRoundTripsForRandomNoisyText() {
    for seed in UInt64(1)...300 {
      var random = SeededRandom(seed: seed)
      let string = NoisyText.make(&random, length: Int.random(in: 0...120, using: &random))
      let problems = TextInvariants.checkView(SourceText(string), probes: 200)
      XCTAssertEqual(problems, [], "seed \(seed): \(string.debugDescription)")
    }
  }

  func testLineTableRoundTripsForRandomNoisyText() {
    for seed in UInt64(1)...300 {
      var random = SeededRandom(seed: seed)
      let string = NoisyText.make(&random, length: Int.random(in: 0...150, using: &random))
      XCTAssertEqual(
        TextInvariants.checkLines(SourceText(string), probes: 1000), [], "seed \(seed): \(string.debugDescription)")
    }
  }

  func testPositionsAreValidInAllThreeEncodingsForAstralTextWithCRLF() throws {
    for seed in UInt64(1)...100 {
      var random = SeededRandom(seed: seed)
      // Long enough to cross several line-table checkpoints (every 64 scalars) on one line.
      let string = NoisyText.astral(&random, length: Int.random(in: 0...400, using: &random))
      let text = SourceText(string)
      let oracle = PositionOracle(string)
      XCTAssertEqual(text.lines.lineCount, oracle.lines.count, "seed \(seed)")
      for i in 0...text.count {
        for encoding in PositionEncoding.allCases {
          let p = text.lines.position(ofScalarIndex: i, in: encoding)
          XCTAssertEqual(p, oracle.position(ofScalarIndex: i, in: encoding), "seed \(seed) index \(i) \(encoding)")
          XCTAssertEqual(try text.lines.scalarIndex(of: p, in: encoding), oracle.clamp(i), "seed \(seed) index \(i)")
        }
      }
      // A position inside a multi-unit scalar is refused exactly, and rounds down when clamped.
      for (line, scalars) in oracle.lines.enumerated() {
        for encoding in [PositionEncoding.utf8, .utf16] {
          var units = 0
          for (k, s) in scalars.enumerated() {
            let width = encoding.width(of: s)
            for inside in 1..<max(1, width) {
              let p = Position(line: line, character: units + inside)
              XCTAssertThrowsError(try text.lines.scalarIndex(of: p, in: encoding), "seed \(seed) \(p) \(encoding)")
              XCTAssertEqual(text.lines.clampedScalarIndex(of: p, in: encoding), text.lines.lineStarts[line] + k)
            }
            units += width
          }
          // Past the end of the line means the end of the line, as LSP says.
          let past = Position(line: line, character: units + 3)
          XCTAssertEqual(try text.lines.scalarIndex(of: past, in: encoding), text.lines.contentEnds[line])
        }
      }
    }
  }

  func testRangesOfRandomViewSpansMapInsideTheOriginalAndCoverTheirScalars() {
    for seed in UInt64(1)...200 {
      var random = SeededRandom(seed: seed)
      let text = SourceText(NoisyText.make(&random, length: 80))
      let view = MatchingView(text)
      guard view.count > 0 else { continue }
      for _ in 0..<20 {
        let a = Int.random(in: 0..<view.count, using: &random)
        let b = Int.random(in: a...view.count, using: &random)
        let r = view.originalRange(a..<b)
        XCTAssertTrue(r.lowerBound >= 0 && r.upperBound <= text.count, "seed \(seed) \(a)..<\(b) → \(r)")
        for v in a..<b {
          XCTAssertTrue(r.contains(Int(view.originalIndex[v])), "seed \(seed): view \(v) is outside \(r)")
        }
      }
    }
  }
}

/// An independent model of LSP positions, built with Swift's own string views rather than the line table.
struct PositionOracle {
  /// Each line's scalars without its terminator.
  var lines: [[Unicode.Scalar]] = [[]]
  /// For each scalar index, (line, column in scalars, index where the line starts).
  var places: [(line: Int, column: Int, start: Int)] = []

  init(_ string: String) {
    let scalars = Array(string.unicodeScalars)
    var i = 0
    var start = 0
    while i < scalars.count {
      let s = scalars[i]
      places.append((lines.count - 1, lines[lines.count - 1].count, start))
      if s == "\n" || s == "\r" {
        if s == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" {
          places.append((lines.count - 1, lines[lines.count - 1].count, start))
          i += 1
        }
        lines.append([])
        start = i + 1
      } else {
        lines[lines.count - 1].append(s)
      }
      i += 1
    }
    places.append((lines.count - 1, lines[lines.count - 1].count, start))
  }

  func position(ofScalarIndex i: Int, in encoding: PositionEncoding) -> Position {
    let (line, column, _) = places[i]
    let prefix = lines[line][0..<min(column, lines[line].count)]
    let string = String(String.UnicodeScalarView(prefix))
    switch encoding {
    case .utf8: return Position(line: line, character: string.utf8.count)
    case .utf16: return Position(line: line, character: string.utf16.count)
    case .utf32: return Position(line: line, character: prefix.count)
    }
  }

  /// The index a round trip lands on: a terminator's index maps to the end of its line's content.
  func clamp(_ i: Int) -> Int {
    let (line, column, start) = places[i]
    return start + min(column, lines[line].count)
  }
}
