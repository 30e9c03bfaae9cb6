import ArgumentParser
import RollbookKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct Rollbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollbook",
        abstract: "Checks a school's attendance register, computes DfE attendance statistics and builds the staff and parent sites.",
        version: "rollbook \(RollbookVersion.number)",
        subcommands: [Check.self, Stats.self, Returns.self, Build.self, Sample.self, Import.self, Diff.self, Init.self, Serve.self])
}

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}

extension Commands.CheckFormat: ExpressibleByArgument {}
extension Commands.StatsFormat: ExpressibleByArgument {}
extension StatsReport.Grouping: ExpressibleByArgument {}

struct ProjectOptions: ParsableArguments {
    @Argument(help: "The school project folder (holding rollbook.yml), or a trust folder (holding trust.yml).")
    var directory: String = "."

    @Option(help: ArgumentHelp("The last date the report covers (YYYY-MM-DD). Overrides as_of in rollbook.yml.", valueName: "date"))
    var asOf: Day?

    @Flag(help: "Replace pupils' names with stable pseudonyms and leave out UPNs (for demos and for sharing with external agencies).")
    var pseudonymise = false
}

