import Foundation
import Testing
import RollbookTestSupport
@testable import RollbookKit

/// The compiled templates (`TemplateCompiler`) against swift-mustache on every page of the demo
/// school (the project at the package's root: staff site, letters, parents' pages, amendments,
/// last-year comparison, meeting pack with `--since`, pseudonymised too): byte for byte equal,
/// and no page handed back to swift-mustache. Kept for as long as both engines exist.
@Suite("Compiled templates render every demo page as swift-mustache does")
struct CompiledTemplatesSiteTests {
    static let root = DemoPages.root

    /// Every file of the demo site (without the theme's static files) and the parents' pages,
    /// rendered with `engine`; plus how many pages fell back to swift-mustache.
    static func site(_ options: SiteBuilder.Options, engine: Theme.Engine) throws -> (files: [String: [UInt8]], fallbacks: Int) {
        let (sink, prepared) = try DemoPages.write(options) { $0.theme.engine = engine }
        var files = sink.files
        // The parents' pages were rendered in `prepare`: again, with this engine.
        var sources = SourceFiles()
        try sources.overlay(directory: root, top: "Themes")
        try sources.overlay(directory: root, top: "Content")
        var campaigns = try ParentsSite.load(sources)
        let variables = PageVariables(config: prepared.model.config)
        for i in campaigns.indices {
            campaigns[i].body = try variables.apply(to: campaigns[i].body, path: campaigns[i].path, firstLine: campaigns[i].bodyLine)
        }
        for (path, html) in ParentsSite(theme: prepared.theme, schoolName: prepared.model.config.schoolName, pages: campaigns).render() {
            files["parents/" + path] = Array(html.utf8)
        }
        return (files, prepared.theme.fallbacks.count)
    }

    static func compare(_ options: SiteBuilder.Options) throws {
        let reference = try site(options, engine: .mustache)
        let compiled = try site(options, engine: .compiled)
        #expect(compiled.fallbacks == 0, "pages handed back to swift-mustache")
        #expect(reference.files.keys.sorted() == compiled.files.keys.sorted())
        let pages = reference.files.keys.filter { $0.hasSuffix(".html") }
        // The demo school has 200 pupils: a page each, letters, classes, years, parents' pages.
        #expect(pages.count > 300)
        #expect(pages.contains("intranet/pupils.html") && pages.contains("parents/index.html") && pages.contains("intranet/amendments.html"))
        var different: [String] = []
        for (path, bytes) in reference.files.sorted(by: { $0.key < $1.key }) where compiled.files[path] != bytes { different.append(path) }
        #expect(different.isEmpty, "pages that differ: \(different.prefix(10))")
    }

    static let today = Day(parsing: "2026-07-23")!

    @Test func demoSchoolAsOfItsConfig() throws {
        try Self.compare(.init(directory: Self.root, today: Self.today))
    }

    @Test func demoSchoolMidYearWithSinceAndPseudonyms() throws {
        var options = SiteBuilder.Options(directory: Self.root, asOf: Day(parsing: "2026-03-20")!, today: Self.today, pseudonymise: true)
        options.since = Day(parsing: "2026-03-02")!
        try Self.compare(options)
    }

    /// The default theme compiles whole: no template of it is left to swift-mustache.
    @Test func defaultThemeCompilesEveryTemplate() throws {
        let theme = try Theme(name: "default", sources: SourceFiles())
        #expect(theme.uncompiled.isEmpty, "\(theme.uncompiled)")
        #expect(theme.compiled.count >= Theme.required.count)
    }
}
