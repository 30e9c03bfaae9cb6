/// Formats `rollbook stats` (spec sections 6 and 7).
public enum StatsReport {
    /// `rollbook stats --format`.
    public enum Format: String, CaseIterable, Sendable { case csv, json }

    /// `rollbook stats --by` (declared in Analyse/, which groups the pupils).
    public typealias Grouping = RollbookKit.Grouping

    static let countColumns = ["possible", "attended", "present", "aea", "authorised", "unauthorised",
                               "not_required", "missing", "attendance_pct", "authorised_pct", "unauthorised_pct"]

    public static let pupilColumns = ["pupil_id", "class", "year_group"] + countColumns
        + ["persistent", "severe", "unauthorised_run_days", "penalty_window_sessions", "illness_sessions",
           "compulsory_school_age", "upn", "forename", "surname", "absence_pct"]

    public static let groupColumns = ["group", "class", "year_group", "pupils"] + countColumns
        + ["absence_pct", "persistent_pupils", "persistent_pct", "severe_pupils", "severe_pct", "illness_sessions"]

    /// A table: header and rows of typed cells (strings, numbers, booleans or null).
    public enum Cell: Sendable {
        case text(String), int(Int), pct(Double?), bool(Bool)

        var csv: String {
            switch self {
            case .text(let s): return Escape.csvCell(s)
            case .int(let n): return String(n)
            case .pct(let v): return RollbookKit.Format.fixed(v, 2)
            case .bool(let b): return b ? "true" : "false"
            }
        }

        var json: String {
            switch self {
            case .text(let s): return Escape.json(s)
            case .int(let n): return String(n)
            case .pct(let v): return v == nil ? "null" : RollbookKit.Format.fixed(v, 2)
            case .bool(let b): return b ? "true" : "false"
            }
        }
    }

    static func counts(_ c: SessionCounts) -> [Cell] {
        [.int(c.possible), .int(c.attended), .int(c.present), .int(c.aea), .int(c.authorised), .int(c.unauthorised),
         .int(c.notRequired), .int(c.missing), .pct(c.attendancePct), .pct(c.authorisedPct), .pct(c.unauthorisedPct)]
    }

    /// The table of `rollbook stats`. With `csaOnly`, only pupils of compulsory school age (the
    /// statistics definition of section 6.1) count, and a group without any is left out.
    public static func table(_ reg: Register, by grouping: Grouping, csaOnly: Bool = false) -> (columns: [String], rows: [[Cell]]) {
        let csa = reg.pupils.map { CompulsorySchoolAge.forStatistics($0, yearStart: reg.config.yearStart) }
        var stats = Statistics.allPupils(reg)
        if csaOnly { stats = stats.filter { csa[$0.pupil] } }
        switch grouping {
        case .pupil:
            let rows: [[Cell]] = stats.map { s in
                let p = reg.pupils[s.pupil]
                return [.text(p.id), .text(p.className), .text(p.yearGroup)] + counts(s.counts)
                    + [.bool(s.persistent), .bool(s.severe), .int(s.unauthorisedRunDays), .int(s.penaltyWindowSessions),
                       .int(s.counts.illness), .bool(csa[s.pupil]), .text(p.upn), .text(p.forename), .text(p.surname), .pct(s.counts.absencePct)]
            }
            return (pupilColumns, rows)
        case .class, .year, .school:
            let groups: [GroupStats]
            switch grouping {
            case .class: groups = GroupStats.byClass(reg, stats)
            case .year: groups = GroupStats.byYear(reg, stats)
            default: groups = [GroupStats.school(reg, stats)].filter { !csaOnly || $0.pupils > 0 }
            }
            let rows: [[Cell]] = groups.map { g in
                [.text(g.name), .text(grouping == .class ? g.name : ""), .text(grouping == .school ? "" : g.yearGroup),
                 .int(g.pupils)] + counts(g.counts)
                    + [.pct(g.counts.absencePct), .int(g.persistentPupils), .pct(g.persistentPct), .int(g.severePupils),
                       .pct(g.severePct), .int(g.counts.illness)]
            }
            return (groupColumns, rows)
        case .sen, .fsm, .disadvantaged, .eal, .sex, .ethnicity, .cla:
            let rows: [[Cell]] = GroupStats.byCharacteristic(reg, stats, grouping).map { g in
                [.text(g.name), .text(""), .text(""), .int(g.pupils)] + counts(g.counts)
                    + [.pct(g.counts.absencePct), .int(g.persistentPupils), .pct(g.persistentPct), .int(g.severePupils),
                       .pct(g.severePct), .int(g.counts.illness)]
            }
            return (groupColumns, rows)
        }
    }

    public static func csv(_ reg: Register, by grouping: Grouping, csaOnly: Bool = false) -> String {
        let t = table(reg, by: grouping, csaOnly: csaOnly)
        var out = t.columns.joined(separator: ",") + "\n"
        for r in t.rows { out += r.map(\.csv).joined(separator: ",") + "\n" }
        return out
    }

    public static func json(_ reg: Register, by grouping: Grouping, csaOnly: Bool = false) -> String {
        let t = table(reg, by: grouping, csaOnly: csaOnly)
        var out = "{\n  \"as_of\": \(Escape.json(reg.calendar.asOf.iso)),\n  \"by\": \(Escape.json(grouping.rawValue)),\n  \"rows\": ["
        for (i, r) in t.rows.enumerated() {
            out += (i == 0 ? "\n    {" : ",\n    {")
            out += zip(t.columns, r).map { "\(Escape.json($0)): \($1.json)" }.joined(separator: ", ") + "}"
        }
        out += t.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}
