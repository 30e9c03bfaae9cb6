import Foundation
import RollbookTestSupport
import Testing
@testable import RollbookKit

/// `kill -9` at any moment of `rollbook build` leaves the previous site whole: the output folder
/// is always exactly the old site or exactly the new one.
@Suite("Killing a build", .serialized)
struct SiteKillTests {
    static func digest(_ root: String) -> [String: String] {
        var out: [String: String] = [:]
        for rel in SiteWriter.listFiles(root) {
            out[rel] = Slug.fnv1a(String(decoding: readFileBytes(root + "/" + rel) ?? [], as: UTF8.self))
        }
        return out
    }

    @Test func killedBuildsLeaveTheOldSiteOrTheNewOneNeverAMix() throws {
        let binary = try RollbookBinary.required()
        let dir = NSTemporaryDirectory() + "rollbook-kill-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try SampleSchool(pupils: 300, seed: 9).write(to: dir)
        let today = Day(parsing: "2026-09-01")!
        // The old site (to 2026-03-27) and, built elsewhere, the complete new one (to 2026-07-22).
        try SiteBuilder(.init(directory: dir, asOf: Day(parsing: "2026-03-27")!, output: dir + "/site", today: today)).run()
        try SiteBuilder(.init(directory: dir, asOf: Day(parsing: "2026-07-22")!, output: dir + "/expected", today: today)).run()
        let old = Self.digest(dir + "/site"), new = Self.digest(dir + "/expected")
        #expect(old != new)
        var sawOld = 0
        for delay in [0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["build", dir, "--as-of", "2026-07-22", "--output", dir + "/site"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let now = Self.digest(dir + "/site")
            #expect(now == old || now == new, "after \(delay) s the site is neither the old one nor the new one")
            if now == old { sawOld += 1 }
            if now == new {
                // Put the old site back for the next round.
                try SiteBuilder(.init(directory: dir, asOf: Day(parsing: "2026-03-27")!, output: dir + "/site", today: today)).run()
            }
        }
        #expect(sawOld > 0, "no kill landed before the swap: the test proved nothing")
        // The next build clears the leftovers of killed builds.
        try SiteBuilder(.init(directory: dir, asOf: Day(parsing: "2026-07-22")!, output: dir + "/site", today: today)).run()
        #expect(Self.digest(dir + "/site") == new)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".rollbook-") }.isEmpty)
    }
}
