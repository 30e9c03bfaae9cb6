/// What changed between two exports of one school's register (spec section 12, `rollbook diff`).
///
/// Each side is a `Register` read with its own `rollbook.yml` up to the same `as_of`. The
/// sessions compared are NEW's school sessions on or before `as_of`; a session that is not a
/// school session on OLD's calendar has no mark in OLD. The effective mark is the one of spec
/// section 3.2 for any pupil listed in that side's pupils.csv, whether or not the pupil is on roll
/// that day (rows outside enrolment are effective marks too; `check` reports them).
public struct RegisterDiff: Sendable {
    /// The kind of a change, in the order of the spec's table (which is also its precedence:
    /// the kinds never overlap, `other` takes what the others leave).
    public enum Change: String, Sendable, CaseIterable, Comparable {
        case joined
        case leftRoll = "left-roll"
        case added, removed, authorised, unauthorised
        case toPresent = "to-present"
        case toAbsent = "to-absent"
        case other

        public static func < (a: Change, b: Change) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }

        /// What the change means, for people.
        public var summary: String {
            switch self {
            case .joined: return "Pupils on NEW's roll only (joined)"
            case .leftRoll: return "Pupils on OLD's roll only (left the roll)"
            case .added: return "Marks added where there was none"
            case .removed: return "Marks removed"
            case .authorised: return "Unauthorised absence changed to authorised"
            case .unauthorised: return "Authorised absence changed to unauthorised"
            case .toPresent: return "Absence changed to present or approved activity"
            case .toAbsent: return "Present or approved activity changed to absence"
            case .other: return "Other changes of code"
            }
        }

        /// The change from `old` to `new` (nil: no valid mark); nil when nothing changed.
        public static func of(old: AttendanceCode?, new: AttendanceCode?) -> Change? {
            switch (old, new) {
            case (nil, nil): return nil
            case (nil, _): return .added
            case (_, nil): return .removed
            case let (o?, n?):
                if o == n { return nil }
                let a = o.category, b = n.category
                if a == .unauthorised, b == .authorised { return .authorised }
                if a == .authorised, b == .unauthorised { return .unauthorised }
                if a == .authorised || a == .unauthorised, b.isAttended { return .toPresent }
                if a.isAttended, b == .authorised || b == .unauthorised { return .toAbsent }
                return .other
            }
        }
    }

    /// One changed pupil-session, or (with `date` nil) a pupil who joined or left the roll.
    public struct Row: Sendable, Hashable {
        public var pupilId: String
        /// NEW's class, else OLD's.
        public var className: String
        /// NEW's name, else OLD's (not part of the machine-readable output).
        public var name: String
        public var date: Day?
        public var session: Session?
        public var old: AttendanceCode?
        public var new: AttendanceCode?
        public var change: Change
        /// School days on NEW's calendar after the session, up to the day NEW's mark was recorded;
        /// nil when NEW's mark has no `recorded_at` (or there is no NEW mark).
        public var lateDays: Int?
        /// NEW's `recorded_at` of the mark.
        public var recordedAt: LocalTime?
        /// Index of the pupil in NEW's register, and in OLD's.
        public var newPupil: Int?
        public var oldPupil: Int?

        /// The spec's order: joined/left-roll first, then date, session (AM first), class and
        /// pupil_id as byte strings.
        public static func ordered(_ a: Row, _ b: Row) -> Bool {
            let ra = a.date == nil ? 0 : 1, rb = b.date == nil ? 0 : 1
            if ra != rb { return ra < rb }
            if a.date != b.date { return a.date!.raw < b.date!.raw }
            if a.session != b.session { return a.session!.rawValue < b.session!.rawValue }
            if a.className != b.className { return a.className.utf8.lexicographicallyPrecedes(b.className.utf8) }
            return a.pupilId.utf8.lexicographicallyPrecedes(b.pupilId.utf8)
        }
    }

    public let asOf: Day
    /// Every change, in the spec's order.
    public let rows: [Row]
    public let oldSchool: String
    public let newSchool: String

    /// Rows per kind, in the table's order, kinds that occur only.
    public var counts: [(change: Change, count: Int)] {
        var n = [Int](repeating: 0, count: Change.allCases.count)
        for r in rows { n[Change.allCases.firstIndex(of: r.change)!] += 1 }
        return Change.allCases.indices.filter { n[$0] > 0 }.map { (Change.allCases[$0], n[$0]) }
    }

    /// The session rows (not joined/left-roll).
    public var sessionRows: [Row] { rows.filter { $0.date != nil } }

    /// Whether a change is one a reviewer should look at first: recorded more than
    /// `lateThreshold` school days after the session, or present to absent, or unauthorised to
    /// authorised.
    public static let lateThreshold = 5
    public static func isNotable(_ r: Row) -> Bool {
        r.change == .toAbsent || r.change == .authorised || (r.lateDays ?? 0) > lateThreshold
    }

    /// Compares two registers read up to the same `as_of` (or NEW's sessions up to `upTo` only,
    /// when NEW was read further, as a site build does). `new` should be loaded with
    /// `keepRecordedAt: true`, or `late_days` stays empty.
    public init(old: Register, new: Register, upTo: Day? = nil) {
        asOf = upTo.map { min($0, new.calendar.asOf) } ?? new.calendar.asOf
        oldSchool = old.config.schoolName
        newSchool = new.config.schoolName
        let nc = new.calendar, oc = old.calendar
        let newSlots = nc.slotCount, oldSlots = oc.slotCount
        let compared = nc.firstSlot(onOrAfter: asOf.adding(days: 1))
        // NEW's slot → OLD's slot of the same date and session (-1: not a school session in OLD).
        let toOld: [Int32] = (0..<newSlots).map { s in oc.slot(nc.slotDay[s], nc.slotSession[s]).map(Int32.init) ?? -1 }
        let oldOff = OffRollMarks(old), newOff = OffRollMarks(new)
        let lateDays = LateDays(nc)
        var rows: [Row] = []

        func compare(newPupil pn: Int?, oldPupil po: Int?, id: String, className: String, name: String) {
            let nBase = pn.map { $0 * newSlots } ?? 0, oBase = po.map { $0 * oldSlots } ?? 0
            for s in 0..<compared {
                var n: UInt8 = 0, o: UInt8 = 0
                if let pn {
                    n = new.codes[nBase + s]
                    if n == 0, newOff.has(pn) { n = newOff.code(pn * newSlots + s) }
                }
                if let po, toOld[s] >= 0 {
                    let os = Int(toOld[s])
                    o = old.codes[oBase + os]
                    if o == 0, oldOff.has(po) { o = oldOff.code(po * oldSlots + os) }
                }
                guard n != o else { continue }
                let oc = AttendanceCode(rawValue: o), ncode = AttendanceCode(rawValue: n)
                guard let change = Change.of(old: oc, new: ncode) else { continue }
                var recorded: LocalTime? = nil
                if let pn, n != 0 {
                    recorded = new.codes[nBase + s] != 0 ? new.recordedAt(pupil: pn, slot: s) : newOff.recordedAt(pn * newSlots + s)
                }
                let d = nc.slotDay[s]
                rows.append(Row(pupilId: id, className: className, name: name, date: d, session: nc.slotSession[s],
                                old: oc, new: ncode, change: change,
                                lateDays: recorded.map { lateDays.between(d, $0.day) }, recordedAt: recorded,
                                newPupil: pn, oldPupil: po))
            }
        }

        for (pn, p) in new.pupils.enumerated() {
            let po = old.pupilIndex[p.id]
            if po == nil {
                rows.append(Row(pupilId: p.id, className: p.className, name: p.name, change: .joined, newPupil: pn))
            }
            compare(newPupil: pn, oldPupil: po, id: p.id, className: p.className, name: p.name)
        }
        for (po, p) in old.pupils.enumerated() where new.pupilIndex[p.id] == nil {
            rows.append(Row(pupilId: p.id, className: p.className, name: p.name, change: .leftRoll, oldPupil: po))
            compare(newPupil: nil, oldPupil: po, id: p.id, className: p.className, name: p.name)
        }
        rows.sort(by: Row.ordered)
        self.rows = rows
    }

    /// The as_of a diff covers: the flag, else the earlier of the two folders' own.
    public static func resolveAsOf(_ flag: Day?, old: ProjectConfig, new: ProjectConfig, today: Day = .today) -> Day {
        flag ?? min(ProjectLoader.resolveAsOf(nil, config: old, today: today), ProjectLoader.resolveAsOf(nil, config: new, today: today))
    }

    /// Reads both folders (OLD first: it keeps only its compact register while NEW is read) and
    /// compares them. Throws `InputError` with every problem of both, paths led by their folder.
    public static func load(old: String, new: String, asOf flag: Day?, today: Day = .today) throws -> (diff: RegisterDiff, warnings: [Diagnostic]) {
        func prefixed(_ dir: String, _ d: Diagnostic) -> Diagnostic {
            var d = d
            d.path = dir + (dir.hasSuffix("/") ? "" : "/") + d.path
            return d
        }
        var problems: [Diagnostic] = []
        var configs: [ProjectConfig?] = [nil, nil]
        for (i, dir) in [old, new].enumerated() {
            do { configs[i] = try ProjectLoader.loadConfig(directory: dir) }
            catch let e as InputError { problems += e.diagnostics.map { prefixed(dir, $0) } }
        }
        guard let oc = configs[0], let nc = configs[1] else { throw InputError(problems) }
        let asOf = resolveAsOf(flag, old: oc, new: nc, today: today)
        var oldReg: Register? = nil, newReg: Register? = nil
        do { oldReg = try ProjectLoader.load(directory: old, config: oc, asOf: asOf, today: today) }
        catch let e as InputError { problems += e.diagnostics.map { prefixed(old, $0) } }
        do { newReg = try ProjectLoader.load(directory: new, config: nc, asOf: asOf, today: today, keepRecordedAt: true) }
        catch let e as InputError { problems += e.diagnostics.map { prefixed(new, $0) } }
        guard problems.isEmpty, let o = oldReg, let n = newReg else { throw InputError(problems) }
        var warnings = o.warnings.map { prefixed(old, $0) } + n.warnings.map { prefixed(new, $0) }
        if o.config.schoolName != n.config.schoolName {
            warnings.append(Diagnostic(.warning, path: new + "/" + n.config.path,
                "the school is `\(n.config.schoolName)` here but `\(o.config.schoolName)` in \(old): are these two exports of the same school?"))
        }
        return (RegisterDiff(old: o, new: n), warnings)
    }
}

/// A side's effective marks on school sessions on which the pupil is not on roll (the register
/// keeps those rows aside), resolved as in spec section 3.2.
struct OffRollMarks {
    var marks: [Int: (code: UInt8, recorded: Int64, line: Int)] = [:]
    var pupils: Set<Int> = []

    init(_ reg: Register) {
        let n = reg.calendar.slotCount
        for r in reg.unplacedMarks where r.reason == .offRoll {
            guard let code = r.code, let s = reg.calendar.slot(r.date, r.session) else { continue }
            let k = Int(r.pupil) * n + s
            pupils.insert(Int(r.pupil))
            // Latest recorded_at wins; none is earliest; among equals the later row.
            if let cur = marks[k], (cur.recorded, cur.line) > (r.recordedAt, r.line) { continue }
            marks[k] = (code.rawValue, r.recordedAt, r.line)
        }
    }

    @inline(__always) func has(_ pupil: Int) -> Bool { !pupils.isEmpty && pupils.contains(pupil) }
    func code(_ k: Int) -> UInt8 { marks[k]?.code ?? 0 }
    func recordedAt(_ k: Int) -> LocalTime? {
        guard let m = marks[k], m.recorded != Int64.min else { return nil }
        var t = LocalTime(day: Day(raw: 0), minuteOfDay: 0)
        t.seconds = m.recorded
        return t
    }
}

/// Counts school days on a calendar over the whole academic year (not only up to `as_of`: a
/// mark may be recorded after it).
struct LateDays {
    let yearStart: Day
    let yearEnd: Day
    /// `upTo[i]`: school days from `yearStart` to `yearStart + i - 1`.
    let upTo: [Int32]

    init(_ cal: SchoolCalendar) {
        yearStart = cal.yearStart
        yearEnd = cal.yearEnd
        let days = max(0, yearEnd - yearStart + 1)
        var c: [Int32] = [0]
        c.reserveCapacity(days + 1)
        var n: Int32 = 0
        for off in 0..<days {
            let d = yearStart.adding(days: off)
            if cal.isSchoolSession(d, .am) || cal.isSchoolSession(d, .pm) { n += 1 }
            c.append(n)
        }
        upTo = c
    }

    /// School days on or before `d`, counted from the year's start.
    func count(_ d: Day) -> Int {
        if d < yearStart { return 0 }
        return Int(upTo[min(d - yearStart + 1, upTo.count - 1)])
    }

    /// School days `x` with `session < x <= recorded` (0 when recorded on or before the session).
    func between(_ session: Day, _ recorded: Day) -> Int {
        recorded <= session ? 0 : count(recorded) - count(session)
    }
}
