import RollbookKit
import RollbookTestSupport
import Testing

/// Spec section 2: rollbook.yml and the school calendar it defines.
@Suite struct ConfigTests {
    func inputError(_ yaml: String) -> InputError? {
        do { _ = try ProjectConfig.parse(yaml: yaml); return nil } catch let e as InputError { return e } catch { return nil }
    }

    @Test func readsTheSpecExample() throws {
        let c = try ProjectConfig.parse(yaml: """
            school:
              name: Oakfield Academy
              urn: "100001"                 # optional
            year:
              start: 2025-09-01             # academic year, inclusive
              end: 2026-07-22
            as_of: 2026-03-27
            terms:
              - { name: Autumn 1, start: 2025-09-03, end: 2025-10-24 }
              - { name: Autumn 2, start: 2025-11-03, end: 2025-12-19 }
            closures:
              - { date: 2025-10-10, reason: INSET day }
              - { from: 2025-12-01, to: 2025-12-02, reason: Heating failure }
              - { date: 2026-03-05, session: PM, reason: Parents' evening }
            registers:
              am_opens: "08:45"
              am_closes: "09:15"
              pm_opens: "13:15"
              pm_closes: "13:30"
            data:
              pupils: Data/pupils.csv
              marks: Data/marks.csv
              contacts: Data/contacts.csv
            """)
        #expect(c.schoolName == "Oakfield Academy")
        #expect(c.urn == "100001")
        #expect(c.yearStart == day("2025-09-01"))
        #expect(c.yearEnd == day("2026-07-22"))
        #expect(c.asOf == day("2026-03-27"))
        #expect(c.terms.map(\.name) == ["Autumn 1", "Autumn 2"])
        #expect(c.closures.count == 3)
        #expect(c.closures[2].session == .pm)
        #expect(c.closures[0].session == nil)
        #expect(c.registers.amCloses.minuteOfDay == 9 * 60 + 15)
        #expect(c.registers.pmOpens.minuteOfDay == 13 * 60 + 15)
        #expect(c.pupilsPath == "Data/pupils.csv")
    }

    @Test func malformedYAMLIsAnErrorWithItsLine() throws {
        let e = try #require(inputError("""
            school:
              name: Test
            year:
              start: 2025-09-01
               end: 2026-07-22
            terms:
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
            """))
        #expect(e.diagnostics.count == 1)
        #expect(e.diagnostics.first?.path == "rollbook.yml")
        #expect(e.diagnostics.first?.line == 5)
    }

    @Test func anUnclosedFlowMappingIsAnErrorWithALine() throws {
        let e = try #require(inputError("""
            school:
              name: Test
            year: { start: 2025-09-01, end: 2026-07-22
            terms:
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
            """))
        let line = try #require(e.diagnostics.first?.line)
        #expect((3...5).contains(line))
    }

    @Test func aTermEndingBeforeItStartsIsAnErrorOnItsLine() throws {
        let e = try #require(inputError(StandardCalendar.year(school: "Test") + "\n" + """
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
              - { name: Autumn 2, start: 2025-12-19, end: 2025-11-03 }
            """))
        let d = try #require(e.diagnostics.first)
        #expect(e.diagnostics.count == 1)
        #expect(d.line == 8)
        #expect(d.message.contains("Autumn 2"))
    }

    @Test func aTermEndingBeforeItStartsInBlockStyle() throws {
        let e = try #require(inputError(StandardCalendar.year(school: "Test") + "\n" + """
              - name: Autumn 1
                start: 2025-10-24
                end: 2025-09-01
            """))
        let line = try #require(e.diagnostics.first?.line)
        #expect((7...9).contains(line))
    }

    @Test func everyProblemIsListed() throws {
        let e = try #require(inputError("""
            school:
              urn: "1"
            year:
              start: 2025-09-01
              end: someday
            terms:
              - { name: Autumn 1, start: 2025-09-01, end: 2025-10-24 }
            registers:
              am_opens: "eight"
            """))
        #expect(e.diagnostics.count >= 3)
        #expect(e.diagnostics.contains { $0.line == 5 })
        #expect(e.diagnostics.contains { $0.line == 9 })
    }

    @Test func aClosureOfThePMSessionRemovesOnlyPM() throws {
        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        let cal = SchoolCalendar(config: config, asOf: day("2025-09-30"))
        #expect(cal.isSchoolSession(day("2025-09-17"), .am))
        #expect(!cal.isSchoolSession(day("2025-09-17"), .pm))
        #expect(cal.slot(day("2025-09-17"), .am) != nil)
        #expect(cal.slot(day("2025-09-17"), .pm) == nil)
        #expect(cal.schoolDays.contains(day("2025-09-17")))
    }

    @Test func aClosureWithoutSessionRemovesBoth() throws {
        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig + """

            data:
              pupils: x.csv
            """)
        let cal = SchoolCalendar(config: config, asOf: day("2025-09-30"))
        #expect(!cal.isSchoolSession(day("2025-09-12"), .am))
        #expect(!cal.isSchoolSession(day("2025-09-12"), .pm))
        #expect(!cal.schoolDays.contains(day("2025-09-12")))
        #expect(config.pupilsPath == "x.csv")
        #expect(config.marksPath == "Data/marks.csv")
    }

    @Test func closureRangesAndAMClosures() throws {
        let config = try ProjectConfig.parse(yaml: StandardCalendar.autumnOne(school: "Test") + "\n" + """
            closures:
              - { from: 2025-09-08, to: 2025-09-10, reason: Heating failure }
              - { date: 2025-09-11, session: AM, reason: Snow }
              - { date: 2025-09-15, session: ALL, reason: Election }
            """)
        let cal = SchoolCalendar(config: config, asOf: day("2025-09-19"))
        for d in ["2025-09-08", "2025-09-09", "2025-09-10", "2025-09-15"] {
            #expect(!cal.isSchoolSession(day(d), .am))
            #expect(!cal.isSchoolSession(day(d), .pm))
        }
        #expect(!cal.isSchoolSession(day("2025-09-11"), .am))
        #expect(cal.isSchoolSession(day("2025-09-11"), .pm))
        // Week 1: 10 sessions; week 2: Thu PM and Fri; week 3: Tue to Fri.
        #expect(cal.slotCount == 10 + 3 + 8)
    }

    @Test func schoolSessionsAreWeekdaysInsideTerms() throws {
        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        let cal = SchoolCalendar(config: config, asOf: day("2026-07-22"))
        #expect(day("2025-09-01").weekday == 0)
        #expect(!cal.isSchoolSession(day("2025-09-06"), .am))   // Saturday
        #expect(!cal.isSchoolSession(day("2025-09-07"), .pm))   // Sunday
        #expect(!cal.isSchoolSession(day("2025-10-28"), .am))   // half term
        #expect(cal.isSchoolSession(day("2025-10-24"), .pm))    // last day of a term
        #expect(cal.isSchoolSession(day("2025-11-03"), .am))    // first day of a term
        #expect(!cal.isSchoolSession(day("2026-03-02"), .am))   // after the last term
        // Autumn 1: 40 weekdays - 1 INSET = 39 days, 77 sessions; Autumn 2: 35 days; Spring 1: 30.
        #expect(cal.schoolDays.count == 39 + 35 + 30)
        #expect(cal.slotCount == 77 + 70 + 60)
    }
}
