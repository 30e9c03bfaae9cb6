import Foundation
import RollbookTestSupport
import Testing
@testable import RollbookKit
@testable import rollbook

/// Two builds into one output, and a build killed with SIGKILL, at the scale of a 3 000-pupil
/// school (some 3 700 files): the output is locked for the whole build, a running build's
/// temporary folder is never touched, and a dead one's is swept by the next build, even one that
/// finds the site up to date.
@Suite("Concurrent and killed builds of a 3 000-pupil school", .serialized)
struct OutputConcurrencyTests {
    func start(_ binary: String, _ args: [String], stderr: String? = nil) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        if let stderr {
            FileManager.default.createFile(atPath: stderr, contents: nil)
            p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderr))
        } else {
            p.standardError = FileHandle.nullDevice
        }
        try p.run()
        return p
    }

    /// Waits until the build `pid` has written at least `files` pupil pages into its temporary folder.
    func waitForTemporaryPages(_ dir: String, pid: Int32, files: Int, _ process: Process) -> Bool {
        let pupils = dir + "/.site.rollbook-\(pid)/intranet/pupils"
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, process.isRunning {
            if ((try? FileManager.default.contentsOfDirectory(atPath: pupils))?.count ?? 0) >= files { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }

    @Test func aSecondBuildRefusesAKilledOneIsSweptAndTheSiteIsAlwaysWhole() throws {
        let binary = try RollbookBinary.required()
        let dir = NSTemporaryDirectory() + "rollbook-3000-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Three weeks of register keep the test short; the site still has a page per pupil.
        let summary = try SampleSchool(pupils: 3000, seed: 3, from: Day(parsing: "2025-09-01"), to: Day(parsing: "2025-09-19")).write(to: dir)
        #expect(summary.pupils == 3000)
        let site = dir + "/site"

        // Build A runs; build B starts while A is writing and must refuse without touching A's work.
        let a = try start(binary, ["build", dir, "--as-of", "2025-09-19"])
        #expect(waitForTemporaryPages(dir, pid: a.processIdentifier, files: 20, a), "build A never got going")
        let b = try start(binary, ["build", dir, "--as-of", "2025-09-19"], stderr: dir + "/b.err")
        b.waitUntilExit()
        let bErr = String(decoding: readFileBytes(dir + "/b.err") ?? [], as: UTF8.self)
        #expect(b.terminationStatus == 2)
        #expect(bErr.contains("another build (process \(a.processIdentifier)) is writing this site"), "\(bErr)")
        #expect(FileManager.default.fileExists(atPath: dir + "/.site.rollbook-\(a.processIdentifier)"), "B removed A's folder")
        a.waitUntilExit()
        #expect(a.terminationStatus == 0)
        // A's site is whole: every file its manifest lists, a page per pupil.
        let manifest = BuildManifest(text: String(decoding: readFileBytes(site + "/" + BuildManifest.fileName) ?? [], as: UTF8.self))
        #expect(manifest?.isIntact(in: site) == true)
        #expect((manifest?.files.count ?? 0) > 3600)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: site + "/intranet/pupils")) ?? []).count == 3000)
        let whole = SiteWriter.listFiles(site).sorted()
        try writeFile(site + "/intranet/.htaccess", "Require all denied\n")

        // Build K (another date) is killed half way: the site is still A's, K's folder stays behind.
        let k = try start(binary, ["build", dir, "--as-of", "2025-09-12"])
        #expect(waitForTemporaryPages(dir, pid: k.processIdentifier, files: 50, k), "build K never got going")
        kill(k.processIdentifier, SIGKILL)
        k.waitUntilExit()
        #expect(FileManager.default.fileExists(atPath: dir + "/.site.rollbook-\(k.processIdentifier)"))
        #expect(SiteWriter.listFiles(site).sorted() == (whole + ["intranet/.htaccess"]).sorted())
        #expect(manifest?.isIntact(in: site) == true)

        // The next build finds the site up to date, and still sweeps K's leftovers (and frees the lock).
        // (Run by the same executable as A: the executable is part of the site's digest.)
        let c = try RollbookBinary.run(["build", dir, "--as-of", "2025-09-19"])
        #expect(c.status == 0 && c.stdout.hasPrefix("Up to date"), "\(c.stdout)\(c.stderr)")
        let rest = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".rollbook-") || $0.contains(".rollbook.lock") }
        #expect(rest.isEmpty, "left behind: \(rest)")
        #expect(readFileBytes(site + "/intranet/.htaccess") == Array("Require all denied\n".utf8))
    }
}
