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

extension Diagnostic {
  /// This diagnostic serialized: the bytes `jsonValue.serialized()` makes (keys in sorted order, a test
  /// compares the two), written straight from the fields. Building the dictionaries of `jsonValue` and
  /// sorting their keys again to write them was a fifth of the server's time per edit with ~250 findings.
  func writeJSON(to out: inout [UInt8]) {
    func key(_ k: StaticString, first: Bool = false) {
      if !first { out.append(UInt8(ascii: ",")) }
      out.append(UInt8(ascii: "\""))
      out.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
      out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }
    func string(_ s: String) { JSONValue.writeString(s, to: &out) }
    func array<T>(_ items: [T], _ body: (T) -> Void) {
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        body(item)
      }
      out.append(UInt8(ascii: "]"))
    }
    out.append(UInt8(ascii: "{"))
    key("code", first: true)
    string(code)
    if let codeDescription {
      key("codeDescription")
      out.append(UInt8(ascii: "{"))
      key("href", first: true)
      string(codeDescription.href)
      out.append(UInt8(ascii: "}"))
    }
    if let data {
      key("data")
      out.append(UInt8(ascii: "{"))
      var first = true
      if let detail = data.detail {
        key("detail", first: first)
        string(detail)
        first = false
      }
      if let evidence = data.evidence {
        key("evidence", first: first)
        array(evidence, string)
        first = false
      }
      key("fixes", first: first)
      array(data.fixes) { fix in
        out.append(UInt8(ascii: "{"))
        key("edits", first: true)
        array(fix.edits) { edit in
          out.append(UInt8(ascii: "{"))
          key("newText", first: true)
          string(edit.newText)
          key("range")
          edit.range.writeJSON(to: &out)
          out.append(UInt8(ascii: "}"))
        }
        key("title")
        string(fix.title)
        out.append(UInt8(ascii: "}"))
      }
      out.append(UInt8(ascii: "}"))
    }
    key("message")
    string(message)
    key("range")
    range.writeJSON(to: &out)
    if let relatedInformation {
      key("relatedInformation")
      array(relatedInformation) { info in
        out.append(UInt8(ascii: "{"))
        key("location", first: true)
        out.append(UInt8(ascii: "{"))
        key("range", first: true)
        info.location.range.writeJSON(to: &out)
        key("uri")
        string(info.location.uri)
        out.append(UInt8(ascii: "}"))
        key("message")
        string(info.message)
        out.append(UInt8(ascii: "}"))
      }
    }
    key("severity")
    JSONValue.writeInteger(Int64(severity), to: &out)
    key("source")
    string(source)
    out.append(UInt8(ascii: "}"))
  }
}

extension PositionRange {
  /// Writes the LSP `Range` as `jsonValue.serialized()` would.
  func writeJSON(to out: inout [UInt8]) {
    out += Self.endKey
    Self.write(end, to: &out)
    out += Self.startKey
    Self.write(start, to: &out)
    out.append(UInt8(ascii: "}"))
  }

  private static func write(_ p: Position, to out: inout [UInt8]) {
    out += characterKey
    JSONValue.writeInteger(Int64(p.character), to: &out)
    out += lineKey
    JSONValue.writeInteger(Int64(p.line), to: &out)
    out.append(UInt8(ascii: "}"))
  }

  private static let endKey = Array(#"{"end":"#.utf8)
  private static let startKey = Array(#","start":"#.utf8)
  private static let characterKey = Array(#"{"character":"#.utf8)
  private static let lineKey = Array(#","line":"#.utf8)


  /// LSP `Range`.
  var jsonValue: JSONValue {
    .object([
      "start": .object(["line": .number(Double(start.line)), "character": .number(Double(start.character))]),
      "end": .object(["line": .number(Double(end.line)), "character": .number(Double(end.character))]),
    ])
  }
}
