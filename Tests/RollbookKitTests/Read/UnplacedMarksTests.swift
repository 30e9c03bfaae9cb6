import RollbookKit
import Testing

/// The marks.csv rows the register does not hold, each with the reader's reason (the facts the
/// check rules judge).
@Suite struct UnplacedMarksTests {
    @Test func eachRowGetsTheFirstReasonThatApplies() throws {
        let school = TestSchool(asOf: "2025-09-15", pupils: TestSchool.lateJoinerRoll, marks: """
            pupil_id,date,session,mark
            P1,2025-09-01,AM,x
            Q9,2025-09-01,AM,/
            P1,2025-09-16,AM,/
            P1,2025-09-16,PM,H
            P1,2024-09-02,AM,/
            P1,2024-09-02,PM,H
            P1,2025-09-06,AM,/
            P2,2025-09-01,AM,/
            P1,2025-09-02,AM,N
            P1,2025-09-02,AM,/
            """)
        let reg = try school.register()
        let rows = reg.unplacedMarks.map { "\($0.line) \($0.reason)" }
        // After as_of or outside the year: only the withdrawn code's row is kept (lines 5 and 7).
        #expect(rows == ["2 unknownCode", "3 unknownPupil", "5 afterAsOf", "7 outsideYear", "8 notASchoolSession",
                         "9 offRoll", "10 superseded"])
        #expect(reg.unplacedMarks[1].unknownId == "Q9")
        #expect(reg.unplacedMarks[1].pupil == -1)
        #expect(reg.code(pupil: 0, slot: 2)?.text == "/")
        #expect(reg.line(pupil: 0, slot: 2) == 11)
    }

    @Test func aRowWithAnEarlierRecordedAtLosesAndTheSessionShowsBothRows() throws {
        let school = TestSchool(marks: """
            pupil_id,date,session,mark,recorded_at
            P1,2025-09-01,AM,N,2025-09-02T10:00
            P1,2025-09-01,AM,/,2025-09-01T09:00
            """)
        let reg = try school.register()
        #expect(reg.unplacedMarks.map(\.line) == [3])
        #expect(reg.code(pupil: 0, slot: 0)?.text == "N")
        let several = reg.sessionsWithSeveralRows()
        #expect(several.count == 1)
        #expect(several[0]?.map(\.text) == ["N", "/"])
        #expect(several[0]?.map(\.line) == [2, 3])
        #expect(school.findings(.conflictingMarks).map(\.line) == [2])
    }
}
