import Foundation
import RollbookKit

/// `rollbook import ctf` and `rollbook import csv` (spec section 9): read, check against the
/// calendar, write, and say what was read, written and dropped.
///
/// Exit status: 0 when every input row was read (rows the conventions drop, and warnings, do
/// not count); 1 when unreadable rows or blocks were skipped (or one of several files could not
/// be read); 2 when nothing could be read, `--into` lacks `rollbook.yml`, it holds data files
/// the importer did not write (without `--force`), or another import is writing into it.
extension Commands {
    static func importCTF(files: [String], into dir: String = ".", codeMap: String? = nil, allSchools: Bool = false,
                                 force: Bool = false) -> Output {
        var out = Output()
        var store = ImportStore()
        store.keepNewestOnly = true
        let map: CodeMap?
        let config: ProjectConfig?
        do {
            map = try codeMap.map(CodeMap.load)
            config = try loadImportConfig(dir)
        } catch { out.fail(error); return out }
        store.calendar = config.map { SchoolCalendar(config: $0, asOf: $0.yearEnd) }
        guard !files.isEmpty else { out.stderr = "error: no CTF file given\n"; out.status = 2; return out }
        let reader = CTFReader(codeMap: map, allSchools: allSchools)
        var failed = 0
        for f in files where !reader.read(path: f, displayPath: f, into: &store) { failed += 1 }
        return finishImport(&store, config: config, into: dir, force: force, failedFiles: failed, totalFiles: files.count, codeMap: map, out: &out)
    }

    static func importCSV(marks: [String], pupils: String? = nil, into dir: String = ".", layout: CSVImport.Layout = .auto,
                                 columns: String? = nil, codeMap: String? = nil, force: Bool = false) -> Output {
        var out = Output()
        var store = ImportStore()
        var importer = CSVImport(layout: layout)
        let config: ProjectConfig?
        do {
            config = try loadImportConfig(dir)
            importer.codeMap = try codeMap.map(CodeMap.load)
            if let c = columns {
                guard let bytes = readFileBytes(c) else { throw InputError([Diagnostic(path: c, "cannot read the --columns file")]) }
                var w: [String] = []
                importer.extraNames = try CSVImport.parseColumns(String(decoding: TextDecoding.utf8(from: bytes, warnings: &w), as: UTF8.self), path: c)
            }
        } catch { out.fail(error); return out }
        guard !marks.isEmpty else { out.stderr = "error: no marks file given (--marks FILE)\n"; out.status = 2; return out }
        store.calendar = config.map { SchoolCalendar(config: $0, asOf: $0.yearEnd) }
        var failed = 0
        if let p = pupils {
            do {
                guard let f = CSVFile(displayPath: p, path: p) else { throw InputError([Diagnostic(path: p, "cannot open the file")]) }
                try importer.readRoster(f, into: &store)
            } catch { out.fail(error); return out }
        }
        for m in marks {
            var attempt = store
            do {
                guard let f = CSVFile(displayPath: m, path: m) else { throw InputError([Diagnostic(path: m, "cannot open the file")]) }
                try importer.readMarks(f, rosterGiven: pupils != nil, into: &attempt)
                store = attempt
            } catch {
                let diags = (error as? InputError)?.diagnostics ?? [Diagnostic(path: m, "\(error)")]
                for d in diags { store.error(d.path, line: d.line, d.message + "; nothing was imported from this file") }
                failed += 1
            }
        }
        if !store.strangers.isEmpty {
            let list = store.strangers.sorted { ImportWriter.byteLess($0, $1) }
            store.warn(pupils ?? "", "\(list.count) pupil id\(list.count == 1 ? "" : "s") in the marks \(list.count == 1 ? "is" : "are") not in the roster (\(list.prefix(5).joined(separator: ", "))\(list.count > 5 ? ", …" : "")); their marks are written, and `check` reports them as unknown pupils")
        }
        return finishImport(&store, config: config, into: dir, force: force, failedFiles: failed, totalFiles: marks.count,
                            codeMap: importer.codeMap, out: &out)
    }

    /// The target's rollbook.yml; nil when there is none (the import then prints a starter). Throws
    /// when it exists but cannot be read.
    static func loadImportConfig(_ dir: String) throws -> ProjectConfig? {
        guard readFileBytes(dir + "/rollbook.yml") != nil else { return nil }
        return try ProjectLoader.loadConfig(directory: dir)
    }

    static func finishImport(_ store: inout ImportStore, config: ProjectConfig?, into dir: String, force: Bool, failedFiles: Int, totalFiles: Int,
                             codeMap: CodeMap?, out: inout Output) -> Output {
        func notes() { for n in store.notes { out.stderr += n.description + "\n" } }
        let nothing = store.pupils.isEmpty && store.markCount == 0
        if nothing || failedFiles == totalFiles {
            notes()
            out.stderr += "error: nothing could be read; no file was written\n"
            out.status = 2
            return out
        }
        // The calendar: exports carry none.
        guard let config else {
            notes()
            out.stderr += CompilerStyle.line("\(dir)/rollbook.yml", .error, "not found: exports carry no school calendar, so `rollbook import` needs the school's rollbook.yml in --into (\(dir)). ")
            if let starter = ImportWriter.starterConfig(store) {
                out.stderr += "A starter inferred from the marks is printed on standard output: check its dates, save it as \(dir)/rollbook.yml and import again.\n"
                out.stdout = starter
            } else {
                out.stderr += "Write one (see the data contract, section 2) and import again.\n"
            }
            out.status = 2
            return out
        }
        // One import at a time into a project, from the check of its data files to the last rename.
        let lock: FileLock
        do { lock = try ImportWriter.lock(directory: dir) } catch {
            notes()
            out.fail(error)
            return out
        }
        defer { lock.release() }
        let foreign = ImportWriter.foreignFiles(config: config, directory: dir)
        if !foreign.isEmpty, !force {
            notes()
            for f in foreign {
                out.stderr += CompilerStyle.line(f, .error, "not written by `rollbook import` (or changed since it was); it is left as it is. Give --force to replace it") + "\n"
            }
            out.stderr += "error: no file was written\n"
            out.status = 2
            return out
        }
        let written: ImportWriter.Written
        do { written = try ImportWriter.write(&store, config: config, directory: dir) } catch {
            notes()
            out.fail(error)
            return out
        }
        notes()
        var s = "Read:\n"
        for l in store.readLines { s += "  " + l + "\n" }
        if let m = codeMap { s += "  code map `\(m.name)` applied (\(m.entries.count) character\(m.entries.count == 1 ? "" : "s"))\n" }
        s += "Wrote \(written.pupilsPath) (\(written.pupils) pupil\(written.pupils == 1 ? "" : "s")) and \(written.marksPath) (\(written.marks) mark\(written.marks == 1 ? "" : "s")) in \(dir)"
        s += force && !foreign.isEmpty ? ", replacing \(foreign.joined(separator: " and ")) (--force).\n" : ".\n"
        if !store.dropped.isEmpty {
            s += "Dropped, as the conventions say:\n"
            let width = String(store.dropped.values.max() ?? 0).count
            for d in store.droppedSummary {
                s += "  " + String(repeating: " ", count: width - String(d.count).count) + "\(d.count) \(d.reason)"
                s += d.files.isEmpty ? "\n" : ": " + d.files.joined(separator: ", ") + "\n"
            }
        }
        let warnings = store.notes.filter { $0.level == .warning }.count
        let errors = store.notes.filter { $0.level == .error }.count
        if store.unreadable > 0 || errors > 0 {
            s += "Skipped: \(store.unreadable) unreadable row\(store.unreadable == 1 ? "" : "s") or block\(store.unreadable == 1 ? "" : "s")"
            if failedFiles > 0 { s += " and \(failedFiles) file\(failedFiles == 1 ? "" : "s") that could not be read" }
            s += " (see the messages above).\n"
        }
        if warnings > 0 { s += "\(warnings) warning\(warnings == 1 ? "" : "s") (on standard error).\n" }
        s += "Next: rollbook check \(dir)\n"
        out.stdout = s
        out.status = store.unreadable > 0 || failedFiles > 0 ? 1 : 0
        return out
    }
}
