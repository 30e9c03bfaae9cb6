/// Week-by-week figures (for trend charts), per-term and per-weekday breakdowns.
public struct WeeklyCounts: Sendable {
    /// Mondays of the school weeks.
    public let weeks: [Day]
    /// Possible and attended sessions per pupil per week, flat: `pupil * weeks.count + week`.
    let possible: [Int32]
    let attended: [Int32]
    /// `attendance(of:)` the whole school, worked out once: every class and year page draws it
    /// beside its own line (summing every pupil again per page made the pages' cost grow with
    /// pupils × classes).
    public let school: [Double?]

    public init(_ reg: Register) {
        let cal = reg.calendar
        let w = cal.schoolWeeks.count
        weeks = cal.schoolWeeks
        var possible = [Int32](repeating: 0, count: reg.pupils.count * w)
        var attended = [Int32](repeating: 0, count: reg.pupils.count * w)
        let weekOfSlot = (0..<cal.slotCount).map { Int(cal.schoolDayWeek[Int(cal.slotDayIndex[$0])]) }
        reg.codes.withUnsafeBufferPointer { codes in
            for p in reg.pupils.indices {
                let base = p * cal.slotCount
                for s in reg.rollSlots[p] {
                    let raw = codes[base + s]
                    guard raw != 0 else { continue }
                    let cat = AttendanceCode.categoryByRaw[Int(raw)]
                    guard cat.isPossible else { continue }
                    possible[p * w + weekOfSlot[s]] += 1
                    if cat.isAttended { attended[p * w + weekOfSlot[s]] += 1 }
                }
            }
        }
        self.possible = possible
        self.attended = attended
        school = WeeklyCounts.attendance(of: reg.pupils.indices, weeks: w, possible: possible, attended: attended)
    }

    /// Attendance % per week over a group of pupils (sums of sessions); nil for a week with none.
    public func attendance(of pupils: [Int]) -> [Double?] {
        WeeklyCounts.attendance(of: pupils, weeks: weeks.count, possible: possible, attended: attended)
    }

    static func attendance(of pupils: some Sequence<Int>, weeks w: Int, possible: [Int32], attended: [Int32]) -> [Double?] {
        var pos = [Int](repeating: 0, count: w), att = [Int](repeating: 0, count: w)
        for p in pupils {
            for k in 0..<w { pos[k] += Int(possible[p * w + k]); att[k] += Int(attended[p * w + k]) }
        }
        return (0..<w).map { pos[$0] == 0 ? nil : 100 * Double(att[$0]) / Double(pos[$0]) }
    }
}

extension Statistics {
    /// Session counts of one pupil over a date range (inclusive).
    public static func counts(_ p: Int, in reg: Register, from: Day, to: Day) -> SessionCounts {
        let cal = reg.calendar
        var c = SessionCounts()
        let row = reg.row(p)
        let lo = max(cal.firstSlot(onOrAfter: from), reg.rollSlots[p].lowerBound)
        let hi = min(cal.firstSlot(onOrAfter: to.adding(days: 1)), reg.rollSlots[p].upperBound)
        guard lo < hi else { return c }
        for s in lo..<hi {
            let raw = row[row.startIndex + s]
            c.add(raw)
            if raw == AttendanceCode.illness.rawValue { c.illness += 1 }
        }
        return c
    }

    /// Absence sessions (authorised + unauthorised) and possible sessions by weekday (Mon–Fri).
    public static func weekdayPattern(_ p: Int, in reg: Register) -> [(absent: Int, possible: Int)] {
        WeekPattern.of(p, in: reg).byWeekday
    }
}
