import Foundation
import RollbookTestSupport
import Testing

/// A site is "up to date" only for the Rollbook that built it: after an upgrade (or any
/// rebuilt executable) the next `build` renders again even though no input changed, so a
/// figure or page fixed in the new version reaches the site.
@Suite struct NewVersionRebuildTests {
    @Test func anotherExecutableRebuildsTheSite() throws {
        guard let original = RollbookBinary.path else { throw RollbookBinary.Missing() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-upgrade-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let school = dir + "/school"
        try FileManager.default.copyItem(atPath: RollbookBinary.packageRoot.appendingPathComponent("Tests/RollbookKitTests/Fixtures/tiny-school").path,
                                         toPath: school)
        // Two executables that differ only in one trailing byte (still a valid program).
        let old = dir + "/rollbook-old", new = dir + "/rollbook-new"
        try FileManager.default.copyItem(atPath: original, toPath: old)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        bytes.append(0)
        try bytes.write(to: URL(fileURLWithPath: new))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: new)

        let first = try RollbookBinary.run(["build", school], executable: old)
        #expect(first.status == 0, "\(first)")
        let again = try RollbookBinary.run(["build", school], executable: old)
        #expect(again.status == 0 && again.stdout.contains("Up to date:"), "\(again)")
        let manifest = school + "/site/intranet/.rollbook-manifest"
        let before = try String(contentsOfFile: manifest, encoding: .utf8)

        let upgraded = try RollbookBinary.run(["build", school], executable: new)
        #expect(upgraded.status == 0, "\(upgraded)")
        #expect(!upgraded.stdout.contains("Up to date:"), "\(upgraded)")
        #expect(try String(contentsOfFile: manifest, encoding: .utf8) != before)
        // The pages themselves are the same bytes: only the manifest, the record of what built
        // them, is written again.
        #expect(upgraded.stdout.contains(": 1 written, "), "\(upgraded)")
        let last = try RollbookBinary.run(["build", school], executable: new)
        #expect(last.stdout.contains("Up to date:"), "\(last)")
    }

    @Test func versionIsPrinted() throws {
        let r = try RollbookBinary.run(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.range(of: #"^rollbook \d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(r)")
    }
}
