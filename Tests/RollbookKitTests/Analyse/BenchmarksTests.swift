import Foundation
import RollbookTestSupport
import Testing
@testable import RollbookKit

/// Issue 15, item 2: national figures by phase, cited, with the school's phase and period said truthfully.
@Suite("Insight: national benchmarks")
struct BenchmarksTests {
    @Test func phaseIsInferredFromYearGroupsOrRefused() {
        #expect(NationalBenchmarks.inferPhase(yearGroups: ["R", "1", "6"]) == .primary)
        #expect(NationalBenchmarks.inferPhase(yearGroups: ["7", "11", "12", "13"]) == .secondary)
        #expect(NationalBenchmarks.inferPhase(yearGroups: ["R", "7"]) == nil)     // all-through
        #expect(NationalBenchmarks.inferPhase(yearGroups: ["N", "12"]) == nil)
    }

    @Test func phaseInRollbookYml() throws {
        let base = "school:\n  name: X\n  phase: %@\nyear: { start: 2025-09-01, end: 2026-07-22 }\nterms:\n  - { name: A, start: 2025-09-01, end: 2025-10-24 }\n"
        #expect(try ProjectConfig.parse(yaml: base.replacingOccurrences(of: "%@", with: "Special")).phase == "special")
        #expect(try ProjectConfig.parse(yaml: base.replacingOccurrences(of: "%@", with: "")).phase == nil)
        let e = try #require(throws: InputError.self) {
            _ = try ProjectConfig.parse(yaml: base.replacingOccurrences(of: "%@", with: "middle"))
        }
        #expect(e.description.contains("rollbook.yml:3: error: `school.phase` must be primary, secondary or special, not `middle`"))
    }

    @Test func shippedFiguresAreTheReleaseFiguresAndNothingElse() {
        let p = NationalBenchmarks.phase(.primary)
        #expect(p.absencePct == 5.5 && p.authorisedPct == 3.9 && p.unauthorisedPct == 1.6 && p.fullYear)
        #expect(p.persistentPct == nil && p.severePct == nil)
        #expect(NationalBenchmarks.phase(.special).absencePct == 13.0)
        #expect(NationalBenchmarks.group(.fsm, "true")?.fullYear == false)
        #expect(NationalBenchmarks.group(.eal, "true") == nil)
        #expect(NationalBenchmarks.group(.sex, "F") == nil)
    }

    @Test func pageSaysYearToDateAgainstFullYearAndComparesCompulsorySchoolAgeOnly() throws {
        // Year 7 (compulsory school age) and Year 12 (not): the Year 12 pupil misses everything.
        let pupils = [InsightSchool.pupil("P1"), InsightSchool.pupil("P2"), InsightSchool.pupil("S1", year: "12")]
        let school = InsightSchool(asOf: "2025-09-12", pupils: pupils) { id, k, _ in id == "S1" || (id == "P2" && k < 2) ? "O" : "/" }
        expectContains(try school.buildPage("benchmarks.html", linkedAs: "National"), [
            "Phase: Secondary (inferred from its year groups (7, 12))",
            "Year to date against a full year.",
            // P1 and P2: 38 of 40 sessions = 95.0 %; national secondary attendance 100 − 8.9 = 91.1 %.
            "<th scope=\"row\">Attendance</th><td class=\"num\">95.0%</td><td class=\"num\">91.1%</td><td class=\"num\">+3.9 points (better)</td>",
            "<td class=\"num\">not published</td>",
            "2 of 3 pupils are of compulsory school age",
        ])
        // At the end of the last term the school's figure is the full year's: no warning.
        let full = InsightSchool(asOf: "2026-02-13", pupils: pupils) { _, _, _ in "/" }
        let html2 = InsightSchool.read(try full.build(), "intranet/benchmarks.html")
        #expect(html2.contains("for the full academic year"))
        #expect(!html2.contains("Year to date against a full year."))
    }
}

@Suite("Insight: local authority figures")
struct LocalAuthorityTests {
    static let base = StandardCalendar.compactYear(school: "X") + "\n  - { name: A, start: 2025-09-01, end: 2025-10-24 }\n"

    @Test func blockIsReadAndCheckedWithLines() throws {
        let c = try ProjectConfig.parse(yaml: Self.base + "local_authority:\n  name: Northshire\n  full_year: yes\n  attendance_pct: 93.4\n  source: LA bulletin\n")
        #expect(c.localAuthority?.name == "Northshire" && c.localAuthority?.attendancePct == 93.4)
        #expect(c.localAuthority?.fullYear == true && c.localAuthority?.persistentPct == nil)
        #expect(try ProjectConfig.parse(yaml: Self.base).localAuthority == nil)
        let e = try #require(throws: InputError.self) {
            _ = try ProjectConfig.parse(yaml: Self.base + "local_authority:\n  name: N\n  attendance_pct: lots\n  full_year: maybe\n")
        }
        #expect(e.description.contains("rollbook.yml:7: error: `local_authority.attendance_pct` must be a percentage"))
        #expect(e.description.contains("rollbook.yml:8: error: `local_authority.full_year` must be true or false"))
        let unnamed = try #require(throws: InputError.self) {
            _ = try ProjectConfig.parse(yaml: Self.base + "local_authority:\n  attendance_pct: 90\n")
        }
        #expect(unnamed.description.contains("`local_authority.name` is missing"))
    }

    @Test func nationalPageShowsTheAuthoritysRowWithItsPeriod() throws {
        var school = InsightSchool(asOf: "2025-09-12", pupils: [InsightSchool.pupil("P1")]) { _, _, _ in "/" }
        school.yaml += "\nlocal_authority:\n  name: North & shire\n  full_year: true\n  period: 2024/25\n  attendance_pct: 93.4\n  source: Bulletin <1>\n"
        let html = InsightSchool.read(try school.build(), "intranet/benchmarks.html")
        #expect(html.contains("<h2 id=\"la-h\">Against the local authority</h2>"))
        #expect(html.contains("North &amp; shire&#39;s figures cover a whole academic year") || html.contains("North &amp; shire's figures cover a whole academic year"))
        #expect(html.contains("<th scope=\"row\">Attendance</th><td class=\"num\">100.0%</td><td class=\"num\">93.4%</td><td class=\"num\">+6.6 points (better)</td>"))
        #expect(html.contains("<td class=\"num\">not given</td>"))
        #expect(html.contains("Source: Bulletin &lt;1&gt;."))
    }
}
