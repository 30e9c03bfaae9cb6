import RollbookKit
import Testing

@Suite struct PresentDespiteParentCallRuleTests {
    /// P1 marked present both sessions of Monday 1 September; the contacts vary per test.
    static let marks = csvLines(TestSchool.marksHeader, presentAllDay(["P1", "P2", "P3"], on: "2025-09-01"))

    func findings(contacts: String, marks: String = Self.marks) -> [Finding] {
        TestSchool(marks: marks, contacts: contacts).findings(.presentDespiteParentCall)
    }

    /// The findings for contacts.csv rows under the usual header (`TestSchool.contactsHeader`).
    func findings(calls rows: String...) -> [Finding] { findings(contacts: csvLines(TestSchool.contactsHeader, rows)) }

    @Test func firesWhenTheCallCameBeforeTheRegisterClosed() throws {
        let found = findings(calls: "P1,2025-09-01,AM,absence,illness,2025-09-01T08:30,phone")
        #expect(found.keys == ["P1 2025-09-01 AM"])
        let f = try #require(found.first)
        #expect((f.severity, f.mark, f.className, f.file, f.line) == (.error, "/", "7A", "Data/marks.csv", 2))
    }

    @Test func aCallReceivedAfterTheRegisterClosedIsNotFlagged() throws {
        #expect(findings(calls: "P1,2025-09-01,AM,absence,illness,2025-09-01T09:40,phone").isEmpty)
    }

    @Test func aCallReceivedAtExactlyTheCloseIsNotFlagged() throws {
        #expect(findings(calls: "P1,2025-09-01,AM,absence,illness,2025-09-01T09:15,phone",
                                "P1,2025-09-01,PM,absence,illness,2025-09-01T13:30:00,phone").isEmpty)
    }

    @Test func aCallOneSecondBeforeTheCloseIsFlagged() throws {
        let found = findings(calls: "P1,2025-09-01,AM,absence,illness,2025-09-01T09:14:59,phone")
        #expect(found.keys == ["P1 2025-09-01 AM"])
    }

    @Test func aCallWithNoReceivedAtIsFlagged() throws {
        let found = findings(calls: "P1,2025-09-01,PM,absence,dentist,,")
        #expect(found.keys == ["P1 2025-09-01 PM"])
        #expect(found.first?.mark == "\\")
        #expect(found.first?.line == 3)
    }

    @Test func theContactsFileMayLackTheReceivedAtColumn() throws {
        let found = findings(contacts: csvLines(
            "pupil_id,date,session",
            "P2,2025-09-01,AM"))
        #expect(found.keys == ["P2 2025-09-01 AM"])
    }

    @Test func aCallTheDayBeforeIsFlagged() throws {
        let found = findings(calls: "P1,2025-09-01,AM,absence,illness,2025-08-31T19:00,email")
        #expect(found.keys == ["P1 2025-09-01 AM"])
    }

    @Test func thePMRegisterCloseIsUsedForPM() throws {
        // 12:00 is after the AM close but before the PM close.
        let found = findings(calls: "P1,2025-09-01,PM,absence,illness,2025-09-01T12:00,phone",
                                    "P2,2025-09-01,PM,absence,illness,2025-09-01T13:31,phone")
        #expect(found.keys == ["P1 2025-09-01 PM"])
    }

    @Test func aContactForBothSessionsCoversBoth() throws {
        let found = findings(calls: "P1,2025-09-01,,absence,illness,2025-09-01T08:00,phone",
                                    "P2,2025-09-01,ALL,,illness,2025-09-01T12:00,phone")
        // P2's call came after the AM register closed, before the PM one.
        #expect(found.keys == ["P1 2025-09-01 AM", "P1 2025-09-01 PM", "P2 2025-09-01 PM"])
    }

    @Test func lateIsPresentToo() throws {
        let found = findings(contacts: csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone"),
            marks: marksCSV("P1,2025-09-01,AM,L"))
        #expect(found.keys == ["P1 2025-09-01 AM"])
        #expect(found.first?.mark == "L")
    }

    @Test func silentForALateContactOrAnAbsentMark() throws {
        #expect(findings(calls: "P1,2025-09-01,AM,late,bus,2025-09-01T08:00,phone").isEmpty)
        #expect(findings(contacts: csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone",
            "P2,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone",
            "P3,2025-09-01,AM,absence,trip,2025-09-01T08:00,phone"),
            marks: marksCSV("P1,2025-09-01,AM,I", "P2,2025-09-01,AM,N", "P3,2025-09-01,AM,V")).isEmpty)
    }

    @Test func judgesTheEffectiveMark() throws {
        // The office corrected / to I: the corrected mark is the one that counts.
        let corrected = csvLines(
            "pupil_id,date,session,mark,recorded_at",
            "P1,2025-09-01,AM,/,2025-09-01T09:00", "P1,2025-09-01,AM,I,2025-09-01T10:00",
            "P2,2025-09-01,AM,I,2025-09-01T08:50", "P2,2025-09-01,AM,/,2025-09-01T09:00")
        let found = findings(contacts: csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone",
            "P2,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone"), marks: corrected)
        #expect(found.keys == ["P2 2025-09-01 AM"])
        #expect(found.first?.line == 5)
    }

    @Test func silentWhenTheContactIsAboutAnotherDay() throws {
        #expect(findings(calls: "P1,2025-09-02,AM,absence,illness,2025-09-01T08:00,phone").isEmpty)
    }
}
