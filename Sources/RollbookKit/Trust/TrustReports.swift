/// `rollbook check` and `rollbook stats` on a trust folder (spec section 10): each school's
/// own report, made by the single-school code, with a `school` added and file paths made
/// relative to the trust folder.
public enum TrustReports {
    /// One school's findings, paths relative to the trust folder, with the pupils' names (for CSV).
    public struct SchoolFindings: Sendable {
        public var findings: [Finding]
        public var names: [String]
    }

    public static func findings(_ s: TrustSchool, _ reg: Register) -> SchoolFindings {
        var found = Checker.check(reg)
        var names: [String] = []
        names.reserveCapacity(found.count)
        for i in found.indices {
            if let f = found[i].file { found[i].file = TrustSchool.prefix(s.entry.folder, f) }
            names.append(found[i].pupil.map { reg.pupils[$0].name } ?? "")
        }
        return SchoolFindings(findings: found, names: names)
    }

    // MARK: check

    /// Compiler-style lines, school by school, each school with its own counts, then the trust's.
    public static func checkText(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<SchoolFindings>]) -> String {
        var out = ""
        var all: [Finding] = []
        for o in outcomes {
            out += "== \(o.school.name) (\(o.school.entry.folder))"
            if let r = o.result {
                out += ", as of \(o.asOf!.iso)\n" + CheckReport.text(r.findings) + "\n"
                all += r.findings
            } else {
                out += ": could not be read (see the errors above)\n\n"
            }
        }
        let read = outcomes.filter { $0.result != nil }.count
        let unreadable = outcomes.count - read + trust.config.problems.count
        out += "\(trust.config.name): \(read) school\(read == 1 ? "" : "s") checked"
        out += unreadable > 0 ? ", \(unreadable) could not be read.\n" : ".\n"
        out += CheckReport.summary(all)
        return out
    }

    public static func checkJSON(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<SchoolFindings>]) -> String {
        var out = "{\n  \"as_of\": \(Escape.json(outcomes.sharedAsOf()?.iso)),\n"
        out += "  \"trust\": \(Escape.json(trust.config.name)),\n"
        out += schoolsJSON(outcomes) { r in
            let e = r.findings.filter { $0.severity == .error }.count
            return ", \"errors\": \(e), \"warnings\": \(r.findings.count - e)"
        }
        out += "  \"findings\": ["
        var first = true
        var all: [Finding] = []
        for o in outcomes {
            guard let r = o.result else { continue }
            let school = Escape.json(o.school.name)
            for f in r.findings {
                out += first ? "\n" : ",\n"
                first = false
                out += "    {\"school\": \(school), \"rule\": \(Escape.json(f.rule.rawValue)), \"severity\": \(Escape.json(f.severity.rawValue)), "
                out += "\"pupil_id\": \(Escape.json(f.pupilId)), \"class\": \(Escape.json(f.className)), "
                out += "\"date\": \(Escape.json(f.date?.iso)), \"session\": \(Escape.json(f.session?.text)), "
                out += "\"mark\": \(Escape.json(f.mark)), \"message\": \(Escape.json(f.message)), "
                out += "\"file\": \(Escape.json(f.file)), \"line\": \(f.line.map(String.init) ?? "null")}"
            }
            all += r.findings
        }
        out += first ? "],\n" : "\n  ],\n"
        out += "  \"counts\": {"
        out += Checker.counts(all).map { "\(Escape.json($0.rule.rawValue)): \($0.count)" }.joined(separator: ", ")
        out += "}\n}\n"
        return out
    }

    public static func checkCSV(_ outcomes: [SchoolOutcome<SchoolFindings>]) -> String {
        var out = "school," + CheckReport.csvHeader + "\n"
        for o in outcomes {
            guard let r = o.result else { continue }
            let school = Escape.csv(o.school.name, protectFormulas: true)
            for (f, name) in zip(r.findings, r.names) {
                let fields = [f.severity.rawValue, f.rule.rawValue, f.className ?? "", f.date?.iso ?? "", f.session?.text ?? "",
                              f.pupilId ?? "", name, f.mark ?? "", f.file ?? "", f.line.map(String.init) ?? "", f.message]
                out += school + "," + fields.map { Escape.csv($0, protectFormulas: true) }.joined(separator: ",") + "\n"
            }
        }
        return out
    }

    /// `"schools": [...]`: each school's name, folder, `as_of` and whether it could be read.
    static func schoolsJSON<T>(_ outcomes: [SchoolOutcome<T>], extra: (T) -> String = { _ in "" }) -> String {
        var out = "  \"schools\": ["
        for (i, o) in outcomes.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"school\": \(Escape.json(o.school.name)), \"folder\": \(Escape.json(o.school.entry.folder)), "
            out += "\"slug\": \(Escape.json(o.school.entry.slug)), \"as_of\": \(Escape.json(o.asOf?.iso)), \"read\": \(o.result != nil)"
            if let r = o.result { out += extra(r) }
            out += "}"
        }
        out += outcomes.isEmpty ? "],\n" : "\n  ],\n"
        return out
    }

    // MARK: stats

    /// One school's rows of `rollbook stats`, and its whole-school group for the trust's sum.
    public struct SchoolStats: Sendable {
        public var columns: [String]
        public var rows: [[StatsReport.Cell]]
        public var whole: GroupStats?
    }

    /// With `csaOnly`, only the school's pupils of compulsory school age count (spec 6.1), and
    /// its `--by school` row is left out when it has none.
    public static func stats(_ s: TrustSchool, _ reg: Register, by grouping: StatsReport.Grouping, csaOnly: Bool = false) -> SchoolStats {
        if grouping == .school {
            var stats = Statistics.allPupils(reg)
            if csaOnly { stats = stats.filter { CompulsorySchoolAge.forStatistics(reg.pupils[$0.pupil], yearStart: reg.config.yearStart) } }
            let g = GroupStats.school(reg, stats)
            return SchoolStats(columns: StatsReport.groupColumns, rows: csaOnly && g.pupils == 0 ? [] : [groupRow(g, name: s.name)], whole: g)
        }
        let t = StatsReport.table(reg, by: grouping, csaOnly: csaOnly)
        return SchoolStats(columns: t.columns, rows: t.rows, whole: nil)
    }

    /// The cells of a `--by school` row (the columns of `StatsReport.groupColumns`).
    static func groupRow(_ g: GroupStats, name: String) -> [StatsReport.Cell] {
        [.text(name), .text(""), .text(""), .int(g.pupils)] + StatsReport.counts(g.counts)
            + [.pct(g.counts.absencePct), .int(g.persistentPupils), .pct(g.persistentPct), .int(g.severePupils),
               .pct(g.severePct), .int(g.counts.illness)]
    }

    /// The table with `school` first; for `--by school`, the trust's own row last (sessions and
    /// pupils summed over the schools, percentages worked out again from the sums). With
    /// `csaOnly` the schools' rows count their pupils of compulsory school age only, and so does
    /// the trust's row, which is left out when no school has any.
    public static func statsTable(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<SchoolStats>],
                                  by grouping: StatsReport.Grouping, csaOnly: Bool = false) -> (columns: [String], rows: [[StatsReport.Cell]]) {
        let base = outcomes.first { $0.result != nil }?.result?.columns
            ?? (grouping == .pupil ? StatsReport.pupilColumns : StatsReport.groupColumns)
        var rows: [[StatsReport.Cell]] = []
        var total = GroupStats(name: trust.config.name)
        for o in outcomes {
            guard let r = o.result else { continue }
            for row in r.rows { rows.append([.text(o.school.name)] + row) }
            if let g = r.whole { total.merge(g) }
        }
        if grouping == .school, !(csaOnly && total.pupils == 0) { rows.append([.text("")] + groupRow(total, name: trust.config.name)) }
        return (["school"] + base, rows)
    }

    public static func statsCSV(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<SchoolStats>], by grouping: StatsReport.Grouping,
                                csaOnly: Bool = false) -> String {
        let t = statsTable(trust, outcomes, by: grouping, csaOnly: csaOnly)
        var out = t.columns.joined(separator: ",") + "\n"
        for r in t.rows { out += r.map(\.csv).joined(separator: ",") + "\n" }
        return out
    }

    public static func statsJSON(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<SchoolStats>], by grouping: StatsReport.Grouping,
                                 csaOnly: Bool = false) -> String {
        let t = statsTable(trust, outcomes, by: grouping, csaOnly: csaOnly)
        var out = "{\n  \"as_of\": \(Escape.json(outcomes.sharedAsOf()?.iso)),\n  \"by\": \(Escape.json(grouping.rawValue)),\n"
        out += "  \"trust\": \(Escape.json(trust.config.name)),\n"
        out += schoolsJSON(outcomes)
        out += "  \"rows\": ["
        for (i, r) in t.rows.enumerated() {
            out += (i == 0 ? "\n    {" : ",\n    {")
            out += zip(t.columns, r).map { "\(Escape.json($0)): \($1.json)" }.joined(separator: ", ") + "}"
        }
        out += t.rows.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}

extension GroupStats {
    /// Adds another group's pupils and sessions (groups of different schools: no pupil is in both).
    mutating func merge(_ g: GroupStats) {
        pupils += g.pupils
        counts += g.counts
        persistentPupils += g.persistentPupils
        severePupils += g.severePupils
        pupilsWithPossible += g.pupilsWithPossible
    }
}
