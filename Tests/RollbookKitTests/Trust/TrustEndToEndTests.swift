import Foundation
import RollbookTestSupport
import Testing
@testable import RollbookKit

/// The built `rollbook` executable on trust folders: the three-school fixture and a trust
/// written by `rollbook sample --trust`.
@Suite struct TrustEndToEndTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func checkAndStatsOnATrustFolder() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        let check = try RollbookBinary.run(["check", t.dir, "--format", "csv"])
        #expect(check.status == 1)
        #expect(check.stdout.hasPrefix("school,severity,rule,"))
        #expect(check.stdout.contains("\nGamma School,error,register-not-taken,RB,2025-09-01,AM,,,,gamma/Data/marks.csv,,"))
        // From inside the trust folder, with the default DIR.
        let stats = try RollbookBinary.run(["stats", "--by", "school"], in: t.dir)
        #expect(stats.status == 0)
        #expect(stats.stdout.split(separator: "\n").last == ",Test Trust,,,6,15,11,11,0,3,1,0,3,73.33,20.00,6.67,26.67,2,40.00,1,20.00,3")
        let json = try RollbookBinary.run(["stats", t.dir, "--as-of", "2025-09-02", "--format", "json"])
        let obj = try self.json(json.stdout)
        #expect(obj["as_of"] as? String == "2025-09-02")
    }

    @Test func aBrokenSchoolExitsTwoAfterReportingTheOthers() throws {
        let t = try TrustTestProject()
        defer { t.remove() }
        try t.put("gamma/rollbook.yml", "school:\n  name: Gamma School\n")
        let r = try RollbookBinary.run(["check", t.dir, "--format", "json"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("gamma/rollbook.yml"))
        let obj = try json(r.stdout)
        #expect(Set(((obj["findings"] as? [[String: Any]]) ?? []).compactMap { $0["school"] as? String }) == ["Alpha Primary", "Beta Academy"])
    }

    @Test func aSampleTrustChecksStatsAndBuilds() throws {
        let dir = NSTemporaryDirectory() + "rollbook-sample-trust-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try RollbookBinary.run(["sample", dir, "--trust", "3", "--pupils", "90", "--seed", "5", "--to", "2025-10-17"])
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.hasPrefix("Wrote \(dir): a trust of 3 schools, 90 pupils"))
        let again = NSTemporaryDirectory() + "rollbook-sample-trust-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: again) }
        _ = try RollbookBinary.run(["sample", again, "--trust", "3", "--pupils", "90", "--seed", "5", "--to", "2025-10-17"])
        // The same seed gives the same trust.
        for f in ["trust.yml"] + (try FileManager.default.subpathsOfDirectory(atPath: dir + "/schools")).map({ "schools/" + $0 }) {
            #expect(readFileBytes(dir + "/" + f) == readFileBytes(again + "/" + f), "\(f)")
        }
        let check = try RollbookBinary.run(["check", dir, "--format", "json"])
        #expect(check.status == 1)
        let obj = try json(check.stdout)
        let schools = try #require(obj["schools"] as? [[String: Any]])
        #expect(schools.count == 3)
        // The three calendars differ; pupil ids overlap between the schools.
        let yamls = try (0..<3).map { i in String(decoding: try #require(readFileBytes(dir + "/" + (schools[i]["folder"] as! String) + "/rollbook.yml")), as: UTF8.self) }
        #expect(Set(yamls.map { $0.split(separator: "\n").filter { $0.contains("Autumn 1") || $0.contains("am_closes") }.joined() }).count == 3)
        let stats = try RollbookBinary.run(["stats", dir])
        let ids = stats.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[1] }
        #expect(Set(ids).count < ids.count)
        #expect(stats.stdout.split(separator: "\n").count == 91)
        let build = try RollbookBinary.run(["build", dir])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.hasPrefix("Built 3 of 3 schools"))
        for s in schools { #expect(FileManager.default.fileExists(atPath: dir + "/site/intranet/\(s["slug"] as! String)/index.html")) }
    }
}
