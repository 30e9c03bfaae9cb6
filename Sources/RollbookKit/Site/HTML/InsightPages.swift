/// The intranet's insight pages (issue 15): groups, absence bands, projection, trends and the
/// meeting pack. Every piece of data is escaped here or by the templates.
extension IntranetPages {
    /// A table in a wrapper that scrolls sideways on a phone and can be reached and scrolled
    /// with the keyboard (the wrapper is a labelled, focusable region), as the context of the
    /// theme's `partials/table.mustache` (`{{#table}}{{>partials.table}}{{/table}}`): `rows` are
    /// plain values (`TableRows.context`).
    static func scrollTable(id: String, caption: String, headers: [(String, Bool)], rows: [[String: Any]], cls: String = "") -> [String: Any] {
        var t = tableFrame(id: id, caption: caption, headers: headers, cls: cls)
        t["rows"] = rows
        return t
    }

    /// The same table with a row per pupil: its rows are rendered in Swift (`TableRows.row`, see
    /// there why) and the partial puts them in as they are (`rowsHTML`).
    static func scrollTable(id: String, caption: String, headers: [(String, Bool)], rowsHTML: String, cls: String = "") -> [String: Any] {
        var t = tableFrame(id: id, caption: caption, headers: headers, cls: cls)
        t["rowsHTML"] = rowsHTML
        return t
    }

    private static func tableFrame(id: String, caption: String, headers: [(String, Bool)], cls: String) -> [String: Any] {
        var t: [String: Any] = ["id": id, "caption": caption, "headers": headers.map { ["text": $0.0, "num": $0.1] as [String: Any] }]
        if !cls.isEmpty { t["cls"] = cls }
        return t
    }

    /// "+1.2 points" / "−0.4 points" / "0.0 points".
    static func points(_ d: Double?) -> String {
        guard let d else { return "–" }
        if abs(d) < 0.05 { return "0.0 points" }
        return (d > 0 ? "+" : "−") + Format.fixed(abs(d), 1) + " points"
    }

    // MARK: Groups (item 1)

    func groupsPage() -> String {
        let m = model
        var ctx = base("", current: "groups.html")
        var anchors = SlugTable()
        ctx["sections"] = GroupInsight.characteristics.map { ch -> [String: Any] in
            let gi = GroupInsight(m.register, m.stats, ch.grouping, minPossible: m.config.minPossible)
            let id = "g-" + anchors.claim(ch.grouping.rawValue)
            var rows: [[String: Any]] = []
            for r in gi.rows {
                let label = GroupInsight.label(r.value, ch.grouping)
                if r.suppressed {
                    rows.append(TableRows.suppressedContext(label, columns: 8))
                    continue
                }
                let g = r.stats, c = g.counts
                let national = GroupInsight.nationalCell(ch.grouping, r)
                rows.append(TableRows.context([
                    .text(label), .num(Format.thousands(g.pupils)),
                    .num(Format.pct(c.attendancePct)), .num(Format.pct(c.authorisedPct)), .num(Format.pct(c.unauthorisedPct)),
                    .num(Format.pct(g.persistentPct)), .num(Format.pct(g.severePct)),
                    .num(r.rest.pupils < GroupInsight.minimumPupils ? "not shown" : IntranetPages.points(r.attendanceGap)),
                    .num(national.csa), .text(national.national),
                ]))
            }
            let headers: [(String, Bool)] = [
                ("Group", false), ("Pupils", true), ("Attendance", true), ("Authorised absence", true),
                ("Unauthorised absence", true), ("Persistently absent", true), ("Severely absent", true),
                ("Attendance gap to the rest of the school", true), ("Attendance, compulsory school age", true), ("National figure for the group", false),
            ]
            let notRecorded = gi.rows.first { $0.value == "unknown" }?.stats.pupils ?? 0
            return [
                "id": id, "title": ch.title,
                "table": IntranetPages.scrollTable(id: id + "-c", caption: "\(ch.title): attendance by group", headers: headers, rows: rows, cls: "groups"),
                "note": notRecorded == 0 ? "" : "\(Format.thousands(notRecorded)) pupil\(notRecorded == 1 ? " has" : "s have") no value recorded (or a value that could not be read) for this in pupils.csv.",
            ]
        }
        ctx["pupilCount"] = Format.thousands(m.stats.count)
        return theme.render("intranet/groups", ctx)
    }
}

extension GroupInsight {
    /// The national comparison of one row: the group's attendance among pupils of compulsory
    /// school age (what national figures count) and the national figure, where one is published.
    static func nationalCell(_ g: StatsReport.Grouping, _ r: Row) -> (csa: String, national: String) {
        let csa = r.csa.pupils == 0 ? "none" : r.csa.pupils < minimumPupils ? "fewer than 5" : Format.pct(r.csa.counts.attendancePct)
        guard let b = NationalBenchmarks.group(g, r.value), let a = b.attendancePct else { return (csa, "not published") }
        var t = "\(Format.pct(a)) attendance"
        if let p = b.persistentPct { t += ", \(Format.pct(p)) persistently absent" }
        return (csa, t + " (\(b.period)\(b.fullYear ? "" : ", part of the year"))")
    }
}

extension IntranetPages {
    /// The insight pages (issue 15), each a job that renders and writes it (run in any order, or at once).
    func insightPageJobs(_ out: SiteFiles) -> [@Sendable () throws -> Void] {
        let pages = self
        var jobs: [@Sendable () throws -> Void] = [
            { try out.write("intranet/groups.html", pages.groupsPage()) },
            {
                let projections = Projection.all(pages.model.register, pages.model.stats)
                try out.write("intranet/bands.html", pages.bandsPage(projections))
                try out.write("intranet/projection.html", pages.projectionPage(projections))
            },
            { try out.write("intranet/trends.html", pages.trendsPage()) },
            { try out.write("intranet/benchmarks.html", pages.benchmarksPage()) },
            { try out.write("intranet/pack.html", pages.packPage()) },
        ]
        if let y = yearComparison { jobs.append { try out.write("intranet/compare.html", pages.comparePage(y)) } }
        return jobs
    }
}

extension IntranetPages {
    /// "Amelia Jones" linked to her page, sortable by surname.
    func pupilCell(_ p: Int, root: String = "") -> TableRows.Cell {
        let pupil = model.register.pupils[p]
        return .link("\(pupil.surname), \(pupil.forename)", root + model.pupilPath(p), sort: "\(pupil.surname) \(pupil.forename)".lowercased())
    }

    /// "4 sessions", "all 20 remaining sessions", "none: …".
    static func canStillMissText(_ j: Projection) -> String {
        guard let k = j.canStillMiss else { return "–" }
        if k < 0 { return "none: persistently absent at year end even with full attendance" }
        if j.remaining == 0 { return k == 0 ? "none (no sessions left this year)" : "no sessions left this year" }
        if k >= j.remaining { return "all \(Format.thousands(j.remaining)) remaining sessions" }
        return "\(Format.thousands(k)) session\(k == 1 ? "" : "s")"
    }

    // MARK: Absence bands (item 3)

    func bandsPage(_ projections: [Projection]) -> String {
        let m = model
        let b = AbsenceBands(m.stats)
        var ctx = base("", current: "bands.html")
        let total = b.banded
        let share: [Double?] = b.bands.map { total == 0 ? nil : 100 * Double($0.count) / Double(total) }
        let rows = TableRows.contexts(b.bands.indices.map { i in
            [.text(AbsenceBands.label(i)), .num(Format.thousands(b.bands[i].count)), .num(Format.pct(share[i]))]
        })
        ctx["bandTable"] = IntranetPages.scrollTable(id: "bands-c", caption: "Pupils by absence band (\(Format.thousands(total)) pupils with 20 or more possible sessions)",
                                                      headers: [("Absence", false), ("Pupils", true), ("Share of pupils", true)], rows: rows)
        let labels = b.bands.indices.map { $0 == AbsenceBands.bandCount - 1 ? "50+" : "\($0 * 5)–\($0 * 5 + 5)" }
        ctx["chart"] = Charts.bars(id: "bands", title: "Pupils by absence band, % of pupils",
                                   description: b.bands.indices.map { "\(AbsenceBands.label($0)): \(b.bands[$0].count) pupils" }.joined(separator: "; "),
                                   labels: labels, values: share, colour: "#0b5cad")
        ctx["banded"] = Format.thousands(total)
        ctx["tooFew"] = b.tooFewSessions == 0 ? "" : "\(Format.thousands(b.tooFewSessions)) pupil\(b.tooFewSessions == 1 ? " has" : "s have") fewer than 20 possible sessions and \(b.tooFewSessions == 1 ? "is" : "are") not banded."
        let byPupil = Dictionary(uniqueKeysWithValues: projections.map { ($0.pupil, $0) })
        let risk = b.atRisk.sorted { (m.stats[$0].counts.attendancePct ?? 0, $0) < (m.stats[$1].counts.attendancePct ?? 0, $1) }
        ctx["atRiskCount"] = Format.thousands(risk.count)
        ctx["hasAtRisk"] = !risk.isEmpty
        ctx["atRiskTable"] = IntranetPages.scrollTable(
            id: "risk-c", caption: "Pupils at risk: attendance above 90 % and below 95 %",
            headers: [("Pupil", false), ("Class", false), ("Attendance", true), ("Sessions missed", true), ("Can still miss this year", false)],
            rowsHTML: TableRows.rows(risk.map { p in
                let c = m.stats[p].counts
                return [pupilCell(p), .text(m.register.pupils[p].className), .num(Format.pct(c.attendancePct)),
                        .num("\(c.absence) of \(c.possible)"), .text(byPupil[p].map(IntranetPages.canStillMissText) ?? "–")]
            }), cls: "sortable")
        return theme.render("intranet/bands", ctx)
    }

    // MARK: Projection (item 5)

    func projectionPage(_ projections: [Projection]) -> String {
        let m = model, cal = m.calendar
        var ctx = base("", current: "projection.html")
        let left = Projection.Rest(cal).sessions(upTo: nil)
        ctx["remainingText"] = left == 0
            ? "There are no school sessions left this year after \(cal.asOf.display): the figures below are the year's final ones."
            : "\(Format.thousands(left)) school session\(left == 1 ? "" : "s") remain after \(cal.asOf.display) to the end of the year (\(m.config.yearEnd.display)), by the calendar in rollbook.yml."
        let crossing = projections.filter(\.crossing).sorted { ($0.projectedAbsencePct ?? 0, -$0.pupil) > ($1.projectedAbsencePct ?? 0, -$1.pupil) }
        ctx["crossingCount"] = Format.thousands(crossing.count)
        ctx["oneCrossing"] = crossing.count == 1
        ctx["hasCrossing"] = !crossing.isEmpty
        func row(_ j: Projection) -> [TableRows.Cell] {
            let c = m.stats[j.pupil].counts
            return [pupilCell(j.pupil), .text(m.register.pupils[j.pupil].className),
                    .num(Format.pct(c.attendancePct), sort: Format.fixed(c.attendancePct ?? -1, 3)),
                    .num(Format.thousands(j.remaining)),
                    .num(Format.pct(j.projectedAttendancePct), sort: Format.fixed(j.projectedAttendancePct ?? -1, 3)),
                    .text(j.rateFromTerm ? "this term" : "the year so far"),
                    .text(IntranetPages.canStillMissText(j), sort: String(j.canStillMiss.map { $0 + 1_000_000 } ?? 0))]
        }
        let headers: [(String, Bool)] = [("Pupil", false), ("Class", false), ("Attendance now", true), ("Sessions left", true),
                                         ("Projected year-end attendance", true), ("Projected from", false), ("Can still miss before 10 %", false)]
        ctx["crossingTable"] = IntranetPages.scrollTable(id: "crossing-c", caption: "Pupils projected to become persistently absent by the end of the year",
                                                         headers: headers, rowsHTML: TableRows.rows(crossing.map(row)), cls: "sortable")
        let all = projections.filter { $0.possible + $0.remaining > 0 }.sorted {
            ($0.canStillMiss ?? Int.max, m.register.pupils[$0.pupil].surname, $0.pupil) < ($1.canStillMiss ?? Int.max, m.register.pupils[$1.pupil].surname, $1.pupil)
        }
        ctx["allTable"] = IntranetPages.scrollTable(id: "all-c", caption: "Every pupil: sessions they can still miss before reaching 10 % absence by year end, fewest first",
                                                    headers: headers, rowsHTML: TableRows.rows(all.map(row)), cls: "sortable")
        return theme.render("intranet/projection", ctx)
    }
}

extension IntranetPages {
    // MARK: Trends (item 4)

    /// One level's comparison: a chart and its table (the chart's figures), or nil without rows.
    func halfTermLevel(_ h: HalfTermComparison, id: String, title: String, nameHeader: String,
                       rows: [(name: String, pupils: [Int], suppressed: Bool)], short: [String]? = nil) -> [String: Any] {
        let lastName = h.last?.name ?? "Last half term", thisName = h.this.name + " to date"
        var tableRows: [[String: Any]] = []
        var labels: [String] = [], last: [Double?] = [], this: [Double?] = []
        for (i, r) in rows.enumerated() {
            if r.suppressed {
                tableRows.append(TableRows.suppressedContext(r.name, columns: 3))
                continue
            }
            let c = h.counts(of: r.pupils)
            labels.append(short?[i] ?? r.name); last.append(c.last.attendancePct); this.append(c.this.attendancePct)
            tableRows.append(TableRows.context([.text(r.name), .num(Format.thousands(r.pupils.count)), .num(Format.pct(c.last.attendancePct)),
                                                .num(Format.pct(c.this.attendancePct)), .num(IntranetPages.points(HalfTermComparison.change(c)))]))
        }
        let desc = labels.indices.map { "\(labels[$0]): \(Format.pct(last[$0])) then \(Format.pct(this[$0]))" }.joined(separator: "; ")
        return [
            "id": id, "title": title, "hasChart": !labels.isEmpty,
            "svg": labels.isEmpty ? "" : Charts.pairedBars(id: id + "-chart", title: "\(title): attendance, \(lastName) and \(thisName)",
                                                           description: desc.isEmpty ? "No figures." : desc, labels: labels,
                                                           last: last, this: this, lastName: lastName, thisName: thisName),
            "table": IntranetPages.scrollTable(id: id + "-c", caption: "\(title): attendance, \(lastName) against \(thisName)",
                                               headers: [(nameHeader, false), ("Pupils", true), (lastName, true), (thisName, true), ("Change", true)],
                                               rows: tableRows),
        ]
    }

    func trendsPage() -> String {
        let m = model, reg = m.register
        var ctx = base("", current: "trends.html")
        ctx["hasYearComparison"] = yearComparison != nil
        let everyone = Array(reg.pupils.indices)
        if let h = HalfTermComparison(reg) {
            ctx["hasComparison"] = true
            ctx["thisName"] = h.this.name
            ctx["lastName"] = h.last?.name ?? ""
            ctx["hasLast"] = h.last != nil
            let thisPossible = h.counts(of: everyone).this.possible
            ctx["noSessionsYet"] = thisPossible == 0
            var levels: [[String: Any]] = []
            levels.append(halfTermLevel(h, id: "t-years", title: "The school and its year groups", nameHeader: "Year group",
                                        rows: [(m.config.schoolName, everyone, false)] + m.years.map { ("Year \($0.name)", m.pupilsOfYear[$0.name] ?? [], false) }))
            levels.append(halfTermLevel(h, id: "t-classes", title: "Classes", nameHeader: "Class",
                                        rows: m.classes.map { ($0.name, m.pupilsOfClass[ExactText($0.name)] ?? [], false) }))
            var groupRows: [(name: String, pupils: [Int], suppressed: Bool)] = [], shortNames: [String] = []
            let shortTitle: [StatsReport.Grouping: String] = [.sen: "SEN", .fsm: "FSM", .disadvantaged: "Disadvantaged", .eal: "EAL",
                                                              .sex: "Sex", .ethnicity: "Ethnicity", .cla: "Looked after"]
            for ch in GroupInsight.characteristics {
                let gi = GroupInsight(reg, m.stats, ch.grouping)
                let byValue = Dictionary(grouping: everyone) { GroupStats.characteristic(reg.pupils[$0], ch.grouping) ?? "" }
                for r in gi.rows {
                    groupRows.append(("\(ch.title): \(GroupInsight.label(r.value, ch.grouping))", byValue[r.value] ?? [], r.suppressed))
                    shortNames.append("\(shortTitle[ch.grouping] ?? ""): \(r.value == "unknown" ? "not recorded" : ch.grouping == .sen ? r.value : GroupInsight.label(r.value, ch.grouping))")
                }
            }
            levels.append(halfTermLevel(h, id: "t-groups", title: "Groups of pupils", nameHeader: "Group", rows: groupRows, short: shortNames))
            ctx["levels"] = levels
        }
        // Weekday × AM/PM.
        let per = WeekPattern.perPupil(reg)
        func pattern(_ pupils: [Int]) -> WeekPattern { var w = WeekPattern(); for p in pupils { w += per[p] }; return w }
        let school = pattern(everyone)
        ctx["schoolPattern"] = school.summary
        let standOut = Set(school.standOut)
        ctx["patternTable"] = IntranetPages.scrollTable(
            id: "pattern-c", caption: "Absence by day and session, whole school",
            headers: [("Day", false), ("AM absence", true), ("AM possible sessions", true), ("PM absence", true), ("PM possible sessions", true)],
            rows: (0..<5).map { d in
                func cell(_ c: Int) -> TableRows.Cell {
                    .emphasis(Format.pct(school.rate(c)), strong: standOut.contains(c), after: " (stands out)", class: "num")
                }
                return TableRows.context([.text(Day.weekdayNames[d]), cell(d * 2), .num(Format.thousands(school.possible[d * 2])),
                                          cell(d * 2 + 1), .num(Format.thousands(school.possible[d * 2 + 1]))])
            })
        var patternRows: [[String: Any]] = []
        for y in m.years {
            let w = pattern(m.pupilsOfYear[y.name] ?? [])
            if !w.standOut.isEmpty { patternRows.append(TableRows.context([.link("Year \(y.name)", m.yearPath(y.name)), .text(w.summary)])) }
        }
        for c in m.classes {
            let w = pattern(m.pupilsOfClass[ExactText(c.name)] ?? [])
            if !w.standOut.isEmpty { patternRows.append(TableRows.context([.link("Class \(c.name)", m.classPath(c.name)), .text(w.summary)])) }
        }
        ctx["hasGroupPatterns"] = !patternRows.isEmpty
        ctx["groupPatternTable"] = IntranetPages.scrollTable(id: "patterns-c", caption: "Year groups and classes with a session of the week that stands out",
                                                             headers: [("Year group or class", false), ("Pattern", false)], rows: patternRows)
        return theme.render("intranet/trends", ctx)
    }
}

extension IntranetPages {
    // MARK: Benchmarks (item 2)

    /// The school's phase and how it was found.
    func schoolPhase() -> (phase: NationalBenchmarks.Phase?, how: String) {
        if let p = model.config.phase.flatMap(NationalBenchmarks.Phase.init(rawValue:)) { return (p, "set in rollbook.yml") }
        let years = model.years.map(\.name)
        if let p = NationalBenchmarks.inferPhase(yearGroups: years) { return (p, "inferred from its year groups (\(years.joined(separator: ", ")))") }
        return (nil, "")
    }

    func benchmarksPage() -> String {
        let m = model, cal = m.calendar
        var ctx = base("", current: "benchmarks.html")
        let csaStats = m.stats.filter { CompulsorySchoolAge.forStatistics(m.register.pupils[$0.pupil], yearStart: m.config.yearStart) }
        var csa = GroupStats(name: m.config.schoolName)
        for s in csaStats { csa.add(s, minPossible: m.config.minPossible) }
        let lastTermEnd = m.config.terms.map(\.end).max() ?? m.config.yearEnd
        let fullYear = cal.asOf >= lastTermEnd
        ctx["schoolPeriod"] = fullYear ? "the full academic year" : "the year to date (\(m.config.yearStart.display) to \(cal.asOf.display))"
        ctx["csaNote"] = "\(Format.thousands(csaStats.count)) of \(Format.thousands(m.stats.count)) pupils are of compulsory school age (5 to 15 on 31 August); only they are compared with national figures, as the national figures count only them."
        let (phase, how) = schoolPhase()
        ctx["hasPhase"] = phase != nil
        ctx["phaseText"] = phase.map { "\($0.label) (\(how))" } ?? ""
        if let phase {
            let b = NationalBenchmarks.phase(phase)
            ctx["label"] = b.label
            ctx["period"] = b.period
            ctx["source"] = b.source
            ctx["url"] = b.url
            ctx["partYear"] = !fullYear && b.fullYear
            ctx["table"] = IntranetPages.scrollTable(
                id: "bench-c", caption: "\(m.config.schoolName) (\(fullYear ? "full year" : "year to date")) against \(b.label), \(b.period)",
                headers: [("Measure", false), ("This school, \(fullYear ? "full year" : "year to date")", true), ("National, \(b.fullYear ? "full year" : b.period)", true), ("Difference", true)],
                rows: Self.comparisonRows(csa, [b.attendancePct, b.authorisedPct, b.unauthorisedPct, b.persistentPct, b.severePct],
                                          missing: "not published"))
        }
        // The local authority's own figures, when rollbook.yml gives them.
        if let la = m.config.localAuthority {
            let laPeriod = la.period.isEmpty ? "" : ", \(la.period)"
            ctx["la"] = [
                "name": la.name, "period": la.period, "source": la.source,
                "partYear": !fullYear && la.fullYear,
                "table": IntranetPages.scrollTable(
                    id: "bench-la-c", caption: "\(m.config.schoolName) (\(fullYear ? "full year" : "year to date")) against \(la.name)\(laPeriod)",
                    headers: [("Measure", false), ("This school, \(fullYear ? "full year" : "year to date")", true),
                              ("\(la.name), \(la.fullYear ? "full year" : la.period.isEmpty ? "part of a year" : la.period)", true), ("Difference", true)],
                    rows: Self.comparisonRows(csa, [la.attendancePct, la.authorisedPct, la.unauthorisedPct, la.persistentPct, la.severePct],
                                              missing: "not given")),
            ] as [String: Any]
        }
        // By year group: the school's compulsory-school-age pupils; no national figure per year is shipped.
        var rows: [[String: Any]] = []
        for y in m.years {
            var g = GroupStats(name: y.name)
            for s in csaStats where m.register.pupils[s.pupil].yearGroup == y.name { g.add(s, minPossible: m.config.minPossible) }
            guard g.pupils > 0 else { continue }
            rows.append(TableRows.context([.text("Year \(y.name)"), .num(Format.thousands(g.pupils)), .num(Format.pct(g.counts.attendancePct)),
                                           .num(Format.pct(g.persistentPct)), .text("not in Rollbook's data")]))
        }
        ctx["hasYears"] = !rows.isEmpty
        ctx["yearTable"] = IntranetPages.scrollTable(id: "bench-years-c", caption: "Year groups, pupils of compulsory school age",
                                                     headers: [("Year group", false), ("Pupils", true), ("Attendance", true), ("Persistently absent", true), ("National", false)],
                                                     rows: rows)
        return theme.render("intranet/benchmarks", ctx)
    }
}

/// One period of the meeting pack: what changed between `from` and `as_of`.
struct PackPeriod {
    var title: String
    var from: Day
    /// The period before, for the school's figures (nil: none).
    var previous: (name: String, from: Day, to: Day)?
    var name: String
}

extension IntranetPages {
    // MARK: Meeting pack (item 6)

    /// Persistent and severe on the site's terms (not judged before `thresholds: min_possible:`).
    func flagsAt(_ c: SessionCounts) -> (persistent: Bool, severe: Bool) {
        let judged = Thresholds.isJudged(possible: c.possible, minPossible: model.config.minPossible)
        return (judged && c.persistent, judged && c.severe)
    }

    /// The Groups page's figures for each characteristic (the meeting pack's sections share them).
    func packInsights() -> [(title: String, grouping: Grouping, insight: GroupInsight)] {
        GroupInsight.characteristics.map { ch in
            (ch.title, ch.grouping, GroupInsight(model.register, model.stats, ch.grouping, minPossible: model.config.minPossible))
        }
    }

    /// The school's and each group's session counts from `from` to as_of, from one pass over
    /// the pupils (`groups[i]` by value of `insights[i]`'s characteristic, "" for none): each
    /// pupil's counts are worked out once, not once for the school and again per characteristic.
    func packPeriodCounts(from: Day, insights: [(title: String, grouping: Grouping, insight: GroupInsight)])
        -> (school: SessionCounts, groups: [[String: SessionCounts]]) {
        let reg = model.register, asOf = model.calendar.asOf
        var school = SessionCounts()
        var groups = [[String: SessionCounts]](repeating: [:], count: insights.count)
        let shown = insights.indices.filter { insights[$0].insight.known > 0 }   // `known` sums the rows: once each
        for p in reg.pupils.indices {
            let c = Statistics.counts(p, in: reg, from: from, to: asOf)
            school += c
            for i in shown {
                groups[i][GroupStats.characteristic(reg.pupils[p], insights[i].grouping) ?? "", default: SessionCounts()] += c
            }
        }
        return (school, groups)
    }

    func packSection(_ period: PackPeriod, id: String,
                     insights: [(title: String, grouping: Grouping, insight: GroupInsight)]) -> [String: Any] {
        let m = model, reg = m.register, cal = m.calendar
        let before = period.from.adding(days: -1)
        var became: [(Int, String)] = [], improved: [(Int, String)] = []
        for s in m.stats {
            let now = flagsAt(s.counts)
            let then = flagsAt(Statistics.counts(s.pupil, in: reg, from: m.config.yearStart, to: before))
            if now.severe && !then.severe { became.append((s.pupil, "Severely absent")) }
            else if now.persistent && !then.persistent { became.append((s.pupil, "Persistently absent")) }
            if then.severe && !now.severe { improved.append((s.pupil, now.persistent ? "No longer severely absent (still persistently absent)" : "No longer severely absent")) }
            else if then.persistent && !now.persistent { improved.append((s.pupil, "No longer persistently absent")) }
        }
        func pupilRows(_ list: [(Int, String)]) -> String {
            TableRows.rows(list.sorted { (reg.pupils[$0.0].surname, reg.pupils[$0.0].forename, $0.0) < (reg.pupils[$1.0].surname, reg.pupils[$1.0].forename, $1.0) }.map { p, what in
                [pupilCell(p), .text(reg.pupils[p].className), .num(Format.pct(m.stats[p].counts.attendancePct)), .text(what)]
            })
        }
        let pupilHeaders: [(String, Bool)] = [("Pupil", false), ("Class", false), ("Attendance, year to date", true), ("Change", false)]
        let episodes = m.listedEpisodes.filter { $0.reached >= period.from && $0.reached <= cal.asOf }
        let episodeRows = TableRows.rows(episodes.map { e in
            [pupilCell(e.pupil), .text(reg.pupils[e.pupil].className), .text(e.kind.label), .text(e.reached.display)]
        })
        // The school's figures: this period against the one before.
        let everyone = Array(reg.pupils.indices)
        func sum(_ from: Day, _ to: Day) -> SessionCounts {
            var c = SessionCounts()
            for p in everyone { c += Statistics.counts(p, in: reg, from: from, to: to) }
            return c
        }
        let periodCounts = packPeriodCounts(from: period.from, insights: insights)
        let now = periodCounts.school
        let prev = period.previous.map { sum($0.from, $0.to) }
        let prevName = period.previous?.name ?? "Before"
        func fig(_ label: String, _ a: Double?, _ b: Double?) -> [TableRows.Cell] {
            [.text(label), .num(Format.pct(b)), .num(Format.pct(a)), .num(a != nil && b != nil ? IntranetPages.points(a! - b!) : "–")]
        }
        let figures = TableRows.contexts([
            fig("Attendance", now.attendancePct, prev?.attendancePct),
            fig("Authorised absence", now.authorisedPct, prev?.authorisedPct),
            fig("Unauthorised absence", now.unauthorisedPct, prev?.unauthorisedPct),
        ])
        // Groups: attendance in the period, suppressed under 5 pupils as on the Groups page.
        var groupRows: [[String: Any]] = []
        for (i, ch) in insights.enumerated() {
            let gi = ch.insight
            guard gi.known > 0 else { continue }
            for r in gi.rows {
                let name = "\(ch.title): \(GroupInsight.label(r.value, ch.grouping))"
                if r.suppressed { groupRows.append(TableRows.context([.text(name), .num("fewer than 5"), .text("not shown")])); continue }
                let c = periodCounts.groups[i][r.value] ?? SessionCounts()
                groupRows.append(TableRows.context([.text(name), .num(Format.thousands(r.stats.pupils)), .num(Format.pct(c.attendancePct))]))
            }
        }
        return [
            "id": id, "title": period.title,
            "periodText": "\(period.from.display) to \(cal.asOf.display)",
            "becameCount": Format.thousands(became.count), "hasBecame": !became.isEmpty,
            "became": IntranetPages.scrollTable(id: id + "-became", caption: "Became persistently or severely absent since \(period.from.display)", headers: pupilHeaders, rowsHTML: pupilRows(became)),
            "episodeCount": Format.thousands(episodes.count), "hasEpisodes": !episodes.isEmpty,
            "episodes": IntranetPages.scrollTable(id: id + "-episodes", caption: "Legal thresholds reached since \(period.from.display)",
                                                  headers: [("Pupil", false), ("Class", false), ("Threshold", false), ("Reached", false)], rowsHTML: episodeRows),
            "improvedCount": Format.thousands(improved.count), "hasImproved": !improved.isEmpty,
            "improved": IntranetPages.scrollTable(id: id + "-improved", caption: "Improved since \(period.from.display)", headers: pupilHeaders, rowsHTML: pupilRows(improved)),
            "figures": IntranetPages.scrollTable(id: id + "-figures", caption: "The school: \(period.name) against \(prevName.lowercased() == "before" ? "the period before" : prevName)",
                                                 headers: [("Measure", false), (prevName, true), (period.name, true), ("Change", true)], rows: figures),
            "hasGroups": !groupRows.isEmpty,
            "groups": IntranetPages.scrollTable(id: id + "-groups", caption: "Groups of pupils: attendance, \(period.name)",
                                                headers: [("Group", false), ("Pupils", true), ("Attendance", true)], rows: groupRows),
        ]
    }

    func packPage() -> String {
        let m = model, cal = m.calendar
        var ctx = base("", current: "pack.html")
        var sections: [[String: Any]] = []
        let insights = packInsights()
        // Weekly: the school week holding as_of (or the last one before it) against the week before.
        if let w = cal.schoolWeeks.last {
            let prev = cal.schoolWeeks.count > 1 ? cal.schoolWeeks[cal.schoolWeeks.count - 2] : nil
            sections.append(packSection(PackPeriod(title: "Weekly attendance meeting: week commencing \(w.display)", from: w,
                                                   previous: prev.map { ("Week of \($0.display)", $0, $0.adding(days: 6)) },
                                                   name: "This week"), id: "week", insights: insights))
        }
        // Termly, for governors: this half term against the last.
        let terms = m.config.terms.sorted { $0.start < $1.start }
        if let i = terms.lastIndex(where: { $0.start <= cal.asOf }) {
            let t = terms[i], l = i > 0 ? terms[i - 1] : nil
            sections.append(packSection(PackPeriod(title: "Governors: \(t.name) so far", from: t.start,
                                                   previous: l.map { ($0.name, $0.start, $0.end) }, name: t.name), id: "term", insights: insights))
        }
        // `build --since DATE` (e.g. the last governors' meeting): that date to as_of, against the
        // same number of days just before it. A date on which the weekly or termly section already
        // starts adds nothing: that section is the one asked for.
        if let s = packSince, s <= cal.asOf, !sections.contains(where: { ($0["periodText"] as? String)?.hasPrefix(s.display + " to ") == true }) {
            let days = cal.asOf - s + 1
            let before = (name: "The \(days) day\(days == 1 ? "" : "s") before", from: s.adding(days: -days), to: s.adding(days: -1))
            sections.append(packSection(PackPeriod(title: "Since \(s.display)", from: s, previous: before,
                                                   name: "Since \(s.display)"), id: "since", insights: insights))
        }
        ctx["sections"] = sections
        ctx["hasSections"] = !sections.isEmpty
        return theme.render("intranet/pack", ctx)
    }
}

extension IntranetPages {
    /// One row of a "this school against others" table: the measure, the school's figure, the
    /// other figure (or `missing` when there is none) and the difference in points, called
    /// better or worse unless under 0.05 points.
    /// The school's pupils of compulsory school age against other figures (`theirs`: attendance,
    /// authorised, unauthorised, persistently and severely absent, in that order), one row each.
    static func comparisonRows(_ csa: GroupStats, _ theirs: [Double?], missing: String) -> [[String: Any]] {
        let c = csa.counts
        let measures: [(String, Double?, Bool)] = [
            ("Attendance", c.attendancePct, true), ("Authorised absence", c.authorisedPct, false),
            ("Unauthorised absence", c.unauthorisedPct, false), ("Persistently absent pupils", csa.persistentPct, false),
            ("Severely absent pupils", csa.severePct, false),
        ]
        return TableRows.contexts(zip(measures, theirs).map { m, other in
            comparisonRow(m.0, m.1, other, missing: missing, higherIsBetter: m.2)
        })
    }

    static func comparisonRow(_ measure: String, _ school: Double?, _ other: Double?, missing: String,
                              higherIsBetter: Bool) -> [TableRows.Cell] {
        var diff = "–"
        if let school, let other {
            let d = school - other
            diff = IntranetPages.points(d) + (abs(d) < 0.05 ? "" : (higherIsBetter ? d > 0 : d < 0) ? " (better)" : " (worse)")
        }
        return [.text(measure), .num(Format.pct(school)), .num(other.map { Format.pct($0) } ?? missing), .num(diff)]
    }
}
