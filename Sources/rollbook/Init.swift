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
            try finish(Commands.initProject(directory: directory, schoolName: school))
        } else {
            try finish(Commands.initProject(directory: directory, schoolName: school, fromCTF: fromCTF))
        }
    }
}
