import RollbookKit
import RollbookTestSupport
import Testing

/// Spec section 6.3, written from the contract text on the standard test calendar (see
/// `TestSchool`): half term 2025-10-27 to 10-31, INSET Fri 2025-09-12, Wed 2025-09-17 PM closed,
/// Christmas 2025-12-22 to 2026-01-02, Spring 1 ends Fri 2026-02-13.
@Suite struct EpisodesTests {
    /// `kind pupil start reached end days sessions`, end `-` while going on.
    func episodes(_ school: TestSchool, all: Bool = false) throws -> [String] {
        let reg = try school.register()
        return Episodes.all(reg, includingNotOfCompulsorySchoolAge: all).map { e in
            [e.kind.rawValue, reg.pupils[e.pupil].id, e.start.iso, e.reached.iso, e.end?.iso ?? "-", e.daysText, String(e.sessions)]
                .joined(separator: " ")
        }
    }

    @Test func aRunAcrossHalfTermEndsWhenThePupilComesBack() throws {
        let school = TestSchool(asOf: "2025-11-14", marks: csv(TestSchool.marksHeader,
            markRows("P1", "N", from: "2025-10-20", to: "2025-11-07"),
            markRows("P1", "/", from: "2025-11-10", to: "2025-11-10")))
        #expect(try episodes(school) == [
            "penalty-threshold P1 2025-10-20 2025-10-24 2025-10-24 5 10",
            "penalty-threshold P1 2025-11-03 2025-11-07 2025-11-07 5 10",
            "unauthorised-10-days P1 2025-10-20 2025-11-07 2025-11-07 10 20",
        ])
    }

    @Test func aPMOnlyClosureAndAnINSETDayDoNotBreakARun() throws {
        // 2025-09-17 has only an AM session; 2025-09-12 is no school day.
        let school = TestSchool(asOf: "2025-10-03", marks: csv(TestSchool.marksHeader,
            markRows("P2", "O", from: "2025-09-15", to: "2025-09-26"),
            markRows("P2", "/", from: "2025-09-29", to: "2025-09-29"),
            markRows("P3", "G", from: "2025-09-08", to: "2025-09-22"),
            markRows("P3", "/", from: "2025-09-23", to: "2025-09-23")))
        let found = try episodes(school).filter { $0.hasPrefix("unauthorised") }
        #expect(found == [
            "unauthorised-10-days P3 2025-09-08 2025-09-22 2025-09-22 10 19",
            "unauthorised-10-days P2 2025-09-15 2025-09-26 2025-09-26 10 19",
        ])
    }

    @Test func aDayWithOneSessionPresentOrMissingBreaksTheRun() throws {
        let school = TestSchool(asOf: "2025-10-10", marks: csv(TestSchool.marksHeader,
            markRows("P1", "N", from: "2025-09-15", to: "2025-09-26", skipping: ["2025-09-22"]),
            "P1,2025-09-22,AM,N", "P1,2025-09-22,PM,L",
            markRows("P2", "N", from: "2025-09-15", to: "2025-09-26", skipping: ["2025-09-22"]),
            "P2,2025-09-22,AM,N"))
        #expect(try episodes(school).filter { $0.hasPrefix("unauthorised") }.isEmpty)
    }

    @Test func aRunStillGoingAtAsOfHasNoEnd() throws {
        // 20 school days, 2026-01-19 to 2026-02-13 (as_of, the last school day).
        let school = TestSchool(asOf: "2026-02-13", marks: csv(TestSchool.marksHeader,
            markRows("P1", "N", from: "2026-01-19", to: "2026-02-13"),
            // P2: the same, but one U: the 10-day run goes on, the 20-day run breaks.
            markRows("P2", "N", from: "2026-01-19", to: "2026-02-13", skipping: ["2026-02-02"]),
            "P2,2026-02-02,AM,U", "P2,2026-02-02,PM,G"))
        let found = try episodes(school).filter { !$0.hasPrefix("penalty") }
        #expect(found == [
            "unauthorised-10-days P1 2026-01-19 2026-01-30 - 20 40",
            "unauthorised-10-days P2 2026-01-19 2026-01-30 - 20 40",
            "unauthorised-20-days P1 2026-01-19 2026-02-13 - 20 40",
        ])
        // A day later (a Saturday), the last school day on or before as_of is still 13 February.
        var later = school
        later.asOf = "2026-02-14"
        #expect(try episodes(later).filter { !$0.hasPrefix("penalty") } == found)
    }

    @Test func aRunEndingTheDayBeforeAsOfHasEnded() throws {
        let school = TestSchool(asOf: "2026-02-13", marks: csv(TestSchool.marksHeader,
            markRows("P1", "N", from: "2026-01-19", to: "2026-02-12"),
            markRows("P1", "/", from: "2026-02-13", to: "2026-02-13")))
        #expect(try episodes(school).filter { $0.hasPrefix("unauthorised") } == [
            "unauthorised-10-days P1 2026-01-19 2026-01-30 2026-02-12 19 38",
        ])
    }

    @Test func twoPenaltyEpisodesOverSchoolWeeks() throws {
        // One N every Monday AM. The half-term and Christmas weeks are not school weeks, so the
        // 10th Monday (2025-11-10) is in the 10th school week from 2025-09-01.
        let mondays = ["2025-09-01", "2025-09-08", "2025-09-15", "2025-09-22", "2025-09-29", "2025-10-06", "2025-10-13",
                       "2025-10-20", "2025-11-03", "2025-11-10",
                       "2025-11-17", "2025-11-24", "2025-12-01", "2025-12-08", "2025-12-15", "2026-01-05", "2026-01-12",
                       "2026-01-19", "2026-01-26", "2026-02-02"]
        let school = TestSchool(asOf: "2026-02-13", marks: csv(TestSchool.marksHeader, mondays.map { "P1,\($0),AM,N" }.joined(separator: "\n")))
        // School days 2025-09-01..2025-11-10: 39 in Autumn 1 (INSET aside) + 6.
        #expect(try episodes(school) == [
            "penalty-threshold P1 2025-09-01 2025-11-10 2025-11-10 45 10",
            "penalty-threshold P1 2025-11-17 2026-02-02 2026-02-02 46 10",
        ])
    }

    @Test func thePenaltyWindowSlides() throws {
        // 5 sessions in school week 1 (from 2025-09-01), 4 in school week 10 (from 2025-11-10):
        // 9. In week 11, week 1 has left the window: 4 + 6 more reach 10 on 2025-11-19.
        let school = TestSchool(asOf: "2026-02-13", marks: csv(TestSchool.marksHeader,
            "P1,2025-09-01,AM,N", "P1,2025-09-01,PM,N", "P1,2025-09-02,AM,U", "P1,2025-09-02,PM,O", "P1,2025-09-03,AM,G",
            "P1,2025-11-10,AM,N", "P1,2025-11-10,PM,N", "P1,2025-11-11,AM,N", "P1,2025-11-11,PM,N",
            markRows("P1", "N", from: "2025-11-17", to: "2025-11-19")))
        #expect(try episodes(school) == ["penalty-threshold P1 2025-11-10 2025-11-19 2025-11-19 8 10"])
        // One more session in week 10 reaches 10 there, counting from week 1.
        var sooner = school
        sooner.marks += "\nP1,2025-11-12,AM,N"
        #expect(try episodes(sooner).first == "penalty-threshold P1 2025-09-01 2025-11-12 2025-11-12 47 10")
    }

    @Test func illnessReaches15Days() throws {
        let school = TestSchool(asOf: "2025-12-19", marks: csv(TestSchool.marksHeader,
            markRows("P3", "I", from: "2025-11-03", to: "2025-11-21"),
            "P3,2025-11-24,AM,I", "P3,2025-11-24,PM,/",
            markRows("P2", "I", from: "2025-11-03", to: "2025-11-20"),
            "P2,2025-11-21,AM,I"))
        #expect(try episodes(school) == ["illness-15-days P3 2025-11-03 2025-11-21 - 15.5 31"])
    }

    @Test func partTimeTimetable() throws {
        var rows: [String] = []
        for d in ["2026-02-02", "2026-02-03", "2026-02-09", "2026-02-10", "2026-02-11", "2026-02-12", "2026-02-13"] {
            rows.append("P1,\(d),AM,/"); rows.append("P1,\(d),PM,C2")
        }
        rows += ["P2,2026-01-12,PM,C2", "P2,2026-01-13,AM,C2", "P2,2026-01-13,PM,C2", "P2,2026-01-20,PM,C2"]
        // C2 in the AM of as_of only: still going on.
        rows += ["P3,2026-02-10,PM,C2", "P3,2026-02-13,AM,C2", "P3,2026-02-13,PM,/"]
        let school = TestSchool(asOf: "2026-02-13", marks: csv(TestSchool.marksHeader, rows.joined(separator: "\n")))
        #expect(try episodes(school) == [
            "part-time-timetable P2 2026-01-12 2026-01-12 2026-01-20 3 4",
            "part-time-timetable P1 2026-02-02 2026-02-02 - 7 7",
            "part-time-timetable P3 2026-02-10 2026-02-10 - 2 2",
        ])
        var earlier = school
        earlier.asOf = "2026-02-12"
        #expect(try episodes(earlier).contains("part-time-timetable P3 2026-02-10 2026-02-10 2026-02-10 1 1"))
    }

    @Test func onlyPupilsOfCompulsorySchoolAgeOnTheReachedDateAreListed() throws {
        // P1 turns five on 2025-12-31, so is of compulsory school age from that day. Their run
        // (reached 2025-12-19) and first penalty episodes are not listed, but the penalty walk
        // still starts again after them.
        let school = TestSchool(asOf: "2026-01-16", pupils: """
            pupil_id,forename,surname,class,year_group,dob
            P1,Amy,Ash,R,R,2020-12-31
            P2,Ben,Birch,12A,12,
            P3,Cal,Cedar,11A,11,
            """, marks: csv(TestSchool.marksHeader,
                markRows("P1", "N", from: "2025-12-08", to: "2026-01-09"),
                markRows("P1", "/", from: "2026-01-12", to: "2026-01-12"),
                markRows("P2", "N", from: "2025-12-08", to: "2025-12-12"),
                markRows("P3", "N", from: "2025-12-08", to: "2025-12-12")))
        #expect(try episodes(school) == [
            "penalty-threshold P3 2025-12-08 2025-12-12 2025-12-12 5 10",
            "penalty-threshold P1 2026-01-05 2026-01-09 2026-01-09 5 10",
        ])
        #expect(try episodes(school, all: true) == [
            "penalty-threshold P1 2025-12-08 2025-12-12 2025-12-12 5 10",
            "penalty-threshold P2 2025-12-08 2025-12-12 2025-12-12 5 10",
            "penalty-threshold P3 2025-12-08 2025-12-12 2025-12-12 5 10",
            "penalty-threshold P1 2025-12-15 2025-12-19 2025-12-19 5 10",
            "unauthorised-10-days P1 2025-12-08 2025-12-19 2026-01-09 15 30",
            "penalty-threshold P1 2026-01-05 2026-01-09 2026-01-09 5 10",
        ])
    }

    @Test func onlySessionsOnRollCount() throws {
        // P1 leaves on 2025-09-19 (a Friday): marks after it are off roll.
        let school = TestSchool(asOf: "2025-10-03", pupils: TestSchool.standardRoll(p1Leaves: "2025-09-19"), marks: csv(TestSchool.marksHeader, markRows("P1", "N", from: "2025-09-08", to: "2025-09-26")))
        #expect(try episodes(school).filter { $0.hasPrefix("unauthorised") } == [])
        #expect(try episodes(school).count == 1)  // 18 sessions up to 2025-09-19: one penalty episode
    }

    @Test func aRunEndsOnTheDayThePupilLeavesAndGoesOnWhileOnRollAtAsOf() throws {
        // P1 leaves on Fri 2025-10-03, mid-run: the run ends that day. P2 is on roll to as_of.
        let school = TestSchool(asOf: "2025-10-10", pupils: TestSchool.standardRoll(p1Leaves: "2025-10-03"), marks: csv(TestSchool.marksHeader,
                markRows("P1", "N", from: "2025-09-15", to: "2025-10-10"),
                markRows("P2", "N", from: "2025-09-15", to: "2025-10-10")))
        // 2025-09-17 has an AM session only: 29 sessions in 15 days, 39 in 20.
        #expect(try episodes(school).filter { $0.hasPrefix("unauthorised") } == [
            "unauthorised-10-days P1 2025-09-15 2025-09-26 2025-10-03 15 29",
            "unauthorised-10-days P2 2025-09-15 2025-09-26 - 20 39",
            "unauthorised-20-days P2 2025-09-15 2025-10-10 - 20 39",
        ])
    }

    @Test func compulsorySchoolAgeOnTheReachedDateAtItsEdges() throws {
        // Summer term only. Ten O sessions in five school days for each pupil:
        // A, E (Y11 without dob; born 2010-08-31): reached Fri 2026-06-26, the last Friday in June: listed.
        // B (Y11 without dob): reached Mon 2026-06-29: not listed.
        // F (born 2010-09-01: sixteen in September, so until June 2027): reached 2026-06-29: listed.
        // C (born 2021-03-31): of compulsory school age from 2026-03-31, its reached date: listed.
        // D (born 2021-04-01): not until 2026-08-31: not listed.
        let yaml = StandardCalendar.compactYear(school: "Edge School") + "\n" + """
              - { name: Summer, start: 2026-03-23, end: 2026-07-17 }
            """
        let school = TestSchool(yaml: yaml, asOf: "2026-07-17", pupils: """
            pupil_id,forename,surname,class,year_group,dob
            A,Amy,Ash,11A,11,
            B,Ben,Birch,11A,11,
            C,Cal,Cedar,R,R,2021-03-31
            D,Dee,Dale,R,R,2021-04-01
            E,Eve,Elm,11A,11,2010-08-31
            F,Fay,Fir,11A,11,2010-09-01
            """, marks: csv(TestSchool.marksHeader,
                markRows("A", "O", from: "2026-06-22", to: "2026-06-26"),
                markRows("B", "O", from: "2026-06-23", to: "2026-06-29"),
                markRows("C", "O", from: "2026-03-25", to: "2026-03-31"),
                markRows("D", "O", from: "2026-03-25", to: "2026-03-31"),
                markRows("E", "O", from: "2026-06-22", to: "2026-06-26"),
                markRows("F", "O", from: "2026-06-23", to: "2026-06-29")))
        #expect(try episodes(school) == [
            "penalty-threshold C 2026-03-25 2026-03-31 2026-03-31 5 10",
            "penalty-threshold A 2026-06-22 2026-06-26 2026-06-26 5 10",
            "penalty-threshold E 2026-06-22 2026-06-26 2026-06-26 5 10",
            "penalty-threshold F 2026-06-23 2026-06-29 2026-06-29 5 10",
        ])
        #expect(try episodes(school, all: true).count == 6)
    }
}
