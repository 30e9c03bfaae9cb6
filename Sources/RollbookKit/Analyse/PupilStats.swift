/// Session counts for one pupil or a group, over the reporting period (spec section 6).
///
/// Counts are of school sessions while the pupil is on roll, by the effective mark. Groups sum
/// sessions; percentages are computed from the sums, never averaged.
public struct SessionCounts: Sendable, Hashable {
    public var present = 0, aea = 0, authorised = 0, unauthorised = 0, notRequired = 0, missing = 0, illness = 0
    /// Sessions by code (index = `AttendanceCode.rawValue`).
    public var byCode = [Int](repeating: 0, count: AttendanceCode.all.count + 1)

    public init() {}

    public var possible: Int { present + aea + authorised + unauthorised }
    public var attended: Int { present + aea }
    public var absence: Int { authorised + unauthorised }

    /// 100 × part / possible; nil when there are no possible sessions.
    public func pct(_ part: Int) -> Double? { possible == 0 ? nil : 100 * Double(part) / Double(possible) }
    public var attendancePct: Double? { pct(attended) }
    public var authorisedPct: Double? { pct(authorised) }
    public var unauthorisedPct: Double? { pct(unauthorised) }
    public var absencePct: Double? { pct(absence) }

    /// Absence ≥ 10 % of possible sessions, compared exactly (integers, no rounding).
    public var persistent: Bool { Thresholds.isPersistent(absence: absence, possible: possible) }
    /// Absence ≥ 50 % of possible sessions.
    public var severe: Bool { Thresholds.isSevere(absence: absence, possible: possible) }

    @inline(__always)
    mutating func add(_ raw: UInt8) {
        if raw == 0 { missing += 1; return }
        byCode[Int(raw)] += 1
        switch AttendanceCode.categoryByRaw[Int(raw)] {
        case .present: present += 1
        case .approvedEducationalActivity: aea += 1
        case .authorised: authorised += 1
        case .unauthorised: unauthorised += 1
        case .notRequired: notRequired += 1
        }
    }

    public static func + (a: SessionCounts, b: SessionCounts) -> SessionCounts {
        var c = a
        c += b
        return c
    }

    public static func += (a: inout SessionCounts, b: SessionCounts) {
        a.present += b.present; a.aea += b.aea; a.authorised += b.authorised
        a.unauthorised += b.unauthorised; a.notRequired += b.notRequired; a.missing += b.missing
        a.illness += b.illness
        for i in a.byCode.indices { a.byCode[i] += b.byCode[i] }
    }
}

/// One pupil's statistics.
public struct PupilStats: Sendable, Hashable {
    public var pupil: Int
    public var counts: SessionCounts
    /// Longest run of consecutive school days on which every school session is `G N O U`.
    public var unauthorisedRunDays: Int
    /// The date the longest run started (nil when there is none).
    public var unauthorisedRunStart: Day?
    /// Most `G N O U` sessions inside any 10 consecutive school weeks.
    public var penaltyWindowSessions: Int
    /// The Monday of the first week of that window.
    public var penaltyWindowStart: Day?

    public var persistent: Bool { counts.persistent }
    public var severe: Bool { counts.severe }
}

/// Computes DfE-method statistics from a register.
public enum Statistics {
    public static func pupil(_ p: Int, in reg: Register) -> PupilStats {
        let cal = reg.calendar
        var c = SessionCounts()
        let row = reg.row(p)
        let range = reg.rollSlots[p]
        let illness = AttendanceCode.illness.rawValue
        var weekly = [Int](repeating: 0, count: cal.schoolWeeks.count)
        // Runs of unauthorised days: a day qualifies when every school session of it is G N O U.
        var bestRun = 0, bestRunStart: Day? = nil, run = 0, runStart: Day? = nil
        var dayIndex = -1, dayOK = false
        func closeDay() {
            guard dayIndex >= 0 else { return }
            if dayOK {
                if run == 0 { runStart = cal.schoolDays[dayIndex] }
                run += 1
                if run > bestRun { bestRun = run; bestRunStart = runStart }
            } else { run = 0 }
        }
        row.withUnsafeBufferPointer { codes in
            for s in 0..<cal.slotCount {
                let di = Int(cal.slotDayIndex[s])
                if di != dayIndex { closeDay(); dayIndex = di; dayOK = true }
                guard range.contains(s) else { dayOK = false; continue }
                let raw = codes[s]
                c.add(raw)
                if raw == illness { c.illness += 1 }
                if raw != 0, AttendanceCode.categoryByRaw[Int(raw)] == .unauthorised {
                    weekly[Int(cal.schoolDayWeek[di])] += 1
                } else { dayOK = false }
            }
        }
        closeDay()
        // Sliding window of 10 school weeks.
        var best = 0, bestStart: Day? = nil, sum = 0
        for w in weekly.indices {
            sum += weekly[w]
            if w >= Thresholds.penaltyWeeks { sum -= weekly[w - Thresholds.penaltyWeeks] }
            if sum > best { best = sum; bestStart = cal.schoolWeeks[max(0, w - Thresholds.penaltyWeeks + 1)] }
        }
        return PupilStats(pupil: p, counts: c, unauthorisedRunDays: bestRun, unauthorisedRunStart: bestRunStart,
                          penaltyWindowSessions: best, penaltyWindowStart: bestStart)
    }

    /// Every pupil's statistics, in roll order (worked out on all cores; each pupil's alone).
    public static func allPupils(_ reg: Register) -> [PupilStats] {
        parallelMap(reg.pupils.count) { pupil($0, in: reg) }
    }
}

/// Statistics of a group of pupils (a class, a year group or the school).
public struct GroupStats: Sendable, Hashable {
    public var name: String
    public var yearGroup: String
    public var pupils: Int
    public var counts = SessionCounts()
    public var persistentPupils = 0
    public var severePupils = 0
    /// Pupils with at least one possible session (the denominator of the persistent rate).
    public var pupilsWithPossible = 0
    /// Pupils with fewer possible sessions than the site's `thresholds: min_possible:`, who are
    /// not yet judged persistent or severe there (always 0 for `rollbook stats`, issue 17).
    public var notJudged = 0

    public var persistentPct: Double? { pupilsWithPossible == 0 ? nil : 100 * Double(persistentPupils) / Double(pupilsWithPossible) }
    public var severePct: Double? { pupilsWithPossible == 0 ? nil : 100 * Double(severePupils) / Double(pupilsWithPossible) }

    public init(name: String, yearGroup: String = "", pupils: Int = 0) {
        self.name = name
        self.yearGroup = yearGroup
        self.pupils = pupils
    }

    /// `minPossible`: the site's early-year guard; 0 (the contract's definition) for `stats`.
    public mutating func add(_ s: PupilStats, minPossible: Int = 0) {
        pupils += 1
        counts += s.counts
        if s.counts.possible > 0 { pupilsWithPossible += 1 }
        if !Thresholds.isJudged(possible: s.counts.possible, minPossible: minPossible) { notJudged += 1; return }
        if s.persistent { persistentPupils += 1 }
        if s.severe { severePupils += 1 }
    }

    /// Year groups sorted as schools list them: R first, then numerically, then the rest.
    public static func yearOrder(_ a: String, _ b: String) -> Bool {
        func key(_ y: String) -> (Int, Int, String) {
            let t = y.uppercased()
            if t == "N" || t == "N1" || t == "N2" { return (0, 0, t) }
            if t == "R" { return (1, 0, t) }
            let digits = t.drop { !$0.isNumber }.prefix { $0.isNumber }
            if let n = Int(digits) { return (2, n, t) }
            return (3, 0, t)
        }
        return key(a) < key(b)
    }

    /// Classes sorted naturally: 7A before 10A.
    public static func classOrder(_ a: String, _ b: String) -> Bool {
        let na = Int(a.prefix { $0.isNumber }), nb = Int(b.prefix { $0.isNumber })
        if let x = na, let y = nb, x != y { return x < y }
        if (na == nil) != (nb == nil) { return na != nil }
        return a < b
    }

    public static func byClass(_ reg: Register, _ stats: [PupilStats], minPossible: Int = 0) -> [GroupStats] {
        var groups: [ExactText: GroupStats] = [:]  // class names byte for byte (spec section 11)
        for s in stats {
            let p = reg.pupils[s.pupil]
            groups[ExactText(p.className), default: GroupStats(name: p.className, yearGroup: p.yearGroup)].add(s, minPossible: minPossible)
        }
        return groups.values.sorted { classOrder($0.name, $1.name) || (!classOrder($1.name, $0.name) && ExactText($0.name) < ExactText($1.name)) }
    }

    public static func byYear(_ reg: Register, _ stats: [PupilStats], minPossible: Int = 0) -> [GroupStats] {
        var groups: [String: GroupStats] = [:]
        for s in stats {
            let y = reg.pupils[s.pupil].yearGroup
            groups[y, default: GroupStats(name: y, yearGroup: y)].add(s, minPossible: minPossible)
        }
        return groups.values.sorted { yearOrder($0.name, $1.name) }
    }

    public static func school(_ reg: Register, _ stats: [PupilStats], minPossible: Int = 0) -> GroupStats {
        var g = GroupStats(name: reg.config.schoolName)
        for s in stats { g.add(s, minPossible: minPossible) }
        return g
    }
}
