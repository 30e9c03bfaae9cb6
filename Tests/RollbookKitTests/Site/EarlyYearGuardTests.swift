import RollbookTestSupport
import Testing
@testable import RollbookKit

/// Issue 17, item 6: before a pupil has `thresholds: min_possible:` possible sessions (default 20)
/// the site, the case list and letters judge nobody persistent or severe; `rollbook stats` does.
@Suite("Early-year guards")
struct EarlyYearGuardTests {
    static func yaml(_ extra: String = "") -> String {
        StandardCalendar.autumnOne(school: "Guard School") + "\n" + """
        \(extra)
        """
    }

    @Test func minPossibleDefaultsTo20AndNullMeansDefault() throws {
        #expect(try ProjectConfig.parse(yaml: Self.yaml()).minPossible == 20)
        #expect(try ProjectConfig.parse(yaml: Self.yaml("thresholds:\n  min_possible:\n")).minPossible == 20)
        #expect(try ProjectConfig.parse(yaml: Self.yaml("thresholds: { min_possible: ~ }")).minPossible == 20)
        #expect(try ProjectConfig.parse(yaml: Self.yaml("thresholds: { min_possible: 40 }")).minPossible == 40)
        #expect(try ProjectConfig.parse(yaml: Self.yaml("thresholds: { min_possible: 0 }")).minPossible == 0)
    }

    @Test func badMinPossibleIsAnErrorWithItsLine() throws {
        for bad in ["-1", "twenty", "2.5"] {
            let e = try #require(throws: InputError.self) {
                _ = try ProjectConfig.parse(yaml: Self.yaml("thresholds:\n  min_possible: \(bad)"))
            }
            #expect(e.description.contains("rollbook.yml:6: error: `thresholds.min_possible` must be a whole number"))
        }
    }

    /// Week 1 (10 sessions by Friday 5 September): A misses 2 (20 %), B misses 6 (60 %), C none.
    static func register(_ extra: String = "", asOf: String = "2025-09-05") throws -> Register {
        let pupils = "pupil_id,forename,surname,class,year_group\nA,Ann,Able,7A,7\nB,Ben,Bold,7A,7\nC,Cat,Calm,7A,7\n"
        return try slotRegister(yaml: Self.yaml(extra), asOf: asOf, pupils: pupils, ids: ["A", "B", "C"]) { id, k, _ in
            switch id {
            case "A": k % 5 == 0 ? "O" : "/"
            case "B": k % 5 < 3 ? "O" : "/"
            default: "/"
            }
        }
    }

    @Test func caseListJudgesNobodyPersistentOrSevereInWeekOne() throws {
        let reg = try Self.register()
        let stats = Statistics.allPupils(reg)
        #expect(stats.map(\.counts.possible) == [10, 10, 10])
        #expect(stats[0].persistent && stats[1].severe)   // the contract's definition still holds
        let kinds = Cases.rank(reg, stats: stats, findings: []).flatMap { $0.reasons.map(\.kind) }
        #expect(!kinds.contains(.persistent) && !kinds.contains(.severe))
        // With the guard lowered to 10 sessions they are judged.
        let low = try Self.register("thresholds: { min_possible: 10 }")
        let lowKinds = Cases.rank(low, stats: Statistics.allPupils(low), findings: []).flatMap { $0.reasons.map(\.kind) }
        #expect(lowKinds.contains(.persistent) && lowKinds.contains(.severe))
    }

    @Test func siteGroupFiguresCountNotJudgedPupilsApart() throws {
        let reg = try Self.register()
        let stats = Statistics.allPupils(reg)
        let site = GroupStats.school(reg, stats, minPossible: reg.config.minPossible)
        #expect(site.persistentPupils == 0 && site.severePupils == 0 && site.notJudged == 3)
        let contract = GroupStats.school(reg, stats)
        #expect(contract.persistentPupils == 2 && contract.severePupils == 1 && contract.notJudged == 0)
        #expect(IntranetPages.notJudgedText(3, minPossible: 20) == "3 pupils have fewer than 20 possible sessions and are not yet judged")
        #expect(IntranetPages.notJudgedText(1, minPossible: 20) == "1 pupil has fewer than 20 possible sessions and is not yet judged")
    }

    @Test func statsOutputIgnoresTheGuard() throws {
        let guarded = try Self.register("thresholds: { min_possible: 1000 }")
        let open = try Self.register("thresholds: { min_possible: 0 }")
        for g in [StatsReport.Grouping.pupil, .class, .school] {
            #expect(StatsReport.csv(guarded, by: g) == StatsReport.csv(open, by: g))
            #expect(StatsReport.json(guarded, by: g) == StatsReport.json(open, by: g))
        }
    }

    @Test func noLetterBeforeTheMinimum() throws {
        let severe = try LetterTemplate.parse("---\ntitle: Severe\ntrigger: severe\n---\nDear {{forename}}\n", path: "Content/letters/severe.md")
        let reg = try Self.register()
        let stats = Statistics.allPupils(reg)
        #expect(Letters.fires(.severe, stats[1], in: reg))
        #expect(Letters.due([severe], for: stats[1], in: reg).isEmpty)
        let later = try Self.register(asOf: "2025-09-12")
        #expect(Letters.due([severe], for: Statistics.allPupils(later)[1], in: later).map(\.template.slug) == ["severe"])
    }

    @Test func afterTwentySessionsThePupilsAreJudged() throws {
        let reg = try Self.register(asOf: "2025-09-12")   // 20 sessions
        let stats = Statistics.allPupils(reg)
        #expect(stats[0].counts.possible == 20)
        let kinds = Cases.rank(reg, stats: stats, findings: []).flatMap { $0.reasons.map(\.kind) }
        #expect(kinds.contains(.persistent) && kinds.contains(.severe))
        #expect(GroupStats.school(reg, stats, minPossible: 20).notJudged == 0)
    }
}
