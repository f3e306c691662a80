import PolicyLint
import PolicyText

/// Text with ranges marked `⟦…⟧`, as in the check examples and `../shared/samples`.
struct MarkedText {
  /// The text without marks.
  let text: String
  /// The marked ranges, in scalar indices of `text`.
  let marks: [Range<Int>]
  /// The family written before a colon inside a mark (`⟦dup:…⟧`), if any.
  let families: [String?]

  init(_ marked: String, familyPrefixes: Bool = false) {
    var out: [Unicode.Scalar] = []
    var marks: [Range<Int>] = []
    var families: [String?] = []
    var open: Int?
    let scalars = Array(marked.unicodeScalars)
    var i = 0
    while i < scalars.count {
      let s = scalars[i]
      if s == "⟦" {
        open = out.count
        if familyPrefixes, let colon = scalars[i...].firstIndex(of: ":"), colon - i < 16,
          scalars[(i + 1)..<colon].allSatisfy({ $0.isASCII })
        {
          families.append(String(scalarSlice: scalars[(i + 1)..<colon]))
          i = colon + 1
          continue
        }
        families.append(nil)
      } else if s == "⟧", let o = open {
        marks.append(o..<out.count)
        open = nil
      } else {
        out.append(s)
      }
      i += 1
    }
    text = String(scalarSlice: out)
    self.marks = marks
    self.families = families
  }
}
