import RollbookKit
import Testing

/// Spec section 6, one pupil at a time.
@Suite struct PupilStatsTests {
    /// One term of exactly 18 weeks, no closures: 90 school days, 180 sessions to 2026-01-02.
    static let eighteenWeeks = """
        school:
          name: Stats School
        year:
          start: 2025-09-01
          end: 2026-07-22
        terms:
          - { name: Autumn, start: 2025-09-01, end: 2026-01-02 }
        """

    static let onePupil = """
        pupil_id,forename,surname,class,year_group,admitted,left
        P1,Amy,Ash,7A,7,,
        """

    /// P1 alone, admitted on `date`.
    static func onePupil(admitted date: String) -> String {
        """
        pupil_id,forename,surname,class,year_group,admitted
        P1,Amy,Ash,7A,7,\(date)
        """
    }

    /// P1 absent (`O`) for the first `absent` sessions of the 180, present for the rest.
    func eighteenWeeks(absent: Int) throws -> PupilStats {
        let all = markRows("P1", "/", from: "2025-09-01", to: "2026-01-02").split(separator: "\n")
        #expect(all.count == 180)
        let rows = all.enumerated().map { i, r in i < absent ? r.dropLast() + "O" : r }
        return try TestSchool(yaml: Self.eighteenWeeks, asOf: "2026-01-02", pupils: Self.onePupil,
                              marks: csv(TestSchool.marksHeader, rows.joined(separator: "\n"))).stats("P1")
    }

    /// P1's session counts (the one pupil of `onePupil`) in the standard calendar up to `asOf`.
    func counts(asOf: String = "2025-09-01", _ marks: String) throws -> SessionCounts {
        try TestSchool(asOf: asOf, pupils: Self.onePupil, marks: marks).stats("P1").counts
    }

    @Test func countsEachCategory() throws {
        let school = TestSchool(asOf: "2025-09-05", pupils: Self.onePupil, marks: """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,/
            P1,2025-09-01,PM,\\
            P1,2025-09-02,AM,L
            P1,2025-09-02,PM,V
            P1,2025-09-03,AM,I
            P1,2025-09-03,PM,M
            P1,2025-09-04,AM,N
            P1,2025-09-04,PM,G
            P1,2025-09-05,AM,X
            """)
        let s = try school.stats("P1")
        let c = s.counts
        #expect(c.present == 3)
        #expect(c.aea == 1)
        #expect(c.authorised == 2)
        #expect(c.unauthorised == 2)
        #expect(c.notRequired == 1)
        #expect(c.missing == 1)
        #expect(c.possible == 8)
        #expect(c.attended == 4)
        #expect(c.attendancePct == 50.0)
        #expect(c.authorisedPct == 25.0)
        #expect(c.unauthorisedPct == 25.0)
        #expect(c.illness == 1)
        // Absence is 4 of 8: exactly 50 %, so severe (and persistent).
        #expect(s.persistent)
        #expect(s.severe)
    }

    @Test func ninetyPercentExactlyIsPersistentlyAbsent() throws {
        let s = try eighteenWeeks(absent: 18)
        #expect(s.counts.possible == 180)
        #expect(s.counts.attended == 162)
        #expect(s.counts.attendancePct == 90.0)
        #expect(s.counts.unauthorisedPct == 10.0)
        #expect(s.persistent)
        #expect(!s.severe)
    }

    @Test func justOverNinetyPercentIsNot() throws {
        let s = try eighteenWeeks(absent: 17)
        #expect(s.counts.possible == 180)
        #expect(!s.persistent)
        #expect(!s.severe)
    }

    @Test func fiftyPercentExactlyIsSevere() throws {
        let half = try eighteenWeeks(absent: 90)
        #expect(half.counts.attendancePct == 50.0)
        #expect(half.severe)
        #expect(half.persistent)
        let under = try eighteenWeeks(absent: 89)
        #expect(!under.severe)
        #expect(under.persistent)
    }

    @Test func zeroPossibleSessions() throws {
        let school = TestSchool(asOf: "2025-09-02", pupils: TestSchool.lateJoinerRoll, marks: """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,X
            P1,2025-09-01,PM,X
            P1,2025-09-02,AM,D
            P1,2025-09-02,PM,Y1
            """)
        for id in ["P1", "P2"] {
            let s = try school.stats(id)
            #expect(s.counts.possible == 0)
            #expect(s.counts.attendancePct == nil)
            #expect(s.counts.authorisedPct == nil)
            #expect(s.counts.unauthorisedPct == nil)
            #expect(!s.persistent)
            #expect(!s.severe)
        }
        #expect(try school.stats("P1").counts.notRequired == 4)
        #expect(try school.stats("P2").counts.missing == 0)
    }

    @Test func aSessionWithoutAValidMarkCountsOnlyAsMissing() throws {
        let c = try counts("""
            pupil_id,date,session,mark
            P1,2025-09-01,AM,l
            """)
        #expect(c.missing == 2)
        #expect(c.possible == 0)
        #expect(c.notRequired == 0)
    }

    @Test func aPartialClosureRemovesOneSession() throws {
        // Mon 15 to Fri 19 September; Wednesday 17th PM is closed.
        let school = TestSchool(asOf: "2025-09-19", pupils: Self.onePupil(admitted: "2025-09-15"), marks: csv(TestSchool.marksHeader, markRows("P1", "/", from: "2025-09-15", to: "2025-09-19")))
        let c = try school.stats("P1").counts
        #expect(c.possible == 9)
        #expect(c.present == 9)
        #expect(c.missing == 0)
    }

    @Test func aWholeDayClosureRemovesBothSessions() throws {
        // Mon 8 to Fri 12 September; Friday 12th is an INSET day. Nothing marked at all.
        let school = TestSchool(asOf: "2025-09-12", pupils: Self.onePupil(admitted: "2025-09-08"), marks: TestSchool.marksHeader)
        #expect(try school.stats("P1").counts.missing == 8)
    }

    @Test func joinersAndLeaversCountOnlyTheirDaysOnRoll() throws {
        let school = TestSchool(asOf: "2025-09-05", pupils: """
            pupil_id,forename,surname,class,year_group,admitted,left
            P1,Amy,Ash,7A,7,2025-09-03,
            P2,Ben,Birch,7A,7,,2025-09-02
            P3,Cal,Cedar,7A,7,2025-09-02,2025-09-04
            """, marks: csv(
            TestSchool.marksHeader,
            markRows("P1", "/", from: "2025-09-01", to: "2025-09-05"),
            markRows("P2", "N", from: "2025-09-01", to: "2025-09-05"),
            markRows("P3", "I", from: "2025-09-01", to: "2025-09-05")))
        let p1 = try school.stats("P1").counts
        #expect(p1.possible == 6)
        #expect(p1.present == 6)
        let p2 = try school.stats("P2").counts
        #expect(p2.possible == 4)
        #expect(p2.unauthorised == 4)
        let p3 = try school.stats("P3").counts
        #expect(p3.possible == 6)
        #expect(p3.illness == 6)
        #expect(p3.missing == 0)
    }

    @Test func theReportingPeriodEndsAtAsOf() throws {
        let school = TestSchool(asOf: "2025-09-02", pupils: Self.onePupil, marks: csv(
            TestSchool.marksHeader, markRows("P1", "/", from: "2025-09-01", to: "2025-09-05")))
        #expect(try school.stats("P1").counts.possible == 4)
    }

    /// Several rows for one session: which one counts, and what P1's day then adds up to.
    struct RowOrder: Sendable, CustomTestStringConvertible {
        let rule: String
        let marks: String
        let present: Int, illness: Int, unauthorised: Int
        var testDescription: String { rule }
    }

    static let rowOrders = [
        RowOrder(rule: "the latest recorded_at wins", marks: """
            pupil_id,date,session,mark,recorded_at
            P1,2025-09-01,AM,N,2025-09-01T10:00
            P1,2025-09-01,AM,/,2025-09-01T09:00
            P1,2025-09-01,PM,N,2025-09-01T13:20:10
            P1,2025-09-01,PM,I,2025-09-01T13:20:30
            P1,2025-09-01,PM,/,2025-09-01T13:20:20
            """, present: 0, illness: 1, unauthorised: 1),
        RowOrder(rule: "rows without recorded_at count as earlier", marks: """
            pupil_id,date,session,mark,recorded_at
            P1,2025-09-01,AM,N,2025-09-01T09:00
            P1,2025-09-01,AM,/,
            P1,2025-09-01,PM,/,
            P1,2025-09-01,PM,I,2025-08-01T09:00
            """, present: 0, illness: 1, unauthorised: 1),
        RowOrder(rule: "among equals the later row wins", marks: """
            pupil_id,date,session,mark,recorded_at
            P1,2025-09-01,AM,N,
            P1,2025-09-01,AM,/,
            P1,2025-09-01,PM,N,2025-09-01T14:00
            P1,2025-09-01,PM,I,2025-09-01T14:00
            P1,2025-09-01,PM,/,2025-09-01T13:00
            """, present: 1, illness: 1, unauthorised: 0),
    ]

    @Test(arguments: rowOrders)
    func theRowThatCountsForASession(_ order: RowOrder) throws {
        let c = try counts(order.marks)
        #expect(c.present == order.present)
        #expect(c.illness == order.illness)
        #expect(c.unauthorised == order.unauthorised)
    }

    @Test func withdrawnCodesCountInTheirOldCategory() throws {
        let c = try counts(asOf: "2025-09-02", """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,H
            P1,2025-09-01,PM,J
            P1,2025-09-02,AM,F
            P1,2025-09-02,PM,Y
            """)
        #expect(c.authorised == 2)
        #expect(c.aea == 1)
        #expect(c.attended == 1)
        #expect(c.notRequired == 1)
        #expect(c.possible == 3)
    }

    @Test func illnessSessionsCountOnlyI() throws {
        let c = try counts(asOf: "2025-09-03", """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,I
            P1,2025-09-01,PM,I
            P1,2025-09-02,AM,M
            P1,2025-09-02,PM,I
            P1,2025-09-03,AM,C
            P1,2025-09-03,PM,/
            """)
        #expect(c.illness == 3)
        #expect(c.authorised == 5)
    }
}

/// `unauthorised_run_days`: consecutive school days on which every school session is G N O U.
@Suite struct UnauthorisedRunTests {
    func run(asOf: String, _ marks: String) throws -> Int {
        try TestSchool(asOf: asOf, pupils: PupilStatsTests.onePupil, marks: marks).stats("P1").unauthorisedRunDays
    }

    @Test func aRunContinuesOverAWeekendAndBreaksOnOnePresentSession() throws {
        #expect(try run(asOf: "2025-09-11", """
            pupil_id,date,session,mark
            P1,2025-09-04,AM,O
            P1,2025-09-04,PM,O
            P1,2025-09-05,AM,G
            P1,2025-09-05,PM,G
            P1,2025-09-08,AM,N
            P1,2025-09-08,PM,N
            P1,2025-09-09,AM,U
            P1,2025-09-09,PM,\\
            P1,2025-09-10,AM,N
            P1,2025-09-10,PM,N
            P1,2025-09-11,AM,N
            P1,2025-09-11,PM,N
            """) == 3)
    }

    @Test func aClosureDayIsNotAGapAndAPartialDayNeedsOnlyItsSession() throws {
        // Thu 11, (INSET Fri 12), Mon 15, Tue 16, Wed 17 (AM only), Thu 18.
        #expect(try run(asOf: "2025-09-19", """
            pupil_id,date,session,mark
            P1,2025-09-10,AM,/
            P1,2025-09-10,PM,\\
            P1,2025-09-11,AM,N
            P1,2025-09-11,PM,N
            P1,2025-09-15,AM,O
            P1,2025-09-15,PM,O
            P1,2025-09-16,AM,O
            P1,2025-09-16,PM,O
            P1,2025-09-17,AM,G
            P1,2025-09-18,AM,U
            P1,2025-09-18,PM,N
            P1,2025-09-19,AM,/
            P1,2025-09-19,PM,\\
            """) == 5)
    }

    @Test func aMissingOrAuthorisedSessionBreaksTheRun() throws {
        #expect(try run(asOf: "2025-09-05", """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,N
            P1,2025-09-01,PM,N
            P1,2025-09-02,AM,N
            P1,2025-09-03,AM,N
            P1,2025-09-03,PM,N
            P1,2025-09-04,AM,N
            P1,2025-09-04,PM,I
            P1,2025-09-05,AM,N
            P1,2025-09-05,PM,N
            """) == 1)
    }

    @Test func noRunWithoutUnauthorisedDays() throws {
        #expect(try run(asOf: "2025-09-02", """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,N
            P1,2025-09-01,PM,/
            P1,2025-09-02,AM,/
            P1,2025-09-02,PM,N
            """) == 0)
    }
}

/// `penalty_window_sessions`: the most G N O U sessions in any 10 consecutive school weeks.
@Suite struct PenaltyWindowTests {
    // School weeks of the standard calendar, by Monday: 1 Sep, 8, 15, 22, 29 Sep, 6, 13, 20 Oct
    // (weeks 1-8), half term (27 Oct, not a school week), 3 Nov (9), 10 Nov (10), 17 Nov (11).

    func window(_ marks: String) throws -> Int {
        try TestSchool(asOf: "2025-11-21", pupils: PupilStatsTests.onePupil, marks: marks).stats("P1").penaltyWindowSessions
    }

    /// Three unauthorised sessions in school week 1 (Monday 1 and Wednesday 3 September).
    static let weekOne = """
        pupil_id,date,session,mark
        P1,2025-09-01,AM,G
        P1,2025-09-01,PM,G
        P1,2025-09-03,AM,N
        """

    @Test func tenSchoolWeeksSpanElevenCalendarWeeksOverHalfTerm() throws {
        // School weeks 1 and 10 lie in one window although 11 calendar weeks apart.
        #expect(try window(csv(Self.weekOne, "P1,2025-11-12,AM,O", "P1,2025-11-14,PM,U")) == 5)
    }

    @Test func elevenSchoolWeeksDoNotFitInAWindow() throws {
        // School weeks 1 and 11.
        #expect(try window(csv(Self.weekOne, "P1,2025-11-17,AM,O", "P1,2025-11-21,PM,U")) == 3)
    }

    @Test func countsOnlyUnauthorisedSessions() throws {
        #expect(try window("""
            pupil_id,date,session,mark
            P1,2025-10-06,AM,N
            P1,2025-10-06,PM,I
            P1,2025-10-07,AM,M
            P1,2025-10-07,PM,O
            P1,2025-10-08,AM,/
            P1,2025-10-09,AM,X
            """) == 2)
    }

    @Test func zeroWithoutUnauthorisedSessions() throws {
        #expect(try window("""
            pupil_id,date,session,mark
            P1,2025-10-06,AM,I
            """) == 0)
    }
}
