import Foundation
import RollbookKit
import Testing

@Suite struct LateCodeMismatchRuleTests {
    func findings(_ marks: String, yaml: String = TestSchool.standardConfig) -> [Finding] {
        TestSchool(yaml: yaml, asOf: "2025-09-02", marks: marks).findings(.lateCodeMismatch)
    }

    /// The findings for marks.csv rows with `minutes_late`, on the standard calendar.
    func findings(late rows: String...) -> [Finding] { findings(csvLines("pupil_id,date,session,mark,minutes_late", rows)) }

    @Test func lArrivingExactlyAtTheCloseIsFine() throws {
        // AM opens 08:45 and closes 09:15: 30 minutes late is 09:15. PM 13:15 to 13:30.
        #expect(findings(late: "P1,2025-09-01,AM,L,30", "P1,2025-09-01,PM,L,15", "P2,2025-09-01,AM,L,0",
                               "P2,2025-09-01,PM,L,1").isEmpty)
    }

    @Test func lArrivingAfterTheCloseIsFlagged() throws {
        let found = findings(late: "P1,2025-09-01,AM,L,31", "P1,2025-09-01,PM,L,16")
        #expect(found.keys == ["P1 2025-09-01 AM", "P1 2025-09-01 PM"])
        #expect(found.map(\.mark) == ["L", "L"])
        #expect(found.map(\.line) == [2, 3])
        #expect(found.allSatisfy { $0.severity == .warning })
    }

    @Test func uArrivingAtOrBeforeTheCloseIsFlagged() throws {
        let found = findings(late: "P1,2025-09-01,AM,U,30", "P1,2025-09-01,PM,U,5")
        #expect(found.keys == ["P1 2025-09-01 AM", "P1 2025-09-01 PM"])
        #expect(found.map(\.mark) == ["U", "U"])
    }

    @Test func uArrivingAfterTheCloseIsFine() throws {
        #expect(findings(late: "P1,2025-09-01,AM,U,31", "P1,2025-09-01,PM,U,16").isEmpty)
    }

    @Test func withoutMinutesLateNothingIsJudged() throws {
        #expect(findings(late: "P1,2025-09-01,AM,U,", "P1,2025-09-01,PM,L,").isEmpty)
    }

    @Test func usesTheRegisterTimesOfTheConfig() throws {
        let yaml = TestSchool.standardConfig.replacingOccurrences(of: "am_closes: \"09:15\"", with: "am_closes: \"09:00\"")
        let marks = csvLines(
            "pupil_id,date,session,mark,minutes_late",
            "P1,2025-09-01,AM,L,15", "P2,2025-09-01,AM,L,16")
        #expect(findings(marks, yaml: yaml).keys == ["P2 2025-09-01 AM"])
        #expect(findings(marks).isEmpty)
    }

    @Test func judgesTheEffectiveMark() throws {
        let found = findings(csvLines(
            "pupil_id,date,session,mark,minutes_late,recorded_at",
            "P1,2025-09-01,AM,L,40,2025-09-01T09:30", "P1,2025-09-01,AM,U,40,2025-09-01T09:40",
            "P2,2025-09-01,AM,U,10,2025-09-01T09:30", "P2,2025-09-01,AM,L,40,"))
        // P1 corrected L to U: fine. P2's row without recorded_at is the earlier one: U at 08:55 counts.
        #expect(found.keys == ["P2 2025-09-01 AM"])
        #expect(found.first?.mark == "U")
        #expect(found.first?.line == 4)
    }

    @Test func silentOffRollAndAfterAsOf() throws {
        #expect(findings(late: "P1,2025-09-03,AM,L,50", "P1,2025-09-06,AM,L,50").isEmpty)
    }
}
