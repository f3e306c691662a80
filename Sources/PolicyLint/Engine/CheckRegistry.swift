/// Every built-in check, sorted by code. Written by hand: adding a check means adding it here, and a test
/// asserts that codes are unique and that `protocol/rules.md` lists exactly these.
public let builtInChecks: [any Check.Type] = [
  DoubledPhraseCheck.self,
  CorpusReuseCheck.self,
  RepeatedSentenceCheck.self,
  FigureAnniversaryCheck.self,
  FigureCountCheck.self,
  FigureDateCheck.self,
  FigureMismatchCheck.self,
  FigureNumeralFormCheck.self,
  FigureSequenceCheck.self,
  FigureSumCheck.self,
  SloganMisquoteCheck.self,
  SloganStaleCheck.self,
  SloganVariantCheck.self,
]
