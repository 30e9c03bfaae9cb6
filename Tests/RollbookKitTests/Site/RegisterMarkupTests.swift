import Foundation
import Testing
@testable import RollbookKit

/// Page weight (issue 11, item 3): present marks, most cells of every register grid, are written
/// as a bare `<td>`; other codes keep their category class, and their meaning as a title in the
/// class and year grids (a pupil's calendar has the code table beside it instead). The
/// stylesheet still colours a bare register cell as present.
@Suite("Register grids: compact markup for present marks")
struct RegisterMarkupTests {
    static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func presentCellsAreBareAndOtherCellsKeepClassAndTitle() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        // Kai (P3): 28 sessions to 19 September, absent (O) on the 8 of the second week.
        let kai = p.read("intranet/pupils/P3.html")
        #expect(Self.occurrences(of: "<td>/</td>", in: kai) == 10)
        #expect(Self.occurrences(of: "<td>\\</td>", in: kai) == 10)
        #expect(Self.occurrences(of: "<td class=\"unauthorised\">O</td>", in: kai) == 8)
        #expect(kai.contains("<td class=\"closed\" title=\"INSET day\">–</td>"))
        #expect(!kai.contains("title=\"Present (AM)\"") && !kai.contains("title=\"Absent in other"))
        // The key names the colours, the code table every code the pupil has, with its meaning.
        #expect(kai.contains("<li><span class=\"mark present\">/</span> Present</li>"))
        #expect(kai.contains("<tr><th scope=\"row\"><span class=\"mark unauthorised\">O</span></th><td>Absent in other or unknown circumstances</td>"))
        // ../etc was ill (I) on Monday 1 September.
        let etc = p.read("intranet/pupils/_2E_2E_2Fetc.html")
        #expect(Self.occurrences(of: "<td class=\"authorised\">I</td>", in: etc) == 2)
        #expect(etc.contains("<span class=\"mark authorised\">I</span></th><td>Illness (not medical or dental appointment)</td>"))
        // The class grid of 7A (P1, P3, ../etc), the last 20 of 28 sessions: Friday 5 September,
        // the 8 sessions of the second week (P3 absent) and the third week. 3 × 20 cells: 8 O,
        // 26 present in the morning, 26 in the afternoon.
        let cls = p.read("intranet/classes/7A.html")
        #expect(Self.occurrences(of: "<td>/</td>", in: cls) == 26)
        #expect(Self.occurrences(of: "<td>\\</td>", in: cls) == 26)
        #expect(Self.occurrences(of: "<td class=\"unauthorised\" title=\"Absent in other or unknown circumstances\">O</td>", in: cls) == 8)
        #expect(!cls.contains("title=\"Present (AM)\"") && !cls.contains("title=\"Present (PM)\""))
    }

    @Test func theStylesheetColoursBareRegisterCellsAsPresent() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        let css = p.read("intranet/assets/intranet.css")
        let rule = css.split(separator: "\n").first { $0.contains("table.register td:not([class])") }
        #expect(rule?.contains("background: var(--present-bg); color: var(--present-fg);") == true)
    }
}
