import RollbookKit
import Testing

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
}
