import Foundation
import RollbookKit
@testable import rollbook
import Testing

/// `rollbook returns` (spec sections 6.3 and 7).
@Suite struct ReturnsReportTests {
    static let school = TestSchool(asOf: "2026-02-13", pupils: """
        pupil_id,upn,forename,surname,class,year_group,dob,address,postcode
        P2,A123,Ben,=Birch,7A,7,2013-05-01,"1 High St, Town",-AB1 2CD
        P1,,Amy,Ash,7A,7,,,
        P3,,Cal,Cedar,7B,7,2013-09-02,,
        """, marks: csv(TestSchool.marksHeader,
            markRows("P1", "N", from: "2026-01-19", to: "2026-01-23"),
            markRows("P2", "N", from: "2026-01-19", to: "2026-01-23"),
            markRows("P3", "C2", from: "2026-02-13", to: "2026-02-13"),
            markRows("P3", "N", from: "2025-11-03", to: "2025-11-07")))

    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func csvHasTheColumnsAndIsSortedByReachedKindPupil() throws {
        let out = lines(ReturnsReport.csv(try Self.school.register()))
        #expect(out == [
            "kind,pupil_id,upn,forename,surname,class,year_group,dob,address,postcode,start,reached,end,days,sessions",
            "penalty-threshold,P3,,Cal,Cedar,7B,7,2013-09-02,,,2025-11-03,2025-11-07,2025-11-07,5,10",
            "penalty-threshold,P1,,Amy,Ash,7A,7,,,,2026-01-19,2026-01-23,2026-01-23,5,10",
            "penalty-threshold,P2,A123,Ben,'=Birch,7A,7,2013-05-01,\"1 High St, Town\",'-AB1 2CD,2026-01-19,2026-01-23,2026-01-23,5,10",
            "part-time-timetable,P3,,Cal,Cedar,7B,7,2013-09-02,,,2026-02-13,2026-02-13,,1,2",
            "",
        ])
    }

    @Test func sinceKeepsLaterEpisodesAndThoseStillGoingOn() throws {
        let reg = try Self.school.register()
        let out = lines(ReturnsReport.csv(reg, since: day("2026-02-01")))
        #expect(out.count == 3 && out[1].hasPrefix("part-time-timetable,P3"))
        #expect(lines(ReturnsReport.csv(reg, since: day("2026-01-23"))).count == 5)
        #expect(lines(ReturnsReport.csv(reg, since: day("2026-01-24"))).count == 3)
        // An illness episode has no end: it is always still going on.
        let ill = TestSchool(asOf: "2026-02-13", marks: csv(TestSchool.marksHeader, markRows("P1", "I", from: "2025-11-03", to: "2025-11-14"),
                                                            markRows("P1", "I", from: "2025-11-17", to: "2025-11-21")))
        #expect(lines(ReturnsReport.csv(try ill.register(), since: day("2026-02-01"))).count == 3)
    }

    @Test func jsonHasAsOfAndNullEnd() throws {
        let text = ReturnsReport.json(try Self.school.register())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["as_of"] as? String == "2026-02-13")
        let episodes = try #require(object["episodes"] as? [[String: Any]])
        #expect(episodes.count == 4)
        #expect(episodes[2]["surname"] as? String == "=Birch")    // JSON values are never changed
        #expect(episodes[2]["address"] as? String == "1 High St, Town")
        #expect(episodes[1]["dob"] is NSNull)
        #expect(episodes[3]["kind"] as? String == "part-time-timetable")
        #expect(episodes[3]["end"] is NSNull)
        #expect(episodes[0]["end"] as? String == "2025-11-07")
        #expect((episodes[0]["days"] as? NSNumber)?.intValue == 5 && (episodes[0]["sessions"] as? NSNumber)?.intValue == 10)
        #expect(Set(episodes[0].keys) == Set(ReturnsReport.columns))
        let empty = TestSchool(marks: TestSchool.marksHeader)
        let none = try #require(try JSONSerialization.jsonObject(with: Data(ReturnsReport.json(try empty.register()).utf8)) as? [String: Any])
        #expect((none["episodes"] as? [Any])?.isEmpty == true)
    }

    @Test func theCommandReadsAFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("returns-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir + "/Data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.school.yaml.write(toFile: dir + "/rollbook.yml", atomically: true, encoding: .utf8)
        try Self.school.pupils.write(toFile: dir + "/Data/pupils.csv", atomically: true, encoding: .utf8)
        try Self.school.marks.write(toFile: dir + "/Data/marks.csv", atomically: true, encoding: .utf8)
        let out = Commands.returns(directory: dir, asOf: day("2026-02-13"), since: nil, format: .csv)
        #expect(out.status == 0)
        #expect(out.stdout == ReturnsReport.csv(try Self.school.register()))
        let json = Commands.returns(directory: dir, asOf: day("2026-02-13"), since: day("2026-02-01"), format: .json)
        #expect(json.status == 0 && json.stdout.contains("\"part-time-timetable\"") && !json.stdout.contains("penalty"))
        #expect(Commands.returns(directory: dir + "/nope", asOf: nil, since: nil, format: .csv).status == 2)
    }
}
