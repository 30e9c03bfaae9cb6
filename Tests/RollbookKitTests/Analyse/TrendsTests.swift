import RollbookTestSupport
import Testing
@testable import RollbookKit

/// Issue 15, item 4: this half term against the last, and weekday × AM/PM patterns.
@Suite("Insight: trends")
struct TrendsTests {
    @Test func halfTermsAreTheTermHoldingAsOfAndTheOneBefore() throws {
        // as_of Friday 7 November: Autumn 2 has had 5 days; A misses the 10 sessions of Autumn 2 so far
        // and nothing in Autumn 1.
        let school = InsightSchool(asOf: "2025-11-07", pupils: ["A", "B"].map { InsightSchool.pupil($0) }) { id, k, cal in
            id == "A" && cal.slotDay[k] >= Day(parsing: "2025-11-03")! ? "O" : "/"
        }
        let reg = try school.register()
        let h = try #require(HalfTermComparison(reg))
        #expect(h.this.name == "Autumn 2" && h.last?.name == "Autumn 1")
        let a = h.counts(of: [0])
        #expect(a.this.possible == 10 && a.this.absence == 10 && a.last.possible == 80 && a.last.absence == 0)
        #expect(HalfTermComparison.change(a) == -100)
        #expect(HalfTermComparison.change(h.counts(of: [0, 1])) == -50)
    }

    @Test func aHalfTermWithNoSessionsHasNoChange() throws {
        // as_of in the half-term holiday (Wednesday 29 October): "this" is Autumn 1 and there is no earlier one.
        let school = InsightSchool(asOf: "2025-10-29", pupils: [InsightSchool.pupil("B")]) { _, _, _ in "/" }
        let reg = try school.register()
        let h = try #require(HalfTermComparison(reg))
        #expect(h.this.name == "Autumn 1" && h.last == nil)
        #expect(h.counts(of: [0]).last.possible == 0)
        #expect(HalfTermComparison.change(h.counts(of: [0])) == nil)
        // Monday 3 November before any mark: Autumn 2 has a session but the register stops at as_of… the
        // half term starts on as_of with both sessions unmarked: no possible session, so no change either.
        let early = InsightSchool(asOf: "2025-11-03", pupils: [InsightSchool.pupil("B")]) { _, k, cal in
            cal.slotDay[k] >= Day(parsing: "2025-11-03")! ? "X" : "/"
        }
        let h2 = try #require(HalfTermComparison(try early.register()))
        #expect(h2.this.name == "Autumn 2")
        #expect(h2.counts(of: [0]).this.possible == 0)
        #expect(HalfTermComparison.change(h2.counts(of: [0])) == nil)
        // Before the first term: nothing to compare.
        let yaml = StandardCalendar.compactYear(school: "Late Start") + "\n" + """
          - { name: Autumn 1, start: 2025-09-08, end: 2025-10-24 }
        """
        let before = InsightSchool(yaml: yaml, asOf: "2025-09-03", pupils: [InsightSchool.pupil("B")]) { _, _, _ in "/" }
        #expect(HalfTermComparison(try before.register()) == nil)
    }

    @Test func aSessionStandsOutOnlyWhenClearlyHigher() {
        var w = WeekPattern()
        for c in 0..<10 { w.possible[c] = 300; w.absent[c] = 15 }   // 5 % everywhere
        #expect(w.standOut.isEmpty)
        w.absent[0] = 45                                               // Monday AM 15 %
        #expect(w.standOut == [0])
        #expect(w.summary == "Monday AM stands out: 15.0% absence against 5.0% in the other sessions.")
        // 32 % against 37 %-like noise: a higher cell that is not 1.5 times the rest is not named.
        var n = WeekPattern()
        for c in 0..<10 { n.possible[c] = 300; n.absent[c] = 96 }     // 32 %
        n.absent[9] = 111                                               // Friday PM 37 %
        #expect(n.standOut.isEmpty)
        #expect(n.summary == "No session of the week stands out.")
        // Too few sessions: 30 % against 5 % on 20 possible sessions is not named.
        var f = WeekPattern()
        for c in 0..<10 { f.possible[c] = 20; f.absent[c] = 1 }
        f.absent[4] = 6
        #expect(f.standOut.isEmpty)
        // Enough sessions but the test is not clear: 10 % against 5 % on 40 sessions.
        var z = WeekPattern()
        for c in 0..<10 { z.possible[c] = 40; z.absent[c] = 2 }
        z.absent[2] = 4
        #expect(z.standOut.isEmpty)
    }

    @Test func patternsAreCountedPerWeekdayAndSession() throws {
        // Every Friday PM missed by A over Autumn 1 (8 Fridays).
        let school = InsightSchool(asOf: "2025-10-24", pupils: ["A", "B"].map { InsightSchool.pupil($0) }) { id, k, cal in
            id == "A" && cal.slotDay[k].weekday == 4 && cal.slotSession[k] == .pm ? "O" : "/"
        }
        let reg = try school.register()
        let per = WeekPattern.perPupil(reg)
        #expect(per[0].absent[9] == 8 && per[0].possible[9] == 8 && per[0].absent.reduce(0, +) == 8)
        #expect(per[1].absent.reduce(0, +) == 0 && per[1].possible.reduce(0, +) == 80)
        var w = per[0]; w += per[1]
        #expect(w.possible[9] == 16)
        // 16 possible sessions: below the 40 needed, so not named even at 50 %.
        #expect(w.standOut.isEmpty)
    }

    @Test func trendsPageShowsEachLevelWithChartAndTable() throws {
        let pupils = (1...6).map { InsightSchool.pupil("A\($0)", fsm: "1") } + (1...30).map { InsightSchool.pupil("B\($0)", fsm: "0") }
        let school = InsightSchool(asOf: "2025-11-14", pupils: pupils) { id, k, cal in
            // A pupils miss every Monday AM in Autumn 2.
            id.hasPrefix("A") && cal.slotDay[k] >= Day(parsing: "2025-11-03")! && cal.slotDay[k].weekday == 0 && cal.slotSession[k] == .am ? "O" : "/"
        }
        expectContains(try school.buildPage("trends.html", linkedAs: "Trends"), [
            "Attendance in Autumn 2 so far against Autumn 1",
            "<svg viewBox=\"0 0 720",
            "<caption id=\"t-classes-c\">Classes: attendance, Autumn 1 against Autumn 2 to date</caption>",
            "Free school meals: Yes",
            // 6 pupils × 2 Mondays AM missed of 20 sessions each → 90 %: down 10 points from 100 %.
            "<th scope=\"row\">Free school meals: Yes</th><td class=\"num\">6</td><td class=\"num\">100.0%</td><td class=\"num\">90.0%</td><td class=\"num\">−10.0 points</td>",
        ])
    }
}
