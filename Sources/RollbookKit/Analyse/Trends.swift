/// Week-by-week figures (for trend charts), per-term and per-weekday breakdowns.
public struct WeeklyCounts: Sendable {
    /// Mondays of the school weeks.
    public let weeks: [Day]
    /// Possible and attended sessions per pupil per week, flat: `pupil * weeks.count + week`.
    let possible: [Int32]
    let attended: [Int32]

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
    }

    /// Attendance % per week over a group of pupils (sums of sessions); nil for a week with none.
    public func attendance(of pupils: [Int]) -> [Double?] {
        let w = weeks.count
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
        let cal = reg.calendar
        var out = [(absent: Int, possible: Int)](repeating: (0, 0), count: 5)
        let row = reg.row(p)
        for s in reg.rollSlots[p] {
            let raw = row[row.startIndex + s]
            guard raw != 0 else { continue }
            let cat = AttendanceCode.categoryByRaw[Int(raw)]
            guard cat.isPossible else { continue }
            let d = cal.slotDay[s].weekday
            guard d < 5 else { continue }
            out[d].possible += 1
            if !cat.isAttended { out[d].absent += 1 }
        }
        return out
    }
}

/// Why a pupil is on the attendance officer's case list.
public struct CaseReason: Sendable, Hashable {
    public enum Kind: Int, Sendable, CaseIterable, Comparable {
        case severe, unauthorisedRun, penaltyThreshold, persistent, overdueN, illness
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        /// Weight in the ranking: the most serious reason dominates.
        public var weight: Int { [1000, 500, 300, 100, 40, 20][rawValue] }
        public var label: String {
            ["Severe absence", "10-day run", "Penalty threshold", "Persistent absence", "Overdue N codes", "Illness"][rawValue]
        }
    }

    public var kind: Kind
    public var detail: String
}

/// A pupil who needs the attendance officer's attention.
public struct Case: Sendable, Hashable {
    public var pupil: Int
    public var reasons: [CaseReason]
    public var score: Int { reasons.reduce(0) { $0 + $1.kind.weight } }
}

public enum Cases {
    /// School days of unauthorised absence in a row that make a case.
    public static let runDays = 10
    /// Unauthorised sessions in 10 school weeks at which a penalty notice must be considered
    /// (national framework, from 19 August 2024).
    public static let penaltySessions = 10
    /// Illness sessions (15 days) that prompt a conversation about health support.
    public static let illnessSessions = 30

    /// Pupils with at least one reason, most urgent first (score, then absence, then name).
    public static func rank(_ reg: Register, stats: [PupilStats], findings: [Finding]) -> [Case] {
        var overdue: [Int: Int] = [:]
        for f in findings where f.rule == UnexplainedAbsenceOverdueRule().id { if let p = f.pupil { overdue[p, default: 0] += 1 } }
        var cases: [Case] = []
        for s in stats {
            var r: [CaseReason] = []
            let c = s.counts
            let pct = Format.pct(c.absencePct)
            // Early-year guard (issue 17): too few possible sessions to judge persistent or severe.
            let judged = c.possible >= reg.config.minPossible
            if judged, s.severe { r.append(.init(kind: .severe, detail: "\(pct) of sessions missed (50 % or more)")) }
            if s.unauthorisedRunDays >= runDays {
                r.append(.init(kind: .unauthorisedRun, detail: "\(s.unauthorisedRunDays) school days in a row of unauthorised absence from \(s.unauthorisedRunStart?.display ?? "")"))
            }
            if s.penaltyWindowSessions >= penaltySessions {
                r.append(.init(kind: .penaltyThreshold, detail: "\(s.penaltyWindowSessions) unauthorised sessions within 10 school weeks from \(s.penaltyWindowStart?.display ?? "")"))
            }
            if judged, s.persistent, !s.severe { r.append(.init(kind: .persistent, detail: "\(pct) of sessions missed (10 % or more)")) }
            if let n = overdue[s.pupil] { r.append(.init(kind: .overdueN, detail: "\(n) N code\(n == 1 ? "" : "s") unresolved after 5 school days")) }
            if c.illness >= illnessSessions { r.append(.init(kind: .illness, detail: "\(c.illness) sessions of illness (\(Format.fixed(Double(c.illness) / 2, 1)) days)")) }
            if !r.isEmpty { cases.append(Case(pupil: s.pupil, reasons: r)) }
        }
        let absence = Dictionary(uniqueKeysWithValues: stats.map { ($0.pupil, $0.counts.absencePct ?? 0) })
        return cases.sorted { a, b in
            if a.score != b.score { return a.score > b.score }
            if absence[a.pupil]! != absence[b.pupil]! { return absence[a.pupil]! > absence[b.pupil]! }
            let pa = reg.pupils[a.pupil], pb = reg.pupils[b.pupil]
            return (pa.surname, pa.forename, pa.id) < (pb.surname, pb.forename, pb.id)
        }
    }
}
