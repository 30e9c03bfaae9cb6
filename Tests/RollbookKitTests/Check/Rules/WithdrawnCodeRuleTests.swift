import RollbookKit
import Testing

@Suite struct WithdrawnCodeRuleTests {
    @Test func firesForHJFYOnAndAfter19August2024() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,H", "P1,2025-09-01,PM,J", "P2,2025-09-01,AM,F",
                                                "P2,2025-09-01,PM,Y", "P3,2024-08-19,AM,H"))
        let found = school.findings(.withdrawnCode)
        #expect(found.map(\.mark) == ["H", "J", "F", "Y", "H"])
        #expect(found.map(\.line) == [2, 3, 4, 5, 6])
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(found.last?.date == day("2024-08-19"))
    }

    @Test func silentBefore19August2024AndForTheCodesThatReplacedThem() throws {
        let before = TestSchool(marks: marksCSV("P1,2024-08-18,AM,H", "P1,2024-07-01,PM,J", "P2,2023-09-05,AM,F", "P2,2024-08-16,PM,Y"))
        #expect(before.findings(.withdrawnCode).isEmpty)
        let replaced = TestSchool(marks: marksCSV("P1,2025-09-01,AM,J1", "P1,2025-09-01,PM,Y1", "P2,2025-09-01,AM,C", "P2,2025-09-01,PM,G"))
        #expect(replaced.findings(.withdrawnCode).isEmpty)
    }

    @Test func firesForRowsAfterAsOf() throws {
        let school = TestSchool(asOf: "2025-09-01", marks: marksCSV("P1,2025-10-01,AM,H"))
        #expect(school.findings(.withdrawnCode).keys == ["P1 2025-10-01 AM"])
    }

    @Test func firesForEveryRowOfASessionNotOnlyTheEffectiveOne() throws {
        // Line 2 is superseded by line 3 (the later row wins); both are judged.
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,H", "P1,2025-09-01,AM,F", "Q9,2025-09-01,AM,Y"))
        let found = school.findings(.withdrawnCode)
        #expect(found.map(\.line) == [2, 3, 4])
        #expect(found.last?.pupil == nil)
        #expect(found.last?.pupilId == "Q9")
        #expect(try school.register().code(pupil: 0, slot: 0)?.text == "F")
    }
}
