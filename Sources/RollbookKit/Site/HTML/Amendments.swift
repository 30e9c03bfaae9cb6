/// The intranet's Amendments page (`intranet/amendments.html`) and each pupil's amended sessions:
/// what changed in the register since the export that `previous:` in rollbook.yml names
/// (spec section 12, as `rollbook diff PREVIOUS .` would list it).
struct SiteAmendments: Sendable {
    /// `previous:` as written in rollbook.yml.
    let previousPath: String
    let diff: RegisterDiff
    /// Session rows by index of the pupil in the site's register.
    let rowsOfPupil: [Int: [RegisterDiff.Row]]
    /// Pupils on the roll now who were not on the previous export's roll.
    let joined: Set<Int>

    init(previousPath: String, diff: RegisterDiff) {
        self.previousPath = previousPath
        self.diff = diff
        var byPupil: [Int: [RegisterDiff.Row]] = [:]
        var joined: Set<Int> = []
        for r in diff.rows {
            guard let p = r.newPupil else { continue }
            if r.change == .joined { joined.insert(p) } else { byPupil[p, default: []].append(r) }
        }
        rowsOfPupil = byPupil
        self.joined = joined
    }

    /// Reads the previous export (`previous:`, its rollbook.yml read already) up to the earlier
    /// of its own as_of and the site's, and compares it with the site's register (read with
    /// `keepRecordedAt`). Problems in the previous export are reported with its folder in the path.
    static func load(previous: LinkedProjects.Project, register: Register, today: Day, pseudonymise: Bool) throws -> SiteAmendments {
        func prefixed(_ e: InputError) -> InputError {
            InputError(e.diagnostics.map { d in
                var d = d
                d.path = previous.folder + "/" + d.path
                d.message += " (in the previous export, named by `previous:` in rollbook.yml)"
                return d
            })
        }
        do {
            let config = try previous.config.get()
            let asOf = min(register.calendar.asOf, ProjectLoader.resolveAsOf(nil, config: config, today: today))
            var old = try ProjectLoader.load(directory: previous.directory, config: config, asOf: asOf, today: today)
            if pseudonymise { old = old.pseudonymised() }
            return SiteAmendments(previousPath: previous.folder, diff: RegisterDiff(old: old, new: register, upTo: asOf))
        } catch let e as InputError {
            throw prefixed(e)
        }
    }

    static func flag(_ r: RegisterDiff.Row) -> [(text: String, tone: String)] {
        var f: [(text: String, tone: String)] = []
        if r.change == .toAbsent { f.append(("Present to absent", "bad")) }
        if r.change == .authorised { f.append(("Unauthorised to authorised", "warn")) }
        if let n = r.lateDays, n > RegisterDiff.lateThreshold { f.append(("\(n) school days later", "bad")) }
        return f
    }

    func changeLabel(_ c: RegisterDiff.Change) -> String {
        switch c {
        case .added: return "Mark added"
        case .removed: return "Mark removed"
        case .authorised: return "Now authorised"
        case .unauthorised: return "Now unauthorised"
        case .toPresent: return "Absent to present"
        case .toAbsent: return "Present to absent"
        case .other: return "Code changed"
        case .joined: return "Joined"
        case .leftRoll: return "Left the roll"
        }
    }

    static func mark(_ c: AttendanceCode?) -> String {
        guard let c else { return HTML.element("span", ["class": "none"], text: "no mark") }
        return HTML.element("span", ["class": "mark " + c.category.slug, "title": c.meaning], text: c.text)
    }

    /// Table rows for session changes; `pupilHref` links the pupil (nil: no pupil column).
    /// Rendered in Swift like the other per-pupil rows (`TableRows`, see there why): a row per
    /// changed session, thousands after a term's register is tidied up.
    func rows(_ rows: [RegisterDiff.Row], pupilHref: ((Int) -> String)?) -> String {
        var s = ""
        for r in rows {
            guard let d = r.date, let sess = r.session else { continue }
            let fl = SiteAmendments.flag(r)
            var cells: [TableRows.Cell] = [.text(d.display + " " + sess.text, sort: d.iso + sess.text)]
            if let pupilHref {
                if let p = r.newPupil { cells.append(.link(r.name, pupilHref(p), sort: r.name.lowercased())) }
                else { cells.append(.text(r.name + " (" + r.pupilId + ", no longer on roll)", sort: r.name.lowercased())) }
                cells.append(.text(r.className))
            }
            cells += [
                .html(SiteAmendments.mark(r.old), sort: r.old?.text ?? ""), .html(SiteAmendments.mark(r.new), sort: r.new?.text ?? ""),
                .text(changeLabel(r.change)),
                .text(r.recordedAt.map { $0.day.display + " " + $0.clock } ?? "not recorded", sort: r.recordedAt.map { String($0.seconds) } ?? ""),
                .num(r.lateDays.map(String.init) ?? "–", sort: String(r.lateDays ?? -1)),
                .html(fl.isEmpty ? "" : TableRows.flags(fl), sort: String(fl.count)),
            ]
            s += TableRows.row(cells, class: fl.isEmpty ? nil : "notable")
        }
        return s
    }

    /// The page's context (merged into the intranet base context).
    func pageContext(model: SiteModel) -> [String: Any] {
        let sessions = diff.sessionRows
        let notable = sessions.filter(RegisterDiff.isNotable)
        var ctx: [String: Any] = [
            "previous": previousPath,
            "upTo": diff.asOf.display,
            "changeCount": Format.thousands(sessions.count), "oneChange": sessions.count == 1,
            "hasChanges": !sessions.isEmpty,
            "notableCount": Format.thousands(notable.count), "oneNotable": notable.count == 1,
            "hasNotable": !notable.isEmpty,
            "lateThreshold": String(RegisterDiff.lateThreshold),
            "counts": diff.counts.filter { $0.change != .joined && $0.change != .leftRoll }.map {
                ["change": $0.change.rawValue, "label": $0.change.summary, "count": Format.thousands($0.count)]
            },
            "notableRows": rows(notable, pupilHref: { model.pupilPath($0) }),
            "rows": rows(sessions, pupilHref: { model.pupilPath($0) }),
        ]
        let joinedRows = diff.rows.filter { $0.change == .joined }, leftRows = diff.rows.filter { $0.change == .leftRoll }
        ctx["hasJoined"] = !joinedRows.isEmpty
        ctx["joined"] = joinedRows.map { r -> [String: Any] in
            ["name": r.name, "className": r.className, "href": r.newPupil.map { model.pupilPath($0) } ?? ""]
        }
        ctx["hasLeft"] = !leftRows.isEmpty
        ctx["left"] = leftRows.map { ["name": $0.name, "pupilId": $0.pupilId, "className": $0.className] }
        return ctx
    }

    /// A pupil page's share: `amendments` (nil when no previous export is named).
    func pupilContext(_ p: Int) -> [String: Any] {
        let mine = rowsOfPupil[p] ?? []
        return [
            "previous": previousPath, "upTo": diff.asOf.display,
            "joined": joined.contains(p),
            "hasRows": !mine.isEmpty, "count": String(mine.count), "one": mine.count == 1,
            "rows": rows(mine, pupilHref: nil),
        ]
    }
}

extension SiteAmendments {
    /// The overview's line under "What needs doing".
    func overviewContext() -> [String: Any] {
        let sessions = diff.sessionRows
        let notable = sessions.filter(RegisterDiff.isNotable).count
        return ["changeCount": Format.thousands(sessions.count), "oneChange": sessions.count == 1,
                "notableCount": Format.thousands(notable), "hasNotable": notable > 0, "previous": previousPath]
    }
}

extension IntranetPages {
    /// `amendments.html` (only when rollbook.yml names `previous:`).
    func amendmentsPage(_ a: SiteAmendments) -> String {
        var ctx = base("", current: "amendments.html")
        for (k, v) in a.pageContext(model: model) { ctx[k] = v }
        return theme.render("intranet/amendments", ctx)
    }
}
