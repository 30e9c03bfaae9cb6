import Foundation
import Testing
@testable import RollbookKit

/// Issue 15, item 1: the Groups page's figures, gaps and suppression under 5 pupils.
@Suite("Insight: groups")
struct GroupInsightTests {
    /// Week 1 only (10 sessions to Friday 5 September). Pupils whose id starts with `A` miss the
    /// first 2 sessions (80 % attendance), the others attend every session.
    static func school(_ pupils: [String]) -> InsightSchool {
        InsightSchool(asOf: "2025-09-05", pupils: pupils) { id, k, _ in id.hasPrefix("A") && k < 2 ? "O" : "/" }
    }

    @Test func gapIsTheGroupAgainstTheRestOfTheSchool() throws {
        // fsm true: 5 pupils at 80 %; fsm false: 5 pupils at 100 %.
        let pupils = (1...5).map { InsightSchool.pupil("A\($0)", fsm: "yes") } + (1...5).map { InsightSchool.pupil("B\($0)", fsm: "no") }
        let reg = try Self.school(pupils).register()
        let gi = GroupInsight(reg, Statistics.allPupils(reg), .fsm)
        #expect(gi.rows.map(\.value) == ["false", "true"])
        #expect(gi.rows.map(\.suppressed) == [false, false])
        #expect(gi.rows[1].stats.counts.attendancePct == 80)
        #expect(gi.rows[1].rest.counts.attendancePct == 100)
        #expect(gi.rows[1].attendanceGap == -20)
        #expect(gi.rows[0].attendanceGap == 20)
        #expect(gi.rows[1].stats.persistentPupils == 5 && gi.rows[1].rest.persistentPupils == 0)
    }

    @Test func groupsUnderFivePupilsAreSuppressedWithOneMoreWhenAloneHidden() throws {
        // cla: 2 true (hidden), 9 false, 6 unknown → the smallest other group (unknown, 6) is hidden too.
        let pupils = (1...2).map { InsightSchool.pupil("A\($0)", cla: "true") }
            + (1...9).map { InsightSchool.pupil("B\($0)", cla: "false") }
            + (1...6).map { InsightSchool.pupil("C\($0)") }
        let reg = try Self.school(pupils).register()
        let gi = GroupInsight(reg, Statistics.allPupils(reg), .cla)
        #expect(gi.rows.map(\.value) == ["false", "true", "unknown"])
        #expect(gi.rows.map(\.suppressed) == [false, true, true])
        #expect(gi.rows[0].attendanceGap != nil)   // rest: 8 pupils
        #expect(gi.rows[1].attendanceGap == nil)
        // Two groups only: hiding one hides the other as well.
        let two = (1...3).map { InsightSchool.pupil("A\($0)", fsm: "1") } + (1...20).map { InsightSchool.pupil("B\($0)", fsm: "0") }
        let reg2 = try Self.school(two).register()
        #expect(GroupInsight(reg2, Statistics.allPupils(reg2), .fsm).rows.map(\.suppressed) == [true, true])
        // Exactly 5 is shown.
        let five = (1...5).map { InsightSchool.pupil("A\($0)", fsm: "1") } + (1...5).map { InsightSchool.pupil("B\($0)", fsm: "0") }
        let reg3 = try Self.school(five).register()
        #expect(GroupInsight(reg3, Statistics.allPupils(reg3), .fsm).rows.map(\.suppressed) == [false, false])
    }

    @Test func gapIsLeftOutWhenTheRestIsUnderFive() throws {
        // 2 boys hidden, 2 unknown hidden, 20 girls: the girls' rest is 4 pupils, so no gap.
        let pupils = (1...20).map { InsightSchool.pupil("B\($0)", sex: "F") } + (1...2).map { InsightSchool.pupil("A\($0)", sex: "M") }
            + (1...2).map { InsightSchool.pupil("C\($0)") }
        let reg = try Self.school(pupils).register()
        let gi = GroupInsight(reg, Statistics.allPupils(reg), .sex)
        #expect(gi.rows.map(\.value) == ["F", "M", "unknown"])
        #expect(gi.rows.map(\.suppressed) == [false, true, true])
        #expect(gi.rows[0].rest.pupils == 4)
        #expect(gi.rows[0].attendanceGap == nil)
    }

    @Test func unknownAndInvalidValuesFormTheNotRecordedGroup() throws {
        let pupils = (1...3).map { InsightSchool.pupil("A\($0)", sen: "K") } + (1...3).map { InsightSchool.pupil("A\($0)x", sen: "Q") }
            + (1...4).map { InsightSchool.pupil("B\($0)", sen: "") } + (1...6).map { InsightSchool.pupil("C\($0)", sen: "n") }
        let reg = try Self.school(pupils).register()
        let gi = GroupInsight(reg, Statistics.allPupils(reg), .sen)
        #expect(gi.rows.map(\.value) == ["K", "N", "unknown"])
        #expect(gi.rows.map(\.stats.pupils) == [3, 6, 7])
        #expect(gi.known == 9)
        #expect(GroupInsight.label("unknown", .sen) == "Not recorded")
        #expect(GroupInsight.label("K", .sen) == "SEN support (K)")
        #expect(GroupInsight.label("true", .fsm) == "Yes")
    }

    @Test func groupsPageShowsFewerThanFiveWithoutPercentagesAndEscapes() throws {
        let pupils = (1...2).map { InsightSchool.pupil("A\($0)", fsm: "1", ethnicity: "<b>W&B</b>") }
            + (1...3).map { InsightSchool.pupil("Az\($0)", fsm: "1", ethnicity: "WBRI") }
            + (1...8).map { InsightSchool.pupil("B\($0)", fsm: "0", ethnicity: "WBRI") }
            + (1...6).map { InsightSchool.pupil("C\($0)", fsm: "0", ethnicity: "ASIA") }
        let html = try Self.school(pupils).buildPage("groups.html", linkedAs: "Groups")
        #expect(html.contains("<h1>Groups of pupils</h1>"))
        // Ethnicity: `<b>W&B</b>` has 2 pupils: hidden, escaped, and its row carries no percentage.
        #expect(!html.contains("<b>W&B</b>"))
        let row = html.components(separatedBy: "\n").first { $0.contains("&lt;b&gt;W&amp;B&lt;/b&gt;") } ?? ""
        #expect(row.contains("fewer than 5"))
        #expect(!row.contains("%"))
        // FSM: 5 eligible at 80 %, 14 not at 100 %: shown, with the gap and the national figure for FSM.
        #expect(html.contains("<td class=\"num\">80.0%</td>"))
        #expect(html.contains("−20.0 points"))
        #expect(html.contains("89.6% attendance, 33.0% persistently absent (Autumn term 2023/24, part of the year)"))
        // Tables scroll inside a labelled, focusable wrapper.
        #expect(html.contains("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"g-fsm-c\">"))
    }
}
