#if canImport(Glibc)
import Glibc
#endif

/// `rollbook build`: the named steps from register to site, each timed (`build --verbose`), and
/// an error in any of them thrown as a `BuildError` naming the step:
///
///   output folder → digest → read → check → analyse → theme → render parents →
///   privacy check → letters → render intranet → render pupils → swap
///
/// Pages are written into a temporary folder that the last step swaps in atomically.
public struct SiteBuilder {
    public struct Options: Sendable {
        public var directory: String
        public var asOf: Day?
        public var output: String?
        public var today: Day
        /// Replace pupils' names with stable pseudonyms and drop UPNs (for demos and agencies).
        public var pseudonymise: Bool
        /// Told where the build is (phase, items done, items in the phase or 0), from any thread.
        public var progress: Progress? = nil
        /// `--since DATE`: the meeting pack gets a section from this date to as_of (nil: none).
        public var since: Day? = nil
        /// The project's rollbook.yml when the caller has read it already (nil: the build reads it).
        public var config: ProjectConfig? = nil
        public init(directory: String, asOf: Day? = nil, output: String? = nil, today: Day = .today, pseudonymise: Bool = false) {
            self.directory = directory
            self.asOf = asOf
            self.output = output
            self.today = today
            self.pseudonymise = pseudonymise
        }
    }

    public struct Report: Sendable {
        public var pages = 0
        public var files = 0
        public var written = 0
        public var unchanged = 0
        public var findings = 0
        public var letters = 0
        public var steps: [(name: String, seconds: Double)] = []
        public var warnings: [Diagnostic] = []
        public var output = ""
        /// Nothing was rendered: the inputs and the site were as the last build left them.
        public var upToDate = false
        /// Files in the output folder that Rollbook did not write, kept in place.
        public var kept = 0
        public var seconds: Double { steps.reduce(0) { $0 + $1.seconds } }
        public init() {}

        /// Nothing to build: the site is the one `previous` describes.
        mutating func upToDate(_ previous: BuildManifest) {
            pages = previous.pages
            files = previous.files.count + 1
            unchanged = files
            upToDate = true
        }

        /// What `out` wrote, kept and warned about.
        mutating func written(_ out: SiteOutput) {
            files = out.files.count
            written = out.written
            unchanged = out.unchanged
            kept = out.kept.count
            warnings += out.warnings
        }
    }

    /// A build that failed: the step it failed in and why (`error`, usually an `InputError`
    /// with every problem found). Its description is the error's.
    public struct BuildError: Error, CustomStringConvertible {
        public let step: String
        public let error: any Error
        public init(step: String, _ error: any Error) {
            self.step = step
            self.error = (error as? BuildError)?.error ?? error
        }
        /// The problems, as `InputError` lists them.
        public var diagnostics: [Diagnostic] { (error as? InputError)?.diagnostics ?? [Diagnostic(path: "site", "\(error)")] }
        public var description: String { (error as? InputError)?.description ?? "\(error)" }
    }

    /// A build's progress: the phase, the items done and the items in the phase (0: not counted).
    public typealias Progress = @Sendable (_ phase: String, _ done: Int, _ total: Int) -> Void

    public let options: Options
    public init(_ options: Options) { self.options = options }

    func tell(_ phase: String, _ done: Int = 0, _ total: Int = 0) { options.progress?(phase, done, total) }

    /// The build's steps: `start` ends the step before (its time is recorded) and names the
    /// one that runs now, so that an error thrown in it can say where it happened.
    public final class Steps {
        public private(set) var times: [(name: String, seconds: Double)] = []
        /// The step running now.
        public private(set) var current = "start"
        private var clock = SiteBuilder.now()
        public init() {}

        /// Ends the step running now and starts `name`.
        public func start(_ name: String) {
            finish()
            current = name
        }

        /// Ends the step running now.
        public func finish() {
            let t = SiteBuilder.now()
            if current != "start" { times.append((current, t - clock)) }
            clock = t
            current = "start"
        }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs the steps. Throws `BuildError` (the step, and the `InputError` with every problem
    /// found) and leaves any previous site untouched on failure.
    public func run() throws -> Report {
        let steps = Steps()
        do {
            var report = try run(steps)
            steps.finish()
            report.steps = steps.times
            return report
        } catch {
            throw BuildError(step: steps.current, error)
        }
    }

    func run(_ steps: Steps) throws -> Report {
        var report = Report()
        let dir = options.directory
        let requested = options.output ?? (dir + "/site")
        report.output = requested
        // The output folder is the user's (spec section 8): checked, locked and swept first.
        steps.start("output folder")
        let config = try options.config ?? ProjectLoader.loadConfig(directory: dir)
        let output = try OutputFolder.check(requested, project: dir, config: config)
        let siteLock = try SiteLock(output: output)
        defer { siteLock.release() }
        try SiteOutput.sweep(output)
        // Nothing changed since the last build? Then there is nothing to do.
        steps.start("digest")
        let asOf = ProjectLoader.resolveAsOf(options.asOf, config: config, today: options.today)
        if let since = options.since, since < config.yearStart || asOf < since {
            throw InputError([Diagnostic(path: "--since", "\(since.iso) is not between year.start (\(config.yearStart.iso)) and as_of (\(asOf.iso))")])
        }
        let linked = LinkedProjects(config: config, directory: dir)
        let digest = BuildManifest.digest(directory: dir, config: config, linked: linked, asOf: asOf, pseudonymise: options.pseudonymise,
                                          since: options.since)
        if let previous = BuildManifest.upToDate(output, digest: digest) {
            report.upToDate(previous)
            return report
        }
        let prepared = try prepare(asOf: asOf, config: config, linked: linked, steps: steps)
        report.warnings = prepared.warnings
        report.findings = prepared.model.findings.count

        // From here pages go straight to disk, into a temporary folder swapped in at the end.
        let out = try SiteOutput(output: output)
        let manifest = try out.writing {
            report.letters = try writeSite(files(out, prepared), prepared, steps: steps)
            steps.start("swap")
            return digest
        }
        report.pages = manifest.pages
        report.written(out)
        return report
    }

    /// One school's site, ready to be written: everything read, checked, rendered for
    /// parents and privacy-checked, so that writing can no longer fail on the input.
    public struct Prepared: @unchecked Sendable {
        public let model: SiteModel
        var theme: Theme
        let letterTemplates: [LetterTemplate]
        let parentFiles: [(path: String, text: String)]
        /// The theme's static folder, copied as it is.
        let staticFiles: [(path: String, source: String, bytes: [UInt8])]
        let amendments: SiteAmendments?
        /// The school's page variables (`{{school.name}}` …) for letters.
        let variables: [String: String]
        /// The pupils' real names, which a pseudonymised build must never write.
        let realPupils: [Pupil]
        /// The register's warnings and the theme's and content's.
        public let warnings: [Diagnostic]
        /// This year against last year's project (`compare_with:`), or why not.
        var yearComparison: YearComparisonOutcome? = nil
    }

    /// Reads the school and its theme and content, checks it and renders the parents' pages
    /// (the privacy check passed). Throws `InputError` with every problem found. `config` and
    /// `linked` are what the caller read already (rollbook.yml and the projects it names); read
    /// here when not given.
    public func prepare(asOf: Day, config: ProjectConfig? = nil, linked: LinkedProjects? = nil, steps: Steps = Steps()) throws -> Prepared {
        let dir = options.directory
        let config = try config ?? ProjectLoader.loadConfig(directory: dir)
        let linked = linked ?? LinkedProjects(config: config, directory: dir)
        var warnings: [Diagnostic] = []
        steps.start("read")
        tell("reading the register")
        var reg = try ProjectLoader.load(directory: dir, config: config, asOf: asOf, today: options.today, keepRecordedAt: config.previous != nil)
        // The privacy check always looks for the real names, even in a pseudonymised build.
        let realPupils = reg.pupils
        if options.pseudonymise { reg = reg.pseudonymised() }
        warnings = reg.warnings
        steps.start("check")
        tell("checking")
        let findings = Checker.check(reg)
        // Only the checks cite a mark's marks.csv line: the register's lines go before the
        // model, letters and pages are made (the build's peak memory is then).
        reg.forgetLines()
        steps.start("analyse")
        tell("analysing")
        let model = SiteModel(register: reg, findings: findings)
        let amendments = try linked.previous.map {
            try SiteAmendments.load(previous: $0, register: reg, today: options.today, pseudonymise: options.pseudonymise)
        }
        let yearComparison = linked.compareWith.map {
            YearComparisonOutcome.load($0, register: reg, stats: model.stats, today: options.today)
        }
        warnings += yearComparison?.warnings ?? []
        steps.start("theme")
        tell("loading the theme and content")
        var sources = SourceFiles()
        try sources.overlay(directory: dir, top: "Themes")
        try sources.overlay(directory: dir, top: "Content")
        warnings += sources.warnings
        let theme = try Theme(name: reg.config.theme, sources: sources, line: reg.config.themeLine)
        warnings += theme.warnings
        var problems: [Diagnostic] = []
        var letterTemplates: [LetterTemplate] = []
        // The school's values for `{{school.name}}`, `{{contact.phone}}` … in pages and letters.
        let variables = PageVariables(config: reg.config)
        for (path, text) in sources.under("Content/letters") where path.hasSuffix(".md") {
            do { letterTemplates.append(try LetterTemplate.parse(text, path: path, variables: variables)) } catch let e as InputError { problems += e.diagnostics }
        }
        var campaigns: [CampaignPage] = []
        do { campaigns = try ParentsSite.load(sources) } catch let e as InputError { problems += e.diagnostics }
        for i in campaigns.indices {
            do { campaigns[i].body = try variables.apply(to: campaigns[i].body, path: campaigns[i].path, firstLine: campaigns[i].bodyLine) }
            catch let e as InputError { problems += e.diagnostics }
        }
        if !problems.isEmpty { throw InputError(problems) }
        letterTemplates.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }
        steps.start("render parents")
        tell("rendering the parents' pages", 0, campaigns.count)

        // The parents' site first: small, and it must pass the privacy check before anything is written.
        let parents = ParentsSite(theme: theme, schoolName: reg.config.schoolName, pages: campaigns)
        var parentFiles: [(path: String, text: String)] = []
        for (path, html) in parents.render() { parentFiles.append(("parents/" + path, html)) }
        if let css = theme.assets["parents.css"] { parentFiles.append(("parents/assets/parents.css", css)) }
        steps.start("privacy check")
        tell("privacy check")
        let watched = realPupils + (options.pseudonymise ? reg.pupils : [])
        // The theme's static files for parents/ are checked too (those that are text).
        let staticFiles = try theme.staticFiles.map { f -> (path: String, source: String, bytes: [UInt8]) in
            guard let b = readFileBytes(dir + "/" + f.source) else { throw InputError([Diagnostic(path: f.source, "cannot read the file")]) }
            return (f.path, f.source, b)
        }
        let parentStatic = staticFiles.filter { $0.path.hasPrefix("parents/") && TextDecoding.isValidUTF8($0.bytes) }
            .map { (path: $0.path, source: $0.source, text: String(decoding: $0.bytes, as: UTF8.self)) }
        let leaks = PrivacyCheck.scan(files: parentFiles + parentStatic.map { ($0.path, $0.text) }, pupils: watched)
        if !leaks.isEmpty {
            let pages = campaigns.map { (path: $0.path, text: sources.files[$0.path] ?? "") }
                + parentStatic.map { (path: $0.source, text: $0.text) }
            throw InputError(PrivacyCheck.diagnostics(leaks, sources: pages, pupils: watched))
        }
        var prepared = Prepared(model: model, theme: theme, letterTemplates: letterTemplates, parentFiles: parentFiles,
                        staticFiles: staticFiles, amendments: amendments, variables: variables.values,
                        realPupils: realPupils, warnings: warnings)
        prepared.yearComparison = yearComparison?.outcome
        return prepared
    }

    /// The files of one school's site, written to `sink`: every path claimed once and, in a
    /// pseudonymised build, every file searched for the real names before it is written.
    func files(_ sink: any SiteSink, _ prepared: Prepared) -> SiteFiles {
        let guardNames = options.pseudonymise ? RealNameGuard(realPupils: prepared.realPupils) : nil
        var watch: (@Sendable (String, String) -> [Diagnostic])? = nil
        if let g = guardNames { watch = { path, text in g.problems(in: text, where: "site/" + path) } }
        return SiteFiles(sink, watch: watch)
    }

    /// Renders every page and writes it to `out`, pupils' pages on all cores, then the theme's
    /// static files. Returns the number of letters.
    func writeSite(_ out: SiteFiles, _ prepared: Prepared, steps: Steps = Steps()) throws -> Int {
        let letters = try writePages(out, prepared, steps: steps)
        steps.start("static files")
        // The theme's static folder, copied as it is; it may not replace a page.
        var clashes: [Diagnostic] = []
        for f in prepared.staticFiles {
            if out.out.contains(f.path) || f.path == BuildManifest.fileName || f.path == OutputFolder.markName {
                clashes.append(Diagnostic(path: f.source, "would replace \(f.path), which the build writes; rename or remove it"))
                continue
            }
            try out.claim(f.path)
            try out.out.write(f.path, f.bytes)
        }
        if !clashes.isEmpty { throw InputError(clashes) }
        return letters
    }

    /// Renders every page and writes it to `out`, pupils' pages on all cores. Returns the
    /// number of letters.
    func writePages(_ out: SiteFiles, _ prepared: Prepared, steps: Steps) throws -> Int {
        steps.start("letters")
        let model = prepared.model, theme = prepared.theme, letterTemplates = prepared.letterTemplates
        let parentFiles = prepared.parentFiles, amendments = prepared.amendments, variables = prepared.variables
        let reg = model.register
        for f in parentFiles { try out.write(f.path, f.text) }
        var pages = IntranetPages(model: model, theme: theme, tables: RegisterTables(reg, gridSessions: 20))
        pages.amendments = amendments
        pages.yearComparison = prepared.yearComparison
        pages.packSince = options.since

        // Letters first: pupil pages and the overview link to them.
        var letters: [IntranetPages.DueLetter] = []
        for d in Letters.perFamily(letterTemplates, stats: model.stats, in: reg,
                                                episodes: model.episodesOfPupil, actions: model.actionsOfPupil) {
            let t = d.template
            // A dot never occurs in a slug, so pupil and template cannot run into each other.
            let path = "letters/\(model.pupilSlug[d.pupil]).\(t.slug).html"
            letters.append((t, d.pupil, path, d))
            pages.lettersOfPupil[d.pupil, default: []].append((t.title, path))
        }
        pages.letterCount = letters.count
        let letterList = letters
        let letterCount = ProgressCounter(total: letterList.count, phase: "writing letters", progress: options.progress)
        try parallelWrite(letterList.count) { i in
            defer { letterCount.add() }
            let l = letterList[i]
            let s = model.stats[l.pupil], p = reg.pupils[l.pupil]
            let ctx: [String: Any] = [
                "root": "../", "school": reg.config.schoolName, "urn": reg.config.urn ?? "", "dateText": reg.calendar.asOf.display,
                "title": Markdown.plainText(l.template.title), "name": p.name, "className": p.className,
                "body": Markdown.html(l.template.fill(Letters.values(s, in: reg, due: l.due).merging(variables) { mine, _ in mine }), topHeading: 2),
            ]
            try out.write("intranet/" + l.path, theme.render("intranet/letter", ctx))
        }
        try out.write("intranet/letters/index.html", pages.lettersIndex(letters, templates: letterTemplates))
        steps.start("render intranet")
        tell("rendering the overview, year and class pages")

        // Pages are jobs run on all cores. The lists of the whole school (each up to tens of MB
        // at a trust's scale) are one job, made one after another, so that two of them are
        // never in memory at once; the year, insight and class pages run beside it. Every job
        // writes its own paths, so the files are the same whatever the order they finish in.
        let renderer = pages.sharingBase()
        var jobs: [@Sendable () throws -> Void] = [{
            try out.write("intranet/index.html", renderer.overview())
            try renderer.casesPages { path, html in try out.write("intranet/" + path, html) }
            try out.write("intranet/fix-list.html", renderer.fixList())
            try out.write("intranet/fix-list.csv", CheckReport.csv(model.findings, register: reg))
            let episodes = model.listedEpisodes
            try out.write("intranet/returns.html", renderer.returnsPage(episodes))
            try out.write("intranet/returns.csv", ReturnsReport.csv(reg, episodes: episodes))
            try out.write("intranet/pupils.html", renderer.pupilsPage())
            try out.write("intranet/assets/pupil-index.js", renderer.pupilIndexScript())
        }]
        jobs += model.years.map { g in
            { try out.write("intranet/" + model.yearPath(g.name), renderer.yearPage(g)) }
        }
        if let a = amendments { jobs.append { try out.write("intranet/amendments.html", renderer.amendmentsPage(a)) } }
        jobs += renderer.insightPageJobs(out)
        jobs.append {
            for (name, text) in theme.assets.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("parents") {
                try out.write("intranet/assets/" + name, text)
            }
        }
        jobs += model.classes.map { g in
            { try out.write("intranet/" + model.classPath(g.name), renderer.classPage(g)) }
        }
        let intranetJobs = jobs
        try parallelWrite(intranetJobs.count) { try intranetJobs[$0]() }
        steps.start("render pupils")
        let pupilCount = ProgressCounter(total: reg.pupils.count, phase: "rendering pupil pages", progress: options.progress)
        try parallelWrite(reg.pupils.count) {
            try out.write("intranet/" + model.pupilPath($0), bytes: renderer.pupilPageBytes($0))
            pupilCount.add()
        }
        return letters.count
    }
}

/// Runs `body` for 0..<n on all cores; the first error thrown is rethrown.
func parallelWrite(_ n: Int, _ body: @Sendable (Int) throws -> Void) throws {
    let errors = parallelMap(n) { i -> [Diagnostic]? in
        do { try body(i); return nil }
        catch let e as InputError { return e.diagnostics }
        catch { return [Diagnostic(path: "site", "\(error)")] }
    }
    if let e = errors.first(where: { $0 != nil }) { throw InputError(e!) }
}

/// Where a build writes its files: the output folder (`SiteOutput`), or a school's part of a
/// trust's output (`PrefixedSink`).
public protocol SiteSink: Sendable {
    /// Writes one file (path relative to the site). Safe to call from several threads.
    func write(_ path: String, _ bytes: [UInt8]) throws
    func write(_ path: String, _ text: String) throws
    /// Whether a file was written at this path.
    func contains(_ path: String) -> Bool
}

extension SiteOutput: SiteSink {}
