import PolicyLint
import PolicyText

/// The invariants of the numeral parser and the figure extractor, checked on arbitrary bytes.
///
/// Compiled into `PolicyLintTests` (the fuzz-regression test replays committed inputs through it) and into
/// the libFuzzer binary built by `Tests/Fuzz/run.sh`. Raw bytes rarely spell a Chinese numeral, so the input
/// is also read as indices into an alphabet of numeral characters, units and the scalars around figures.
enum NumeralInvariants {
  static let alphabet = Array(
    "〇零一二两三四五六七八九十百千万亿点壹贰叁拾佰仟萬億０１２３４５６７８９0123456789.%％年月日第个人倍多余约至—-，。、 ".unicodeScalars)

  /// Returns one line per broken invariant (empty when all hold).
  static func check(bytes: [UInt8]) -> [String] {
    var problems: [String] = []
    let mapped = bytes.map { alphabet[Int($0) % alphabet.count] }
    // Every slice shape the extractor may hand the parser: whole input, and each run between separators.
    var slices: [ArraySlice<Unicode.Scalar>] = [mapped[...]]
    slices += mapped.split(whereSeparator: { !ChineseNumeral.isNumeralScalar($0) && $0 != "点" }).prefix(32)
    for slice in slices {
      if let (value, _) = ChineseNumeral.integer(slice), value < 0 {
        problems.append("\(String(scalarSlice: slice)) reads as negative \(value)")
      }
      if let value = ChineseNumeral.value(slice), !(value.isFinite && value >= 0) {
        problems.append("\(String(scalarSlice: slice)) has value \(value)")
      }
    }
    // Spelling a number and reading it back gives the number (quick fixes write what the parser reads).
    if bytes.count >= 8 {
      var n: UInt64 = 0
      for b in bytes.prefix(8) { n = n << 8 | UInt64(b) }
      let value = Int64(n % 10_000_000_000_000_000)
      let spelled = ChineseNumeral.spell(value)
      let back = ChineseNumeral.integer(Array(spelled.unicodeScalars)[...])
      if back?.value != value {
        problems.append("spell(\(value)) = \(spelled) reads back as \(String(describing: back))")
      }
    }
    // The extractor on the raw text and on the numeral-dense text: figures stay inside their texts.
    for string in [String(decoding: bytes, as: UTF8.self), String(scalarSlice: mapped)] {
      let text = SourceText(string)
      let view = MatchingView(text)
      for figure in FigureExtractor.figures(in: text, view: view) {
        let label = "figure «\(figure.text)» at \(figure.range)"
        if figure.range.lowerBound < 0 || figure.range.upperBound > text.count {
          problems.append("\(label) outside the text of \(text.count)")
        }
        if figure.numeralRange.lowerBound < 0 || figure.numeralRange.upperBound > text.count {
          problems.append("\(label): numeral range \(figure.numeralRange) outside the text")
        }
        if figure.viewRange.lowerBound < 0 || figure.viewRange.upperBound > view.count {
          problems.append("\(label): view range \(figure.viewRange) outside the view of \(view.count)")
        }
        if !figure.value.isFinite || !(figure.second?.isFinite ?? true) {
          problems.append("\(label): value \(figure.value) / \(String(describing: figure.second))")
        }
      }
    }
    return problems
  }
}
