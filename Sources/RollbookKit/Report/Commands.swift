#if canImport(Glibc)
import Glibc
#endif

/// The work behind each CLI command, kept in the library so tests can run it without a process.
/// Each returns what to print and the exit status.
public enum Commands {
    public struct Output: Sendable {
        public var stdout = ""
        public var stderr = ""
        public var status: Int32 = 0
        /// Set by `--pseudonymise`: the output is searched for real names before it is shown.
        var guardNames: RealNameGuard? = nil

        /// With `--pseudonymise`: withholds the whole output (exit 2) if it holds a real name.
        mutating func checkNames() {
            guard let g = guardNames else { return }
            let problems = g.problems(in: stdout, where: "standard output") + g.problems(in: stderr, where: "standard error")
            guard !problems.isEmpty else { return }
            stdout = ""
            stderr = problems.map { $0.description + "\n" }.joined()
            status = 2
        }

        /// Records input that could not be read: every problem on stderr, exit status 2.
        mutating func fail(_ error: Error) {
            stderr += ((error as? InputError)?.description ?? "error: \(error)") + "\n"
            status = 2
        }

        /// Writes `stdout` and `stderr` to the process's streams.
        public func emit() {
            Output.write(1, stdout)
            Output.write(2, stderr)
        }

        static func write(_ fd: Int32, _ s: String) {
            var s = s
            s.withUTF8 { b in
                var done = 0
                while done < b.count {
                    let r = Glibc.write(fd, b.baseAddress! + done, b.count - done)
                    if r <= 0 { if errno == EINTR { continue }; return }
                    done += r
                }
            }
        }
    }

    public enum CheckFormat: String, CaseIterable, Sendable { case text, json, csv }
    public enum StatsFormat: String, CaseIterable, Sendable { case csv, json }

    static func load(_ dir: String, asOf: Day?, today: Day, pseudonymise: Bool, into out: inout Output) -> Register? {
        do {
            var reg = try ProjectLoader.load(directory: dir, asOf: asOf, today: today)
            if pseudonymise { out.guardNames = RealNameGuard(realPupils: reg.pupils); reg = reg.pseudonymised() }
            for w in reg.warnings { out.stderr += w.description + "\n" }
            return reg
        } catch {
            out.fail(error)
        }
        return nil
    }

    public static func check(directory: String, asOf: Day?, format: CheckFormat, pseudonymise: Bool = false, today: Day = .today) -> Output {
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

    public static func stats(directory: String, asOf: Day?, by: StatsReport.Grouping, format: StatsFormat,
                             csaOnly: Bool = false, pseudonymise: Bool = false, today: Day = .today) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            return TrustCommands.stats(directory: directory, asOf: asOf, by: by, format: format, csaOnly: csaOnly, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        guard let reg = load(directory, asOf: asOf, today: today, pseudonymise: pseudonymise, into: &out) else { return out }
        out.stdout = format == .csv ? StatsReport.csv(reg, by: by, csaOnly: csaOnly) : StatsReport.json(reg, by: by, csaOnly: csaOnly)
        out.checkNames()
        return out
    }
}

extension Commands {
    /// `rollbook sample --trust N`: a trust of N schools sharing `pupils` between them.
    public static func sampleTrust(outdir: String, schools: Int, pupils: Int, seed: UInt64, from: Day?, to: Day?) -> Output {
        var out = Output()
        do {
            let s = try SampleTrust(schools: schools, pupils: pupils, seed: seed, from: from, to: to).write(to: outdir)
            out.stdout = "Wrote \(outdir): a trust of \(s.schools) schools, \(s.pupils) pupils, \(s.marks) marks.\n"
        } catch {
            out.fail(error)
        }
        return out
    }

    public enum ReturnsFormat: String, CaseIterable, Sendable { case csv, json }

    /// `rollbook returns`: the episodes of spec section 6.3.
    public static func returns(directory: String, asOf: Day?, since: Day?, format: ReturnsFormat,
                               pseudonymise: Bool = false, today: Day = .today) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            return TrustCommands.returns(directory: directory, asOf: asOf, since: since, format: format, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        guard let reg = load(directory, asOf: asOf, today: today, pseudonymise: pseudonymise, into: &out) else { return out }
        out.stdout = format == .csv ? ReturnsReport.csv(reg, since: since) : ReturnsReport.json(reg, since: since)
        return out
    }

    public static func sample(outdir: String, pupils: Int, seed: UInt64, from: Day?, to: Day?) -> Output {
        var out = Output()
        do {
            let s = try SampleSchool(pupils: pupils, seed: seed, from: from, to: to).write(to: outdir)
            out.stdout = "Wrote \(outdir): \(s.pupils) pupils, \(s.marks) marks, \(s.contacts) contacts, \(s.actions) actions.\n"
        } catch let e as InputError {
            out.stderr = e.description + "\n"
            out.status = 2
        } catch {
            out.stderr = "error: \(error)\n"
            out.status = 2
        }
        return out
    }

    public static func build(directory: String, asOf: Day?, output: String?, verbose: Bool, pseudonymise: Bool = false,
                             today: Day = .today, progress: SiteBuilder.Progress? = nil) -> Output {
        if TrustConfig.isTrust(directory: directory) {
            return TrustCommands.build(directory: directory, asOf: asOf, output: output, pseudonymise: pseudonymise, today: today)
        }
        var out = Output()
        do {
            var options = SiteBuilder.Options(directory: directory, asOf: asOf, output: output, today: today, pseudonymise: pseudonymise)
            options.progress = progress
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
        }
        return out
    }
}
