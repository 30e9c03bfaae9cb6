import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// What a trust does with a school it cannot read, and with a trust.yml that names folders it
/// must not: each problem reported with trust.yml's line, the other schools still reported,
/// exit status 2.
@Suite struct TrustConfigTests {
    let today = TrustTestProject.today

    /// A trust folder holding the three schools of `TrustTestProject` (alpha in `schools/alpha`),
    /// whose trust.yml lists `schools` (lines from 4).
    func trust(_ schools: String, extra: [String: String] = [:]) throws -> TrustTestProject {
        try TrustTestProject(trustYAML: "trust:\n  name: Test Trust\nschools:\n" + schools, extra: extra)
    }

    func schoolsIn(_ csv: String) -> [String] {
        Array(Set(csv.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })).sorted()
    }

    @Test func aBrokenSchoolIsReportedAndTheOthersStillRun() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        try t.put("schools/beta/rollbook.yml", "school:\n  name: Beta Academy\nyear:\n  start: 2025-09-01\n  end: 2026-07-22\nterms: [ { name: A, start: 2025-09-03\n")
        let o = Commands.check(directory: t.dir, asOf: nil, format: .csv, today: today)
        #expect(o.status == 2)
        #expect(schoolsIn(o.stdout) == ["Alpha Primary", "Gamma School"])
        #expect(o.stderr.hasPrefix("schools/beta/rollbook.yml:7: error: malformed YAML"))
        #expect(o.stderr.hasSuffix("error: 1 school of Test Trust could not be read; the others are reported\n"))
        let s = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, today: today)
        #expect(s.status == 2)
        // The trust's row sums the schools that could be read.
        #expect(s.stdout.split(separator: "\n").last == ",Test Trust,,,4,9,8,8,0,0,1,0,3,88.89,0.00,11.11,11.11,1,33.33,0,0.00,0")
    }

    @Test func aSchoolWithUnreadableDataIsReportedWithItsFolder() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        try t.put("gamma/Data/pupils.csv", "pupil_id,forename\nP1,Eve\n")
        let o = Commands.check(directory: t.dir, asOf: nil, format: .json, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.contains("gamma/Data/pupils.csv:1: error: missing required columns `surname`, `class`, `year_group`"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(o.stdout.utf8)) as? [String: Any])
        let schools = try #require(json["schools"] as? [[String: Any]])
        #expect(schools.map { $0["read"] as? Bool } == [true, true, false])
        #expect((json["findings"] as? [[String: Any]])?.count == 2)
    }

    @Test func aMissingFolderIsReportedWithItsLine() throws {
        let t = try trust("  - schools/alpha\n  - schools/nowhere\n")
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .csv, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.hasPrefix("trust.yml:5: error: school folder `schools/nowhere` not found (relative to trust.yml)\n"))
        #expect(schoolsIn(o.stdout) == ["Alpha Primary"])
    }

    @Test func theTrustFolderItselfIsRefused() throws {
        let t = try trust("  - schools/alpha\n  - .\n")
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.hasPrefix("trust.yml:5: error: school `.` is the trust folder itself: list each school's own folder\n"))
        #expect(schoolsIn(o.stdout) == ["", "Alpha Primary"])
    }

    @Test func aParentOfTheTrustFolderIsALoop() throws {
        let t = try trust("  - schools/alpha\n")
        defer { t.remove() }
        // A link from inside the trust back up to it is the same loop.
        try FileManager.default.createSymbolicLink(atPath: t.dir + "/schools/up", withDestinationPath: t.dir)
        try t.put("trust.yml", "trust:\n  name: Test Trust\nschools:\n  - schools/alpha\n  - ..\n  - schools/up\n")
        let o = Commands.check(directory: t.dir, asOf: nil, format: .csv, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.contains("trust.yml:5: error: school `..` holds the trust folder (it is one of its parents): the schools would loop back into the trust\n"))
        #expect(o.stderr.contains("trust.yml:6: error: school `schools/up` is the trust folder itself: list each school's own folder\n"))
        #expect(schoolsIn(o.stdout) == ["Alpha Primary"])
    }

    @Test func aFolderListedTwiceRunsOnce() throws {
        let t = try trust("  - schools/alpha\n  - ./schools/alpha/\n")
        defer { t.remove() }
        let o = Commands.stats(directory: t.dir, asOf: nil, by: .school, format: .csv, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.hasPrefix("trust.yml:5: error: school `schools/alpha` is listed twice: already on line 4\n"))
        #expect(o.stdout.split(separator: "\n").count == 3)
    }

    @Test func aSchoolHoldingATrustIsRefused() throws {
        let t = try trust("  - schools/alpha\n  - inner\n", extra: ["inner/trust.yml": "trust:\n  name: Inner\nschools:\n  - ../schools/alpha\n"])
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .text, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.hasPrefix("trust.yml:5: error: school `inner` holds a trust.yml of its own: list its schools here instead (trusts do not nest)\n"))
    }

    @Test func aTrustYmlThatCannotBeReadStopsWithItsLine() throws {
        let t = try TrustTestProject(trustYAML: "trust:\n  name: Test Trust\nschools: [a, b\n")
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .text, today: today)
        #expect(o.status == 2)
        #expect(o.stdout == "")
        #expect(o.stderr.hasPrefix("trust.yml:4: error: malformed YAML"))
        let u = try TrustTestProject(trustYAML: "trust: {}\nschool:\n  - a\n")
        defer { u.remove() }
        let p = Commands.stats(directory: u.dir, asOf: nil, by: .pupil, format: .csv, today: today)
        #expect(p.status == 2)
        #expect(p.stderr == """
            trust.yml:1: error: missing `trust.name` (the trust's or authority's name)
            trust.yml:1: error: missing `schools` (a list of school folders, relative to trust.yml)
            trust.yml:2: error: unknown key `school` (expected `trust` and `schools`)

            """)
    }

    @Test func aFolderWithBothFilesIsRefused() throws {
        let t = try TrustTestProject(extra: ["rollbook.yml": TrustTestProject.alpha["rollbook.yml"]!])
        defer { t.remove() }
        let o = Commands.check(directory: t.dir, asOf: nil, format: .text, today: today)
        #expect(o.status == 2)
        #expect(o.stderr.hasPrefix("trust.yml: error: this folder holds both trust.yml and rollbook.yml"))
    }

    @Test func slugsAreTheFolderNamesAndUnique() throws {
        var files: [String: String] = [:]
        for f in ["a/oak", "b/oak", "Assets", "St Mary's"] {
            for (k, v) in TrustTestProject.gamma { files[f + "/" + k] = v }
        }
        let t = try trust("  - a/oak\n  - b/oak\n  - Assets\n  - \"St Mary's\"\n", extra: files)
        defer { t.remove() }
        let c = try TrustConfig.load(directory: t.dir)
        #expect(c.problems.isEmpty)
        #expect(c.schools.map(\.slug) == ["a-oak", "b-oak", "Assets-school", "St_20Mary_27s"])
    }
}
