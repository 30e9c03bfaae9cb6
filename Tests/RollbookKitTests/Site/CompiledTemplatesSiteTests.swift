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
        let pages = reference.files.keys.filter { $0.hasSuffix(".html") }
        // The demo school has 200 pupils: a page each, letters, classes, years, parents' pages.
        #expect(pages.count > 300)
        #expect(pages.contains("intranet/pupils.html") && pages.contains("parents/index.html") && pages.contains("intranet/amendments.html"))
        let different = DemoPages.differingPaths(reference.files, compiled.files)
        #expect(different.isEmpty, "pages that differ or only one engine wrote: \(different.prefix(10))")
    }

    /// As of the demo's config, and mid-year with `--since` and `--pseudonymise`.
    @Test(arguments: DemoPages.Build.allCases) func demoSchool(_ build: DemoPages.Build) throws {
        try Self.compare(build.options)
    }

    /// The default theme compiles whole: no template of it is left to swift-mustache.
    @Test func defaultThemeCompilesEveryTemplate() throws {
        let theme = try Theme(name: "default", sources: SourceFiles())
        #expect(theme.uncompiled.isEmpty, "\(theme.uncompiled)")
        #expect(theme.compiled.count >= Theme.required.count)
    }
}
