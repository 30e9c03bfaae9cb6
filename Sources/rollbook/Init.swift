import ArgumentParser
import RollbookKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a new school project: a commented rollbook.yml, empty Data/ files, example Content/ and a Themes/ note.",
        discussion: "The folder must be new or empty. Exit status: 0 written, 2 the folder is not empty or cannot be written.")

    @Argument(help: "The folder to create (or an empty folder).") var directory: String
    @Option(help: ArgumentHelp("The school's name, as pages show it.", valueName: "name")) var school: String?

    func run() throws {
        try finish(Commands.initProject(directory: directory, schoolName: school))
    }
}
