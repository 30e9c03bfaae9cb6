import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// A site is one whole: an output inside a site Rollbook wrote (its `intranet/`, `parents/` or any
/// folder below) is refused before anything is written, so the outer site keeps its manifest and
/// the next build of it still works. (Before, `--output site/intranet` was taken for an old
/// site, because `intranet/.rollbook-manifest` looked like the manifest old versions left at the root.)
@Suite struct NestedSiteTests {
    static let today = Day(parsing: "2026-01-01")!

    func build(_ p: SiteTestProject, output: String? = nil) -> Commands.Output {
        Commands.build(directory: p.dir, asOf: nil, output: output, verbose: false, today: Self.today)
    }

    @Test func anOutputInsideASiteIsRefusedAndTheSiteStaysWhole() throws {
        let p = try SiteTestProject()
        defer { p.remove() }
        #expect(build(p).status == 0)
        try writeFile(p.site + "/intranet/notes.txt", "mine")
        let before = p.tree(p.site)
        for inner in ["intranet", "parents", "intranet/pupils", "intranet/new-folder", "parents/x/y"] {
            let r = build(p, output: p.site + "/" + inner)
            #expect(r.status == 2, "\(inner): \(r.stdout)")
            #expect(r.stderr.contains("refusing to build here: it lies inside the site Rollbook wrote in \(OutputFolder.realPath(p.site))"), "\(r.stderr)")
            #expect(p.tree(p.site) == before, "\(inner)")
        }
        // The outer site still builds (up to date, its manifest intact), the user's file kept.
        let again = build(p)
        #expect(again.status == 0 && again.stdout.contains("Up to date"), "\(again.stdout)\(again.stderr)")
        #expect(p.read("intranet/notes.txt") == "mine")
    }

    @Test func onlyAManifestOfTheOldFormatMarksASiteRoot() throws {
        #expect(OutputFolder.siteFormat(Array("rollbook-site-5 0123 1\n".utf8)) == 5)
        #expect(OutputFolder.siteFormat(Array("rollbook-site-12 x".utf8)) == 12)
        #expect(OutputFolder.siteFormat(Array("rollbook-site-".utf8)) == nil)
        #expect(OutputFolder.siteFormat(Array("rollbook-sitex".utf8)) == nil)
        let dir = NSTemporaryDirectory() + "rollbook-mark-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try makeDirectory(dir)
        try writeFile(dir + "/.rollbook-manifest", "rollbook-site-5 0123456789abcdef 1\n")
        #expect(OutputFolder.isMarked(dir))
        try writeFile(dir + "/.rollbook-manifest", BuildManifest.formatVersion + " 0123456789abcdef 1\n")
        #expect(!OutputFolder.isMarked(dir))
    }
}
