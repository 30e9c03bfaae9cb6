import Foundation
import Testing
@testable import RollbookKit

@Suite struct SampleAmendmentsTests {
    @Test func theDiffFindsExactlyTheAmendmentsTheSampleMade() throws {
        let root = NSTemporaryDirectory() + "rollbook-amended-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try SampleSchool(pupils: 120, seed: 11, to: Day(parsing: "2026-03-20")).write(to: root + "/old")
        let s = try SampleAmendments(from: root + "/old", seed: 5).write(to: root + "/new")
        let (d, _) = try RegisterDiff.load(old: root + "/old", new: root + "/new", asOf: nil)
        var counts: [RegisterDiff.Change: Int] = [:]
        for c in d.counts { counts[c.change] = c.count }
        #expect(counts == s.changes)
        // Every kind of the spec's table occurs, and some are late amendments.
        #expect(Set(counts.keys) == Set(RegisterDiff.Change.allCases))
        #expect(d.rows.contains { ($0.lateDays ?? 0) > RegisterDiff.lateThreshold })
        #expect(d.rows.first { $0.change == .joined }?.pupilId == s.joined)
        #expect(d.rows.first { $0.change == .leftRoll }?.pupilId == s.left)
        // The same seed writes the same files.
        try SampleAmendments(from: root + "/old", seed: 5).write(to: root + "/again")
        #expect(readFileBytes(root + "/again/Data/marks.csv") == readFileBytes(root + "/new/Data/marks.csv"))
        #expect(readFileBytes(root + "/again/Data/pupils.csv") == readFileBytes(root + "/new/Data/pupils.csv"))
    }
}
