import Foundation
@testable import RollbookKit
import Testing

/// Issue 13 item 10: one allocator for every output path, unique case-insensitively and safe
/// on Windows; a duplicate path fails the build.
@Suite struct OutputPathTests {
    static func project(pupils: [String], files: [String: String]) throws -> SiteTestProject {
        var roll = "pupil_id,upn,forename,surname,class,year_group,admitted,left\n"
        var marks = "pupil_id,date,session,mark\n"
        for (i, id) in pupils.enumerated() {
            roll += "\(id),,Child\(i),Family\(i),7A,7,,\n"
            marks += markRows(id, "O", from: "2025-09-01", to: "2025-09-19", skipping: ["2025-09-12"]) + "\n"
        }
        let p = try SiteTestProject(files: files, pupils: roll)
        try writeFile(p.dir + "/Data/marks.csv", marks)
        try writeFile(p.dir + "/Data/contacts.csv", "pupil_id,date,session,kind,reason,received_at,channel\n")
        return p
    }

    static func letter(_ title: String, trigger: String = "severe") -> String {
        "---\ntitle: \(title)\ntrigger: \(trigger)\norder: 0\n---\nDear parent of {{name}}, {{class}}.\n"
    }

    /// Pupil `X` with template `a-b` and pupil `X-a` with template `b` used to share
    /// `letters/X-a-b.html`: one family's link opened another child's letter. One letter per
    /// family per build (issue 17), for the highest step, so `X` (every session missed: penalty
    /// threshold) gets `a-b` and `X-a` (8 of 28 sessions missed: persistent only) gets `b`;
    /// `order: 0` puts them before the school's default letters of the same step.
    @Test func lettersOfDifferentPupilsNeverShareAFile() throws {
        let p = try Self.project(pupils: ["X", "X-a"], files: ["Content/letters/a-b.md": Self.letter("AB", trigger: "penalty-threshold"),
                                                              "Content/letters/b.md": Self.letter("B", trigger: "persistent")])
        defer { p.remove() }
        try writeFile(p.dir + "/Data/marks.csv", "pupil_id,date,session,mark\n"
            + markRows("X", "O", from: "2025-09-01", to: "2025-09-19", skipping: ["2025-09-12"]) + "\n"
            + markRows("X-a", "O", from: "2025-09-01", to: "2025-09-04") + "\n"
            + markRows("X-a", "/", from: "2025-09-05", to: "2025-09-19", skipping: ["2025-09-12"]) + "\n")
        let r = try p.build()
        #expect(r.letters == 2)
        let files = p.tree(p.site).keys.filter { $0.hasPrefix("intranet/letters/") && ($0.hasSuffix(".a-b.html") || $0.hasSuffix(".b.html")) }
        #expect(files.sorted() == ["intranet/letters/X-a.b.html", "intranet/letters/X.a-b.html"])
        let x = p.read("intranet/letters/X.a-b.html"), xa = p.read("intranet/letters/X-a.b.html")
        #expect(x.contains("Dear parent of Child0 Family0"))
        #expect(xa.contains("Dear parent of Child1 Family1"))
        #expect(x != xa)
        #expect(!x.contains("Child1") && !xa.contains("Child0"))
        // Every letter linked from a pupil's page is that pupil's.
        #expect(p.read("intranet/pupils/X-a.html").contains("../letters/X-a.b.html"))
        #expect(p.read("intranet/pupils/X.html").contains("../letters/X.a-b.html"))
        #expect(!p.read("intranet/pupils/X.html").contains("../letters/X-a."))
    }

    @Test func windowsReservedNamesAndCaseTwinsGetSafeDistinctFiles() throws {
        let ids = ["CON", "nul", "Aux", "COM1", "lpt9", "prn", "ab", "AB", "x.", "y "]
        let p = try Self.project(pupils: ids, files: [:])
        defer { p.remove() }
        try p.build()
        let files = Array(p.tree(p.site).keys)
        for f in files { #expect(OutputPaths.problem(f) == nil, "\(f): \(OutputPaths.problem(f) ?? "")") }
        #expect(Set(files.map { $0.lowercased() }).count == files.count)
        #expect(files.filter { $0.hasPrefix("intranet/pupils/") }.count == ids.count)
        #expect(Slug.make("CON") == "_43ON")
        #expect(Slug.make("con") != Slug.make("CON"))
        #expect(Slug.make("CONSOLE") == "CONSOLE")
    }

    @Test func pathProblems() {
        #expect(OutputPaths.problem("intranet/pupils/P1.html") == nil)
        #expect(OutputPaths.isReservedName("CON.html"))
        #expect(OutputPaths.isReservedName("com1.tar.gz"))
        #expect(OutputPaths.isReservedName("Lpt9"))
        #expect(!OutputPaths.isReservedName("COM10"))
        #expect(!OutputPaths.isReservedName("CONTACT.html"))
        #expect(OutputPaths.problem("parents/nul.html") != nil)
        #expect(OutputPaths.problem("parents/a.html.") != nil)
        #expect(OutputPaths.problem("parents/a ") != nil)
        #expect(OutputPaths.problem("parents/a:b.html") != nil)
        #expect(OutputPaths.problem("parents/a?.html") != nil)
        #expect(OutputPaths.problem("../x.html") != nil)
        var paths = OutputPaths()
        #expect(throws: Never.self) { try paths.claim("parents/a.html") }
        #expect(throws: InputError.self) { try paths.claim("parents/A.HTML") }
        #expect(throws: InputError.self) { try paths.claim("parents/a.html") }
        #expect(throws: InputError.self) { try paths.claim("parents/CON.html") }
    }

    static func campaign(_ key: String? = nil) -> String {
        "---\ntitle: T\n" + (key.map { "key: \($0)\n" } ?? "") + "---\nText.\n"
    }

    /// Campaign pages differing only by case used to be two files on Linux and one on a school's
    /// Windows share; a page keyed `index` replaced the parents' index.
    @Test func campaignPagesThatWouldShareAFileFailTheBuild() throws {
        let p = try SiteTestProject(files: ["Content/campaigns/Punctuality.md": Self.campaign(),
                                            "Content/campaigns/punctuality.md": Self.campaign()])
        defer { p.remove() }
        let e = try #require(throws: InputError.self) {
            try p.build()
        }
        #expect(e.description.contains("Content/campaigns/punctuality.md:1: error: this page would be written to site/parents/punctuality.html, as Content/campaigns/Punctuality.md is"))
        let q = try SiteTestProject(files: ["Content/campaigns/home.md": Self.campaign("index")])
        defer { q.remove() }
        let index = try #require(throws: InputError.self) {
            try q.build()
        }
        #expect(index.description.contains("Content/campaigns/home.md:3: error: this page would be written to site/parents/index.html, as the index page of the parents' site is"))
    }

    @Test func aThemeAssetWithAReservedNameFailsTheBuild() throws {
        let p = try SiteTestProject(files: ["Themes/default/assets/con.css": "p{}"])
        defer { p.remove() }
        let e = try #require(throws: InputError.self) {
            try p.build()
        }
        #expect(e.description.contains("site/intranet/assets/con.css: error: cannot write this file: the path has the name `con.css`, which Windows reserves for a device"))
    }
}
