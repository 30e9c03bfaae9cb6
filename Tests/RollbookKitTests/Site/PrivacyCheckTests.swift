import Testing
@testable import RollbookKit

@Suite("Privacy check of the parents' site")
struct PrivacyCheckTests {
    static let pupils = [
        Pupil(id: "P0042", upn: "A123456789012", forename: "Amelia", surname: "Jones", className: "7B", yearGroup: "7", line: 2),
        Pupil(id: "7", upn: "", forename: "Kai", surname: "Ó Súilleabháin", className: "7B", yearGroup: "7", line: 3),
    ]

    @Test func findsNamesIdsAndUPNs() {
        let files = [
            ("parents/a.html", "<p>Well done\nto <b>Amelia   JONES</b>!</p>"),
            ("parents/b.html", "<p>Ref P0042.</p>"),
            ("parents/c.html", "<p>UPN A123456789012</p>"),
            ("parents/d.html", "<p>Jones, Amelia</p>"),
            ("parents/e.html", "<p>kai ó súilleabháin</p>"),
        ]
        let leaks = PrivacyCheck.scan(files: files.map { (path: $0.0, text: $0.1) }, pupils: Self.pupils)
        #expect(leaks.map(\.file) == ["parents/a.html", "parents/b.html", "parents/c.html", "parents/d.html", "parents/e.html"])
        #expect(leaks[0].line == 2)
        #expect(leaks[0].description.hasPrefix("parents/a.html:2: error: contains the name of pupil P0042"))
    }

    @Test func silentOnOrdinaryText() {
        let text = "<p>Amelia Earhart flew. Jones Street. Every day counts in Year 7: 95 % is 9.5 days. Room P00421 is booked.</p>"
        #expect(PrivacyCheck.scan(files: [(path: "parents/x.html", text: text)], pupils: Self.pupils).isEmpty)
    }

    @Test func aCampaignPageNamingAPupilFailsTheBuildAndKeepsThePreviousSite() throws {
        let project = try SiteTestProject()
        defer { project.remove() }
        let e = try project.failedRebuild(after: [
            "Content/campaigns/well-done.md": "---\ntitle: Well done\n---\nCongratulations to Amelia Jones for 100 %!\n",
        ])
        #expect(e.description.contains("site/parents/well-done.html:"))
        #expect(e.description.contains("contains the name of pupil P1"))
        #expect(!project.exists("parents/well-done.html"))
    }
}
