import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// `rollbook returns` and `rollbook stats --csa-only` on the three-school trust of
/// `TrustTestProject` (spec sections 6.1, 6.3 and 10).
@Suite struct TrustReturnsTests {
    let today = TrustTestProject.today

    /// The trust with part-time timetables (`C2`): Alpha's P2 on Mon PM and P1 on Tue AM, Beta's
    /// P1 (the same id, another child) on Wed AM, and Gamma's P1, in reception (never of
    /// compulsory school age without a date of birth), on Mon AM.
    static func withEpisodes(_ edit: (inout [String: [String: String]]) -> Void = { _ in }) throws -> TrustTestProject {
        var alpha = TrustTestProject.alpha, beta = TrustTestProject.beta, gamma = TrustTestProject.gamma
        alpha["Data/marks.csv"] = alpha["Data/marks.csv"]!
            .replacingOccurrences(of: "P1,2025-09-02,AM,/,,", with: "P1,2025-09-02,AM,C2,,")
            .replacingOccurrences(of: "P2,2025-09-01,PM,\\,,", with: "P2,2025-09-01,PM,C2,,")
        beta["Data/marks.csv"] = beta["Data/marks.csv"]!.replacingOccurrences(of: "P1,2025-09-03,AM,/,,", with: "P1,2025-09-03,AM,C2,,")
        gamma["Data/marks.csv"] = gamma["Data/marks.csv"]!.replacingOccurrences(of: "P1,2025-09-01,AM,/,,", with: "P1,2025-09-01,AM,C2,,")
        var schools = ["schools/alpha": alpha, "schools/beta": beta, "gamma": gamma]
        edit(&schools)
        return try TrustTestProject(schools: schools)
    }

    @Test func returnsCSVHasTheSchoolFirstAndEachSchoolsOwnEpisodes() throws {
        let t = try Self.withEpisodes()
        defer { t.remove() }
        let o = Commands.returns(directory: t.dir, asOf: nil, since: nil, format: .csv, today: today)
        #expect(o.status == 0)
        #expect(o.stderr == "")
        let lines = o.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "school," + ReturnsReport.columns.joined(separator: ","))
        let rows = lines.dropFirst().filter { !$0.isEmpty }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // school, kind, pupil_id, upn, ..., start (11), reached (12)
        #expect(rows.map { "\($0[0])/\($0[1])/\($0[2])/\($0[3])/\($0[12])" } == [
            "Alpha Primary/part-time-timetable/P2/A2/2025-09-01",
            "Alpha Primary/part-time-timetable/P1/A1/2025-09-02",
            "Beta Academy/part-time-timetable/P1/B1/2025-09-03",
        ])
        // Each school's rows are exactly what `rollbook returns` prints for that school alone.
        var expected = ""
        for (folder, name) in [("schools/alpha", "Alpha Primary"), ("schools/beta", "Beta Academy"), ("gamma", "Gamma School")] {
            let one = Commands.returns(directory: t.dir + "/" + folder, asOf: nil, since: nil, format: .csv, today: today)
            #expect(one.status == 0)
            for l in one.stdout.split(separator: "\n").dropFirst() { expected += name + "," + l + "\n" }
        }
        #expect(lines.dropFirst().joined(separator: "\n") == expected)
    }

    @Test func returnsJSONCarriesTheSchoolOnEveryEpisode() throws {
        let t = try Self.withEpisodes()
        defer { t.remove() }
        let o = Commands.returns(directory: t.dir, asOf: nil, since: nil, format: .json, today: today)
        #expect(o.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(json["as_of"] is NSNull)   // the schools' as_of differ
        #expect(json["trust"] as? String == "Test Trust")
        let episodes = try #require(json["episodes"] as? [[String: Any]])
        #expect(episodes.map { $0["school"] as? String } == ["Alpha Primary", "Alpha Primary", "Beta Academy"])
        #expect(episodes.map { $0["pupil_id"] as? String } == ["P2", "P1", "P1"])
        #expect(episodes.map { $0["upn"] as? String } == ["A2", "A1", "B1"])
        #expect(episodes.map { $0["reached"] as? String } == ["2025-09-01", "2025-09-02", "2025-09-03"])
        #expect(episodes.map { $0["sessions"] as? Int } == [1, 1, 1])
        // Still going on when its last C2 day is the school's last school day up to as_of.
        #expect(episodes.map { $0["end"] as? String } == ["2025-09-01", nil, "2025-09-03"])
        let schools = try #require(json["schools"] as? [[String: Any]])
        #expect(schools.map { $0["episodes"] as? Int } == [2, 1, 0])
    }

    @Test func returnsSinceAndAsOfApplyToEverySchool() throws {
        let t = try Self.withEpisodes()
        defer { t.remove() }
        let o = Commands.returns(directory: t.dir, asOf: Day(parsing: "2025-09-04"), since: Day(parsing: "2025-09-02"), format: .json, today: today)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        #expect(json["as_of"] as? String == "2025-09-04")
        let episodes = try #require(json["episodes"] as? [[String: Any]])
        // Alpha's P2 episode was reached before --since and is over by 2025-09-04 (present since).
        #expect(episodes.map { "\($0["school"] as? String ?? "")/\($0["pupil_id"] as? String ?? "")" }
                == ["Alpha Primary/P1", "Beta Academy/P1"])
        // Alpha's P1 had C2 on Tuesday only, so by Thursday the timetable has ended.
        #expect(episodes.map { $0["end"] as? String } == ["2025-09-02", "2025-09-03"])
        let single = Commands.returns(directory: t.dir + "/schools/alpha", asOf: Day(parsing: "2025-09-04"), since: Day(parsing: "2025-09-02"), format: .csv, today: today)
        let alphaRows = episodes.filter { $0["school"] as? String == "Alpha Primary" }.count
        #expect(alphaRows == single.stdout.split(separator: "\n").count - 1)
    }

    @Test func returnsListsEverySchoolThatCanBeReadThenExits2() throws {
        let t = try Self.withEpisodes { $0["schools/beta"]!["rollbook.yml"] = "school: [\n" }
        defer { t.remove() }
        let o = Commands.returns(directory: t.dir, asOf: nil, since: nil, format: .csv, today: today)
        #expect(o.status == 2)
        #expect(o.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) } == ["Alpha Primary", "Alpha Primary"])
        #expect(o.stderr.hasPrefix("schools/beta/rollbook.yml:"))
        #expect(o.stderr.hasSuffix("error: 1 school of Test Trust could not be read; the others are reported\n"))
    }

    // MARK: stats --csa-only

    @Test func statsPerPupilHasTheCompulsorySchoolAgeColumn() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .pupil, format: .csv, today: today)
        let lines = o.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(lines[0].firstIndex(of: "compulsory_school_age"))
        #expect(lines[0][0] == "school")
        // Years 7 and 3 are of compulsory school age without a date of birth, reception is not.
        #expect(lines.dropFirst().map { "\($0[0])/\($0[1])/\($0[column])" } == [
            "Alpha Primary/P1/true", "Alpha Primary/P2/true", "Beta Academy/P1/true", "Beta Academy/P2/true",
            "Gamma School/P1/false", "Gamma School/P3/false",
        ])
        let only = Commands.stats(directory: t.dir, asOf: nil, by: .pupil, format: .csv, csaOnly: true, today: today)
        #expect(only.status == 0)
        #expect(only.stdout.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
                == ["Alpha Primary", "Alpha Primary", "Beta Academy", "Beta Academy"])
    }

    @Test func statsCSAOnlyBySchoolLeavesOutASchoolWithoutAnyAndFiltersTheTrustRow() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, csaOnly: true, today: today)
        #expect(o.status == 0)
        // Gamma has reception pupils only; the trust's row sums Alpha's and Beta's pupils.
        #expect(o.stdout == """
            school,group,class,year_group,pupils,possible,attended,present,aea,authorised,unauthorised,not_required,missing,attendance_pct,authorised_pct,unauthorised_pct,absence_pct,persistent_pupils,persistent_pct,severe_pupils,severe_pct,illness_sessions
            Alpha Primary,Alpha Primary,,,2,7,6,6,0,0,1,0,1,85.71,0.00,14.29,14.29,1,50.00,0,0.00,0
            Beta Academy,Beta Academy,,,2,6,3,3,0,3,0,0,0,50.00,50.00,0.00,50.00,1,50.00,1,50.00,3
            ,Test Trust,,,4,13,9,9,0,3,1,0,1,69.23,23.08,7.69,30.77,2,50.00,1,25.00,3

            """)
        // By class: Gamma's reception classes are left out too.
        let c = Commands.stats(directory: t.dir, asOf: nil, by: .class, format: .json, csaOnly: true, today: today)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { "\($0["school"] as? String ?? "")/\($0["group"] as? String ?? "")" } == ["Alpha Primary/7A", "Beta Academy/3B"])
    }

    @Test func statsCSAOnlyWithNoPupilOfCompulsorySchoolAgeHasNoTrustRow() throws {
        let t = try TrustTestProject(trustYAML: "trust:\n  name: Test Trust\nschools:\n  - gamma\n")
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, csaOnly: true, today: today)
        #expect(o.status == 0)
        #expect(o.stdout.split(separator: "\n").count == 1)
    }
}
