import ArgumentParser
import RollbookKit

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Attendance statistics by the DfE method.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "pupil, class, year, school, or a characteristic: sen, fsm, disadvantaged, eal, sex, ethnicity, cla.") var by: StatsReport.Grouping = .pupil
    @Flag(help: "Count only pupils of compulsory school age (age 5 to 15 on 31 August; without a date of birth, years 1 to 11).") var csaOnly = false
    @Option(help: "csv or json.") var format: Commands.StatsFormat = .csv

    func run() throws {
        try Commands.stats(directory: project.directory, asOf: project.asOf, by: by, format: format, csaOnly: csaOnly, pseudonymise: project.pseudonymise).finish()
    }
}

extension Commands {
    static func stats(directory: String, asOf: Day?, by: StatsReport.Grouping, format: StatsFormat,
                             csaOnly: Bool = false, pseudonymise: Bool = false, today: Day = .today) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            return TrustCommands.stats(directory: directory, asOf: asOf, by: by, format: format, csaOnly: csaOnly, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        // Statistics come from the roll and the marks alone.
        guard let reg = load(directory, asOf: asOf, today: today, pseudonymise: pseudonymise, extent: .rollAndMarks, into: &out) else { return out }
        out.stdout = format == .csv ? StatsReport.csv(reg, by: by, csaOnly: csaOnly) : StatsReport.json(reg, by: by, csaOnly: csaOnly)
        out.checkNames()
        return out
    }
}
