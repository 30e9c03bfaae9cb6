/// An event the school must act on or report to the local authority (spec section 6.3).
public struct Episode: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Comparable {
        case unauthorised10 = "unauthorised-10-days"
        case unauthorised20 = "unauthorised-20-days"
        case illness15 = "illness-15-days"
        case partTime = "part-time-timetable"
        case penalty = "penalty-threshold"

        /// Kinds compare as their names, as byte strings (the order of `rollbook returns`).
        public static func < (a: Kind, b: Kind) -> Bool { Array(a.rawValue.utf8).lexicographicallyPrecedes(Array(b.rawValue.utf8)) }

        /// For people, e.g. "10 school days of unauthorised absence in a row".
        public var label: String {
            switch self {
            case .unauthorised10: return "10 school days in a row unauthorised"
            case .unauthorised20: return "20 school days in a row unauthorised (G, N, O)"
            case .illness15: return "15 days of illness"
            case .partTime: return "Part-time timetable (C2)"
            case .penalty: return "Penalty-notice threshold (10 sessions in 10 school weeks)"
            }
        }
    }

    public var kind: Kind
    /// Index into `Register.pupils`.
    public var pupil: Int
    public var start: Day
    public var reached: Day
    /// nil while the episode is still going on at `as_of`.
    public var end: Day?
    /// Twice `days` (illness episodes count half days).
    public var halfDays: Int
    public var sessions: Int
    /// Whether the pupil was of compulsory school age on `reached` (only those are listed).
    public var compulsorySchoolAge: Bool

    public var isOngoing: Bool { end == nil }

    /// `days` as the contract writes it: a whole number, or one ending in `.5`.
    public var daysText: String { halfDays % 2 == 0 ? String(halfDays / 2) : String(halfDays / 2) + ".5" }
}

/// Finds every episode of section 6.3 in a register.
public enum Episodes {
    /// Every episode of every pupil, the listed ones only (of compulsory school age on the
    /// `reached` date) unless `all`, sorted by `reached`, then kind, then pupil_id (byte strings).
    public static func all(_ reg: Register, includingNotOfCompulsorySchoolAge all: Bool = false) -> [Episode] {
        var out: [Episode] = []
        for p in reg.pupils.indices {
            out += pupil(p, in: reg).filter { all || $0.compulsorySchoolAge }
        }
        return sorted(out, reg)
    }

    /// Sorted by `reached`, then kind, then pupil_id as byte strings.
    public static func sorted(_ episodes: [Episode], _ reg: Register) -> [Episode] {
        episodes.sorted { a, b in
            if a.reached != b.reached { return a.reached < b.reached }
            if a.kind != b.kind { return a.kind < b.kind }
            let x = Array(reg.pupils[a.pupil].id.utf8), y = Array(reg.pupils[b.pupil].id.utf8)
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a.start < b.start
        }
    }

    /// All of one pupil's episodes (listed or not), in the order found.
    ///
    /// Counting is on school sessions while the pupil is on roll, up to `as_of`, by the effective
    /// mark. An episode is still going on (`end` nil) when its last day is the last school day on
    /// or before `as_of` (and the pupil is on roll that day).
    public static func pupil(_ p: Int, in reg: Register) -> [Episode] {
        let cal = reg.calendar
        let pupil = reg.pupils[p]
        let range = reg.rollSlots[p]
        let row = reg.row(p)
        let base = row.startIndex
        let lastSchoolDay = cal.schoolDays.count - 1
        let illness = AttendanceCode.illness.rawValue
        let c2 = AttendanceCode("C2")!.rawValue
        let late = AttendanceCode.lateAfterClose.rawValue
        func isUnauthorised(_ raw: UInt8) -> Bool { raw != 0 && AttendanceCode.categoryByRaw[Int(raw)] == .unauthorised }
        func csa(_ d: Day) -> Bool { CompulsorySchoolAge.onDate(pupil, d, yearEnd: cal.yearEnd) }
        var found: [Episode] = []

        // Runs of whole school days (every school session G N O U; for 20 days, G N O).
        struct Run { var first = -1, length = 0, sessions = 0 }
        var run10 = Run(), run20 = Run()
        func close(_ r: inout Run, _ kind: Episode.Kind, _ need: Int, lastDay: Int) {
            defer { r = Run() }
            guard r.length >= need else { return }
            let reached = cal.schoolDays[r.first + need - 1]
            let end: Day? = lastDay == lastSchoolDay ? nil : cal.schoolDays[lastDay]
            found.append(Episode(kind: kind, pupil: p, start: cal.schoolDays[r.first], reached: reached, end: end,
                                 halfDays: 2 * r.length, sessions: r.sessions, compulsorySchoolAge: csa(reached)))
        }
        var illnessCount = 0, illnessFirst: Day? = nil, illnessReached: Day? = nil
        var c2Count = 0, c2First: Day? = nil, c2Last: Day? = nil, c2LastDayIndex = -1, c2Days = 0
        // Penalty walk: the G N O U sessions (slot, school week) after the previous episode's reached session.
        var counted: [(slot: Int, week: Int)] = []
        var head = 0

        var s = 0
        let n = cal.slotCount
        for d in 0..<cal.schoolDays.count {
            // The slots of school day d are s..<e.
            var e = s
            while e < n, Int(cal.slotDayIndex[e]) == d { e += 1 }
            var all10 = true, all20 = true, sessions = 0
            for slot in s..<e {
                guard range.contains(slot) else { all10 = false; all20 = false; continue }
                let raw = row[base + slot]
                if isUnauthorised(raw) {
                    sessions += 1
                    if raw == late { all20 = false }
                    // Penalty walk.
                    let week = Int(cal.schoolDayWeek[d])
                    counted.append((slot, week))
                    while counted[head].week < week - (Thresholds.penaltyWeeks - 1) { head += 1 }
                    if counted.count - head == Thresholds.penaltySessions {
                        let startDay = Int(cal.slotDayIndex[counted[head].slot])
                        found.append(Episode(kind: .penalty, pupil: p, start: cal.schoolDays[startDay], reached: cal.schoolDays[d],
                                             end: cal.schoolDays[d], halfDays: 2 * (d - startDay + 1), sessions: Thresholds.penaltySessions,
                                             compulsorySchoolAge: csa(cal.schoolDays[d])))
                        counted.removeAll(keepingCapacity: true)
                        head = 0
                    }
                } else {
                    all10 = false; all20 = false
                    if raw == illness {
                        illnessCount += 1
                        if illnessFirst == nil { illnessFirst = cal.schoolDays[d] }
                        if illnessCount == Thresholds.illnessSessions { illnessReached = cal.schoolDays[d] }
                    } else if raw == c2 {
                        c2Count += 1
                        if c2First == nil { c2First = cal.schoolDays[d] }
                        c2Last = cal.schoolDays[d]
                        if c2LastDayIndex != d { c2Days += 1; c2LastDayIndex = d }
                    }
                }
            }
            if all10 {
                if run10.length == 0 { run10.first = d }
                run10.length += 1; run10.sessions += sessions
            } else if run10.length > 0 { close(&run10, .unauthorised10, Thresholds.runDays, lastDay: d - 1) }
            if all20 {
                if run20.length == 0 { run20.first = d }
                run20.length += 1; run20.sessions += sessions
            } else if run20.length > 0 { close(&run20, .unauthorised20, Thresholds.longRunDays, lastDay: d - 1) }
            s = e
        }
        if run10.length > 0 { close(&run10, .unauthorised10, Thresholds.runDays, lastDay: lastSchoolDay) }
        if run20.length > 0 { close(&run20, .unauthorised20, Thresholds.longRunDays, lastDay: lastSchoolDay) }
        if let reached = illnessReached, let first = illnessFirst {
            found.append(Episode(kind: .illness15, pupil: p, start: first, reached: reached, end: nil,
                                 halfDays: illnessCount, sessions: illnessCount, compulsorySchoolAge: csa(reached)))
        }
        if let first = c2First, let last = c2Last {
            let ongoing = c2LastDayIndex == lastSchoolDay
            found.append(Episode(kind: .partTime, pupil: p, start: first, reached: first, end: ongoing ? nil : last,
                                 halfDays: 2 * c2Days, sessions: c2Count, compulsorySchoolAge: csa(first)))
        }
        return found
    }
}
