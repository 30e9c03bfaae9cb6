import Foundation
@testable import RollbookKit
import Testing

/// The school's actions on pupil pages and the case list (spec section 8).
@Suite struct CaseworkPageTests {
    @Test func timelineAndCaseList() throws {
        let actions = """
        pupil_id,date,action,detail,review_by,by
        P3,2025-09-10,call,<Mum> unwell,,Office
        P3,2025-09-11,Home visit & chat,,2025-09-15,EWO
        P1,2025-09-05,meeting,,2025-10-01,
        """
        let p = try SiteTestProject(files: ["Data/actions.csv": actions])
        defer { p.remove() }
        try p.build()
        let kai = p.read("intranet/pupils/P3.html")
        expectContains(kai, [
            "<h2 id=\"actions-h\">Casework</h2>",
            "<strong>Call</strong> (&lt;Mum&gt; unwell), by Office",
            "<strong>Home visit &amp; chat</strong>, by EWO; review by Mon 15 Sep 2025 <span class=\"flag bad\">review overdue</span>",
        ])
        // Newest first.
        #expect(kai.range(of: "Home visit")!.lowerBound < kai.range(of: "<strong>Call</strong>")!.lowerBound)
        let amelia = p.read("intranet/pupils/P1.html")
        #expect(amelia.contains("<strong>Meeting</strong>; review by Wed 1 Oct 2025</li>"))
        #expect(p.read("intranet/pupils/P2.html").contains("No action yet"))
        let cases = p.read("intranet/cases.html")
        #expect(cases.contains("Review overdue</span> (due Mon 15 Sep 2025) Last: Home visit &amp; chat, Thu 11 Sep 2025"))
    }

    @Test func aCaseWithoutActionsSaysSo() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        #expect(p.read("intranet/cases.html").contains("<span class=\"flag bad\">No action yet</span>"))
    }
}
