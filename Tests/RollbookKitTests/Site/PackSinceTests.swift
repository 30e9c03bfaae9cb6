import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// Issue 15, item 6: `rollbook build --since DATE` adds a section to the meeting pack.
@Suite("Insight: meeting pack since a date")
struct PackSinceTests {
    /// as_of Friday 3 October 2025. A: absent from Monday 29 September; B: absent the first 4
    /// sessions of the year; C: absent from Monday 22 September.
    static func school() -> InsightSchool {
        InsightSchool(asOf: "2025-10-03", pupils: ["A", "B", "C", "D"].map { InsightSchool.pupil($0) }) { id, k, cal in
            let d = cal.slotDay[k]
            switch id {
            case "A": return d >= Day(parsing: "2025-09-29")! ? "O" : "/"
            case "B": return k < 4 ? "O" : "/"
            case "C": return d >= Day(parsing: "2025-09-22")! ? "O" : "/"
            default: return "/"
            }
        }
    }

    static func build(_ dir: String, since: String?) throws -> SiteBuilder.Report {
        var o = SiteBuilder.Options(directory: dir, today: Day(parsing: "2026-07-01")!)
        o.since = since.flatMap { Day(parsing: $0) }
        return try SiteBuilder(o).run()
    }

    @Test func sinceSectionListsChangesFromThatDateAgainstTheDaysBefore() throws {
        let dir = try PackSinceTests.school().build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(!InsightSchool.read(dir, "intranet/pack.html").contains("aria-labelledby=\"since-h\""))
        let r = try PackSinceTests.build(dir, since: "2025-09-22")
        #expect(!r.upToDate)  // --since is part of what a build is made from
        let html = InsightSchool.read(dir, "intranet/pack.html")
        let parts = html.components(separatedBy: "<section class=\"pack-section\" aria-labelledby=\"since-h\">")
        #expect(parts.count == 2)
        let since = parts.last ?? ""
        #expect(since.contains("<h2 id=\"since-h\">Since Mon 22 Sep 2025</h2>"))
        #expect(since.contains("Mon 22 Sep 2025 to Fri 3 Oct 2025."))
        // A (10 of 50) and C (20 of 50) became persistently absent; B (4 of 30 before, 4 of 50 now) improved.
        #expect(since.contains("Became persistently or severely absent (2)"))
        #expect(since.contains("Improved (1)"))
        #expect(since.contains("<a href=\"pupils/B.html\">SB, FB</a></th><td>7A</td><td class=\"num\">92.0%</td><td>No longer persistently absent</td>"))
        // The school: 10 to 21 September (12 days: B's absences were before, 8 school days of 4 pupils = 64 sessions, all present)
        // against 22 September to 3 October (C 20 and A 10 absences of 80 sessions: 62.5 %).
        #expect(since.contains("<th scope=\"col\" class=\"num\">The 12 days before</th>"))
        #expect(since.contains("<th scope=\"row\">Attendance</th><td class=\"num\">100.0%</td><td class=\"num\">62.5%</td><td class=\"num\">−37.5 points</td>"))
        // The first day of the termly section: that section already covers it (no duplicate).
        _ = try PackSinceTests.build(dir, since: "2025-09-01")
        let again = InsightSchool.read(dir, "intranet/pack.html")
        #expect(!again.contains("since-h") && again.contains("Governors: Autumn 1 so far"))
    }

    @Test func sinceOutsideTheReportingPeriodIsRefused() throws {
        let dir = try PackSinceTests.school().build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for bad in ["2025-08-31", "2025-10-04"] {
            let e = try #require(throws: SiteBuilder.BuildError.self, "accepted --since \(bad)") { try PackSinceTests.build(dir, since: bad) }
            #expect(e.description == "--since: error: \(bad) is not between year.start (2025-09-01) and as_of (2025-10-03)")
        }
        // A trust's schools have calendars of their own.
        let trust = NSTemporaryDirectory() + "rollbook-since-trust-\(UUID().uuidString)"
        try makeDirectory(trust)
        defer { try? FileManager.default.removeItem(atPath: trust) }
        try writeFile(trust + "/trust.yml", "trust: { name: T }\nschools: []\n")
        let out = Commands.build(directory: trust, asOf: nil, output: nil, verbose: false, since: Day(parsing: "2025-09-22"))
        #expect(out.status == 2 && out.stderr.contains("--since is for one school's build"))
    }
}
