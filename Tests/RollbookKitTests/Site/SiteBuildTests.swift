import Foundation
import Testing
@testable import RollbookKit

@Suite("rollbook build: the intranet and parents' sites", .serialized)
struct SiteBuildTests {
    @Test func overviewShowsTheSchoolsFiguresAndLinksEveryClassAndPupil() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let report = try p.build()
        expectContains(p.read("intranet/index.html"), [
            "<title>Overview · Test &amp; Co Academy attendance</title>",
            "<meta name=\"robots\" content=\"noindex, nofollow\">",
            // 4 pupils × 28 sessions = 112 possible; P3 missed 8 (week 2 has 4 school days), ../etc 2.
            "<span class=\"big\">91.1%</span>",
            "102 of 112 sessions",
            "href=\"classes/7A.html\"",
            "href=\"classes/7_2FB.html\"",
            "href=\"years/7.html\"",
        ])
        let pupils = p.read("intranet/pupils.html")
        for slug in ["P1", "P2", "P3", "_2E_2E_2Fetc"] {
            #expect(pupils.contains("href=\"pupils/\(slug).html\""), "pupil \(slug) linked")
            #expect(p.exists("intranet/pupils/\(slug).html"), "pupil page \(slug) written")
        }
        #expect(report.pages == p.tree(p.site).keys.filter { $0.hasSuffix(".html") }.count)
    }

    @Test func classAndPupilPagesCarryTheirFigures() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        expectContains(p.read("intranet/pupils/P3.html"), [
            "<h1>Kai Nowak</h1>",
            "<span class=\"big\">71.4%</span>",          // 20 of 28
            "Persistent absence",
            "<td class=\"unauthorised\">O</td>",
            "<td class=\"closed\" title=\"INSET day\">–</td>",
            "href=\"../classes/7A.html\"",
        ])
        expectContains(p.read("intranet/pupils/P1.html"), ["dentist &lt;3pm&gt;", "present-despite-parent-call"])
        expectContains(p.read("intranet/classes/7A.html"), [
            "<h1>Class 7A</h1>",
            "href=\"../pupils/P3.html\">Nowak, Kai</a>",
            "<table class=\"register\">",
        ])
        expectContains(p.read("intranet/years/7.html"), [
            "<table class=\"register\"><caption>Year 7: marks for the last 20 sessions</caption>",
            "href=\"../pupils/P3.html\">Nowak, Kai</a>",
        ])
        let cases = p.read("intranet/cases.html")
        #expect(cases.contains("href=\"pupils/P3.html\">Nowak, Kai</a>"))
        #expect(!cases.contains("pupils/P1.html"))
        #expect(p.read("intranet/fix-list.html").contains("href=\"pupils/P1.html\">Amelia Jones</a>"))
        #expect(p.read("intranet/fix-list.csv").hasPrefix(CheckReport.csvHeader + "\n"))
    }

    @Test func everyPieceOfDataIsEscapedAndFileNamesStayInside() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        let tree = p.tree(p.site)
        for (path, bytes) in tree where path.hasSuffix(".html") || path.hasSuffix(".js") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("<script>alert"), "unescaped payload in \(path)")
            #expect(!text.contains("O'Brien & \""), "unescaped quote in \(path)")
        }
        let page = p.read("intranet/pupils/P2.html")
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; O&#39;Brien &amp; &quot;Sons&quot;"))
        #expect(tree.keys.allSatisfy { SiteWriter.isContained($0) && !$0.contains("..") })
        #expect(p.exists("intranet/classes/7_2FB.html"))
        #expect(p.exists("intranet/pupils/_2E_2E_2Fetc.html"))
        // The finder's data is JSON-escaped: no way out of the string or the script.
        let index = p.read("intranet/assets/pupil-index.js")
        #expect(index.contains("\\u003cscript\\u003e"))
    }

    @Test func sameInputGivesByteIdenticalSites() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build(output: p.dir + "/one")
        try p.build(output: p.dir + "/two")
        let one = p.tree(p.dir + "/one"), two = p.tree(p.dir + "/two")
        #expect(one.count > 10)
        #expect(one == two)
    }

    @Test func aRebuildWithNoChangeRewritesNothing() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        var st = stat()
        stat(p.site + "/intranet/index.html", &st)
        let inode = st.st_ino
        let again = try p.build()
        #expect(again.written == 0)
        stat(p.site + "/intranet/index.html", &st)
        #expect(st.st_ino == inode)
    }

    @Test func aRebuildFollowsEveryInputChangeAndRepairsADamagedSite() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(try p.build().upToDate == false)
        #expect(try p.build().upToDate == true)
        // A changed contact: rebuilt, and only what changed is written.
        try writeFile(p.dir + "/Data/contacts.csv", "pupil_id,date,session,kind,reason,received_at,channel\nP1,2025-09-03,AM,absence,ill,2025-09-03T08:00,phone\n")
        let changed = try p.build()
        #expect(!changed.upToDate)
        #expect(changed.written > 0 && changed.written < 10)
        #expect(p.read("intranet/pupils/P1.html").contains(">ill<"))
        // A project content file added: rebuilt.
        try makeDirectory(p.dir + "/Content/campaigns")
        try writeFile(p.dir + "/Content/campaigns/extra.md", "---\ntitle: Extra\n---\nMore.\n")
        #expect(try p.build().upToDate == false)
        #expect(p.exists("parents/extra.html"))
        // A page deleted by hand: rebuilt and restored.
        try FileManager.default.removeItem(atPath: p.site + "/intranet/cases.html")
        #expect(try p.build().upToDate == false)
        #expect(p.exists("intranet/cases.html"))
        // Another as_of: rebuilt.
        let other = try SiteBuilder(.init(directory: p.dir, asOf: Day(parsing: "2025-09-10")!, today: Day(parsing: "2026-01-01")!)).run()
        #expect(!other.upToDate)
    }

    @Test func aFailedBuildLeavesThePreviousSiteWhole() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        _ = try p.failedRebuild(after: [
            "Themes/default/intranet/cases.mustache": "{{<layouts.intranet}}{{$main}}{{#oops}}{{/main}}{{/layouts.intranet}}",
        ])
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: p.dir).filter { $0.contains("rollbook-") }
        #expect(leftovers.isEmpty)
    }

    @Test func aProjectThemeOverridesTheDefaultFileByFile() throws {
        let custom = """
        {{<layouts.intranet}}{{$title}}Cases{{/title}}{{$main}}<h1>Our own case list</h1><p>{{count}} pupils</p>{{/main}}{{/layouts.intranet}}
        """
        let yaml = SiteTestProject.yaml + "\ntheme: ours\n"
        let p = try SiteTestProject(files: ["Themes/ours/intranet/cases.mustache": custom,
                                            "Themes/ours/assets/intranet.css": "body { color: #111; }\n"], yaml: yaml)
        defer { p.remove() }
        try p.build()
        #expect(p.read("intranet/cases.html").contains("<h1>Our own case list</h1><p>1 pupils</p>"))
        #expect(p.read("intranet/assets/intranet.css") == "body { color: #111; }\n")
        // Other templates still come from the default theme.
        #expect(p.read("intranet/index.html").contains("What needs doing"))
    }

    @Test func themeErrorsNameFileAndLine() throws {
        let broken = "{{<layouts.intranet}}\n{{$main}}\n{{>partials.nowhere}}\n{{/main}}\n{{/layouts.intranet}}\n"
        let syntax = "{{<layouts.intranet}}\n{{$main}}\n{{#open}}\n{{/main}}\n{{/layouts.intranet}}\n"
        let p = try SiteTestProject(files: ["Themes/default/intranet/cases.mustache": broken,
                                            "Themes/default/intranet/pupils.mustache": syntax])
        defer { p.remove() }
        let e = try #require(throws: InputError.self) {
            try p.build()
        }
        #expect(e.description.contains("Themes/default/intranet/cases.mustache:3: error: template `partials.nowhere` is used here"))
        #expect(e.description.contains("Themes/default/intranet/pupils.mustache:"))
        #expect(e.description.contains("template error"))
        #expect(!p.exists("intranet/index.html"))
    }

    @Test func parentsSiteHasEveryCampaignPageTranslationsAndNoPupilData() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try p.build()
        let index = p.read("parents/index.html")
        expectContains(index, [
            "<html lang=\"en\">",
            "href=\"every-day-counts.html\"",
            "href=\"every-day-counts.pl.html\" lang=\"pl\" hreflang=\"pl\">Polski</a>",
        ])
        let pages = p.tree(p.site).keys.filter { $0.hasPrefix("parents/") && $0.hasSuffix(".html") }
        #expect(pages.count >= 7)
        let urdu = p.read("parents/every-day-counts.ur.html")
        #expect(urdu.contains("<html lang=\"ur\" dir=\"rtl\">"))
        #expect(p.exists("parents/assets/parents.css"))
        for (path, bytes) in p.tree(p.site) where path.hasPrefix("parents/") {
            let text = String(decoding: bytes, as: UTF8.self)
            for needle in ["Amelia", "Nowak", "P3", "A111111111111", "Test &amp; Co Academy attendance", "noindex"] where needle != "Test &amp; Co Academy attendance" {
                #expect(!text.contains(needle), "\(needle) in \(path)")
            }
        }
        // Nothing intranet is linked from the parents' site.
        #expect(!index.contains("intranet"))
    }

    @Test func lettersAreWrittenUnderTheIntranetOnly() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        let r = try p.build()
        #expect(r.letters >= 1)
        let letters = p.read("intranet/letters/index.html")
        #expect(letters.contains("href=\"../letters/P3.persistent.html\">Nowak, Kai</a>"))
        let letter = p.read("intranet/letters/P3.persistent.html")
        #expect(letter.contains("Dear parent or carer of Kai,"))
        #expect(letter.contains("71.4"))
        #expect(p.tree(p.site).keys.filter { $0.hasPrefix("parents/") }.allSatisfy { !$0.contains("letter") })
    }

    @Test func pseudonymisedBuildsHideRealNamesAndUPNsStably() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        try SiteBuilder(.init(directory: p.dir, output: p.dir + "/one", today: Day(parsing: "2026-01-01")!, pseudonymise: true)).run()
        try SiteBuilder(.init(directory: p.dir, output: p.dir + "/two", today: Day(parsing: "2026-01-01")!, pseudonymise: true)).run()
        #expect(p.tree(p.dir + "/one") == p.tree(p.dir + "/two"))
        let alias = Pseudonyms.name(for: "P3")
        let page = p.read("intranet/pupils/P3.html", in: p.dir + "/one")
        #expect(page.contains("<h1>\(Escape.html(alias.forename + " " + alias.surname))</h1>"))
        for (path, bytes) in p.tree(p.dir + "/one") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("Nowak") && !text.contains("A333333333333"), "real data in \(path)")
        }
    }

    /// The EmbedDefaults build plugin carries every file of Themes/default and Content, byte for byte.
    @Test func embeddedDefaultsAreTheFilesOnDisk() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        var disk = SourceFiles(builtIn: false)
        try disk.overlay(directory: root, top: "Themes")
        try disk.overlay(directory: root, top: "Content")
        let onDisk = disk.files.filter { $0.key.hasPrefix("Themes/default/") || $0.key.hasPrefix("Content/") }
        let embedded = Dictionary(DefaultFiles.all.map { ($0.path, $0.text) }, uniquingKeysWith: { $1 })
        #expect(onDisk.keys.sorted() == embedded.keys.sorted(), "the EmbedDefaults plugin missed or invented a file")
        for (k, v) in onDisk { #expect(embedded[k] == v, "\(k) differs from the embedded copy") }
    }
}
