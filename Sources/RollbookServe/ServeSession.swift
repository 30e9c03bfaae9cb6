import Foundation
import RollbookKit

/// `rollbook serve`: builds the project into a private temporary folder (never the project's
/// `site/`), serves it on 127.0.0.1, and rebuilds when an input changes; open pages reload.
///
/// The watcher polls every `pollInterval` seconds; after a change it waits until the files
/// have been still for `debounce` seconds (an editor's save, a spreadsheet writing a large CSV)
/// and then rebuilds once. A failed build leaves the last good site on disk; HTML requests get
/// the problems instead until they are fixed.
public final class ServeSession: @unchecked Sendable {
    public struct Options: Sendable {
        public var directory: String
        public var asOf: Day?
        /// nil: the first free port from 8000; a port that is taken is then an error.
        public var port: UInt16?
        public var pseudonymise: Bool
        public var today: Day
        public var pollInterval: Double
        public var debounce: Double
        public init(directory: String, asOf: Day? = nil, port: UInt16? = nil, pseudonymise: Bool = false, today: Day = .today,
                    pollInterval: Double = 0.05, debounce: Double = 0.05) {
            self.directory = directory
            self.asOf = asOf
            self.port = port
            self.pseudonymise = pseudonymise
            self.today = today
            self.pollInterval = pollInterval
            self.debounce = debounce
        }
    }

    public let options: Options
    /// The private folder; the site is built in `folder/site` and the folder removed on stop.
    public let folder: String
    public let state: PreviewState
    let say: @Sendable (String) -> Void
    let warn: @Sendable (String) -> Void
    private let lock = NSLock()
    private var running = false
    private var watchThread: Thread?
    private var server: PreviewServer?
    private var stopped = false
    /// Builds so far (for tests).
    public private(set) var builds = 0
    /// Seconds the watcher thread waits before its loop starts (tests: a thread that starts late).
    var watcherStartDelay: Double = 0

    /// `say`: progress lines (stdout); `warn`: problems (stderr).
    public init(_ options: Options, say: @escaping @Sendable (String) -> Void, warn: @escaping @Sendable (String) -> Void) throws {
        self.options = options
        self.say = say
        self.warn = warn
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: options.directory + "/rollbook.yml", isDirectory: &isDir), !isDir.boolValue else {
            throw InputError([Diagnostic(path: options.directory, "has no rollbook.yml: not a Rollbook project folder (start one with `rollbook init`)")])
        }
        let base = FileManager.default.temporaryDirectory.path
        var template = Array((base + "/rollbook-serve.XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw InputError([Diagnostic(path: base, "cannot make a temporary folder for the preview")])
        }
        folder = String(cString: made)
        state = PreviewState(siteRoot: folder + "/site")
    }

    /// Builds, starts the server and the watcher; returns the address to open.
    public func start() async throws -> String {
        let port = try PreviewServer.choosePort(requested: options.port)
        // The watcher's first look is taken before the first build, so an edit made while that
        // build runs, or just after start() returns, is seen as a change (not folded into the
        // starting point).
        let watcher = watcherForProject()
        let first = watcher.snapshot()
        // The build is long, blocking work: on a thread of its own, not one of the few the
        // server's tasks run on.
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            Thread { [self] in build(changed: []); c.resume() }.start()
        }
        let server = try PreviewServer(state: state, port: port)
        let actual = try await server.start()
        lock.withLock { self.server = server; running = true }
        let t = Thread { [self] in watch(watcher, from: first) }
        t.name = "rollbook-serve-watch"
        lock.withLock { watchThread = t }
        t.start()
        return "http://127.0.0.1:\(actual)/"
    }

    /// Stops watching and serving and removes the private folder. Safe to call twice.
    public func stop() async {
        let (server, first) = lock.withLock { () -> (PreviewServer?, Bool) in
            defer { stopped = true; running = false }
            return (self.server, !stopped)
        }
        guard first else { return }
        await server?.stop()
        // Wait for a build in progress to finish before removing its folder.
        lock.withLock {}
        buildLock.withLock { try? FileManager.default.removeItem(atPath: folder) }
    }

    private let buildLock = NSLock()

    var isRunning: Bool { lock.withLock { running } }

    func watch(_ watcher: ProjectWatcher, from first: [String: ProjectWatcher.Stamp]) {
        var last = first
        if watcherStartDelay > 0 { Thread.sleep(forTimeInterval: watcherStartDelay) }
        while isRunning {
            Thread.sleep(forTimeInterval: options.pollInterval)
            var now = watcher.snapshot()
            guard now != last else { continue }
            // Wait for the writing to settle.
            while isRunning {
                Thread.sleep(forTimeInterval: options.debounce)
                let again = watcher.snapshot()
                if again == now { break }
                now = again
            }
            guard isRunning else { break }
            let changed = ProjectWatcher.changes(from: last, to: now)
            last = now
            build(changed: changed)
        }
    }

    func watcherForProject() -> ProjectWatcher {
        var w = ProjectWatcher(directory: options.directory)
        if let c = try? ProjectLoader.loadConfig(directory: options.directory) {
            w.extraFiles = [c.pupilsPath, c.marksPath, c.contactsPath].filter { p in !ProjectWatcher.folders.contains { p.hasPrefix($0 + "/") } }
        }
        return w
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func clock() -> String {
        var t = time(nil)
        var tm = tm()
        localtime_r(&t, &tm)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))"
    }

    /// Builds the site into the private folder and records the outcome for the server.
    func build(changed: [String]) {
        buildLock.withLock {
            if lock.withLock({ stopped }) { return }
            builds += 1
            let t0 = ServeSession.now()
            let cause = changed.isEmpty ? "" : "\(ServeSession.describe(changed)) changed: "
            let what = cause + (changed.isEmpty ? "built" : "rebuilt")
            // rollbook.yml is read once per build: the builder reads it again only when it
            // cannot be read here, to report why.
            let config = try? ProjectLoader.loadConfig(directory: options.directory)
            let school = config?.schoolName
            do {
                var build = SiteBuilder.Options(directory: options.directory, asOf: options.asOf, output: state.siteRoot,
                                                today: options.today, pseudonymise: options.pseudonymise)
                build.config = config
                let r = try SiteBuilder(build).run()
                let wasFailing = state.problems != nil
                state.update(problems: nil, changed: r.written > 0, schoolName: school)
                for w in r.warnings { warn(w.description) }
                let secs = String(format: "%.2f", ServeSession.now() - t0)
                if r.upToDate || r.written == 0 {
                    say("[\(ServeSession.clock())] \(what), no page changed (\(secs) s)" + (wasFailing ? "; the problems are fixed" : ""))
                } else {
                    say("[\(ServeSession.clock())] \(what): \(r.pages) pages, \(r.written) file\(r.written == 1 ? "" : "s") written in \(secs) s; \(r.findings) findings")
                }
            } catch let e as SiteBuilder.BuildError where e.error is InputError {
                state.update(problems: e.diagnostics, changed: false, schoolName: school)
                warn(e.description)
                let n = e.diagnostics.count
                warn("[\(ServeSession.clock())] \(cause)\(changed.isEmpty ? "build" : "rebuild") failed with \(n) problem\(n == 1 ? "" : "s") (shown in the browser too); fix and save to rebuild")
            } catch {
                let d = Diagnostic(path: options.directory, "\((error as? SiteBuilder.BuildError)?.error ?? error)")
                state.update(problems: [d], changed: false, schoolName: school)
                warn(d.description)
            }
        }
    }

    /// `Content/campaigns/x.md`, or `Content/campaigns/x.md and 2 more`.
    static func describe(_ changed: [String]) -> String {
        changed.count == 1 ? changed[0] : "\(changed[0]) and \(changed.count - 1) more"
    }
}
