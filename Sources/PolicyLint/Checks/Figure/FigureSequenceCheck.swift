import Foundation
import PolicyText

/// `figure/sequence`: numbered items with gaps, repeats or disorder (`1.` `2.` `4.`; `（一）（三）`; `其一…其三`;
/// `一是…一是`), and lists that mix `一是` with `第二`.
///
/// Heading markers (`一、`, `（一）`, `1.`) form document-wide series that may restart at one; clause markers
/// (`一是`, `第一，`, `其一`) form lists inside a passage, and a `一是` after a colon starts a new list.
public struct FigureSequenceCheck: Check {
  public static let description = CheckDescription(
    code: "figure/sequence", name: "OrdinalSequence", defaultSeverity: .warning,
    rationale: "序号跳号、重号、倒序或混用“一是”“第二”，说明条目被删改过或编号有误。",
    triggering: [
      CheckExample("1. 抓好经济运行。\n2. 抓好安全生产。\n⟦4.⟧ 抓好民生保障。"),
      CheckExample("（一）坚定拥护“两个确立”。\n⟦（三）⟧牢牢把握世界观和方法论。"),
      // The repeated marker is reported once; the one after it follows the value it should have had.
      CheckExample("（一）加强领导。\n（二）压实责任。\n⟦（二）⟧强化保障。\n（四）严肃纪律。"),
      CheckExample("其一，要稳中求进；⟦其三⟧，要先立后破。"),
      CheckExample("要抓好三件事：一是抓好经济运行调度，⟦一是⟧抓好安全生产。"),
      CheckExample("一是抓好经济运行调度，⟦第二⟧，抓好安全生产，三是抓好民生保障。"),
      CheckExample("一、总体要求\n二、主要任务\n⟦二、⟧保障措施"),
      CheckExample("第一条　为了规范管理，制定本决定。\n第二条　本决定适用于全市。\n⟦第四条⟧　本决定自公布之日起施行。"),
    ],
    nonTriggering: [
      CheckExample("一是抓好经济运行调度，二是抓好安全生产，三是抓好民生保障。"),
      CheckExample("一、总体要求\n（一）指导思想。\n（二）主要目标。\n二、主要任务\n（三）构建产业体系。\n（四）促进协调发展。"),
      CheckExample("主要呈现以下特征：一是工业化加快推进，二是城镇化加快推进。要做到两点：一是守正，二是创新。"),
      CheckExample("1. 抓好经济运行。\n2. 抓好安全生产。\n一、其他事项\n1. 做好宣传。"),
      CheckExample("第一，要稳中求进；第二，要以进促稳；第三，要先立后破。"),
      CheckExample("（一）优化服务。有下列情形之一的，可以容缺受理：（一）材料齐全的；（二）承诺补正的。\n（二）强化保障。"),
      CheckExample("第一章　总则\n第一条　为了规范管理，制定本决定。\n第二条　违反本决定第五条规定的，依法处理。\n第二章　附则\n第三条　本决定自公布之日起施行。"),
    ])

  public init() {}

  public func run(_ context: CheckContext) -> [Finding] {
    let view = context.draft.view
    let markers = Enumerators.markers(in: view)
    var out: [Finding] = []
    // Heading series: one per style, document-wide.
    for style in [EnumeratorMarker.Style.comma, .paren, .parenArabic, .arabic, .article, .chapter] {
      let series = markers.filter { $0.style == style && $0.opensItem }
      out += check(series, view: view, clause: false)
    }
    // `（一）…；（二）…` inside running text: lists of their own, read like clause lists (a colon starts one).
    let inline = markers.filter { $0.style == .paren && !$0.opensItem }
    out += check(inline, view: view, clause: true)
    // Clause lists: `一是`, `第一`, `其一` together, so mixing shows.
    let clause = markers.filter { $0.style.isClause }
    out += check(clause, view: view, clause: true)
    return out
  }

  func check(_ series: [EnumeratorMarker], view: MatchingView, clause: Bool) -> [Finding] {
    var out: [Finding] = []
    var last: EnumeratorMarker? = nil
    // The value the last marker stands for: its own, or the one it was told to take when it was misnumbered
    // and the marker after it follows that one (`（一）（二）（二）（四）`: the second `（二）` is the third
    // item, so `（四）` is in order and is not reported again).
    var lastValue = 0
    var listStyle: EnumeratorMarker.Style? = nil
    let v = view.scalars
    for (n, m) in series.enumerated() {
      let next = series.indices.contains(n + 1) ? series[n + 1] : nil
      var value = m.value
      defer {
        last = m
        lastValue = value
      }
      guard var p = last else {
        listStyle = m.style
        continue
      }
      p.value = lastValue
      if clause {
        // Far apart, the markers belong to different lists.
        if m.viewRange.lowerBound - p.viewRange.upperBound > 1500 {
          listStyle = m.style
          continue
        }
        // A colon or a new sentence before `一是` starts a new list, unless the open list has one item only.
        if m.value == 1 {
          let between = v[p.viewRange.upperBound..<m.viewRange.lowerBound]
          let opens = between.contains(":") || between.contains("\n")
            || (between.contains("。") || between.contains(";")) && p.value >= 2
          if opens || p.value >= 2 && m.style != p.style {
            listStyle = m.style
            continue
          }
          out.append(finding(m, "重复的序号“\(text(m, view))”：前面已有“\(text(p, view))”，应为“\(m.style.spell(p.value + 1))”。",
            fix: (p.value + 1, next), view: view))
          if Self.renumbers(expected: p.value + 1, next: next) { value = p.value + 1 }
          continue
        }
      } else if m.value == 1 {
        listStyle = m.style
        continue
      }
      let expected = p.value + 1
      if m.value == expected {
        if clause, let style = listStyle, m.style != style {
          out.append(
            Finding(
              code: Self.description.code, severity: Self.description.defaultSeverity,
              range: view.originalRange(m.viewRange),
              message: "同一组序号混用了“\(style.spell(1))”和“\(text(m, view))”两种写法，应统一为“\(style.spell(m.value))”。",
              fixes: [Fix(title: "改为“\(style.spell(m.value))”", edits: [
                TextEdit(range: view.originalRange(m.viewRange), newText: style.spell(m.value))
              ])]))
        }
        continue
      }
      if Self.renumbers(expected: expected, next: next) { value = expected }
      if m.value == p.value {
        out.append(finding(m, "重复的序号“\(text(m, view))”：前一项已是“\(text(p, view))”，应为“\(m.style.spell(expected))”。",
          fix: (expected, next), view: view))
      } else if m.value > expected {
        out.append(finding(m, "序号跳号：“\(text(p, view))”之后是“\(text(m, view))”，缺少“\(m.style.spell(expected))”。",
          fix: (expected, next), view: view))
      } else {
        out.append(finding(m, "序号倒序：“\(text(p, view))”之后是“\(text(m, view))”，应为“\(m.style.spell(expected))”。",
          fix: (expected, next), view: view))
      }
    }
    return out
  }

  /// Whether a misnumbered marker is one marker out of step (the next follows the value it should have,
  /// or there is none), rather than an item missing: then it is renumbered.
  static func renumbers(expected: Int, next: EnumeratorMarker?) -> Bool {
    next == nil || next?.value == expected + 1
  }

  func text(_ m: EnumeratorMarker, _ view: MatchingView) -> String {
    // The view folds full-width brackets and commas; the message shows them as Chinese text writes them.
    view.string(m.viewRange).replacingLiteral("(", with: "（").replacingLiteral(")", with: "）")
      .replacingLiteral(",", with: "，")
  }

  /// A finding on a marker; the renumbering fix is offered only when the next marker follows the expected
  /// value (so this one marker is misnumbered, rather than an item missing).
  func finding(_ m: EnumeratorMarker, _ message: String, fix: (Int, EnumeratorMarker?), view: MatchingView) -> Finding {
    let (expected, next) = fix
    var fixes: [Fix] = []
    if Self.renumbers(expected: expected, next: next) {
      let numeral = m.chinese ? ChineseNumeral.spell(Int64(expected)) : String(expected)
      fixes.append(Fix(title: "改为“\(m.style.spell(expected))”", edits: [
        TextEdit(range: view.originalRange(m.numeralRange), newText: numeral)
      ]))
    }
    return Finding(
      code: Self.description.code, severity: Self.description.defaultSeverity, range: view.originalRange(m.viewRange),
      message: message, fixes: fixes)
  }
}
