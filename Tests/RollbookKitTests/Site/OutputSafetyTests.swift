import Foundation
import RollbookTestSupport
import Testing
@testable import RollbookKit
@testable import rollbook

/// Spec section 8, "the output folder is the user's": `rollbook build` never destroys a folder it
/// did not write, keeps the files it did not write, never leaves pupil pages where no build can
/// remove them, and names no pupil outside `intranet/`; `rollbook sample` never overwrites.
@Suite("The output folder is the user's", .serialized)
struct OutputSafetyTests {
    /// Runs the built `rollbook` executable (exit statuses and crashes are what matter here).
    func rollbook(_ arguments: [String], in directory: String) throws -> RollbookBinary.Result {
        try RollbookBinary.run(arguments, in: directory)
    }

    static let today = Day(parsing: "2026-01-01")!

    func build(_ p: SiteTestProject, output: String? = nil, asOf: String? = nil) -> Commands.Output {
        Commands.build(directory: p.dir, asOf: asOf.flatMap(Day.init(parsing:)), output: output, verbose: false, today: Self.today)
    }

    /// Every file and folder under `root` with its bytes (folders as nil), to prove nothing moved.
    func snapshot(_ root: String) -> [String: [UInt8]?] {
        var out: [String: [UInt8]?] = [:]
        SiteOutput.walk(root) { rel, st in out[rel] = (st.st_mode & S_IFMT) == S_IFDIR ? nil : readFileBytes(root + "/" + rel) }
        return out
    }

    func leftovers(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".rollbook-") || $0.hasSuffix(".rollbook.lock") }
    }

    // MARK: item 1: where a build may write

    @Test func dotDotDotAndTheProjectItselfAreRefusedWithoutACrash() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let before = snapshot(p.dir)
        for output in [".", "./", "..", "../", "./.", p.dir, p.dir + "/", p.dir + "//Data/..", "/"] {
            let r = try rollbook(["build", ".", "--output", output], in: p.dir)
            #expect(r.status == 2, "--output \(output): exit \(r.status)")
            #expect(r.stderr.contains("refusing to build here"), "--output \(output): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "one line for --output \(output)")
        }
        #expect(snapshot(p.dir) == before, "the project folder was changed")
        // From inside the project's Data folder, `..` is the project too.
        let r = try rollbook(["build", "..", "--output", ".."], in: p.dir + "/Data")
        #expect(r.status == 2 && r.stderr.contains("project folder"))
        #expect(snapshot(p.dir) == before)
    }

    @Test func anInputOrAFolderHoldingOneIsRefused() throws {
        let p = try SiteTestProject(files: [
            "Content/campaigns/a.md": "---\ntitle: A\n---\nHi.\n",
            "Themes/mine/assets/x.css": "body{}",
        ], yaml: SiteTestProject.yaml + "\nprevious: ../exports/2026-03-20\n")
        defer { p.remove() }
        let exports = (p.dir as NSString).deletingLastPathComponent + "/exports"
        try makeDirectory(exports + "/2026-03-20/Data")
        defer { try? FileManager.default.removeItem(atPath: exports) }
        let before = snapshot(p.dir)
        let cases: [(String, String)] = [
            ("Data", "holds Data/pupils.csv"), ("Data/marks.csv", "it is Data/marks.csv"), ("rollbook.yml", "it is rollbook.yml"),
            ("Content", "it is Content"), ("Content/campaigns", "inside Content"), ("Themes/mine/out", "inside Themes"),
            (exports + "/2026-03-20", "it is ../exports/2026-03-20"), (exports + "/2026-03-20/site", "inside ../exports/2026-03-20"),
            (exports, "holds ../exports/2026-03-20"),
        ]
        for (output, why) in cases {
            let full = output.hasPrefix("/") ? output : p.dir + "/" + output
            let r = build(p, output: full)
            #expect(r.status == 2, "--output \(output)")
            #expect(r.stderr.contains(why), "--output \(output): \(r.stderr)")
        }
        #expect(snapshot(p.dir) == before)
    }

    @Test func aFolderOfSomeoneElsesOrAFileIsRefusedAnEmptyOrNewOneIsFine() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let docs = p.dir + "/../rollbook-docs-\(UUID().uuidString)"
        try makeDirectory(docs + "/letters")
        try writeFile(docs + "/letters/to-the-head.txt", "Dear Head,")
        try writeFile(docs + "/.hidden", "x")
        defer { try? FileManager.default.removeItem(atPath: docs) }
        let docsBefore = snapshot(docs)
        var r = build(p, output: docs)
        #expect(r.status == 2 && r.stderr.contains("Rollbook did not write"), "\(r.stderr)")
        #expect(snapshot(docs) == docsBefore)
        // Only a dotfile in it: still somebody's.
        try FileManager.default.removeItem(atPath: docs + "/letters")
        r = build(p, output: docs)
        #expect(r.status == 2)
        #expect(readFileBytes(docs + "/.hidden") == Array("x".utf8))
        // A file.
        try writeFile(p.dir + "/notes.txt", "mine")
        r = build(p, output: p.dir + "/notes.txt")
        #expect(r.status == 2 && r.stderr.contains("is a file"))
        #expect(p.read("notes.txt", in: p.dir) == "mine")
        // An empty folder, a missing one (parents made), and the default.
        try makeDirectory(p.dir + "/empty")
        #expect(build(p, output: p.dir + "/empty").status == 0)
        #expect(p.exists("intranet/index.html", in: p.dir + "/empty"))
        #expect(build(p, output: p.dir + "/new/deeper/site").status == 0)
        #expect(p.exists("intranet/index.html", in: p.dir + "/new/deeper/site"))
        #expect(build(p).status == 0)
        // A folder Rollbook wrote is rebuilt (here into another date).
        #expect(build(p, output: p.dir + "/empty", asOf: "2025-09-10").status == 0)
        #expect(leftovers(p.dir).isEmpty)
    }

    @Test func aSiteOfAnOlderVersionIsRecognisedAndItsRootManifestGoes() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try makeDirectory(p.site + "/intranet")
        try writeFile(p.site + "/intranet/index.html", "old")
        try writeFile(p.site + "/.rollbook-manifest", "rollbook-site-5 0123456789abcdef 1\n3 intranet/index.html\n")
        #expect(build(p).status == 0)
        #expect(!p.exists(".rollbook-manifest"))
        #expect(p.read("intranet/index.html").contains("<html"))
    }

    // MARK: item 2: sample never overwrites

    @Test func sampleRefusesAProjectOrAnyFile() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let before = snapshot(p.dir)
        var r = Commands.sample(outdir: p.dir, pupils: 20, seed: 1, from: nil, to: nil)
        #expect(r.status == 2 && r.stderr.contains("already holds a Rollbook project"))
        #expect(snapshot(p.dir) == before, "the school's project was overwritten")
        let other = p.dir + "/other"
        try makeDirectory(other)
        try writeFile(other + "/marks-export.csv", "precious")
        r = Commands.sample(outdir: other, pupils: 20, seed: 1, from: nil, to: nil)
        #expect(r.status == 2 && r.stderr.contains("not empty"))
        #expect(p.read("marks-export.csv", in: other) == "precious")
        #expect(!p.exists("rollbook.yml", in: other))
        r = Commands.sample(outdir: other + "/marks-export.csv", pupils: 20, seed: 1, from: nil, to: nil)
        #expect(r.status == 2)
        try makeDirectory(p.dir + "/empty")
        #expect(Commands.sample(outdir: p.dir + "/empty", pupils: 20, seed: 1, from: nil, to: nil).status == 0)
        #expect(Commands.sample(outdir: p.dir + "/new/school", pupils: 20, seed: 1, from: nil, to: nil).status == 0)
        // The command line says the same, with exit status 2.
        let cli = try rollbook(["sample", "."], in: p.dir)
        #expect(cli.status == 2 && cli.stderr.contains("already holds"))
        #expect(snapshot(p.dir).filter { !$0.key.hasPrefix("empty") && !$0.key.hasPrefix("new") && !$0.key.hasPrefix("other") } == before)
    }

    // MARK: item 3: files Rollbook did not write are kept

    @Test func filesRollbookDidNotWriteSurviveEveryKindOfBuild() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        try writeFile(p.site + "/intranet/.htaccess", "Require all denied\n")
        _ = chmod(p.site + "/intranet/.htaccess", 0o444)
        try writeFile(p.site + "/web.config", "<configuration/>\n")
        try makeDirectory(p.site + "/intranet/private")
        try writeFile(p.site + "/intranet/private/notes.txt", "staff only")
        try makeDirectory(p.site + "/parents/uploads")
        _ = chmod(p.site + "/intranet", 0o750)
        func userFilesAreThere(_ when: String) {
            #expect(p.read("intranet/.htaccess") == "Require all denied\n", "\(when): .htaccess")
            #expect(p.read("web.config") == "<configuration/>\n", "\(when): web.config")
            #expect(p.read("intranet/private/notes.txt") == "staff only", "\(when): notes")
            var st = stat()
            #expect(stat(p.site + "/parents/uploads", &st) == 0, "\(when): empty folder")
            #expect(stat(p.site + "/intranet", &st) == 0 && st.st_mode & 0o777 == 0o750, "\(when): intranet/ mode")
            #expect(stat(p.site + "/intranet/.htaccess", &st) == 0 && st.st_mode & 0o777 == 0o444, "\(when): .htaccess mode")
        }
        var r = build(p)
        #expect(r.status == 0 && r.stdout.hasPrefix("Up to date"))
        userFilesAreThere("up to date")
        // A full rebuild into another date, and one where a pupil left the roll.
        r = build(p, asOf: "2025-09-10")
        #expect(r.status == 0 && r.stdout.hasPrefix("Built"))
        userFilesAreThere("rebuilt")
        try writeFile(p.dir + "/Data/pupils.csv", SiteTestProject.pupils.split(separator: "\n").filter { !$0.hasPrefix("P3,") }.joined(separator: "\n") + "\n")
        #expect(build(p).status == 0)
        userFilesAreThere("roll changed")
        // Rollbook's own files that are no longer made do go.
        #expect(!p.exists("intranet/pupils/P3.html"))
        #expect(leftovers(p.dir).isEmpty)
    }

    @Test func aFileOfTheUsersWhereTheBuildWantsToWriteStopsTheBuild() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        try writeFile(p.site + "/intranet/pupils/P9.html", "my own page")
        let before = snapshot(p.site)
        try writeFile(p.dir + "/Data/pupils.csv", SiteTestProject.pupils + "\nP9,A999999999999,New,Pupil,7A,7,,\n")
        let r = build(p)
        #expect(r.status == 2 && r.stderr.contains("intranet/pupils/P9.html") && r.stderr.contains("not written by Rollbook"), "\(r.stderr)")
        #expect(snapshot(p.site) == before)
        #expect(leftovers(p.dir).isEmpty)
    }

    @Test func theThemesStaticFolderIsCopiedAsItIsDotfilesIncluded() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0xFE, 0x0A]
        let p = try SiteTestProject(files: [
            "Themes/default/static/intranet/.htaccess": "Require all denied\n",
            "Themes/default/static/parents/robots.txt": "User-agent: *\n",
            "Themes/default/static/parents/tpl.mustache": "{{not a template}}",
        ])
        defer { p.remove() }
        try makeDirectory(p.dir + "/Themes/default/static/parents/img")
        try writeFile(p.dir + "/Themes/default/static/parents/img/logo.png", png)
        #expect(build(p).status == 0)
        #expect(p.read("intranet/.htaccess") == "Require all denied\n")
        #expect(p.read("parents/robots.txt") == "User-agent: *\n")
        #expect(p.read("parents/tpl.mustache") == "{{not a template}}")
        #expect(readFileBytes(p.site + "/parents/img/logo.png") == png)
        // They are Rollbook's files now: removed from the theme, they leave the site.
        try FileManager.default.removeItem(atPath: p.dir + "/Themes/default/static/parents/robots.txt")
        #expect(build(p).status == 0)
        #expect(!p.exists("parents/robots.txt"))
        #expect(p.exists("intranet/.htaccess"))
        // Nothing outside the two trees, no page replaced, no pupil named in parents/.
        try writeFile(p.dir + "/Themes/default/static/robots.txt", "x")
        var r = build(p)
        #expect(r.status == 2 && r.stderr.contains("Themes/default/static/robots.txt") && r.stderr.contains("static/intranet/ or static/parents/"))
        try FileManager.default.removeItem(atPath: p.dir + "/Themes/default/static/robots.txt")
        try writeFile(p.dir + "/Themes/default/static/intranet/index.html", "x")
        r = build(p)
        #expect(r.status == 2 && r.stderr.contains("would replace intranet/index.html"))
        try FileManager.default.removeItem(atPath: p.dir + "/Themes/default/static/intranet/index.html")
        try writeFile(p.dir + "/Themes/default/static/intranet/.rollbook-manifest", "x")
        r = build(p)
        #expect(r.status == 2 && r.stderr.contains("would replace intranet/.rollbook-manifest"))
        try FileManager.default.removeItem(atPath: p.dir + "/Themes/default/static/intranet/.rollbook-manifest")
        try writeFile(p.dir + "/Themes/default/static/parents/thanks.txt", "Well done Kai Nowak!\n")
        r = build(p)
        #expect(r.status == 2 && r.stderr.contains("Themes/default/static/parents/thanks.txt:1"), "\(r.stderr)")
        #expect(!p.exists("parents/thanks.txt"))
    }

    // MARK: item 4: the temporary tree and its leftovers

    @Test func anIncompleteTemporaryTreeIsNeverSwappedIn() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        let before = snapshot(p.site)
        let out = try SiteOutput(output: p.site)
        try out.write("intranet/index.html", "new")
        try out.write("intranet/a.html", "a")
        // Another process removes part of the temporary tree behind the build's back.
        unlink(out.temp + "/intranet/a.html")
        #expect(throws: InputError.self) { try out.commit() }
        out.discard()
        #expect(snapshot(p.site) == before)
        #expect(leftovers(p.dir).isEmpty)
    }

    @Test func leftoversAreSweptOnlyOnceTheirOwnerIsGone() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        // A running build's folder (its flock held) and a dead one's, read-only inside.
        let alive = p.dir + "/.site.rollbook-4000001", dead = p.dir + "/.site.rollbook-4000002"
        try makeDirectory(alive + "/intranet")
        try makeDirectory(dead + "/intranet/pupils")
        try writeFile(dead + "/intranet/pupils/P1.html", "Amelia Jones")
        _ = chmod(dead + "/intranet/pupils", 0o555)
        _ = chmod(dead + "/intranet", 0o555)
        let fd = open(alive, O_RDONLY | O_DIRECTORY)
        #expect(flock(fd, LOCK_EX) == 0)
        // Even a build that finds the site up to date sweeps.
        let r = build(p)
        #expect(r.status == 0 && r.stdout.hasPrefix("Up to date"))
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive), "a running build's folder was deleted")
        close(fd)
        #expect(build(p).status == 0)
        #expect(leftovers(p.dir).isEmpty)
    }

    @Test func aSecondBuildRefusesWhileTheOutputIsLocked() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        let before = snapshot(p.site)
        let lock = try SiteLock(output: OutputFolder.realPath(p.site))
        let r = build(p, asOf: "2025-09-10")
        #expect(r.status == 2 && r.stderr.contains("another build (process \(getpid())) is writing this site"), "\(r.stderr)")
        #expect(snapshot(p.site) == before)
        lock.release()
        #expect(build(p, asOf: "2025-09-10").status == 0)
        #expect(leftovers(p.dir).isEmpty)
    }

    // MARK: item 5: read-only sites and links to a web root

    @Test func aReadOnlySiteIsRefusedAndLeftWhole() throws {
        let p = try SiteTestProject()
        defer { _ = chmodTree(p.site, writable: true); p.remove() }
        #expect(build(p).status == 0)
        chmodTree(p.site, writable: false)
        let before = snapshot(p.site)
        let r = build(p, asOf: "2025-09-10")
        #expect(r.status == 2 && r.stderr.contains("read-only"), "\(r.stderr)")
        #expect(snapshot(p.site) == before)
        #expect(leftovers(p.dir).isEmpty, "a copy of the site was left behind: \(leftovers(p.dir))")
        chmodTree(p.site, writable: true)
        #expect(build(p, asOf: "2025-09-10").status == 0)
        #expect(leftovers(p.dir).isEmpty)
    }

    @discardableResult
    func chmodTree(_ root: String, writable: Bool) -> Bool {
        var dirs = [root]
        SiteOutput.walk(root) { rel, st in if (st.st_mode & S_IFMT) == S_IFDIR { dirs.append(root + "/" + rel) } }
        for d in writable ? dirs : dirs.reversed() { _ = chmod(d, writable ? 0o755 : 0o555) }
        return true
    }

    @Test func anOutputThatIsALinkIsBuiltBesideItsTarget() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let www = p.dir + "/www"
        try makeDirectory(www + "/school")
        #expect(symlink("www/school", p.site) == 0)
        #expect(build(p).status == 0)
        func linkIsIntact() {
            var st = stat()
            #expect(lstat(p.site, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK, "site/ is no longer a link")
            #expect(OutputFolder.realPath(p.site) == OutputFolder.realPath(www + "/school"))
        }
        linkIsIntact()
        #expect(p.exists("intranet/index.html", in: www + "/school"))
        #expect(build(p, asOf: "2025-09-10").status == 0)
        linkIsIntact()
        #expect(build(p, output: p.dir + "/check", asOf: "2025-09-10").status == 0)
        #expect(p.tree(www + "/school") == p.tree(p.dir + "/check"), "the link's target is not the new site")
        #expect(leftovers(www).isEmpty && leftovers(p.dir).isEmpty)
        // A link to a folder that does not exist yet: made there, the link kept.
        let other = p.dir + "/site2"
        #expect(symlink("www/next", other) == 0)
        #expect(build(p, output: other).status == 0)
        #expect(p.exists("intranet/index.html", in: www + "/next"))
        // A link into an input is refused like the input itself.
        #expect(symlink("Data", p.dir + "/site3") == 0)
        #expect(build(p, output: p.dir + "/site3").status == 2)
    }

    // MARK: item 8: nothing outside intranet/ names a pupil

    @Test func nothingOutsideTheIntranetNamesAPupil() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        #expect(!p.exists(".rollbook-manifest"))
        #expect(p.read(".rollbook-site").hasPrefix(BuildManifest.formatVersion + "\n"))
        let manifest = p.read("intranet/.rollbook-manifest")
        #expect(manifest.contains("intranet/pupils/P3.html"))
        for (path, bytes) in p.tree(p.site) where !path.hasPrefix("intranet/") {
            let text = String(decoding: bytes, as: UTF8.self)
            for needle in ["P1", "P3", "Amelia", "Nowak", "Jones", "A111111111111", "pupils/"] {
                #expect(!text.contains(needle), "\(path) names a pupil (\(needle))")
            }
        }
        // The only file outside the two trees is the mark.
        #expect(p.tree(p.site).keys.filter { !$0.hasPrefix("intranet/") && !$0.hasPrefix("parents/") } == [OutputFolder.markName])
    }

    @Test func realPathsFollowLinksDotsAndMissingParts() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let real = OutputFolder.realPath(p.dir)
        #expect(OutputFolder.realPath(p.dir + "/./Data/../x/y/") == real + "/x/y")
        #expect(OutputFolder.realPath("..", base: p.dir + "/Data") == real)
        #expect(OutputFolder.realPath("/") == "/" && OutputFolder.realPath("/..") == "/")
        #expect(symlink(p.dir + "/Data", p.dir + "/d") == 0)
        #expect(OutputFolder.realPath(p.dir + "/d/../rollbook.yml") == real + "/rollbook.yml")
        #expect(symlink("loop", p.dir + "/loop") == 0)
        _ = OutputFolder.realPath(p.dir + "/loop/x")   // terminates
    }
}
