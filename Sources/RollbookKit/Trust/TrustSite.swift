#if canImport(Glibc)
import Glibc
#endif

/// `rollbook build` on a trust folder (spec section 10):
///
///   site/intranet/index.html           the trust overview: schools side by side, sortable
///   site/intranet/pupils.html          every pupil of the trust, with the finder's index
///   site/intranet/<school>/...         each school's own intranet, as a single-school build
///   site/parents/index.html            the schools' parents' pages, listed
///   site/parents/<school>/...          each school's parents' pages
///
/// Schools are built on all cores, one school per worker at a time, into one temporary tree
/// that replaces the old site atomically. A school that cannot be read is reported (on the
/// overview too) and left out; the others are built; the exit status is 2.
public struct TrustSiteBuilder {
    public let options: SiteBuilder.Options
    public init(_ options: SiteBuilder.Options) { self.options = options }

    /// What the overview shows of one school.
    public struct SchoolSummary: Sendable {
        public var school: TrustSchool
        public var asOf: Day
        public var lastMark: Day?
        public var whole: GroupStats
        public var errors: Int
        public var warnings: Int
        public var cases: Int
        public var letters: Int
        public var national: NationalFigures
        public var pupils: [PupilEntry]
    }

    /// A pupil as the trust's pupil list and finder show them.
    public struct PupilEntry: Sendable {
        var sortKey, name, surname, forename, upn, className, yearGroup, path: String
        var attendance: Double?
    }

    /// A single school's report (pages, files, findings, letters … for the whole trust) and
    /// the schools: `report.pages` is `report.site.pages`.
    @dynamicMemberLookup
    public struct Report: Sendable {
        public var site = SiteBuilder.Report()
        public var schools = 0
        public var built = 0
        /// Problems that kept schools out of the site (exit status 2).
        public var problems: [Diagnostic] = []

        public subscript<T>(dynamicMember key: WritableKeyPath<SiteBuilder.Report, T>) -> T {
            get { site[keyPath: key] }
            set { site[keyPath: key] = newValue }
        }
        public subscript<T>(dynamicMember key: KeyPath<SiteBuilder.Report, T>) -> T { site[keyPath: key] }
    }

    /// Builds the site. Throws `InputError` only when trust.yml cannot be read or the output
    /// cannot be written; a school's own problems are in `Report.problems`.
    public func run() throws -> Report {
        let start = SiteBuilder.now()
        var report = Report()
        let trust = try OpenTrust.open(directory: options.directory)
        let requested = options.output ?? (options.directory + "/site")
        report.output = requested
        let output = try TrustSiteBuilder.checkOutput(requested, trust: trust)
        let siteLock = try SiteLock(output: output)
        defer { siteLock.release() }
        try SiteOutput.sweep(output)
        report.schools = trust.config.schools.count + trust.config.problems.count
        report.warnings = trust.warnings
        report.problems = trust.problems

        // Nothing changed in any school since the last build? Then there is nothing to do.
        // The projects each school's rollbook.yml names (`previous:`, `compare_with:`), read once.
        let linked = trust.schools.map { LinkedProjects(config: $0.config, directory: $0.entry.path) }
        let digest = self.digest(trust, linked: linked)
        if trust.problems.isEmpty, let previous = BuildManifest.upToDate(output, digest: digest) {
            report.site.upToDate(previous)
            report.built = trust.schools.count
            report.steps = [("up to date", SiteBuilder.now() - start)]
            return report
        }

        var sources = SourceFiles()
        try sources.overlay(directory: options.directory, top: "Themes")
        let theme = try Theme(name: "default", sources: sources)

        let out = try SiteOutput(output: output)
        // A build with a school left out is not "up to date" next time: it must try again.
        let manifest = try out.writing {
            let opts = options
            let outcomes = TrustRunner.map(trust.schools.count) { i -> (summary: SchoolSummary?, problems: [Diagnostic], warnings: [Diagnostic]) in
                let s = trust.schools[i]
                let builder = SiteBuilder(.init(directory: s.entry.path, asOf: opts.asOf, output: nil, today: opts.today, pseudonymise: opts.pseudonymise))
                do {
                    let asOf = ProjectLoader.resolveAsOf(opts.asOf, config: s.config, today: opts.today)
                    let prepared = try builder.prepare(asOf: asOf, config: s.config, linked: linked[i])
                    let letters = try builder.writeSite(builder.files(PrefixedSink(out, slug: s.entry.slug), prepared), prepared)
                    return (TrustSiteBuilder.summary(s, prepared.model, letters: letters), [], prepared.warnings.map(s.relative))
                } catch let e as InputError {
                    return (nil, e.diagnostics.map(s.relative), [])
                } catch {
                    return (nil, [s.relative(Diagnostic(path: "site", "\(error)"))], [])
                }
            }
            var summaries: [SchoolSummary] = []
            var failed: [(TrustSchool, [Diagnostic])] = []
            for (s, o) in zip(trust.schools, outcomes) {
                report.problems += o.problems
                report.warnings += o.warnings
                if let sum = o.summary { summaries.append(sum) } else { failed.append((s, o.problems)) }
            }
            report.built = summaries.count
            report.findings = summaries.reduce(0) { $0 + $1.errors + $1.warnings }
            report.letters = summaries.reduce(0) { $0 + $1.letters }
            let pages = TrustPages(trust: trust, theme: theme, schools: summaries, failed: failed, configProblems: trust.problems)
            try out.write("intranet/index.html", pages.overview())
            try out.write("intranet/pupils.html", pages.pupilsPage())
            try out.write("intranet/assets/pupil-index.js", pages.pupilIndexScript())
            for (name, text) in theme.assets.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("parents") && !name.hasPrefix("letter") {
                try out.write("intranet/assets/" + name, text)
            }
            try out.write("parents/index.html", pages.parentsIndex())
            if let css = theme.assets["parents.css"] { try out.write("parents/assets/parents.css", css) }
            return report.problems.isEmpty ? digest : "incomplete"
        }
        report.pages = manifest.pages
        report.site.written(out)
        report.steps = [("build", SiteBuilder.now() - start)]
        return report
    }

    /// The output folder, refused (spec section 8) when it is the trust folder or one of its
    /// parents, or when any school would refuse it (its folder, a parent of it, an input of
    /// it), or when it is a non-empty folder Rollbook did not write. Returns its real path.
    static func checkOutput(_ requested: String, trust: OpenTrust) throws -> String {
        let out = OutputFolder.realPath(requested)
        let root = OutputFolder.realPath(trust.config.directory)
        if out == root || root.hasPrefix(out == "/" ? "/" : out + "/") {
            throw InputError([Diagnostic(path: requested, "refusing to build here: it is the trust folder or one of its parents (the site would replace trust.yml and the schools); use the default site/ or an empty folder")])
        }
        if out == root + "/" + TrustConfig.fileName {
            throw InputError([Diagnostic(path: requested, "refusing to build here: it is trust.yml")])
        }
        // Each school's own refusals (its folder, its parents, its inputs); whether the folder is
        // Rollbook's or empty is asked once, below.
        for s in trust.schools {
            do { _ = try OutputFolder.check(requested, project: s.entry.path, config: s.config) } catch let e as InputError {
                if e.diagnostics.allSatisfy({ $0.message.contains(OutputFolder.markName + " mark") || $0.message.contains("it is a file") }) { continue }
                throw e
            }
        }
        var st = stat()
        guard stat(out, &st) == 0 else { return out }
        if (st.st_mode & S_IFMT) != S_IFDIR {
            throw InputError([Diagnostic(path: requested, "refusing to build here: it is a file, not a folder")])
        }
        if !OutputFolder.isMarked(out) && !OutputFolder.isEmptyFolder(out) {
            throw InputError([Diagnostic(path: requested, "refusing to build here: it is a folder with files that Rollbook did not write (no \(OutputFolder.markName) mark); choose an empty or new folder")])
        }
        return out
    }

    /// Every input of the trust: trust.yml, the trust's own theme files, each school's digest.
    func digest(_ trust: OpenTrust, linked: [LinkedProjects]) -> String {
        var parts = [String(decoding: readFileBytes(options.directory + "/" + TrustConfig.fileName) ?? [], as: UTF8.self)]
        var sources = SourceFiles(builtIn: false)
        if (try? sources.overlay(directory: options.directory, top: "Themes")) != nil {
            for (p, t) in sources.files.sorted(by: { $0.key < $1.key }) { parts.append(p + "\n" + t) }
        }
        for (s, linked) in zip(trust.schools, linked) {
            let asOf = ProjectLoader.resolveAsOf(options.asOf, config: s.config, today: options.today)
            parts.append(s.entry.slug + " " + s.name + " " + BuildManifest.digest(directory: s.entry.path, config: s.config, linked: linked,
                                                                                 asOf: asOf, pseudonymise: options.pseudonymise))
        }
        return "trust-" + Slug.fnv1a(parts.joined(separator: "\u{0}"))
    }

    static func summary(_ s: TrustSchool, _ model: SiteModel, letters: Int) -> SchoolSummary {
        let reg = model.register
        var last = -1
        reg.codes.withUnsafeBufferPointer { codes in
            let n = reg.slotCount
            guard n > 0 else { return }
            for p in reg.pupils.indices {
                var k = n - 1
                while k > last, codes[p * n + k] == 0 { k -= 1 }
                if k > last { last = k }
            }
        }
        let errors = model.findings.filter { $0.severity == .error }.count
        let prefix = s.entry.slug + "/"
        let pupils = reg.pupils.indices.map { i -> PupilEntry in
            let p = reg.pupils[i]
            return PupilEntry(sortKey: p.surname.lowercased() + "\u{0}" + p.forename.lowercased() + "\u{0}" + s.name + "\u{0}" + p.id,
                              name: p.name, surname: p.surname, forename: p.forename, upn: p.upn, className: p.className,
                              yearGroup: p.yearGroup, path: prefix + model.pupilPath(i), attendance: model.stats[i].counts.attendancePct)
        }
        return SchoolSummary(school: s, asOf: reg.calendar.asOf, lastMark: last >= 0 ? reg.calendar.slotDay[last] : nil,
                             whole: model.school, errors: errors, warnings: model.findings.count - errors, cases: model.cases.count,
                             letters: letters, national: reg.config.national, pupils: pupils)
    }
}

/// A school's part of the trust's output: `intranet/x` goes to `intranet/<slug>/x`,
/// `parents/x` to `parents/<slug>/x`.
struct PrefixedSink: SiteSink {
    let base: SiteOutput
    let slug: String
    init(_ base: SiteOutput, slug: String) { self.base = base; self.slug = slug }

    func map(_ path: String) -> String {
        for top in ["intranet/", "parents/"] where path.hasPrefix(top) {
            return top + slug + "/" + path.dropFirst(top.count)
        }
        return "intranet/" + slug + "/" + path
    }

    func write(_ path: String, _ bytes: [UInt8]) throws { try base.write(map(path), bytes) }
    func write(_ path: String, _ text: String) throws { try base.write(map(path), text) }
    func contains(_ path: String) -> Bool { base.contains(map(path)) }
}
