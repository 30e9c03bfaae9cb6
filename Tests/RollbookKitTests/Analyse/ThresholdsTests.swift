import RollbookKit
import Testing

@Suite struct ThresholdsTests {
    @Test func persistentIsTenPercentOrMoreComparedExactly() {
        #expect(Thresholds.isPersistent(absence: 10, possible: 100))
        #expect(!Thresholds.isPersistent(absence: 9, possible: 100))
        // Exactly 90.0 % attendance is persistent; 1 in 11 (9.09 %) is not.
        #expect(Thresholds.isPersistent(absence: 27, possible: 270))
        #expect(!Thresholds.isPersistent(absence: 1, possible: 11))
        #expect(Thresholds.isPersistent(absence: 2, possible: 19))
        #expect(!Thresholds.isPersistent(absence: 0, possible: 0))
    }

    @Test func severeIsFiftyPercentOrMore() {
        #expect(Thresholds.isSevere(absence: 50, possible: 100))
        #expect(!Thresholds.isSevere(absence: 49, possible: 100))
        #expect(Thresholds.isSevere(absence: 1, possible: 2))
        #expect(!Thresholds.isSevere(absence: 0, possible: 0))
    }

    @Test func sessionsBeforePersistentIsTheMostThatStaysUnderTenPercent() {
        // 10 × (0 + 9) < 100, 10 × (0 + 10) is not.
        #expect(Thresholds.sessionsBeforePersistent(absence: 0, possible: 100) == 9)
        #expect(Thresholds.sessionsBeforePersistent(absence: 0, possible: 101) == 10)
        #expect(Thresholds.sessionsBeforePersistent(absence: 10, possible: 100) == -1)
        #expect(Thresholds.sessionsBeforePersistent(absence: 0, possible: 0) == nil)
        for possible in 1...60 {
            for absence in 0...possible {
                let k = Thresholds.sessionsBeforePersistent(absence: absence, possible: possible)!
                #expect(!Thresholds.isPersistent(absence: absence + k, possible: possible) || k < 0)
                #expect(Thresholds.isPersistent(absence: absence + k + 1, possible: possible))
            }
        }
    }

    @Test func projectedPersistenceAllowsForFloatingPoint() {
        #expect(Thresholds.isPersistent(projectedAbsence: 10 - 1e-12, possible: 100))
        #expect(!Thresholds.isPersistent(projectedAbsence: 9.9, possible: 100))
        #expect(!Thresholds.isPersistent(projectedAbsence: 0, possible: 0))
    }

    @Test func runsPenaltyIllnessAndTheEarlyYearGuard() {
        #expect(!Thresholds.isUnauthorisedRun(days: 9) && Thresholds.isUnauthorisedRun(days: 10))
        #expect(!Thresholds.reachesPenalty(windowSessions: 9) && Thresholds.reachesPenalty(windowSessions: 10))
        #expect(!Thresholds.isLongIllness(sessions: 29) && Thresholds.isLongIllness(sessions: 30))
        #expect(!Thresholds.isJudged(possible: 19, minPossible: 20) && Thresholds.isJudged(possible: 20, minPossible: 20))
        #expect((Thresholds.runDays, Thresholds.longRunDays, Thresholds.penaltySessions, Thresholds.penaltyWeeks) == (10, 20, 10, 10))
    }

    @Test func pupilStatisticsAskTheThresholds() throws {
        // P1: 10 possible sessions (Mon 1 to Fri 5 September), one N: exactly 90.0 %.
        let school = TestSchool(asOf: "2025-09-05", marks: csv(
            TestSchool.marksHeader, markRows("P1", "/", from: "2025-09-01", to: "2025-09-04"),
            "P1,2025-09-05,AM,N", "P1,2025-09-05,PM,/", markRows("P2", "/", from: "2025-09-01", to: "2025-09-05")))
        let p1 = try school.stats("P1")
        #expect((p1.counts.possible, p1.counts.absence, p1.persistent, p1.severe) == (10, 1, true, false))
        let p2 = try school.stats("P2")
        #expect((p2.persistent, p2.severe) == (false, false))
        // P3 has no mark at all: no possible session, neither persistent nor severe.
        let p3 = try school.stats("P3")
        #expect((p3.counts.possible, p3.persistent, p3.severe) == (0, false, false))
    }
}
