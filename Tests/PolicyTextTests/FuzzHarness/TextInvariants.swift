import Foundation
import PolicyText

/// The invariants of the text model, checked on arbitrary bytes.
///
/// This file is compiled twice: into the `PolicyTextTests` target, where the property and fuzz-regression
/// tests call it, and into the libFuzzer binary built by `Tests/Fuzz/run.sh`, whose entry point traps when
/// it returns a problem. One code path, so a crash input committed under `Tests/Fixtures/fuzz-regressions/`
/// is replayed exactly as the fuzzer ran it. It imports nothing but PolicyText and Foundation.
enum TextInvariants {
  /// Decodes `bytes` as a file would be read, then checks the line table and the matching view of the text.
  /// Returns one line per broken invariant (empty when all hold).
  static func check(bytes: [UInt8]) -> [String] {
    var problems: [String] = []
    let string: String
    do {
      let (decoded, encoding) = try TextDecoder.decode(Data(bytes))
      string = decoded
      if encoding == .utf8, Array(decoded.utf8) != bytes {
        problems.append("UTF-8 decoding changed the bytes")
      }
    } catch {
      switch error {
      case .binary(let offset), .undecodable(let offset):
        if offset < 0 || offset > bytes.count {
          problems.append("decoding error offset \(offset) outside 0...\(bytes.count)")
        }
      }
      string = String(decoding: bytes, as: UTF8.self)
    }
    let text = SourceText(string)
    problems += checkLines(text)
    problems += checkView(text)
    return problems
  }

  /// Line table: every scalar index survives position → index in all three encodings, code-unit offsets
  /// agree with Swift's own counts, and arbitrary positions never land outside the text.
  static func checkLines(_ text: SourceText, probes: Int = 64) -> [String] {
    var problems: [String] = []
    let lines = text.lines
    let n = text.count
    let string = text.string
    if lines.codeUnitOffset(ofScalarIndex: n, in: .utf16) != string.utf16.count {
      problems.append("UTF-16 length \(lines.codeUnitOffset(ofScalarIndex: n, in: .utf16)) != \(string.utf16.count)")
    }
    if lines.codeUnitOffset(ofScalarIndex: n, in: .utf8) != string.utf8.count {
      problems.append("UTF-8 length \(lines.codeUnitOffset(ofScalarIndex: n, in: .utf8)) != \(string.utf8.count)")
    }
    guard lines.lineStarts.count == lines.contentEnds.count, lines.lineStarts.first == 0 else {
      return problems + ["line starts and ends disagree: \(lines.lineStarts.count) vs \(lines.contentEnds.count)"]
    }
    for line in 0..<lines.lineCount {
      let start = lines.lineStarts[line]
      let end = lines.contentEnds[line]
      if start > end || end > n { problems.append("line \(line) spans \(start)..<\(end) in a text of \(n)") }
      if line + 1 < lines.lineCount && lines.lineStarts[line + 1] <= end {
        problems.append(
          "line \(line + 1) starts at \(lines.lineStarts[line + 1]), not after line \(line) ends at \(end)")
      }
    }
    // Every index for small texts; an even spread of probes (always including both ends) for large ones.
    let step = max(1, n / probes)
    var indices = Array(Swift.stride(from: 0, through: n, by: step))
    if indices.last != n { indices.append(n) }
    for i in indices {
      let line = lines.line(containing: i)
      let expected = min(i, lines.contentEnds[line])
      for encoding in PositionEncoding.allCases {
        let p = lines.position(ofScalarIndex: i, in: encoding)
        if p.line != line { problems.append("index \(i): line \(p.line) in \(encoding), expected \(line)") }
        do {
          let back = try lines.scalarIndex(of: p, in: encoding)
          if back != expected {
            problems.append("index \(i) → \(p.line):\(p.character) \(encoding) → \(back), expected \(expected)")
          }
        } catch {
          problems.append("index \(i) → \(p.line):\(p.character) \(encoding) is rejected: \(error)")
        }
        if lines.clampedScalarIndex(of: p, in: encoding) != expected {
          problems.append("clamped index of \(p.line):\(p.character) \(encoding) differs from exact")
        }
      }
    }
    // Hostile positions: past the end of lines and of the text, negative, huge.
    let wild = [
      Position(line: lines.lineCount, character: 0), Position(line: lines.lineCount, character: 5),
      Position(line: lines.lineCount + 7, character: 0), Position(line: -1, character: 0),
      Position(line: 0, character: -3), Position(line: 0, character: Int.max / 2),
      Position(line: max(0, lines.lineCount - 1), character: 1_000_000),
    ]
    for p in wild {
      for encoding in PositionEncoding.allCases {
        let clamped = lines.clampedScalarIndex(of: p, in: encoding)
        if clamped < 0 || clamped > n { problems.append("clamped \(p) \(encoding) → \(clamped) outside 0...\(n)") }
        if let exact = try? lines.scalarIndex(of: p, in: encoding), exact < 0 || exact > n {
          problems.append("\(p) \(encoding) → \(exact) outside 0...\(n)")
        }
      }
    }
    return problems
  }

  /// Matching view: every view scalar's origin is in the text and folds to it; origins strictly increase
  /// (one view scalar per original scalar at most, and the binary searches rely on order); view ranges map
  /// to original ranges within bounds and back; sentences and clauses tile parts of the view in order.
  static func checkView(_ text: SourceText, probes: Int = 64) -> [String] {
    var problems: [String] = []
    let view = MatchingView(text)
    let n = text.count
    if view.originalIndex.count != view.count {
      return ["view has \(view.count) scalars but \(view.originalIndex.count) origins"]
    }
    if view.originalCount != n { problems.append("view.originalCount \(view.originalCount) != \(n)") }
    var previous = -1
    for i in 0..<view.count {
      let o = Int(view.originalIndex[i])
      guard o >= 0 && o < n else {
        problems.append("view \(i) maps to \(o), outside the text of \(n)")
        continue
      }
      if o <= previous { problems.append("view \(i) maps to \(o), not after \(previous)") }
      previous = o
      let s = view.scalars[i]
      let original = text.scalars[o]
      switch s {
      case "\n":
        // A boundary stands for a line break, or for the blank/hidden run the boundary replaced.
        break
      case " ":
        // A space stands for blanks (or a line break) between two ASCII words.
        if !ScalarClass.isBlank(original) && !ScalarClass.isNewline(original) && ScalarClass.fold(original) != " " {
          problems.append("view \(i) is a space but maps to U+\(String(original.value, radix: 16))")
        }
      default:
        if ScalarClass.fold(original) != s {
          problems.append(
            "view \(i) U+\(String(s.value, radix: 16)) maps to \(o) U+\(String(original.value, radix: 16))")
        }
      }
      if problems.count > 20 { return problems }
    }
    if view.viewRange(coveringOriginal: 0..<n) != 0..<view.count {
      problems.append("the whole text covers view \(view.viewRange(coveringOriginal: 0..<n)), not 0..<\(view.count)")
    }
    // Ranges: a deterministic spread of (lower, upper) pairs, including empty ones and the ends.
    let m = view.count
    let step = max(1, m / probes)
    for lower in Swift.stride(from: 0, through: m, by: step) {
      for upper in [lower, min(m, lower + 1), min(m, lower + step), m] where upper >= lower {
        let r = view.originalRange(lower..<upper)
        if r.lowerBound < 0 || r.upperBound > n {
          problems.append("view \(lower)..<\(upper) maps to \(r), outside 0...\(n)")
          continue
        }
        if upper > lower {
          let back = view.viewRange(coveringOriginal: r)
          if back != lower..<upper { problems.append("view \(lower)..<\(upper) → original \(r) → view \(back)") }
        }
      }
    }
    for (name, ranges) in [("sentence", Segmenter.sentences(in: view)), ("clause", Segmenter.clauses(in: view))] {
      var end = 0
      for r in ranges {
        if r.isEmpty || r.lowerBound < end || r.upperBound > m {
          problems.append("\(name) \(r) is empty, overlaps the previous one (ends \(end)) or leaves the view (\(m))")
          break
        }
        end = r.upperBound
      }
    }
    return problems
  }
}
