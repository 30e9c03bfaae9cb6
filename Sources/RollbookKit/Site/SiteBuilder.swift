#if canImport(Glibc)
import Glibc
#endif

/// `rollbook build`: the named steps from register to site, each timed.
///
///   read → check → analyse → theme → render intranet → letters → render parents →
///   privacy check → write (temporary folder, then an atomic swap)
public struct SiteBuilder {
    public struct Options: Sendable {
        public var directory: String
        public var asOf: Day?
        public var output: String?
        public var today: Day
        /// Replace pupils' names with stable pseudonyms and drop UPNs (for demos and agencies).
        public var pseudonymise: Bool
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
        public var seconds: Double { steps.reduce(0) { $0 + $1.seconds } }
    }

    public let options: Options
    public init(_ options: Options) { self.options = options }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs the pipeline. Throws `InputError` (every problem found) and leaves any previous
    /// site untouched on failure.
    public func run() throws -> Report {
        var report = Report()
        var clock = SiteBuilder.now()
        func step(_ name: String) {
            let t = SiteBuilder.now()
            report.steps.append((name, t - clock))
            clock = t
        }
        let dir = options.directory
        let output = options.output ?? (dir + "/site")
        // Nothing changed since the last build? Then there is nothing to do.
        let config = try ProjectLoader.loadConfig(directory: dir)
        let asOf = ProjectLoader.resolveAsOf(options.asOf, config: config, today: options.today)
        let digest = BuildManifest.digest(directory: dir, config: config, asOf: asOf, pseudonymise: options.pseudonymise)
        if let bytes = readFileBytes(output + "/" + BuildManifest.fileName),
           let previous = BuildManifest(text: String(decoding: bytes, as: UTF8.self)),
           previous.digest == digest, previous.isIntact(in: output) {
            step("up to date")
            report.pages = previous.pages
            report.files = previous.files.count + 1
            report.unchanged = report.files
            report.output = output
            report.upToDate = true
            return report
        }
        step("digest")
        let loaded = try ProjectLoader.load(directory: dir, asOf: asOf, today: options.today)
        // The privacy check always looks for the real names, even in a pseudonymised build.
        let realPupils = loaded.pupils
        let reg = options.pseudonymise ? loaded.pseudonymised() : loaded
        report.warnings = reg.warnings
        step("read")
        let findings = Checker.check(reg)
        report.findings = findings.count
        step("check")
        let model = SiteModel(register: reg, findings: findings)
        step("analyse")
        var sources = SourceFiles()
        try sources.overlay(directory: dir, top: "Themes")
        try sources.overlay(directory: dir, top: "Content")
        let theme = try Theme(name: reg.config.theme, sources: sources)
        var problems: [Diagnostic] = []
        var letterTemplates: [LetterTemplate] = []
        for (path, text) in sources.under("Content/letters") where path.hasSuffix(".md") {
            do { letterTemplates.append(try LetterTemplate.parse(text, path: path)) } catch let e as InputError { problems += e.diagnostics }
        }
        var campaigns: [CampaignPage] = []
        do { campaigns = try ParentsSite.load(sources) } catch let e as InputError { problems += e.diagnostics }
        if !problems.isEmpty { throw InputError(problems) }
        letterTemplates.sort { ($0.order, $0.slug) < ($1.order, $1.slug) }
        step("theme")

        var files: [(path: String, bytes: [UInt8])] = []
        func add(_ path: String, _ text: String) { files.append((path, Array(text.utf8))) }
        var pages = IntranetPages(model: model, theme: theme, tables: RegisterTables(reg, gridSessions: 20))

        // Letters first: pupil pages and the overview link to them.
        var letters: [(template: LetterTemplate, pupil: Int, path: String)] = []
        for s in model.stats {
            for t in letterTemplates where Letters.fires(t.trigger, s, in: reg) {
                let path = "letters/\(model.pupilSlug[s.pupil])-\(t.slug).html"
                letters.append((t, s.pupil, path))
                pages.lettersOfPupil[s.pupil, default: []].append((t.title, path))
            }
        }
        pages.letterCount = letters.count
        let letterList = letters
        let letterPages = parallelMap(letterList.count) { i -> String in
            let l = letterList[i]
            let s = model.stats[l.pupil], p = reg.pupils[l.pupil]
            let ctx: [String: Any] = [
                "root": "../", "school": reg.config.schoolName, "urn": reg.config.urn ?? "", "dateText": reg.calendar.asOf.display,
                "title": Markdown.plainText(l.template.title), "name": p.name, "className": p.className,
                "body": Markdown.html(l.template.fill(Letters.values(s, in: reg)), headingShift: 1),
            ]
            return theme.render("intranet/letter", ctx)
        }
        for (l, html) in zip(letterList, letterPages) { add("intranet/" + l.path, html) }
        var lctx = pages.base("../", current: "letters/index.html")
        lctx["count"] = Format.thousands(letters.count); lctx["oneLetter"] = letters.count == 1
        var anchors = SlugTable()
        lctx["groups"] = letterTemplates.compactMap { t -> [String: Any]? in
            let mine = letters.filter { $0.template.path == t.path }
            guard !mine.isEmpty else { return nil }
            return ["anchor": "l-" + anchors.claim(t.slug), "title": Markdown.plainText(t.title), "count": String(mine.count),
                    "description": t.trigger.description,
                    "letters": mine.map { l -> [String: Any] in
                        let p = reg.pupils[l.pupil]
                        return ["href": "../" + l.path, "name": "\(p.surname), \(p.forename)", "className": p.className]
                    }.sorted { ($0["name"] as! String) < ($1["name"] as! String) }]
        }
        add("intranet/letters/index.html", theme.render("intranet/letters", lctx))
        report.letters = letters.count
        step("letters")

        add("intranet/index.html", pages.overview())
        add("intranet/cases.html", pages.casesPage())
        add("intranet/fix-list.html", pages.fixList())
        add("intranet/fix-list.csv", CheckReport.csv(findings, register: reg))
        add("intranet/pupils.html", pages.pupilsPage())
        add("intranet/assets/pupil-index.js", pages.pupilIndexScript())
        for g in model.years { add("intranet/" + model.yearPath(g.name), pages.yearPage(g)) }
        let renderer = pages
        let classPages = parallelMap(model.classes.count) { renderer.classPage(model.classes[$0]) }
        for (g, html) in zip(model.classes, classPages) { add("intranet/" + model.classPath(g.name), html) }
        let pupilPages = parallelMap(reg.pupils.count) { renderer.pupilPage($0) }
        for (p, html) in pupilPages.enumerated() { add("intranet/" + model.pupilPath(p), html) }
        for (name, text) in theme.assets.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("parents") {
            add("intranet/assets/" + name, text)
        }
        step("render intranet")

        let parents = ParentsSite(theme: theme, schoolName: reg.config.schoolName, pages: campaigns)
        var parentFiles: [(path: String, text: String)] = []
        for (path, html) in parents.render() { parentFiles.append(("parents/" + path, html)) }
        if let css = theme.assets["parents.css"] { parentFiles.append(("parents/assets/parents.css", css)) }
        for f in parentFiles { add(f.path, f.text) }
        step("render parents")

        let leaks = PrivacyCheck.scan(files: parentFiles, pupils: realPupils + (options.pseudonymise ? reg.pupils : []))
        if !leaks.isEmpty {
            throw InputError(leaks.map { Diagnostic(path: "site/" + $0.file, line: $0.line, $0.message) })
        }
        step("privacy check")

        let pageCount = files.filter { $0.path.hasSuffix(".html") }.count
        let manifest = BuildManifest(digest: digest, files: files.map { ($0.path, $0.bytes.count) }.sorted { $0.0 < $1.0 }, pages: pageCount)
        files.append((BuildManifest.fileName, Array(manifest.text.utf8)))
        let w = try SiteWriter(output: output).write(files)
        report.files = files.count
        report.pages = pageCount
        report.written = w.written
        report.unchanged = w.unchanged
        report.output = output
        step("write")
        return report
    }
}
