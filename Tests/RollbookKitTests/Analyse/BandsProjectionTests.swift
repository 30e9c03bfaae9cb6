import Testing
@testable import RollbookKit

/// Issue 15, items 3 and 5: absence bands, at risk, and the year-end projection.
@Suite("Insight: bands and projection")
struct BandsProjectionTests {
    @Test func bandBoundariesAreExact() {
        #expect(AbsenceBands.band(absence: 0, possible: 20) == 0)
        #expect(AbsenceBands.band(absence: 4, possible: 100) == 0)     // 4.0 %
        #expect(AbsenceBands.band(absence: 5, possible: 100) == 1)     // 5.0 % exactly: "5 % to under 10 %"
        #expect(AbsenceBands.band(absence: 1, possible: 20) == 1)      // 5.0 % exactly
        #expect(AbsenceBands.band(absence: 99, possible: 1000) == 1)   // 9.9 %
        #expect(AbsenceBands.band(absence: 2, possible: 20) == 2)      // 10.0 %: persistent, "10 % to under 15 %"
        #expect(AbsenceBands.band(absence: 49, possible: 100) == 9)
        #expect(AbsenceBands.band(absence: 50, possible: 100) == 10)   // 50.0 %: severe
        #expect(AbsenceBands.band(absence: 20, possible: 20) == 10)
        #expect(AbsenceBands.label(1) == "5 % to under 10 %")
        #expect(AbsenceBands.label(10) == "50 % or more")
    }

    @Test func atRiskIsAboveNinetyAndBelowNinetyFive() {
        func c(_ attended: Int, _ possible: Int) -> SessionCounts {
            var s = SessionCounts(); s.present = attended; s.unauthorised = possible - attended; return s
        }
        #expect(!AbsenceBands.isAtRisk(c(95, 100)))   // 95.0 %: not at risk
        #expect(AbsenceBands.isAtRisk(c(94, 100)))
        #expect(AbsenceBands.isAtRisk(c(91, 100)))
        #expect(!AbsenceBands.isAtRisk(c(90, 100)))   // 90.0 %: persistently absent already
        #expect(!AbsenceBands.isAtRisk(c(0, 0)))
    }

    /// 20 sessions to Friday 12 September; pupil `An` misses the first n sessions.
    static func twoWeeks(_ ids: [String]) -> InsightSchool {
        InsightSchool(asOf: "2025-09-12", pupils: ids.map { InsightSchool.pupil($0) }) { id, k, _ in
            k < (Int(id.dropFirst()) ?? 0) ? "O" : "/"
        }
    }

    @Test func bandsCountOnlyPupilsWithTwentyPossibleSessions() throws {
        // A0: 0 %, A1: 5.0 %, A2: 10.0 %, A10: 50 %; L joins on Thursday 11 September (4 sessions).
        // L: marked X (not required) but for the last 4 sessions, so 4 possible sessions.
        var school = Self.twoWeeks(["A0", "A1", "A2", "A10", "A19"])
        school.pupils.append("L,Late,Joiner,7A,7,,,,,,,,")
        let mark = school.mark
        school.mark = { id, k, cal in id == "L" ? (k >= 16 ? "/" : "X") : mark(id, k, cal) }
        let reg = try school.register()
        let b = AbsenceBands(Statistics.allPupils(reg))
        #expect(reg.calendar.slotCount == 20)
        #expect(b.tooFewSessions == 1)
        #expect(b.bands.map(\.count) == [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(b.atRisk.isEmpty)          // A1 is at exactly 95.0 %, A2 at exactly 90.0 %
    }

    /// Autumn 1 to 24 October is 40 days (80 sessions); as_of Friday 3 October (25 days, 50 sessions).
    @Test func projectionCountsRemainingSessionsAndWhatCanStillBeMissed() throws {
        let school = InsightSchool(asOf: "2025-10-03", pupils: ["A4", "A0", "A10"].map { InsightSchool.pupil($0) }) { id, k, _ in
            k < (Int(id.dropFirst()) ?? 0) ? "O" : "/"
        }
        let reg = try school.register()
        #expect(reg.calendar.slotCount == 50)
        let proj = Projection.all(reg, Statistics.allPupils(reg))
        // The calendar's rest of the year: 15 days of Autumn 1, 35 of Autumn 2, 30 of Spring 1 = 80 days.
        #expect(proj[0].remaining == 160)
        // Year: 50 + 160 = 210 possible; persistent at 21 missed. A4 has missed 4: can miss 16 more.
        #expect(proj[0].canStillMiss == 16)
        // Projected from this term (Autumn 1, 4 of 50 missed = 8 %): 4 + 160 × 0.08 = 16.8 of 210 = 8 %.
        #expect(proj[0].rateFromTerm)
        #expect(abs(proj[0].projectedAbsencePct! - 8) < 1e-9)
        #expect(!proj[0].crossing)
        // A10: 20 % so far, persistent now, so not "crossing"; can still miss 10 more and stay under.
        #expect(proj[2].persistentNow && !proj[2].crossing)
        #expect(proj[2].canStillMiss == 10)
        #expect(proj[1].canStillMiss == 20)
        #expect(IntranetPages.canStillMissText(proj[1]) == "20 sessions")
    }

    @Test func projectedToCrossWhenTheTermsRateWouldTakeThemOverTenPercent() throws {
        // 100 sessions so far (Autumn 1 whole, Autumn 2 to 14 November); 110 left.
        let school = InsightSchool(asOf: "2025-11-14", pupils: ["B", "C"].map { InsightSchool.pupil($0) }) { id, k, cal in
            let autumn2 = cal.slotDay[k] >= Day(parsing: "2025-11-03")!
            // B: present all of Autumn 1, then misses 5 of the 20 sessions of Autumn 2 so far (25 %).
            if id == "B", autumn2, k % 4 == 0 { return "O" }
            return "/"
        }
        let reg = try school.register()
        let stats = Statistics.allPupils(reg)
        #expect(stats[0].counts.absence == 5 && stats[0].counts.possible == 100)   // 5 % of the year so far
        let proj = Projection.all(reg, stats)
        #expect(proj[0].rateFromTerm)
        #expect(abs(proj[0].rate - 0.25) < 1e-12)
        #expect(proj[0].crossing)
        #expect(!proj[1].crossing)
        #expect(proj[1].projectedAbsencePct == 0)
    }

    @Test func noSessionsLeftMeansTheYearIsFinal() throws {
        // as_of after the last term: nothing left; nobody can cross any more.
        let yaml = """
        school: { name: Short Year }
        year: { start: 2025-09-01, end: 2025-09-30 }
        terms:
          - { name: September, start: 2025-09-01, end: 2025-09-19 }
        """
        let school = InsightSchool(yaml: yaml, asOf: "2025-09-30", pupils: ["A1", "A3"].map { InsightSchool.pupil($0) }) { id, k, _ in
            k < (Int(id.dropFirst()) ?? 0) ? "O" : "/"
        }
        let reg = try school.register()
        #expect(reg.calendar.slotCount == 30)
        let proj = Projection.all(reg, Statistics.allPupils(reg))
        #expect(proj.map(\.remaining) == [0, 0])
        // A1: 1 of 30, no session left to miss; A3: 3 of 30 = 10 %, persistent for the year.
        #expect(proj.map(\.canStillMiss) == [0, -1])
        #expect(proj.allSatisfy { !$0.crossing })
        #expect(abs(proj[1].projectedAbsencePct! - 10) < 1e-9)
        #expect(IntranetPages.canStillMissText(proj[0]) == "none (no sessions left this year)")
        #expect(IntranetPages.canStillMissText(proj[1]).hasPrefix("none: persistently absent at year end"))
        // A pupil with no sessions at all and none left has no figure.
        let empty = Projection(pupil: 0, possible: 0, absence: 0, remaining: 0, rate: 0, rateFromTerm: false)
        #expect(empty.canStillMiss == nil && empty.projectedAbsencePct == nil && !empty.crossing)
        // Beyond reach: 30 of 40 missed with 10 left.
        let gone = Projection(pupil: 0, possible: 40, absence: 30, remaining: 10, rate: 0, rateFromTerm: true)
        #expect(gone.canStillMiss! < 0)
        #expect(IntranetPages.canStillMissText(gone).hasPrefix("none: persistently absent at year end"))
    }

    @Test func pupilsWhoLeaveHaveNoRemainingSessionsAfterLeaving() throws {
        let yaml = InsightSchool.yaml
        let pupils = "pupil_id,forename,surname,class,year_group,admitted,left\nX,Xe,Left,7A,7,,2025-10-10\nY,Ye,Gone,7A,7,,2025-10-01\nZ,Ze,New,7A,7,2026-01-05,\n"
        let config = try ProjectConfig.parse(yaml: yaml)
        let reg = try ProjectLoader.load(config: config, asOf: Day(parsing: "2025-10-03")!, pupils: CSVFile(displayPath: "p", text: pupils),
                                         marks: CSVFile(displayPath: "m", text: "pupil_id,date,session,mark\n"), contacts: nil)
        let proj = Projection.all(reg, Statistics.allPupils(reg))
        #expect(proj.map(\.remaining) == [10, 0, 60])   // X: 6–10 October; Y gone; Z: Spring 1 only
    }

    @Test func bandsAndProjectionPagesAreBuilt() throws {
        let school = InsightSchool(asOf: "2025-11-14", pupils: ["B", "A1", "A8", "A30"].map { InsightSchool.pupil($0) }) { id, k, cal in
            if id == "B" { return cal.slotDay[k] >= Day(parsing: "2025-11-03")! && k % 4 == 0 ? "O" : "/" }
            return k < (Int(id.dropFirst()) ?? 0) ? "O" : "/"
        }
        let dir = try school.build()
        let bands = InsightSchool.read(dir, "intranet/bands.html")
        #expect(bands.contains("<h1>Absence bands</h1>"))
        #expect(bands.contains("<svg viewBox"))
        // A8 misses 8 of 100 (92 %): at risk, listed with a link to the pupil's page.
        #expect(bands.contains("<th scope=\"row\" data-sort=\"sa8 fa8\"><a href=\"pupils/A8.html\">SA8, FA8</a></th>"))
        let proj = InsightSchool.read(dir, "intranet/projection.html")
        #expect(proj.contains("1 pupil not persistently absent today is projected to be by the end of the year."))
        #expect(proj.contains("<a href=\"pupils/B.html\">SB, FB</a>"))
        #expect(InsightSchool.read(dir, "intranet/index.html").contains("href=\"projection.html\">Projection</a>"))
    }
}
