import RollbookKit

/// The commands on a trust folder (one holding `trust.yml`, spec section 10). `Commands` hands
/// over to these when it finds one; each school is run by the single-school code.
enum TrustCommands {
    /// Opens the trust, recording every problem on stderr. Nil when trust.yml cannot be read.
    static func open(_ directory: String, into out: inout Commands.Output) -> OpenTrust? {
        do {
            let t = try OpenTrust.open(directory: directory)
            return t
        } catch {
            out.fail(error)
            return nil
        }
    }

    /// Writes the problems and warnings of the trust and its schools on stderr, in trust.yml
    /// order; exit status 2 if any school could not be read.
    static func report<T>(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<T>], into out: inout Commands.Output) {
        var lines: [String] = trust.problems.map(\.description) + trust.warnings.map(\.description)
        for o in outcomes {
            lines += o.problems.map(\.description)
            lines += o.warnings.map(\.description)
        }
        for l in lines { out.stderr += l + "\n" }
        let unreadable = trust.problems.count > 0 || outcomes.contains { $0.result == nil }
        if unreadable {
            let n = trust.config.schools.count + trust.config.problems.count - outcomes.filter { $0.result != nil }.count
            out.stderr += "error: \(n) school\(n == 1 ? "" : "s") of \(trust.config.name) could not be read; the others are reported\n"
            out.status = 2
        }
    }

    static func check(directory: String, asOf: Day?, format: Commands.CheckFormat, pseudonymise: Bool = false,
                             today: Day = .today) -> Commands.Output {
        var out = Commands.Output()
        guard let trust = open(directory, into: &out) else { return out }
        let outcomes = trust.each(asOf: asOf, today: today, pseudonymise: pseudonymise) { s, reg in TrustReports.findings(s, reg) }
        switch format {
        case .text: out.stdout = TrustReports.checkText(trust, outcomes)
        case .json: out.stdout = TrustReports.checkJSON(trust, outcomes)
        case .csv: out.stdout = TrustReports.checkCSV(outcomes)
        }
        out.status = CheckReport.exitCode(outcomes.flatMap { $0.result?.findings ?? [] })
        report(trust, outcomes, into: &out)
        return out
    }

    static func stats(directory: String, asOf: Day?, by: StatsReport.Grouping, format: Commands.StatsFormat,
                             csaOnly: Bool = false, pseudonymise: Bool = false, today: Day = .today) -> Commands.Output {
        var out = Commands.Output()
        guard let trust = open(directory, into: &out) else { return out }
        let outcomes = trust.each(asOf: asOf, today: today, pseudonymise: pseudonymise) { s, reg in TrustReports.stats(s, reg, by: by, csaOnly: csaOnly) }
        out.stdout = format == .csv ? TrustReports.statsCSV(trust, outcomes, by: by, csaOnly: csaOnly)
                                    : TrustReports.statsJSON(trust, outcomes, by: by, csaOnly: csaOnly)
        report(trust, outcomes, into: &out)
        return out
    }

    static func build(directory: String, asOf: Day?, output: String?, pseudonymise: Bool = false,
                             today: Day = .today) -> Commands.Output {
        var out = Commands.Output()
        do {
            let r = try TrustSiteBuilder(.init(directory: directory, asOf: asOf, output: output, today: today, pseudonymise: pseudonymise)).run()
            for d in r.problems + r.warnings { out.stderr += d.description + "\n" }
            let left = r.schools - r.built
            if r.upToDate {
                out.stdout += "Up to date: \(r.pages) pages of \(r.built) schools in \(r.output), no input changed since the last build (\(Format.fixed(r.seconds, 2)) s).\n"
            } else {
                let change = r.written == 0 ? "nothing changed" : "\(r.written) written, \(r.unchanged) unchanged"
                out.stdout += "Built \(r.built) of \(r.schools) schools: \(r.pages) pages (\(r.files) files: \(change)) in \(r.output) in \(Format.fixed(r.seconds, 2)) s; \(r.findings) findings, \(r.letters) letters.\n"
            }
            if left > 0 {
                out.stderr += "error: \(left) school\(left == 1 ? "" : "s") could not be built; the others were\n"
                out.status = 2
            }
        } catch {
            out.fail(error)
        }
        return out
    }
}

extension TrustCommands {
    /// `rollbook returns` on a trust: every school that can be read is listed; exit 2 (after
    /// them) if any school cannot be read.
    static func returns(directory: String, asOf: Day?, since: Day?, format: Commands.ReturnsFormat,
                               pseudonymise: Bool = false, today: Day = .today) -> Commands.Output {
        var out = Commands.Output()
        guard let trust = open(directory, into: &out) else { return out }
        let outcomes = trust.each(asOf: asOf, today: today, pseudonymise: pseudonymise) { s, reg in
            TrustReports.returns(s, reg, since: since, format: format)
        }
        out.stdout = format == .csv ? TrustReports.returnsCSV(outcomes) : TrustReports.returnsJSON(trust, outcomes)
        report(trust, outcomes, into: &out)
        return out
    }
}
