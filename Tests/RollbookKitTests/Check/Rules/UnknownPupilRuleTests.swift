import RollbookKit
import Testing

@Suite struct UnknownPupilRuleTests {
    @Test func firesForAMarksRow() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P99,2025-09-01,PM,N"))
        let found = school.findings(.unknownPupil)
        #expect(found.count == 1)
        let f = try #require(found.first)
        #expect((f.pupilId, f.pupil, f.className, f.severity) == ("P99", nil, nil, .error))
        #expect((f.date, f.session, f.file, f.line) == (day("2025-09-01"), .pm, "Data/marks.csv", 3))
    }

    @Test func firesForContactsRowsWithSessionNullWhenBothSessions() throws {
        let school = TestSchool(marks: TestSchool.marksHeader, contacts: csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,AM,absence,illness,,", "P42,2025-09-01,,absence,illness,,",
            "P43,2025-09-01,ALL,absence,illness,,", "P44,2025-09-01,PM,absence,illness,,"))
        let found = school.findings(.unknownPupil)
        #expect(found.map(\.pupilId) == ["P42", "P43", "P44"])
        #expect(found.map(\.session) == [nil, nil, .pm])
        #expect(found.map(\.file) == ["Data/contacts.csv", "Data/contacts.csv", "Data/contacts.csv"])
        #expect(found.map(\.line) == [3, 4, 5])
    }

    @Test func oneFindingPerRowWhateverTheDate() throws {
        let school = TestSchool(asOf: "2025-09-01", marks: marksCSV("P99,2025-09-01,AM,/", "P99,2025-09-01,PM,\\",
            "P99,2025-12-01,AM,/", "P99,2025-09-06,AM,/"))
        #expect(school.findings(.unknownPupil).map(\.line) == [2, 3, 4, 5])
    }

    @Test func contactsAfterAsOfToo() throws {
        let school = TestSchool(asOf: "2025-09-01", marks: TestSchool.marksHeader, contacts: csvLines(
            "pupil_id,date,session",
            "P77,2025-11-20,AM"))
        #expect(school.findings(.unknownPupil).map(\.pupilId) == ["P77"])
    }

    @Test func silentForKnownPupils() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P2,2025-09-06,AM,/"), contacts: csvLines(
            "pupil_id,date",
            "P3,2025-09-01"))
        #expect(school.findings(.unknownPupil).isEmpty)
    }

    @Test func idsAreMatchedExactlyAfterTrimming() throws {
        let school = TestSchool(marks: marksCSV(" P1 ,2025-09-01,AM,/", "p1,2025-09-01,PM,/"))
        #expect(school.findings(.unknownPupil).map(\.pupilId) == ["p1"])
    }
}
