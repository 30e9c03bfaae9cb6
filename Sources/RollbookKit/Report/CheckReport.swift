/// Formats `rollbook check` results (spec section 7).
public enum CheckReport {
    /// `rollbook check --format`.
    public enum Format: String, CaseIterable, Sendable { case text, json, csv }

    /// Compiler-style lines grouped by rule, then the counts.
    public static func text(_ findings: [Finding]) -> String {
        var out = ""
        var current: RuleID?
        for f in findings {
            if let current, f.rule != current { out += "\n" }
            current = f.rule
            out += f.compilerStyle + "\n"
        }
        out += (findings.isEmpty ? "" : "\n") + summary(findings)
        return out
    }

    /// `12 errors and 3 warnings` and a line per rule.
    public static func summary(_ findings: [Finding]) -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let warnings = findings.count - errors
        if findings.isEmpty { return "No findings: the register is clean.\n" }
        var out = "\(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s"):\n"
        let width = Checker.rules.map(\.id.rawValue.count).max() ?? 20
        for (rule, n) in Checker.counts(findings) {
            let sev = Checker.rule(id: rule)?.severity.rawValue ?? "error"
            out += "  " + rule.rawValue + String(repeating: " ", count: width - rule.rawValue.count + 2) + "\(n) \(sev)\(n == 1 ? "" : "s")\n"
        }
        return out
    }

    public static func json(_ findings: [Finding], asOf: Day) -> String {
        var out = "{\n  \"as_of\": \(Escape.json(asOf.iso)),\n  \"findings\": ["
        for (i, f) in findings.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"rule\": \(Escape.json(f.rule.rawValue)), \"severity\": \(Escape.json(f.severity.rawValue)), "
            out += "\"pupil_id\": \(Escape.json(f.pupilId)), \"class\": \(Escape.json(f.className)), "
            out += "\"date\": \(Escape.json(f.date?.iso)), \"session\": \(Escape.json(f.session?.text)), "
            out += "\"mark\": \(Escape.json(f.mark)), \"message\": \(Escape.json(f.message)), "
            out += "\"file\": \(Escape.json(f.file)), \"line\": \(f.line.map(String.init) ?? "null")}"
        }
        out += findings.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"counts\": {"
        out += Checker.counts(findings).map { "\(Escape.json($0.rule.rawValue)): \($0.count)" }.joined(separator: ", ")
        out += "}\n}\n"
        return out
    }

    public static let csvHeader = "severity,rule,class,date,session,pupil_id,pupil_name,mark,file,line,message"

    /// One row per finding, for office staff to work through in a spreadsheet.
    public static func csv(_ findings: [Finding], register: Register?) -> String {
        var out = csvHeader + "\n"
        for f in findings {
            let name = f.pupil.flatMap { p in register.map { $0.pupils[p].name } } ?? ""
            let fields = [f.severity.rawValue, f.rule.rawValue, f.className ?? "", f.date?.iso ?? "", f.session?.text ?? "",
                          f.pupilId ?? "", name, f.mark ?? "", f.file ?? "", f.line.map(String.init) ?? "", f.message]
            out += Escape.csvRow(fields) + "\n"
        }
        return out
    }

    /// 0 when no finding is an error, 1 otherwise.
    public static func exitCode(_ findings: [Finding]) -> Int32 {
        findings.contains { $0.severity == .error } ? 1 : 0
    }
}
