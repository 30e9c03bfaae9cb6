/// Where each pupil is heading by the end of the academic year (issue 15, item 5).
///
/// - **Remaining sessions**: the calendar's school sessions after `as_of` up to `year.end`
///   while the pupil is on roll (up to `left`), each taken as a possible session.
/// - **Sessions they can still miss** before becoming persistently absent at year end: the most
///   `k` with `10 × (absence + k) < possible + remaining`, capped at the remaining sessions;
///   negative means they will be persistently absent at year end even if they attend every
///   remaining session.
/// - **Projected year-end absence**: absence so far plus the remaining sessions times the
///   pupil's absence rate this term so far (the term holding `as_of`, or the last term before
///   it; the year so far when the pupil had no possible session in that term).
/// - **Projected to cross 10 %**: not persistently absent now, projected to be at year end.
public struct Projection: Sendable, Hashable {
    public var pupil: Int
    public var possible: Int
    public var absence: Int
    public var remaining: Int
    /// The absence rate (0…1) the projection applies to the remaining sessions.
    public var rate: Double
    /// Whether `rate` is this term's (true) or the year so far's (false).
    public var rateFromTerm: Bool

    /// Sessions the pupil can still miss and stay under 10 % at year end (see the type's note).
    /// nil when the pupil has no possible session so far and none left.
    public var canStillMiss: Int? {
        Thresholds.sessionsBeforePersistent(absence: absence, possible: possible + remaining).map { min(remaining, $0) }
    }
    public var projectedAbsence: Double { Double(absence) + Double(remaining) * rate }
    /// Projected year-end absence, % of possible sessions.
    public var projectedAbsencePct: Double? {
        possible + remaining == 0 ? nil : 100 * projectedAbsence / Double(possible + remaining)
    }
    public var projectedAttendancePct: Double? { projectedAbsencePct.map { 100 - $0 } }
    public var persistentNow: Bool { Thresholds.isPersistent(absence: absence, possible: possible) }
    /// Not persistently absent now, projected to be by year end.
    public var crossing: Bool {
        !persistentNow && Thresholds.isPersistent(projectedAbsence: projectedAbsence, possible: possible + remaining)
    }

    /// School sessions after `as_of` to `year.end`, per day, and their running total.
    struct Rest {
        var days: [Day] = []
        var cumulative: [Int] = []   // sessions on days[0...i]
        init(_ cal: SchoolCalendar) {
            var d = cal.asOf.adding(days: 1), total = 0
            while d <= cal.yearEnd {
                let n = (cal.isSchoolSession(d, .am) ? 1 : 0) + (cal.isSchoolSession(d, .pm) ? 1 : 0)
                if n > 0 { total += n; days.append(d); cumulative.append(total) }
                d = d.adding(days: 1)
            }
        }
        /// Sessions after `as_of` up to and including `last` (nil: to year end).
        func sessions(upTo last: Day?) -> Int {
            guard let last else { return cumulative.last ?? 0 }
            var lo = 0, hi = days.count
            while lo < hi { let mid = (lo + hi) / 2; if days[mid] <= last { lo = mid + 1 } else { hi = mid } }
            return lo == 0 ? 0 : cumulative[lo - 1]
        }
    }

    /// Every pupil's projection, in the order of `stats`.
    public static func all(_ reg: Register, _ stats: [PupilStats]) -> [Projection] {
        let cal = reg.calendar
        let rest = Rest(cal)
        let term = reg.config.terms.filter { $0.start <= cal.asOf }.max { $0.start < $1.start }
        return stats.map { s in
            let p = reg.pupils[s.pupil], c = s.counts
            let admitted = p.admitted ?? reg.config.yearStart
            // On roll after as_of: from the later of admission and the next day, to `left`.
            var remaining = 0
            if p.left.map({ $0 > cal.asOf }) ?? true {
                remaining = rest.sessions(upTo: p.left) - (admitted > cal.asOf ? rest.sessions(upTo: admitted.adding(days: -1)) : 0)
            }
            var rate = 0.0, fromTerm = false
            if let t = term {
                let tc = Statistics.counts(s.pupil, in: reg, from: t.start, to: min(t.end, cal.asOf))
                if tc.possible > 0 { rate = Double(tc.absence) / Double(tc.possible); fromTerm = true }
            }
            if !fromTerm, c.possible > 0 { rate = Double(c.absence) / Double(c.possible) }
            return Projection(pupil: s.pupil, possible: c.possible, absence: c.absence, remaining: max(0, remaining),
                              rate: rate, rateFromTerm: fromTerm)
        }
    }
}
