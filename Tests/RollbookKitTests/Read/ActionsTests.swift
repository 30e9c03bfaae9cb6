import RollbookKit
import Testing

/// actions.csv (spec section 3.4) and its findings.
@Suite struct ActionsTests {
    static let marks = csv(TestSchool.marksHeader, markRows("P1", "/", from: "2025-09-01", to: "2025-09-01"),
                           markRows("P2", "/", from: "2025-09-01", to: "2025-09-01"),
                           markRows("P3", "/", from: "2025-09-01", to: "2025-09-01"))

    @Test func readsActionsKeepingTheSchoolsOwnWording() throws {
        var school = TestSchool(marks: Self.marks)
        school.actions = """
            Pupil_ID,date,action,detail,review_by,by
            P1,2025-09-03,call,Spoke to mum,,Mrs Khan
            P1,02/09/2025,letter,persistent,2025-09-30,
            P2,2025-09-04,Home visit with EWO,"door not answered, card left",,
            P3,2025-09-05,notice-to-improve,,1/10/2025,Head
            """
        let reg = try school.register()
        #expect(reg.actions.count == 4)
        #expect(reg.actions[2].action == "Home visit with EWO" && reg.actions[2].label == "Home visit with EWO")
        #expect(reg.actions[3].label == "Notice to improve" && reg.actions[3].reviewBy == day("2025-10-01"))
        #expect(reg.actions[1].isLetter("persistent") && reg.actions[1].date == day("2025-09-02"))
        let p1 = try #require(reg.actionsByPupil()[0])
        #expect(p1.map(\.action) == ["letter", "call"])
        #expect(school.findings().isEmpty)
    }

    @Test func badRowsGiveFindingsWithFileAndLineAndNothingElseIsLost() throws {
        var school = TestSchool(marks: Self.marks)
        school.actions = """
            pupil_id,date,action,review_by
            P9,2025-09-03,call,
            P1,2025-13-03,call,
            P1,2025-09-03,,
            P1,2025-09-03,meeting,next week
            P2,2025-09-03,plan,2025-10-01T09:00
            P3,2025-09-03,call
            P3,2025-09-04,call,2025-10-01
            """
        school = school.withInvalidRows()
        let unknown = school.findings(.unknownPupil)
        #expect(unknown.map(\.line) == [2] && unknown.allSatisfy { $0.file == "Data/actions.csv" && $0.pupilId == "P9" })
        #expect(unknown.first?.message.contains("action about") == true)
        #expect(school.findings(.invalidRow).map(\.line) == [3, 4, 7])
        let fields = school.findings(.invalidField)
        #expect(fields.map(\.line) == [5, 6] && fields.allSatisfy { $0.file == "Data/actions.csv" && $0.message.contains("review_by") })
        let reg = try school.register()
        #expect(reg.actions.map(\.line) == [5, 6, 8])
        #expect(reg.actions[0].reviewBy == nil && reg.actions[0].action == "meeting")
    }

    @Test func actionsNeverChangeStatistics() throws {
        var school = TestSchool(marks: Self.marks)
        let before = try school.stats("P1")
        school.actions = "pupil_id,date,action\nP1,2025-09-01,penalty-notice\n"
        #expect(try school.stats("P1") == before)
        #expect(school.findings().isEmpty)
    }

    @Test func dataActionsOverridesThePath() throws {
        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig + "\ndata:\n  actions: Casework/log.csv\n")
        #expect(config.actionsPath == "Casework/log.csv" && !config.actionsPathIsDefault)
        let standard = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        #expect(standard.actionsPath == "Data/actions.csv" && standard.actionsPathIsDefault)
    }
}
