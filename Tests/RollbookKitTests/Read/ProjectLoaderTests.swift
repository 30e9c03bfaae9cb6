import Foundation
import RollbookKit
import Testing

/// Spec section 3: how the input files are read.
@Suite struct ProjectLoaderTests {
    static let config = try! ProjectConfig.parse(yaml: TestSchool.standardConfig)

    func load(pupils: [UInt8], marks: [UInt8] = Array(TestSchool.marksHeader.utf8), contacts: [UInt8]? = nil,
              asOf: String = "2025-09-01") throws -> Register {
        try ProjectLoader.load(
            config: Self.config, asOf: day(asOf),
            pupils: CSVFile(displayPath: "Data/pupils.csv", rawBytes: pupils),
            marks: CSVFile(displayPath: "Data/marks.csv", rawBytes: marks),
            contacts: contacts.map { CSVFile(displayPath: "Data/contacts.csv", rawBytes: $0) })
    }

    /// `load` of CSV text (UTF-8) rather than bytes.
    func load(pupils: String, marks: String) throws -> Register {
        try load(pupils: Array(pupils.utf8), marks: Array(marks.utf8))
    }

    /// The first pupil's id, forename, surname, class and year group, as read.
    func firstPupil(_ reg: Register) throws -> [String] {
        let p = try #require(reg.pupils.first)
        return [p.id, p.forename, p.surname, p.className, p.yearGroup]
    }

    func inputError(_ body: () throws -> Register) -> InputError? {
        do { _ = try body(); return nil } catch let e as InputError { return e } catch { return nil }
    }

    @Test func aByteOrderMarkIsIgnored() throws {
        let reg = try load(pupils: [0xEF, 0xBB, 0xBF] + Array("pupil_id,forename,surname,class,year_group\nP1,Amy,Ash,7A,7\n".utf8))
        #expect(reg.pupils.map(\.id) == ["P1"])
        #expect(reg.warnings.isEmpty)
    }

    @Test func crlfLineEnds() throws {
        let reg = try load(
            pupils: Array("pupil_id,forename,surname,class,year_group\r\nP1,Amy,Ash,7A,7\r\n".utf8),
            marks: Array("pupil_id,date,session,mark\r\nP1,2025-09-01,AM,/\r\nP1,2025-09-01,PM,\\\r\nP1,2025-09-01,XX,/\r\n".utf8))
        #expect(reg.pupils.first?.yearGroup == "7")
        let findings = Checker.check(reg)
        #expect(findings.map(\.rule) == [.invalidRow])
        #expect(findings.first?.line == 4)
    }

    @Test func windows1252SurnameWithAWarning() throws {
        let bytes = Array("pupil_id,forename,surname,class,year_group\nP1,Ren".utf8) + [0xE9, 0x65]
            + Array(",Beaupr".utf8) + [0xE9] + Array(",7A,7\n".utf8)
        let reg = try load(pupils: bytes)
        #expect(reg.pupils.first?.forename == "Renée")
        #expect(reg.pupils.first?.surname == "Beaupré")
        #expect(reg.warnings.count == 1)
        #expect(reg.warnings.first?.level == .warning)
        #expect(reg.warnings.first?.path == "Data/pupils.csv")
    }

    @Test func utf16WithABOM() throws {
        let text = "pupil_id,forename,surname,class,year_group\nP1,Zoë,Ash,7A,7\n"
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let reg = try load(pupils: bytes)
        #expect(reg.pupils.first?.forename == "Zoë")
        #expect(reg.pupils.first?.className == "7A")
    }

    @Test func ukDates() throws {
        let reg = try load(
            pupils: Array("pupil_id,forename,surname,class,year_group,admitted,left\nP1,Amy,Ash,7A,7,02/09/2025,31/12/2025\n".utf8),
            marks: Array("pupil_id,date,session,mark\nP1,02/09/2025,AM,N\nP1,2/9/2025,PM,N\n".utf8),
            contacts: Array("pupil_id,date,received_at\nP1,02/09/2025,2025-09-02T08:00\n".utf8),
            asOf: "2025-09-02")
        #expect(reg.pupils.first?.admitted == day("2025-09-02"))
        #expect(reg.pupils.first?.left == day("2025-12-31"))
        #expect(reg.contacts.first?.date == day("2025-09-02"))
        #expect(Statistics.pupil(0, in: reg).counts.unauthorised == 2)
        #expect(reg.invalidRows.isEmpty)
    }

    @Test func headersInAnyOrderAndCaseWithSpacesAndExtraColumns() throws {
        let reg = try load(
            pupils: " Year_Group ,CLASS, Surname,teacher,Forename , Pupil_ID\n7,7A,Ash,Mrs Oak,Amy,P1\n",
            marks: "Notes, MARK ,Session,DATE,pupil_id,Room\nhello,N,am,2025-09-01,P1,12\n,/,PM,2025-09-01,P1,\n")
        #expect(try firstPupil(reg) == ["P1", "Amy", "Ash", "7A", "7"])
        let c = Statistics.pupil(0, in: reg).counts
        #expect(c.unauthorised == 1)
        #expect(c.present == 1)
        #expect(Checker.check(reg).isEmpty)
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let reg = try load(
            pupils: Array("pupil_id,forename,surname,class,year_group\n\nP1,Amy,Ash,7A,7\n   \n\n".utf8),
            marks: Array("pupil_id,date,session,mark\n\n\nP1,2025-09-01,AM,/\n\nP1,2025-09-01,PM,%\n".utf8))
        #expect(reg.pupils.map(\.line) == [3])
        let f = Checker.check(reg)
        // P1 is 7A's only pupil, so the unknown code leaves the PM register untaken.
        #expect(f.map(\.rule) == [.registerNotTaken, .unknownCode])
        #expect(f.last?.line == 6)
    }

    @Test func quotedFieldsAndTrimming() throws {
        let reg = try load(
            pupils: "pupil_id,forename,surname,class,year_group\n  P1  ,\"Amy, Jo\",\"O\"\"Neill\",\" 7A \", 7 \n",
            marks: "pupil_id,date,session,mark\n P1 , 2025-09-01 , AM , / \n\"P1\",\"2025-09-01\",\"PM\",\"\\\"\n")
        #expect(try firstPupil(reg) == ["P1", "Amy, Jo", "O\"Neill", "7A", "7"])
        #expect(Statistics.pupil(0, in: reg).counts.present == 2)
        #expect(Checker.check(reg).isEmpty)
    }

    @Test func aMissingRequiredColumnNamesTheFileAndTheColumn() throws {
        let e = try #require(inputError {
            try load(pupils: Array("pupil_id,forename,surname,year_group\nP1,Amy,Ash,7\n".utf8))
        })
        #expect(e.diagnostics.count == 1)
        #expect(e.diagnostics.first?.path == "Data/pupils.csv")
        #expect(e.diagnostics.first?.message.contains("class") == true)
        #expect(e.diagnostics.first?.level == .error)
    }

    @Test func everyMissingColumnOfEveryFileIsListed() throws {
        let e = try #require(inputError {
            try load(pupils: Array("pupil_id,forename,surname,year_group\nP1,Amy,Ash,7\n".utf8),
                     marks: Array("pupil_id,date\nP1,2025-09-01\n".utf8),
                     contacts: Array("pupil_id,session\nP1,AM\n".utf8))
        })
        let text = e.description
        #expect(Set(e.diagnostics.map(\.path)) == ["Data/pupils.csv", "Data/marks.csv", "Data/contacts.csv"])
        for column in ["class", "session", "mark"] { #expect(text.contains("`\(column)`")) }
        let contacts = try #require(e.diagnostics.first { $0.path == "Data/contacts.csv" })
        #expect(contacts.message.contains("date"))
        let marks = try #require(e.diagnostics.first { $0.path == "Data/marks.csv" })
        #expect(marks.message.contains("session") && marks.message.contains("mark"))
    }

    @Test func anEmptyFileIsAnInputError() throws {
        let e = try #require(inputError { try load(pupils: []) })
        #expect(e.diagnostics.map(\.path) == ["Data/pupils.csv"])
        let m = try #require(inputError {
            try load(pupils: Array(TestSchool.standardRoll.utf8), marks: Array("\n\n".utf8))
        })
        #expect(m.diagnostics.map(\.path) == ["Data/marks.csv"])
    }

    @Test func aHeaderOnlyFileIsFine() throws {
        let reg = try load(pupils: Array("pupil_id,forename,surname,class,year_group\n".utf8))
        #expect(reg.pupils.isEmpty)
    }

    @Test func contactsAreOptional() throws {
        let reg = try load(pupils: Array(TestSchool.standardRoll.utf8), contacts: nil)
        #expect(reg.contacts.isEmpty)
    }
}

/// Loading a project folder from disk.
@Suite struct ProjectFolderTests {
    func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-project-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    @Test func dataPathsCanBeOverridden() throws {
        let dir = try folder([
            "rollbook.yml": TestSchool.standardConfig + "\ndata:\n  pupils: roll.csv\n  marks: Exports/marks.csv\n",
            "roll.csv": TestSchool.standardRoll,
            "Exports/marks.csv": "pupil_id,date,session,mark\nP1,2025-09-01,AM,/\n",
        ])
        let reg = try ProjectLoader.load(directory: dir, asOf: day("2025-09-01"))
        #expect(reg.pupils.count == 3)
        let f = Checker.check(reg)
        #expect(f.first { $0.rule == .missingMark }?.file == "Exports/marks.csv")
    }

    @Test func aMissingRollbookYmlIsAnInputError() throws {
        let dir = try folder(["Data/pupils.csv": TestSchool.standardRoll])
        #expect(throws: InputError.self) { try ProjectLoader.load(directory: dir) }
    }

    @Test func missingDataFilesAreListedTogether() throws {
        let dir = try folder(["rollbook.yml": TestSchool.standardConfig])
        let e = try #require(throws: InputError.self) {
            _ = try ProjectLoader.load(directory: dir)
        }
        #expect(Set(e.diagnostics.map(\.path)) == ["Data/pupils.csv", "Data/marks.csv"])
    }

    @Test func asOfComesFromTheFlagThenTheConfigThenToday() throws {
        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig + "\nas_of: 2025-10-01\n")
        #expect(config.asOf == day("2025-10-01"))
        #expect(ProjectLoader.resolveAsOf(day("2025-09-15"), config: config) == day("2025-09-15"))
        #expect(ProjectLoader.resolveAsOf(nil, config: config) == day("2025-10-01"))
        let plain = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        #expect(ProjectLoader.resolveAsOf(nil, config: plain, today: day("2025-11-11")) == day("2025-11-11"))
        #expect(ProjectLoader.resolveAsOf(nil, config: plain, today: day("2027-01-01")) == day("2026-07-22"))
    }
}
