import Foundation
import Testing
import RollbookTestSupport

/// The `rollbook import` and `rollbook sample --export` command lines, run as a process.
@Suite struct ImportCLITests {

    @Test func sampleExportThenImportCTFAndCSV() throws {
        let dir = NSTemporaryDirectory() + "rollbook-import-cli-\(UUID().uuidString)"
        let sample = try RollbookBinary.run(["sample", dir + "/src", "--pupils", "12", "--seed", "4", "--to", "2025-10-10", "--export", "ctf,week"])
        #expect(sample.status == 0, "\(sample.stderr)")
        #expect(sample.stdout.contains("Exported (ctf, week): "))
        for f in ["school.ctf.xml", "marks-week.csv", "roster.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/src/exports/" + f), "\(f)")
        }
        try FileManager.default.createDirectory(atPath: dir + "/ctf", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/csv", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/src/rollbook.yml", toPath: dir + "/ctf/rollbook.yml")
        try FileManager.default.copyItem(atPath: dir + "/src/rollbook.yml", toPath: dir + "/csv/rollbook.yml")
        let ctf = try RollbookBinary.run(["import", "ctf", dir + "/src/exports/school.ctf.xml", "--into", dir + "/ctf"])
        #expect(ctf.status == 0, "\(ctf.stderr)")
        #expect(ctf.stdout.contains("Wrote Data/pupils.csv (12 pupils)"))
        let csv = try RollbookBinary.run(["import", "csv", "--marks", "src/exports/marks-week.csv", "--pupils", "src/exports/roster.csv",
                                    "--into", "csv", "--layout", "week"], in: dir)
        #expect(csv.status == 0, "\(csv.stderr)")
        let a = try RollbookBinary.run(["stats", dir + "/src", "--by", "school"]), b = try RollbookBinary.run(["stats", dir + "/csv", "--by", "school"])
        let c = try RollbookBinary.run(["stats", dir + "/ctf", "--by", "school"])
        #expect(a.stdout == b.stdout)
        #expect(a.stdout == c.stdout)
        // Again into the same folder: its own files are replaced; the sample's hand-made ones are not.
        #expect(try RollbookBinary.run(["import", "ctf", dir + "/src/exports/school.ctf.xml", "--into", dir + "/ctf"]).status == 0)
        let refused = try RollbookBinary.run(["import", "ctf", dir + "/src/exports/school.ctf.xml", "--into", dir + "/src"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("Data/pupils.csv: error: not written by `rollbook import`"))
    }

    @Test func usageErrors() throws {
        let noMarks = try RollbookBinary.run(["import", "csv"])
        #expect(noMarks.status != 0)
        #expect(noMarks.stderr.contains("--marks"))
        let badExport = try RollbookBinary.run(["sample", NSTemporaryDirectory() + "x-\(UUID().uuidString)", "--export", "xml"])
        #expect(badExport.status != 0)
        #expect(badExport.stderr.contains("--export takes ctf, long, grid or week, not `xml`"))
        let missing = try RollbookBinary.run(["import", "ctf", "/nonexistent/file.xml", "--into", NSTemporaryDirectory()])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/file.xml: error: cannot open the file"))
    }
}
