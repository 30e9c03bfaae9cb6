import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// Exact messages for broken transfer files, what the summary says was dropped (and from which
/// file), the compact mark store's edge cases, and the starter rollbook.yml's closures.
@Suite struct ImportMessagesTests {
    typealias F = CTFFixture

    static let good = F.file(pupils: [F.pupil(blocks: [.init(marks: "/\\")]), F.pupil(upn: "B1", blocks: [.init(marks: "/\\")])])

    @Test func malformedXMLNamesTheLineOfTheFault() throws {
        // Line 9 is the first pupil's <Surname>.
        let f = try ImportFolder(files: ["a.xml": Self.good.replacingOccurrences(of: "</Surname>", with: "</Surnam>")])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml:9: error: malformed XML (line 9, column 22): a closing tag does not match the element it closes; nothing was imported from this file",
            "error: nothing could be read; no file was written",
        ])
        #expect(f.marks == nil && f.pupils == nil)
    }

    @Test func aBareAmpersandIsExplained() throws {
        let f = try ImportFolder(files: ["a.xml": Self.good.replacingOccurrences(of: "<SchoolName>Test School</SchoolName></SourceSchool>",
                                                                                  with: "<SchoolName>Ash & Oak</SchoolName></SourceSchool>")])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f).first
                == "a.xml:4: error: malformed XML (line 4, column 65): an `&` that starts no entity the parser knows; write `&amp;` for a literal `&`; nothing was imported from this file")
    }

    @Test func aTruncatedFileSaysSo() throws {
        let f = try ImportFolder(files: ["a.xml": String(Self.good.prefix(Self.good.count * 2 / 3))])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 2)
        let lines = ImportFolder.lines(out.stderr, in: f)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("a.xml:") == true)
        #expect(lines.first?.hasSuffix(": the file ends before the document does; it may be truncated; nothing was imported from this file") == true)
        #expect(f.marks == nil)
    }

    @Test func anEmptyFileSaysSo() throws {
        let f = try ImportFolder(files: ["a.xml": ""])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: error: the file is empty; nothing was imported from this file",
            "error: nothing could be read; no file was written",
        ])
    }

    @Test func theSummaryNamesTheFilesDropsCameFrom() throws {
        let a = F.onePupil(.init(marks: F.twoWeeks))
        let b = F.file(dateTime: "2025-09-21T09:00:00", pupils: [F.pupil(upn: "B1", blocks: [.init(marks: "/\\-/")])])
        let f = try ImportFolder(files: ["a.xml": a, "b.xml": b])
        let out = f.ctf(["a.xml", "b.xml"])
        #expect(out.status == 0)
        let stdout = out.stdout.replacingOccurrences(of: f.dir + "/", with: "")
        #expect(stdout.contains("  8 `#` on sessions that are not school sessions in rollbook.yml (weekends, holidays, closures): a.xml\n"))
        #expect(stdout.contains("  1 sessions with no mark (`-` or empty): b.xml\n"))
        #expect(f.markRows.count == 20 + 3)
    }

    @Test func twoBlocksOfOneFileOverlapAndTheLaterWins() throws {
        let pupil = F.pupil(blocks: [.init(marks: "/\\/\\"), .init(start: "2025-09-02", marks: "NN")])
        let f = try ImportFolder(files: ["a.xml": F.file(pupils: [pupil])])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 0)
        let rows: [String] = f.markRows.map { row in
            let parts = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return parts[1] + " " + parts[2] + " " + parts[3]
        }
        #expect(rows == ["2025-09-01 AM /", "2025-09-01 PM \\", "2025-09-02 AM N", "2025-09-02 PM N"])
        #expect(out.stdout.replacingOccurrences(of: f.dir + "/", with: "").contains("  2 sessions also given by a newer file (the newer DateTime wins): a.xml\n"))
    }

    @Test func moreThan255DistinctCodesAreAllKept() throws {
        // Comma-separated: 300 different unknown codes, AM and PM of 150 weekdays (weekend sessions hold
        // marks, so the string is read as weekdays only).
        let codes = (0..<300).map { "U\($0)" }
        let f = try ImportFolder(files: ["a.xml": F.file(dateTime: "2026-07-01T12:00:00", pupils: [F.pupil(blocks: [.init(marks: codes.joined(separator: ","))])])])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 0)
        let written = Set(f.markRows.map { String($0.split(separator: ",")[3]) })
        #expect(written == Set(codes))
        #expect(f.markRows.count == 300)
    }

    @Test func theStarterInfersHalfDayAndWholeDayClosures() throws {
        // Week 1: Wed 3 PM `#` for everyone. Week 2: Fri 12 `#` (INSET). Week 3: Mon and Tue.
        let marks = "/\\/\\/#/\\/\\####" + "/\\/\\/\\/\\######" + "/\\/\\"
        let other = "/\\/\\N#/\\/\\####" + "/\\/\\/\\NN######" + "/\\N\\"
        let file = F.file(pupils: [F.pupil(blocks: [.init(marks: marks)]), F.pupil(upn: "B1", blocks: [.init(marks: other)])])
        let f = try ImportFolder(yaml: nil, files: ["a.xml": file])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 2)
        #expect(f.marks == nil)
        let config = try ProjectConfig.parse(yaml: out.stdout)
        #expect(config.terms.map { "\($0.start)..\($0.end)" } == ["2025-09-01..2025-09-16"])
        #expect(config.closures.map { "\($0.from)..\($0.to) \($0.session?.text ?? "day")" }
                == ["2025-09-03..2025-09-03 PM", "2025-09-12..2025-09-12 day"])
        #expect(out.stdout.contains("  - { date: 2025-09-03, session: PM, reason: No marks in the export }\n"))
    }

    @Test func anExportOfMorningsOnlyImpliesNoAfternoonClosures() throws {
        var text = "Adno,Forename,Surname,Year,Date,Session,Mark\n"
        for day in ["2025-09-01", "2025-09-02", "2025-09-03"] { text += "1,A,B,5,\(day),AM,/\n" }
        let f = try ImportFolder(yaml: nil, files: ["m.csv": text])
        let out = f.csv(["m.csv"])
        #expect(out.status == 2)
        let config = try ProjectConfig.parse(yaml: out.stdout)
        #expect(config.closures.isEmpty)
        #expect(config.terms.map { "\($0.start)..\($0.end)" } == ["2025-09-01..2025-09-03"])
    }
}
