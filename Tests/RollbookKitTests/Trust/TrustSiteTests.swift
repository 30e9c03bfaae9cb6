import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// `rollbook build` on the three-school trust of `TrustTestProject`.
@Suite struct TrustSiteTests {
    func build(_ t: TrustTestProject) -> Commands.Output {
        Commands.build(directory: t.dir, asOf: nil, output: nil, verbose: false, today: TrustTestProject.today)
    }

    func files(_ t: TrustTestProject) -> [String] { SiteWriter.listFiles(t.dir + "/site").sorted() }

    @Test func eachSchoolGetsItsOwnSiteUnderItsSlug() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = build(t)
        #expect(o.status == 0, "\(o.stderr)")
        let all = files(t)
        for slug in ["alpha", "beta", "gamma"] {
            #expect(all.contains("intranet/\(slug)/index.html"))
            #expect(all.contains("intranet/\(slug)/fix-list.html"))
            #expect(all.contains("intranet/\(slug)/pupils/P1.html"))
            #expect(all.contains("parents/\(slug)/index.html"))
        }
        #expect(all.contains("intranet/index.html") && all.contains("intranet/pupils.html") && all.contains("parents/index.html"))
        #expect(all.contains("intranet/assets/pupil-index.js") && all.contains("intranet/assets/rollbook.js"))
        // Nothing outside the two trees but the build's own record.
        #expect(all.filter { !$0.hasPrefix("intranet/") && !$0.hasPrefix("parents/") } == [OutputFolder.markName])
        // Each school's pages are its own: Gamma's pupil P1 is Eve Elm, Alpha's is Ava Ash.
        #expect(t.read("site/intranet/gamma/pupils/P1.html")?.contains("Eve Elm") == true)
        #expect(t.read("site/intranet/alpha/pupils/P1.html")?.contains("Ava Ash") == true)
    }

    @Test func theOverviewComparesEverySchool() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        _ = build(t)
        let html = try #require(t.read("site/intranet/index.html"))
        #expect(html.contains("<h1>Test Trust: attendance by school</h1>"))
        // Alpha: 6 of 7 sessions; its row links to its overview and its fix list.
        #expect(html.contains("<tr><th scope=\"row\" data-sort=\"alpha primary\"><a href=\"alpha/index.html\">Alpha Primary</a></th><td class=\"num\" data-sort=\"2\">2</td><td class=\"num\" data-sort=\"85.714\">85.7%</td>"))
        #expect(html.contains("<a href=\"alpha/fix-list.html\">1</a>"))
        #expect(html.contains("<a href=\"gamma/fix-list.html\">2</a>"))
        // Freshness: each school's own date and last mark.
        #expect(html.contains("<td data-sort=\"2025-09-04\">2025-09-04</td><td data-sort=\"2025-09-04\">2025-09-04</td>"))
        // The trust's total: 11 of 15 sessions.
        #expect(html.contains("<tr><th scope=\"row\">Whole trust</th><td class=\"num\">6</td><td class=\"num\">73.3%</td>"))
        #expect(html.contains("England, state-funded schools, 2023/24"))
        // Scripts are files; the tables are complete without them.
        #expect(!html.contains("<script>"))
        #expect(html.contains("<script src=\"assets/rollbook.js\" defer></script>"))
    }

    @Test func thePupilFinderCoversTheTrust() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        _ = build(t)
        let js = try #require(t.read("site/intranet/assets/pupil-index.js"))
        #expect(js == """
            window.ROLLBOOK_PUPILS = [
            ["Ava Ash","A1","7A, Alpha Primary","alpha/pupils/P1.html"],
            ["Ben Birch","A2","7A, Alpha Primary","alpha/pupils/P2.html"],
            ["Cara Cole","B1","3B, Beta Academy","beta/pupils/P1.html"],
            ["Dan Dune","B2","3B, Beta Academy","beta/pupils/P2.html"],
            ["Eve Elm","G1","RA, Gamma School","gamma/pupils/P1.html"],
            ["Fin Fir","G3","RB, Gamma School","gamma/pupils/P3.html"],
            ];

            """)
        let page = try #require(t.read("site/intranet/pupils.html"))
        #expect(page.contains("<tr><th scope=\"row\" data-sort=\"elm eve\"><a href=\"gamma/pupils/P1.html\">Elm, Eve</a></th><td>Gamma School</td><td>G1</td><td>RA</td><td>R</td>"))
    }

    @Test func parentsPagesHoldNoPupilData() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        _ = build(t)
        let parents = files(t).filter { $0.hasPrefix("parents/") }
        #expect(parents.contains("parents/beta/index.html"))
        for f in parents {
            let text = t.read("site/" + f) ?? ""
            for name in ["Ava", "Birch", "Cole", "Dune", "Elm", "Fir"] { #expect(!text.contains(name), "\(f) names \(name)") }
        }
        let index = try #require(t.read("site/parents/index.html"))
        #expect(index.contains("<a href=\"beta/index.html\">Beta Academy</a>"))
    }

    @Test func aBrokenSchoolIsLeftOutAndTheRestBuild() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        try t.put("schools/beta/Data/marks.csv", "")
        let o = build(t)
        #expect(o.status == 2)
        #expect(o.stderr.contains("schools/beta/Data/marks.csv: error: the file is empty"))
        #expect(o.stdout.hasPrefix("Built 2 of 3 schools"))
        let all = files(t)
        #expect(all.contains("intranet/alpha/index.html") && all.contains("intranet/gamma/index.html"))
        #expect(!all.contains { $0.hasPrefix("intranet/beta/") || $0.hasPrefix("parents/beta/") })
        let html = try #require(t.read("site/intranet/index.html"))
        #expect(html.contains("<h2 id=\"problems-h\">Schools left out of this build</h2>"))
        #expect(html.contains("<h3>Beta Academy (schools/beta)</h3>"))
        // Fixed, the next build is not "up to date": it builds the school.
        try t.put("schools/beta/Data/marks.csv", TrustTestProject.beta["Data/marks.csv"]!)
        let again = build(t)
        #expect(again.status == 0)
        #expect(files(t).contains("intranet/beta/index.html"))
        #expect(build(t).stdout.hasPrefix("Up to date"))
    }
}

/// The output folder is the user's, for a trust as for one school (spec section 8).
@Suite struct TrustOutputTests {
    @Test func unsafeOutputsAreRefused() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        for (output, why) in [(t.dir, "it is the trust folder or one of its parents"),
                              (t.dir + "/..", "it is the trust folder or one of its parents"),
                              (t.dir + "/schools/beta", "it is the project folder"),
                              (t.dir + "/schools", "it is a parent of the project folder"),
                              (t.dir + "/gamma/Themes/site", "it lies inside Themes, an input")] {
            let o = Commands.build(directory: t.dir, asOf: nil, output: output, verbose: false, today: TrustTestProject.today)
            #expect(o.status == 2)
            #expect(o.stderr.contains("refusing to build here: \(why)"), "\(output): \(o.stderr)")
        }
        try t.put("elsewhere/notes.txt", "mine")
        let o = Commands.build(directory: t.dir, asOf: nil, output: t.dir + "/elsewhere", verbose: false, today: TrustTestProject.today)
        #expect(o.status == 2)
        #expect(t.read("elsewhere/notes.txt") == "mine")
        #expect(!t.exists("site"))
    }

    @Test func everyPageOfTheTrustCarriesTheContentSecurityPolicy() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.build(directory: t.dir, asOf: nil, output: nil, verbose: false, today: TrustTestProject.today)
        #expect(o.status == 0, "\(o.stderr)")
        let pages = SiteWriter.listFiles(t.dir + "/site").sorted().filter { $0.hasSuffix(".html") }
        #expect(pages.contains("intranet/index.html") && pages.contains("intranet/alpha/index.html"))
        for p in pages {
            let html = try #require(t.read("site/" + p))
            #expect(html.components(separatedBy: "http-equiv=\"Content-Security-Policy\"").count == 2, "\(p)")
            #expect(html.contains(ContentSecurity.meta), "\(p)")
        }
        // The trust's layout states it itself, as the other layouts do.
        let layout = try #require(SourceFiles().files["Themes/default/layouts/trust.mustache"])
        #expect(layout.contains(ContentSecurity.meta))
    }

    @Test func aPseudonymisedTrustBuildWritesNoRealName() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let o = Commands.build(directory: t.dir, asOf: nil, output: nil, verbose: false, pseudonymise: true, today: TrustTestProject.today)
        #expect(o.status == 0, "\(o.stderr)")
        let all = SiteWriter.listFiles(t.dir + "/site").sorted()
        #expect(all.contains("intranet/gamma/pupils/P1.html"))
        for f in all where f.hasSuffix(".html") || f.hasSuffix(".js") || f.hasSuffix(".csv") {
            let text = try #require(t.read("site/" + f))
            for (forename, surname) in [("Ava", "Ash"), ("Ben", "Birch"), ("Cara", "Cole"), ("Dan", "Dune"), ("Eve", "Elm"), ("Fin", "Fir")] {
                #expect(!text.contains(forename + " " + surname) && !text.contains(surname + ", " + forename), "\(f) holds \(forename) \(surname)")
            }
        }
    }
}
