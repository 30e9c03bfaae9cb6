/// The intranet's insight pages (issue 15): groups, absence bands, projection, trends and the
/// meeting pack. Every piece of data is escaped here or by the templates.
extension IntranetPages {
    /// A table in a wrapper that scrolls sideways on a phone and can be reached and scrolled
    /// with the keyboard: the wrapper is a labelled, focusable region.
    static func scrollTable(id: String, caption: String, headers: [(String, Bool)], rows: String, cls: String = "") -> String {
        var s = "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"\(Escape.html(id))\">\n"
        s += "<table\(cls.isEmpty ? "" : " class=\"\(Escape.html(cls))\"")>\n<caption id=\"\(Escape.html(id))\">\(Escape.html(caption))</caption>\n<thead><tr>"
        for (h, num) in headers { s += "<th scope=\"col\"\(num ? " class=\"num\"" : "")>\(Escape.html(h))</th>" }
        return s + "</tr></thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n</div>\n"
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
            var rows = ""
            for r in gi.rows {
                let label = GroupInsight.label(r.value, ch.grouping)
                if r.suppressed {
                    rows += "<tr class=\"suppressed\"><th scope=\"row\">\(Escape.html(label))</th><td class=\"num\">fewer than 5</td>"
                        + "<td colspan=\"8\">Figures not shown, so that no pupil can be identified.</td></tr>\n"
                    continue
                }
                let g = r.stats, c = g.counts
                let national = GroupInsight.nationalCell(ch.grouping, r)
                rows += TableRows.row([
                    .text(label), .num(Format.thousands(g.pupils)),
                    .num(Format.pct(c.attendancePct)), .num(Format.pct(c.authorisedPct)), .num(Format.pct(c.unauthorisedPct)),
                    .num(Format.pct(g.persistentPct)), .num(Format.pct(g.severePct)),
                    .num(r.rest.pupils < GroupInsight.minimumPupils ? "not shown" : IntranetPages.points(r.attendanceGap)),
                    .num(national.csa), .text(national.national),
                ])
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
    /// Writes the insight pages (issue 15) into a school's site.
    func writeInsightPages(_ out: SiteFiles) throws {
        try out.write("intranet/groups.html", groupsPage())
    }
}
