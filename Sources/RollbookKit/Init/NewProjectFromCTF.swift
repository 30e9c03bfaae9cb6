#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `rollbook init DIR --from-ctf FILE…`: a new project whose calendar is inferred from a Common
/// Transfer File's marks, with the file's pupils and marks imported into it.
extension NewProject {
    /// The files the importer writes in `--from-ctf` mode (init writes no placeholder for them).
    static let importedFiles: Set<String> = ["Data/pupils.csv", "Data/marks.csv"]

    /// rollbook.yml with the calendar inferred from the marks, marked to be checked.
    func inferredConfig(_ cal: ImportWriter.InferredCalendar) -> String {
        var t = """
        # Rollbook project for \(schoolName.replacingAll("\n", with: " ")).
        # Written by `rollbook init --from-ctf` on \(today.iso), with the pupils and marks of the transfer file
        # imported into Data/. Every key is explained beside it; lines starting with # are comments.
        # Next: CHECK the inferred calendar below against your school's published term dates, then run
        #   rollbook check        (the register's errors, for the office to fix)
        #   rollbook serve        (a live preview in your browser while you edit Content/ and Themes/)
        #   rollbook build        (the staff intranet and the parents' pages, in site/)

        school:
          name: \(NewProject.quoted(schoolName))
          # urn: "100000"              # the school's Unique Reference Number (optional)

        year:                          # the academic year, first and last day inclusive (INFERRED)
          start: \(cal.yearStart.iso)
          end: \(cal.yearEnd.iso)

        # ----------------------------------------------------------------------------------------
        # INFERRED CALENDAR: CHECK IT AGAINST YOUR SCHOOL'S PUBLISHED TERM DATES.
        # A transfer file carries no calendar. These terms are the runs of weekdays that have
        # school marks in it (a gap of a week or more ends a term), and a shorter gap inside a term
        # is listed as a closure. Term dates are set by each local authority (or, for academies,
        # each trust): correct the names and dates, and add INSET days and other closures.
        # ----------------------------------------------------------------------------------------
        terms:

        """
        for (i, term) in cal.terms.enumerated() {
            t += "  - { name: Term \(i + 1), start: \(term.start.iso), end: \(term.end.iso) }   # INFERRED\n"
        }
        t += "\nclosures:                      # days or half-days inside terms when the school is closed\n"
        if cal.closures.isEmpty { t += "  []                           # none inferred: add your INSET days and bank holidays\n" }
        for c in cal.closures { t += "  - " + ImportWriter.closureYAML(c, reason: "No marks in the transfer file") + "   # INFERRED\n" }
        return t + "\n" + NewProject.configTail
    }
}

extension Commands {
    /// `rollbook init DIR [--school NAME] --from-ctf FILE…`. The project is made in a hidden
    /// sibling folder and renamed into place only when the import succeeded, so a bad transfer
    /// file leaves nothing behind. Exit status: 0 made, every row read; 1 made, some unreadable
    /// rows or files skipped; 2 nothing made.
    public static func initProject(directory: String, schoolName: String?, fromCTF files: [String], today: Day = .today) -> Output {
        var out = Output()
        let fm = FileManager.default
        var dir = directory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        // The target must be new or empty (checked before anything is read or written).
        var isDir: ObjCBool = false
        let existed = fm.fileExists(atPath: dir, isDirectory: &isDir)
        if existed {
            guard isDir.boolValue else { out.fail(InputError([Diagnostic(path: dir, "exists and is not a folder")])); return out }
            let entries = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            if !entries.isEmpty {
                out.fail(InputError([Diagnostic(path: dir, "is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); `rollbook init` only writes into a new or empty folder, so nothing of yours is overwritten")]))
                return out
            }
        }
        if let s = schoolName, s.trimmingSpaces.isEmpty {
            out.fail(InputError([Diagnostic(path: "--school", "the school's name must not be empty")])); return out
        }
        // Read the transfer files once without a calendar, to infer one.
        var store = ImportStore()
        store.keepNewestOnly = true
        let reader = CTFReader()
        var failed = 0
        for f in files where !reader.read(path: f, displayPath: f, into: &store) { failed += 1 }
        guard failed < files.count, !(store.pupils.isEmpty && store.markCount == 0),
              let calendar = ImportWriter.inferredCalendar(store) else {
            for n in store.notes { out.stderr += n.description + "\n" }
            out.stderr += "error: no school marks could be read from \(files.joined(separator: ", ")), so no calendar can be inferred; no project was made\n"
            out.status = 2
            return out
        }
        let headerName = store.schoolName.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0.trimmingSpaces }
        var project = NewProject(schoolName: schoolName ?? headerName ?? "Example School", today: today)
        project.inferred = calendar
        // Build next to the target, then rename.
        let parent = (dir as NSString).deletingLastPathComponent
        let temp = (parent.isEmpty ? "" : parent + "/") + ".rollbook-init-\(getpid())-" + (dir as NSString).lastPathComponent
        func cleanUp() { try? fm.removeItem(atPath: temp) }
        do {
            if !parent.isEmpty { try makeDirectory(parent) }
            try? fm.removeItem(atPath: temp)
            try project.write(to: temp)
        } catch { cleanUp(); out.fail(error); return out }
        let imported = importCTF(files: files, into: temp)
        func shown(_ s: String) -> String { s.replacingAll(temp, with: dir) }
        guard imported.status != 2 else {
            cleanUp()
            out.stderr = shown(imported.stderr) + "error: the transfer file could not be imported; no project was made\n"
            out.status = 2
            return out
        }
        do {
            if existed { try fm.removeItem(atPath: dir) }   // empty, checked above
            try fm.moveItem(atPath: temp, toPath: dir)
        } catch {
            cleanUp()
            out.fail(InputError([Diagnostic(path: dir, "cannot move the new project into place: \(error.localizedDescription)")]))
            return out
        }
        out.stderr = shown(imported.stderr)
        out.stdout = "Started a Rollbook project for \(project.schoolName) in \(dir), from \(files.joined(separator: ", ")).\n"
        out.stdout += shown(imported.stdout).replacingAll("Next: rollbook check \(dir)\n", with: "")
        let first = calendar.terms.first!.start, last = calendar.terms.last!.end
        out.stdout += """
        Next:
          1. CHECK the INFERRED calendar in \(dir)/rollbook.yml (\(calendar.terms.count) term\(calendar.terms.count == 1 ? "" : "s"), \(first.iso) to \(last.iso)) against your school's published term dates, and add INSET days.
          2. rollbook check \(dir)    to list the register's errors
             rollbook serve \(dir)    to preview the site while you edit Content/ and Themes/

        """
        out.status = imported.status
        return out
    }
}
