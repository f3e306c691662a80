import Foundation

/// The corpus cache's encoding of `FigureFacts` (the reference pack keeps using `Codable`): variable-length
/// integers and length-prefixed strings, as `FormulationIndex` is cached. Decoding the facts of 10,000
/// documents as JSON was the slowest part of a start from the cache; `FigureFactsCacheEncodingTests`
/// checks that both encodings give the same facts.
extension FigureFacts: CorpusCacheBinaryCodable {
  public func write(to writer: inout BinaryWriter) {
    var w = VarintWriter()
    func put(_ e: EventKey) {
      w.put(e.organ)
      w.put(e.term ?? Int.min)
      w.put(e.number)
      w.put(e.kind)
    }
    w.put(counts.count)
    for c in counts {
      put(c.event)
      w.put(c.subject)
      w.put(c.unit)
      w.put(Int(bitPattern: UInt(c.value.bitPattern)))
      w.put(c.text)
      w.put(c.numeral)
      w.put(c.chinese ? 1 : 0)
      w.put(c.document)
      w.put(c.range)
    }
    w.put(meetings.count)
    for m in meetings {
      put(m.event)
      w.put(m.date)
      w.put(m.dateEnd == nil ? 0 : 1)
      if let end = m.dateEnd { w.put(end) }
      w.put(m.ordinalText)
      w.put(m.document)
      w.put(m.range)
    }
    w.put(anniversaries.count)
    for a in anniversaries {
      w.put(a.subject)
      w.put(a.founded)
      w.put(a.text)
      w.put(a.year)
      w.put(a.yearSource)
      w.put(a.document)
      w.put(a.range)
    }
    writer.write(bytes: w.bytes)
  }

  public init(from reader: inout BinaryReader) throws(CorpusCacheError) {
    let raw = try reader.readBytes()
    var r = VarintReader(raw)
    func event() throws(CorpusCacheError) -> EventKey {
      let organ = try r.string()
      let term = try r.int()
      return EventKey(organ: organ, term: term == Int.min ? nil : term, number: try r.int(), kind: try r.string())
    }
    var counts: [CountFact] = []
    for _ in 0..<(try r.count()) {
      let e = try event()
      let subject = try r.string()
      let unit = try r.string()
      let value = Double(bitPattern: UInt64(UInt(bitPattern: try r.int())))
      let text = try r.string()
      let numeral = try r.string()
      let chinese = try r.int() == 1
      counts.append(
        CountFact(
          event: e, subject: subject, unit: unit, value: value, text: text, numeral: numeral, chinese: chinese,
          document: try r.int(), range: try r.range()))
    }
    var meetings: [MeetingFact] = []
    for _ in 0..<(try r.count()) {
      let e = try event()
      let start = try r.date()
      let end = try r.int() == 1 ? try r.date() : nil
      meetings.append(
        MeetingFact(
          event: e, date: start, dateEnd: end, ordinalText: try r.string(), document: try r.int(), range: try r.range()))
    }
    var anniversaries: [AnniversaryFact] = []
    for _ in 0..<(try r.count()) {
      let subject = try r.string()
      let founded = try r.int()
      let text = try r.string()
      let year = try r.int()
      anniversaries.append(
        AnniversaryFact(
          subject: subject, founded: founded, text: text, year: year, yearSource: try r.string(), document: try r.int(),
          range: try r.range()))
    }
    guard r.isAtEnd else { throw .malformed("figure facts have trailing bytes") }
    self.init(counts: counts, meetings: meetings, anniversaries: anniversaries)
  }
}
