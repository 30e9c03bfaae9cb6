import Foundation
@testable import RollbookKit
import Testing

/// Issue 13 item 9, spec section 8: nothing is loaded from outside the site, and every page
/// carries a Content-Security-Policy with no inline code.
@Suite struct RemoteContentTests {
    static let page = """
        ---
        title: Pictures
        ---
        Local pictures are fine: ![a map](images/map.png) and links out too: [DfE](https://www.gov.uk/).

        ![tracker](https://tracker.example/pixel.gif)
        Some text, then on the next line
        a protocol-relative one: ![x](//cdn.example/x.png).

        ![by reference][logo]

        ![root](/logo.png) ![data](data:image/png;base64,AAAA)

        [logo]: HTTPS://cdn.example/logo.svg
        """

    @Test func campaignPagesWithRemoteImagesAreRejectedWithFileAndLine() throws {
        let e = try #require(throws: InputError.self) {
            _ = try CampaignPage.parse(Self.page, path: "Content/campaigns/pictures.md")
        }
        let lines = e.diagnostics.map { "\($0.path):\($0.line ?? 0)" }
        #expect(lines == ["Content/campaigns/pictures.md:6", "Content/campaigns/pictures.md:8", "Content/campaigns/pictures.md:10",
                          "Content/campaigns/pictures.md:12", "Content/campaigns/pictures.md:12"])
        #expect(e.description.contains("Content/campaigns/pictures.md:6: error: image `https://tracker.example/pixel.gif` is loaded from outside the site"))
        #expect(e.description.contains("`HTTPS://cdn.example/logo.svg`"))
        #expect(!e.description.contains("images/map.png"))
    }

    @Test func lettersWithRemoteImagesAreRejected() throws {
        let letter = "---\ntitle: Hello\ntrigger: severe\n---\n\nDear {{forename}},\n![](http://x.example/a.png)\n"
        let e = try #require(throws: InputError.self) {
            _ = try LetterTemplate.parse(letter, path: "Content/letters/x.md")
        }
        #expect(e.description == "Content/letters/x.md:7: error: image `http://x.example/a.png` is loaded from outside the site: pages for parents and letters may only show images that are files of the site (put the picture in Content/ and use a relative path)")
    }

    @Test func localImagesAreFine() throws {
        let ok = "---\ntitle: Ok\n---\n![a](a.png) ![b](../b/c.png?x=1#y) ![c](d%3Ae.png)\n"
        _ = try CampaignPage.parse(ok, path: "Content/campaigns/ok.md")
        #expect(!ContentSecurity.isLocal("/\t/host.example/y.png"))
        #expect(!ContentSecurity.isLocal(" //host/y.png"))
        #expect(!ContentSecurity.isLocal("\\\\host\\y.png"))
        #expect(!ContentSecurity.isLocal("javascript:alert(1)"))
        #expect(ContentSecurity.isLocal("img/a:b.png"))
    }

    @Test func theBuildStopsOnARemoteImage() throws {
        let p = try SiteTestProject(files: ["Content/campaigns/pic.md": "---\ntitle: Pic\n---\n\nHello\n\n![](https://evil.example/p.png)\n"])
        defer { p.remove() }
        #expect(throws: InputError.self) { try p.build() }
        #expect(!p.exists("parents/index.html"))
    }

    @Test func everyPageCarriesTheContentSecurityPolicyAndNoInlineCode() throws {
        let p = try SiteTestProject(files: ["Content/letters/all.md": "---\ntitle: All\ntrigger: persistent\norder: 0\n---\nDear {{forename}}\n"])
        defer { p.remove() }
        try p.build()
        var pages = 0
        for (rel, bytes) in p.tree(p.site) where rel.hasSuffix(".html") {
            pages += 1
            let html = String(decoding: bytes, as: UTF8.self)
            #expect(html.contains(ContentSecurity.meta), "\(rel) has no CSP")
            #expect(!html.contains("<style"), "\(rel)")
            #expect(!html.contains(" style="), "\(rel)")
            #expect(html.components(separatedBy: "<script").dropFirst().allSatisfy { $0.hasPrefix(" src=") }, "\(rel) has an inline script")
            #expect(html.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(rel) has an event handler")
        }
        #expect(pages > 10)
        #expect(p.read("intranet/letters/index.html").contains("P3.all.html"))
    }

    @Test func aThemeLayoutWithoutThePolicyGetsIt() {
        let page = "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n<title>x</title></head><body></body></html>"
        let out = ContentSecurity.ensure(page)
        #expect(out == "<!DOCTYPE html>\n<html><head>\n<meta charset=\"utf-8\">\n" + ContentSecurity.meta + "\n<title>x</title></head><body></body></html>")
        #expect(ContentSecurity.ensure(out) == out)
        #expect(ContentSecurity.ensure("<p>fragment</p>") == "<p>fragment</p>")
        // The shipped layouts carry exactly the policy.
        for layout in ["intranet", "letter", "parents"] {
            let text = DefaultFiles.all.first { $0.path.hasSuffix("layouts/\(layout).mustache") }?.text ?? ""
            #expect(text.contains(ContentSecurity.meta), "\(layout)")
        }
    }

    @Test func inlineCodeInASchoolThemeIsReportedWithFileAndLine() throws {
        #expect(ContentSecurity.inlineCode(in: "<p class=\"a\" title=\"x style=y\">t</p><script src=\"a.js\"></script>") == nil)
        #expect(ContentSecurity.inlineCode(in: "<p>\n<b style=\"color:red\">x</b>")?.line == 2)
        #expect(ContentSecurity.inlineCode(in: "<button onclick=\"go()\">x</button>")?.what == "a `onclick` attribute")
        #expect(ContentSecurity.inlineCode(in: "a\nb\n<script>alert(1)</script>").map { "\($0.line) \($0.what)" } == "3 an inline <script>")
        #expect(ContentSecurity.inlineCode(in: "<style>p{}</style>")?.what == "a <style> element")
        let original = DefaultFiles.all.first { $0.path == "Themes/default/parents/index.mustache" }?.text ?? ""
        #expect(!original.isEmpty)
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).count
        let p = try SiteTestProject(files: ["Themes/default/parents/index.mustache": original + "\n<script>track()</script>\n"])
        defer { p.remove() }
        let r = try p.build()
        #expect(r.warnings.map(\.description).contains { $0.hasPrefix("Themes/default/parents/index.mustache:\(lines + 1): warning: an inline <script>: browsers ignore it") }, "\(r.warnings)")
        #expect(p.read("parents/index.html").contains(ContentSecurity.meta))
    }
}
