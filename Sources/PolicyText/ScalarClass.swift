/// Character classes used by the matching view and the checks. Pure functions of a scalar.
public enum ScalarClass {
  /// CJK ideographs in the basic and extension blocks, including astral ones such as `𠀀`.
  @inlinable
  public static func isHan(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x3134F).contains(v)
      || (0xF900...0xFAFF).contains(v) || v == 0x3007
  }

  /// Horizontal white space, including the ideographic space and no-break spaces.
  @inlinable
  public static func isBlank(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x3000, 0x2002...0x200B, 0x202F, 0x205F, 0xFEFF: return true
    default: return false
    }
  }

  /// A line terminator.
  @inlinable
  public static func isNewline(_ s: Unicode.Scalar) -> Bool {
    s == "\n" || s == "\r" || s.value == 0x2028 || s.value == 0x2029 || s.value == 0x85
  }

  /// ASCII letters and digits.
  @inlinable
  public static func isASCIIAlphanumeric(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
  }

  /// Wording: Han ideographs, ASCII letters and digits (what reuse matching compares; punctuation, quotes,
  /// blanks and the rest are left out).
  @inlinable
  public static func isWording(_ s: Unicode.Scalar) -> Bool { isHan(s) || isASCIIAlphanumeric(s) }

  /// ASCII letters.
  @inlinable
  public static func isASCIILetter(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
  }

  /// ASCII digits.
  @inlinable
  public static func isDigit(_ s: Unicode.Scalar) -> Bool { (0x30...0x39).contains(s.value) }

  /// Punctuation that ends a sentence, after folding.
  @inlinable
  public static func isSentenceEnd(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case "。", "!", "?", ";", "…": return true
    default: return false
    }
  }

  /// Punctuation that ends a clause inside a sentence, after folding.
  @inlinable
  public static func isClauseEnd(_ s: Unicode.Scalar) -> Bool {
    switch s {
    case ",", "、", ":": return true
    default: return isSentenceEnd(s)
    }
  }

  /// Any punctuation or symbol a match should treat as a boundary rather than content.
  @inlinable
  public static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
    if isHan(s) || isASCIIAlphanumeric(s) { return false }
    switch s.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
      .finalPunctuation, .otherPunctuation, .mathSymbol, .otherSymbol:
      return true
    default:
      return false
    }
  }

  /// Folds full-width ASCII forms and a few look-alikes to one spelling, so `，` and `,`, `２` and `2` match.
  @inlinable
  public static func fold(_ s: Unicode.Scalar) -> Unicode.Scalar {
    let v = s.value
    // Han, kana and most punctuation fold to themselves: one test for the scalars of a Chinese text.
    if v > 0x2500 && v < 0xFE50 { return s }
    if (0xFF01...0xFF5E).contains(v) { return Unicode.Scalar(v - 0xFEE0) ?? s }
    switch v {
    case 0x2236: return ":"  // RATIO ∶
    case 0xFE50: return ","  // small comma
    case 0xFE52: return "."
    case 0xFE54: return ";"
    case 0xFE55: return ":"
    case 0x2014, 0x2015, 0x2500: return "—"  // dashes written with box-drawing or horizontal bar
    case 0x22EF: return "…"  // MIDLINE HORIZONTAL ELLIPSIS, typeset for ……
    case 0xFF61: return "。"
    case 0xFF64: return "、"
    default: return s
    }
  }
}
