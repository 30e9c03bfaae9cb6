import RollbookKit
import Testing

@Suite struct DuplicatePupilRuleTests {
    @Test func firesForARepeatedPupilId() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group",
            "P1,Amy,Ash,7A,7", "P2,Ben,Birch,7A,7", "P1,Amy,Ashe,7B,7"), marks: TestSchool.marksHeader)
        let found = school.findings(.duplicatePupil)
        #expect(found.count == 1)
        #expect(found.first?.file == "Data/pupils.csv")
        #expect(found.first?.line == 4)
        let reg = try school.register()
        #expect(reg.pupils.map(\.className) == ["7A", "7A"])
    }

    @Test func silentForDistinctIds() throws {
        #expect(TestSchool(marks: TestSchool.marksHeader).findings(.duplicatePupil).isEmpty)
    }

    @Test func theMessageNamesTheFirstLineAndWithholdsTheIdWhenPseudonymised() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group",
            "P1,Amy,Ash,7A,7", "P1,Amy,Ashe,7B,7"), marks: TestSchool.marksHeader)
        #expect(school.findings(.duplicatePupil).map(\.message) == ["pupil_id `P1` already used on line 2; this row is ignored"])
        let hidden = Checker.check(try school.register().pseudonymised()).filter { $0.rule == .duplicatePupil }
        #expect(hidden.map(\.message) == ["pupil_id `…` already used on line 2; this row is ignored"])
    }
}
