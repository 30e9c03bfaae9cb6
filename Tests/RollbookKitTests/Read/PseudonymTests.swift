import Foundation
@testable import RollbookKit
@testable import rollbook
import Testing

/// Issue 13 item 7: `--pseudonymise` never shows a real name.
@Suite struct PseudonymTests {
    static func fullNames(_ pupils: [Pupil]) -> Set<String> {
        var s = Set<String>()
        for p in pupils {
            s.insert("\(p.forename) \(p.surname)".lowercased())
            s.insert("\(p.surname) \(p.forename)".lowercased())
        }
        return s
    }

    /// The demo school (`rollbook sample DIR`: 200 pupils, seed 1): before, 4 pupils were shown
    /// under the name of another real pupil on the roll.
    @Test func demoSchoolPseudonymsAreUniqueAndNeverARealName() throws {
        let dir = NSTemporaryDirectory() + "rollbook-pseudo-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try SampleSchool(pupils: 200, seed: 1, from: day("2025-09-01"), to: day("2025-10-10")).write(to: dir)
        let real = try ProjectLoader.load(directory: dir, asOf: nil, today: day("2025-10-10"))
        #expect(real.pupils.count == 200)
        let fake = real.pseudonymised()
        let realNames = Self.fullNames(real.pupils)
        let shown = fake.pupils.map { "\($0.forename) \($0.surname)".lowercased() }
        #expect(Set(shown).count == shown.count, "pseudonyms must be unique")
        let clashes = shown.filter { realNames.contains($0) }
        #expect(clashes.isEmpty, "shown under a real pupil's name: \(clashes)")
        #expect(fake.pupils.allSatisfy { $0.upn.isEmpty })
        // Stable: the same roll gives the same pseudonyms, whatever the order of pupils.csv.
        #expect(real.pseudonymised().pupils.map(\.name) == fake.pupils.map(\.name))
        let shuffled = Pseudonyms.assign(real.pupils.reversed())
        #expect(shuffled.reversed().map { "\($0.forename) \($0.surname)" } == fake.pupils.map(\.name))
        // The whole demo site builds pseudonymised: the final scan for real names finds none
        // (table rows "… Amelia | Smith, …" are not read as one name).
        let build = Commands.build(directory: dir, asOf: nil, output: nil, verbose: false, pseudonymise: true, today: day("2025-10-10"))
        #expect(build.status == 0, "\(build.stderr)")
        let page = String(decoding: readFileBytes(dir + "/site/intranet/pupils.html") ?? [], as: UTF8.self)
        for p in real.pupils.prefix(20) { #expect(!page.contains("\(p.surname), \(p.forename)") || fake.pupils.contains { $0.name == p.name }) }
    }

    @Test func aRollOfOnlyPoolNamesStillGetsUniqueOtherNames() {
        // Every combination of a few pool names is a real pupil: pseudonyms must avoid them all.
        var pupils: [Pupil] = []
        for (i, f) in SampleSchool.forenames.prefix(10).enumerated() {
            for (j, s) in SampleSchool.surnames.prefix(10).enumerated() {
                pupils.append(Pupil(id: "P\(i)-\(j)", upn: "", forename: f, surname: s, className: "7A", yearGroup: "7", line: 2))
            }
        }
        let names = Pseudonyms.assign(pupils)
        let real = Self.fullNames(pupils)
        let shown = names.map { "\($0.forename) \($0.surname)".lowercased() }
        #expect(Set(shown).count == pupils.count)
        #expect(shown.allSatisfy { !real.contains($0) })
    }

    static let roll = """
        pupil_id,upn,forename,surname,class,year_group
        P1,A111111111111,Amelia,Jones,7A,7
        P2,A222222222222,Oliver,Smith,7A,7
        P3,A333333333333,Isla,Taylor,7B,7
        """

    /// A project whose free text names pupils: a contact reason, an unknown mark, a channel.
    static func project(extraMarks: String = "") throws -> String {
        let dir = NSTemporaryDirectory() + "rollbook-pseudo-\(UUID().uuidString)"
        try makeDirectory(dir + "/Data")
        try writeFile(dir + "/rollbook.yml", SiteTestProject.yaml)
        try writeFile(dir + "/Data/pupils.csv", roll)
        var marks = "pupil_id,date,session,mark\n"
        for p in ["P1", "P2", "P3"] { marks += markRows(p, "/", from: "2025-09-01", to: "2025-09-19", skipping: ["2025-09-12"]) + "\n" }
        marks += "P2,2025-09-22,AM,Oliver Smith sick\n" + extraMarks
        try writeFile(dir + "/Data/marks.csv", marks)
        try writeFile(dir + "/Data/contacts.csv", """
            pupil_id,date,session,kind,reason,received_at,channel
            P1,2025-09-03,AM,absence,Isla Taylor's mum says Amelia Jones is ill,2025-09-03T08:00,call from Oliver Smith
            """)
        return dir
    }

    @Test func checkAndStatsWithholdFreeText() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for format in Commands.CheckFormat.allCases {
            let out = Commands.check(directory: dir, asOf: nil, format: format, pseudonymise: true, today: day("2026-01-01"))
            #expect(out.status != 2, "\(format): \(out.stderr)")
            for name in ["Amelia", "Oliver Smith", "Isla Taylor", "Jones"] {
                #expect(!out.stdout.contains(name) && !out.stderr.contains(name), "\(format) shows \(name)")
            }
            #expect(out.stdout.contains("unknown-code"))
        }
        for format in Commands.StatsFormat.allCases {
            let out = Commands.stats(directory: dir, asOf: nil, by: .pupil, format: format, pseudonymise: true, today: day("2026-01-01"))
            #expect(out.status == 0)
            #expect(!out.stdout.contains("Amelia") && !out.stdout.contains("A111111111111"))
        }
        // Without the flag the real data is there, as before.
        let plain = Commands.check(directory: dir, asOf: nil, format: .text, today: day("2026-01-01"))
        #expect(plain.stdout.contains("Amelia Jones"))
    }

    @Test func siteWithholdsFreeText() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = Commands.build(directory: dir, asOf: nil, output: nil, verbose: false, pseudonymise: true, today: day("2026-01-01"))
        #expect(out.status == 0, "\(out.stderr)")
        for rel in SiteWriter.listFiles(dir + "/site") {
            let text = String(decoding: readFileBytes(dir + "/site/" + rel) ?? [], as: UTF8.self)
            for name in ["Amelia", "Oliver Smith", "Isla Taylor", "Jones", "A111111111111"] {
                #expect(!text.contains(name), "site/\(rel) shows \(name)")
            }
        }
    }

    /// Anything else that echoes input (here an unknown pupil_id that is a pupil's name) is
    /// caught by the final scan: the command fails and prints nothing of it.
    @Test func aRealNameLeftInTheOutputFailsTheCommand() throws {
        let dir = try Self.project(extraMarks: "Amelia Jones,2025-09-01,AM,/\n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for format in Commands.CheckFormat.allCases {
            let out = Commands.check(directory: dir, asOf: nil, format: format, pseudonymise: true, today: day("2026-01-01"))
            #expect(out.status == 2)
            #expect(out.stdout.isEmpty)
            #expect(!out.stderr.contains("Amelia"))
            #expect(out.stderr.contains("standard output:"))
            #expect(out.stderr.contains("contains the name of pupil P1 although --pseudonymise was given"))
        }
        let build = Commands.build(directory: dir, asOf: nil, output: nil, verbose: false, pseudonymise: true, today: day("2026-01-01"))
        #expect(build.status == 2)
        #expect(build.stderr.contains("site/intranet/"))
        #expect(build.stderr.contains("the name of pupil P1"))
        #expect(!build.stderr.contains("Amelia"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/site/intranet/index.html"))
    }
}
