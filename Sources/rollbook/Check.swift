import ArgumentParser
import RollbookKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the register's errors for the office to fix.",
        discussion: "Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 input could not be read.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "text (compiler-style), json or csv.") var format: Commands.CheckFormat = .text

    func run() throws {
        try Commands.check(directory: project.directory, asOf: project.asOf, format: format, pseudonymise: project.pseudonymise).finish()
    }
}

extension Commands {
    static func check(directory: String, asOf: Day?, format: CheckFormat, pseudonymise: Bool = false, today: Day = .today) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            return TrustCommands.check(directory: directory, asOf: asOf, format: format, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        guard let reg = load(directory, asOf: asOf, today: today, pseudonymise: pseudonymise, into: &out) else { return out }
        let findings = Checker.check(reg)
        switch format {
        case .text: out.stdout = CheckReport.text(findings)
        case .json: out.stdout = CheckReport.json(findings, asOf: reg.calendar.asOf)
        case .csv: out.stdout = CheckReport.csv(findings, register: reg)
        }
        out.status = CheckReport.exitCode(findings)
        out.checkNames()
        return out
    }
}
