import RollbookKit
import Testing

@Suite struct MarkOutsideEnrolmentRuleTests {
    /// P1 joins on Wed 3rd; P2 leaves after Tue 2nd.
    static let roll = csvLines(
        "pupil_id,forename,surname,class,year_group,admitted,left",
        "P1,Amy,Ash,7A,7,2025-09-03,", "P2,Ben,Birch,7A,7,,2025-09-02")

    func findings(asOf: String = "2025-09-05", _ marks: String) -> [Finding] {
        TestSchool(asOf: asOf, pupils: Self.roll, marks: marks).findings(.markOutsideEnrolment)
    }

    @Test func firesForAMarkBeforeAdmission() throws {
        let found = findings(marksCSV("P1,2025-09-02,PM,/"))
        #expect(found.keys == ["P1 2025-09-02 PM"])
        let f = try #require(found.first)
        #expect((f.severity, f.mark, f.line) == (.error, "/", 2))
    }

    @Test func zAndHashBeforeAdmissionAreFine() throws {
        #expect(findings(marksCSV("P1,2025-09-01,AM,Z", "P1,2025-09-01,PM,Z", "P1,2025-09-02,AM,#")).isEmpty)
    }

    @Test func firesForAMarkAfterLeavingIncludingZ() throws {
        let found = findings(marksCSV("P2,2025-09-03,AM,/", "P2,2025-09-04,PM,Z"))
        #expect(found.keys == ["P2 2025-09-03 AM", "P2 2025-09-04 PM"])
        #expect(found.map(\.line) == [2, 3])
    }

    @Test func hashAfterLeavingIsFine() throws {
        #expect(findings(marksCSV("P2,2025-09-03,AM,#", "P2,2025-09-05,PM,#")).isEmpty)
    }

    @Test func theAdmissionAndLeavingDaysAreOnRoll() throws {
        #expect(findings(marksCSV("P1,2025-09-03,AM,/", "P1,2025-09-05,PM,N", "P2,2025-09-01,AM,/",
                                  "P2,2025-09-02,PM,\\")).isEmpty)
    }

    @Test func silentAfterAsOfAndOnNonSchoolSessions() throws {
        // Saturday 6th and the INSET day are not school sessions; Monday 8th is after as_of.
        #expect(findings(marksCSV("P2,2025-09-06,AM,/", "P2,2025-09-12,AM,/", "P2,2025-09-08,AM,/")).isEmpty)
    }

    @Test func marksOffRollDoNotCount() throws {
        let school = TestSchool(asOf: "2025-09-05", pupils: Self.roll, marks: marksCSV("P1,2025-09-01,AM,N",
            "P1,2025-09-02,AM,/", "P2,2025-09-03,AM,N"))
        #expect(try school.stats("P1").counts.possible == 0)
        #expect(try school.stats("P1").counts.missing == 6)
        #expect(try school.stats("P2").counts.unauthorised == 0)
    }
}
