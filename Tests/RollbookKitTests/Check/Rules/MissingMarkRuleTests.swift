import RollbookKit
import Testing

@Suite struct MissingMarkRuleTests {
    @Test func firesForAPupilWithoutAMarkWhenTheClassRegisterWasTaken() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,\\", "P2,2025-09-01,AM,/",
                                                "P3,2025-09-01,AM,/", "P3,2025-09-01,PM,\\"))
        let found = school.findings(.missingMark)
        #expect(found.keys == ["P2 2025-09-01 PM"])
        let f = try #require(found.first)
        #expect((f.severity, f.className, f.mark, f.line) == (.error, "7A", nil, nil))
    }

    @Test func silentWhenEverySessionHasAMark() throws {
        let school = TestSchool(asOf: "2025-09-02", marks: everyWeekday([("P1", "/"), ("P2", "N"), ("P3", "X")], from: "2025-09-01", to: "2025-09-02"))
        #expect(school.findings(.missingMark).isEmpty)
        #expect(school.findings().isEmpty)
    }

    @Test func sessionsAfterAsOfAreNotExpected() throws {
        // Nothing at all for Tuesday, which lies after as_of.
        let school = TestSchool(asOf: "2025-09-01", marks: everyWeekday([("P1", "/"), ("P2", "/"), ("P3", "/")], from: "2025-09-01", to: "2025-09-01"))
        #expect(school.findings(.missingMark).isEmpty)
    }

    @Test func closuresAndWeekendsAreNotExpected() throws {
        // Friday 12th is an INSET day, Wednesday 17th PM is closed, 13th-14th a weekend.
        let school = TestSchool(asOf: "2025-09-17", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted",
            "P1,Amy,Ash,7A,7,2025-09-11"),
            marks: marksCSV("P1,2025-09-11,AM,/", "P1,2025-09-11,PM,\\", "P1,2025-09-15,AM,/", "P1,2025-09-15,PM,\\",
                            "P1,2025-09-16,AM,/", "P1,2025-09-16,PM,\\", "P1,2025-09-17,AM,/"))
        #expect(school.findings(.missingMark).isEmpty)
        #expect(school.findings(.registerNotTaken).isEmpty)
    }

    @Test func sessionsOffRollAreNotExpected() throws {
        let school = TestSchool(asOf: "2025-09-03", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted,left",
            "P1,Amy,Ash,7A,7,,", "P2,Ben,Birch,7A,7,2025-09-03,", "P3,Cal,Cedar,7A,7,,2025-09-01"), marks: csv(
            TestSchool.marksHeader,
            markRows("P1", "/", from: "2025-09-01", to: "2025-09-03"),
            markRows("P2", "/", from: "2025-09-03", to: "2025-09-03"),
            markRows("P3", "/", from: "2025-09-01", to: "2025-09-01")))
        #expect(school.findings(.missingMark).isEmpty)
    }

    @Test func anUnknownCodeOrAnInvalidRowIsNotAValidMark() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,l", "P1,2025-09-01,PM,\\", "P2,2025-09-01,AM,/",
                                                "P2,2025-09-31,PM,\\", "P3,2025-09-01,AM,/", "P3,2025-09-01,PM,\\")).withInvalidRows()
        #expect(school.findings(.missingMark).keys == ["P1 2025-09-01 AM", "P2 2025-09-01 PM"])
    }

    @Test func aMarkOnlyOffRollDoesNotCountAsTakingTheRegister() throws {
        // P2 left on Monday; a mark for him on Tuesday does not mean 7A's register was taken.
        let school = TestSchool(asOf: "2025-09-02", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,left",
            "P1,Amy,Ash,7A,7,", "P2,Ben,Birch,7A,7,2025-09-01"),
            marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,\\", "P2,2025-09-01,AM,/", "P2,2025-09-01,PM,\\",
                            "P2,2025-09-02,AM,/"))
        #expect(school.findings(.missingMark).isEmpty)
        #expect(school.findings(.registerNotTaken).keys == ["- 2025-09-02 AM", "- 2025-09-02 PM"])
    }
}
