/// Runs every check rule over a register.
public enum Checker {
    /// All rules, in the order of spec section 5, then Rollbook's own.
    public static let rules: [any CheckRule] = [
        MissingMarkRule(),
        RegisterNotTakenRule(),
        PresentDespiteParentCallRule(),
        ReasonKnownStillNRule(),
        UnexplainedAbsenceOverdueRule(),
        UnknownCodeRule(),
        WithdrawnCodeRule(),
        ConflictingMarksRule(),
        DuplicateMarkRule(),
        UnknownPupilRule(),
        MarkOutsideEnrolmentRule(),
        MarkOnClosureRule(),
        LateCodeMismatchRule(),
        InvalidFieldRule(),
        InvalidRowRule(),
        DuplicatePupilRule(),
    ]

    public static func rule(id: RuleID) -> (any CheckRule)? { rules.first { $0.id == id } }

    /// The rule whose id is spelt `id` (e.g. `missing-mark`), if Rollbook has one.
    public static func rule(id: String) -> (any CheckRule)? { rules.first { $0.id.rawValue == id } }

    /// Every finding, ordered by rule (as in `rules`), then file and line, then class, date,
    /// session and pupil.
    /// The rules run on all cores, each on its own; their findings are joined in the order of
    /// `rules`, so the result is the same as `checkSerially` whatever the thread scheduling.
    public static func check(_ register: Register) -> [Finding] {
        let ctx = CheckContext(register: register)
        var perRule = parallelMap(rules.count) { i in rules[i].check(ctx).sorted(by: Checker.locationOrder) }
        // Each rule's list is let go once copied, so memory peaks as in the serial loop.
        var all: [Finding] = []
        all.reserveCapacity(perRule.reduce(0) { $0 + $1.count })
        for i in perRule.indices {
            all += perRule[i]
            perRule[i] = []
        }
        return all
    }

    /// `check` one rule after another on the calling thread (the reference the tests compare
    /// the concurrent path with).
    static func checkSerially(_ register: Register) -> [Finding] {
        let ctx = CheckContext(register: register)
        var all: [Finding] = []
        for rule in rules {
            all += rule.check(ctx).sorted(by: Checker.locationOrder)
        }
        return all
    }

    static func locationOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.file != b.file { return (a.file ?? "") < (b.file ?? "") }
        if a.line != b.line { return (a.line ?? 0) < (b.line ?? 0) }
        if a.className != b.className { return (a.className ?? "") < (b.className ?? "") }
        if a.date != b.date { return (a.date?.raw ?? 0) < (b.date?.raw ?? 0) }
        if a.session != b.session { return (a.session?.rawValue ?? 2) < (b.session?.rawValue ?? 2) }
        if a.pupilId != b.pupilId { return (a.pupilId ?? "") < (b.pupilId ?? "") }
        return a.message < b.message
    }

    /// Findings per rule id, only rules with at least one.
    public static func counts(_ findings: [Finding]) -> [(rule: RuleID, count: Int)] {
        var c: [RuleID: Int] = [:]
        for f in findings { c[f.rule, default: 0] += 1 }
        return rules.compactMap { r in c[r.id].map { (r.id, $0) } }
    }
}
