import ArgumentParser
import Foundation
import RollbookKit

extension CSVImport.Layout: ExpressibleByArgument {}

/// `rollbook import ctf|csv`: brings in what a school's MIS exports (spec section 9).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import what the school's MIS exports (CTF or CSV) as Data/pupils.csv and Data/marks.csv.",
        discussion: """
            The folder given by --into must already hold the school's rollbook.yml (exports carry no calendar); \
            without one, a starter inferred from the marks is printed. Only files the importer wrote before are \
            replaced, unless --force. Exit status: 0 every row read; 1 unreadable rows skipped; 2 nothing read, \
            no rollbook.yml, or data files the importer did not write.
            """,
        subcommands: [ImportCTF.self, ImportCSV.self])
}

struct ImportTarget: ParsableArguments {
    @Option(help: ArgumentHelp("The school project folder to write into (holding rollbook.yml).", valueName: "dir"))
    var into: String = "."

    @Option(help: ArgumentHelp("A code map: a built-in name (one) or a CSV file with the header character,code. Never applied unless given.", valueName: "name|file"))
    var codeMap: String?

    @Flag(help: "Replace data files even when the importer did not write them.")
    var force = false
}

struct ImportCTF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctf",
        abstract: "Import DfE Common Transfer Files (any version from 16 on).",
        discussion: "Several files may overlap: the newer header DateTime wins per session.")

    @Argument(help: "CTF files (XML).") var files: [String]
    @OptionGroup var target: ImportTarget
    @Flag(help: "Import every school's attendance blocks, not only those of the school that made the file.")
    var allSchools = false

    func run() throws {
        try Commands.importCTF(files: files, into: target.into, codeMap: target.codeMap, allSchools: allSchools, force: target.force).finish()
    }
}

struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Import an MIS's CSV export of attendance marks (long, grid or week layout), with its roster.")

    @Option(help: ArgumentHelp("Marks export(s).", valueName: "file")) var marks: [String] = []
    @Option(help: ArgumentHelp("The roster: names, class, year, dates, characteristics. Without it, pupils come from the marks file.", valueName: "file"))
    var pupils: String?
    @Option(help: "auto, long, grid or week.") var layout: CSVImport.Layout = .auto
    @Option(help: ArgumentHelp("Your own header names: `field: Header name` lines.", valueName: "file")) var columns: String?
    @OptionGroup var target: ImportTarget

    func validate() throws {
        if marks.isEmpty { throw ValidationError("give at least one marks export with --marks FILE") }
    }

    func run() throws {
        try Commands.importCSV(marks: marks, pupils: pupils, into: target.into, layout: layout, columns: columns,
                                      codeMap: target.codeMap, force: target.force).finish()
    }
}
