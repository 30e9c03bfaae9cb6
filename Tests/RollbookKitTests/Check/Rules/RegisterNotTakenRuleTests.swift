import RollbookKit
import Testing

@Suite struct RegisterNotTakenRuleTests {
    @Test func oneFindingPerClassSessionWithNoPupil() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group",
            "P1,Amy,Ash,7A,7", "P2,Ben,Birch,7A,7", "P3,Cal,Cedar,7B,7", "P4,Dee,Dale,7B,7",
            "P5,Eve,Elm,7B,7"),
            marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,\\", "P2,2025-09-01,AM,/", "P2,2025-09-01,PM,\\",
                            "P3,2025-09-01,AM,/", "P4,2025-09-01,AM,/", "P5,2025-09-01,AM,N"))
        let found = school.findings(.registerNotTaken)
        #expect(found.count == 1)
        let f = try #require(found.first)
        #expect((f.pupilId, f.pupil, f.mark, f.severity) == (nil, nil, nil, .error))
        #expect((f.className, f.date, f.session) == ("7B", day("2025-09-01"), .pm))
        // ... and missing-mark does not repeat it pupil by pupil.
        #expect(school.findings(.missingMark).isEmpty)
    }

    @Test func aClassWithNoMarksAtAllGetsOneFindingPerSession() throws {
        let school = TestSchool(asOf: "2025-09-02", marks: csv(
            TestSchool.marksHeader,
            markRows("P1", "/", from: "2025-09-01", to: "2025-09-02"),
            markRows("P2", "/", from: "2025-09-01", to: "2025-09-02")))
        let found = school.findings(.registerNotTaken)
        #expect(found.map(\.className) == ["7B", "7B", "7B", "7B"])
        #expect(found.keys == ["- 2025-09-01 AM", "- 2025-09-01 PM", "- 2025-09-02 AM", "- 2025-09-02 PM"])
        #expect(school.findings(.missingMark).isEmpty)
    }

    @Test func silentWhenOnePupilOfTheClassHasAMark() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,\\", "P2,2025-09-01,PM,\\",
                                                "P3,2025-09-01,AM,/", "P3,2025-09-01,PM,\\"))
        #expect(school.findings(.registerNotTaken).isEmpty)
        #expect(school.findings(.missingMark).keys == ["P2 2025-09-01 AM"])
    }

    @Test func silentForAClassWithNoPupilOnRoll() throws {
        // 7B's only pupil has not joined yet.
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted",
            "P1,Amy,Ash,7A,7,", "P3,Cal,Cedar,7B,7,2025-09-08"),
            marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,PM,\\"))
        #expect(school.findings(.registerNotTaken).isEmpty)
    }

    @Test func silentOnClosuresAndAfterAsOf() throws {
        // Nothing for 7B at all: only its school sessions up to as_of are findings.
        let school = TestSchool(asOf: "2025-09-17", pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted",
            "P3,Cal,Cedar,7B,7,2025-09-11"), marks: "pupil_id,date,session,mark")
        let found = school.findings(.registerNotTaken)
        #expect(found.keys == [
            "- 2025-09-11 AM", "- 2025-09-11 PM", "- 2025-09-15 AM", "- 2025-09-15 PM",
            "- 2025-09-16 AM", "- 2025-09-16 PM", "- 2025-09-17 AM",
        ])
    }

    @Test func anInvalidOrUnknownCodeRowDoesNotTakeTheRegister() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group",
            "P3,Cal,Cedar,7B,7"),
            marks: marksCSV("P3,2025-09-01,AM,l", "P3,2025-09-01,XX,/")).withInvalidRows()
        #expect(school.findings(.registerNotTaken).keys == ["- 2025-09-01 AM", "- 2025-09-01 PM"])
    }
}
