import Foundation
import PolicyLint
import PolicyText

/// `policylint figures FILE`: the table of every figure in a draft, for writers checking numbers and for
/// testing the extraction.
enum FiguresCommand {
  static let help = """
    Usage: policylint figures [--format text|json] FILE

    Lists every figure found in FILE (`-` reads stdin): its text, kind, value, unit, the subject it counts,
    the frame it is stated in (the period it speaks of, resolved from the sentence, its paragraph or its
    section heading against the draft's dateline, and whether it is a target, a bound or a part of the
    period) and where it is, as LINE:COLUMN-LINE:COLUMN (1-based; columns count characters, i.e. Unicode
    scalars). The JSON form also gives `scalarRange`, the 0-based scalar offsets [start, end) in the file.
    Figures are compared within a draft only when subject and frame agree.
    """

  static func run(_ args: [String]) -> Int32 {
    if args.contains("--help") || args.contains("-h") {
      Console.out(help)
      return 0
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(args, valued: ["--format"], flagNames: [])
    } catch {
      Console.error("policylint figures: \(error.message); see `policylint figures --help`")
      return 2
    }
    let format = parsed.values["--format"] ?? "text"
    guard format == "text" || format == "json" else {
      Console.error("policylint figures: unknown format '\(format)'; use text or json")
      return 2
    }
    guard parsed.positional.count == 1, let path = parsed.positional.first else {
      Console.error("policylint figures: expected exactly one FILE; see `policylint figures --help`")
      return 2
    }
    let string: String
    if path == "-" {
      do {
        string = try TextDecoder.decode(FileHandle.standardInput.readDataToEndOfFile()).0
      } catch {
        Console.error("policylint figures: <stdin>: \(error.description)")
        return 2
      }
    } else {
      do {
        string = try CorpusLoader.readText(path).0
      } catch {
        Console.error("policylint figures: \(CheckCommand.message(error, path: path))")
        return 2
      }
    }
    let text = SourceText(string)
    // The draft's dateline (else today) resolves `今年`, `过去一年` in the frames.
    let draft = DraftDocument(path: path == "-" ? "<stdin>" : path, text: text)
    let analysis = FigureAnalysis(text: text, view: draft.view, date: draft.date, sentences: draft.sentences)
    let frames = FigureFrames(analysis)
    let figures = analysis.figures
    if format == "json" {
      Console.out(json(figures, text: text, frames: frames))
    } else {
      for f in figures {
        var columns = [where_(f.range, text), f.text, f.kind.rawValue, valueText(f), f.unit.isEmpty ? "-" : f.unit]
        columns.append(f.subject.isEmpty ? "-" : f.subject)
        columns.append(frames.frame(of: f).summary)
        Console.out(columns.joined(separator: "\t"))
      }
    }
    return 0
  }

  static func valueText(_ f: Figure) -> String {
    if let d = f.date {
      var s = d.chinese
      if let e = f.dateEnd { s += "至" + e.chinese }
      if f.kind == .year, let e = f.dateEnd { s = "\(d.year ?? 0)至\(e.year ?? 0)年" }
      return s
    }
    if let second = f.second {
      switch f.kind {
      case .ratio: return f.valueText + ":" + FigureFormat.number(second)
      case .fraction: return f.valueText + " (1/" + FigureFormat.number(second) + ")"
      default: return f.valueText + "-" + FigureFormat.number(second)
      }
    }
    return (f.approximate ? "~" : "") + f.valueText
  }

  static func where_(_ r: Range<Int>, _ text: SourceText) -> String {
    let a = text.lines.position(ofScalarIndex: r.lowerBound, in: .utf32)
    let b = text.lines.position(ofScalarIndex: r.upperBound, in: .utf32)
    return "\(a.line + 1):\(a.character + 1)-\(b.line + 1):\(b.character + 1)"
  }

  static func json(_ figures: [Figure], text: SourceText, frames: FigureFrames) -> String {
    struct Row: Encodable {
      var text: String
      var kind: String
      var value: Double
      var second: Double?
      var display: String
      var unit: String
      var subject: String
      var frame: String
      var range: String
      var scalarRange: [Int]
      var chinese: Bool
      var approximate: Bool
    }
    let rows = figures.map {
      Row(
        text: $0.text, kind: $0.kind.rawValue, value: $0.value, second: $0.second, display: valueText($0), unit: $0.unit,
        subject: $0.subject, frame: frames.frame(of: $0).summary, range: where_($0.range, text),
        scalarRange: [$0.range.lowerBound, $0.range.upperBound],
        chinese: $0.chinese, approximate: $0.approximate)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(rows) else { return "[]" }
    return String(decoding: data, as: UTF8.self)
  }
}
