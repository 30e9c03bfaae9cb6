/// The school's actions (actions.csv) and episodes on the pupil pages and the case list
/// (spec section 8).
extension IntranetPages {
    /// The case list's cell about actions: "no action yet", "review overdue", the last action
    /// (HTML: part of the case list's row, rendered in Swift, see `caseRow`).
    func caseActionsCell(_ p: Int) -> String {
        let actions = model.actionsOfPupil[p] ?? []
        guard let last = actions.last else { return HTML.element("span", ["class": "flag bad"], text: "No action yet") }
        var s = ""
        if let due = Cases.reviewOverdue(actions, asOf: model.calendar.asOf) {
            s += HTML.element("span", ["class": "flag bad"], text: "Review overdue") + HTML.text(" (due \(due.reviewBy!.display)) ")
        }
        s += HTML.text("Last: " + last.label + (last.detail.isEmpty ? "" : " (\(last.detail))") + ", " + last.date.display)
        return s
    }

    /// Context for the pupil page's casework: actions timeline and episodes.
    func caseworkContext(_ p: Int) -> [String: Any] {
        let m = model
        let actions = m.actionsOfPupil[p] ?? []
        let overdue = Cases.reviewOverdue(actions, asOf: m.calendar.asOf)
        let timeline: [[String: Any]] = actions.reversed().map { a in
            var item: [String: Any] = ["date": a.date.display, "iso": a.date.iso, "label": a.label, "detail": a.detail, "by": a.by,
                                         "hasDetail": !a.detail.isEmpty, "hasBy": !a.by.isEmpty, "hasReview": a.reviewBy != nil, "overdue": false]
            if let r = a.reviewBy {
                item["reviewBy"] = r.display
                item["overdue"] = overdue == a
            }
            return item
        }
        let episodes = m.episodesOfPupil[p].filter(\.compulsorySchoolAge).sorted { $0.reached > $1.reached }
        return [
            "hasActions": !actions.isEmpty, "actions": timeline,
            "hasEpisodes": !episodes.isEmpty,
            "episodes": episodes.map { e -> [String: Any] in
                ["label": e.kind.label, "start": e.start.display, "reached": e.reached.display,
                 "end": e.end?.display ?? "", "ongoing": e.isOngoing, "days": e.daysText, "sessions": String(e.sessions)]
            },
        ]
    }
}
