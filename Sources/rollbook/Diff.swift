import ArgumentParser
import RollbookKit

extension DiffReport.Format: ExpressibleByArgument {}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List what changed between two exports of a school's register (amended marks, pupils who joined or left).",
        discussion: """
            Compares every school session of NEW's calendar up to as_of (the flag, else the earlier of the two \
            folders' own) for every pupil in either pupils.csv. Exit status: 0 when both folders could be read \
            (whatever changed), 2 otherwise.
            """)

    @Argument(help: "The earlier export (a school project folder).") var old: String
    @Argument(help: "The later export (a school project folder).") var new: String
    @Option(help: ArgumentHelp("The last date compared (YYYY-MM-DD).", valueName: "date")) var asOf: Day?
    @Option(help: "text (grouped by kind, class and date), csv or json.") var format: DiffReport.Format = .text

    func run() throws {
        try Commands.diff(old: old, new: new, asOf: asOf, format: format).finish()
    }
}

extension Commands {
    /// `rollbook diff OLD NEW`: exit 0 when both folders could be read, 2 otherwise.
    static func diff(old: String, new: String, asOf: Day?, format: DiffReport.Format, today: Day = .today) -> Output {
        var out = Output()
        do {
            let (d, warnings) = try RegisterDiff.load(old: old, new: new, asOf: asOf, today: today)
            for w in warnings { out.stderr += w.description + "\n" }
            out.stdout = DiffReport.render(d, format: format, old: old, new: new)
        } catch {
            out.fail(error)
        }
        return out
    }
}
