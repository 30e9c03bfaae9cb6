import ArgumentParser
import RollbookKit

extension Commands.ReturnsFormat: ExpressibleByArgument {}

struct Returns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Episodes to act on or report to the local authority (10 and 20 days unauthorised in a row, 15 days of illness, part-time timetables, the penalty-notice threshold).",
        discussion: "Only pupils of compulsory school age on the date an episode was reached are listed. Exit status: 0, or 2 when the input could not be read.")

    @OptionGroup var project: ProjectOptions
    @Option(help: ArgumentHelp("Keep the episodes reached on or after this date, and those still going on.", valueName: "date"))
    var since: Day?
    @Option(help: "csv or json.") var format: Commands.ReturnsFormat = .csv

    func run() throws {
        try Commands.returns(directory: project.directory, asOf: project.asOf, since: since, format: format,
                                    pseudonymise: project.pseudonymise).finish()
    }
}

extension Commands {
    /// `rollbook returns`: the episodes of spec section 6.3.
    static func returns(directory: String, asOf: Day?, since: Day?, format: ReturnsFormat,
                               pseudonymise: Bool = false, today: Day = .today) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            return TrustCommands.returns(directory: directory, asOf: asOf, since: since, format: format, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        guard let reg = load(directory, asOf: asOf, today: today, pseudonymise: pseudonymise, into: &out) else { return out }
        out.stdout = format == .csv ? ReturnsReport.csv(reg, since: since) : ReturnsReport.json(reg, since: since)
        return out
    }
}
