import ArgumentParser
import RollbookKit
#if canImport(Glibc)
import Glibc
#endif

/// The work behind each subcommand: each `Commands.<name>` (in the subcommand's own file) calls
/// the library and returns what to print and the exit status, so tests can run it without a
/// process; the subcommand's `run()` prints it and exits with `finish()`.
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
        mutating func fail(_ error: any Error) {
            let error = (error as? SiteBuilder.BuildError)?.error ?? error
            stderr += ((error as? InputError)?.description ?? "error: \(error)") + "\n"
            status = 2
        }

        /// Prints the output and ends the command with its exit status.
        func finish() throws -> Never {
            emit()
            throw ExitCode(status)
        }

        /// Writes `stdout` and `stderr` to the process's streams.
        func emit() {
            Output.write(1, stdout)
            Output.write(2, stderr)
        }

        static func write(_ fd: Int32, _ s: String) {
            var s = s
            s.withUTF8 { FileIO.writeAll(fd, UnsafeRawBufferPointer($0)) }
        }
    }

    typealias CheckFormat = CheckReport.Format
    typealias StatsFormat = StatsReport.Format
    typealias ReturnsFormat = ReturnsReport.Format

    static func load(_ dir: String, asOf: Day?, today: Day, pseudonymise: Bool, extent: ProjectLoader.Extent = .all,
                     into out: inout Output) -> Register? {
        do {
            var reg = try ProjectLoader.load(directory: dir, asOf: asOf, today: today, extent: extent)
            if pseudonymise { out.guardNames = RealNameGuard(realPupils: reg.pupils); reg = reg.pseudonymised() }
            for w in reg.warnings { out.stderr += w.description + "\n" }
            return reg
        } catch {
            out.fail(error)
        }
        return nil
    }
}
