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

/// Prints a command's output and exits with its status.
func finish(_ out: Commands.Output) throws -> Never {
    out.emit()
    exit(out.status)
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the register's errors for the office to fix.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 input could not be read.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "text (compiler-style), json or csv.") var format: Commands.CheckFormat = .text

    func run() throws {
        try finish(Commands.check(directory: project.directory, asOf: project.asOf, format: format, pseudonymise: project.pseudonymise))
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Attendance statistics by the DfE method.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "pupil, class, year, school, or a characteristic: sen, fsm, disadvantaged, eal, sex, ethnicity, cla.") var by: StatsReport.Grouping = .pupil
    @Flag(help: "Count only pupils of compulsory school age (age 5 to 15 on 31 August; without a date of birth, years 1 to 11).") var csaOnly = false
    @Option(help: "csv or json.") var format: Commands.StatsFormat = .csv

    func run() throws {
        try finish(Commands.stats(directory: project.directory, asOf: project.asOf, by: by, format: format, csaOnly: csaOnly, pseudonymise: project.pseudonymise))
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the staff intranet site and the parents' campaign site.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "Output folder (default: site/ in the project folder).") var output: String?
    @Flag(help: "Print the time of each phase.") var verbose = false

    func run() throws {
        let line = ProgressLine()  // a one-line progress indicator, on a terminal only
        line?.start()
        let out = Commands.build(directory: project.directory, asOf: project.asOf, output: output, verbose: verbose,
                                 pseudonymise: project.pseudonymise, progress: line?.sink)
        line?.finish()
        try finish(out)
    }
}

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
        if let n = trust { try finish(Commands.sampleTrust(outdir: outdir, schools: n, pupils: pupils, seed: seed, from: from, to: to)) }
        if let amendedFrom { try finish(Commands.sampleAmended(outdir: outdir, from: amendedFrom, seed: seed)) }
        let formats = try sampleExportFormats(export)
        var out = Commands.sample(outdir: outdir, pupils: pupils, seed: seed, from: from, to: to)
        if out.status == 0, !formats.isEmpty {
            let e = Commands.exportSample(directory: outdir, formats: formats)
            out.stdout += e.stdout; out.stderr += e.stderr; out.status = e.status
        }
        try finish(out)
    }
}
