import Foundation
import Testing
import RollbookTestSupport

/// `rollbook diff` run as a process on two copies of `Fixtures/tiny-school`.
extension EndToEndTests {
    @Test func diffOfTwoIdenticalExportsIsEmptyAndExitsZero() throws {
        let r = try rollbook(["diff", Self.fixture, Self.fixture, "--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stdout == "pupil_id,class,date,session,old,new,change,late_days\n")
        let t = try rollbook(["diff", Self.fixture, Self.fixture])
        #expect(t.status == 0)
        #expect(t.stdout.hasPrefix("No changes"))
    }

    @Test func diffListsAmendedMarksAndPupilsWhoJoined() throws {
        let new = try copyOfFixture()
        defer { try? FileManager.default.removeItem(at: new) }
        let marks = new.appendingPathComponent("Data/marks.csv")
        var text = try String(contentsOf: marks, encoding: .utf8)
        // T1's Monday AM becomes an authorised absence, entered on Thursday the 11th; a new pupil arrives.
        text += "T1,2025-09-01,AM,M,,2025-09-11T10:00\nT6,2025-09-12,AM,/,,\n"
        try text.write(to: marks, atomically: true, encoding: .utf8)
        let pupils = new.appendingPathComponent("Data/pupils.csv")
        try (try String(contentsOf: pupils, encoding: .utf8) + "T6,A666,Fay,Fern,7A,7,2025-09-12,\n").write(to: pupils, atomically: true, encoding: .utf8)
        let r = try rollbook(["diff", Self.fixture, new.path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        #expect(j["as_of"] as? String == "2025-09-12")
        let changes = try #require(j["changes"] as? [[String: Any]])
        #expect(changes.count == 3)
        #expect(changes.first?["change"] as? String == "joined")
        #expect(changes.first?["date"] is NSNull)
        #expect(changes.dropFirst().first?["pupil_id"] as? String == "T1")
        #expect(changes.dropFirst().first?["change"] as? String == "to-absent")
        #expect(changes.dropFirst().first?["late_days"] as? Int == 8)   // 2nd to 5th, 8th, 9th, 10th (AM open), 11th
        #expect(changes.last?["change"] as? String == "added")
        #expect(j["counts"] as? [String: Int] == ["joined": 1, "to-absent": 1, "added": 1])
        // --as-of before the new pupil's first mark leaves it out.
        let early = try rollbook(["diff", Self.fixture, new.path, "--as-of", "2025-09-11", "--format", "csv"])
        #expect(early.stdout.split(separator: "\n").count == 3)
    }

    @Test func diffOfAnUnreadableFolderExitsTwo() throws {
        let r = try rollbook(["diff", Self.fixture, "/nonexistent/school"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("/nonexistent/school/rollbook.yml"))
        #expect(r.stdout.isEmpty)
    }
}
