/// Why a pupil is on the attendance officer's case list, with the dates it refers to.
public struct CaseReason: Sendable, Hashable {
    public enum Kind: Int, Sendable, CaseIterable, Comparable {
        case severe, unauthorisedRun, penaltyThreshold, partTime, persistent, overdueN, illness
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
        public var label: String {
            ["Severe absence", "Unauthorised run", "Penalty threshold", "Part-time timetable", "Persistent absence",
             "Overdue N codes", "Illness"][rawValue]
        }
        /// File-name part of the reason's own case list (`cases/<slug>.html`).
        public var slug: String {
            ["severe", "unauthorised-run", "penalty-threshold", "part-time", "persistent", "overdue-n", "illness"][rawValue]
        }
        /// How a badge looks: `bad` for unauthorised absence and its thresholds, `warn` for a
        /// part-time timetable and unresolved N codes, none for illness (authorised absence:
        /// never shown like a penalty).
        public var tone: String { ["bad", "bad", "bad", "warn", "bad", "warn", ""][rawValue] }
    }

    public var kind: Kind
    /// The badge's words, e.g. "10-day run".
    public var badge: String
    /// The rest of the line, without dates, e.g. "12 school days, 24 sessions".
    public var detail: String
    public var start: Day?
    /// The day a threshold was reached (episodes).
    public var reached: Day?
    /// The last day; nil with `ongoing` while it is still going on at `as_of`.
    public var end: Day?
    public var ongoing: Bool
    /// Earlier episodes of the same kind this year (only the latest is shown).
    public var earlier: Int = 0
    /// The latest date the reason changed on (reached or ended; for a year-long figure, nil).
    public var changed: Day?
    /// False for an episode reached while the pupil was not of compulsory school age.
    public var compulsorySchoolAge: Bool = true
}

/// A pupil who needs the attendance officer's attention.
public struct Case: Sendable, Hashable {
    /// What needs doing now, most urgent first (the case list's sections).
    public enum Tier: Int, Sendable, CaseIterable, Comparable {
        /// An episode (unauthorised run, part-time timetable, illness) still going on at `as_of`.
        case open
        /// An episode reached or ended within the last `Cases.recentSchoolDays` school days.
        case recent
        /// No action recorded yet for the pupil, or a `review_by` date has passed.
        case needsAction
        /// The rest: reasons that stand, with actions recorded and up to date.
        case other
        public static func < (a: Tier, b: Tier) -> Bool { a.rawValue < b.rawValue }
        public var title: String {
            ["Open now: still going on", "Changed in the last 10 school days", "No action yet or review overdue", "Other cases"][rawValue]
        }
        public var slug: String { ["open", "recent", "needs-action", "other"][rawValue] }
    }

    public var pupil: Int
    public var reasons: [CaseReason]
    public var tier: Tier
    public var noAction: Bool
    public var reviewOverdue: Bool
    /// The latest `changed` date of its reasons.
    public var lastChange: Day?
}

/// The attendance officer's case list (issue 17): who needs what doing now.
///
/// **Reasons.** Episodes of spec section 6.3 (unauthorised runs of 10 and 20 school days,
/// penalty-notice thresholds, part-time timetables, 15 days of illness), severe and persistent
/// absence over the year so far (only once the pupil has `thresholds: min_possible` possible
/// sessions), and N codes unresolved after 5 school days. Only the latest episode of each kind
/// is shown, with the number of earlier ones (a 10-day run that holds the latest 20-day run is
/// shown once, as the 20-day run). Penalty thresholds count only for pupils of
/// compulsory school age on the day (no penalty notice is possible otherwise); the other
/// episodes of a pupil who was not are shown and say so. Illness is authorised absence: it has
/// a neutral badge, never the badges of unauthorised absence.
///
/// **Order.** By tier (`Case.Tier`): (1) an episode still going on at `as_of` (an unauthorised
/// run or part-time timetable whose last day is the last school day, or a pupil with 15 days of
/// illness whose latest session is an `I` on that day); (2) an episode reached or ended in the
/// last 10 school days (`as_of`'s school day and the 9 before it); (3) no action recorded yet, or
/// a review overdue; (4) the rest. Within a tier: the most serious reason (`CaseReason.Kind`
/// order: severe, unauthorised run, penalty threshold, part-time timetable, persistent, overdue
/// N codes, illness), then the latest change (newest first), then absence (unrounded, higher
/// first), then surname, forename and pupil_id as byte strings (pupil ids are unique, so the
/// order is total and the same on every build).
public enum Cases {
    /// An episode reached or ended within this many school days (as_of's included) is a recent change.
    public static let recentSchoolDays = 10

    /// The one-line explanation of the order, for the page.
    public static let orderText = "Ordered by what needs doing now: episodes still going on first, then episodes reached or ended in the last 10 school days, then pupils with no action yet or a review overdue, then the rest; within each, the most serious reason, the latest change, the highest absence, then name."

    /// Pupils with at least one reason, in the order described above. `episodes` (every pupil's,
    /// listed or not) and `actions` (by pupil, date order) are found here when not given.
    public static func rank(_ reg: Register, stats: [PupilStats], findings: [Finding],
                            episodes known: [[Episode]]? = nil, actions knownActions: [Int: [Action]]? = nil) -> [Case] {
        let cal = reg.calendar
        let asOf = cal.asOf
        let actionsOf = knownActions ?? reg.actionsByPupil()
        var overdue: [Int: [Day]] = [:]
        for f in findings where f.rule == .unexplainedAbsenceOverdue {
            if let p = f.pupil, let d = f.date { overdue[p, default: []].append(d) }
        }
        let lastSchoolDay = cal.schoolDays.last
        func recent(_ d: Day) -> Bool { cal.schoolDaysAfter(d) < recentSchoolDays }
        var cases: [Case] = []
        for s in stats {
            let p = s.pupil
            var r: [CaseReason] = []
            let c = s.counts
            let pct = Format.pct(c.absencePct)
            let from = max(cal.yearStart, reg.pupils[p].admitted ?? cal.yearStart)
            // Early-year guard (issue 17): too few possible sessions to judge persistent or severe.
            let judged = Thresholds.isJudged(possible: c.possible, minPossible: reg.config.minPossible)
            if judged, s.severe {
                r.append(CaseReason(kind: .severe, badge: "Severe absence", detail: "\(pct) of sessions missed (50 % or more) this year",
                                    start: from, reached: nil, end: nil, ongoing: true))
            }
            let mine = known?[p] ?? Episodes.pupil(p, in: reg)
            var latest20: Episode? = nil
            for kind in [Episode.Kind.unauthorised20, .unauthorised10, .penalty, .partTime, .illness15] {
                // No penalty notice for a pupil not of compulsory school age.
                let eps = mine.filter { $0.kind == kind && (kind != .penalty || $0.compulsorySchoolAge) }
                guard let e = eps.max(by: { ($0.reached, $0.start) < ($1.reached, $1.start) }) else { continue }
                if kind == .unauthorised20 { latest20 = e }
                // A 10-day run holding the latest 20-day run is the same absence: shown once, as 20 days.
                if kind == .unauthorised10, let t = latest20, e.start <= t.start, e.end.map({ t.reached <= $0 }) ?? true { continue }
                var reason: CaseReason
                switch kind {
                case .unauthorised10, .unauthorised20:
                    reason = CaseReason(kind: .unauthorisedRun, badge: kind == .unauthorised10 ? "10-day run" : "20-day run",
                                        detail: "\(e.daysText) school days in a row of unauthorised absence\(kind == .unauthorised20 ? " (G, N, O)" : ""), \(e.sessions) sessions",
                                        start: e.start, reached: e.reached, end: e.end, ongoing: e.isOngoing)
                case .penalty:
                    reason = CaseReason(kind: .penaltyThreshold, badge: "Penalty threshold",
                                        detail: "10 unauthorised sessions within 10 school weeks",
                                        start: e.start, reached: e.reached, end: nil, ongoing: false)
                case .partTime:
                    reason = CaseReason(kind: .partTime, badge: "Part-time timetable", detail: "\(e.sessions) C2 session\(e.sessions == 1 ? "" : "s") on \(e.daysText) school day\(e.halfDays == 2 ? "" : "s")",
                                        start: e.start, reached: nil, end: e.end, ongoing: e.isOngoing)
                case .illness15:
                    // The contract's illness episode never ends; the case list says whether the
                    // pupil is off ill now (an I session on the last school day).
                    let last = lastIllness(p, in: reg)
                    let now = last != nil && last == lastSchoolDay
                    reason = CaseReason(kind: .illness, badge: "15 days of illness", detail: "\(e.daysText) days of illness (authorised)",
                                        start: e.start, reached: e.reached, end: now ? nil : last, ongoing: now)
                }
                reason.earlier = eps.count - 1
                // A further day of illness is no new episode: illness changes on its `reached` day only.
                reason.changed = kind == .illness15 ? e.reached : [e.reached, reason.end].compactMap { $0 }.max()
                reason.compulsorySchoolAge = e.compulsorySchoolAge
                r.append(reason)
            }
            if judged, s.persistent, !s.severe {
                r.append(CaseReason(kind: .persistent, badge: "Persistent absence", detail: "\(pct) of sessions missed (10 % or more) this year",
                                    start: from, reached: nil, end: nil, ongoing: true))
            }
            if let days = overdue[p], let first = days.min(), let last = days.max() {
                let n = days.count
                r.append(CaseReason(kind: .overdueN, badge: "Overdue N codes", detail: "\(n) N code\(n == 1 ? "" : "s") unresolved after 5 school days",
                                    start: first, reached: nil, end: last, ongoing: false))
            }
            guard !r.isEmpty else { continue }
            r.sort { ($0.kind, $1.reached ?? $1.start ?? asOf) < ($1.kind, $0.reached ?? $0.start ?? asOf) }
            let actions = actionsOf[p] ?? []
            let noAction = actions.isEmpty
            let review = reviewOverdue(actions, asOf: asOf) != nil
            let episodeReasons = r.filter { [.unauthorisedRun, .penaltyThreshold, .partTime, .illness].contains($0.kind) }
            let lastChange = episodeReasons.compactMap(\.changed).max()
            let tier: Case.Tier =
                episodeReasons.contains(where: \.ongoing) ? .open
                : episodeReasons.contains(where: { $0.changed.map(recent) ?? false }) ? .recent
                : noAction || review ? .needsAction : .other
            cases.append(Case(pupil: p, reasons: r, tier: tier, noAction: noAction, reviewOverdue: review, lastChange: lastChange))
        }
        let absence = Dictionary(uniqueKeysWithValues: stats.map { ($0.pupil, $0.counts.absencePct ?? 0) })
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        return cases.sorted { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            if a.reasons[0].kind != b.reasons[0].kind { return a.reasons[0].kind < b.reasons[0].kind }
            if a.lastChange != b.lastChange { return (a.lastChange?.raw ?? Int32.min) > (b.lastChange?.raw ?? Int32.min) }
            if absence[a.pupil]! != absence[b.pupil]! { return absence[a.pupil]! > absence[b.pupil]! }
            let pa = reg.pupils[a.pupil], pb = reg.pupils[b.pupil]
            for (x, y) in [(pa.surname, pb.surname), (pa.forename, pb.forename), (pa.id, pb.id)] where bytes(x) != bytes(y) {
                return bytes(x).lexicographicallyPrecedes(bytes(y))
            }
            return a.pupil < b.pupil
        }
    }

    /// Whether a `review_by` date has passed with nothing done since: the latest action whose
    /// `review_by` is before `as_of`, with no later-dated action for the pupil.
    public static func reviewOverdue(_ actions: [Action], asOf: Day) -> Action? {
        actions.last { a in
            guard let r = a.reviewBy, r < asOf else { return false }
            return !actions.contains { $0.date > a.date }
        }
    }

    /// The date of the pupil's latest `I` session while on roll, up to `as_of`.
    static func lastIllness(_ p: Int, in reg: Register) -> Day? {
        let row = reg.row(p), cal = reg.calendar
        for s in reg.rollSlots[p].reversed() where row[row.startIndex + s] == AttendanceCode.illness.rawValue {
            return cal.slotDay[s]
        }
        return nil
    }
}
