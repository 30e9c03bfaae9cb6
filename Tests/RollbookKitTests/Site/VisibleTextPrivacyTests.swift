import Foundation
@testable import RollbookKit
import Testing

/// Issue 13 item 6: the privacy check reads campaign pages as a reader sees them.
@Suite struct VisibleTextPrivacyTests {
    static let pupils = [
        Pupil(id: "P0042", upn: "A123456789012", forename: "Amelia", surname: "Jones", className: "7B", yearGroup: "7", line: 2),
        Pupil(id: "P0043", upn: "", forename: "Will", surname: "Hart", className: "8C", yearGroup: "8", line: 3),
    ]

    static func leaks(_ html: String) -> [String] {
        PrivacyCheck.scan(files: [(path: "parents/x.html", text: html)], pupils: pupils).map { "\($0.line) \($0.what)" }
    }

    @Test func namesHiddenByMarkupAreFound() {
        #expect(Self.leaks("<p>Well done <strong>Amelia</strong> Jones</p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p>Well done Amelia\n</p>\n<p>Jones</p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p><a href=\"x.html\">Amelia</a> Jones</p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p><code>Amelia</code> <em>Jones</em></p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p>Ame<em>lia</em> Jones</p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p>Amelia&nbsp;Jones</p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p>&#65;melia &#x4A;ones</p>") == ["1 the name of pupil P0042"])
        #expect(Self.leaks("<p>Amelia<!-- x -->\n<!-- y --> Jones</p>") == ["1 the name of pupil P0042"])
    }

    @Test func aForenameWithTheClassIsFound() {
        #expect(Self.leaks("<p>Well done Amelia in 7B!</p>") == ["1 the forename and class of pupil P0042"])
        #expect(Self.leaks("<p>Amelia (7B) came every day.</p>") == ["1 the forename and class of pupil P0042"])
        #expect(Self.leaks("<p>Line one\n7B’s <b>Amelia</b> again</p>") == ["2 the forename and class of pupil P0042"])
    }

    @Test func ordinaryPagesStayBuildable() {
        #expect(Self.leaks("<p>Amelia Earhart flew. Jones Street. Class 7B and 8C. Will you help? Everyone in 8C will help.</p>").isEmpty)
        #expect(Self.leaks("<p>Every day counts for Amelia and Will.</p>").isEmpty)
        #expect(Self.leaks("<p>Amelia went home. The rest of the school, from Year 7 to 11, stayed in 7B.</p>").isEmpty)
    }

    /// The error points at the Markdown line that holds the name, however it is written.
    @Test func theBuildErrorPointsIntoTheMarkdownSource() throws {
        let cases: [(String, Int)] = [
            ("Well done **Amelia**\nJones, and all of 7A!\n", 5),
            ("Intro.\n\nWell done [Amelia](well-done.html) Jones!\n", 7),
            ("Intro.\n\n```\nlist:\nAmelia Jones\n```\n", 9),
            ("Three cheers for\n\n*Amelia* (7A) for 100 %.\n", 7),
        ]
        for (body, line) in cases {
            let p = try SiteTestProject(files: ["Content/campaigns/well-done.md": "---\ntitle: Well done\n---\n\n" + body])
            defer { p.remove() }
            let e = try #require(throws: InputError.self) {
                try p.build()
            }
            #expect(e.diagnostics.first?.path == "Content/campaigns/well-done.md", "\(e)")
            #expect(e.diagnostics.first?.line == line, "\(body): \(e)")
            #expect(e.description.contains("pupil P1 (in site/parents/well-done.html:"))
            #expect(!p.exists("parents/index.html"))
        }
    }
}
