import PolicyText

/// `slogan/stale`: a formulation that was current once but is outdated at the draft's date — a renamed
/// disease or body, an ended control regime, a five-year plan spoken of as current after its years, a
/// study list that leaves out the latest plenary session. Each comes from a registry entry with the date
/// of the change and its source; history told as history (`2020年…`, `过去…`, `原…`) is left alone.
public struct SloganStaleCheck: Check {
  public static let description = CheckDescription(
    code: "slogan/stale", name: "SloganStale", defaultSeverity: .warning,
    rationale: "提法会随时间更新：草稿日期之后仍沿用已更名、已调整的提法，会显得过时甚至出错。",
    triggering: [
      CheckExample("（2023年11月27日）\n各地要⟦科学精准做好疫情防控工作⟧，推动部署落到实处。", date: "2023-11-27"),
      CheckExample("做好⟦新冠肺炎⟧患者救治工作。", date: "2023-03-01"),
      CheckExample("深入学习贯彻党的⟦二十大和二十届一中全会精神⟧。", date: "2023-03-15"),
      CheckExample("由⟦中国银行保险监督管理委员会⟧负责监管。", date: "2023-12-01"),
      CheckExample("力争提前完成⟦十二五⟧规划目标。", date: "2023-05-01"),
    ],
    nonTriggering: [
      CheckExample("各地要科学精准做好疫情防控工作，做好新冠肺炎患者救治。", date: "2022-11-29"),
      CheckExample("深入学习贯彻党的二十大和二十届一中、二中全会精神，深入学习贯彻党的二十大精神。", date: "2023-12-26"),
      CheckExample("2020年初，新冠肺炎疫情突如其来，原国家卫生和计划生育委员会的职责早已调整。", date: "2023-12-01"),
      CheckExample("国家金融监督管理总局负责监管，做好新型冠状病毒感染防控。", date: "2023-12-01"),
    ])

  public init() {}

  public func run(_ context: CheckContext) -> [Finding] {
    let (loaded, problem) = SloganSupport.registry(context)
    var findings: [Finding] = []
    if let problem {
      // A broken workspace registry must not pass silently: say so where the writer looks.
      findings.append(
        Finding(
          code: Self.description.code, severity: .error, range: 0..<0,
          message: "提法词库有误，已只用内置词库：\(problem.description)"))
    }
    let (date, dateSource) = SloganSupport.date(context)
    // A corpus document dated only by its file's time has no known date: nothing can be judged stale.
    if dateSource.hasSuffix("file time") { return findings }
    let dateFrom = SloganSupport.describe(dateSource: dateSource)
    let view = context.draft.view
    for hit in loaded.stale.find(in: view, date: date) {
      let entry = loaded.registry.entries[hit.entry]
      let range = view.originalRange(hit.viewRange)
      var message: String
      if entry.kind == .sequence {
        message = "学习表述已过时：草稿日期\(date)（\(dateFrom)）前已召开的全会未列全，应为「\(hit.successor)」"
      } else if let replacement = hit.replacement {
        message = "提法已过时：「\(hit.found)」自\(hit.changed)起已改为「\(replacement)」（草稿日期\(date)，\(dateFrom)）"
      } else {
        message = "提法已过时：「\(hit.found)」自\(hit.changed)起不再适用——\(hit.successor)（草稿日期\(date)，\(dateFrom)）"
      }
      message += "。来源：\(entry.source)"
      var fixes: [Fix] = []
      if let replacement = hit.replacement {
        fixes.append(Fix(title: "改为「\(replacement)」", edits: [TextEdit(range: range, newText: replacement)]))
      }
      findings.append(
        Finding(
          code: Self.description.code, severity: Self.description.defaultSeverity, range: range, message: message,
          fixes: fixes, detail: "词库条目 `\(entry.id)`（\(loaded.registry.origin)）：\(entry.source)"))
    }
    return findings
  }
}
