/// National figures shipped with Rollbook (issue 15, item 2): each number is taken from a
/// published Department for Education release, named with its address, the period it covers
/// and whether that period is a full academic year. A figure the release does not give is nil
/// (shown as "not published"): nothing here is estimated or derived.
public struct Benchmark: Sendable, Hashable {
    /// What the figures describe, e.g. "England, state-funded primary schools".
    public var label: String
    /// The period, e.g. "2023/24, full academic year" or "Autumn term 2023/24".
    public var period: String
    /// Whether the period is a whole academic year (a part-year figure is said to be one).
    public var fullYear: Bool
    /// The release's title and address.
    public var source: String
    public var url: String
    /// Overall absence, authorised and unauthorised absence (% of possible sessions).
    public var absencePct: Double?
    public var authorisedPct: Double?
    public var unauthorisedPct: Double?
    /// % of pupils persistently (10 %+) and severely (50 %+) absent.
    public var persistentPct: Double?
    public var severePct: Double?

    public var attendancePct: Double? { absencePct.map { 100 - $0 } }
}

public enum NationalBenchmarks {
    /// The phase of a school: from `school: phase:` or inferred from its year groups.
    public enum Phase: String, Sendable, CaseIterable {
        case primary, secondary, special
        public var label: String { self == .primary ? "Primary" : self == .secondary ? "Secondary" : "Special" }
    }

    static let absence2324 = "Department for Education, Pupil absence in schools in England: 2023/24"
    static let absence2324URL = "https://explore-education-statistics.service.gov.uk/find-statistics/pupil-absence-in-schools-in-england/2023-24"
    static let attendanceWeek6 = "Department for Education, Pupil attendance in schools: 2024 week 6 (figures for the autumn term 2023/24)"
    static let attendanceWeek6URL = "https://explore-education-statistics.service.gov.uk/find-statistics/pupil-attendance-in-schools/2024-week-6"

    /// By phase, full academic year 2023/24 (school census). The release's summary gives
    /// overall, authorised and unauthorised absence per phase; persistent and severe absence
    /// per phase were not found in it and are left empty.
    public static func phase(_ p: Phase) -> Benchmark {
        let (label, absence, authorised, unauthorised): (String, Double, Double, Double) = switch p {
        case .primary: ("England, state-funded primary schools", 5.5, 3.9, 1.6)
        case .secondary: ("England, state-funded secondary schools", 8.9, 5.4, 3.5)
        case .special: ("England, state-funded special schools", 13.0, 9.7, 3.3)
        }
        return Benchmark(label: label, period: "2023/24, full academic year", fullYear: true,
                         source: absence2324, url: absence2324URL,
                         absencePct: absence, authorisedPct: authorised, unauthorisedPct: unauthorised)
    }

    /// By pupil characteristic (a value as `stats --by` prints it), where a DfE release gives
    /// one: free school meals and SEN, autumn term 2023/24, all state-funded schools. nil for
    /// every other group.
    public static func group(_ g: Grouping, _ value: String) -> Benchmark? {
        func b(_ label: String, absence: Double, persistent: Double? = nil) -> Benchmark {
            Benchmark(label: "England, state-funded schools, " + label, period: "Autumn term 2023/24", fullYear: false,
                      source: attendanceWeek6, url: attendanceWeek6URL, absencePct: absence, persistentPct: persistent)
        }
        switch (g, value.uppercased()) {
        case (.fsm, "TRUE"): return b("pupils eligible for free school meals", absence: 10.4, persistent: 33.0)
        case (.fsm, "FALSE"): return b("pupils not eligible for free school meals", absence: 5.5, persistent: 15.6)
        case (.sen, "E"): return b("pupils with an EHC plan", absence: 12.4, persistent: 34.6)
        case (.sen, "K"): return b("pupils with SEN support", absence: 10.3)
        case (.sen, "N"): return b("pupils with no identified SEN", absence: 6.1)
        default: return nil
        }
    }

    /// The school's phase from its year groups: any of 7–11 and none of R, 1–6 → secondary;
    /// any of R, 1–6 and none of 7–11 → primary; otherwise (all-through, or no year group that
    /// says) nil: set `school: phase:` in rollbook.yml.
    public static func inferPhase(yearGroups: [String]) -> Phase? {
        var primary = false, secondary = false
        for y in yearGroups {
            let t = y.trimmingSpaces.uppercased()
            if t == "R" { primary = true; continue }
            guard let n = Int(t) else { continue }
            if (1...6).contains(n) { primary = true }
            if (7...11).contains(n) { secondary = true }
        }
        if primary && !secondary { return .primary }
        if secondary && !primary { return .secondary }
        return nil
    }
}
