import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// What `rollbook import` writes and refuses to overwrite, the starter rollbook.yml, and the
/// round trip sample → export → import → identical statistics (spec section 9).
@Suite struct ImportOutputTests {
    static let marks = "Adno,Forename,Surname,Year,Date,Session,Mark\n1,A,B,5,2025-09-01,AM,/\n"

    @Test func handMadeDataFilesAreRefusedWithoutForce() throws {
        let handMade = "pupil_id,forename,surname,class,year_group\nP1,Amy,Ash,5A,5\n"
        let f = try ImportFolder(files: ["Data/pupils.csv": handMade, "m.csv": Self.marks])
        let out = f.csv(["m.csv"])
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "Data/pupils.csv: error: not written by `rollbook import` (or changed since it was); it is left as it is. Give --force to replace it",
            "error: no file was written",
        ])
        #expect(f.pupils == handMade)
        #expect(f.marks == nil)
        let forced = f.csv(["m.csv"], force: true)
        #expect(forced.status == 0)
        #expect(forced.stdout.contains("replacing Data/pupils.csv (--force)"))
        #expect(f.markRows == ["1,2025-09-01,AM,/,,"])
    }

    /// Two imports into one project at once: the second refuses while the first holds the
    /// project's import lock, writes nothing, and the next import after it goes ahead.
    @Test func aSecondImportAtOnceRefusesAndWritesNothing() throws {
        let f = try ImportFolder(files: ["m.csv": Self.marks])
        #expect(f.csv(["m.csv"]).status == 0)
        let before = (f.read("Data/pupils.csv"), f.read("Data/marks.csv"), f.read(".rollbook-import"))
        try f.write("m.csv", Self.marks + "1,A,B,5,2025-09-01,PM,N\n")
        let first = try ImportWriter.lock(directory: f.dir)
        let out = f.csv(["m.csv"])
        #expect(out.status == 2)
        #expect(out.stderr == "\(f.dir): error: another import (process \(getpid())) is writing this project's data; wait for it to finish, then import again; no file was written\n")
        #expect(f.read("Data/pupils.csv") == before.0 && f.read("Data/marks.csv") == before.1 && f.read(".rollbook-import") == before.2)
        first.release()
        #expect(f.read(ImportWriter.lockName) == nil)
        #expect(f.csv(["m.csv"]).status == 0)
        #expect(f.markRows == ["1,2025-09-01,AM,/,,", "1,2025-09-01,PM,N,,"])
        #expect(f.read(ImportWriter.lockName) == nil, "the lock file is removed when the import ends")
    }

    @Test func itsOwnFilesAreReplacedButNotOnceEdited() throws {
        let f = try ImportFolder(files: ["m.csv": Self.marks])
        #expect(f.csv(["m.csv"]).status == 0)
        #expect(f.read(".rollbook-import")?.contains(" Data/marks.csv\n") == true)
        try f.write("m.csv", Self.marks + "1,A,B,5,2025-09-01,PM,N\n")
        #expect(f.csv(["m.csv"]).status == 0)
        #expect(f.markRows == ["1,2025-09-01,AM,/,,", "1,2025-09-01,PM,N,,"])
        // The user edits the imported marks: they are theirs now.
        try f.write("Data/marks.csv", (f.marks ?? "") + "1,2025-09-02,AM,/,,\n")
        let out = f.csv(["m.csv"])
        #expect(out.status == 2)
        #expect(out.stderr.hasPrefix("Data/marks.csv: error: not written by `rollbook import`"))
        #expect(f.markRows.count == 3)
        // No temporary file is left behind.
        let left = try FileManager.default.contentsOfDirectory(atPath: f.dir + "/Data").filter { $0.contains("tmp") }
        #expect(left.isEmpty)
    }

    @Test func dataPathsFromRollbookYmlAreUsed() throws {
        let yaml = TestSchool.standardConfig + "\ndata:\n  pupils: In/roll.csv\n  marks: In/register.csv\n"
        let f = try ImportFolder(yaml: yaml, files: ["m.csv": Self.marks])
        let out = f.csv(["m.csv"])
        #expect(out.status == 0)
        #expect(f.read("In/register.csv")?.hasSuffix("1,2025-09-01,AM,/,,\n") == true)
        #expect(f.read("In/roll.csv") != nil)
        #expect(out.stdout.contains("Wrote In/roll.csv (1 pupil) and In/register.csv (1 mark)"))
    }

    @Test func marksOutsideTheYearAreDroppedAndSaidSo() throws {
        let (f, out) = try ImportFolder.importingCSV("m.csv", Self.marks + "1,A,B,5,2024-09-02,AM,/\n1,A,B,5,2025-09-06,AM,/\n")
        #expect(out.status == 0)
        // A Saturday mark is kept (check reports it); a mark from last year is dropped.
        #expect(f.markRows == ["1,2025-09-01,AM,/,,", "1,2025-09-06,AM,/,,"])
        #expect(out.stdout.contains("1 marks dated outside the academic year in rollbook.yml (2025-09-01 to 2026-07-22)"))
    }

    @Test func withoutRollbookYmlItRefusesAndPrintsAStarter() throws {
        // Marks on weekdays 1 to 19 September except Fri 12th, and 6 to 10 October.
        var text = "Adno,Forename,Surname,Year,Date,Session,Mark\n"
        var d = Day(parsing: "2025-09-01")!
        while d <= Day(parsing: "2025-10-10")! {
            let quiet = d == Day(parsing: "2025-09-12")! || (Day(parsing: "2025-09-20")! <= d && d < Day(parsing: "2025-10-06")!)
            if d.isWeekday, !quiet { text += "1,A,B,5,\(d.iso),AM,/\n" }
            d = d.adding(days: 1)
        }
        let f = try ImportFolder(yaml: nil, files: ["m.csv": text])
        let out = f.csv(["m.csv"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("rollbook.yml: error: not found: exports carry no school calendar"))
        #expect(f.marks == nil)
        let config = try ProjectConfig.parse(yaml: out.stdout)
        #expect(config.terms.map { "\($0.start)..\($0.end)" } == ["2025-09-01..2025-09-19", "2025-10-06..2025-10-10"])
        #expect(config.closures.map { "\($0.from)..\($0.to)" } == ["2025-09-12..2025-09-12"])
        #expect(config.yearStart.iso == "2025-09-01")
    }

    @Test func writtenFilesAreSortedUTF8WithLF() throws {
        let text = "Adno,Forename,Surname,Year,Date,Session,Mark\nb,Zoë,B,5,2025-09-02,PM,/\na,A,B,5,2025-09-02,PM,/\nb,Zoë,B,5,2025-09-02,AM,/\nB,A,B,5,2025-09-01,PM,/\nb,Zoë,B,5,2025-09-01,PM,/\n"
        let f = try ImportFolder(files: ["m.csv": text])
        #expect(f.csv(["m.csv"]).status == 0)
        #expect(f.markRows.map { String($0.prefix(17)) } == ["B,2025-09-01,PM,/", "a,2025-09-02,PM,/", "b,2025-09-01,PM,/",
                                                               "b,2025-09-02,AM,/", "b,2025-09-02,PM,/"])
        let bytes = readFileBytes(f.path("Data/pupils.csv"))!
        #expect(!bytes.contains(13))
        #expect(Array(bytes.prefix(3)) != [0xEF, 0xBB, 0xBF])
        #expect(f.pupils?.contains("b,,Zoë,B,Y5,5,") == true)
    }

    // MARK: - Round trips

    /// A sample school and its exports, in a temporary folder.
    static func sample(pupils: Int, seed: UInt64, to: String) throws -> (dir: String, reg: Register) {
        let dir = NSTemporaryDirectory() + "rollbook-roundtrip-\(UUID().uuidString)"
        try SampleSchool(pupils: pupils, seed: seed, to: Day(parsing: to)).write(to: dir)
        let reg = try ProjectLoader.load(directory: dir)
        _ = try SchoolExport.write(register: reg, formats: SchoolExport.Format.allCases, to: dir + "/exports")
        return (dir, reg)
    }

    static func target(_ source: String) throws -> ImportFolder {
        let yaml = String(decoding: readFileBytes(source + "/rollbook.yml")!, as: UTF8.self)
        return try ImportFolder(yaml: yaml)
    }

    static func stats(_ dir: String, _ by: StatsReport.Grouping) -> String {
        let out = Commands.stats(directory: dir, asOf: nil, by: by, format: .csv)
        #expect(out.status == 0, "\(out.stderr)")
        return out.stdout
    }

    @Test(arguments: [(40, UInt64(3), "2025-12-19"), (25, UInt64(11), "2026-07-22")])
    func everyCSVLayoutRoundTripsToIdenticalStatistics(pupils: Int, seed: UInt64, to: String) throws {
        let (src, _) = try Self.sample(pupils: pupils, seed: seed, to: to)
        for file in ["marks-long.csv", "marks-grid.csv", "marks-week.csv"] {
            let t = try Self.target(src)
            let out = Commands.importCSV(marks: [src + "/exports/" + file], pupils: src + "/exports/roster.csv", into: t.dir)
            #expect(out.status == 0, "\(file): \(out.stderr)")
            for by in [StatsReport.Grouping.pupil, .class, .year, .school] {
                #expect(Self.stats(t.dir, by) == Self.stats(src, by), "\(file) --by \(by)")
            }
        }
    }

    @Test(arguments: [(40, UInt64(3), "2025-12-19"), (25, UInt64(11), "2026-07-22")])
    func theCTFRoundTripsToIdenticalStatistics(pupils: Int, seed: UInt64, to: String) throws {
        let (src, reg) = try Self.sample(pupils: pupils, seed: seed, to: to)
        let t = try Self.target(src)
        let out = Commands.importCTF(files: [src + "/exports/school.ctf.xml"], into: t.dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr == "")
        // The CTF has no MIS id and no registration group: pupils are keyed by UPN, classes are Y + year.
        for by in [StatsReport.Grouping.year, .school] { #expect(Self.stats(t.dir, by) == Self.stats(src, by), "--by \(by)") }
        func rows(_ s: String) -> [String: [Substring]] {
            var out: [String: [Substring]] = [:]
            for line in s.split(separator: "\n").dropFirst() {
                var f = line.split(separator: ",", omittingEmptySubsequences: false)
                let id = String(f[0])
                f[0] = ""; f[1] = ""  // pupil_id and class
                out[id] = f
            }
            return out
        }
        let before = rows(Self.stats(src, .pupil)), after = rows(Self.stats(t.dir, .pupil))
        #expect(after.count == reg.pupils.count)
        for p in reg.pupils { #expect(after[p.upn] == before[p.id], "\(p.id) / \(p.upn)") }
    }

    @Test func theCTFExportCarriesAnEarlierSchoolThatIsLeftOut() throws {
        let (src, _) = try Self.sample(pupils: 30, seed: 5, to: "2025-10-24")
        let t = try Self.target(src)
        let out = Commands.importCTF(files: [src + "/exports/school.ctf.xml"], into: t.dir)
        #expect(out.stdout.contains("YearData blocks of other schools"))
        #expect(out.stdout.contains("(999/2001 Brookside Primary School)"))
    }
}
