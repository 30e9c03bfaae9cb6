import RollbookKit
import Testing

@Suite struct InvalidRowRuleTests {
    @Test func marksRowsThatCannotBeRead() throws {
        let school = TestSchool(marks: csvLines(
            "pupil_id,date,session,mark,minutes_late,recorded_at",
            "P1,2025-09-01,AM,/,,", "P1,2025-09-01,PM", "", "P2,2026-02-30,AM,/,,",
            "P2,2025-09-01,XM,/,,", ",2025-09-01,PM,/,,", "P3,2025-09-01,AM,,,",
            "P3,2025-09-01,PM,L,five,", "P2,2025-09-01,PM,\\,,2025-09-01 1pm",
            "P1,2025-09-01,PM,\\,,2025-09-01T13:20", "P3,2025-09-01,PM,L,-5,",
            "P3,2025-09-01,PM,L,2.5,", "P3,2025-09-01,PM,L,,2025-13-01T09:00", "P3,2025-9-1,PM,L,,",
            "P3,2025-09-01,,L,,", "P3,2025-09-01,PM,/,,,")).withInvalidRows()
        let found = school.findings(.invalidRow)
        #expect(found.map(\.line) == [3, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17])
        #expect(found.allSatisfy { $0.file == "Data/marks.csv" && $0.severity == .error })
    }

    @Test func aSkippedRowIsNotAMark() throws {
        let school = TestSchool(marks: csvLines(
            "pupil_id,date,session,mark,minutes_late",
            "P1,2025-09-01,AM,/,", "P1,2025-09-01,PM,\\,soon", "P2,2025-09-01,AM,/,",
            "P2,2025-09-01,PM,\\,")).withInvalidRows()
        #expect(school.findings(.invalidRow).map(\.line) == [3])
        #expect(school.findings(.missingMark).keys == ["P1 2025-09-01 PM"])
        #expect(try school.stats("P1").counts.missing == 1)
    }

    @Test func validVariantsAreNotFlagged() throws {
        // Lower-case sessions, UK dates, seconds in recorded_at, zero minutes.
        let school = TestSchool(marks: csvLines(
            "pupil_id,date,session,mark,minutes_late,recorded_at",
            "P1,2025-09-01,am,/,,", "P1,01/09/2025,Pm,L,0,2025-09-01T13:20:05",
            "P2,2025-09-01,AM,L,12,2025-09-01T09:00"))
        #expect(school.findings(.invalidRow).isEmpty)
        #expect(school.findings(.missingMark).keys == ["P2 2025-09-01 PM"])
    }

    @Test func aQuotedNewlineMovesTheNextRowDown() throws {
        let school = TestSchool(marks: TestSchool.marksHeader, contacts: csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,AM,absence,\"Sick,", "\"\"very\"\" poorly\",2025-09-01T08:00,phone",
            "P1,2025-09-31,AM,absence,illness,,", "P2,2025-09-01,EVE,absence,illness,,",
            "P3,2025-09-01,AM,absence,illness,yesterday,", "P3,,AM,absence,illness,,",
            "P3,2025-09-01,AM,absence,illness")).withInvalidRows()
        let found = school.findings(.invalidRow)
        #expect(found.map(\.line) == [4, 5, 6, 7, 8])
        #expect(found.allSatisfy { $0.file == "Data/contacts.csv" })
        let reg = try school.register()
        #expect(reg.contacts.count == 1)
        #expect(reg.contacts.first?.reason == "Sick,\n\"very\" poorly")
        #expect(reg.contacts.first?.line == 2)
    }

    @Test func pupilsRowsThatCannotBeRead() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted,left",
            "P1,Amy,Ash,7A,7,,", "P2,Ben,,7A,7,,", "P3,Cal,Cedar,7A,7,31/02/2025,",
            "P4,Dee,Dale,7A,7,,someday", "P5,Eve,Elm,7A", ",Fay,Fir,7A,7,,", "P7,Gus,Gorse,7A,,,",
            "P8,Hal,Hazel,7A,7,03/09/2025,"), marks: TestSchool.marksHeader).withInvalidRows()
        let found = school.findings(.invalidRow)
        #expect(found.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(found.allSatisfy { $0.file == "Data/pupils.csv" })
        let reg = try school.register()
        #expect(reg.pupils.map(\.id) == ["P1", "P8"])
        #expect(reg.pupils.last?.admitted == day("2025-09-03"))
    }

    @Test func silentForACleanFile() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/"), contacts: csvLines(
            "pupil_id,date,session,kind,reason,received_at,channel",
            "P1,2025-09-01,ALL,,,,"))
        #expect(school.findings(.invalidRow).isEmpty)
    }
}
