/// The case list (`intranet/cases.html`) and its filters by reason (`intranet/cases/<reason>.html`):
/// plain pages linked from each other, so the filter works without JavaScript (issue 17).
extension IntranetPages {
    /// A filter of the case list: its page, its name and the cases it keeps.
    struct CaseFilter: Sendable {
        var slug: String
        var label: String
        var keeps: @Sendable (Case) -> Bool
    }

    static let caseFilters: [CaseFilter] =
        CaseReason.Kind.allCases.map { k in CaseFilter(slug: k.slug, label: k.label) { $0.reasons.contains { $0.kind == k } } }
        + [CaseFilter(slug: "no-action", label: "No action yet") { $0.noAction },
           CaseFilter(slug: "review-overdue", label: "Review overdue") { $0.reviewOverdue }]

    /// Every page of the case list: `cases.html`, then one page per reason that has cases
    /// (paths relative to `intranet/`), each handed to `write` as it is made, so that only one
    /// is in memory at a time (each is tens of MB at a trust's scale).
    func casesPages(_ write: (_ path: String, _ html: String) throws -> Void) rethrows {
        let cases = model.cases
        let counts = IntranetPages.caseFilters.map { f in cases.filter(f.keeps).count }
        try write("cases.html", casesPage(filter: nil, counts: counts))
        // A case is listed under each of its reasons, and its row is the same on every
        // filtered page (they all sit in cases/): made once for all of them.
        let filteredRows = CaseRows()
        for (i, f) in IntranetPages.caseFilters.enumerated() where counts[i] > 0 {
            try write("cases/\(f.slug).html", casesPage(filter: i, counts: counts, rows: filteredRows))
        }
    }

    /// Case rows already made, by pupil, for pages that share a root (one thread at a time).
    final class CaseRows {
        var byPupil: [Int: String] = [:]
    }

    /// The case list, all of it (`filter` nil) or the cases of one filter. `rows` keeps the rows
    /// made for other pages with the same root, to reuse them.
    func casesPage(filter: Int? = nil, counts: [Int]? = nil, rows: CaseRows? = nil) -> String {
        let m = model
        let root = filter == nil ? "" : "../"
        var ctx = base(root, current: filter == nil ? "cases.html" : "")
        let counts = counts ?? IntranetPages.caseFilters.map { f in m.cases.filter(f.keeps).count }
        let chosen = filter.map { IntranetPages.caseFilters[$0] }
        let shown = chosen.map { f in m.cases.filter(f.keeps) } ?? m.cases
        if m.school.notJudged > 0 {
            ctx["notJudged"] = IntranetPages.notJudgedText(m.school.notJudged, minPossible: m.config.minPossible)
                + " persistently or severely absent, and get no letter yet."
        }
        ctx["heading"] = chosen.map { "Cases: \($0.label.lowercased())" } ?? "Cases for the attendance officer"
        ctx["title"] = chosen.map { "Cases: \($0.label.lowercased())" } ?? "Cases"
        ctx["filtered"] = chosen != nil
        ctx["count"] = Format.thousands(shown.count); ctx["oneCase"] = shown.count == 1
        ctx["allCount"] = Format.thousands(m.cases.count)
        ctx["hasCases"] = !shown.isEmpty
        ctx["orderText"] = Cases.orderText
        ctx["recentDays"] = String(Cases.recentSchoolDays)
        ctx["filters"] = [["href": root + "cases.html", "label": "All reasons", "count": Format.thousands(m.cases.count),
                           "current": filter == nil, "linked": true] as [String: Any]]
            + IntranetPages.caseFilters.enumerated().map { i, f -> [String: Any] in
                ["href": root + "cases/\(f.slug).html", "label": f.label, "count": Format.thousands(counts[i]),
                 "current": filter == i, "linked": counts[i] > 0]
            }
        // Ranks run on across the sections; a filtered list keeps the full list's ranks.
        let rankOf = Dictionary(uniqueKeysWithValues: m.cases.enumerated().map { ($0.element.pupil, $0.offset + 1) })
        ctx["tiers"] = Case.Tier.allCases.compactMap { tier -> [String: Any]? in
            let mine = shown.filter { $0.tier == tier }
            guard !mine.isEmpty else { return nil }
            return ["id": "tier-" + tier.slug, "title": tier.title, "count": Format.thousands(mine.count),
                    "rows": mine.map { k -> String in
                        if let made = rows?.byPupil[k.pupil] { return made }
                        let row = caseRow(k, rank: rankOf[k.pupil]!, root: root)
                        rows?.byPupil[k.pupil] = row
                        return row
                    }.joined()]
        }
        return theme.render("intranet/cases", ctx)
    }

    /// One row of the case list. Rendered here, not by `intranet/cases.mustache`: the list has
    /// a row per pupil with a case (thousands in a large school), each with its reasons, their
    /// dates and the school's actions, and per-pupil rows stay in Swift (`TableRows`, see there
    /// why); the template keeps the table's structure.
    func caseRow(_ k: Case, rank: Int, root: String) -> String {
        let m = model
        let p = m.register.pupils[k.pupil], c = m.stats[k.pupil].counts
        let reasons = k.reasons.map { HTML.element("li", html: reasonHTML($0)) }.joined()
        return "<tr>" + HTML.element("td", ["class": "num"], text: String(rank))
            + HTML.element("th", ["scope": "row", "data-sort": "\(p.surname) \(p.forename)".lowercased()],
                           html: HTML.element("a", ["href": root + m.pupilPath(k.pupil)], text: "\(p.surname), \(p.forename)"))
            + HTML.element("td", text: p.className)
            + HTML.element("td", ["class": "num", "data-sort": Format.fixed(c.attendancePct ?? -1, 3)], text: Format.pct(c.attendancePct))
            + HTML.element("td", html: HTML.element("ul", ["class": "reasons"], html: reasons))
            + HTML.element("td", html: caseActionsCell(k.pupil)) + "</tr>\n"
    }

    /// `<time datetime="2026-01-05">Mon 5 Jan 2026</time>`.
    static func timeHTML(_ d: Day) -> String { HTML.element("time", ["datetime": d.iso], text: d.display) }

    /// A reason: its badge, what it is, and its dates (started, reached, ended or still going).
    func reasonHTML(_ r: CaseReason) -> String {
        let t = IntranetPages.timeHTML
        var dates: [String] = []
        switch r.kind {
        case .severe, .persistent:
            if let s = r.start { dates.append("from \(t(s)) to \(t(model.calendar.asOf))") }
        case .overdueN:
            if let s = r.start, let e = r.end { dates.append(s == e ? "on \(t(s))" : "oldest \(t(s)), latest \(t(e))") }
        case .illness:
            if let s = r.start { dates.append("first \(t(s))") }
            if let d = r.reached { dates.append("15 days reached \(t(d))") }
            dates.append(r.ongoing ? HTML.element("strong", text: "still off ill") : r.end.map { "latest illness \(t($0))" } ?? "")
        case .penaltyThreshold:
            if let s = r.start { dates.append("counted from \(t(s))") }
            if let d = r.reached { dates.append("reached \(t(d))") }
        case .unauthorisedRun, .partTime:
            if let s = r.start { dates.append("started \(t(s))") }
            if let d = r.reached, r.kind == .unauthorisedRun { dates.append("reached \(t(d))") }
            dates.append(r.ongoing ? HTML.element("strong", text: "still going") : r.end.map { "ended \(t($0))" } ?? "")
        }
        var s = HTML.element("span", ["class": r.kind.tone.isEmpty ? "flag" : "flag " + r.kind.tone], text: r.badge) + " "
            + HTML.text(r.detail) + ": " + dates.filter { !$0.isEmpty }.joined(separator: ", ")
        if r.earlier > 0 { s += " (and \(r.earlier) earlier this year)" }
        if !r.compulsorySchoolAge { s += "; not of compulsory school age on the day, so not for the local authority" }
        return s
    }
}
