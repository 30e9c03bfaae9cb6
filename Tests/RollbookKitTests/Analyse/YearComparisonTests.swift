import Foundation
import Testing
@testable import RollbookKit

/// Issue 15, item 4: this year against the last (`compare_with:`).
@Suite("Insight: this year against last year")
struct YearComparisonTests {
    static let lastYAML = """
    school:
      name: Insight & Co School
    year:
      start: 2024-09-01
      end: 2025-07-22
    terms:
      - { name: Autumn 1, start: 2024-09-02, end: 2024-10-25 }
      - { name: Autumn 2, start: 2024-11-04, end: 2024-12-20 }
    """

    /// This year: A to E in 7A, F in 7B, as_of Friday 3 October 2025 (50 sessions); A absent the
    /// first 6 sessions. Last year (2024/25, as_of its year end): L1 to L5 in 7A, L1 and L2 with
    /// an EHC plan; L1 absent every session after Thursday 3 October 2024, L2 the first 4.
    static func schools() -> (this: InsightSchool, last: InsightSchool) {
        let this = InsightSchool(asOf: "2025-10-03", pupils: ["A", "B", "C", "D", "E"].map { InsightSchool.pupil($0) }
                                    + ["F,FF,SF,7B,7,,,,,,,,"]) { id, k, _ in id == "A" && k < 6 ? "O" : "/" }
        let last = InsightSchool(yaml: lastYAML, asOf: "2025-07-22", pupils: [
            "L1,FL1,SL1,7A,7,,,E,,,,,", "L2,FL2,SL2,7A,7,,,E,,,,,", "L3,FL3,SL3,7A,7,,,N,,,,,",
            "L4,FL4,SL4,7A,7,,,N,,,,,", "L5,FL5,SL5,7A,7,,,N,,,,,",
        ]) { id, k, cal in
            if id == "L1" { return cal.slotDay[k] > Day(parsing: "2024-10-03")! ? "O" : "/" }
            return id == "L2" && k < 4 ? "O" : "/"
        }
        return (this, last)
    }

    /// Writes `school` as a project folder at `dir` (its yaml, as_of and `extra` lines).
    static func write(_ school: InsightSchool, to dir: String, extra: String = "") throws {
        try makeDirectory(dir + "/Data")
        try writeFile(dir + "/rollbook.yml", school.yaml + "\nas_of: \(school.asOf)\n" + extra)
        try writeFile(dir + "/Data/pupils.csv", school.pupilsCSV)
        try writeFile(dir + "/Data/marks.csv", try school.marksCSV())
    }

    /// A folder holding `this/` (compare_with: `compareWith`) and, unless `writeLast` is false, `last/`.
    static func projects(compareWith: String = "../last", writeLast: Bool = true) throws -> String {
        let root = NSTemporaryDirectory() + "rollbook-compare-\(UUID().uuidString)"
        let (this, last) = schools()
        try write(this, to: root + "/this", extra: "compare_with: \(compareWith)   # last year\n")
        if writeLast { try write(last, to: root + "/last") }
        return root
    }

    static func build(_ root: String) throws -> SiteBuilder.Report {
        try SiteBuilder(.init(directory: root + "/this", today: Day(parsing: "2026-07-01")!)).run()
    }

    @Test func sameSpanIsTheSameDateLastYearOrLastYearsFullYear() throws {
        let this = try ProjectConfig.parse(yaml: InsightSchool.yaml)
        let last = try ProjectConfig.parse(yaml: YearComparisonTests.lastYAML)
        func end(_ asOf: String, lastAsOf: String = "2025-07-22") -> (Day, [String]) {
            let r = YearComparison.lastSpanEnd(thisConfig: this, thisAsOf: Day(parsing: asOf)!, lastConfig: last, lastAsOf: Day(parsing: lastAsOf)!)
            return (r.end, r.notes)
        }
        #expect(end("2025-10-03").0 == Day(parsing: "2024-10-03")!)
        #expect(end("2025-10-03").1.isEmpty)
        // This year finished (as_of on or after its last term's end): last year's full year.
        #expect(end("2026-02-13").0 == Day(parsing: "2025-07-22")!)
        #expect(end("2026-07-22").0 == Day(parsing: "2025-07-22")!)
        // Last year's register stops before the same point: its as_of, said.
        let short = end("2025-12-01", lastAsOf: "2024-11-15")
        #expect(short.0 == Day(parsing: "2024-11-15")!)
        #expect(short.1 == ["Last year's project runs only to Fri 15 Nov 2024 (its as_of), so last year's figures stop there, short of the same point last year (Sun 1 Dec 2024)."])
        // 29 February has no namesake a year earlier.
        #expect(YearComparison.sameDateLastYear(Day(parsing: "2028-02-29")!) == Day(parsing: "2027-02-28")!)
        #expect(YearComparison.sameDateLastYear(Day(parsing: "2026-03-27")!) == Day(parsing: "2025-03-27")!)
    }

    @Test func comparesTheSameSpanWholeCohortsAndClassesByName() throws {
        let (this, last) = YearComparisonTests.schools()
        let reg = try this.register()
        var lastConfig = try ProjectConfig.parse(yaml: YearComparisonTests.lastYAML)
        lastConfig.asOf = nil
        let lastReg = try ProjectLoader.load(config: lastConfig, asOf: Day(parsing: "2024-10-03")!,
                                             pupils: CSVFile(displayPath: "Data/pupils.csv", text: last.pupilsCSV),
                                             marks: CSVFile(displayPath: "Data/marks.csv", text: try last.marksCSV()), contacts: nil)
        let y = YearComparison(this: reg, stats: Statistics.allPupils(reg), last: lastReg)
        #expect(y.this.sessions == 50 && y.last.sessions == 48)
        #expect(!y.this.fullYear && !y.last.fullYear)
        #expect(y.notes.isEmpty)
        // L1's absences after 3 October 2024 are outside the span: last year 236 of 240.
        #expect(y.school.last?.counts.attended == 236 && y.school.last?.counts.possible == 240)
        #expect(y.school.this?.counts.attended == 294 && y.school.this?.counts.possible == 300)
        #expect(y.pupilsInBoth == 0)
        let classes = y.classes
        #expect(classes.map(\.name) == ["7A", "7B"])
        #expect(classes[0].last?.pupils == 5)
        #expect(classes[1].last == nil && classes[1].change == nil)
        #expect(abs((classes[0].change ?? 0) - (97.6 - 236.0 / 2.4)) < 1e-9)
        // SEN: E (2) and N (3) last year are both hidden; this year everyone is "unknown" (6).
        let sen = y.groups(.sen)
        #expect(sen.map(\.name) == ["E", "N", "unknown"])
        #expect(sen[0].lastSuppressed && sen[1].lastSuppressed && sen[0].this == nil)
        #expect(sen[2].last == nil && sen[2].this?.pupils == 6 && !sen[2].thisSuppressed)
        #expect(sen.allSatisfy { $0.change == nil })
    }

    @Test func lastYearPageShowsSpansLevelsMissingClassAndSuppression() throws {
        let root = try YearComparisonTests.projects()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try YearComparisonTests.build(root)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let html = InsightSchool.read(root + "/this", "intranet/compare.html")
        #expect(html.contains("Last year, 2024/25: Sun 1 Sep 2024 to Thu 3 Oct 2024 (48 school sessions, part of the year)."))
        #expect(html.contains("This year, 2025/26: Mon 1 Sep 2025 to Fri 3 Oct 2025 (50 school sessions, part of the year)."))
        #expect(html.contains("<th scope=\"row\">Attendance</th><td class=\"num\">98.3%</td><td class=\"num\">98.0%</td><td class=\"num\">−0.3 points (worse)</td>"))
        #expect(html.contains("<th scope=\"row\">7B</th><td class=\"num\">–</td><td>no class of that name last year</td>"))
        #expect(html.contains("<th scope=\"row\">Special educational needs: EHC plan (E)</th><td class=\"num\">fewer than 5</td><td class=\"num\">not shown</td>"))
        #expect(!html.contains("95.8%"))  // the hidden EHC plan group's figure (92 of 96)
        // A chart per level, each with a text alternative; the page is linked from every page and from Trends.
        for id in ["y-school", "y-years", "y-classes", "y-groups"] {
            #expect(html.contains("<svg viewBox=") && html.contains("aria-labelledby=\"\(id)-chart-t \(id)-chart-d\""), "chart \(id)")
        }
        #expect(InsightSchool.read(root + "/this", "intranet/index.html").contains("href=\"compare.html\">Last year</a>"))
        #expect(InsightSchool.read(root + "/this", "intranet/trends.html").contains("<a href=\"compare.html\">Last year</a>"))
    }

    @Test func aMissingOrUnreadableFolderWarnsAndThePageSaysWhy() throws {
        let root = try YearComparisonTests.projects(compareWith: "../2024-25", writeLast: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let report = try YearComparisonTests.build(root)
        #expect(report.warnings.map(\.description) == [
            "rollbook.yml:11: warning: `compare_with: ../2024-25`: no such folder (\(root)/this/../2024-25); the Last year page shows no comparison",
        ])
        let html = InsightSchool.read(root + "/this", "intranet/compare.html")
        #expect(html.contains("No comparison: <code>compare_with: ../2024-25</code>"))
        // A folder whose rollbook.yml is broken: every problem, under the folder's path.
        try makeDirectory(root + "/2024-25")
        try writeFile(root + "/2024-25/rollbook.yml", "school: { name: X }\nyear: { start: 2024-09-01, end: nope }\nterms: []\n")
        let again = try YearComparisonTests.build(root)
        let lines = again.warnings.map(\.description)
        #expect(lines.first == "rollbook.yml:11: warning: `compare_with: ../2024-25`: its rollbook.yml cannot be read; the Last year page shows no comparison")
        #expect(lines.contains { $0.hasPrefix("../2024-25/rollbook.yml:2: warning: `year.end` is not a date") && $0.hasSuffix("(in last year's project, named by `compare_with:`)") })
        // The same year is not last year.
        try FileManager.default.removeItem(atPath: root + "/2024-25")
        try YearComparisonTests.write(InsightSchool(asOf: "2025-10-03", pupils: []) { _, _, _ in "/" }, to: root + "/2024-25")
        let same = try YearComparisonTests.build(root)
        #expect(same.warnings.first?.message.contains("does not come before this one") == true)
    }

    @Test func withoutCompareWithThereIsNoPageAndTrendsSaysHow() throws {
        let dir = try InsightSchool(asOf: "2025-09-12", pupils: [InsightSchool.pupil("P1")]) { _, _, _ in "/" }.build()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(readFileBytes(dir + "/site/intranet/compare.html") == nil)
        #expect(!InsightSchool.read(dir, "intranet/index.html").contains("compare.html"))
        #expect(InsightSchool.read(dir, "intranet/trends.html").contains("<code>compare_with: ../2024-25</code>"))
    }

    @Test func configKeyIsReadAndCheckedWithItsLine() throws {
        let c = try ProjectConfig.parse(yaml: InsightSchool.yaml + "\ncompare_with: ../2024-25\n")
        #expect(c.compareWith == "../2024-25" && c.compareWithLine == 10)
        #expect(try ProjectConfig.parse(yaml: InsightSchool.yaml + "\ncompare_with:\n").compareWith == nil)
        #expect(throws: InputError.self) { try ProjectConfig.parse(yaml: InsightSchool.yaml + "\ncompare_with: [a, b]\n") }
        let e = try #require(throws: InputError.self) { try ProjectConfig.parse(yaml: InsightSchool.yaml + "\ncompare_with: { a: b }\n") }
        #expect(e.description == "rollbook.yml:10: error: `compare_with` must be a folder path (last year's Rollbook project)")
    }

    @Test func outputInsideTheCompareWithFolderIsRefusedAndItsDataIsInTheDigest() throws {
        let root = try YearComparisonTests.projects()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for output in [root + "/last", root + "/last/site"] {
            var o = SiteBuilder.Options(directory: root + "/this", today: Day(parsing: "2026-07-01")!)
            o.output = output
            let e = try #require(throws: SiteBuilder.BuildError.self, "built into \(output)") { try SiteBuilder(o).run() }
            #expect(e.description.contains("refusing to build here") && e.description.contains("../last"), "\(e)")
        }
        #expect(readFileBytes(root + "/last/site") == nil)
        // Last year's marks change: the next build is not "up to date".
        #expect(try YearComparisonTests.build(root).upToDate == false)
        #expect(try YearComparisonTests.build(root).upToDate == true)
        try writeFile(root + "/last/Data/marks.csv", String(decoding: readFileBytes(root + "/last/Data/marks.csv")!, as: UTF8.self).replacingOccurrences(of: "L2,2024-09-02,AM,O", with: "L2,2024-09-02,AM,/"))
        #expect(try YearComparisonTests.build(root).upToDate == false)
        #expect(InsightSchool.read(root + "/this", "intranet/compare.html").contains("98.8%"))
    }
}
