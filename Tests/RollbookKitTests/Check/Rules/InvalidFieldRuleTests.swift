import RollbookKit
import Testing

@Suite struct InvalidFieldRuleTests {
    static let marks = csv(TestSchool.marksHeader, markRows("P1", "/", from: "2025-09-01", to: "2025-09-01"),
                           markRows("P2", "/", from: "2025-09-01", to: "2025-09-01"),
                           markRows("P3", "/", from: "2025-09-01", to: "2025-09-01"))

    @Test func readsEveryCharacteristic() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,DOB, Sex ,sen,fsm,disadvantaged,eal,ethnicity,cla,address,postcode,family_id",
            "P1,Amy,Ash,7A,7,2013-10-02,F,k,Yes,y,1,WBRI,FALSE,\"1 High St, Town\",AB1 2CD,F7",
            "P2,Ben,Birch,7A,7,2/9/2013,M,E,no,N,0,ABAN,true,,,F7", "P3,Cal,Cedar,7B,7,,,,,,,,,,,"), marks: Self.marks)
        let reg = try school.register()
        let a = reg.pupils[0], b = reg.pupils[1], c = reg.pupils[2]
        #expect(a.dob == day("2013-10-02") && b.dob == day("2013-09-02") && c.dob == nil)
        #expect(a.sex == "F" && b.sex == "M" && c.sex == "")
        #expect(a.sen == "K" && b.sen == "E" && c.sen == "")
        #expect(a.fsm == true && b.fsm == false && c.fsm == nil)
        #expect(a.disadvantaged == true && b.disadvantaged == false && c.disadvantaged == nil)
        #expect(a.eal == true && b.eal == false && c.eal == nil)
        #expect(a.ethnicity == "WBRI" && b.ethnicity == "ABAN" && c.ethnicity == "")
        #expect(a.cla == false && b.cla == true && c.cla == nil)
        #expect(a.address == "1 High St, Town" && a.postcode == "AB1 2CD" && a.familyId == "F7" && b.familyId == "F7")
        #expect(school.findings(.invalidField).isEmpty)
    }

    @Test func oneFindingPerBadFieldAndTheRowIsKept() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,dob,sen,fsm,disadvantaged,eal,cla,sex,ethnicity",
            "P1,Amy,Ash,7A,7,2013-02-30,S,maybe,2,ja,-,anything,at all",
            "P2,Ben,Birch,7A,7,2013-09-02T00:00,n,TRUE,,,,,",
            "P3,Cal,Cedar,7B,7,2013-09-02 10:00,,,,,,,"), marks: Self.marks)
        let found = school.findings(.invalidField)
        #expect(found.map(\.line) == [2, 2, 2, 2, 2, 2, 3, 4])
        #expect(found.allSatisfy { $0.severity == .warning && $0.file == "Data/pupils.csv" })
        #expect(found.map(\.pupilId) == ["P1", "P1", "P1", "P1", "P1", "P1", "P2", "P3"])
        #expect(found.filter { $0.pupilId == "P1" }.map { $0.message.split(separator: ":")[1].split(separator: " ")[0] }
                .sorted() == ["cla", "disadvantaged", "dob", "eal", "fsm", "sen"])
        #expect(school.findings(.invalidRow).isEmpty)
        let reg = try school.register()
        #expect(reg.pupils.count == 3)
        #expect(reg.pupils[0].dob == nil && reg.pupils[0].sen == "" && reg.pupils[0].fsm == nil && reg.pupils[0].cla == nil)
        #expect(reg.pupils[0].sex == "anything" && reg.pupils[0].ethnicity == "at all")
        #expect(reg.pupils[1].dob == nil && reg.pupils[1].sen == "N" && reg.pupils[1].fsm == true)
    }

    @Test func badAdmittedIsStillAnInvalidRow() throws {
        let school = TestSchool(pupils: csvLines(
            "pupil_id,forename,surname,class,year_group,admitted,dob",
            "P1,Amy,Ash,7A,7,2025-09-01T08:00,2013-01-01", "P2,Ben,Birch,7A,7,,bad",
            "P3,Cal,Cedar,7B,7,,"), marks: Self.marks).withInvalidRows()
        #expect(school.findings(.invalidRow).map(\.line) == [2])
        #expect(school.findings(.invalidField).map(\.line) == [3])
    }
}
