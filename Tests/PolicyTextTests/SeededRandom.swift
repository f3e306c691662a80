import PolicyText

/// SplitMix64: a tiny, fast, seedable generator, so a failing property test names the seed that breaks it
/// and reruns it exactly (no third-party property-testing library).
struct SeededRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniformly chosen element.
  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Random text with the noise of real extractions: CJK runs, astral ideographs and emoji, CRLF / CR / LF,
/// full-width digits and punctuation, blanks between characters, page furniture, comments, headings.
enum NoisyText {
  static let pieces: [String] = [
    "全会", "要求", "坚持", "高质量发展", "。", "，", "、", "：", "；", "！", "？", "“", "”", "（", "）", "《", "》",
    "２０２３", "2023", "年", "11", "月", "百分之五", "5.2%", "一、", "（一）", "1.", "第一，",
    "𠀀", "𪚥", "😀", "👨‍👩‍👧", "e\u{301}", "\u{FEFF}", "\u{200B}", "\u{3000}", " ", "  ", "\t",
    "\n", "\n", "\r\n", "\r\n", "\r", "\u{2028}", "\n\n", "\r\n\r\n",
    "- 31 -", "\n- 3 -\n", "（下转 02 版）", "(上接第1版)", "<!-- 注 -->", "<!-- policylint-disable-line -->",
    "**", "# ", "## 标题\n", "GDP growth", "ＡＢＣ", "—", "……", "<", "!--", "-->", "下转", "版",
  ]

  /// A text of about `length` pieces.
  static func make(_ random: inout SeededRandom, length: Int) -> String {
    var s = ""
    for _ in 0..<length { s += random.pick(pieces) }
    return s
  }

  /// Text dense in astral characters and CRLF: every line break is CRLF and most characters need two
  /// UTF-16 units and four UTF-8 bytes.
  static func astral(_ random: inout SeededRandom, length: Int) -> String {
    let items = ["𠀀", "𪚥", "😀", "𝕏", "字", "a", "\r\n", "\r\n", "，", "。", "\u{10FFFF}"]
    var s = ""
    for _ in 0..<length { s += random.pick(items) }
    return s
  }
}
