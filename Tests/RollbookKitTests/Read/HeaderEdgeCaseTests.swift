import Testing
@testable import RollbookKit

/// Repeated columns and an empty optional file: told as warnings, never a reason to stop.
@Suite struct HeaderEdgeCaseTests {
    static func load(marks: String, contacts: String?) throws -> Register {
        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        return try ProjectLoader.load(
            config: config, asOf: Day(parsing: "2025-09-02")!,
            pupils: CSVFile(displayPath: "Data/pupils.csv", text: "pupil_id,forename,surname,class,year_group\nP1,Amy,Ash,7A,7\n"),
            marks: CSVFile(displayPath: "Data/marks.csv", text: marks),
            contacts: contacts.map { CSVFile(displayPath: "Data/contacts.csv", text: $0) })
    }

    @Test func aRepeatedKnownColumnIsAWarningAndTheFirstIsUsed() throws {
        let reg = try Self.load(marks: "pupil_id,date,session,mark,Mark\nP1,2025-09-01,AM,/,O\nP1,2025-09-01,PM,\\,O\n", contacts: nil)
        #expect(reg.warnings.map(\.description) == ["Data/marks.csv:1: warning: column `mark` appears twice (columns 4 and 5); column 4 is used"])
        #expect(reg.code(pupil: 0, slot: 0)?.text == "/")
        #expect(reg.code(pupil: 0, slot: 1)?.text == "\\")
    }

    @Test func anEmptyContactsFileIsAWarning() throws {
        let reg = try Self.load(marks: "pupil_id,date,session,mark\nP1,2025-09-01,AM,/\n", contacts: "")
        #expect(reg.contacts.isEmpty)
        #expect(reg.warnings.map(\.description) == ["Data/contacts.csv: warning: the file is empty: expected a header row naming pupil_id, date; no contacts read"])
    }

    @Test func anEmptyMarksFileStillStopsTheRun() {
        #expect(throws: InputError.self) { try Self.load(marks: "", contacts: nil) }
    }
}
