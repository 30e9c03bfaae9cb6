import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

@Suite("Page variables")
struct PageVariablesTests {
    static func config(name: String = "Test School", extra: String = "") throws -> ProjectConfig {
        try ProjectConfig.parse(yaml: TestSchool.standardConfig.replacingOccurrences(of: "name: Test School", with: "name: \"\(name)\"") + extra)
    }

    @Test func valuesComeFromRollbookYml() throws {
        let contact = try SchoolContact.parse(yaml: "contact:\n  phone: 01632 960123\n  email: office@oak.example\n  attendance_lead: Mr B Khan\n")
        let v = PageVariables(config: try Self.config(), contact: contact)
        #expect(v.values["school.name"] == "Test School")
        #expect(v.values["registers.am_closes"] == "9:15am")
        #expect(v.values["registers.pm_closes"] == "1:30pm")
        #expect(v.values["contact.phone"] == "01632 960123")
        #expect(v.values["contact.email"] == "office@oak.example")
        #expect(v.values["contact.attendance_lead"] == "Mr B Khan")
        #expect(v.values["terms.1.start"] == "Monday 1 September 2025")
        #expect(v.values["terms.autumn-2.end"] == "Friday 19 December 2025")
        #expect(v.values["year.end"] == "Wednesday 22 July 2026")
    }

    @Test func valuesAreEscapedSoMarkdownShowsThemAsText() throws {
        let v = PageVariables(config: try Self.config(name: "St *Mary's* <script>alert(1)</script> [x](javascript:y)"))
        let md = try v.apply(to: "Welcome to {{ school.name }}.", path: "p.md", firstLine: 1)
        let html = Markdown.html(md)
        #expect(html.contains("St *Mary’s* &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y)") || html.contains("St *Mary's* &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y)"))
        #expect(!html.contains("<em>"))
        #expect(!html.contains("<a "))
    }

    @Test func unknownAndUnsetVariablesAreFileLineErrors() throws {
        let v = PageVariables(config: try Self.config())
        let text = "Line one\n\nCall {{contact.phone}} or see {{school.nmae}}.\n{{registers.am_closes}}"
        let e = try #require(throws: InputError.self) {
            _ = try v.apply(to: text, path: "Content/campaigns/x.md", firstLine: 9)
        }
        #expect(e.diagnostics.count == 2)
        #expect(e.description.contains("Content/campaigns/x.md:11: error: {{contact.phone}} has no value: add `contact: phone:` to rollbook.yml"))
        #expect(e.description.contains("Content/campaigns/x.md:11: error: unknown variable {{school.nmae}}; known: school.name,"))
    }

    @Test func contactBlockProblemsAreReported() {
        #expect(throws: InputError.self) { try SchoolContact.parse(yaml: "contact: 0123\n") }
        #expect(throws: InputError.self) { try SchoolContact.parse(yaml: "contact:\n  fax: 1\n") }
        #expect(throws: InputError.self) { try SchoolContact.parse(yaml: "contact:\n  email: not an address\n") }
        #expect((try? SchoolContact.parse(yaml: "school:\n  name: X\n")) == SchoolContact())
    }

    @Test func lettersUseVariablesBesideTheirOwnPlaceholders() throws {
        let v = PageVariables(config: try Self.config(), contact: SchoolContact(phone: "01632 960000"))
        let t = try LetterTemplate.parse("---\ntitle: T\ntrigger: persistent\n---\nDear {{forename}}, call {{contact.phone}}.\n", path: "Content/letters/p.md", variables: v)
        let md = t.fill(["forename": "Amy"].merging(v.values) { a, _ in a })
        #expect(Markdown.html(md).contains("Dear Amy, call 01632 960000."))
        // Without a value, the letter is refused with its line.
        let bare = PageVariables(config: try Self.config())
        #expect(throws: InputError.self) {
            try LetterTemplate.parse("---\ntitle: T\ntrigger: persistent\n---\n\ncall {{contact.phone}}.\n", path: "Content/letters/p.md", variables: bare)
        }
    }

    /// The built-in punctuality page shows the school's real register times, and a campaign page
    /// with an unknown variable stops the build with its file and line.
    @Test func builtSiteUsesTheRealTimes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-vars-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let today = Day(parsing: "2026-11-30")!
        #expect(Commands.initProject(directory: dir, schoolName: "Elm Tree", today: today).status == 0)
        let yml = dir + "/rollbook.yml"
        var text = try String(contentsOfFile: yml, encoding: .utf8)
        text = text.replacingOccurrences(of: "am_closes: \"09:15\"", with: "am_closes: \"09:05\"")
        text += "contact:\n  phone: 01632 960555\n"
        try text.write(toFile: yml, atomically: true, encoding: .utf8)
        try "---\ntitle: Call us\n---\n\nPhone {{contact.phone}} before {{registers.am_closes}}.\n"
            .write(toFile: dir + "/Content/campaigns/call-us.md", atomically: true, encoding: .utf8)
        let out = Commands.build(directory: dir, asOf: nil, output: nil, verbose: false, today: today)
        #expect(out.status == 0, "\(out.stderr)")
        let punctuality = try String(contentsOfFile: dir + "/site/parents/punctuality.html", encoding: .utf8)
        #expect(punctuality.contains("closes at <strong>9:05am</strong>"))
        #expect(!punctuality.contains("will tell you"))
        let call = try String(contentsOfFile: dir + "/site/parents/call-us.html", encoding: .utf8)
        #expect(call.contains("Phone 01632 960555 before 9:05am."))

        try "---\ntitle: Bad\n---\n\nok\n{{registers.lunch}}\n".write(toFile: dir + "/Content/campaigns/bad.md", atomically: true, encoding: .utf8)
        let bad = Commands.build(directory: dir, asOf: nil, output: nil, verbose: false, today: today)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("Content/campaigns/bad.md:6: error: unknown variable {{registers.lunch}}"), "\(bad.stderr)")
    }
}
