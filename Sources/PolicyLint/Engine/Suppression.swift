import PolicyText

/// Inline suppression comments, which work in `.txt` and `.md` drafts alike (in Markdown, wrap them in
/// `<!-- … -->` so they do not render):
///
/// - `policylint-disable-next-line [codes]`: the next line.
/// - `policylint-disable-line [codes]`: this line.
/// - `policylint-disable [codes]` … `policylint-enable [codes]`: a region.
/// - `policylint-disable-file [codes]`: the whole file.
///
/// Codes are separated by spaces or commas; a family (`duplicate`, `duplicate/` or `duplicate/*`) covers
/// its codes; no codes means every rule. Words after a lone `--` are a reason for people and are ignored.
/// `policylint-enable` with no codes ends every open region; with codes, the regions it names.
public struct Suppressions: Sendable {
  /// A set of codes, or all.
  struct CodeSet: Sendable {
    let all: Bool
    let codes: [String]
    func covers(_ code: String) -> Bool {
      if all { return true }
      let family = String(code.split(separator: "/").first ?? "")
      return codes.contains { $0 == code || $0 == family || $0 == family + "/" || $0 == family + "/*" }
    }
  }

  private var byLine: [Int: [CodeSet]] = [:]
  private var file: [CodeSet] = []

  /// Reads the suppression comments of a text.
  public init(text: SourceText) {
    var open: [CodeSet] = []
    let marker = Array("policylint-".unicodeScalars)
    for line in 0..<text.lines.lineCount {
      let start = text.lines.lineStarts[line]
      let end = text.lines.contentEnds[line]
      for set in open { byLine[line, default: []].append(set) }
      var i = start
      while i + marker.count <= end {
        guard text.scalars[i] == "p", Array(text.scalars[i..<(i + marker.count)]) == marker else {
          i += 1
          continue
        }
        var j = i + marker.count
        var word = ""
        while j < end, text.scalars[j] == "-" || ScalarClass.isASCIIAlphanumeric(text.scalars[j]) {
          word.unicodeScalars.append(text.scalars[j])
          j += 1
        }
        var rest = ""
        while j < end {
          if text.scalars[j] == "-", j + 2 < end, text.scalars[j + 1] == "-", text.scalars[j + 2] == ">" { break }
          rest.unicodeScalars.append(text.scalars[j])
          j += 1
        }
        // Words after a lone `--` are the writer's reason, not codes.
        var codes: [String] = []
        for word in rest.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "，" || $0 == "\t" || $0 == "\u{3000}" }) {
          if word == "--" || word == "——" { break }
          codes.append(String(word))
        }
        let set = CodeSet(all: codes.isEmpty, codes: codes)
        switch word {
        case "disable-next-line": byLine[line + 1, default: []].append(set)
        case "disable-line": byLine[line, default: []].append(set)
        case "disable-file": file.append(set)
        case "disable":
          open.append(set)
          byLine[line, default: []].append(set)
        case "enable":
          if set.all { open.removeAll() } else { open.removeAll { s in !s.all && s.codes.allSatisfy { set.codes.contains($0) } } }
        default: break
        }
        i = j
      }
    }
  }

  /// Whether a finding of `code` starting on `line` is suppressed.
  public func suppresses(code: String, line: Int) -> Bool {
    if file.contains(where: { $0.covers(code) }) { return true }
    return byLine[line]?.contains { $0.covers(code) } ?? false
  }
}
