/// The trust's own pages: the overview comparing schools, the pupil list and finder index
/// across the trust, and the parents' index of schools. The overview's tables (a row per
/// school) are rendered by the templates under `Themes/default/trust/` from plain values; the
/// pupil list (a row per pupil of every school) has its rows rendered in Swift, escaped cell by
/// cell (`TableRows`, see there why), and the template keeps its structure.
struct TrustPages {
    let trust: OpenTrust
    let theme: Theme
    let schools: [TrustSiteBuilder.SchoolSummary]
    /// Schools that could not be built, with their problems.
    let failed: [(TrustSchool, [Diagnostic])]
    /// Entries of trust.yml that name no usable folder.
    let configProblems: [Diagnostic]

    var name: String { trust.config.name }

    static let navItems = [("index.html", "Schools"), ("pupils.html", "Pupils")]

    func base(current: String) -> [String: Any] {
        let dates = Set(schools.map(\.asOf))
        return [
            "root": "",
            "trust": name,
            "asOfText": dates.count == 1 ? dates.first!.display : "each school's own date",
            "nav": TrustPages.navItems.map { ["href": $0.0, "label": $0.1, "current": $0.0 == current] as [String: Any] },
        ]
    }

    var total: GroupStats {
        var g = GroupStats(name: name)
        for s in schools { g.merge(s.whole) }
        return g
    }

    func cards(_ g: GroupStats, errors: Int) -> [[String: Any]] {
        let c = g.counts
        return [
            ["label": "Attendance", "value": Format.pct(c.attendancePct), "note": "\(Format.thousands(c.attended)) of \(Format.thousands(c.possible)) sessions",
             "tone": (c.attendancePct ?? 100) < 90 ? "bad" : (c.attendancePct ?? 0) >= 96 ? "good" : ""],
            ["label": "Authorised absence", "value": Format.pct(c.authorisedPct), "note": "\(Format.thousands(c.authorised)) sessions"],
            ["label": "Unauthorised absence", "value": Format.pct(c.unauthorisedPct), "note": "\(Format.thousands(c.unauthorised)) sessions",
             "tone": (c.unauthorisedPct ?? 0) >= 3 ? "bad" : ""],
            ["label": "Persistently absent", "value": Format.thousands(g.persistentPupils), "note": "\(Format.pct(g.persistentPct)) of pupils",
             "tone": g.persistentPupils > 0 ? "bad" : "good"],
            ["label": "Severely absent", "value": Format.thousands(g.severePupils), "note": "\(Format.pct(g.severePct)) of pupils",
             "tone": g.severePupils > 0 ? "bad" : ""],
            ["label": "Sessions with no mark", "value": Format.thousands(c.missing), "note": "\(Format.thousands(errors)) register errors open",
             "tone": c.missing > 0 || errors > 0 ? "bad" : "good"],
        ]
    }

    static func sortKey(_ v: Double?) -> String { Format.fixed(v ?? -1, 3) }

    func overview() -> String {
        var ctx = base(current: "index.html")
        let g = total
        let errors = schools.reduce(0) { $0 + $1.errors }
        ctx["schoolCount"] = Format.thousands(schools.count)
        ctx["oneSchool"] = schools.count == 1
        ctx["pupilCount"] = Format.thousands(g.pupils)
        ctx["cards"] = cards(g, errors: errors)
        var rows: [[String: Any]] = []
        var bench: [[String: Any]] = []
        for s in schools {
            let c = s.whole.counts
            let root = s.school.entry.slug + "/"
            var fresh = s.lastMark.map(\.iso) ?? "no marks"
            if let l = s.lastMark, l < s.asOf {
                let days = Int(s.asOf.raw - l.raw)
                fresh += " (\(days) day\(days == 1 ? "" : "s") before)"
            }
            rows.append(TableRows.context([
                .link(s.school.name, root + "index.html", sort: s.school.name.lowercased()),
                .num(Format.thousands(s.whole.pupils), sort: String(s.whole.pupils)),
                .num(Format.pct(c.attendancePct), sort: TrustPages.sortKey(c.attendancePct)),
                .num(Format.pct(c.authorisedPct), sort: TrustPages.sortKey(c.authorisedPct)),
                .num(Format.pct(c.unauthorisedPct), sort: TrustPages.sortKey(c.unauthorisedPct)),
                .num(Format.pct(s.whole.persistentPct), sort: TrustPages.sortKey(s.whole.persistentPct)),
                .num(Format.pct(s.whole.severePct), sort: TrustPages.sortKey(s.whole.severePct)),
                .num(Format.thousands(c.missing), sort: String(c.missing)),
                .link(Format.thousands(s.errors), root + "fix-list.html", sort: String(s.errors)),
                .num(Format.thousands(s.cases), sort: String(s.cases)),
                .text(s.asOf.iso, sort: s.asOf.iso),
                .text(fresh, sort: s.lastMark?.iso ?? ""),
            ]))
            let n = s.national
            let a = IntranetPages.difference(c.attendancePct, n.attendancePct, higherIsBetter: true)
            let p = IntranetPages.difference(s.whole.persistentPct, n.persistentPct, higherIsBetter: false)
            let u = IntranetPages.difference(c.unauthorisedPct, n.unauthorisedPct, higherIsBetter: false)
            /// The school's figure with its sort key, the national one, the difference, its tone
            /// (the template writes `class=""` when it has none) and its sort key.
            func measure(_ school: Double?, _ national: Double?, _ d: (text: String, tone: String, sort: String)) -> [String: Any] {
                ["value": Format.pct(school), "sort": TrustPages.sortKey(school), "national": Format.pct(national),
                 "difference": d.text, "tone": d.tone, "differenceSort": d.sort]
            }
            bench.append([
                "name": s.school.name, "sort": s.school.name.lowercased(), "benchmark": n.label,
                "measures": [measure(c.attendancePct, n.attendancePct, a), measure(c.unauthorisedPct, n.unauthorisedPct, u),
                             measure(s.whole.persistentPct, n.persistentPct, p)],
            ])
        }
        ctx["schoolTable"] = ["rows": rows]
        ctx["benchmarks"] = bench
        let c = g.counts
        ctx["totalTable"] = ["rows": [TableRows.context([
            .text("Whole trust"), .num(Format.thousands(g.pupils)), .num(Format.pct(c.attendancePct)), .num(Format.pct(c.authorisedPct)),
            .num(Format.pct(c.unauthorisedPct)), .num(Format.pct(g.persistentPct)), .num(Format.pct(g.severePct)),
            .num(Format.thousands(c.missing)), .num(Format.thousands(errors)), .num(Format.thousands(schools.reduce(0) { $0 + $1.cases })),
            .text(""), .text(""),
        ])]]
        var problems: [[String: Any]] = []
        if !configProblems.isEmpty {
            problems.append(["title": "trust.yml", "messages": configProblems.map(\.description)])
        }
        for (s, p) in failed {
            problems.append(["title": "\(s.name) (\(s.entry.folder))", "messages": p.map(\.description)])
        }
        ctx["problems"] = problems
        ctx["hasProblems"] = !problems.isEmpty
        ctx["sources"] = Array(Set(schools.map { "\($0.national.label): \($0.national.source)" })).sorted()
        return theme.render("trust/overview", ctx)
    }

    /// Every pupil of every school, A to Z, with the school.
    func allPupils() -> [(TrustSiteBuilder.PupilEntry, String)] {
        var all: [(TrustSiteBuilder.PupilEntry, String)] = []
        all.reserveCapacity(schools.reduce(0) { $0 + $1.pupils.count })
        for s in schools { for p in s.pupils { all.append((p, s.school.name)) } }
        all.sort { $0.0.sortKey < $1.0.sortKey }
        return all
    }

    func pupilsPage() -> String {
        var ctx = base(current: "pupils.html")
        let all = allPupils()
        ctx["count"] = Format.thousands(all.count)
        var rows = ""
        rows.reserveCapacity(all.count * 300)
        for (p, school) in all {
            rows += TableRows.row([
                .link("\(p.surname), \(p.forename)", p.path, sort: "\(p.surname) \(p.forename)".lowercased()),
                .text(school), .text(p.upn), .text(p.className), .text(p.yearGroup),
                .num(Format.pct(p.attendance), sort: TrustPages.sortKey(p.attendance)),
            ])
        }
        ctx["rows"] = rows
        return theme.render("trust/pupils", ctx)
    }

    /// The finder's data, as for one school: `[name, upn, "class, school", path]`.
    func pupilIndexScript() -> String {
        var s = "window.ROLLBOOK_PUPILS = [\n"
        for (p, school) in allPupils() {
            s += "[" + [p.name, p.upn, p.className + ", " + school, p.path].map { Escape.json($0) }.joined(separator: ",") + "],\n"
        }
        return s + "];\n"
    }

    func parentsIndex() -> String {
        let ctx: [String: Any] = [
            "root": "", "lang": "en-GB", "skipText": "Skip to main content", "school": name, "trust": name,
            "schools": schools.map { ["name": $0.school.name, "href": $0.school.entry.slug + "/index.html"] as [String: Any] },
        ]
        return theme.render("trust/parents", ctx)
    }
}
