/// Groups of pupils by characteristic for the site's Groups page (issue 15, item 1), with the
/// gap to the rest of the school and small-number suppression.
///
/// Suppression (so that no pupil can be identified from a group page):
/// - a group of 1 to 4 pupils (`minimumPupils` = 5) is shown as "fewer than 5", with no count
///   and no percentages;
/// - when exactly one group of a characteristic is suppressed, the smallest other group is
///   suppressed too, or the school's totals minus the other groups would give it away;
/// - a group's gap to the rest of the school is left out when the rest has fewer than 5 pupils
///   (the rest's figure would describe them).
public struct GroupInsight: Sendable {
    /// Fewest pupils a group may have for its figures to be shown.
    public static let minimumPupils = 5

    /// The characteristics, in page order, with their headings.
    public static let characteristics: [(grouping: Grouping, title: String)] = [
        (.sen, "Special educational needs"), (.fsm, "Free school meals"),
        (.disadvantaged, "Disadvantaged (pupil premium)"), (.eal, "English as an additional language"),
        (.sex, "Sex"), (.ethnicity, "Ethnicity"), (.cla, "Looked-after children"),
    ]

    public struct Row: Sendable {
        /// The value as `stats --by` prints it (`true`, `K`, `unknown` …).
        public var value: String
        public var stats: GroupStats
        /// The school without this group.
        public var rest: GroupStats
        /// Pupils of compulsory school age in this group (compared with national figures).
        public var csa: GroupStats
        public var suppressed: Bool
        /// Attendance of the group minus attendance of the rest, in points; nil when either
        /// has no possible sessions, or the rest has fewer than 5 pupils, or the row is suppressed.
        public var attendanceGap: Double? {
            guard !suppressed, rest.pupils >= GroupInsight.minimumPupils,
                  let a = stats.counts.attendancePct, let b = rest.counts.attendancePct else { return nil }
            return a - b
        }
    }

    public var grouping: Grouping
    public var rows: [Row]
    /// Pupils whose value is known (not `unknown`).
    public var known: Int { rows.filter { $0.value != "unknown" }.reduce(0) { $0 + $1.stats.pupils } }

    /// A value in words for people: `true` → "Yes", SEN codes spelt out.
    public static func label(_ value: String, _ g: Grouping) -> String {
        if value == "unknown" { return "Not recorded" }
        switch g {
        case .sen:
            switch value.uppercased() {
            case "N": return "No special educational needs (N)"
            case "K": return "SEN support (K)"
            case "E": return "EHC plan (E)"
            default: return value
            }
        case .fsm, .disadvantaged, .eal, .cla:
            return value == "true" ? "Yes" : value == "false" ? "No" : value
        default: return value
        }
    }

    /// The rows of one characteristic, sorted as `stats --by` sorts them, suppression applied.
    /// `minPossible` is the site's early-year guard (persistent and severe not judged before it).
    public init(_ reg: Register, _ stats: [PupilStats], _ grouping: Grouping, minPossible: Int = 0) {
        self.grouping = grouping
        var school = GroupStats(name: "")
        var groups: [String: (all: GroupStats, csa: GroupStats)] = [:]
        for s in stats {
            let p = reg.pupils[s.pupil]
            guard let v = GroupStats.characteristic(p, grouping) else { continue }
            school.add(s, minPossible: minPossible)
            var e = groups[v] ?? (GroupStats(name: v), GroupStats(name: v))
            e.all.add(s, minPossible: minPossible)
            if CompulsorySchoolAge.forStatistics(p, yearStart: reg.config.yearStart) { e.csa.add(s, minPossible: minPossible) }
            groups[v] = e
        }
        var rows = groups.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }.map { v, e in
            Row(value: v, stats: e.all, rest: GroupInsight.minus(school, e.all), csa: e.csa,
                suppressed: e.all.pupils < GroupInsight.minimumPupils)
        }
        // Secondary suppression: one hidden group could be worked out from the others and the school.
        if rows.filter(\.suppressed).count == 1,
           let i = rows.indices.filter({ !rows[$0].suppressed }).min(by: { (rows[$0].stats.pupils, $0) < (rows[$1].stats.pupils, $1) }) {
            rows[i].suppressed = true
        }
        self.rows = rows
    }

    /// Everything in `a` that is not in `b` (b a subset of a's pupils).
    static func minus(_ a: GroupStats, _ b: GroupStats) -> GroupStats {
        var r = GroupStats(name: "rest")
        r.pupils = a.pupils - b.pupils
        var c = a.counts
        c.present -= b.counts.present; c.aea -= b.counts.aea; c.authorised -= b.counts.authorised
        c.unauthorised -= b.counts.unauthorised; c.notRequired -= b.counts.notRequired
        c.missing -= b.counts.missing; c.illness -= b.counts.illness
        for i in c.byCode.indices { c.byCode[i] -= b.counts.byCode[i] }
        r.counts = c
        r.persistentPupils = a.persistentPupils - b.persistentPupils
        r.severePupils = a.severePupils - b.severePupils
        r.pupilsWithPossible = a.pupilsWithPossible - b.pupilsWithPossible
        r.notJudged = a.notJudged - b.notJudged
        return r
    }
}
