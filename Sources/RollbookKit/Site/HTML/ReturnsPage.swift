/// The intranet page `returns.html` (spec sections 6.3 and 8): episodes for the local authority.
extension IntranetPages {
    /// School days before `as_of` that count as "new" on the returns page.
    static let newSchoolDays = 10

    /// The first of the last 10 school days up to `as_of` (episodes reached since then are new).
    func returnsNewSince() -> Day? {
        let days = model.calendar.schoolDays
        return days.isEmpty ? nil : days[max(0, days.count - IntranetPages.newSchoolDays)]
    }

    func returnsPage(_ episodes: [Episode]) -> String {
        let m = model, reg = m.register
        var ctx = base("", current: "returns.html")
        let since = returnsNewSince()
        // Newest first: reached descending, then kind and pupil as in `rollbook returns`.
        let newest = episodes.enumerated().sorted { a, b in
            a.element.reached != b.element.reached ? a.element.reached > b.element.reached : a.offset < b.offset
        }.map(\.element)
        let isNew = { (e: Episode) in since.map { e.reached >= $0 } ?? false }
        ctx["count"] = Format.thousands(episodes.count); ctx["oneEpisode"] = episodes.count == 1
        let newCount = episodes.filter(isNew).count, ongoing = episodes.filter(\.isOngoing).count
        ctx["newCount"] = Format.thousands(newCount); ctx["oneNew"] = newCount == 1
        ctx["ongoingCount"] = Format.thousands(ongoing); ctx["oneOngoing"] = ongoing == 1
        ctx["sinceText"] = since?.display ?? m.calendar.asOf.display
        ctx["hasEpisodes"] = !episodes.isEmpty
        let kinds = Episode.Kind.allCases.compactMap { k -> (String, Int)? in
            let n = episodes.filter { $0.kind == k }.count
            return n == 0 ? nil : (k.label, n)
        }
        ctx["kinds"] = kinds.map { ["label": $0.0, "count": Format.thousands($0.1)] as [String: Any] }
        // A row per episode (several per pupil over a year; thousands in a large school), so
        // rendered in Swift like the other per-pupil rows (`TableRows`, see there why).
        var rows = ""
        for e in newest {
            let p = reg.pupils[e.pupil]
            var status: [(String, String)] = []
            if isNew(e) { status.append(("New", "bad")) }
            if e.isOngoing { status.append(("Still going on", "warn")) }
            let address = [p.address, p.postcode].filter { !$0.isEmpty }.joined(separator: ", ")
            rows += TableRows.row([
                .link("\(p.surname), \(p.forename)", m.pupilPath(e.pupil), sort: "\(p.surname) \(p.forename)".lowercased()),
                .text(e.reached.display, sort: e.reached.iso),
                .text(e.kind.label),
                .html(status.isEmpty ? "Ended" : TableRows.flags(status), sort: String(status.count)),
                .text(e.start.display, sort: e.start.iso),
                .text(e.end?.display ?? "–", sort: e.end?.iso ?? "9999"),
                .num(e.daysText, sort: Format.fixed(Double(e.halfDays) / 2, 1)),
                .num(String(e.sessions)),
                .text(p.className), .text(p.yearGroup),
                .text(p.dob?.display ?? "not recorded", sort: p.dob?.iso ?? ""),
                .text(p.upn),
                .text(address.isEmpty ? "not recorded" : address),
            ])
        }
        ctx["rows"] = rows
        return theme.render("intranet/returns", ctx)
    }
}
