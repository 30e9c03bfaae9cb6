/// The school's sessions, built from the terms and closures of `rollbook.yml` (spec section 2).
///
/// Every school session on or before `asOf` gets a *slot*: a dense index 0..<slotCount in date
/// order. The register stores one byte per pupil per slot.
public struct SchoolCalendar: Sendable {
    public let config: ProjectConfig
    public let yearStart: Day
    public let yearEnd: Day
    /// The last date the report covers.
    public let asOf: Day

    /// Per date of the academic year (offset from `yearStart`): bit 0 AM, bit 1 PM are school sessions.
    let sessionMask: [UInt8]
    /// Slot per (date offset × 2 + session), -1 when not a school session on or before `asOf`.
    let slotIndex: [Int32]

    /// Per slot: its date and session.
    public let slotDay: [Day]
    public let slotSession: [Session]
    /// Per slot: index into `schoolDays`.
    public let slotDayIndex: [Int32]
    /// School days (dates with at least one school session) on or before `asOf`.
    public let schoolDays: [Day]
    /// Per school day: index into `schoolWeeks`.
    public let schoolDayWeek: [Int32]
    /// Mondays of school weeks (Monday-to-Sunday weeks with at least one school session), up to `asOf`.
    public let schoolWeeks: [Day]

    public var slotCount: Int { slotDay.count }

    public init(config: ProjectConfig, asOf: Day) {
        self.config = config
        yearStart = config.yearStart
        yearEnd = config.yearEnd
        self.asOf = asOf
        let days = max(0, yearEnd - yearStart + 1)
        var mask = [UInt8](repeating: 0, count: days)
        for t in config.terms {
            var d = max(t.start, yearStart)
            while d <= min(t.end, yearEnd) {
                if d.isWeekday { mask[d - yearStart] = 3 }
                d = d.adding(days: 1)
            }
        }
        for c in config.closures {
            var d = max(c.from, yearStart)
            while d <= min(c.to, yearEnd) {
                let bits: UInt8 = c.session == nil ? 3 : (c.session == .am ? 1 : 2)
                mask[d - yearStart] &= ~bits
                d = d.adding(days: 1)
            }
        }
        sessionMask = mask
        var slotIndex = [Int32](repeating: -1, count: days * 2)
        var slotDay: [Day] = [], slotSession: [Session] = [], slotDayIndex: [Int32] = []
        var schoolDays: [Day] = [], dayWeek: [Int32] = [], weeks: [Day] = []
        for off in 0..<days {
            let d = yearStart.adding(days: off)
            if asOf < d { break }
            let m = mask[off]
            guard m != 0 else { continue }
            if weeks.last != d.monday { weeks.append(d.monday) }
            schoolDays.append(d)
            dayWeek.append(Int32(weeks.count - 1))
            for s in Session.allCases where m & (1 << s.rawValue) != 0 {
                slotIndex[off * 2 + Int(s.rawValue)] = Int32(slotDay.count)
                slotDay.append(d)
                slotSession.append(s)
                slotDayIndex.append(Int32(schoolDays.count - 1))
            }
        }
        self.slotIndex = slotIndex
        self.slotDay = slotDay
        self.slotSession = slotSession
        self.slotDayIndex = slotDayIndex
        self.schoolDays = schoolDays
        self.schoolDayWeek = dayWeek
        self.schoolWeeks = weeks
    }

    /// Whether the date and session is a school session (any date of the year, `asOf` aside).
    public func isSchoolSession(_ d: Day, _ s: Session) -> Bool {
        guard yearStart <= d, d <= yearEnd else { return false }
        return sessionMask[d - yearStart] & (1 << s.rawValue) != 0
    }

    /// The slot of a school session on or before `asOf`.
    @inline(__always)
    public func slot(_ d: Day, _ s: Session) -> Int? {
        guard yearStart <= d, d <= yearEnd else { return nil }
        let v = slotIndex[(d - yearStart) * 2 + Int(s.rawValue)]
        return v < 0 ? nil : Int(v)
    }

    /// The first slot on or after date `d` (`slotCount` if none).
    public func firstSlot(onOrAfter d: Day) -> Int {
        var lo = 0, hi = slotDay.count
        while lo < hi { let mid = (lo + hi) / 2; if slotDay[mid] < d { lo = mid + 1 } else { hi = mid } }
        return lo
    }

    /// Number of school days strictly after `d`, up to and including `asOf`.
    public func schoolDaysAfter(_ d: Day) -> Int {
        var lo = 0, hi = schoolDays.count
        while lo < hi { let mid = (lo + hi) / 2; if schoolDays[mid] <= d { lo = mid + 1 } else { hi = mid } }
        return schoolDays.count - lo
    }

    /// Why a date and session is not a school session, for people.
    public func closureReason(_ d: Day, _ s: Session) -> String? {
        if isSchoolSession(d, s) { return nil }
        if d < yearStart || yearEnd < d { return "outside the academic year" }
        if !d.isWeekday { return "weekend" }
        if let c = config.closures.first(where: { $0.from <= d && d <= $0.to && ($0.session == nil || $0.session == s) }),
           config.terms.contains(where: { $0.start <= d && d <= $0.end }) {
            return c.reason
        }
        return "school holiday"
    }

    /// The term a date lies in.
    public func term(of d: Day) -> Term? { config.terms.first { $0.start <= d && d <= $0.end } }
}
