import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

@Suite("rollbook init --from-ctf")
struct InitFromCTFTests {
    static let today = Day(parsing: "2026-11-30")!

    /// A sample school (30 pupils, seed 3) and its CTF export, in a temporary folder.
    static func sampleCTF() throws -> (root: String, source: String, ctf: String, reg: Register) {
        let root = NSTemporaryDirectory() + "rollbook-initctf-\(UUID().uuidString)"
        let src = root + "/sample"
        try SampleSchool(pupils: 30, seed: 3, to: Day(parsing: "2025-12-19")).write(to: src)
        let reg = try ProjectLoader.load(directory: src)
        _ = try SchoolExport.write(register: reg, formats: [.ctf], to: src + "/exports")
        return (root, src, src + "/exports/school.ctf.xml", reg)
    }

    static func stats(_ dir: String, _ by: StatsReport.Grouping) -> String {
        let out = Commands.stats(directory: dir, asOf: nil, by: by, format: .csv)
        #expect(out.status == 0, "\(out.stderr)")
        return out.stdout
    }

    @Test func makesAProjectWithTheCTFsCalendarPupilsAndStatistics() throws {
        let (root, src, ctf, reg) = try Self.sampleCTF()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/school"
        let made = Commands.initProject(directory: dir, schoolName: nil, fromCTF: [ctf], today: Self.today)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("INFERRED calendar"), "\(made.stdout)")
        #expect(!made.stdout.contains(".rollbook-init-") && !made.stderr.contains(".rollbook-init-"))
        // No temporary folder is left next to it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["sample", "school"])
        // The calendar is inferred from the marks, marked as such, and the school's name comes from the CTF header.
        let yaml = String(decoding: readFileBytes(dir + "/rollbook.yml")!, as: UTF8.self)
        #expect(yaml.contains("INFERRED CALENDAR: CHECK IT AGAINST YOUR SCHOOL'S PUBLISHED TERM DATES"))
        #expect(!yaml.contains("EXAMPLE CALENDAR"))
        let config = try ProjectLoader.loadConfig(directory: dir)
        let ctfText = String(decoding: readFileBytes(ctf)!, as: UTF8.self)
        #expect(ctfText.contains("<SchoolName>\(config.schoolName)</SchoolName>"), "\(config.schoolName)")
        #expect(config.schoolName != "Example School")
        // The project loads with every pupil of the CTF, and the calendar covers every school mark.
        let loaded = try ProjectLoader.load(directory: dir, today: Self.today)
        #expect(loaded.pupils.count == reg.pupils.count)
        let cal = SchoolCalendar(config: config, asOf: config.yearEnd)
        let marks = String(decoding: readFileBytes(dir + "/Data/marks.csv")!, as: UTF8.self).split(separator: "\n").dropFirst()
        #expect(marks.count > 1000)
        for line in marks {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f[3] != "#", let d = Day(parsing: String(f[1])) else { continue }
            #expect(cal.isSchoolSession(d, f[2] == "PM" ? .pm : .am), "\(line)")
        }
        // Statistics equal those of the sample school the CTF came from.
        for by in [StatsReport.Grouping.school, .year] { #expect(Self.stats(dir, by) == Self.stats(src, by), "--by \(by)") }
        // It checks (no input error) and builds.
        let check = Commands.check(directory: dir, asOf: nil, format: .text, today: Self.today)
        #expect(check.status == 0 || check.status == 1, "\(check.stderr)")
        let build = Commands.build(directory: dir, asOf: nil, output: nil, verbose: false, today: Self.today)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/site/parents/our-school-day.html"))
        // The files init writes besides the import are there; Data/contacts.csv keeps its header.
        #expect(String(decoding: readFileBytes(dir + "/Data/contacts.csv")!, as: UTF8.self) == "pupil_id,date,session,kind,reason,received_at,channel\n")
    }

    @Test func schoolOptionOverridesTheCTFHeader() throws {
        let (root, _, ctf, _) = try Self.sampleCTF()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let made = Commands.initProject(directory: root + "/new", schoolName: "Oak Hill Primary", fromCTF: [ctf], today: Self.today)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try ProjectLoader.loadConfig(directory: root + "/new").schoolName == "Oak Hill Primary")
    }

    @Test func aMalformedCTFLeavesNoFolder() throws {
        let root = NSTemporaryDirectory() + "rollbook-initctf-\(UUID().uuidString)"
        try makeDirectory(root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writeFile(root + "/bad.xml", "<CTfile><Header><DocumentName>Common Transfer File</DocumentName>\n<Broken")
        let made = Commands.initProject(directory: root + "/school", schoolName: nil, fromCTF: [root + "/bad.xml"], today: Self.today)
        #expect(made.status == 2)
        #expect(made.stderr.contains("no project was made"), "\(made.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["bad.xml"])
        // A missing file too.
        let missing = Commands.initProject(directory: root + "/school", schoolName: nil, fromCTF: [root + "/nope.xml"], today: Self.today)
        #expect(missing.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["bad.xml"])
    }

    @Test func anEmptyExistingFolderIsUsedAndANonEmptyOneRefused() throws {
        let (root, _, ctf, _) = try Self.sampleCTF()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try makeDirectory(root + "/empty")
        let made = Commands.initProject(directory: root + "/empty/", schoolName: nil, fromCTF: [ctf], today: Self.today)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/empty/Data/marks.csv"))
        try makeDirectory(root + "/full")
        try writeFile(root + "/full/notes.txt", "mine\n")
        let refused = Commands.initProject(directory: root + "/full", schoolName: nil, fromCTF: [ctf], today: Self.today)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("is not empty"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/full") == ["notes.txt"])
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: root)).contains { $0.hasPrefix(".rollbook-init-") })
    }
}
