import ArgumentParser
import RollbookKit

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the staff intranet site and the parents' campaign site.")

    @OptionGroup var project: ProjectOptions
    @Option(help: "Output folder (default: site/ in the project folder).") var output: String?
    @Flag(help: "Print the time of each step (and the step a failed build stopped in).") var verbose = false
    @Option(help: ArgumentHelp("Add a section to the meeting pack (pack.html) covering this date to as_of, e.g. since the last governors' meeting.", valueName: "date"))
    var since: Day?

    func run() throws {
        let line = ProgressLine()  // a one-line progress indicator, on a terminal only
        line?.start()
        let out = Commands.build(directory: project.directory, asOf: project.asOf, output: output, verbose: verbose,
                                 pseudonymise: project.pseudonymise, progress: line?.sink, since: since)
        line?.finish()
        try out.finish()
    }
}

extension Commands {
    static func build(directory: String, asOf: Day?, output: String?, verbose: Bool, pseudonymise: Bool = false,
                             today: Day = .today, progress: SiteBuilder.Progress? = nil, since: Day? = nil) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            if since != nil {
                var out = Output()
                out.stderr = "error: --since is for one school's build (each school of a trust has its own calendar)\n"
                out.status = 2
                return out
            }
            return TrustCommands.build(directory: directory, asOf: asOf, output: output, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        do {
            var options = SiteBuilder.Options(directory: directory, asOf: asOf, output: output, today: today, pseudonymise: pseudonymise)
            options.progress = progress
            options.since = since
            let r = try SiteBuilder(options).run()
            for w in r.warnings { out.stderr += w.description + "\n" }
            if verbose {
                for s in r.steps { out.stdout += "  " + s.name + String(repeating: " ", count: max(1, 16 - s.name.count)) + Format.fixed(s.seconds * 1000, 1) + " ms\n" }
            }
            if r.upToDate {
                out.stdout += "Up to date: \(r.pages) pages in \(r.output), no input changed since the last build (\(Format.fixed(r.seconds, 2)) s).\n"
            } else {
                let change = r.written == 0 ? "nothing changed" : "\(r.written) written, \(r.unchanged) unchanged"
                out.stdout += "Built \(r.pages) pages (\(r.files) files: \(change)) in \(r.output) in \(Format.fixed(r.seconds, 2)) s; \(r.findings) findings, \(r.letters) letters.\n"
            }
        } catch {
            out.fail(error)
            if verbose, let e = error as? SiteBuilder.BuildError { out.stderr += "note: the build stopped in its \(e.step) step\n" }
        }
        return out
    }
}
