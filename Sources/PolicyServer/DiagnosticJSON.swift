import JSONRPC
import PolicyReporters
import PolicyText

/// Diagnostics as `JSONValue`s built field by field: the value `JSONValue(encoding:)` makes through
/// `JSONEncoder` (a test compares the two), without encoding to bytes and parsing them back, which was a
/// tenth of the server's time per edit on a draft with hundreds of findings.
extension Diagnostic {
  /// This diagnostic as a JSON value; nil optionals are left out, as `JSONEncoder` leaves them out.
  var jsonValue: JSONValue {
    var object: [String: JSONValue] = [
      "range": range.jsonValue, "severity": .number(Double(severity)), "code": .string(code),
      "source": .string(source), "message": .string(message),
    ]
    if let codeDescription { object["codeDescription"] = .object(["href": .string(codeDescription.href)]) }
    if let relatedInformation {
      object["relatedInformation"] = .array(
        relatedInformation.map {
          .object([
            "location": .object(["uri": .string($0.location.uri), "range": $0.location.range.jsonValue]),
            "message": .string($0.message),
          ])
        })
    }
    if let data {
      var payload: [String: JSONValue] = [
        "fixes": .array(
          data.fixes.map { fix in
            .object([
              "title": .string(fix.title),
              "edits": .array(
                fix.edits.map { .object(["range": $0.range.jsonValue, "newText": .string($0.newText)]) }),
            ])
          })
      ]
      if let detail = data.detail { payload["detail"] = .string(detail) }
      if let evidence = data.evidence { payload["evidence"] = .array(evidence.map { .string($0) }) }
      object["data"] = .object(payload)
    }
    return .object(object)
  }
}

extension PositionRange {
  /// LSP `Range`.
  var jsonValue: JSONValue {
    .object([
      "start": .object(["line": .number(Double(start.line)), "character": .number(Double(start.character))]),
      "end": .object(["line": .number(Double(end.line)), "character": .number(Double(end.character))]),
    ])
  }
}
