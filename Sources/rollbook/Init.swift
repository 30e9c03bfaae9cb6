import Foundation
import ArgumentParser
import RollbookKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new school project: a commented rollbook.yml, empty Data/ files, example Content/ and a Themes/ note.",
        discussion: """
            The folder must be new or empty. With --from-ctf, the calendar is inferred from the transfer file's marks \
            (check it against the school's term dates), the school's name comes from its header unless --school is \
            given, and its pupils and marks are imported; nothing is made if the file cannot be read. Exit status: \
            0 written, 1 written but some rows of the transfer file were unreadable, 2 nothing written.
            """)

    @Argument(help: "The folder to create (or an empty folder).") var directory: String
    @Option(help: ArgumentHelp("The school's name, as pages show it.", valueName: "name")) var school: String?
    @Option(name: .customLong("from-ctf"), help: ArgumentHelp("Start from a Common Transfer File (repeat for several): its calendar, pupils and marks.", valueName: "file"))
    var fromCTF: [String] = []

    func run() throws {
        if fromCTF.isEmpty {
            try Commands.initProject(directory: directory, schoolName: school).finish()
        } else {
            try Commands.initProject(directory: directory, schoolName: school, fromCTF: fromCTF).finish()
        }
    }
}

extension Commands {
    /// `rollbook init DIR [--school NAME]`.
    static func initProject(directory: String, schoolName: String?, today: Day = .today) -> Output {
        var out = Output()
        do {
            let p = NewProject(schoolName: schoolName ?? "Example School", today: today)
            let written = try p.write(to: directory)
            out.stdout = "Started a Rollbook project in \(directory) (\(written.count) files).\n"
            out.stdout += """
            Next:
              1. Replace the EXAMPLE term dates in \(directory)/rollbook.yml with your school's own\(schoolName == nil ? ", and set school.name" : "").
              2. Put your register export in \(directory)/Data/ (pupils.csv, marks.csv; contacts.csv and actions.csv are optional).
              3. rollbook serve \(directory)    to preview the site while you edit Content/ and Themes/
                 rollbook check \(directory)    to list the register's errors

            """
        } catch {
            out.fail(error)
        }
        return out
    }

    /// `rollbook init DIR [--school NAME] --from-ctf FILE…`. The project is made in a hidden
    /// sibling folder and renamed into place only when the import succeeded, so a bad transfer
    /// file leaves nothing behind. Exit status: 0 made, every row read; 1 made, some unreadable
    /// rows or files skipped; 2 nothing made.
    static func initProject(directory: String, schoolName: String?, fromCTF files: [String], today: Day = .today) -> Output {
        var out = Output()
        let fm = FileManager.default
        var dir = directory
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        // The target must be new or empty (checked before anything is read or written).
        var isDir: ObjCBool = false
        let existed = fm.fileExists(atPath: dir, isDirectory: &isDir)
        if existed {
            guard isDir.boolValue else { out.fail(InputError([Diagnostic(path: dir, "exists and is not a folder")])); return out }
            let entries = FileIO.list(dir) ?? []
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
