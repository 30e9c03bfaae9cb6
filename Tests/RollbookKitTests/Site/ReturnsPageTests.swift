import Foundation
@testable import RollbookKit
@testable import rollbook
import Testing

/// `site/intranet/returns.html` and `returns.csv` (spec sections 6.3 and 8).
@Suite struct ReturnsPageTests {
    static let pupils = """
    pupil_id,upn,forename,surname,class,year_group,dob,address,postcode
    P1,A111111111111,Amelia,Jones,7A,7,2013-01-01,,
    P3,A333333333333,Kai,Nowak,7A,7,2013-02-03,"<b>1</b> High St, Town",=AB1 2CD
    """

    static func marks() -> String {
        var s = "pupil_id,date,session,mark\n"
        var d = Day(parsing: "2025-09-01")!
        while d <= Day(parsing: "2025-09-19")! {
            if d.isWeekday, d.iso != "2025-09-12" {
                s += "P1,\(d.iso),AM,/\nP1,\(d.iso),PM,\\\n"
                s += "P3,\(d.iso),AM,O\nP3,\(d.iso),PM,O\n"
            }
            d = d.adding(days: 1)
        }
        return s
    }

    @Test func returnsPageAndCSV() throws {
        let p = try SiteTestProject(files: ["Data/marks.csv": Self.marks()], pupils: Self.pupils)
        defer { p.remove() }
        try p.build()
        let html = p.read("intranet/returns.html")
        expectContains(html, [
            "<h1>Returns to the local authority</h1>",
            "Still going on",
            "&lt;b&gt;1&lt;/b&gt; High St, Town, =AB1 2CD",
        ])
        #expect(html.contains("Sun 3 Feb 2013") && html.contains("new since Fri 5 Sep 2025"))
        // Newest first: the 10-day run (reached 15 Sep) before the first penalty episode (5 Sep).
        let body = String(html[try #require(html.range(of: "<tbody>")).upperBound...])
        let run = try #require(body.range(of: "10 school days in a row")), first = try #require(body.range(of: "Fri 5 Sep 2025"))
        #expect(run.lowerBound < first.lowerBound)
        #expect(p.read("intranet/index.html").contains("href=\"returns.html\""))
        let csv = p.read("intranet/returns.csv")
        let cli = Commands.returns(directory: p.dir, asOf: nil, since: nil, format: .csv, today: Day(parsing: "2026-01-01")!)
        #expect(cli.status == 0)
        #expect(csv == cli.stdout)
        #expect(csv.contains("unauthorised-10-days,P3,A333333333333,Kai,Nowak,7A,7,2013-02-03,\"<b>1</b> High St, Town\",'=AB1 2CD,2025-09-01,2025-09-15,,14,28"))
        // Nothing about pupils outside the intranet.
        #expect(!p.read("parents/index.html").contains("Nowak"))
    }

    @Test func anEmptyReturnsPageSaysSo() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        #expect(p.read("intranet/returns.html").contains("No episode to report"))
        #expect(p.read("intranet/returns.csv") == ReturnsReport.columns.joined(separator: ",") + "\n")
    }
}
