import RollbookTestSupport
import Testing
@testable import RollbookKit

@Suite("Letters")
struct LettersTests {
    static let template = """
    ---
    title: Your child's attendance
    trigger: persistent
    order: 2
    ---
    Dear parent or carer of {{forename}},

    {{forename}} ({{class}}) attended {{attendance_pct}} % and missed {{sessions_missed}} sessions ({{days_missed}} days).
    """

    @Test func parsesTriggerAndOrder() throws {
        let t = try LetterTemplate.parse(Self.template, path: "Content/letters/persistent.md")
        #expect(t.trigger == .persistent)
        #expect(t.order == 2)
        #expect(t.slug == "persistent")
    }

    @Test func unknownTriggerAndPlaceholderAreReportedWithLines() throws {
        let bad = "---\ntitle: X\ntrigger: sometimes\n---\nHello {{forname}}\n"
        let e = try #require(throws: InputError.self) {
            _ = try LetterTemplate.parse(bad, path: "Content/letters/x.md")
        }
        #expect(e.description.contains("Content/letters/x.md:3: error: `trigger` must be one of"))
        #expect(e.description.contains("Content/letters/x.md:5: error: unknown placeholder {{forname}}"))
    }

    @Test func placeholdersAreFilledAndEscapedForMarkdown() throws {
        let t = try LetterTemplate.parse(Self.template, path: "Content/letters/persistent.md")
        let body = t.fill(["forename": "*Amy* <b>", "class": "7B", "attendance_pct": "87.5", "sessions_missed": "24", "days_missed": "12.0"])
        let html = Markdown.html(body)
        #expect(html.contains("Dear parent or carer of *Amy* &lt;b&gt;,"))
        #expect(!html.contains("<em>Amy</em>"))
        #expect(html.contains("attended 87.5 % and missed 24 sessions (12.0 days)"))
    }

    /// A school where pupil A is persistently absent (20 %), B severely (60 %), C fine, D has a
    /// 10-day unauthorised run and so also reaches the penalty threshold.
    static func register() throws -> Register {
        let yaml = StandardCalendar.autumnOne(school: "Letters School") + "\n" + """
        """
        let pupils = "pupil_id,forename,surname,class,year_group\nA,Ann,Able,7A,7\nB,Ben,Bold,7A,7\nC,Cat,Calm,7A,7\nD,Dan,Dee,7A,7\n"
        return try slotRegister(yaml: yaml, asOf: "2025-10-10", pupils: pupils, ids: ["A", "B", "C", "D"]) { id, k, _ in
            switch id {
            case "A": k % 5 == 0 ? "I" : "/"
            case "B": k % 5 < 3 ? "O" : "/"
            case "D": k < 20 ? "G" : "/"
            default: "/"
            }
        }
    }

    @Test func triggersFireForTheRightPupils() throws {
        let reg = try Self.register()
        let stats = Statistics.allPupils(reg)
        func who(_ t: LetterTemplate.Trigger) -> [String] { stats.filter { Letters.fires(t, $0, in: reg) }.map { reg.pupils[$0.pupil].id } }
        #expect(who(.persistent) == ["A", "D"])      // D: 20 of 60 sessions, 33 %
        #expect(who(.severe) == ["B"])
        #expect(who(.unauthorisedRun) == ["D"])
        #expect(who(.penaltyThreshold).sorted() == ["B", "D"])
        #expect(who(.improvement).isEmpty)
    }

    @Test func valuesCarryThePupilsFigures() throws {
        let reg = try Self.register()
        let a = Statistics.pupil(0, in: reg)
        let v = Letters.values(a, in: reg)
        #expect(v["forename"] == "Ann")
        #expect(v["attendance_pct"] == "80.0")
        #expect(v["sessions_missed"] == String(a.counts.absence))
        #expect(v["as_of"] == "Fri 10 Oct 2025")
        #expect(Set(v.keys).isSubset(of: LetterTemplate.known))
    }

    @Test func shippedLettersAllParse() throws {
        var sources = SourceFiles()
        sources = SourceFiles()
        let letters = sources.under("Content/letters")
        #expect(letters.count >= 5)
        let triggers = Set(try letters.map { try LetterTemplate.parse($0.text, path: $0.path).trigger })
        #expect(triggers.isSuperset(of: [.persistent, .severe, .penaltyThreshold, .unauthorisedRun, .improvement]))
    }
}
