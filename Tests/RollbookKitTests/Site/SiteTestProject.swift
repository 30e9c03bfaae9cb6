import Foundation
@testable import RollbookKit
import Testing

/// A school project folder on disk for site tests: a rollbook.yml, the three CSV files, and
/// optional extra files (themes, content), in a fresh temporary folder.
struct SiteTestProject {
    let dir: String

    static let yaml = """
    school:
      name: Test & Co Academy
      urn: "123456"
    year:
      start: 2025-09-01
      end: 2026-07-22
    as_of: 2025-09-19
    terms:
      - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
    closures:
      - { date: 2025-09-12, reason: INSET day }
    """

    /// Two classes; one pupil whose name and class are hostile to HTML and file systems.
    static let pupils = """
    pupil_id,upn,forename,surname,class,year_group,admitted,left
    P1,A111111111111,Amelia,Jones,7A,7,,
    P2,A222222222222,<script>alert(1)</script>,O'Brien & \"Sons\",7/B,7,,
    P3,A333333333333,Kai,Nowak,7A,7,,
    ../etc,A444444444444,Zoe,Dots,7A,7,,
    """

    /// Marks for the first three weeks: P1 always present, P3 absent (O) on every session of
    /// the second week, P2 present, ../etc ill (I) on Monday of week 1.
    static func marks() -> String {
        var s = "pupil_id,date,session,mark,minutes_late,recorded_at\n"
        let cal = SchoolCalendar(config: try! ProjectConfig.parse(yaml: yaml), asOf: Day(parsing: "2025-09-19")!)
        for k in 0..<cal.slotCount {
            let d = cal.slotDay[k], sess = cal.slotSession[k]
            let present = sess == .am ? "/" : "\\"
            s += "P1,\(d.iso),\(sess.text),\(present),,\n"
            s += "P2,\(d.iso),\(sess.text),\(present),,\n"
            let week2 = d >= Day(parsing: "2025-09-08")! && d <= Day(parsing: "2025-09-12")!
            s += "P3,\(d.iso),\(sess.text),\(week2 ? "O" : present),,\n"
            s += "../etc,\(d.iso),\(sess.text),\(d.iso == "2025-09-01" ? "I" : present),,\n"
        }
        return s
    }

    init(files extra: [String: String] = [:], pupils: String = SiteTestProject.pupils, yaml: String = SiteTestProject.yaml) throws {
        dir = NSTemporaryDirectory() + "rollbook-site-\(UUID().uuidString)"
        try makeDirectory(dir + "/Data")
        try writeFile(dir + "/rollbook.yml", yaml)
        try writeFile(dir + "/Data/pupils.csv", pupils)
        try writeFile(dir + "/Data/marks.csv", SiteTestProject.marks())
        try writeFile(dir + "/Data/contacts.csv", "pupil_id,date,session,kind,reason,received_at,channel\nP1,2025-09-03,AM,absence,dentist <3pm>,2025-09-03T08:00,phone\n")
        for (path, text) in extra {
            let full = dir + "/" + path
            try makeDirectory((full as NSString).deletingLastPathComponent)
            try writeFile(full, text)
        }
    }

    var site: String { dir + "/site" }

    /// Builds the site; a failure is thrown as the failed step's error (usually `InputError`).
    @discardableResult
    func build(output: String? = nil) throws -> SiteBuilder.Report {
        do {
            return try SiteBuilder(.init(directory: dir, output: output, today: Day(parsing: "2026-01-01")!)).run()
        } catch let e as SiteBuilder.BuildError {
            throw e.error
        }
    }

    /// Writes `text` to the project's file `rel`, making its folder: a user's edit between builds.
    func put(_ rel: String, _ text: String) throws {
        try makeDirectory(((dir + "/" + rel) as NSString).deletingLastPathComponent)
        try writeFile(dir + "/" + rel, text)
    }

    /// Builds the site, then puts `files` in the project and builds again, expecting that build
    /// to fail and to leave the site exactly as the first build wrote it; returns the failure.
    func failedRebuild(after files: [String: String], sourceLocation: SourceLocation = #_sourceLocation) throws -> InputError {
        try build()
        let before = tree(site)
        for (rel, text) in files { try put(rel, text) }
        let e = try #require(throws: InputError.self, sourceLocation: sourceLocation) { try build() }
        #expect(tree(site) == before, "the failed build changed the site", sourceLocation: sourceLocation)
        return e
    }

    func read(_ rel: String, in root: String? = nil) -> String {
        guard let b = readFileBytes((root ?? site) + "/" + rel) else { return "" }
        return String(decoding: b, as: UTF8.self)
    }

    func exists(_ rel: String, in root: String? = nil) -> Bool { FileManager.default.fileExists(atPath: (root ?? site) + "/" + rel) }

    /// Every file under a folder, relative path → bytes.
    func tree(_ root: String) -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for rel in SiteWriter.listFiles(root) { out[rel] = readFileBytes(root + "/" + rel) }
        return out
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}
