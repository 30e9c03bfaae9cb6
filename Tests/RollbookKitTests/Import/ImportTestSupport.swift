import Foundation
@testable import RollbookKit
@testable import rollbook

/// A school project folder on disk for import tests: `rollbook.yml` (the standard test calendar,
/// see `TestSchool`) and any export files, in a fresh temporary folder.
struct ImportFolder {
    let dir: String

    init(yaml: String? = TestSchool.standardConfig, files: [String: String] = [:]) throws {
        dir = NSTemporaryDirectory() + "rollbook-import-\(UUID().uuidString)"
        try makeDirectory(dir)
        if let yaml { try writeFile(dir + "/rollbook.yml", yaml) }
        for (name, text) in files { try write(name, text) }
    }

    func write(_ name: String, _ text: String) throws { try write(name, Array(text.utf8)) }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        let full = dir + "/" + name
        try makeDirectory((full as NSString).deletingLastPathComponent)
        try writeFile(full, bytes)
    }

    func path(_ name: String) -> String { dir + "/" + name }

    func read(_ name: String) -> String? { readFileBytes(dir + "/" + name).map { String(decoding: $0, as: UTF8.self) } }

    var marks: String? { read("Data/marks.csv") }
    var pupils: String? { read("Data/pupils.csv") }

    /// The marks.csv rows without the header.
    var markRows: [String] { (marks ?? "").split(separator: "\n").dropFirst().map(String.init) }

    func ctf(_ names: [String], codeMap: String? = nil, allSchools: Bool = false, force: Bool = false) -> Commands.Output {
        Commands.importCTF(files: names.map(path), into: dir, codeMap: codeMap, allSchools: allSchools, force: force)
    }

    /// A fresh folder whose one export, `a.xml`, is `text`, after `import ctf a.xml`; with what
    /// the import printed and its exit status.
    static func importingCTF(_ text: String) throws -> (folder: ImportFolder, out: Commands.Output) {
        let f = try ImportFolder(files: ["a.xml": text])
        return (f, f.ctf(["a.xml"]))
    }

    /// A fresh folder whose one export, `name`, is `text`, after `import csv --marks name`; with
    /// what the import printed and its exit status.
    static func importingCSV(_ name: String, _ text: String) throws -> (folder: ImportFolder, out: Commands.Output) {
        let f = try ImportFolder(files: [name: text])
        return (f, f.csv([name]))
    }

    func csv(_ marks: [String], pupils: String? = nil, layout: CSVImport.Layout = .auto, columns: String? = nil,
             codeMap: String? = nil, force: Bool = false) -> Commands.Output {
        Commands.importCSV(marks: marks.map(path), pupils: pupils.map(path), into: dir, layout: layout,
                           columns: columns.map(path), codeMap: codeMap, force: force)
    }

    /// The messages on standard error, without the folder's path.
    static func lines(_ s: String, in folder: ImportFolder) -> [String] {
        s.replacingOccurrences(of: folder.dir + "/", with: "").split(separator: "\n").map(String.init)
    }
}

/// Builds Common Transfer Files for tests.
enum CTFFixture {
    struct Block {
        var year = "2025"
        var lea = "823", estab = "4321", name = "Test School"
        var start = "2025-09-01"
        var marks: String
        var totals: [String: Int] = [:]
    }

    static func pupil(upn: String = "A123456789012", forename: String = "Amy", surname: String = "Ash", year: String = "5",
                      blocks: [Block], history: [(lea: String, estab: String, entry: String, leaving: String?)] = [],
                      extra: String = "") -> String {
        var s = "<Pupil>\n<UPN>\(upn)</UPN>\n<Surname>\(surname)</Surname>\n<Forename>\(forename)</Forename>\n"
        s += "<BasicDetails><NCyearActual>\(year)</NCyearActual></BasicDetails>\n" + extra
        s += "<Attendance>\n"
        for b in blocks {
            s += "<YearData><Year>\(b.year)</Year><LEA>\(b.lea)</LEA><Estab>\(b.estab)</Estab><SchoolName>\(b.name)</SchoolName>"
            for (k, v) in b.totals.sorted(by: { $0.key < $1.key }) { s += "<\(k)>\(v)</\(k)>" }
            s += "<AttendSessions><AttendanceStartDate>\(b.start)</AttendanceStartDate><AttendanceMarks>\(b.marks)</AttendanceMarks></AttendSessions></YearData>\n"
        }
        s += "</Attendance>\n"
        if !history.isEmpty {
            s += "<SchoolHistory>"
            for h in history {
                s += "<School><LEA>\(h.lea)</LEA><Estab>\(h.estab)</Estab><SchoolName>S</SchoolName><EntryDate>\(h.entry)</EntryDate>"
                if let l = h.leaving { s += "<LeavingDate>\(l)</LeavingDate>" }
                s += "</School>"
            }
            s += "</SchoolHistory>\n"
        }
        return s + "</Pupil>\n"
    }

    /// A file (the default header and date) of one pupil, Amy Ash (UPN A123456789012), with one
    /// block of marks: most tests of how a marks string is read.
    static func onePupil(_ block: Block) -> String { file(pupils: [pupil(blocks: [block])]) }

    static func file(dateTime: String = "2025-09-20T10:15:00", version: String = "25.0", lea: String = "823", estab: String = "4321",
                     pupils: [String]) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
        <Header><DocumentName>Common Transfer File</DocumentName><CTFversion>\(version)</CTFversion><DateTime>\(dateTime)</DateTime>
        <SourceSchool><LEA>\(lea)</LEA><Estab>\(estab)</Estab><SchoolName>Test School</SchoolName></SourceSchool>
        <DestSchool><LEA>823</LEA><Estab>4000</Estab></DestSchool></Header>
        <CTFpupilData>
        \(pupils.joined())</CTFpupilData>
        </CTfile>

        """
    }

    /// Two calendar weeks from Mon 2025-09-01: present every weekday session, weekends `#`.
    static let twoWeeks = String(repeating: "/\\/\\/\\/\\/\\####", count: 2)
}
