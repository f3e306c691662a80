import PolicyLint

/// `policylint rules`: every rule's code, default severity, name and rationale.
enum RulesCommand {
  static func run(_ args: [String]) -> Int32 {
    for check in builtInChecks {
      let d = check.description
      Console.out("\(d.code)  [\(d.defaultSeverity.name)]  \(d.name)")
      Console.out("    \(d.rationale)")
      for o in d.options {
        Console.out("    threshold \(o.key) = \(o.defaultValue): \(o.summary)")
      }
      if !d.alsoEmits.isEmpty { Console.out("    also reports: \(d.alsoEmits.joined(separator: ", "))") }
    }
    return 0
  }
}
