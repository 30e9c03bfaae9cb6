import Foundation
@testable import RollbookKit
import Testing

/// Work a large build now does once instead of per page or per letter (issue 11, goal 2) gives
/// what the old per-use code gave: the letters' placeholders, the meeting pack's period counts
/// and the case rows shared by the filtered case pages.
@Suite("Build shortcuts at scale")
struct ScaleShortcutsTests {
    // MARK: Letters

    /// The substitution as it was before the body was split once per template: searched again
    /// for every letter.
    static func oldSubstitute(_ text: String, _ value: (String) -> String?) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { out += "{{"; rest = after; continue }
            let name = String(after[..<close.lowerBound]).trimmingSpaces
            out += oldMarkdownLiteral(value(name) ?? "")
            rest = after[close.upperBound...]
        }
        return out + rest
    }

    static func oldMarkdownLiteral(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if c.isASCII, "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars.contains(c) { out += "\\" }
            if c == "\n" || c == "\r" { out += " "; continue }
            out.unicodeScalars.append(c)
        }
        return out
    }

    static let bodies = [
        "", "plain", "{{forename}}", "Dear {{ forename }} {{surname}},\n\n{{attendance_pct}} %",
        "{{unclosed", "a {{ b }} c {{ d", "{{}}", "{{{forename}}}", "}}{{forename}}{{",
        "{{a}}{{b}}{{a}}", "{\u{301}{forename}}", "{{forename\u{301}}}", "x{{ forename }}y{{ missing }}z",
        "é{{forename}}\r\n{{class}}\u{2028}", "{{{{forename}}}}", "{{ school.name }} and {{contact.phone}}",
    ]
    static let values: [String: String] = [
        "forename": "*Amy* <b>", "surname": "O'Brien_", "attendance_pct": "87.5", "class": "7B\nline",
        "a": "A", "b": "", "": "empty", "school.name": "St Mary's [C of E] #1", "contact.phone": "01234 567890",
        "forename\u{301}": "combining",
    ]

    @Test func aSplitBodyFillsAsTheOldSearchDid() {
        for body in Self.bodies {
            let split = LetterTemplate.Substitution(body)
            #expect(split.fill { Self.values[$0] } == Self.oldSubstitute(body) { Self.values[$0] }, "\(body.debugDescription)")
            #expect(LetterTemplate.substitute(body) { Self.values[$0] } == Self.oldSubstitute(body) { Self.values[$0] })
        }
    }

    @Test func markdownLiteralEscapesAsBefore() {
        var samples = (0..<0x300).compactMap { Unicode.Scalar($0).map { String(Character($0)) } }
        samples += ["", "plain text 123", "87.5", "O'Brien", "a\r\nb", "Zoë-Ann", "x\u{301}*", "\u{1F600}_"]
        for s in samples {
            #expect(LetterTemplate.markdownLiteral(s) == Self.oldMarkdownLiteral(s), "\(s.debugDescription)")
        }
    }

    // MARK: Meeting pack and case list, on the demo school

    static func demoPages() throws -> IntranetPages {
        let root = DemoPages.root
        let config = try ProjectLoader.loadConfig(directory: root)
        let builder = SiteBuilder(SiteBuilder.Options(directory: root))
        let prepared = try builder.prepare(asOf: ProjectLoader.resolveAsOf(nil, config: config, today: .today), config: config)
        return IntranetPages(model: prepared.model, theme: prepared.theme, tables: RegisterTables(prepared.model.register, gridSessions: 20))
    }

    @Test func packPeriodCountsAreEachPupilsSums() throws {
        let pages = try Self.demoPages()
        let reg = pages.model.register
        let insights = pages.packInsights()
        #expect(insights.contains { $0.insight.known > 0 })
        for from in [reg.config.yearStart, reg.calendar.schoolWeeks.last!, reg.calendar.asOf.adding(days: -40)] {
            let got = pages.packPeriodCounts(from: from, insights: insights)
            var school = SessionCounts()
            for p in reg.pupils.indices { school += Statistics.counts(p, in: reg, from: from, to: reg.calendar.asOf) }
            #expect(got.school == school)
            #expect(got.school.possible > 0)
            for (i, ch) in insights.enumerated() where ch.insight.known > 0 {
                let byValue = Dictionary(grouping: reg.pupils.indices) { GroupStats.characteristic(reg.pupils[$0], ch.grouping) ?? "" }
                #expect(Set(got.groups[i].keys) == Set(byValue.keys), "\(ch.title)")
                for (value, pupils) in byValue {
                    var c = SessionCounts()
                    for p in pupils { c += Statistics.counts(p, in: reg, from: from, to: reg.calendar.asOf) }
                    #expect(got.groups[i][value] == c, "\(ch.title) \(value)")
                }
            }
        }
    }

    @Test func sharedCaseRowsGiveTheSamePages() throws {
        let pages = try Self.demoPages()
        var written: [(String, String)] = []
        pages.casesPages { written.append(($0, $1)) }
        #expect(written.count > 2)
        #expect(written[0].0 == "cases.html" && written[0].1 == pages.casesPage())
        let counts = IntranetPages.caseFilters.map { f in pages.model.cases.filter(f.keeps).count }
        var filtered = 0
        for (i, f) in IntranetPages.caseFilters.enumerated() where counts[i] > 0 {
            filtered += 1
            let page = written.first { $0.0 == "cases/\(f.slug).html" }
            #expect(page?.1 == pages.casesPage(filter: i), "\(f.slug)")
        }
        #expect(written.count == filtered + 1)
        // A case with several reasons is on several filtered pages: the rows are shared.
        #expect(pages.model.cases.contains { c in IntranetPages.caseFilters.filter { $0.keeps(c) }.count > 1 })
    }

    // MARK: Privacy check

    /// A watch list kept to the words a text holds finds what the full list finds, in the same order.
    @Test func aWatchKeptToTheTextsWordsFindsTheSame() throws {
        let pupils = try Self.demoPages().model.register.pupils
        let a = pupils[0], b = pupils[1], c = pupils[2]
        let texts = [
            "Nothing to see here.", "\(a.forename) \(a.surname) came in. \(b.surname), \(b.forename)!",
            "<p>\(c.forename)</p><p>\(c.surname)</p> \(a.id) \(b.upn)", "\(a.forename) in \(a.className) and \(b.className)'s \(b.forename)",
            "\(c.forename) (\(c.className)). \(a.forename): \(a.className)", "",
        ]
        for text in texts {
            for words in PrivacyCheck.readings(path: "x.html", text: text) + [PrivacyCheck.words(text)] {
                let full = PrivacyCheck.Watch(pupils: pupils)
                let kept = PrivacyCheck.Watch(pupils: pupils, firstWords: Set(words.map(\.text)))
                let got = kept.hits(words), want = full.hits(words)
                #expect(got.map(\.line) == want.map(\.line) && got.map(\.what) == want.map(\.what), "\(text)")
                #expect(kept.phrases.count <= words.count && kept.pairs.count <= words.count)
            }
        }
        #expect(!PrivacyCheck.scan(files: [("p.html", texts[1])], pupils: pupils).isEmpty)
    }

    // MARK: The register's lines

    /// After the check step the build lets the marks' lines go: nothing later may need them, and
    /// asking for one then is nil, not a crash.
    @Test func forgottenLinesAreNilAndTheSiteIsTheSame() throws {
        let root = DemoPages.root
        let config = try ProjectLoader.loadConfig(directory: root)
        var reg = try ProjectLoader.load(directory: root, config: config, asOf: nil, today: .today, keepRecordedAt: true)
        let p = reg.rollSlots.firstIndex { !$0.isEmpty }!, s = reg.rollSlots[p].lowerBound
        #expect(reg.line(pupil: p, slot: s) != nil)
        let several = reg.sessionsWithSeveralRows()
        #expect(!several.isEmpty)
        reg.forgetLines()
        #expect(reg.line(pupil: p, slot: s) == nil)
        #expect(reg.sessionsWithSeveralRows().keys.sorted() == several.keys.sorted())
        // Every page of the demo school (its previous export and last year included) is made
        // from a register without lines: the same bytes as from one that keeps them.
        let options = SiteBuilder.Options(directory: root)
        let without = try DemoPages.write(options).sink.files
        let with = try DemoPages.write(options) { prepared in
            prepared = SiteBuilder.Prepared(
                model: SiteModel(register: try! ProjectLoader.load(directory: root, config: config, asOf: prepared.model.calendar.asOf,
                                                                   today: .today, keepRecordedAt: config.previous != nil),
                                 findings: prepared.model.findings),
                theme: prepared.theme, letterTemplates: prepared.letterTemplates, parentFiles: prepared.parentFiles,
                staticFiles: prepared.staticFiles, amendments: prepared.amendments, variables: prepared.variables,
                realPupils: prepared.realPupils, warnings: prepared.warnings, yearComparison: prepared.yearComparison)
        }.sink.files
        #expect(without.count > 300 && without.keys.sorted() == with.keys.sorted())
        for (path, bytes) in without where with[path] != bytes { Issue.record("\(path) differs") }
    }
}
