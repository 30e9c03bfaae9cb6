import Testing
@testable import RollbookKit

/// A `<`, `>`, `"` or `,` glued to a neighbouring scalar in one grapheme cluster (after U+0600,
/// a "prepend" character, or before U+0301, a combining accent) is a different Swift `Character`
/// but still markup or a separator to a browser or a CSV reader. Found by scripts/xss-school.py
/// and the site check "d. xss": swift-mustache's own `{{x}}` escaping let these through.
@Suite("Escaping per scalar, not per grapheme cluster")
struct GraphemeEscapingTests {
    static let payload = "\"\u{301} \u{600}>\u{600}<img src=x onerror=window.__xss=1 \u{600}>"

    @Test func templatesEscapeGluedMarkupCharacters() throws {
        var sources = SourceFiles(builtIn: false)
        for r in Theme.required { sources.set("Themes/default/\(r).mustache", "") }
        sources.set("Themes/default/partials/p.mustache", "<i title=\"{{x}}\">{{x}}</i>")
        sources.set("Themes/default/layouts/intranet.mustache", "<b title=\"{{x}}\">{{x}}</b>{{$main}}{{/main}}")
        sources.set("Themes/default/intranet/overview.mustache",
                    "{{<layouts.intranet}}{{$main}}<p data-x=\"{{x}}\">{{x}}</p>{{>partials.p}}{{/main}}{{/layouts.intranet}}")
        let theme = try Theme(name: "default", sources: sources)
        let html = theme.render("intranet/overview", ["x": Self.payload])
        // Compared as bytes: String's own search is per Character and would miss "\u{600}<img".
        #expect(Self.count("<img", in: html) == 0)
        #expect(Self.count("\"\u{301}", in: html) == 0)
        // Every copy (layout, block, partial; text and attribute) is escaped per scalar.
        #expect(Self.count(Escape.html(Self.payload), in: html) == 6)
    }

    static func count(_ needle: String, in text: String) -> Int {
        let n = Array(needle.utf8), t = Array(text.utf8)
        guard !n.isEmpty, t.count >= n.count else { return 0 }
        return (0...(t.count - n.count)).filter { t[$0..<($0 + n.count)].elementsEqual(n) }.count
    }

    @Test func csvQuotesGluedQuotesAndSeparators() {
        #expect(Escape.csv("a\"\u{301}b") == "\"a\"\"\u{301}b\"")
        #expect(Escape.csv("a\u{600},b") == "\"a\u{600},b\"")
        #expect(Escape.csv("a\r\nb") == "\"a\r\nb\"")
        #expect(Escape.csv("plain") == "plain")
    }
}
