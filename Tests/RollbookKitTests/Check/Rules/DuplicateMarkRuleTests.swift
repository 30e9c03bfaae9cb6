import RollbookKit
import Testing

@Suite struct DuplicateMarkRuleTests {
    @Test func firesForTheSameCodeTwice() throws {
        let school = TestSchool(marks: csvLines(
            "pupil_id,date,session,mark,recorded_at",
            "P1,2025-09-01,AM,/,", "P1,2025-09-01,PM,\\,", "P1,2025-09-01,AM,/,2025-09-01T09:00",
            "P1,2025-09-01,AM,/,2025-09-01T09:05"))
        let found = school.findings(.duplicateMark)
        #expect(found.keys == ["P1 2025-09-01 AM"])
        let f = try #require(found.first)
        #expect((f.severity, f.mark) == (.warning, "/"))
        #expect([2, 4, 5].contains(f.line ?? 0))
        #expect(school.findings(.conflictingMarks).isEmpty)
    }

    @Test func silentForDifferentSessionsOrPupils() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,/", "P2,2025-09-01,AM,/"))
        #expect(school.findings(.duplicateMark).isEmpty)
    }

    @Test func countsAsOneSessionInTheStatistics() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,AM,/", "P1,2025-09-01,PM,N"))
        let s = try school.stats("P1")
        #expect(s.counts.present == 1)
        #expect(s.counts.possible == 2)
    }
}
