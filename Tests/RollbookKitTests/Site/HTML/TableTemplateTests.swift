import Testing
@testable import RollbookKit

/// Small tables rendered by the theme (`partials/table`, `partials/table-rows`) from plain values:
/// the same bytes as the rows Rollbook renders in Swift, every value escaped, on the compiled
/// engine (no page handed back to swift-mustache), and a school's own partial wins.
@Suite struct TableTemplateTests {
    /// The built-in theme plus `extra` files (project-relative paths), as a school's project would have.
    static func theme(_ extra: [String: String] = [:], name: String = "default") throws -> Theme {
        var sources = SourceFiles()
        sources.set("Themes/default/page.mustache", "{{#table}}{{>partials.table}}{{/table}}\n")
        for (path, text) in extra { sources.set(path, text) }
        return try Theme(name: name, sources: sources)
    }

    /// Renders `page` on the compiled engine and on swift-mustache; both must agree, with no fallback.
    static func render(_ theme: Theme, _ context: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) -> String {
        var theme = theme
        #expect(theme.compiled["page"] != nil, "compiled: \(theme.uncompiled)", sourceLocation: sourceLocation)
        let fast = theme.render("page", context)
        #expect(theme.fallbacks.count == 0, "pages handed back to swift-mustache", sourceLocation: sourceLocation)
        theme.engine = .mustache
        let reference = theme.render("page", context)
        #expect(fast == reference, sourceLocation: sourceLocation)
        return fast
    }

    /// Every kind of cell, with text that must be escaped (quotes, ampersands, markup, a `<`
    /// glued to a combining accent).
    static var rows: [([TableRows.Cell], String?)] { [
        ([.text("<Year 7> & \"co\"", sort: "7'a"), .num("1,234"), .link("O'Brien, Zoë", "pupils/o'b.html?a=1&b=2", sort: "o'brien zoë"),
          .emphasis("12.5%", strong: true, after: " (stands <out>)", class: "num"), .emphasis("3.0%", strong: false, after: " (stands out)", class: "num"),
          .text("", sort: ""), .text("a\u{301}<b>")], nil),
        ([.link("Class <script>", "classes/x.html"), .text("plain", "hint"), .num("–", sort: "-1")], "notable"),
    ] }

    @Test func themeRowsAreTheBytesOfSwiftRows() throws {
        let theme = try Self.theme()
        let headers: [(String, Bool)] = [("Name <&>", false), ("Pupils", true)]
        let typed = Self.render(theme, ["table": IntranetPages.scrollTable(
            id: "t-1", caption: "Caption \"quoted\" & <b>", headers: headers,
            rows: Self.rows.map { TableRows.context($0.0, class: $0.1) }, cls: "sortable")])
        let swift = Self.render(theme, ["table": IntranetPages.scrollTable(
            id: "t-1", caption: "Caption \"quoted\" & <b>", headers: headers,
            rowsHTML: Self.rows.map { TableRows.row($0.0, class: $0.1) }.joined(), cls: "sortable")])
        #expect(typed == swift)
        #expect(typed.hasPrefix("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"t-1\">\n<table class=\"sortable\">\n"
            + "<caption id=\"t-1\">Caption &quot;quoted&quot; &amp; &lt;b&gt;</caption>\n"
            + "<thead><tr><th scope=\"col\">Name &lt;&amp;&gt;</th><th scope=\"col\" class=\"num\">Pupils</th></tr></thead>\n<tbody>\n"
            + "<tr><th scope=\"row\" data-sort=\"7&#39;a\">&lt;Year 7&gt; &amp; &quot;co&quot;</th>"))
        #expect(typed.contains("<td data-sort=\"o&#39;brien zoë\"><a href=\"pupils/o&#39;b.html?a=1&amp;b=2\">O&#39;Brien, Zoë</a></td>"))
        #expect(typed.contains("<td class=\"num\"><strong>12.5%</strong> (stands &lt;out&gt;)</td><td class=\"num\">3.0%</td><td data-sort=\"\"></td>"))
        #expect(typed.contains("<td>a\u{301}&lt;b&gt;</td></tr>\n<tr class=\"notable\"><th scope=\"row\"><a href=\"classes/x.html\">Class &lt;script&gt;</a></th>"))
        #expect(typed.hasSuffix("</tr>\n</tbody>\n</table>\n</div>\n\n"))
        #expect(!typed.contains("<script>") && !typed.contains("<out>"))
    }

    @Test func aSuppressedGroupSaysWhy() throws {
        let html = Self.render(try Self.theme(), ["table": IntranetPages.scrollTable(
            id: "g", caption: "Groups", headers: [("Group", false)], rows: [TableRows.suppressedContext("<G>", columns: 3)])])
        #expect(html.contains("<tbody>\n<tr class=\"suppressed\"><th scope=\"row\">&lt;G&gt;</th><td class=\"num\">fewer than 5</td>"
            + "<td colspan=\"3\">Figures not shown, so that no pupil can be identified.</td></tr>\n</tbody>"))
        // No class on the table, no rows at all: nothing left over.
        #expect(html.contains("<table>\n"))
        let empty = Self.render(try Self.theme(), ["table": IntranetPages.scrollTable(id: "e", caption: "E", headers: [], rows: [])])
        #expect(empty.contains("<tbody>\n</tbody>"))
    }

    /// A cell's optional values are looked up in the cell alone: an enclosing context with the
    /// same names (a page's `sort`, `href`, `cls`, `rows`) never leaks into a table.
    @Test func valuesDoNotLeakFromEnclosingContexts() throws {
        let html = Self.render(try Self.theme(), [
            "sort": "PAGE", "href": "PAGE", "cls": "PAGE", "after": "PAGE", "strong": true, "colspan": "9", "scope": "PAGE",
            "rowsHTML": "PAGE",
            "table": IntranetPages.scrollTable(id: "x", caption: "X", headers: [("A", false)], rows: TableRows.contexts([[.text("a"), .text("b")]])),
        ])
        #expect(!html.contains("PAGE") && !html.contains("strong") && !html.contains("colspan"))
        #expect(html.contains("<tr><th scope=\"row\">a</th><td>b</td></tr>\n"))
    }

    @Test func aSchoolsOwnPartialWins() throws {
        let mine = "{{#.rows}}<tr class=\"mine\">{{#cells}}<{{.tag}}>{{.text}}</{{.tag}}>{{/cells}}</tr>\n{{/.rows}}"
        let table: [String: Any] = ["table": IntranetPages.scrollTable(id: "x", caption: "X", headers: [("A", false)], rows: TableRows.contexts([[.text("a&b"), .num("1")]]))]
        // Overriding the built-in theme's file, and in a theme of the school's own.
        for (path, name) in [("Themes/default/partials/table-rows.mustache", "default"), ("Themes/myschool/partials/table-rows.mustache", "myschool")] {
            let html = Self.render(try Self.theme([path: mine], name: name), table)
            #expect(html.contains("<tbody>\n<tr class=\"mine\"><th>a&amp;b</th><td>1</td></tr>\n</tbody>"), "\(name)")
        }
    }
}

/// A school's copy of a template made before its tables went back to the theme is warned about.
@Suite struct RetiredHTMLValuesTests {
    @Test func anOldCopyPrintingATableRawIsWarnedAboutByLine() throws {
        let old = "{{<layouts.intranet}}\n{{$main}}\n{{{bandTable}}}\n{{#hasAtRisk}}{{& atRiskTable }}{{/hasAtRisk}}\n{{{chart}}}\n{{/main}}\n{{/layouts.intranet}}\n"
        let theme = try TableTemplateTests.theme(["Themes/default/intranet/bands.mustache": old])
        let found = theme.warnings.filter { $0.path == "Themes/default/intranet/bands.mustache" }
        #expect(found.map(\.line) == [3, 4])
        #expect(found.allSatisfy { $0.level == .warning })
        #expect(found.first?.message.contains("`bandTable` no longer holds HTML") == true)
        // `chart` is still HTML there; the same name in another template is not retired.
        let other = try TableTemplateTests.theme(["Themes/default/intranet/pupils.mustache": "{{{rows}}}{{{bandTable}}}"])
        #expect(other.warnings.isEmpty)
    }

    @Test func theBuiltInTemplatesAndACopyOfThemAreNotWarnedAbout() throws {
        #expect(try TableTemplateTests.theme().warnings.isEmpty)
        let builtIn = SourceFiles()
        var copy: [String: String] = [:]
        for (path, text) in builtIn.under("Themes/default") { copy[path] = text }
        #expect(try TableTemplateTests.theme(copy).warnings.isEmpty)
        #expect(RetiredHTMLValues.rawNames(in: "a {{{ x }}} b {{&y}} {{z}} {{#w}}") == ["x", "y"])
    }
}
