import RollbookKit
import Testing

@Suite struct UnexplainedAbsenceOverdueRuleTests {
    func findings(asOf: String, _ marks: String) -> [Finding] {
        TestSchool(asOf: asOf, marks: marks).findings(.unexplainedAbsenceOverdue)
    }

    static let mondayN = marksCSV("P1,2025-09-01,AM,N")

    @Test func fiveSchoolDaysLaterIsNotYetOverdue() throws {
        // Tue 2, Wed 3, Thu 4, Fri 5, Mon 8: five school days, seven calendar days.
        #expect(findings(asOf: "2025-09-08", Self.mondayN).isEmpty)
    }

    @Test func sixSchoolDaysLaterIsOverdue() throws {
        let found = findings(asOf: "2025-09-09", Self.mondayN)
        #expect(found.keys == ["P1 2025-09-01 AM"])
        let f = try #require(found.first)
        #expect((f.severity, f.mark, f.line, f.className) == (.error, "N", 2, "7A"))
    }

    /// The findings' keys for marks.csv `rows` as of `quietOn` (the last day before the N is
    /// overdue) and as of `firesOn` (the day it is).
    func overdue(_ rows: String..., quietOn: String, firesOn: String) -> (quiet: [String], fires: [String]) {
        let marks = csv(TestSchool.marksHeader, rows.joined(separator: "\n"))
        return (findings(asOf: quietOn, marks).keys, findings(asOf: firesOn, marks).keys)
    }

    @Test func aWeekendAndAnInsetDayDoNotCount() throws {
        // N on Fri 5th. After it: Mon 8, Tue 9, Wed 10, Thu 11, (INSET Fri 12), Mon 15 = 5; Tue 16 = 6.
        let k = overdue("P1,2025-09-05,PM,N", quietOn: "2025-09-15", firesOn: "2025-09-16")
        #expect(k.quiet.isEmpty && k.fires == ["P1 2025-09-05 PM"])
    }

    @Test func aDayWithOnlyItsAfternoonClosedStillCounts() throws {
        // N on Wed 10th. After it: Thu 11, (Fri 12 INSET), Mon 15, Tue 16, Wed 17 (AM only), Thu 18 = 5; Fri 19 = 6.
        let k = overdue("P1,2025-09-10,AM,N", quietOn: "2025-09-18", firesOn: "2025-09-19")
        #expect(k.quiet.isEmpty && k.fires == ["P1 2025-09-10 AM"])
    }

    @Test func halfTermDoesNotCount() throws {
        // N on Fri 17 Oct. After it: 20, 21, 22, 23, 24 Oct = 5, then half term, then Mon 3 Nov = 6.
        let k = overdue("P1,2025-10-17,AM,N", "P1,2025-10-17,PM,N", quietOn: "2025-11-02", firesOn: "2025-11-03")
        #expect(k.quiet.isEmpty && k.fires == ["P1 2025-10-17 AM", "P1 2025-10-17 PM"])
        #expect(overdue("P1,2025-10-17,AM,N", quietOn: "2025-10-31", firesOn: "2025-10-31").quiet.isEmpty)
    }

    @Test func judgesTheEffectiveMark() throws {
        let marks = csvLines(
            "pupil_id,date,session,mark,recorded_at",
            "P1,2025-09-01,AM,N,2025-09-01T09:00", "P1,2025-09-01,AM,O,2025-09-08T09:00",
            "P2,2025-09-01,AM,I,2025-09-01T09:00", "P2,2025-09-01,AM,N,2025-09-01T09:30")
        #expect(findings(asOf: "2025-09-09", marks).keys == ["P2 2025-09-01 AM"])
    }

    @Test func otherUnauthorisedCodesAreNotN() throws {
        let marks = marksCSV("P1,2025-09-01,AM,O", "P1,2025-09-01,PM,G", "P2,2025-09-01,AM,U")
        #expect(findings(asOf: "2025-09-30", marks).isEmpty)
    }

    @Test func anNOffRollIsNotJudged() throws {
        let school = TestSchool(asOf: "2025-09-30", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,left",
            "P1,Amy,Ash,7A,7,2025-09-01"),
            marks: marksCSV("P1,2025-09-02,AM,N"))
        #expect(school.findings(.unexplainedAbsenceOverdue).isEmpty)
    }
}
