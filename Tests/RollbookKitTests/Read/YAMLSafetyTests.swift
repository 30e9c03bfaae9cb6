import Foundation
@testable import RollbookKit
import RollbookTestSupport
import Testing

/// Issue 13 item 12 and spec section 11 (rollbook.yml clauses): aliases refused before the YAML
/// library composes them; terms in any order; YAML null is "not given"; default register times;
/// `as_of` after `year.end`.
@Suite struct YAMLSafetyTests {
    func problems(_ yaml: String) -> [String] {
        do { _ = try ProjectConfig.parse(yaml: yaml); return [] } catch let e as InputError { return e.diagnostics.map(\.description) } catch { return ["\(error)"] }
    }

    static let head = """
        school:
          name: Alias School
        year:
          start: 2025-09-01
          end: 2026-07-22
        terms:
          - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }

        """

    /// Mapping keys that are aliases of the previous level's key, twice: composing and the
    /// duplicate-key check double their work per level (2^40 here; the YAML library hangs).
    static func aliasBomb(levels: Int = 40) -> String {
        var s = "k0: &k0 {a: b}\n"
        for i in 1...levels { s += "k\(i): &k\(i) {? *k\(i - 1) : 1, ? [*k\(i - 1)] : 2}\n" }
        return s
    }

    @Test func aliasesAsMappingKeysAreRefusedWithTheirLineAtOnce() {
        let yaml = Self.head + Self.aliasBomb()
        #expect(yaml.utf8.count < 3000)
        let start = DispatchTime.now()
        let p = problems(yaml)
        // Only a guard against the old behaviour (minutes): the refusal does not compose at all.
        #expect(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds < 20_000_000_000)
        #expect(p == ["rollbook.yml:9: error: YAML alias `*k0` (and 79 more aliases after it): Rollbook does not follow aliases; write the value out in full"])
    }

    @Test func oneAliasAsAValueIsRefusedToo() {
        let p = problems(Self.head + "closures:\n  - { date: 2025-10-10, reason: &r INSET day }\n  - { date: 2025-10-13, reason: *r }\n")
        #expect(p == ["rollbook.yml:10: error: YAML alias `*r`: Rollbook does not follow aliases; write the value out in full"])
    }

    @Test func starsInQuotesCommentsAndTextAreNotAliases() throws {
        let c = try ProjectConfig.parse(yaml: """
            school:
              name: "*Star* Academy"   # a *comment*
            year:
              start: 2025-09-01
              end: 2026-07-22
            terms:
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
            closures:
              - { date: 2025-10-10, reason: 'INSET *day*' }
              - { date: 2025-10-13, reason: A*B }
            anchored: &unused 5
            """)
        #expect(c.schoolName == "*Star* Academy")
        #expect(c.closures.map(\.reason) == ["INSET *day*", "A*B"])
    }

    @Test func frontMatterAliasesAreRefusedWithTheFileLine() {
        let text = "---\ntitle: Hello\n" + Self.aliasBomb() + "---\nBody\n"
        let start = DispatchTime.now()
        var message: [String] = []
        do { _ = try MarkdownDocument.parse(text, path: "Content/campaigns/x.md") } catch let e as InputError { message = e.diagnostics.map(\.description) } catch {}
        #expect(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds < 20_000_000_000)
        #expect(message == ["Content/campaigns/x.md:4: error: YAML alias `*k0` (and 79 more aliases after it): Rollbook does not follow aliases; write the value out in full"])
    }

    @Test func frontMatterWithoutAliasesStillReads() throws {
        let d = try MarkdownDocument.parse("---\ntitle: \"*Why* attendance matters\"\norder: 2\n---\nBody\n", path: "x.md")
        #expect(d.fields["title"] == "*Why* attendance matters")
        #expect(d.fields["order"] == "2")
    }

    // MARK: - Section 11

    @Test func termsMayComeInAnyOrder() throws {
        let c = try ProjectConfig.parse(yaml: StandardCalendar.compactYear(school: "S") + "\n" + """
              - { name: Spring 1, start: 2026-01-05, end: 2026-02-13 }
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
              - { name: Autumn 2, start: 2025-11-03, end: 2025-12-19 }
            """)
        #expect(c.terms.map(\.name) == ["Autumn 1", "Autumn 2", "Spring 1"])
        let cal = SchoolCalendar(config: c, asOf: day("2026-02-13"))
        #expect(cal.isSchoolSession(day("2025-09-01"), .am))
        #expect(cal.isSchoolSession(day("2026-01-05"), .pm))
        #expect(!cal.isSchoolSession(day("2025-10-27"), .am))
    }

    @Test func overlappingTermsInAnyOrderCannotBeRead() {
        let p = problems(StandardCalendar.compactYear(school: "S") + "\n" + """
              - { name: Autumn 2, start: 2025-10-20, end: 2025-12-19 }
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
            """)
        #expect(p == ["rollbook.yml:5: error: term `Autumn 1` overlaps term `Autumn 2` (2025-09-01 to 2025-10-24 and 2025-10-20 to 2025-12-19)"])
    }

    @Test func aTermOutsideTheAcademicYearCannotBeRead() {
        let p = problems(StandardCalendar.compactYear(school: "S") + "\n" + """
              - { name: Summer 2, start: 2026-06-01, end: 2026-07-24 }
            """)
        #expect(p.count == 1 && p[0].contains("lies outside the academic year"))
    }

    @Test func yamlNullIsTheSameAsLeavingTheKeyOut() throws {
        let c = try ProjectConfig.parse(yaml: """
            school:
              name: Null School
              urn: ~
            year:
              start: 2025-09-01
              end: 2026-07-22
            as_of:
            terms:
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
            closures: ~
            registers: null
            data:
              # pupils: Data/roll.csv
              # marks: Data/register.csv
            national:
            theme:
            """)
        #expect(c.asOf == nil)
        #expect(c.urn == nil)
        #expect(c.closures.isEmpty)
        #expect(c.registers == RegisterTimes())
        #expect((c.pupilsPath, c.marksPath, c.contactsPath) == ("Data/pupils.csv", "Data/marks.csv", "Data/contacts.csv"))
        #expect(c.contactsPathIsDefault)
        #expect(c.theme == "default")
        #expect(ProjectLoader.resolveAsOf(nil, config: c, today: day("2025-10-01")) == day("2025-10-01"))
    }

    @Test func nullInsideDataAndRegistersIsNotGivenEither() throws {
        let c = try ProjectConfig.parse(yaml: Self.head + "data:\n  pupils: ~\n  marks: Data/register.csv\nregisters:\n  am_opens:\n  am_closes: \"09:00\"\n")
        #expect(c.pupilsPath == "Data/pupils.csv")
        #expect(c.marksPath == "Data/register.csv")
        #expect(c.registers.amOpens.text == "08:45")
        #expect(c.registers.amCloses.text == "09:00")
    }

    @Test func aQuotedEmptyStringIsNotNull() {
        let p = problems(Self.head + "as_of: \"\"\n")
        #expect(p.count == 1 && p[0].hasPrefix("rollbook.yml:8: error: `as_of` is not a date"))
    }

    @Test func withoutRegistersTheTimesAreTheSpecDefaults() throws {
        let c = try ProjectConfig.parse(yaml: Self.head)
        #expect([c.registers.amOpens.text, c.registers.amCloses.text, c.registers.pmOpens.text, c.registers.pmCloses.text]
                == ["08:45", "09:15", "13:15", "13:30"])
    }

    @Test func asOfAfterYearEndIsUsedAsGiven() throws {
        let c = try ProjectConfig.parse(yaml: Self.head + "as_of: 2026-08-31\n")
        let asOf = ProjectLoader.resolveAsOf(nil, config: c, today: day("2026-09-15"))
        #expect(asOf == day("2026-08-31"))
        let reg = try ProjectLoader.load(config: c, asOf: asOf,
                                         pupils: CSVFile(displayPath: "Data/pupils.csv", text: TestSchool.standardRoll),
                                         marks: CSVFile(displayPath: "Data/marks.csv", text: TestSchool.marksHeader), contacts: nil)
        #expect(reg.calendar.asOf == day("2026-08-31"))
        #expect(CheckReport.json(Checker.check(reg), asOf: reg.calendar.asOf).contains("2026-08-31"))
    }
}
