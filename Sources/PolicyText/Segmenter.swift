/// Splits a matching view into sentences and clauses. Ranges are view indices and exclude the boundary.
public enum Segmenter {
  /// Sentences: runs ending at `。！？；…` or a view boundary (`\n`), with the end punctuation included.
  public static func sentences(in view: MatchingView) -> [Range<Int>] {
    split(view.scalars, isEnd: ScalarClass.isSentenceEnd)
  }

  /// Clauses: runs ending at sentence punctuation, `，`, `、` or `：`, with the end punctuation included.
  public static func clauses(in view: MatchingView) -> [Range<Int>] {
    split(view.scalars, isEnd: ScalarClass.isClauseEnd)
  }

  static func split(_ s: [Unicode.Scalar], isEnd: (Unicode.Scalar) -> Bool) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var start = 0
    var i = 0
    while i < s.count {
      let c = s[i]
      if c == "\n" {
        if i > start { result.append(start..<i) }
        start = i + 1
      } else if isEnd(c) {
        var j = i + 1
        // Keep closing quotes and brackets with the sentence they close.
        while j < s.count, s[j] == "”" || s[j] == "’" || s[j] == ")" || s[j] == "」" || s[j] == "』" { j += 1 }
        if c == "…" { while j < s.count && s[j] == "…" { j += 1 } }
        result.append(start..<j)
        start = j
        i = j
        continue
      }
      i += 1
    }
    if start < s.count { result.append(start..<s.count) }
    return result
  }
}
