import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs one piece of work per school of a trust on all cores.
///
/// Each worker takes the next school in `trust.yml` order, does everything for it (read, check,
/// compute) and keeps only the small result before taking the next, so at most `workers` schools
/// are in memory at once: peak memory grows with the largest schools, not with the trust.
/// Results come back in `trust.yml` order, so output is the same whatever the timing.
public enum TrustRunner {
    /// Workers: `ROLLBOOK_JOBS` when set to a positive number, else the number of online cores.
    public static var defaultWorkers: Int {
        if let s = getenv("ROLLBOOK_JOBS"), let n = Int(String(cString: s)), n > 0 { return n }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// `(0..<n).map(body)`, one index at a time per worker.
    public static func map<T: Sendable>(_ n: Int, workers: Int = TrustRunner.defaultWorkers, _ body: @Sendable (Int) -> T) -> [T] {
        let results = ResultSlots<T>(n)
        let next = Atomic<Int>(0)
        let w = max(1, min(workers, n))
        DispatchQueue.concurrentPerform(iterations: w) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < n else { return }
                results.set(i, body(i))
            }
        }
        return results.values()
    }
}

/// One value per index, each set exactly once from some worker.
private final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = Mutex(())
    init(_ n: Int) { slots = [T?](repeating: nil, count: n) }
    func set(_ i: Int, _ v: T) { lock.withLock { _ in slots[i] = v } }
    func values() -> [T] { lock.withLock { _ in slots.map { $0! } } }
}

/// A school of a trust, ready to be read: its entry in trust.yml, its configuration and the
/// name it goes by in every output.
public struct TrustSchool: Sendable {
    public var entry: TrustConfig.School
    public var config: ProjectConfig
    /// `school` in every output: the name from rollbook.yml, with ` (folder)` when two schools
    /// of the trust share a name.
    public var name: String
    public var index: Int

    /// A diagnostic of this school's files, with the path made relative to the trust folder.
    public func relative(_ d: Diagnostic) -> Diagnostic {
        var d = d
        d.path = TrustSchool.prefix(entry.folder, d.path)
        return d
    }

    /// `folder/path`, or `path` itself when absolute (or when the folder is `.`).
    static func prefix(_ folder: String, _ path: String) -> String {
        if path.hasPrefix("/") || folder == "." { return path }
        return folder + "/" + path
    }
}

/// A trust opened for a command: the schools whose rollbook.yml could be read, and every
/// problem with the others.
public struct OpenTrust: Sendable {
    public var config: TrustConfig
    /// In trust.yml order; only those whose rollbook.yml is readable.
    public var schools: [TrustSchool]
    /// Problems that each leave a school out (exit status 2).
    public var problems: [Diagnostic]
    /// Warnings about the schools' rollbook.yml files.
    public var warnings: [Diagnostic]

    /// Reads trust.yml and every school's rollbook.yml (small files, one after another).
    /// Throws only when trust.yml itself cannot be read.
    public static func open(directory: String) throws -> OpenTrust {
        let config = try TrustConfig.load(directory: directory)
        var problems = config.problems
        var warnings: [Diagnostic] = []
        var loaded: [(TrustConfig.School, ProjectConfig)] = []
        for s in config.schools {
            do {
                let c = try ProjectLoader.loadConfig(directory: s.path)
                loaded.append((s, c))
                warnings += c.warnings.map { var d = $0; d.path = TrustSchool.prefix(s.folder, d.path); return d }
            } catch let e as InputError {
                problems += e.diagnostics.map { var d = $0; d.path = TrustSchool.prefix(s.folder, d.path); return d }
            } catch {
                problems.append(Diagnostic(path: TrustSchool.prefix(s.folder, "rollbook.yml"), "cannot read: \(error)"))
            }
        }
        var byName: [String: Int] = [:]
        for (_, c) in loaded { byName[c.schoolName, default: 0] += 1 }
        let schools = loaded.enumerated().map { i, l in
            TrustSchool(entry: l.0, config: l.1, name: byName[l.1.schoolName]! > 1 ? "\(l.1.schoolName) (\(l.0.folder))" : l.1.schoolName, index: i)
        }
        return OpenTrust(config: config, schools: schools, problems: problems, warnings: warnings)
    }

    /// Loads each school's register on all cores and hands it to `body`, which keeps what it
    /// needs; the register is dropped before the worker takes the next school.
    public func each<T: Sendable>(asOf: Day?, today: Day, pseudonymise: Bool,
                                  _ body: @Sendable @escaping (TrustSchool, Register) -> T) -> [SchoolOutcome<T>] {
        let schools = self.schools
        return TrustRunner.map(schools.count) { i in
            let s = schools[i]
            do {
                var reg = try ProjectLoader.load(directory: s.entry.path, config: s.config, asOf: asOf, today: today)
                if pseudonymise { reg = reg.pseudonymised() }
                let warnings = reg.warnings.map(s.relative)
                return SchoolOutcome(school: s, asOf: reg.calendar.asOf, result: body(s, reg), problems: [], warnings: warnings)
            } catch let e as InputError {
                return SchoolOutcome(school: s, asOf: nil, result: nil, problems: e.diagnostics.map(s.relative), warnings: [])
            } catch {
                return SchoolOutcome(school: s, asOf: nil, result: nil, problems: [s.relative(Diagnostic(path: "rollbook.yml", "cannot read: \(error)"))], warnings: [])
            }
        }
    }
}

/// What one school gave: a result, or the problems that kept it from being read.
public struct SchoolOutcome<T: Sendable>: Sendable {
    public var school: TrustSchool
    public var asOf: Day?
    public var result: T?
    public var problems: [Diagnostic]
    public var warnings: [Diagnostic]
}

extension Array {
    /// The `as_of` every school shares, or nil when they differ (or none was read).
    func sharedAsOf<T>() -> Day? where Element == SchoolOutcome<T> {
        let days = Set(compactMap(\.asOf))
        return days.count == 1 ? days.first : nil
    }
}
