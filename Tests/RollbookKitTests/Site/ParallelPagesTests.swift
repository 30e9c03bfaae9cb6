import Foundation
import RollbookTestSupport
import Testing
@testable import RollbookKit

/// Pages are rendered on all cores (pupil pages, letters, and since issue 11 the overview,
/// lists, insight, year and class pages as jobs of their own). The files must not depend on
/// the order the threads finish in: the demo school is built several times, each time with
/// writes held back at different moments so that the jobs finish in another order, and every
/// file must be byte for byte the same.
@Suite("Parallel page rendering gives the same bytes whatever the scheduling")
struct ParallelPagesTests {
    static let root = DemoPages.root
    static let today = DemoPages.today

    static func build(_ options: SiteBuilder.Options, seed: UInt64) throws -> MemorySiteSink {
        try DemoPages.write(options, seed: seed).sink
    }

    static func compareRuns(_ options: SiteBuilder.Options) throws {
        let runs = try (1...3).map { try build(options, seed: UInt64($0)) }
        let first = runs[0]
        // The demo school: 200 pupil pages, letters, classes, years, the overview and lists.
        #expect(first.files.count > 300)
        for page in ["intranet/index.html", "intranet/pupils.html", "intranet/groups.html", "intranet/pack.html",
                     "intranet/fix-list.html", "intranet/returns.csv", "intranet/cases.html", "intranet/assets/pupil-index.js"] {
            #expect(first.files[page] != nil, "\(page) not written")
        }
        #expect(first.files.keys.contains { $0.hasPrefix("intranet/years/") } && first.files.keys.contains { $0.hasPrefix("intranet/classes/") })
        for run in runs.dropFirst() {
            let different = DemoPages.differingPaths(first.files, run.files)
            #expect(different.isEmpty, "files that differ between runs or only one run wrote: \(different.prefix(10))")
        }
    }

    /// As of the demo's config, and mid-year with `--since` and `--pseudonymise`.
    @Test(arguments: DemoPages.Build.allCases) func demoSchool(_ build: DemoPages.Build) throws {
        try Self.compareRuns(build.options)
    }

    /// Two whole builds to disk (temporary folder, manifest, swap) give the same files, manifest
    /// included.
    @Test func twoBuildsToDiskAreIdentical() throws {
        let dir = NSTemporaryDirectory() + "rollbook-parallel-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var listings: [[String: [UInt8]]] = []
        for n in 1...2 {
            let out = dir + "/site\(n)"
            let report = try SiteBuilder(.init(directory: Self.root, asOf: Day(parsing: "2026-03-20")!, output: out, today: Self.today)).run()
            #expect(report.pages > 300)
            var files: [String: [UInt8]] = [:]
            for rel in SiteWriter.listFiles(out) { files[rel] = readFileBytes(out + "/" + rel) }
            #expect(files[BuildManifest.fileName] != nil)
            listings.append(files)
        }
        #expect(listings[0].keys.sorted() == listings[1].keys.sorted())
        let different = listings[0].keys.sorted().filter { listings[0][$0] != listings[1][$0] }
        #expect(different.isEmpty, "files that differ: \(different.prefix(10))")
    }
}
