@testable import RollbookKit
import Testing

/// Spec section 11, the clauses about the CSV files, one test (or more) per clause.
@Suite struct Section11Tests {
    static let roll = """
        pupil_id,forename,surname,class,year_group,admitted,left
        P1,Amy,Ash,7A,7,,
        P2,Ben,Birch,7A,7,2025-09-10,2025-09-05
        P3,Cal,Cedar,7B,7,,
        """

    func school(pupils: String = Section11Tests.roll, marks: String, contacts: String? = nil, asOf: String = "2025-09-05") -> TestSchool {
        TestSchool(asOf: asOf, pupils: pupils, marks: marks, contacts: contacts).withInvalidRows()
    }

    func rules(_ fs: [Finding]) -> [String] { fs.map { "\($0.rule) \($0.file ?? "-"):\($0.line.map(String.init) ?? "-")" }.sorted() }

    // A pupil whose `left` is before `admitted` is an invalid-row; their marks are unknown-pupil,
    // saying that the pupil's own row was skipped.
    @Test func leftBeforeAdmittedIsAnInvalidRowAndTheMarksSaySo() throws {
        let s = school(marks: csv(TestSchool.marksHeader, "P2,2025-09-01,AM,/", "P1,2025-09-01,AM,/"),
                       contacts: csv(TestSchool.contactsHeader, "P2,2025-09-02,,absence,ill,,phone"))
        let fs = s.findings()
        let invalid = fs.filter { $0.rule == .invalidRow }
        #expect(invalid.map(\.message) == ["row skipped: left 2025-09-05 is before admitted 2025-09-10"])
        #expect(invalid.first?.line == 3 && invalid.first?.file == "Data/pupils.csv")
        let unknown = fs.filter { $0.rule == .unknownPupil }
        #expect(unknown.count == 2)
        #expect(unknown.allSatisfy { $0.pupilId == "P2" && $0.message.hasSuffix("whose own row in Data/pupils.csv (line 3) was skipped because it could not be read") })
        #expect(try s.register().pupilIndex["P2"] == nil)
    }

    @Test func anyUnreadablePupilsRowMakesItsMarksSaySo() {
        let pupils = csv("pupil_id,forename,surname,class,year_group,admitted", "P1,Amy,Ash,7A,7,", "P2,Ben,Birch,7A,7,not-a-date", "P3,Cal,Cedar,7B")
        let fs = school(pupils: pupils, marks: csv(TestSchool.marksHeader, "P2,2025-09-01,AM,/", "P3,2025-09-01,AM,/", "P9,2025-09-01,AM,/")).findings(.unknownPupil)
        #expect(fs.map(\.message) == [
            "mark `/` for pupil_id `P2` on 2025-09-01 AM, whose own row in Data/pupils.csv (line 3) was skipped because it could not be read",
            "mark `/` for pupil_id `P3` on 2025-09-01 AM, whose own row in Data/pupils.csv (line 4) was skipped because it could not be read",
            "mark `/` for pupil_id `P9` on 2025-09-01 AM, who is not in Data/pupils.csv"])
    }

    @Test func anEmptyAdmittedIsNeverAfterLeft() throws {
        let pupils = csv("pupil_id,forename,surname,class,year_group,admitted,left", "P1,Amy,Ash,7A,7,,2025-07-18", "P3,Cal,Cedar,7B,7,,")
        let s = school(pupils: pupils, marks: csv(TestSchool.marksHeader, markRows("P3", "/", from: "2025-09-01", to: "2025-09-05")))
        let fs = s.findings()
        #expect(fs.isEmpty, "\(fs.map(\.compilerStyle))")
        #expect(try s.stats("P1").counts.possible == 0)
    }

    @Test func duplicatePupilPointsAtEachLaterRow() {
        let pupils = csv("pupil_id,forename,surname,class,year_group", "P1,Amy,Ash,7A,7", "P1,Amy,Ash,7B,7", "P3,Cal,Cedar,7B,7", "P1,Ann,Ash,7C,7")
        let fs = school(pupils: pupils, marks: TestSchool.marksHeader).findings(.duplicatePupil)
        #expect(fs.map(\.line) == [3, 5])
        #expect(fs.allSatisfy { $0.file == "Data/pupils.csv" && $0.severity == .error })
    }

    // Rows outside the academic year: only unknown-code, unknown-pupil and withdrawn-code.
    @Test func rowsOutsideTheAcademicYearGetOnlyThreeRules() {
        let marks = csv(TestSchool.marksHeader,
                        "P1,2025-08-29,AM,/", "P1,2025-08-29,AM,N",  // before year.start: no closure, no conflict
                        "P1,2025-08-28,AM,XX", "P9,2025-08-28,AM,/", "P1,2025-08-27,PM,H",
                        "P1,2026-07-23,AM,/")  // after year.end (as_of after it)
        let fs = school(marks: marks, asOf: "2026-08-31").findings().filter { $0.date.map { $0 < day("2025-09-01") || day("2026-07-22") < $0 } ?? false }
        #expect(rules(fs) == ["unknown-code Data/marks.csv:4", "unknown-pupil Data/marks.csv:5", "withdrawn-code Data/marks.csv:6"])
    }

    // duplicate-mark on valid codes only; mark-on-closure and mark-outside-enrolment for valid
    // codes of known pupils only.
    @Test func sessionRulesLookOnlyAtValidCodesOfKnownPupils() {
        let marks = csv(TestSchool.marksHeader,
                        "P1,2025-09-01,AM,XX", "P1,2025-09-01,AM,XX", "P1,2025-09-01,AM,/",  // one valid row: no duplicate-mark
                        "P1,2025-09-06,AM,XX",  // Saturday, unknown code: not mark-on-closure
                        "P9,2025-09-06,AM,/",   // Saturday, unknown pupil: not mark-on-closure
                        "P9,2025-09-02,AM,/",
                        "P3,2025-09-02,AM,/", "P3,2025-09-02,AM,/")  // a real duplicate
        let fs = school(marks: marks).findings().filter { $0.rule != .missingMark && $0.rule != .registerNotTaken }
        #expect(rules(fs) == ["duplicate-mark Data/marks.csv:8", "invalid-row Data/pupils.csv:3",
                              "unknown-code Data/marks.csv:2", "unknown-code Data/marks.csv:3", "unknown-code Data/marks.csv:5",
                              "unknown-pupil Data/marks.csv:6", "unknown-pupil Data/marks.csv:7"])
    }

    @Test func ukDatesMayHaveOneDigitDayAndMonth() throws {
        let pupils = csv("pupil_id,forename,surname,class,year_group,admitted", "P1,Amy,Ash,7A,7,2/9/2025")
        let s = school(pupils: pupils, marks: csv(TestSchool.marksHeader, "P1,1/9/2025,AM,Z", "P1,2/9/2025,AM,/", "P1,02/9/2025,PM,/"), asOf: "2025-09-02")
        let fs = s.findings()
        #expect(fs.isEmpty, "\(fs.map(\.compilerStyle))")
        #expect(try s.register().pupils[0].admitted == day("2025-09-02"))
    }

    @Test func aDateColumnHoldingATimeIsAnInvalidRow() {
        let pupils = csv("pupil_id,forename,surname,class,year_group,admitted,left",
                         "P1,Amy,Ash,7A,7,,", "P2,Ben,Birch,7A,7,2025-09-01T08:45,", "P3,Cal,Cedar,7B,7,,01/09/2026 08:45")
        let marks = csv(TestSchool.marksHeader, "P1,2025-09-01T08:45,AM,/", "P1,01/09/2025 08:45,PM,/", "P1,2025-09-02,AM,/")
        let contacts = csv(TestSchool.contactsHeader, "P1,2025-09-03 09:00,AM,absence,ill,,phone")
        let fs = school(pupils: pupils, marks: marks, contacts: contacts, asOf: "2025-09-02").findings(.invalidRow)
        #expect(rules(fs) == ["invalid-row Data/contacts.csv:2", "invalid-row Data/marks.csv:2", "invalid-row Data/marks.csv:3",
                              "invalid-row Data/pupils.csv:3", "invalid-row Data/pupils.csv:4"])
    }

    @Test func contactKindAndSessionAreCaseInsensitiveAndAbsentMeansAbsence() throws {
        let contacts = csv(TestSchool.contactsHeader,
                           "P1,2025-09-01,am,ABSENT,ill,,phone", "P1,2025-09-02,All,Absence,ill,,phone",
                           "P1,2025-09-03,pM,LATE,bus,,phone", "P1,2025-09-04,,holiday,,,phone")
        let s = school(marks: TestSchool.marksHeader, contacts: contacts)
        let reg = try s.register()
        #expect(reg.contacts.map(\.kind) == [.absence, .absence, .late, .other])
        #expect(reg.contacts.map(\.session) == [.am, nil, .pm, nil])
        #expect(s.findings(.invalidRow).filter { $0.file != "Data/pupils.csv" }.isEmpty)
    }

    @Test func contactRulesGiveOneFindingPerPupilSessionAtTheMarksRow() {
        let contacts = csv(TestSchool.contactsHeader, "P1,2025-09-01,AM,absence,ill,,phone", "P1,2025-09-01,,Absent,ill,,app")
        let fs = school(marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,N"), contacts: contacts).findings(.reasonKnownStillN)
        #expect(fs.count == 1)
        #expect(fs.first?.file == "Data/marks.csv" && fs.first?.line == 2)
    }

    @Test func percentagesAreNullWhenNothingIsPossible() throws {
        let pupils = csv("pupil_id,forename,surname,class,year_group,admitted", "P1,Amy,Ash,7A,7,2025-10-01")
        let s = school(pupils: pupils, marks: TestSchool.marksHeader)
        let st = try s.stats("P1")
        #expect(st.counts.possible == 0 && st.counts.attendancePct == nil && st.counts.authorisedPct == nil && st.counts.unauthorisedPct == nil)
        let reg = try s.register()
        let csvOut = StatsReport.csv(reg, by: .pupil).split(separator: "\n")
        #expect(csvOut.count == 2 && csvOut[1].contains(",0,0,0,0,0,0,0,0,,,,false,false,"))
        #expect(StatsReport.json(reg, by: .pupil).contains("\"attendance_pct\": null"))
    }

    @Test func aRowOfOnlyCommasAndSpacesIsABlankLine() throws {
        let marks = "pupil_id,date,session,mark\r\n,,,\r\nP1,2025-09-01,AM,/\r\n , ,\t,\r\n,\r\nP1,2025-09-01,PM,N\n,,, ,\n"
        let s = school(marks: marks, asOf: "2025-09-01")
        let fs = s.findings().filter { $0.pupilId == "P1" }
        #expect(fs.isEmpty, "\(fs.map(\.compilerStyle))")
        let reg = try s.register()
        #expect(reg.line(pupil: 0, slot: 0) == 3 && reg.line(pupil: 0, slot: 1) == 6)
    }

    @Test func aNeverClosedQuoteIsAnInvalidRowAndReadingResumesOnTheNextLine() throws {
        let marks = csv(TestSchool.marksHeader, "P1,\"2025-09-01,AM,/", "P1,2025-09-01,PM,N", "P3,2025-09-01,AM,/", "P3,2025-09-01,PM,/")
        let s = school(marks: marks, asOf: "2025-09-01")
        let fs = s.findings(.invalidRow).filter { $0.file == "Data/marks.csv" }
        #expect(fs.map(\.line) == [2])
        #expect(fs.first?.message == "row skipped: unterminated quoted field")
        let reg = try s.register()
        #expect(reg.code(pupil: 0, slot: 1) == AttendanceCode("N"))
        #expect(reg.code(pupil: reg.pupilIndex["P3"]!, slot: 0) == AttendanceCode("/"))
    }

    @Test func idsAndClassNamesAreComparedByteForByte() throws {
        let nfc = "Zo\u{E9}", nfd = "Zoe\u{301}"
        #expect(nfc == nfd)  // Swift's String == is canonical equivalence: not what the spec wants
        let pupils = csv("pupil_id,forename,surname,class,year_group", "\(nfc),Amy,Ash,7\u{C9},7", "\(nfd),Ben,Birch,7E\u{301},7")
        let marks = csv(TestSchool.marksHeader, "\(nfc),2025-09-01,AM,/", "\(nfd),2025-09-01,AM,N", "\(nfd),2025-09-01,PM,N")
        let s = school(pupils: pupils, marks: marks, asOf: "2025-09-01")
        let reg = try s.register()
        #expect(reg.pupils.count == 2)
        #expect(reg.pupilIndex[nfc] == 0 && reg.pupilIndex[nfd] == 1)
        #expect(reg.code(pupil: 0, slot: 0) == AttendanceCode("/") && reg.code(pupil: 1, slot: 0) == AttendanceCode("N"))
        let fs = s.findings()
        #expect(!fs.contains { $0.rule == .duplicatePupil || $0.rule == .conflictingMarks })
        #expect(Set(fs.filter { $0.rule == .registerNotTaken }.compactMap { $0.className.map { Array($0.utf8) } }) == [Array("7\u{C9}".utf8)])
        let classes = GroupStats.byClass(reg, Statistics.allPupils(reg))
        #expect(classes.count == 2)
        #expect(CheckContext(register: reg).classNames.count == 2)
    }

    @Test func timeStampsFrom1900To2999OrderCorrectly() throws {
        let marks = csv("pupil_id,date,session,mark,recorded_at",
                        "P1,2025-09-01,AM,/,2200-01-01T10:00", "P1,2025-09-01,AM,N,2130-06-01 09:00",     // after 2126: 2200 wins
                        "P1,2025-09-01,PM,N,1900-01-01T00:00", "P1,2025-09-01,PM,/,1989-12-31T23:59:59",  // before 1990: 1989 wins
                        "P3,2025-09-01,AM,/,2999-12-31T23:59:59", "P3,2025-09-01,AM,N,2999-12-31T23:59:58",
                        "P3,2025-09-01,PM,/,2025-09-01 09:00", "P3,2025-09-01,PM,N,1950-01-01T09:00")
        let reg = try school(marks: marks, asOf: "2025-09-01").register()
        #expect(reg.code(pupil: 0, slot: 0) == AttendanceCode("/"))
        #expect(reg.code(pupil: 0, slot: 1) == AttendanceCode("/"))
        #expect(reg.code(pupil: reg.pupilIndex["P3"]!, slot: 0) == AttendanceCode("/"))
        #expect(reg.code(pupil: reg.pupilIndex["P3"]!, slot: 1) == AttendanceCode("/"))
        #expect(reg.invalidRows.filter { $0.file == "Data/marks.csv" }.isEmpty)
    }

    @Test func aTimeStampYearOutside1900To2999IsAnInvalidRow() {
        let marks = csv("pupil_id,date,session,mark,recorded_at", "P1,2025-09-01,AM,/,1899-12-31T23:59", "P1,2025-09-01,PM,/,3000-01-01T00:00")
        let contacts = csv(TestSchool.contactsHeader, "P1,2025-09-01,AM,absence,ill,0999-01-01T10:00,phone")
        let fs = school(marks: marks, contacts: contacts, asOf: "2025-09-01").findings(.invalidRow).filter { $0.file != "Data/pupils.csv" }
        #expect(fs.map(\.message) == ["row skipped: received_at `0999-01-01T10:00` has a year outside 1900 to 2999",
                                      "row skipped: recorded_at `1899-12-31T23:59` has a year outside 1900 to 2999",
                                      "row skipped: recorded_at `3000-01-01T00:00` has a year outside 1900 to 2999"])
    }

    @Test func minutesLateMayHaveLeadingZeros() throws {
        let marks = csv("pupil_id,date,session,mark,minutes_late", "P1,2025-09-01,AM,L,0000031", "P3,2025-09-01,AM,L,00",
                        "P3,2025-09-01,PM,U," + String(repeating: "9", count: 40))
        let s = school(marks: marks, asOf: "2025-09-01")
        #expect(s.findings(.invalidRow).filter { $0.file == "Data/marks.csv" }.isEmpty)
        // 08:45 + 31 minutes is after 09:15: L then is a late-code-mismatch, so 31 was read.
        #expect(s.findings(.lateCodeMismatch).map(\.key) == ["P1 2025-09-01 AM"])
    }
}
