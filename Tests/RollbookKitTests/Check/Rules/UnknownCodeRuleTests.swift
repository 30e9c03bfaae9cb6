import RollbookKit
import Testing

@Suite struct UnknownCodeRuleTests {
    static let allCodes = [
        "/", "\\", "L", "K", "V", "P", "W", "B", "C", "C1", "C2", "M", "J1", "S", "T", "R", "I", "E",
        "G", "N", "O", "U", "D", "X", "Z", "#", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7",
        "H", "J", "F", "Y",
    ]

    @Test func everyCodeOfSection4IsKnown() throws {
        let rows = Self.allCodes.map { "P1,2025-09-01,AM,\(Escape.csv($0))" }
        let school = TestSchool(marks: csv(TestSchool.marksHeader, rows.joined(separator: "\n")))
        #expect(school.findings(.unknownCode).isEmpty)
    }

    @Test func codesAreCaseSensitive() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,l", "P1,2025-09-01,PM,\\", "P2,2025-09-01,AM,/",
                                                "P2,2025-09-01,PM,c1"))
        let found = school.findings(.unknownCode)
        #expect(found.keys == ["P1 2025-09-01 AM", "P2 2025-09-01 PM"])
        #expect(found.map(\.mark) == ["l", "c1"])
        #expect(found.map(\.line) == [2, 5])
        #expect(found.allSatisfy { $0.severity == .error && $0.file == "Data/marks.csv" })
    }

    @Test func otherValuesAreUnknown() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,Y8", "P1,2025-09-01,PM,J2", "P2,2025-09-01,AM,A",
                                                "P2,2025-09-01,PM,//", "P3,2025-09-01,AM,\"L \"",
                                                "P3,2025-09-01,PM,present"))
        let found = school.findings(.unknownCode)
        #expect(found.map(\.mark) == ["Y8", "J2", "A", "//", "present"])
    }

    @Test func spacesAroundACodeAreTrimmed() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM, / ", "P1,2025-09-01,PM,  C1"))
        #expect(school.findings(.unknownCode).isEmpty)
    }

    @Test func aNulByteIsNotPartOfACode() throws {
        let school = TestSchool(marks: "pupil_id,date,session,mark\nP1,2025-09-01,AM,L\u{0}\n")
        #expect(school.findings(.unknownCode).count == 1)
    }

    @Test func firesForRowsAfterAsOf() throws {
        let school = TestSchool(asOf: "2025-09-01", marks: marksCSV("P1,2025-09-10,AM,l", "P1,2025-09-13,AM,?"))
        #expect(school.findings(.unknownCode).keys == ["P1 2025-09-10 AM", "P1 2025-09-13 AM"])
    }

    @Test func oneFindingPerRowEvenForUnknownPupils() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,x", "P1,2025-09-01,AM,x", "P9,2025-09-01,AM,x"))
        let found = school.findings(.unknownCode)
        #expect(found.keys == ["P1 2025-09-01 AM", "P1 2025-09-01 AM", "P9 2025-09-01 AM"])
        #expect(found.map(\.line) == [2, 3, 4])
    }

    @Test func anUnknownCodeIsNotADuplicateOrAConflict() throws {
        let school = TestSchool(marks: marksCSV("P1,2025-09-01,AM,/", "P1,2025-09-01,AM,l"))
        #expect(school.findings(.conflictingMarks).isEmpty)
        #expect(school.findings(.duplicateMark).isEmpty)
    }
}
