/// The intranet's Last year page (`intranet/compare.html`, issue 15 item 4): this year against
/// the last, when `compare_with:` names last year's project. Every piece of data is escaped here
/// or by the template.
extension IntranetPages {
    /// "2 September 2024 to 27 March 2025 (268 school sessions, year to date)".
    static func spanText(_ s: YearComparison.Span) -> String {
        "\(s.from.display) to \(s.to.display) (\(Format.thousands(s.sessions)) school session\(s.sessions == 1 ? "" : "s"), \(s.fullYear ? "full year" : "part of the year"))"
    }

    /// One level: a chart of attendance (last year dashed, this year solid) and its table.
    func yearLevel(_ y: YearComparison, id: String, title: String, nameHeader: String, rows: [YearComparison.Row],
                   short: [String]? = nil, noNamesake: String) -> [String: Any] {
        let lastName = y.last.yearName + (y.last.fullYear ? ", full year" : " to \(y.last.to.display)")
        let thisName = y.this.yearName + (y.this.fullYear ? ", full year" : " to \(y.this.to.display)")
        var tableRows: [[String: Any]] = []
        var labels: [String] = [], last: [Double?] = [], this: [Double?] = []
        func side(_ g: GroupStats?, _ suppressed: Bool, none: String) -> [TableRows.Cell] {
            if suppressed { return [.num("fewer than 5"), .num("not shown"), .num("not shown")] }
            guard let g else { return [.num("–"), .text(none), .num("–")] }
            return [.num(Format.thousands(g.pupils)), .num(Format.pct(g.counts.attendancePct)), .num(Format.pct(g.persistentPct))]
        }
        for (i, r) in rows.enumerated() {
            let lastCells = side(r.last, r.lastSuppressed, none: noNamesake)
            let thisCells = side(r.this, r.thisSuppressed, none: "none this year")
            tableRows.append(TableRows.context([.text(r.name)] + lastCells + thisCells + [.num(IntranetPages.points(r.change))]))
            let a = r.lastSuppressed ? nil : r.last?.counts.attendancePct, b = r.thisSuppressed ? nil : r.this?.counts.attendancePct
            guard a != nil || b != nil else { continue }
            labels.append(short?[i] ?? r.name); last.append(a); this.append(b)
        }
        func shown(_ v: Double?, _ suppressed: Bool) -> String { v.map { Format.pct($0) } ?? (suppressed ? "not shown" : "no figure") }
        let desc = labels.indices.map { "\(labels[$0]): \(shown(last[$0], false)) last year, \(shown(this[$0], false)) this year" }.joined(separator: "; ")
        let headers: [(String, Bool)] = [
            (nameHeader, false), ("Pupils, \(y.last.yearName)", true), ("Attendance, \(y.last.yearName)", true), ("Persistently absent, \(y.last.yearName)", true),
            ("Pupils, \(y.this.yearName)", true), ("Attendance, \(y.this.yearName)", true), ("Persistently absent, \(y.this.yearName)", true),
            ("Change in attendance", true),
        ]
        return [
            "id": id, "title": title, "hasChart": !labels.isEmpty,
            "svg": labels.isEmpty ? "" : Charts.pairedBars(id: id + "-chart", title: "\(title): attendance, \(lastName) and \(thisName)",
                                                           description: desc, labels: labels, last: last, this: this,
                                                           lastName: lastName, thisName: thisName),
            "table": IntranetPages.scrollTable(id: id + "-c", caption: "\(title): \(lastName) against \(thisName)", headers: headers, rows: tableRows),
        ]
    }

    func comparePage(_ outcome: YearComparisonOutcome) -> String {
        var ctx = base("", current: "compare.html")
        switch outcome {
        case let .unavailable(folder, reason):
            ctx["unavailable"] = ["folder": folder, "reason": reason] as [String: Any]
        case let .compared(y, folder):
            ctx["folder"] = folder
            ctx["thisSpan"] = IntranetPages.spanText(y.this)
            ctx["lastSpan"] = IntranetPages.spanText(y.last)
            ctx["thisYear"] = y.this.yearName
            ctx["lastYear"] = y.last.yearName
            ctx["notes"] = y.notes
            ctx["hasNotes"] = !y.notes.isEmpty
            let school = y.school
            let both = y.pupilsInBoth
            ctx["cohortText"] = "\(Format.thousands(school.last?.pupils ?? 0)) pupils were on roll in last year's span and \(Format.thousands(school.this?.pupils ?? 0)) in this year's; \(Format.thousands(both)) of them (matched by pupil_id) in both."
            // The school: every measure.
            let a = school.last?.counts ?? SessionCounts(), b = school.this?.counts ?? SessionCounts()
            func measure(_ name: String, _ x: Double?, _ z: Double?, higherIsBetter: Bool) -> [TableRows.Cell] {
                var diff = "–"
                if let x, let z {
                    let d = z - x
                    diff = IntranetPages.points(d) + (abs(d) < 0.05 ? "" : (higherIsBetter ? d > 0 : d < 0) ? " (better)" : " (worse)")
                }
                return [.text(name), .num(Format.pct(x)), .num(Format.pct(z)), .num(diff)]
            }
            let schoolRows = TableRows.contexts([
                [.text("Pupils on roll"), .num(Format.thousands(school.last?.pupils ?? 0)), .num(Format.thousands(school.this?.pupils ?? 0)), .num("–")],
                [.text("Possible sessions"), .num(Format.thousands(a.possible)), .num(Format.thousands(b.possible)), .num("–")],
                measure("Attendance", a.attendancePct, b.attendancePct, higherIsBetter: true),
                measure("Authorised absence", a.authorisedPct, b.authorisedPct, higherIsBetter: false),
                measure("Unauthorised absence", a.unauthorisedPct, b.unauthorisedPct, higherIsBetter: false),
                measure("Persistently absent pupils", school.last?.persistentPct, school.this?.persistentPct, higherIsBetter: false),
                measure("Severely absent pupils", school.last?.severePct, school.this?.severePct, higherIsBetter: false),
            ])
            ctx["schoolTable"] = IntranetPages.scrollTable(
                id: "y-school-figures", caption: "\(model.config.schoolName): \(y.last.yearName) against \(y.this.yearName), every measure",
                headers: [("Measure", false), (y.last.yearName, true), (y.this.yearName, true), ("Change", true)], rows: schoolRows)
            var levels: [[String: Any]] = []
            levels.append(yearLevel(y, id: "y-school", title: "The school", nameHeader: "School", rows: [school], noNamesake: "none"))
            levels.append(yearLevel(y, id: "y-years", title: "Year groups", nameHeader: "Year group",
                                    rows: y.years.map { var r = $0; r.name = "Year \(r.name)"; return r }, noNamesake: "no such year group last year"))
            levels.append(yearLevel(y, id: "y-classes", title: "Classes", nameHeader: "Class", rows: y.classes,
                                    noNamesake: "no class of that name last year"))
            var groupRows: [YearComparison.Row] = [], shortNames: [String] = []
            let shortTitle: [StatsReport.Grouping: String] = [.sen: "SEN", .fsm: "FSM", .disadvantaged: "Disadvantaged", .eal: "EAL",
                                                              .sex: "Sex", .ethnicity: "Ethnicity", .cla: "Looked after"]
            for ch in GroupInsight.characteristics {
                for var r in y.groups(ch.grouping) {
                    let value = r.name
                    r.name = "\(ch.title): \(GroupInsight.label(value, ch.grouping))"
                    groupRows.append(r)
                    shortNames.append("\(shortTitle[ch.grouping] ?? ""): \(value == "unknown" ? "not recorded" : ch.grouping == .sen ? value : GroupInsight.label(value, ch.grouping))")
                }
            }
            levels.append(yearLevel(y, id: "y-groups", title: "Groups of pupils", nameHeader: "Group", rows: groupRows, short: shortNames,
                                    noNamesake: "none last year"))
            ctx["levels"] = levels
            let gone = y.classesGone
            ctx["classesGone"] = gone.isEmpty ? "" : "Classes last year with no class of the same name this year: \(gone.joined(separator: ", "))."
        }
        return theme.render("intranet/compare", ctx)
    }
}
