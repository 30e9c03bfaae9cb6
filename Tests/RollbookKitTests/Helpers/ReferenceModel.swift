import RollbookKit

/// A second, deliberately plain reading of spec sections 2 to 6, used to cross-check Rollbook
/// on generated registers. It works on structured rows (the generator knows each row's line),
/// with dictionaries and loops rather than Rollbook's slots and bytes.
struct ReferenceModel {
    struct PupilRow { var id: String; var cls: String; var year: String; var admitted: Day?; var left: Day? }

    struct MarkRow {
        var line: Int
        var pupil: String
        var date: Day?
        var session: String
        var mark: String
        var minutes: Int?
        /// Seconds since an epoch; nil when there is no recorded_at.
        var recorded: Int?
        /// Whether the row can be read (the generator decides, and writes it accordingly).
        var readable: Bool
    }

    struct ContactRow {
        var line: Int
        var pupil: String
        var date: Day?
        /// nil: both sessions.
        var session: String?
        var kind: String
        var received: Int?
        var readable: Bool
    }

    static let categories: [String: String] = {
        var c: [String: String] = [:]
        for x in ["/", "\\", "L"] { c[x] = "present" }
        for x in ["K", "V", "P", "W", "B", "J"] { c[x] = "aea" }
        for x in ["C", "C1", "C2", "M", "J1", "S", "T", "R", "I", "E", "H", "F"] { c[x] = "authorised" }
        for x in ["G", "N", "O", "U"] { c[x] = "unauthorised" }
        for x in ["D", "X", "Z", "#", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "Y"] { c[x] = "not-required" }
        return c
    }()

    let config: ProjectConfig
    let asOf: Day
    let pupils: [PupilRow]
    let marks: [MarkRow]
    let contacts: [ContactRow]
    let marksFile = "Data/marks.csv", contactsFile = "Data/contacts.csv"

    struct Key: Hashable, Comparable, CustomStringConvertible {
        var rule, pupil, cls, date, session, file, line: String
        static func < (a: Key, b: Key) -> Bool { a.description < b.description }
        var description: String { [rule, pupil, cls, date, session, file, line].joined(separator: " | ") }
    }

    static func key(_ rule: String, pupil: String? = nil, cls: String? = nil, date: Day? = nil, session: String? = nil,
                    file: String? = nil, line: Int? = nil) -> Key {
        Key(rule: rule, pupil: pupil ?? "null", cls: cls ?? "null", date: date?.iso ?? "null", session: session ?? "null",
            file: file ?? "null", line: line.map(String.init) ?? "null")
    }

    // MARK: Calendar (section 2)

    func isSchoolSession(_ d: Day, _ s: String) -> Bool {
        guard config.yearStart <= d, d <= config.yearEnd, d.weekday < 5 else { return false }
        guard config.terms.contains(where: { $0.start <= d && d <= $0.end }) else { return false }
        return !config.closures.contains { $0.from <= d && d <= $0.to && ($0.session == nil || $0.session?.text == s) }
    }

    /// School sessions from year.start to as_of, in order.
    var sessions: [(Day, String)] {
        var out: [(Day, String)] = []
        var d = config.yearStart
        while d <= asOf, d <= config.yearEnd {
            for s in ["AM", "PM"] where isSchoolSession(d, s) { out.append((d, s)) }
            d = d.adding(days: 1)
        }
        return out
    }

    var schoolDays: [Day] {
        var days: [Day] = []
        for (d, _) in sessions where days.last != d { days.append(d) }
        return days
    }

    func onRoll(_ p: PupilRow, _ d: Day) -> Bool {
        (p.admitted ?? config.yearStart) <= d && (p.left.map { d <= $0 } ?? true)
    }

    // MARK: Effective marks (section 3.2)

    struct SessionKey: Hashable { var pupil: String; var date: Day; var session: String }

    /// Rows with valid codes of known pupils on school sessions on or before as_of while on roll.
    var rowsBySession: [SessionKey: [MarkRow]] {
        let roll = Dictionary(uniqueKeysWithValues: pupils.map { ($0.id, $0) })
        var out: [SessionKey: [MarkRow]] = [:]
        for r in marks where r.readable {
            guard let p = roll[r.pupil], let d = r.date, Self.categories[r.mark] != nil, d <= asOf,
                  isSchoolSession(d, r.session), onRoll(p, d) else { continue }
            out[SessionKey(pupil: r.pupil, date: d, session: r.session), default: []].append(r)
        }
        return out
    }

    /// The latest recorded_at; none counts as earliest; among equals the later row.
    static func effective(_ rows: [MarkRow]) -> MarkRow {
        var best = rows[0]
        for r in rows.dropFirst() {
            let a = best.recorded ?? Int.min, b = r.recorded ?? Int.min
            if b > a || (b == a && r.line > best.line) { best = r }
        }
        return best
    }

    // MARK: Findings (section 5)

    func findings() -> [Key] {
        var out: [Key] = []
        let roll = Dictionary(uniqueKeysWithValues: pupils.map { ($0.id, $0) })
        let bySession = rowsBySession
        let effective = bySession.mapValues(Self.effective)
        let regs = config.registers

        for r in marks {
            guard r.readable else { out.append(Self.key("invalid-row", file: marksFile, line: r.line)); continue }
            let d = r.date!
            if roll[r.pupil] == nil {
                out.append(Self.key("unknown-pupil", pupil: r.pupil, date: d, session: r.session, file: marksFile, line: r.line))
            }
            let cls = roll[r.pupil]?.cls
            guard let category = Self.categories[r.mark] else {
                out.append(Self.key("unknown-code", pupil: r.pupil, cls: cls, date: d, session: r.session, file: marksFile, line: r.line))
                continue
            }
            _ = category
            if ["H", "J", "F", "Y"].contains(r.mark), Day(year: 2024, month: 8, day: 19)! <= d {
                out.append(Self.key("withdrawn-code", pupil: r.pupil, cls: cls, date: d, session: r.session, file: marksFile, line: r.line))
            }
            guard let p = roll[r.pupil], d <= asOf else { continue }
            // Spec section 11: rows outside the academic year get only the three rules above.
            guard config.yearStart <= d, d <= config.yearEnd else { continue }
            if !isSchoolSession(d, r.session) {
                if r.mark != "#" {
                    out.append(Self.key("mark-on-closure", pupil: p.id, cls: p.cls, date: d, session: r.session, file: marksFile, line: r.line))
                }
            } else if !onRoll(p, d) {
                let before = p.admitted.map { d < $0 } ?? false
                if before ? !["Z", "#"].contains(r.mark) : r.mark != "#" {
                    out.append(Self.key("mark-outside-enrolment", pupil: p.id, cls: p.cls, date: d, session: r.session, file: marksFile, line: r.line))
                }
            }
        }
        for c in contacts {
            guard c.readable else { out.append(Self.key("invalid-row", file: contactsFile, line: c.line)); continue }
            if roll[c.pupil] == nil {
                out.append(Self.key("unknown-pupil", pupil: c.pupil, date: c.date, session: c.session, file: contactsFile, line: c.line))
            }
        }

        // Rules about one pupil-session.
        let days = schoolDays
        for (k, rows) in bySession {
            let p = roll[k.pupil]!
            let codes = Set(rows.map(\.mark))
            // Which row the finding points at is Rollbook's choice: compared without a line.
            if codes.count > 1 { out.append(Self.key("conflicting-marks", pupil: p.id, cls: p.cls, date: k.date, session: k.session, file: marksFile)) }
            if rows.count > 1, codes.count == 1 { out.append(Self.key("duplicate-mark", pupil: p.id, cls: p.cls, date: k.date, session: k.session, file: marksFile)) }
            let e = effective[k]!
            func add(_ rule: String) { out.append(Self.key(rule, pupil: p.id, cls: p.cls, date: k.date, session: k.session, file: marksFile, line: e.line)) }
            if e.mark == "L" || e.mark == "U", let m = e.minutes {
                let arrival = (k.session == "AM" ? regs.amOpens : regs.pmOpens).minuteOfDay + m
                let close = (k.session == "AM" ? regs.amCloses : regs.pmCloses).minuteOfDay
                if e.mark == "L" ? arrival > close : arrival <= close { add("late-code-mismatch") }
            }
            let calls = contacts.filter {
                $0.readable && $0.pupil == k.pupil && $0.date == k.date && ($0.session == nil || $0.session == k.session)
                    && ($0.kind == "" || $0.kind == "absence")
            }
            let close = (k.session == "AM" ? regs.amCloses : regs.pmCloses).minuteOfDay
            let closeAt = Int(k.date.raw) * 86_400 + close * 60
            if ["/", "\\", "L"].contains(e.mark), calls.contains(where: { $0.received.map { $0 < closeAt } ?? true }) {
                add("present-despite-parent-call")
            }
            if e.mark == "N", !calls.isEmpty { add("reason-known-still-n") }
            if e.mark == "N", days.filter({ $0 > k.date }).count >= 6 { add("unexplained-absence-overdue") }
        }

        // Registers.
        let classes = Set(pupils.map(\.cls))
        for (d, s) in sessions {
            for cls in classes {
                let members = pupils.filter { $0.cls == cls && onRoll($0, d) }
                if members.isEmpty { continue }
                let unmarked = members.filter { effective[SessionKey(pupil: $0.id, date: d, session: s)] == nil }
                if unmarked.count == members.count {
                    out.append(Self.key("register-not-taken", cls: cls, date: d, session: s, file: marksFile))
                } else {
                    for p in unmarked { out.append(Self.key("missing-mark", pupil: p.id, cls: p.cls, date: d, session: s, file: marksFile)) }
                }
            }
        }
        return out.sorted()
    }

    // MARK: Statistics (section 6)

    struct Stats: Equatable, CustomStringConvertible {
        var present = 0, aea = 0, authorised = 0, unauthorised = 0, notRequired = 0, missing = 0, illness = 0
        var persistent = false, severe = false
        var runDays = 0, penalty = 0
        var description: String {
            "p\(present) a\(aea) au\(authorised) un\(unauthorised) nr\(notRequired) m\(missing) i\(illness) "
                + "pers \(persistent) sev \(severe) run \(runDays) pen \(penalty)"
        }
    }

    func stats(_ id: String) -> Stats {
        let p = pupils.first { $0.id == id }!
        let effective = rowsBySession.mapValues(Self.effective)
        var s = Stats()
        var dayAllUnauthorised: [Day: Bool] = [:]
        var weekUnauthorised: [Day: Int] = [:]
        for (d, sess) in sessions {
            let monday = d.adding(days: -d.weekday)
            if weekUnauthorised[monday] == nil { weekUnauthorised[monday] = 0 }
            guard onRoll(p, d) else { dayAllUnauthorised[d] = false; continue }
            guard let m = effective[SessionKey(pupil: id, date: d, session: sess)]?.mark else {
                s.missing += 1
                dayAllUnauthorised[d] = false
                continue
            }
            switch Self.categories[m]! {
            case "present": s.present += 1
            case "aea": s.aea += 1
            case "authorised": s.authorised += 1
            case "unauthorised": s.unauthorised += 1
            default: s.notRequired += 1
            }
            if m == "I" { s.illness += 1 }
            let bad = Self.categories[m] == "unauthorised"
            dayAllUnauthorised[d] = (dayAllUnauthorised[d] ?? true) && bad
            if bad { weekUnauthorised[monday]! += 1 }
        }
        let possible = s.present + s.aea + s.authorised + s.unauthorised
        let absence = s.authorised + s.unauthorised
        if possible > 0 {
            s.persistent = absence * 10 >= possible
            s.severe = absence * 2 >= possible
        }
        var run = 0
        for d in schoolDays {
            run = dayAllUnauthorised[d] == true ? run + 1 : 0
            s.runDays = max(s.runDays, run)
        }
        let weeks = weekUnauthorised.keys.sorted()
        for (i, _) in weeks.enumerated() {
            let window = weeks[max(0, i - 9)...i].map { weekUnauthorised[$0]! }.reduce(0, +)
            s.penalty = max(s.penalty, window)
        }
        return s
    }
}
