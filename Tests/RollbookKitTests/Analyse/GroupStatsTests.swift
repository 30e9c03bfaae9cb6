import RollbookKit
import Testing

/// Aggregates sum sessions over their pupils; they never average percentages.
@Suite struct GroupStatsTests {
    /// P1 (7A) present all week: 10 of 10. P2 (7A) joined on Friday and was absent: 0 of 2.
    /// P3 (8A) present all week. P4 (8A) has no possible session.
    static let school = TestSchool(asOf: "2025-09-05", pupils: """
        pupil_id,forename,surname,class,year_group,admitted
        P1,Amy,Ash,7A,7,
        P2,Ben,Birch,7A,7,2025-09-05
        P3,Cal,Cedar,8A,8,
        P4,Dee,Dale,8A,8,
        """, marks: csv(
        TestSchool.marksHeader,
        markRows("P1", "/", from: "2025-09-01", to: "2025-09-05"),
        markRows("P2", "O", from: "2025-09-05", to: "2025-09-05"),
        markRows("P3", "/", from: "2025-09-01", to: "2025-09-05"),
        markRows("P4", "X", from: "2025-09-01", to: "2025-09-05")))

    @Test func classesSumSessions() throws {
        let reg = try Self.school.register()
        let groups = GroupStats.byClass(reg, Statistics.allPupils(reg))
        #expect(groups.map(\.name) == ["7A", "8A"])
        let a = try #require(groups.first)
        #expect(a.pupils == 2)
        #expect(a.counts.possible == 12)
        #expect(a.counts.attended == 10)
        // 10 / 12, not the mean of 100 % and 0 %.
        try expectClose(a.counts.attendancePct, to: 250.0 / 3.0)
        #expect(a.persistentPupils == 1)
        #expect(a.severePupils == 1)
    }

    @Test func yearGroupsAndTheSchoolSumSessions() throws {
        let reg = try Self.school.register()
        let stats = Statistics.allPupils(reg)
        let years = GroupStats.byYear(reg, stats)
        #expect(years.map(\.name) == ["7", "8"])
        #expect(years.map(\.counts.possible) == [12, 10])
        #expect(years.map(\.counts.notRequired) == [0, 10])
        let school = GroupStats.school(reg, stats)
        #expect(school.pupils == 4)
        #expect(school.counts.possible == 22)
        #expect(school.counts.attended == 20)
        #expect(school.counts.unauthorised == 2)
        try expectClose(school.counts.attendancePct, to: 2000.0 / 22.0)
        #expect(school.pupilsWithPossible == 3)
        #expect(school.persistentPupils == 1)
    }

    @Test func theStatsReportByClassSumsToo() throws {
        let reg = try Self.school.register()
        let lines = StatsReport.csv(reg, by: .class).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let row7A = try #require(lines.first { $0.hasPrefix("7A,") }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func col(_ name: String) throws -> String { row7A[try #require(header.firstIndex(of: name))] }
        #expect(try col("possible") == "12")
        #expect(try col("attended") == "10")
        #expect(try col("attendance_pct") == "83.33")
    }
}
