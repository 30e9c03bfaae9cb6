import Foundation
@testable import RollbookKit
import Testing

/// Issue 17, item 7: the case list ranks what needs doing now, filters by reason without
/// JavaScript, shows each reason's dates, and never gives illness a penalty badge.
///
/// The standard test calendar to Friday 24 October 2025 (the end of Autumn 1; INSET on
/// 12 September, 17 September PM closed):
/// - P1 Ann Ash: N from 6 October on: a 10-day run still going on at as_of (open now).
/// - P2 Ben Bell: O from 14 to 20 October: the penalty threshold reached on 20 October
///   (a recent change), with an action recorded.
/// - P3 Cal Cedar and P5 Bea Birch: N on the first 10 school days (1 to 15 September): a run
///   that ended long ago, no action (no action yet); the same figures, so the name decides.
/// - P4 Dan Dale: the same, with an action on 1 October (up to date: the rest).
/// - P6 Eve Elm: I from 22 September to 10 October (30 sessions): 15 days of illness, no
///   unauthorised absence; no action.
@Suite("Case list")
struct CaseListTests {
    static let yaml = TestSchool.standardConfig + "\nas_of: 2025-10-24\n"
    static let pupils = """
        pupil_id,forename,surname,class,year_group
        P1,Ann,Ash,7A,7
        P2,Ben,Bell,7A,7
        P3,Cal,Cedar,7A,7
        P4,Dan,Dale,7B,7
        P5,Bea,Birch,7B,7
        P6,Eve,Elm,7B,7
        """
    static let actions = """
        pupil_id,date,action,detail,review_by,by
        P2,2025-10-21,call,Spoke to dad,,Office
        P4,2025-10-01,meeting,,,Head of year
        """

    /// Every weekday from 1 September to 24 October, both sessions: `mark(day)`.
    static func marks() -> String {
        func between(_ d: Day, _ a: String, _ b: String) -> Bool { day(a) <= d && d <= day(b) }
        var rows = [TestSchool.marksHeader]
        var d = day("2025-09-01")
        while d <= day("2025-10-24") {
            if d.weekday < 5, d != day("2025-09-12") {
                let marks: [(String, String)] = [
                    ("P1", between(d, "2025-10-06", "2025-10-24") ? "N" : "/"),
                    ("P2", between(d, "2025-10-14", "2025-10-20") ? "O" : "/"),
                    ("P3", between(d, "2025-09-01", "2025-09-15") ? "N" : "/"),
                    ("P4", between(d, "2025-09-01", "2025-09-15") ? "N" : "/"),
                    ("P5", between(d, "2025-09-01", "2025-09-15") ? "N" : "/"),
                    ("P6", between(d, "2025-09-22", "2025-10-10") ? "I" : "/"),
                ]
                for (p, m) in marks {
                    rows.append("\(p),\(d.iso),AM,\(m)")
                    if d != day("2025-09-17") { rows.append("\(p),\(d.iso),PM,\(m)") }
                }
            }
            d = d.adding(days: 1)
        }
        return rows.joined(separator: "\n")
    }

    static func school() -> TestSchool {
        var s = TestSchool(yaml: yaml, asOf: "2025-10-24", pupils: pupils, marks: marks())
        s.actions = actions
        return s
    }

    static func cases() throws -> (Register, [Case]) {
        let reg = try school().register()
        return (reg, Cases.rank(reg, stats: Statistics.allPupils(reg), findings: Checker.check(reg)))
    }

    @Test func ranksOpenThenRecentThenNoActionThenTheRest() throws {
        let (reg, cases) = try Self.cases()
        #expect(cases.map { reg.pupils[$0.pupil].id } == ["P1", "P2", "P5", "P3", "P6", "P4"])
        #expect(cases.map(\.tier) == [.open, .recent, .needsAction, .needsAction, .needsAction, .other])
        #expect(cases.map(\.noAction) == [true, false, true, true, true, false])
        // The same input twice gives the same order (no dependence on dictionary order).
        #expect(try Self.cases().1.map(\.pupil) == cases.map(\.pupil))
    }

    @Test func reasonsCarryTheirDates() throws {
        let (reg, cases) = try Self.cases()
        func reasons(_ id: String) -> [CaseReason] { cases.first { reg.pupils[$0.pupil].id == id }?.reasons ?? [] }
        let run = try #require(reasons("P1").first { $0.kind == .unauthorisedRun })
        #expect(run.start == day("2025-10-06") && run.reached == day("2025-10-17") && run.end == nil && run.ongoing)
        // Three penalty episodes (10, 17 and 24 October): the latest shown, two earlier.
        let penalty = try #require(reasons("P1").first { $0.kind == .penaltyThreshold })
        #expect(penalty.reached == day("2025-10-24") && penalty.start == day("2025-10-20") && penalty.earlier == 2)
        let old = try #require(reasons("P3").first { $0.kind == .unauthorisedRun })
        #expect(old.start == day("2025-09-01") && old.reached == day("2025-09-15") && old.end == day("2025-09-15") && !old.ongoing)
        #expect(reasons("P2").map(\.kind) == [.penaltyThreshold, .persistent])
    }

    @Test func illnessHasNoPenaltyBadge() throws {
        let (reg, cases) = try Self.cases()
        let eve = try #require(cases.first { reg.pupils[$0.pupil].id == "P6" })
        #expect(eve.reasons.map(\.kind) == [.persistent, .illness])
        let illness = eve.reasons[1]
        #expect(illness.kind.tone == "" && illness.start == day("2025-09-22") && illness.reached == day("2025-10-10"))
        #expect(illness.end == day("2025-10-10") && !illness.ongoing)   // back at school since
        #expect(!eve.reasons.contains { $0.kind == .penaltyThreshold || $0.kind == .unauthorisedRun })
    }

    @Test func pagesFilterByReasonWithoutScript() throws {
        let p = try SiteTestProject(files: ["Data/marks.csv": Self.marks(), "Data/actions.csv": Self.actions],
                                    pupils: Self.pupils, yaml: Self.yaml)
        defer { p.remove() }
        try p.build()
        let all = p.read("intranet/cases.html")
        #expect(all.contains("<p class=\"order\">\(Escape.html(Cases.orderText))</p>"))
        // Sections in tier order, each pupil once.
        let open = try #require(all.range(of: "<h2 id=\"tier-open\">Open now: still going on (1)</h2>"))
        let recent = try #require(all.range(of: "<h2 id=\"tier-recent\">Changed in the last 10 school days (1)</h2>"))
        let action = try #require(all.range(of: "<h2 id=\"tier-needs-action\">No action yet or review overdue (3)</h2>"))
        #expect(open.upperBound < recent.lowerBound && recent.upperBound < action.lowerBound)
        for id in ["P1", "P2", "P3", "P4", "P5", "P6"] {
            #expect(all.components(separatedBy: "href=\"pupils/\(id).html\"").count == 2, "\(id) once")
        }
        // Dates, machine-readable too.
        #expect(all.contains("started <time datetime=\"2025-10-06\">Mon 6 Oct 2025</time>, reached <time datetime=\"2025-10-17\">Fri 17 Oct 2025</time>, <strong>still going</strong>"))
        #expect(all.contains("ended <time datetime=\"2025-09-15\">Mon 15 Sep 2025</time>"))
        // Illness: a neutral badge, never a penalty one.
        #expect(all.contains("<span class=\"flag\">15 days of illness</span>"))
        // The filter is links to plain pages: penalty threshold keeps P1, P2, P3, P4, P5, not P6.
        #expect(all.contains("<a href=\"cases/penalty-threshold.html\">Penalty threshold (5)</a>"))
        #expect(all.contains("<span class=\"none\">Part-time timetable (0)</span>"))
        #expect(!p.exists("intranet/cases/part-time.html"))
        let penalty = p.read("intranet/cases/penalty-threshold.html")
        #expect(penalty.contains("<h1>Cases: penalty threshold</h1>"))
        #expect(penalty.contains("<a href=\"../cases/penalty-threshold.html\" aria-current=\"page\">"))
        #expect(penalty.contains("href=\"../pupils/P1.html\"") && !penalty.contains("pupils/P6.html"))
        let illness = p.read("intranet/cases/illness.html")
        #expect(illness.contains("href=\"../pupils/P6.html\"") && !illness.contains("pupils/P1.html"))
        // Ranks stay those of the whole list: Eve is fifth.
        #expect(illness.contains("<tr><td class=\"num\">5</td>"))
        let noAction = p.read("intranet/cases/no-action.html")
        #expect(!noAction.contains("pupils/P2.html") && !noAction.contains("pupils/P4.html") && noAction.contains("pupils/P5.html"))
    }
}
