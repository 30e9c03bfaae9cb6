import Foundation
import Testing
@testable import RollbookKit

/// rollbook.yml is parsed once per command: a loader or build given the parsed config uses it
/// and does not read the file again.
@Suite struct ConfigOnceTests {
    @Test func theLoaderUsesTheConfigItIsGiven() throws {
        let project = try SiteTestProject()
        defer { project.remove() }
        var config = try ProjectLoader.loadConfig(directory: project.dir)
        let fromFile = try ProjectLoader.load(directory: project.dir)
        #expect(fromFile.config.schoolName == config.schoolName)
        config.schoolName = "Given, Not Read"
        let given = try ProjectLoader.load(directory: project.dir, config: config)
        #expect(given.config.schoolName == "Given, Not Read")
        #expect(given.pupils.count == fromFile.pupils.count)
    }

    @Test func aBuildUsesTheConfigItIsGiven() throws {
        let project = try SiteTestProject()
        defer { project.remove() }
        var config = try ProjectLoader.loadConfig(directory: project.dir)
        config.schoolName = "Given School Name"
        var options = SiteBuilder.Options(directory: project.dir, output: project.site, today: day("2026-01-01"))
        options.config = config
        _ = try SiteBuilder(options).run()
        #expect(project.read("intranet/index.html").contains("Given School Name"))
    }

    /// The projects rollbook.yml names (`previous:`, `compare_with:`) have their rollbook.yml
    /// read once per build: `prepare` uses the `LinkedProjects` it is given (the ones the digest
    /// used). Both files are broken after they were read; a build that read them again would fail.
    @Test func aBuildUsesTheLinkedProjectsItIsGiven() throws {
        let root = try YearComparisonTests.projects()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dir = root + "/this"
        try YearComparisonTests.write(YearComparisonTests.schools().this, to: root + "/prev")
        try writeFile(dir + "/rollbook.yml", try String(contentsOfFile: dir + "/rollbook.yml", encoding: .utf8) + "previous: ../prev\n")
        let config = try ProjectLoader.loadConfig(directory: dir)
        let linked = LinkedProjects(config: config, directory: dir)
        for other in ["last", "prev"] { try writeFile(root + "/\(other)/rollbook.yml", "school: [unclosed\n") }

        let builder = SiteBuilder(.init(directory: dir, today: day("2026-07-01")))
        let asOf = ProjectLoader.resolveAsOf(nil, config: config, today: day("2026-07-01"))
        let given = try builder.prepare(asOf: asOf, config: config, linked: linked)
        #expect(given.amendments?.previousPath == "../prev")
        guard case .compared(_, let folder) = given.yearComparison else {
            Issue.record("last year's project was read again: \(String(describing: given.yearComparison))")
            return
        }
        #expect(folder == "../last")
        // Read afresh, the same files are broken: what the test above shows is not luck.
        #expect(throws: InputError.self) { try builder.prepare(asOf: asOf, config: config) }
    }
}
