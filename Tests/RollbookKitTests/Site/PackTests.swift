import Foundation
import Testing
@testable import RollbookKit

/// Issue 15, item 6: the meeting pack.
@Suite("Insight: meeting pack")
struct PackTests {
    @Test func weeklySectionListsWhoBecamePersistentWhoImprovedAndThresholds() throws {
        // as_of Friday 3 October, week 5. A: absent all of week 5 (0 of 40 before, 10 of 50 now → persistent).
        // B: absent the first 4 sessions of the year (10 % by 26 September, 8 % now → improved).
        // C: absent from Monday 22 September (10 school days in a row by 3 October: a legal threshold).
        let school = PackSinceTests.school()  // the school described above
        let html = try school.buildPage("pack.html", linkedAs: "Meeting pack")
        let week = html.components(separatedBy: "<section class=\"pack-section\" aria-labelledby=\"term-h\">")[0]
        #expect(week.contains("Weekly attendance meeting: week commencing Mon 29 Sep 2025"))
        #expect(week.contains("Became persistently or severely absent (1)"))
        #expect(week.contains("<a href=\"pupils/A.html\">SA, FA</a></th><td>7A</td><td class=\"num\">80.0%</td><td>Persistently absent</td>"))
        #expect(week.contains("Improved (1)"))
        #expect(week.contains("<a href=\"pupils/B.html\">SB, FB</a></th><td>7A</td><td class=\"num\">92.0%</td><td>No longer persistently absent</td>"))
        // A and C reach the penalty-notice threshold (10 unauthorised sessions), C the 10-day run too.
        #expect(week.contains("Legal thresholds reached (3)"))
        #expect(week.contains("10 school days in a row unauthorised"))
        // School: week of 22 September (C absent: 75 %) against this week (A and C absent: 50 %).
        #expect(week.contains("<th scope=\"row\">Attendance</th><td class=\"num\">75.0%</td><td class=\"num\">50.0%</td><td class=\"num\">−25.0 points</td>"))
        // The termly section follows on its own page when printed.
        #expect(html.contains("Governors: Autumn 1 so far"))
    }
}
