/// Formats `rollbook diff` results (spec sections 7 and 12).
public enum DiffReport {
    public enum Format: String, CaseIterable, Sendable { case text, csv, json }

    public static func render(_ diff: RegisterDiff, format: Format, old: String = "OLD", new: String = "NEW") -> String {
        switch format {
        case .text: return text(diff, old: old, new: new)
        case .csv: return csv(diff)
        case .json: return json(diff)
        }
    }

    public static let csvHeader = "pupil_id,class,date,session,old,new,change,late_days"

    /// The spec's columns, one row per change, protected against formula injection.
    public static func csv(_ diff: RegisterDiff) -> String {
        var out = csvHeader + "\n"
        for r in diff.rows {
            let fields = [r.pupilId, r.className, r.date?.iso ?? "", r.session?.text ?? "", r.old?.text ?? "",
                          r.new?.text ?? "", r.change.rawValue, r.lateDays.map(String.init) ?? ""]
            out += Escape.csvRow(fields) + "\n"
        }
        return out
    }

    /// `{"as_of": ..., "changes": [...], "counts": {...}}`, empty values as null.
    public static func json(_ diff: RegisterDiff) -> String {
        var out = "{\n  \"as_of\": \(Escape.json(diff.asOf.iso)),\n  \"changes\": ["
        for (i, r) in diff.rows.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"pupil_id\": \(Escape.json(r.pupilId)), \"class\": \(Escape.json(r.className)), "
            out += "\"date\": \(Escape.json(r.date?.iso)), \"session\": \(Escape.json(r.session?.text)), "
            out += "\"old\": \(Escape.json(r.old?.text)), \"new\": \(Escape.json(r.new?.text)), "
            out += "\"change\": \(Escape.json(r.change.rawValue)), \"late_days\": \(r.lateDays.map(String.init) ?? "null")}"
        }
        out += diff.rows.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"counts\": {"
        out += diff.counts.map { "\(Escape.json($0.change.rawValue)): \($0.count)" }.joined(separator: ", ")
        out += "}\n}\n"
        return out
    }

    /// Grouped like `check`: by kind, then class, then date; a summary at the end.
    public static func text(_ diff: RegisterDiff, old: String = "OLD", new: String = "NEW") -> String {
        var out = ""
        let byKind = Dictionary(grouping: diff.rows, by: \.change)
        for kind in RegisterDiff.Change.allCases {
            guard let rows = byKind[kind] else { continue }
            out += "\(kind.rawValue): \(kind.summary) (\(rows.count))\n"
            let byClass = Dictionary(grouping: rows, by: \.className)
            for cls in byClass.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                out += "  \(cls.isEmpty ? "(no class)" : cls)\n"
                for r in byClass[cls]!.sorted(by: RegisterDiff.Row.ordered) {
                    out += "    " + line(r) + "\n"
                }
            }
            out += "\n"
        }
        out += summary(diff, old: old, new: new)
        return out
    }

    /// One change for people: `2026-03-02 AM  P0042 Amelia Jones: N → I, recorded 2026-03-05 (3 school days later)`.
    public static func line(_ r: RegisterDiff.Row) -> String {
        let who = "\(r.pupilId) \(r.name)"
        guard let d = r.date, let s = r.session else {
            return who + (r.change == .joined ? ": on NEW's roll only" : ": on OLD's roll only")
        }
        var t = "\(d.iso) \(s.text)  \(who): \(r.old?.text ?? "no mark") → \(r.new?.text ?? "no mark")"
        if let at = r.recordedAt, let n = r.lateDays {
            let when = n > 0 ? "\(n) school day\(n == 1 ? "" : "s") later" : at.day == d ? "the same day" : at.day < d ? "before the session" : "no school day later"
            t += ", recorded \(at.day.iso) (\(when))"
        }
        return t
    }

    /// `12 changes to 2026-03-20: 3 authorised, 1 joined`, or that nothing changed.
    public static func summary(_ diff: RegisterDiff, old: String = "OLD", new: String = "NEW") -> String {
        if diff.rows.isEmpty {
            return "No changes: \(new) has the same effective marks and roll as \(old) up to \(diff.asOf.iso).\n"
        }
        let n = diff.rows.count
        let notable = diff.rows.filter(RegisterDiff.isNotable).count
        var s = "\(n) change\(n == 1 ? "" : "s") from \(old) to \(new) up to \(diff.asOf.iso): "
        s += diff.counts.map { "\($0.count) \($0.change.rawValue)" }.joined(separator: ", ")
        if notable > 0 {
            s += "; \(notable) to review (present to absent, unauthorised to authorised, or recorded more than \(RegisterDiff.lateThreshold) school days later)"
        }
        return s + ".\n"
    }
}
