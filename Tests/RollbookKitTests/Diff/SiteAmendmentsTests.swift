import Foundation
import Testing
@testable import RollbookKit

/// The intranet's Amendments page, built from `previous:` in rollbook.yml.
@Suite("rollbook build: amendments since the previous export", .serialized)
struct SiteAmendmentsTests {
    /// `SiteTestProject` plus an earlier export in `exports/old` in which P3 was present in week 2
    /// (now O: present to absent, 8 sessions), ../etc's Monday 1st was N (now I: unauthorised to
    /// authorised, 2 sessions), P2 was not on the roll and P9 was.
    func project(previous: String? = "exports/old") throws -> SiteTestProject {
        let yaml = SiteTestProject.yaml + (previous.map { "\nprevious: \($0)\n" } ?? "")
        var oldMarks = SiteTestProject.marks().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        oldMarks = oldMarks.filter { !$0.hasPrefix("P2,") }.map { line in
            if line.hasPrefix("P3,"), line.contains(",O,") { return line.replacingOccurrences(of: ",O,", with: line.contains(",AM,") ? ",/," : ",\\,") }
            if line.hasPrefix("../etc,2025-09-01,") { return line.replacingOccurrences(of: ",I,", with: ",N,") }
            return line
        }
        let oldPupils = SiteTestProject.pupils.split(separator: "\n").filter { !$0.hasPrefix("P2,") }.joined(separator: "\n")
            + "\nP9,A999999999999,Nia,Gone,7A,7,,\n"
        return try SiteTestProject(files: [
            "exports/old/rollbook.yml": SiteTestProject.yaml,
            "exports/old/Data/pupils.csv": oldPupils,
            "exports/old/Data/marks.csv": oldMarks.joined(separator: "\n"),
        ], yaml: yaml)
    }

    @Test func theAmendmentsPageListsChangesAndHighlightsThoseToReview() throws {
        let p = try project()
        defer { p.remove() }
        try p.build()
        let page = p.read("intranet/amendments.html")
        expectContains(page, [
            "<h1>Amendments since the previous export</h1>",
            // 8 to-absent + 2 authorised + 28 added (P2's marks).
            "38 sessions changed compared with the export in <code>exports/old</code>",
            "<caption>10 changes to review</caption>",
        ])
        #expect(page.components(separatedBy: "<tr class=\"notable\">").count - 1 == 20)   // in both tables
        expectContains(page, [
            "<span class=\"flag bad\">Present to absent</span>",
            "<span class=\"flag warn\">Unauthorised to authorised</span>",
            "Nia Gone (P9, 7A)",
            // The hostile pupil who joined is escaped.
            "&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien",
        ])
        #expect(!page.contains("<script>alert"))
        let index = p.read("intranet/index.html")
        #expect(index.contains("<a href=\"amendments.html\">Amendments</a>"))
        #expect(index.contains("<a href=\"amendments.html\">38 amended sessions</a> since the previous export, 10 to review."))
        #expect(p.read("intranet/pupils.html").contains("href=\"amendments.html\""))
    }

    @Test func eachPupilPageShowsItsOwnAmendedSessions() throws {
        let p = try project()
        defer { p.remove() }
        try p.build()
        expectContains(p.read("intranet/pupils/P3.html"), [
            "<h2 id=\"amended-h\">Amended sessions</h2>",
            "<caption>8 sessions changed since the previous export, up to Fri 19 Sep 2025</caption>",
            "Mon 8 Sep 2025 AM",
        ])
        let p1 = p.read("intranet/pupils/P1.html")
        #expect(p1.contains("No mark changed since the previous export (<code>exports/old</code>), up to Fri 19 Sep 2025."))
        #expect(p.read("intranet/pupils/P2.html").contains("Not on the roll in the previous export"))
    }

    @Test func withoutPreviousThereIsNoAmendmentsPage() throws {
        let p = try project(previous: nil)
        defer { p.remove() }
        try p.build()
        #expect(!p.exists("intranet/amendments.html"))
        #expect(!p.read("intranet/index.html").contains("amendments.html"))
        #expect(!p.read("intranet/pupils/P3.html").contains("amended-h"))
    }

    @Test func aChangeInThePreviousExportRebuildsTheSite() throws {
        let p = try project()
        defer { p.remove() }
        try p.build()
        #expect(try p.build().upToDate)
        let marks = p.dir + "/exports/old/Data/marks.csv"
        try (String(contentsOfFile: marks, encoding: .utf8) + "\nP1,2025-09-01,AM,N,,\n").write(toFile: marks, atomically: true, encoding: .utf8)
        let again = try p.build()
        #expect(!again.upToDate)
        #expect(p.read("intranet/amendments.html").contains("39 sessions changed"))
    }

    @Test func anUnreadablePreviousExportStopsTheBuildNamingIt() throws {
        let p = try project(previous: "exports/missing")
        defer { p.remove() }
        #expect {
            try p.build()
        } throws: { e in
            let text = "\(e)"
            return text.contains("exports/missing/rollbook.yml") && text.contains("previous:")
        }
        #expect(!p.exists("intranet/index.html"))
    }

    @Test func previousIsReadFromRollbookYml() throws {
        #expect(try ProjectConfig.parse(yaml: SiteTestProject.yaml + "\nprevious: ../exports/2026-03-20\n").previous == "../exports/2026-03-20")
        #expect(try ProjectConfig.parse(yaml: SiteTestProject.yaml + "\nprevious:\n").previous == nil)
        #expect(try ProjectConfig.parse(yaml: SiteTestProject.yaml + "\nprevious: ~\n").previous == nil)
        #expect(try ProjectConfig.parse(yaml: SiteTestProject.yaml).previous == nil)
        #expect(throws: InputError.self) { try ProjectConfig.parse(yaml: SiteTestProject.yaml + "\nprevious: [a, b]\n") }
    }
}
