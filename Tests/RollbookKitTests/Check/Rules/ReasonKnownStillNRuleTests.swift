import RollbookKit
import Testing

@Suite struct ReasonKnownStillNRuleTests {
    static let marks = csvLines(
        "pupil_id,date,session,mark,recorded_at",
        "P1,2025-09-01,AM,N,", "P1,2025-09-01,PM,N,", "P2,2025-09-01,AM,N,2025-09-01T09:00",
        "P2,2025-09-01,AM,I,2025-09-02T10:00", "P3,2025-09-01,AM,N,")

    func findings(_ contacts: String) -> [Finding] {
        TestSchool(marks: Self.marks, contacts: contacts).findings(.reasonKnownStillN)
    }

    @Test func firesWhenAParentGaveAReasonAndTheMarkIsStillN() throws {
        let found = findings(csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone"))
        #expect(found.keys == ["P1 2025-09-01 AM"])
        let f = try #require(found.first)
        #expect((f.severity, f.mark, f.line) == (.warning, "N", 2))
    }

    @Test func whenTheContactCameDoesNotMatter() throws {
        // Unlike present-despite-parent-call, a late contact still gives the reason.
        let found = findings(csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,ALL,absence,illness,2025-09-03T16:00,letter"))
        #expect(found.keys == ["P1 2025-09-01 AM", "P1 2025-09-01 PM"])
    }

    @Test func silentWithoutAContact() throws {
        #expect(findings("pupil_id,date,session,kind,reason,received_at,channel").isEmpty)
    }

    @Test func silentForALateContact() throws {
        #expect(findings(csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P3,2025-09-01,AM,late,bus,2025-09-01T08:00,phone")).isEmpty)
    }

    @Test func silentOnceTheNHasBeenReplaced() throws {
        #expect(findings(csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P2,2025-09-01,AM,absence,illness,2025-09-01T08:00,phone")).isEmpty)
    }
}
