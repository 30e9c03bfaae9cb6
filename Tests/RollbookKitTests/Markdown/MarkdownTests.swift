import Testing
@testable import RollbookKit

@Suite("Markdown through cmark")
struct MarkdownTests {
    @Test func commonMarkBasics() {
        #expect(Markdown.html("# Title\n\n*em* and **strong**\n\n- a\n- b\n") ==
                "<h1>Title</h1>\n<p><em>em</em> and <strong>strong</strong></p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n")
        // CommonMark spec example: a backslash escape is literal.
        #expect(Markdown.html("\\*not emphasised\\*") == "<p>*not emphasised*</p>\n")
        #expect(Markdown.html("[site](https://example.org \"T\")") == "<p><a href=\"https://example.org\" title=\"T\">site</a></p>\n")
    }

    @Test func smartPunctuation() {
        #expect(Markdown.html("\"Quoted\" and it's -- so... ok---yes") ==
                "<p>\u{201C}Quoted\u{201D} and it\u{2019}s \u{2013} so\u{2026} ok\u{2014}yes</p>\n")
    }

    @Test func rawHTMLIsNotPassedThrough() {
        let html = Markdown.html("Hello <script>alert(1)</script> <b onclick=\"x()\">bold</b>\n\n<div>block</div>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("<div>"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test func dangerousLinksAreDropped() {
        #expect(Markdown.html("[x](javascript:alert(1))") == "<p><a href=\"\">x</a></p>\n")
        #expect(Markdown.html("![i](javascript:alert(1))") == "<p><img src=\"\" alt=\"i\" /></p>\n")
        #expect(Markdown.html("[x](vbscript:msgbox)").contains("href=\"\""))
        #expect(Markdown.html("<javascript:alert(1)>").contains("href=\"\""))
    }

    @Test func textIsEscapedAndNonASCIIKept() {
        #expect(Markdown.html("a < b & c > d") == "<p>a &lt; b &amp; c &gt; d</p>\n")
        #expect(Markdown.html("Zażółć gęślą jaźń") == "<p>Zażółć gęślą jaźń</p>\n")
        #expect(Markdown.html("ہر دن اہم ہے") == "<p>ہر دن اہم ہے</p>\n")
    }

    /// The page title is the h1: the body's highest heading becomes h2 whatever level its author
    /// wrote, the others keep their order, and none goes past h6 (axe's heading-order rule).
    @Test func headingsSitJustBelowThePageTitle() {
        #expect(Markdown.html("# A\n\n## B\n\n###### F", topHeading: 2) == "<h2>A</h2>\n<h3>B</h3>\n<h6>F</h6>\n")
        #expect(Markdown.html("## A\n\n### B\n\n## C", topHeading: 2) == "<h2>A</h2>\n<h3>B</h3>\n<h2>C</h2>\n")
        #expect(Markdown.html("### A\n\n#### B", topHeading: 2) == "<h2>A</h2>\n<h3>B</h3>\n")
        #expect(Markdown.html("No headings here", topHeading: 2) == "<p>No headings here</p>\n")
        #expect(Markdown.html("## A") == "<h2>A</h2>\n")
    }

    @Test func plainTextDropsMarkup() {
        #expect(Markdown.plainText("Every *day* counts: `95 %`") == "Every day counts: 95 %")
        #expect(Markdown.plainText("Be <b>safe</b>") == "Be safe")
    }

    @Test func manyDocumentsRenderWithoutLeaking() {
        // Memory is freed per call; a loop over many documents must stay correct.
        for i in 0..<2000 { #expect(Markdown.html("n\(i)") == "<p>n\(i)</p>\n") }
    }
}

@Suite("Front matter")
struct FrontMatterTests {
    @Test func fieldsBodyAndLines() throws {
        let doc = try MarkdownDocument.parse("---\ntitle: Hello\norder: 3\n---\nBody line\n", path: "Content/campaigns/x.md")
        #expect(doc.fields["title"] == "Hello")
        #expect(doc.fields["order"] == "3")
        #expect(doc.fieldLines["order"] == 3)
        #expect(doc.body == "Body line\n")
        #expect(doc.bodyLine == 5)
    }

    @Test func noFrontMatterIsAllBody() throws {
        let doc = try MarkdownDocument.parse("Just text", path: "a.md")
        #expect(doc.fields.isEmpty)
        #expect(doc.body == "Just text")
    }

    @Test func missingClosingLineIsAnErrorOnLineOne() throws {
        let e = try #require(throws: InputError.self) { try MarkdownDocument.parse("---\ntitle: x\nbody\n", path: "Content/campaigns/x.md") }
        #expect(e.description == "Content/campaigns/x.md:1: error: front matter starts with `---` but has no closing `---` line")
    }

    @Test func malformedYAMLNamesTheFileLine() throws {
        let e = try #require(throws: InputError.self) {
            _ = try MarkdownDocument.parse("---\ntitle: ok\nsummary: [unclosed\n---\n", path: "p.md")
        }
        #expect(e.diagnostics.count == 1)
        #expect(e.diagnostics[0].path == "p.md")
        #expect((e.diagnostics[0].line ?? 0) >= 3)
        #expect(e.description.contains("p.md:"))
    }

    @Test func campaignFieldErrorsPointAtTheirLines() throws {
        let e = try #require(throws: InputError.self) {
            _ = try CampaignPage.parse("---\ntitle: T\norder: first\ndate: 2025-02-30\ndraft: maybe\n---\nx", path: "Content/campaigns/t.md")
        }
        #expect(e.description.contains("Content/campaigns/t.md:3: error: `order` must be a whole number, not `first`"))
        #expect(e.description.contains("Content/campaigns/t.md:4: error: `date` must be a date"))
        #expect(e.description.contains("Content/campaigns/t.md:5: error: `draft` must be true or false"))
    }

    @Test func languageAndKeyFromTheFileName() throws {
        let p = try CampaignPage.parse("---\ntitle: Każdy dzień\n---\nx", path: "Content/campaigns/every-day-counts.pl.md")
        #expect(p.lang == "pl")
        #expect(p.key == "every-day-counts")
        #expect(p.outputPath == "every-day-counts.pl.html")
        let en = try CampaignPage.parse("---\ntitle: Every day\n---\nx", path: "Content/campaigns/every-day-counts.md")
        #expect(en.outputPath == "every-day-counts.html")
    }
}
