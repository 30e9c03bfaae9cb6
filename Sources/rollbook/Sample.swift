import ArgumentParser
import Foundation
import RollbookKit

struct Sample: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic school project, with known errors injected.")

    @Argument(help: "Folder to write (created if missing).") var outdir: String
    @Option(help: "Number of pupils (with --trust: in the whole trust).") var pupils: Int = 200
    @Option(help: ArgumentHelp("Write a trust of this many schools (trust.yml and schools/) instead of one school.", valueName: "schools")) var trust: Int?
    @Option(help: "Random seed: the same seed gives the same school.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("First date of the register (default: the academic year's start).", valueName: "date")) var from: Day?
    @Option(help: ArgumentHelp("Last date of the register, the school's as_of (default: the year's end).", valueName: "date")) var to: Day?
    @Option(help: ArgumentHelp("Also write the school as an MIS exports it, into OUTDIR/exports/: ctf, long, grid, week (repeat or comma-separate).", valueName: "format"))
    var export: [String] = []
    @Option(help: ArgumentHelp("Write a later export of the sample school in this folder, with known amendments (for `rollbook diff` and the Amendments page); --pupils, --from and --to are then unused.", valueName: "old-folder")) var amendedFrom: String?

    func validate() throws {
        guard pupils >= 1, pupils <= 2_000_000 else { throw ValidationError("--pupils must be between 1 and 2000000") }
        if let n = trust, n < 1 || n > 10_000 || n > pupils { throw ValidationError("--trust must be between 1 and 10000, and at most --pupils") }
    }

    func run() throws {
        if let n = trust { try Commands.sampleTrust(outdir: outdir, schools: n, pupils: pupils, seed: seed, from: from, to: to).finish() }
        if let amendedFrom { try Commands.sampleAmended(outdir: outdir, from: amendedFrom, seed: seed).finish() }
        let formats = try sampleExportFormats(export)
        var out = Commands.sample(outdir: outdir, pupils: pupils, seed: seed, from: from, to: to)
        if out.status == 0, !formats.isEmpty {
            let e = Commands.exportSample(directory: outdir, formats: formats)
            out.stdout += e.stdout; out.stderr += e.stderr; out.status = e.status
        }
        try out.finish()
    }
}

extension Commands {
    static func sample(outdir: String, pupils: Int, seed: UInt64, from: Day?, to: Day?) -> Output {
        var out = Output()
        do {
            let s = try SampleSchool(pupils: pupils, seed: seed, from: from, to: to).write(to: outdir)
            out.stdout = "Wrote \(outdir): \(s.pupils) pupils, \(s.marks) marks, \(s.contacts) contacts, \(s.actions) actions.\n"
        } catch let e as InputError {
            out.stderr = e.description + "\n"
            out.status = 2
        } catch {
            out.stderr = "error: \(error)\n"
            out.status = 2
        }
        return out
    }


    /// `rollbook sample --trust N`: a trust of N schools sharing `pupils` between them.
    static func sampleTrust(outdir: String, schools: Int, pupils: Int, seed: UInt64, from: Day?, to: Day?) -> Output {
        var out = Output()
        do {
            let s = try SampleTrust(schools: schools, pupils: pupils, seed: seed, from: from, to: to).write(to: outdir)
            out.stdout = "Wrote \(outdir): a trust of \(s.schools) schools, \(s.pupils) pupils, \(s.marks) marks.\n"
        } catch {
            out.fail(error)
        }
        return out
    }


    static func sampleAmended(outdir: String, from: String, seed: UInt64) -> Output {
        var out = Output()
        do {
            let s = try SampleAmendments(from: from, seed: seed).write(to: outdir)
            let kinds = RegisterDiff.Change.allCases.compactMap { k in s.changes[k].map { "\($0) \(k.rawValue)" } }
            out.stdout = "Wrote \(outdir): \(from) with known amendments (\(s.pupils) pupils; \(s.joined) joined, \(s.left) left): "
                + kinds.joined(separator: ", ") + ".\n"
        } catch {
            out.fail(error)
        }
        return out
    }

    /// Writes the project at `directory` in each export format into `directory/exports/`.
    static func exportSample(directory: String, formats: [SchoolExport.Format], today: Day = .today) -> Output {
        var out = Output()
        do {
            let reg = try ProjectLoader.load(directory: directory, today: today)
            let paths = try SchoolExport.write(register: reg, formats: formats, to: directory + "/exports")
            out.stdout = "Exported (\(formats.map(\.rawValue).joined(separator: ", "))): \(paths.joined(separator: ", "))\n"
        } catch {
            out.fail(error)
        }
        return out
    }
}

/// `--export ctf,long` or `--export ctf --export long` for `rollbook sample`.
func sampleExportFormats(_ raw: [String]) throws -> [SchoolExport.Format] {
    var out: [SchoolExport.Format] = []
    for item in raw.flatMap({ $0.split(separator: ",") }) {
        guard let f = SchoolExport.Format(rawValue: item.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw ValidationError("--export takes ctf, long, grid or week, not `\(item)`")
        }
        if !out.contains(f) { out.append(f) }
    }
    return out
}
