import Testing
@testable import RollbookKit

/// Rollbook's Mustache compiler, feature by feature: each template is rendered by the compiled
/// path and by swift-mustache, and both must give the expected text.
@Suite("Template compiler")
struct TemplateCompilerTests {
    /// A theme holding `templates` (name → text; `page` is rendered) besides empty required ones.
    static func theme(_ templates: [String: String]) throws -> Theme {
        var sources = SourceFiles(builtIn: false)
        for r in Theme.required { sources.set("Themes/default/\(r).mustache", "") }
        for (name, text) in templates { sources.set("Themes/default/\(name).mustache", text) }
        return try Theme(name: "default", sources: sources)
    }

    /// The page rendered both ways; checks both agree and the compiled path really ran.
    static func render(_ templates: [String: String], _ context: [String: Any], compiled: Bool = true,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var theme = try theme(templates)
        let fast = theme.render("page", context)
        #expect((theme.compiled["page"] != nil) == compiled, "compiled: \(theme.uncompiled)", sourceLocation: sourceLocation)
        #expect(theme.fallbacks.count == 0, sourceLocation: sourceLocation)
        theme.engine = .mustache
        let reference = theme.render("page", context)
        #expect(fast == reference, "compiled \(fast.debugDescription) but swift-mustache \(reference.debugDescription)", sourceLocation: sourceLocation)
        return fast
    }

    static func render(_ page: String, _ context: [String: Any] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try render(["page": page], context, sourceLocation: sourceLocation)
    }

    @Test func variablesAreEscapedAsToday() throws {
        let ctx: [String: Any] = ["x": "a & b < c > d \" e ' f", "n": 42, "d": 1.5, "t": true]
        #expect(try Self.render("{{x}}|{{{x}}}|{{& x}}|{{ x }}", ctx)
            == "a &amp; b &lt; c &gt; d &quot; e &#39; f|a & b < c > d \" e ' f|a & b < c > d \" e ' f|a &amp; b &lt; c &gt; d &quot; e &#39; f")
        #expect(try Self.render("{{n}} {{d}} {{t}} [{{missing}}]", ctx) == "42 1.5 true []")
        // Per scalar: a `<` glued to a combining or prepend character is still escaped.
        #expect(try Self.render("{{x}}", ["x": "\u{600}<b>\"\u{301}"]) == "\u{600}&lt;b&gt;&quot;\u{301}")
        #expect(try Self.render("{{x}}", ["x": "Zoë Ōkawa-Smith"]) == "Zoë Ōkawa-Smith")
    }

    @Test func sectionsOverListsBooleansObjectsAndText() throws {
        let ctx: [String: Any] = [
            "school": "Oak", "yes": true, "no": false, "empty": [String](),
            "items": [["name": "A"], ["name": "B", "school": "Elm"]], "words": ["x", "y<"],
            "pupil": ["name": "Ann", "class": ["name": "4B"]], "label": "L",
        ]
        #expect(try Self.render("{{#items}}{{name}}@{{school}};{{/items}}", ctx) == "A@Oak;B@Elm;")
        #expect(try Self.render("{{#words}}<{{.}}>{{/words}}", ctx) == "<x><y&lt;>")
        #expect(try Self.render("{{#yes}}Y{{school}}{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}{{#missing}}M{{/missing}}", ctx) == "YOak")
        #expect(try Self.render("{{#pupil}}{{name}} {{class.name}} {{school}}{{/pupil}} {{pupil.class.name}}", ctx) == "Ann 4B Oak 4B")
        #expect(try Self.render("{{#label}}[{{.}}]{{/label}}", ctx) == "[L]")
        // `.name` looks in the innermost context only; `name` climbs the stack.
        #expect(try Self.render("{{#pupil}}{{#class}}{{.name}}/{{school}}/{{.school}}|{{/class}}{{/pupil}}", ctx) == "4B/Oak/|")
        // A dotted name that starts in a context does not climb further when the rest is missing.
        #expect(try Self.render("{{#pupil}}[{{class.school}}]{{/pupil}}", ctx) == "[]")
    }

    @Test func invertedSections() throws {
        let ctx: [String: Any] = ["yes": true, "no": false, "empty": [Int](), "list": [1], "s": ""]
        #expect(try Self.render("{{^yes}}1{{/yes}}{{^no}}2{{/no}}{{^empty}}3{{/empty}}{{^list}}4{{/list}}{{^missing}}5{{/missing}}{{^s}}6{{/s}}", ctx) == "235")
    }

    @Test func commentsAndStandaloneLines() throws {
        let ctx: [String: Any] = ["s": true, "items": ["a", "b"]]
        #expect(try Self.render("a{{! note }}b\n  {{! standalone }}\nc", ctx) == "ab\nc")
        #expect(try Self.render("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n", ctx) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        #expect(try Self.render("x\r\n  {{#s}}\r\ny\r\n  {{/s}}\r\nz", ctx) == "x\r\ny\r\nz")
        // Not standalone: text before or after the tag on its line keeps the whitespace.
        #expect(try Self.render("  {{#s}}y{{/s}}  \n", ctx) == "  y  \n")
        // swift-mustache's quirk: after a section whose opening tag was not standalone, the next
        // line is not "new", so a standalone-looking tag on it keeps its line.
        let quirk = try Self.render("{{#s}}x\n{{/s}}\n  {{#s}}\ny\n{{/s}}\n", ctx)
        #expect(quirk == "x\n  \ny\n")
        // Trailing spaces at the very end of a template are dropped, as swift-mustache does.
        #expect(try Self.render("abc\n   ", ctx) == "abc\n")
        // The theme's pragma shares the first line: a blank first line is swallowed with it.
        #expect(try Self.render("\nA", ctx) == "A")
    }

    @Test func partialsWithIndentation() throws {
        let templates = ["page": "<div>\n  {{>p}}\n</div>\n{{>p}} and {{>q}}|", "p": "a\n{{x}}\nb\n", "q": "[{{x}}]"]
        #expect(try Self.render(templates, ["x": "X\nY"]) == "<div>\n  a\n  X\nY\n  b\n</div>\na\nX\nY\nb\n and [X\nY]|")
    }

    @Test func parentsAndBlocks() throws {
        let templates = [
            "layout": "<title>{{$title}}Default{{/title}}</title>\n<main>\n{{$main}}{{/main}}\n</main>\n  {{$foot}}\n  f{{x}}\n  {{/foot}}\n",
            "page": "{{<layout}}\n{{$title}}T {{x}}{{/title}}\n{{$main}}\n<p>{{x}}</p>\n{{>p}}\n{{/main}}\n{{/layout}}\nafter",
            "p": "<i>{{x}}</i>\n",
        ]
        let page = try Self.render(templates, ["x": "<b>"])
        #expect(page == "<title>T &lt;b&gt;</title>\n<main>\n<p>&lt;b&gt;</p>\n<i>&lt;b&gt;</i>\n\n</main>\n    f&lt;b&gt;\nafter")
        // (The block's indentation counts twice, and the block's last line break stays: as swift-mustache.)
        // A block overridden from further out wins over the inner parent's own override.
        let nested = [
            "base": "[{{$a}}base{{/a}}]",
            "mid": "{{<base}}{{$a}}mid{{/a}}{{/base}}",
            "page": "{{<mid}}{{$a}}page{{/a}}{{/mid}}",
        ]
        #expect(try Self.render(nested, [:]) == "[page]")
    }

    @Test func valuesThatAreNotModelledFallBackPerPage() throws {
        var theme = try Self.theme(["page": "{{#t}}[{{x}}]{{/t}}{{x}}"])
        let ctx: [String: Any] = ["t": ("a", "b"), "x": "X"]
        let fast = theme.render("page", ctx)
        #expect(theme.fallbacks.count == 1)
        theme.engine = .mustache
        #expect(fast == theme.render("page", ctx))
        #expect(fast == "[X]X")
        // A list printed as a variable: the compiled renderer stops and hands the page over.
        var printed = try Self.theme(["page": "{{items}}"])
        let list = printed.render("page", ["items": ["a"]])
        #expect(printed.fallbacks.count == 1)
        printed.engine = .mustache
        #expect(list == printed.render("page", ["items": ["a"]]))
    }

    @Test func unsupportedFeaturesFallBackPerTemplate() throws {
        let templates = [
            "page": "{{=<% %>=}}<%x%> {{x}}", "lower": "{{lowercased(x)}}", "uses": "({{>lower}})",
            "fine": "{{x}}",
        ]
        var theme = try Self.theme(templates)
        #expect(theme.uncompiled["page"] != nil && theme.uncompiled["lower"] != nil && theme.uncompiled["uses"] != nil)
        #expect(theme.compiled["fine"] != nil)
        let ctx: [String: Any] = ["x": "Ab<"]
        let fast = ["page", "lower", "uses", "fine"].map { theme.render($0, ctx) }
        theme.engine = .mustache
        #expect(fast == ["page", "lower", "uses", "fine"].map { theme.render($0, ctx) })
        #expect(fast == ["Ab&lt; {{x}}", "ab&lt;", "(ab&lt;)", "Ab&lt;"])
    }

    /// Random well-formed templates, mixing text, blank lines, indentation, CRLF and every
    /// supported tag: both engines must agree byte for byte.
    @Test func randomTemplatesAgreeWithSwiftMustache() throws {
        var rng = SplitMix(seed: 11)
        let ctx: [String: Any] = [
            "x": "a&b", "h": "<i>", "yes": true, "no": false, "list": [["x": "1"], ["x": "2<"]],
            "words": ["p", "q"], "empty": [String](), "obj": ["x": "o", "y": "Y"],
        ]
        var fallbacks = 0
        for round in 0..<300 {
            let page = Self.randomTemplate(&rng, depth: 0)
            let partial = Self.randomTemplate(&rng, depth: 2)  // no `{{>p}}` inside p
            let layout = "A{{$b}}" + Self.randomTemplate(&rng, depth: 2) + "{{/b}}\n" + Self.randomTemplate(&rng, depth: 2)
            let child = "{{<layout}}\n" + (rng.next() % 2 == 0 ? "  {{$b}}\n" + Self.randomTemplate(&rng, depth: 2) + "\n  {{/b}}\n" : "") + "{{/layout}}" + Self.randomTemplate(&rng, depth: 2)
            let templates = ["page": page, "p": partial, "layout": layout, "child": child]
            var theme = try Self.theme(templates)
            #expect(theme.uncompiled.isEmpty, "round \(round): \(theme.uncompiled)")
            let fast = ["page", "child"].map { theme.render($0, ctx) }
            fallbacks += theme.fallbacks.count
            theme.engine = .mustache
            let reference = ["page", "child"].map { theme.render($0, ctx) }
            #expect(fast == reference, "round \(round): \(templates)")
            if fast != reference { break }
        }
        // No piece prints a list or an object (`{{.}}` only inside `{{#words}}`): every page
        // stays on the compiled path, so the comparison tests it.
        #expect(fallbacks == 0, "\(fallbacks) of 600 pages fell back")
    }

    static func randomTemplate(_ rng: inout SplitMix, depth: Int) -> String {
        let pieces = ["a", "b c", " ", "  ", "\t", "\n", "\n", "\r\n", "{{x}}", "{{{h}}}", "{{& h}}", "{{! c }}",
                      "{{obj.x}}", "{{missing}}", "\n  ", "  \n"] + (depth < 2 ? ["{{>p}}", "  {{>p}}\n", "{{>p}}\n"] : [])
        var s = ""
        for _ in 0..<(Int(rng.next() % 8) + 1) {
            let r = rng.next() % 10
            if r < 3, depth < 3 {
                let name = ["yes", "no", "list", "words", "empty", "obj", "missing", "x"][Int(rng.next() % 8)]
                let sigil = rng.next() % 3 == 0 ? "^" : "#"
                let ws = ["", "  ", "\n", "\n  "][Int(rng.next() % 4)]
                s += ws + "{{\(sigil)\(name)}}" + ["", "\n", " \n", "\r\n"][Int(rng.next() % 4)] + (name == "words" ? "{{.}}" : "") + randomTemplate(&rng, depth: depth + 1)
                    + ["", "\n", "  "][Int(rng.next() % 3)] + "{{/\(name)}}" + ["", "\n", " \n"][Int(rng.next() % 3)]
            } else {
                s += pieces[Int(rng.next() % UInt64(pieces.count))]
            }
        }
        return s
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
