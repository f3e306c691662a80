import PolicyLint
import PolicyText
import XCTest

/// Walks every built-in check's examples, plain and mutated, as `../shared/STYLE.md` asks: a surrogate-pair
/// prefix shifts every offset, CRLF changes line ends, full-width/half-width punctuation swaps, and a
/// suppression comment must silence the check.
final class CheckExamplesTests: XCTestCase {
  enum Mutation: String, CaseIterable {
    case none, astralPrefix, crlf, punctuationWidth, suppressed
  }

  func testRegistryCodesAreUniqueAndSorted() {
    let codes = builtInChecks.map { $0.description.code }
    XCTAssertEqual(codes.count, Set(codes).count, "duplicate codes: \(codes)")
    XCTAssertEqual(codes, codes.sorted(), "builtInChecks must be sorted by code")
    for code in codes + builtInChecks.flatMap({ $0.description.alsoEmits }) {
      let parts = code.split(separator: "/")
      XCTAssertEqual(parts.count, 2, "\(code) is not family/name")
      XCTAssertTrue(["duplicate", "figure", "slogan"].contains(String(parts.first ?? "")), "\(code): unknown family")
    }
  }

  func testEveryCheckHasExamplesBothWays() {
    for check in builtInChecks {
      let d = check.description
      XCTAssertFalse(d.triggering.isEmpty, "\(d.code) has no triggering example")
      XCTAssertFalse(d.nonTriggering.isEmpty, "\(d.code) has no non-triggering example")
    }
  }

  func testTriggeringExamplesFlagExactlyTheMarkedRanges() {
    for check in builtInChecks {
      let d = check.description
      for (n, example) in d.triggering.enumerated() {
        for mutation in Mutation.allCases where example.mutable || mutation == .none || mutation == .suppressed {
          let (marked, corpus) = apply(mutation, to: example, code: d.code)
          let m = MarkedText(marked)
          let findings = run(check, text: m.text, corpus: corpus, date: example.date).filter {
            $0.code == d.code || d.alsoEmits.contains($0.code)
          }
          let context = "\(d.code) triggering example \(n) [\(mutation.rawValue)]: \(m.text)"
          if mutation == .suppressed {
            XCTAssertTrue(findings.isEmpty, "\(context): a suppression comment did not silence it: \(findings.map(\.message))")
            continue
          }
          XCTAssertFalse(m.marks.isEmpty, "\(context): example has no ⟦marks⟧")
          for mark in m.marks {
            XCTAssertTrue(
              findings.contains { $0.range == mark },
              "\(context): expected a finding at \(mark) «\(slice(m.text, mark))», got \(findings.map { "\($0.range) «\(slice(m.text, $0.range))» \($0.message)" })")
          }
          for f in findings where !m.marks.contains(f.range) {
            XCTFail("\(context): unexpected finding at \(f.range) «\(slice(m.text, f.range))»: \(f.message)")
          }
        }
      }
    }
  }

  func testNonTriggeringExamplesStayQuiet() {
    for check in builtInChecks {
      let d = check.description
      for (n, example) in d.nonTriggering.enumerated() {
        for mutation in Mutation.allCases where mutation != .suppressed && (example.mutable || mutation == .none) {
          let (marked, corpus) = apply(mutation, to: example, code: d.code)
          let m = MarkedText(marked)
          let findings = run(check, text: m.text, corpus: corpus, date: example.date).filter {
            $0.code == d.code || d.alsoEmits.contains($0.code)
          }
          XCTAssertTrue(
            findings.isEmpty,
            "\(d.code) non-triggering example \(n) [\(mutation.rawValue)] flagged: \(findings.map { "«\(slice(m.text, $0.range))» \($0.message)" })")
        }
      }
    }
  }

  // MARK: - Helpers

  func run(_ check: any Check.Type, text: String, corpus: [ExampleDocument], date: SimpleDate) -> [Finding] {
    let docs = corpus.enumerated().map { i, d in
      CorpusDocument.inMemory(d.text, name: "example-\(i).txt", id: i, date: d.date, rank: d.rank)
    }
    let index = CorpusIndex(documents: docs, origin: "examples")
    let draft = DraftDocument(path: "/memory/draft.txt", text: SourceText(text), explicitDate: date, corpus: index)
    var configuration = Configuration()
    // An optional check's examples show what it finds once turned on.
    let d = check.description
    if !d.enabledByDefault { configuration.rules[d.code] = .severity(d.defaultSeverity) }
    return Linter(corpus: index, checks: [check]).lint(draft, configuration: configuration)
  }

  func apply(_ mutation: Mutation, to example: CheckExample, code: String) -> (String, [ExampleDocument]) {
    switch mutation {
    case .none:
      return (example.marked, example.corpus)
    case .astralPrefix:
      return ("𠀀。" + example.marked, example.corpus)
    case .crlf:
      return (
        example.marked.replacingOccurrences(of: "\n", with: "\r\n"),
        example.corpus.map { ExampleDocument($0.text.replacingOccurrences(of: "\n", with: "\r\n"), date: $0.date.description, rank: $0.rank) }
      )
    case .punctuationWidth:
      return (swapWidth(example.marked), example.corpus)
    case .suppressed:
      return ("<!-- policylint-disable-file \(code) -->\n" + example.marked, example.corpus)
    }
  }

  func swapWidth(_ s: String) -> String {
    let pairs: [Character: Character] = ["，": ",", ",": "，", "：": ":", ":": "：", "；": ";", ";": "；", "（": "(", "(": "（", "）": ")", ")": "）"]
    return String(s.map { pairs[$0] ?? $0 })
  }

  func slice(_ text: String, _ r: Range<Int>) -> String {
    let scalars = Array(text.unicodeScalars)
    let lo = max(0, min(r.lowerBound, scalars.count))
    let hi = max(lo, min(r.upperBound, scalars.count))
    return String(scalarSlice: scalars[lo..<hi])
  }
}
