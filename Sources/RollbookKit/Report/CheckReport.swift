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
        // The findings are written as bytes (a large school has tens of thousands).
        var bytes: [UInt8] = []
        bytes.reserveCapacity(findings.count * 300 + 1000)
        func put(_ s: String) { bytes += s.utf8 }
        put("{\n  \"as_of\": \(Escape.json(asOf.iso)),\n  \"findings\": [")
        func value(_ s: String?) { Escape.appendJSON(s, to: &bytes) }
        for (i, f) in findings.enumerated() {
            put(i == 0 ? "\n    {\"rule\": " : ",\n    {\"rule\": ")
            value(f.rule.rawValue)
            put(", \"severity\": "); value(f.severity.rawValue)
            put(", \"pupil_id\": "); value(f.pupilId)
            put(", \"class\": "); value(f.className)
            put(", \"date\": "); value(f.date?.iso)
            put(", \"session\": "); value(f.session?.text)
            put(", \"mark\": "); value(f.mark)
            put(", \"message\": "); value(f.message)
            put(", \"file\": "); value(f.file)
            put(", \"line\": "); put(f.line.map(String.init) ?? "null")
            bytes.append(125)  // }
        }
        put(findings.isEmpty ? "],\n" : "\n  ],\n")
        put("  \"counts\": {")
        put(Checker.counts(findings).map { "\(Escape.json($0.rule.rawValue)): \($0.count)" }.joined(separator: ", "))
        put("}\n}\n")
        return String(decoding: bytes, as: UTF8.self)
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
