/// The staff site (spec section 8, `site/intranet/`): the contexts each template receives.
///
/// Paths are relative to `site/intranet/`; `root` takes a page back to that folder.
struct IntranetPages: Sendable {
    let model: SiteModel
    let theme: Theme
    let tables: RegisterTables
    /// Letters by pupil (title, path), filled in by the letters step.
    var lettersOfPupil: [Int: [(title: String, path: String)]] = [:]
    var letterCount = 0
    /// Changes since the export `previous:` names (nil: none named).
    var amendments: SiteAmendments? = nil
    /// This year against the last (`compare_with:`; nil: none named).
    var yearComparison: YearComparisonOutcome? = nil
    /// `build --since DATE`: the meeting pack's extra section starts here (nil: none).
    var packSince: Day? = nil

    static let navItems = [("index.html", "Overview"), ("cases.html", "Cases"), ("fix-list.html", "Fix list"),
                           ("pupils.html", "Pupils"), ("letters/index.html", "Letters"), ("returns.html", "Returns"),
                           ("groups.html", "Groups"), ("bands.html", "Bands"), ("projection.html", "Projection"),
                           ("trends.html", "Trends"), ("benchmarks.html", "National"),
                           ("pack.html", "Meeting pack")]

    /// The key to the register's colours (`partials/key`), from the code categories.
    nonisolated(unsafe) static let codeKey: [[String: Any]] = CodeKey.entries.map { ["slug": $0.slug, "symbol": $0.symbol, "label": $0.label] }

    /// The navigation and the code key of pages that are no entry of the navigation (pupil,
    /// class and year pages: thousands per build), typed for the theme once (`sharingBase()`).
    var subpageBase: (nav: SharedContextValue, codeKey: SharedContextValue)? = nil

    /// These pages with `subpageBase` made: call once the amendments and the year comparison
    /// are set (they add entries to the navigation).
    func sharingBase() -> IntranetPages {
        var p = self
        p.subpageBase = nil
        let b = p.base("../", current: "")
        p.subpageBase = (theme.shared(b["nav"]!), theme.shared(b["codeKey"]!))
        return p
    }

    func base(_ root: String, current: String) -> [String: Any] {
        if current.isEmpty, let shared = subpageBase {
            return ["root": root, "school": model.config.schoolName, "periodText": model.periodText,
                    "asOfText": model.calendar.asOf.display, "nav": shared.nav, "codeKey": shared.codeKey]
        }
        return [
            "root": root,
            "school": model.config.schoolName,
            "periodText": model.periodText,
            "asOfText": model.calendar.asOf.display,
            "nav": (IntranetPages.navItems + (yearComparison == nil ? [] : [("compare.html", "Last year")])
                    + (amendments == nil ? [] : [("amendments.html", "Amendments")])).map {
                ["href": $0.0, "label": $0.1, "current": $0.0 == current] as [String: Any]
            },
            "codeKey": IntranetPages.codeKey,
        ]
    }

    // MARK: shared pieces

    func cards(_ g: GroupStats) -> [[String: Any]] {
        let c = g.counts
        var cards: [[String: Any]] = [
            ["label": "Attendance", "value": Format.pct(c.attendancePct), "note": "\(Format.thousands(c.attended)) of \(Format.thousands(c.possible)) sessions",
             "tone": (c.attendancePct ?? 100) < 90 ? "bad" : (c.attendancePct ?? 0) >= 96 ? "good" : ""],
            ["label": "Authorised absence", "value": Format.pct(c.authorisedPct), "note": "\(Format.thousands(c.authorised)) sessions"],
            ["label": "Unauthorised absence", "value": Format.pct(c.unauthorisedPct), "note": "\(Format.thousands(c.unauthorised)) sessions",
             "tone": (c.unauthorisedPct ?? 0) >= 3 ? "bad" : ""],
        ]
        if g.pupils > 1 {
            let unjudged = g.notJudged == 0 ? "" : "; \(IntranetPages.notJudgedText(g.notJudged, minPossible: model.config.minPossible))"
            cards.append(["label": "Persistently absent", "value": Format.thousands(g.persistentPupils), "note": "\(Format.pct(g.persistentPct)) of pupils\(unjudged)",
                          "tone": g.persistentPupils > 0 ? "bad" : "good"])
            cards.append(["label": "Severely absent", "value": Format.thousands(g.severePupils), "note": "\(Format.pct(g.severePct)) of pupils",
                          "tone": g.severePupils > 0 ? "bad" : ""])
        }
        if c.missing > 0 {
            cards.append(["label": "Sessions with no mark", "value": Format.thousands(c.missing), "note": "see the fix list", "tone": "bad"])
        }
        return cards
    }

    /// A row per year group or class (`partials/group-table`, its rows from plain values).
    func groupTable(_ groups: [GroupStats], caption: String, nameHeader: String, href: (GroupStats) -> String) -> [String: Any] {
        let rows = groups.map { g -> [TableRows.Cell] in
            [
                .link(nameHeader == "Year group" ? "Year \(g.name)" : g.name, href(g), sort: g.name),
                .num(Format.thousands(g.pupils)),
                .num(Format.pct(g.counts.attendancePct), sort: Format.fixed(g.counts.attendancePct ?? -1, 3)),
                .num(Format.pct(g.counts.authorisedPct)), .num(Format.pct(g.counts.unauthorisedPct)),
                .num("\(g.persistentPupils) (\(Format.pct(g.persistentPct)))", sort: String(g.persistentPupils)),
                .num("\(g.severePupils) (\(Format.pct(g.severePct)))", sort: String(g.severePupils)),
            ]
        }
        return ["caption": caption, "nameHeader": nameHeader, "rows": TableRows.contexts(rows)]
    }

    func flags(_ s: PupilStats) -> [[String: Any]] {
        var f: [[String: Any]] = []
        if !Thresholds.isJudged(possible: s.counts.possible, minPossible: model.config.minPossible) {
            f.append(["text": "Not yet judged (\(s.counts.possible) of \(model.config.minPossible) possible sessions)", "tone": ""])
        } else if s.severe { f.append(["text": "Severe absence", "tone": "bad"]) }
        else if s.persistent { f.append(["text": "Persistent absence", "tone": "bad"]) }
        if Thresholds.isUnauthorisedRun(days: s.unauthorisedRunDays) { f.append(["text": "10-day run", "tone": "bad"]) }
        if Thresholds.reachesPenalty(windowSessions: s.penaltyWindowSessions) { f.append(["text": "Penalty threshold", "tone": "warn"]) }
        if Thresholds.isLongIllness(sessions: s.counts.illness) { f.append(["text": "15+ days illness", "tone": "warn"]) }
        return f
    }

    /// A row per pupil (`partials/pupil-table`; rows rendered here, see `TableRows`).
    func pupilTable(_ pupils: [Int], root: String, caption: String) -> [String: Any] {
        var rows = ""
        for p in pupils {
            let pupil = model.register.pupils[p], s = model.stats[p], c = s.counts
            let fl = flags(s)
            rows += TableRows.row([
                .link("\(pupil.surname), \(pupil.forename)", root + model.pupilPath(p), sort: "\(pupil.surname) \(pupil.forename)".lowercased()),
                .text(pupil.className),
                .num(Format.pct(c.attendancePct), sort: Format.fixed(c.attendancePct ?? -1, 3)),
                .num(String(c.absence)), .num(String(c.authorised)), .num(String(c.unauthorised)), .num(String(c.illness)),
                .html(TableRows.flags(fl.map { ($0["text"] as! String, $0["tone"] as! String) }), sort: String(fl.count)),
            ])
        }
        return ["caption": caption, "rows": rows]
    }

    /// The weekly chart and its table (`partials/chart`). Its rows, a row per school week on the
    /// overview and on every year and class page (a class per 30 pupils), are rendered here, as
    /// are those of the chart on each pupil page that shares the partial.
    func trend(id: String, name: String, pupils: [Int], compareWithSchool: Bool) -> [String: Any] {
        let weeks = model.weekly.weeks
        let values = model.weekly.attendance(of: pupils)
        var series = [Charts.Series(name: name, values: values)]
        var schoolValues: [Double?] = []
        if compareWithSchool {
            schoolValues = model.weekly.school
            series.append(Charts.Series(name: "Whole school", values: schoolValues, dashed: true, colour: "#5b6570"))
        }
        let labels = weeks.map { d -> String in let c = d.components; return "\(c.day) \(Day.monthNames[c.month - 1].prefix(3))" }
        let known = values.compactMap { $0 }
        let desc = known.isEmpty ? "No sessions yet." :
            "Weekly attendance of \(name) from \(Format.pct(known.first)) in the first week to \(Format.pct(known.last)) in the latest, lowest \(Format.pct(known.min())), highest \(Format.pct(known.max()))."
        let svg = Charts.line(id: id, title: "\(name): attendance week by week", description: desc, labels: labels, series: series)
        return [
            "svg": svg,
            "caption": "\(name): attendance by school week",
            "headers": ["Week commencing", name] + (compareWithSchool ? ["Whole school"] : []),
            "rows": TableRows.rows(weeks.indices.map { i in
                [.text(weeks[i].display), .num(Format.pct(values[i]))] + (compareWithSchool ? [.num(Format.pct(schoolValues[i]))] : [])
            }),
        ]
    }

    /// Sessions by code (`partials/code-table`), on the overview and on every pupil page: rendered
    /// once per pupil, so its rows are rendered here (`TableRows`), as are the pupil page's other
    /// tables (weekdays, terms, contacts).
    func codeTable(_ c: SessionCounts, caption: String) -> [String: Any] {
        var rows = ""
        for code in AttendanceCode.all where c.byCode[Int(code.rawValue)] > 0 {
            let n = c.byCode[Int(code.rawValue)]
            rows += TableRows.row([
                .html(HTML.element("span", ["class": "mark " + code.category.slug], text: code.text)),
                .text(code.meaning), .text(code.category.label), .num(Format.thousands(n)),
                .num(code.category.isPossible ? Format.pct(c.pct(n), 2) : "not counted"),
            ])
        }
        return ["caption": caption, "rows": rows]
    }

    // MARK: pages

    /// `+1.2 points (better)`, against a national figure (the overview; the trust's overview too).
    static func difference(_ value: Double?, _ benchmark: Double, higherIsBetter: Bool) -> (text: String, tone: String, sort: String) {
        guard let value else { return ("–", "", "-1000") }
        let d = value - benchmark
        let better = higherIsBetter ? d >= 0 : d <= 0
        let text = (d >= 0 ? "+" : "−") + Format.fixed(abs(d), 1) + " points" + (abs(d) < 0.05 ? "" : better ? " (better)" : " (worse)")
        return (text, abs(d) < 0.05 ? "" : better ? "better" : "worse", Format.fixed(d, 3))
    }

    func overview() -> String {
        let m = model, g = m.school, n = m.config.national
        // National figures count pupils of compulsory school age only (spec 6.1): so does the comparison.
        let csaPupils = m.stats.filter { CompulsorySchoolAge.forStatistics(m.register.pupils[$0.pupil], yearStart: m.config.yearStart) }
        var csa = GroupStats(name: m.config.schoolName)
        for s in csaPupils { csa.add(s, minPossible: m.config.minPossible) }
        var ctx = base("", current: "index.html")
        ctx["csaNote"] = "Pupils of compulsory school age only (\(Format.thousands(csaPupils.count)) of \(Format.thousands(m.stats.count))), as in the national figures."
        let errors = m.findings.filter { $0.severity == .error }.count
        func diff(_ school: Double?, _ national: Double, higherIsBetter: Bool) -> [String: Any] {
            let d = IntranetPages.difference(school, national, higherIsBetter: higherIsBetter)
            return ["difference": d.text, "tone": d.tone]
        }
        let comparison: [[String: Any]] = [
            ["measure": "Attendance", "school": Format.pct(csa.counts.attendancePct), "national": Format.pct(n.attendancePct)].merging(diff(csa.counts.attendancePct, n.attendancePct, higherIsBetter: true)) { $1 },
            ["measure": "Authorised absence", "school": Format.pct(csa.counts.authorisedPct), "national": Format.pct(n.authorisedPct)].merging(diff(csa.counts.authorisedPct, n.authorisedPct, higherIsBetter: false)) { $1 },
            ["measure": "Unauthorised absence", "school": Format.pct(csa.counts.unauthorisedPct), "national": Format.pct(n.unauthorisedPct)].merging(diff(csa.counts.unauthorisedPct, n.unauthorisedPct, higherIsBetter: false)) { $1 },
            ["measure": "Persistently absent pupils", "school": Format.pct(csa.persistentPct), "national": Format.pct(n.persistentPct)].merging(diff(csa.persistentPct, n.persistentPct, higherIsBetter: false)) { $1 },
            ["measure": "Severely absent pupils", "school": Format.pct(csa.severePct), "national": Format.pct(n.severePct)].merging(diff(csa.severePct, n.severePct, higherIsBetter: false)) { $1 },
        ]
        ctx["pupilCount"] = Format.thousands(m.register.pupils.count)
        ctx["sessionCount"] = Format.thousands(m.calendar.slotCount)
        ctx["cards"] = cards(g)
        ctx["caseCount"] = Format.thousands(m.cases.count); ctx["oneCase"] = m.cases.count == 1
        ctx["errorCount"] = Format.thousands(errors); ctx["oneError"] = errors == 1
        ctx["warningCount"] = Format.thousands(m.findings.count - errors); ctx["oneWarning"] = m.findings.count - errors == 1
        ctx["hasLetters"] = letterCount > 0; ctx["letterCount"] = Format.thousands(letterCount); ctx["oneLetter"] = letterCount == 1
        ctx["national"] = ["label": n.label, "source": n.source]
        ctx["comparison"] = comparison
        ctx["trend"] = trend(id: "trend-school", name: m.config.schoolName, pupils: Array(m.register.pupils.indices), compareWithSchool: false)
        ctx["years"] = groupTable(m.years, caption: "Attendance by year group", nameHeader: "Year group") { m.yearPath($0.name) }
        ctx["classes"] = groupTable(m.classes, caption: "Attendance by class", nameHeader: "Class") { m.classPath($0.name) }
        ctx["codes"] = codeTable(g.counts, caption: "Sessions by attendance code, whole school")
        if let a = amendments { ctx["amendments"] = a.overviewContext() }
        return theme.render("intranet/overview", ctx)
    }

    func yearPage(_ g: GroupStats) -> String {
        let m = model
        var ctx = base("../", current: "")
        let pupils = m.pupilsOfYear[g.name] ?? []
        ctx["heading"] = "Year \(g.name)"
        ctx["pupilCount"] = Format.thousands(g.pupils); ctx["onePupil"] = g.pupils == 1
        ctx["cards"] = cards(g)
        let classes = m.classes.filter { (m.classesOfYear[g.name] ?? []).contains(ExactText($0.name)) }
        ctx["hasClasses"] = !classes.isEmpty
        ctx["classes"] = groupTable(classes, caption: "Classes in Year \(g.name)", nameHeader: "Class") { "../" + m.classPath($0.name) }
        ctx["trend"] = trend(id: "trend-year", name: "Year \(g.name)", pupils: pupils, compareWithSchool: true)
        ctx["pupils"] = pupilTable(pupils, root: "../", caption: "Pupils in Year \(g.name)")
        ctx["grid"] = grid(pupils, caption: "Year \(g.name)")
        return theme.render("intranet/group", ctx)
    }

    /// Largest group whose register grid is drawn on its page (a trust's year group is
    /// thousands of pupils; its class pages carry the grid instead).
    static let gridPupilLimit = 400

    /// The register grid of the last sessions for a group, or nil when it would be too large.
    func grid(_ pupils: [Int], caption: String) -> [String: Any]? {
        let m = model
        let sessions = min(tables.gridSessionCount, m.calendar.slotCount)
        guard sessions > 0, pupils.count <= IntranetPages.gridPupilLimit else { return nil }
        return [
            "sessions": String(sessions),
            "html": tables.classGrid(pupils: pupils, pupilHref: { "../" + m.pupilPath($0) },
                                     caption: "\(caption): marks for the last \(sessions) sessions"),
        ]
    }

    func classPage(_ g: GroupStats) -> String {
        let m = model
        var ctx = base("../", current: "")
        let pupils = m.pupilsOfClass[ExactText(g.name)] ?? []
        ctx["heading"] = "Class \(g.name)"
        ctx["parent"] = ["href": "../" + m.yearPath(g.yearGroup), "label": "Year \(g.yearGroup)"]
        ctx["pupilCount"] = Format.thousands(g.pupils); ctx["onePupil"] = g.pupils == 1
        ctx["cards"] = cards(g)
        ctx["hasClasses"] = false
        ctx["trend"] = trend(id: "trend-class", name: "Class \(g.name)", pupils: pupils, compareWithSchool: true)
        ctx["pupils"] = pupilTable(pupils, root: "../", caption: "Pupils in \(g.name)")
        ctx["grid"] = grid(pupils, caption: g.name)
        return theme.render("intranet/group", ctx)
    }

    func pupilPage(_ p: Int) -> String { theme.render("intranet/pupil", pupilContext(p)) }

    /// The pupil page as the bytes written (`Theme.renderBytes`: no String in between).
    func pupilPageBytes(_ p: Int) -> [UInt8] { theme.renderBytes("intranet/pupil", pupilContext(p)) }

    func pupilContext(_ p: Int) -> [String: Any] {
        let m = model, reg = m.register, cal = m.calendar
        let pupil = reg.pupils[p], s = m.stats[p], c = s.counts
        var ctx = base("../", current: "")
        ctx["name"] = pupil.name
        ctx["className"] = pupil.className; ctx["yearGroup"] = pupil.yearGroup
        ctx["classHref"] = "../" + m.classPath(pupil.className); ctx["yearHref"] = "../" + m.yearPath(pupil.yearGroup)
        ctx["pupilId"] = pupil.id
        if !pupil.upn.isEmpty { ctx["upn"] = pupil.upn }
        let from = pupil.admitted.map { "from \($0.display)" } ?? "from the start of the year"
        ctx["rollText"] = from + (pupil.left.map { ", left \($0.display)" } ?? "")
        let fl = flags(s)
        ctx["flags"] = fl; ctx["hasFlags"] = !fl.isEmpty
        var g = GroupStats(name: pupil.name)
        g.add(s)
        ctx["cards"] = cards(g)
        let pattern = Statistics.weekdayPattern(p, in: reg)
        let worst = pattern.indices.max { pattern[$0].absent * max(1, pattern[$1].possible) < pattern[$1].absent * max(1, pattern[$0].possible) }
        ctx["patterns"] = [
            ["label": "Sessions missed", "value": "\(c.absence) of \(c.possible) (\(Format.fixed(Double(c.absence) / 2, 1)) days)"],
            ["label": "Longest run of unauthorised absence", "value": s.unauthorisedRunDays == 0 ? "None" :
                "\(s.unauthorisedRunDays) school day\(s.unauthorisedRunDays == 1 ? "" : "s") from \(s.unauthorisedRunStart?.display ?? "")"],
            ["label": "Most unauthorised sessions in 10 school weeks", "value": s.penaltyWindowSessions == 0 ? "None" :
                "\(s.penaltyWindowSessions) (from week of \(s.penaltyWindowStart?.display ?? ""))\(Thresholds.reachesPenalty(windowSessions: s.penaltyWindowSessions) ? ": at the penalty-notice threshold" : "")"],
            ["label": "Illness", "value": "\(c.illness) session\(c.illness == 1 ? "" : "s") (\(Format.fixed(Double(c.illness) / 2, 1)) days)"],
            ["label": "Day most often missed", "value": worst.flatMap { pattern[$0].absent > 0 ? Day.weekdayNames[$0] : nil } ?? "None"],
        ]
        let rates = pattern.map { $0.possible == 0 ? nil : 100 * Double($0.absent) / Double($0.possible) } as [Double?]
        let days = Array(Day.weekdayNames.prefix(5))
        ctx["weekdays"] = [
            "svg": Charts.bars(id: "weekdays", title: "\(pupil.name): absence by day of the week",
                               description: zip(days, rates).map { "\($0): \(Format.pct($1))" }.joined(separator: ", "),
                               labels: days.map { String($0.prefix(3)) }, values: rates),
            "caption": "Absence by day of the week",
            "headers": ["Day", "Sessions missed", "Possible sessions", "Absence"],
            "rows": TableRows.rows((0..<5).map { [.text(days[$0]), .num(String(pattern[$0].absent)), .num(String(pattern[$0].possible)), .num(Format.pct(rates[$0]))] }),
        ]
        ctx["termRows"] = TableRows.rows(m.config.terms.filter { $0.start <= cal.asOf }.map { t in
            let tc = Statistics.counts(p, in: reg, from: t.start, to: min(t.end, cal.asOf))
            return [.text(t.name), .num(String(tc.possible)), .num(Format.pct(tc.attendancePct)),
                    .num(String(tc.authorised)), .num(String(tc.unauthorised)), .num(String(tc.missing))]
        })
        ctx["calendar"] = tables.calendar(pupil: p)
        ctx["codes"] = codeTable(c, caption: "\(pupil.name): sessions by code")
        let fs = m.findingsOfPupil[p] ?? []
        ctx["hasFindings"] = !fs.isEmpty
        ctx["findingItems"] = fs.map { findingItem($0, href: nil) }.joined()
        let contacts = (m.contactsOfPupil[p] ?? []).sorted { ($0.date, $0.line) < ($1.date, $1.line) }
        ctx["hasContacts"] = !contacts.isEmpty
        ctx["contactRows"] = TableRows.rows(contacts.map { k in
            [.text(k.date.display), .text(k.session?.text ?? "All day"), .text(k.kindText), .text(k.reason),
             .text(k.receivedAt.map { $0.day.iso + " " + $0.clock } ?? ""), .text(k.channel)]
        })
        ctx["casework"] = caseworkContext(p)
        let letters = lettersOfPupil[p] ?? []
        ctx["hasLetters"] = !letters.isEmpty
        ctx["letters"] = letters.map { ["title": $0.title, "href": "../" + $0.path] }
        if let a = amendments { ctx["amendments"] = a.pupilContext(p) }
        return ctx
    }

    /// One finding as a list item: severity, rule, a link to the pupil, the message and its source.
    func findingItem(_ f: Finding, href: String?) -> String {
        var s = HTML.element("span", ["class": "sev"], text: f.severity.rawValue) + " " + HTML.element("code", text: f.rule.rawValue) + " "
        if let href, let p = f.pupil {
            s += HTML.element("a", ["href": href], text: model.register.pupils[p].name) + ": "
        }
        s += HTML.text(f.message)
        if let file = f.file { s += " " + HTML.element("span", ["class": "source"], text: "(" + (f.line.map { "\(file):\($0)" } ?? file) + ")") }
        return HTML.element("li", ["class": f.severity.rawValue], html: s) + "\n"
    }

    func fixList() -> String {
        let m = model
        var ctx = base("", current: "fix-list.html")
        let errors = m.findings.filter { $0.severity == .error }.count
        ctx["errorCount"] = Format.thousands(errors); ctx["oneError"] = errors == 1
        ctx["warningCount"] = Format.thousands(m.findings.count - errors); ctx["oneWarning"] = m.findings.count - errors == 1
        ctx["rules"] = Checker.counts(m.findings).map { r -> [String: Any] in
            let rule = Checker.rule(id: r.rule)
            return ["id": r.rule.rawValue, "severity": rule?.severity.rawValue ?? "", "count": Format.thousands(r.count), "summary": rule?.summary ?? ""]
        }
        // Group by class, then by date; findings with no class last.
        let byClass = Dictionary(grouping: m.findings, by: { $0.className ?? "" })
        let classNames = byClass.keys.filter { !$0.isEmpty }.sorted(by: GroupStats.classOrder) + (byClass[""] == nil ? [] : [""])
        var anchors = SlugTable()
        ctx["groups"] = classNames.map { name -> [String: Any] in
            let fs = byClass[name]!
            let byDate = Dictionary(grouping: fs, by: { $0.date })
            let dates = byDate.keys.sorted { ($0?.raw ?? Int32.max) < ($1?.raw ?? Int32.max) }
            return [
                "anchor": "c-" + anchors.claim(name.isEmpty ? "other" : name),
                "title": name.isEmpty ? "Not linked to a class (rows to fix in the files)" : "Class \(name)",
                "count": Format.thousands(fs.count),
                "dates": dates.map { d -> [String: Any] in
                    [
                        "date": d?.display ?? "Any date",
                        "items": byDate[d]!.sorted { a, b in
                            (a.session?.rawValue ?? 2, a.pupilId ?? "", a.rule, a.line ?? 0) < (b.session?.rawValue ?? 2, b.pupilId ?? "", b.rule, b.line ?? 0)
                        }.map { f in findingItem(f, href: f.pupil.map { m.pupilPath($0) }) }.joined(),
                    ]
                },
            ]
        }
        return theme.render("intranet/fix-list", ctx)
    }

    /// "N pupils have fewer than 20 possible sessions and are not yet judged" (issue 17, early-year guard).
    static func notJudgedText(_ n: Int, minPossible: Int) -> String {
        "\(Format.thousands(n)) pupil\(n == 1 ? " has" : "s have") fewer than \(minPossible) possible sessions and \(n == 1 ? "is" : "are") not yet judged"
    }

    func pupilsPage() -> String {
        let m = model
        var ctx = base("", current: "pupils.html")
        ctx["count"] = Format.thousands(m.register.pupils.count)
        var rows = ""
        for p in m.pupilsAlphabetical {
            let pupil = m.register.pupils[p], c = m.stats[p].counts
            rows += TableRows.row([
                .link("\(pupil.surname), \(pupil.forename)", m.pupilPath(p), sort: "\(pupil.surname) \(pupil.forename)".lowercased()),
                .text(pupil.upn), .text(pupil.className), .text(pupil.yearGroup),
                .num(Format.pct(c.attendancePct), sort: Format.fixed(c.attendancePct ?? -1, 3)),
            ])
        }
        ctx["rows"] = rows
        return theme.render("intranet/pupils", ctx)
    }

    /// The finder's data: `window.ROLLBOOK_PUPILS = [[name, upn, class, path], ...]`.
    func pupilIndexScript() -> String {
        let m = model
        var s = "window.ROLLBOOK_PUPILS = [\n"
        for p in m.pupilsAlphabetical {
            let pupil = m.register.pupils[p]
            s += "[" + [pupil.name, pupil.upn, pupil.className, m.pupilPath(p)].map { Escape.json($0) }.joined(separator: ",") + "],\n"
        }
        return s + "];\n"
    }
}
