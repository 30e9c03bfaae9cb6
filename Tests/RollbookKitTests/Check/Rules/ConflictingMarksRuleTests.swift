import RollbookKit
import Testing

@Suite struct ConflictingMarksRuleTests {
    @Test func firesForTwoDifferentValidCodes() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P2,2025-09-01,AM,/", "P1,2025-09-01,AM,N"))
        let found = school.findings(.conflictingMarks)
        #expect(found.keys == ["P1 2025-09-01 AM"])
        let f = try #require(found.first)
        #expect((f.severity, f.file) == (.error, "Data/marks.csv"))
        #expect(f.line == 2 || f.line == 4)
        #expect(school.findings(.duplicateMark).isEmpty)
    }

    @Test func aConflictIsNotAlsoADuplicate() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,AM,/", "P1,2025-09-01,AM,L"))
        #expect(school.findings(.conflictingMarks).count == 1)
        #expect(school.findings(.duplicateMark).isEmpty)
    }

    @Test func silentForOneRowPerSession() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,N", "P2,2025-09-01,AM,N"))
        #expect(school.findings(.conflictingMarks).isEmpty)
    }

    @Test func silentOutsideSchoolSessionsOnRoll() throws {
        // After as_of, on a weekend, and after P2 left.
        let school = TestSchool(asOf: "2025-09-08", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,left",
            "P1,Amy,Ash,7A,7,", "P2,Ben,Birch,7A,7,2025-09-01"),
            marks: marksCSV("P1,2025-09-09,AM,/", "P1,2025-09-09,AM,N", "P1,2025-09-06,AM,/", "P1,2025-09-06,AM,N",
                            "P2,2025-09-02,AM,/", "P2,2025-09-02,AM,N"))
        #expect(school.findings(.conflictingMarks).isEmpty)
        #expect(school.findings(.duplicateMark).isEmpty)
    }

    @Test func oneFindingPerPupilSession() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,AM,N", "P1,2025-09-01,AM,O",
                                                "P1,2025-09-01,PM,\\", "P1,2025-09-01,PM,I"))
        #expect(school.findings(.conflictingMarks).keys == ["P1 2025-09-01 AM", "P1 2025-09-01 PM"])
    }
}
