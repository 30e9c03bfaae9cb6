import RollbookKit
import Testing

@Suite struct MarkOnClosureRuleTests {
    func findings(asOf: String = "2025-10-31", _ marks: String) -> [Finding] {
        TestSchool(asOf: asOf, marks: marks).findings(.markOnClosure)
    }

    @Test func hashOnAClosureIsFine() throws {
        #expect(findings(marksCSV("P1,2025-09-12,AM,#", "P1,2025-09-12,PM,#", "P1,2025-09-17,PM,#",
                                  "P1,2025-09-13,AM,#", "P1,2025-10-28,AM,#")).isEmpty)
    }

    @Test func presentOnAClosureDayIsFlagged() throws {
        let found = findings(marksCSV("P1,2025-09-12,AM,/"))
        #expect(found.keys == ["P1 2025-09-12 AM"])
        let f = try #require(found.first)
        #expect((f.severity, f.mark, f.line, f.file) == (.warning, "/", 2, "Data/marks.csv"))
    }

    @Test func onlyTheClosedSessionOfAPartialClosureIsFlagged() throws {
        let found = findings(marksCSV("P1,2025-09-17,AM,/", "P1,2025-09-17,PM,\\"))
        #expect(found.keys == ["P1 2025-09-17 PM"])
        #expect(found.first?.line == 3)
    }

    @Test func weekendsAndHolidaysAreFlagged() throws {
        let found = findings(marksCSV("P1,2025-09-06,AM,/", "P1,2025-09-07,PM,N", "P2,2025-10-28,AM,Z"))
        #expect(found.keys == ["P1 2025-09-06 AM", "P1 2025-09-07 PM", "P2 2025-10-28 AM"])
    }

    @Test func silentForSchoolSessions() throws {
        #expect(findings(marksCSV("P1,2025-09-11,AM,/", "P1,2025-09-15,PM,N")).isEmpty)
    }

    @Test func silentAfterAsOf() throws {
        #expect(findings(asOf: "2025-09-05", marksCSV("P1,2025-09-06,AM,/", "P1,2025-09-12,AM,/")).isEmpty)
    }

    @Test func aMarkOnAClosureDoesNotCount() throws {
        let school = TestSchool(asOf: "2025-09-12", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted",
            "P1,Amy,Ash,7A,7,2025-09-11"),
            marks: marksCSV("P1,2025-09-11,AM,/", "P1,2025-09-11,PM,\\", "P1,2025-09-12,AM,N", "P1,2025-09-12,PM,N"))
        let s = try school.stats("P1")
        #expect(s.counts.possible == 2)
        #expect(s.counts.unauthorised == 0)
    }
}
