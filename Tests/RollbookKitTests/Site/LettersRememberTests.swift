import RollbookTestSupport
import Testing
@testable import RollbookKit
import Foundation

/// Issue 17, item 5: letters fire on the present and remember what was sent.
@Suite("Letters that remember")
struct LettersRememberTests {
    static func template(_ trigger: String) throws -> LetterTemplate {
        try LetterTemplate.parse("---\ntitle: \(trigger)\ntrigger: \(trigger)\n---\nDear {{forename}}, {{period_from}} to {{period_to}}. {{school_phone}} {{school_email}} {{attendance_lead}}\n",
                                 path: "Content/letters/\(trigger).md")
    }
    static func templates() throws -> [LetterTemplate] {
        try ["persistent", "severe", "penalty-threshold", "unauthorised-run", "improvement"].map(template)
    }

    /// Autumn 1 to Friday 10 October 2025 (30 school days). A: O on the first 10 days (a run that
    /// ended in September). B, C, D: O on the last 10 days (a run still going, penalty threshold
    /// reached on 3 October). A and B are one family. C's school already sent the penalty and run
    /// letters; D's also the persistent one this half term.
    static func register(_ actions: String = "", family: (String, String) = ("F1", "F1")) throws -> Register {
        let yaml = StandardCalendar.autumnOne(school: "Memory School") + "\n" + """
        contact: { phone: 01234 567890, email: office@example.org, attendance_lead: Ms Lee }
        """
        let pupils = """
        pupil_id,forename,surname,class,year_group,dob,family_id
        A,Ann,Able,7A,7,2013-01-01,\(family.0)
        B,Ben,Able,7A,7,2013-01-01,\(family.1)
        C,Cat,Cole,7A,7,2013-01-01,
        D,Dan,Dee,7A,7,2013-01-01,

        """
        let acts = "pupil_id,date,action,detail,review_by,by\n" + actions
        return try slotRegister(yaml: yaml, asOf: "2025-10-10", pupils: pupils, ids: ["A", "B", "C", "D"], actions: acts) { id, k, cal in
            let dayIndex = Int(cal.slotDayIndex[k])
            return id == "A" ? (dayIndex < 10 ? "O" : "/") : (dayIndex >= 20 ? "O" : "/")
        }
    }

    static func letters(_ reg: Register) throws -> [String] {
        Letters.perFamily(try templates(), stats: Statistics.allPupils(reg), in: reg)
            .map { reg.pupils[$0.pupil].id + ":" + $0.template.slug }
    }

    @Test func runThatEndedLongAgoGetsNoRunOrPenaltyLetter() throws {
        let reg = try Self.register()
        let a = Letters.due(try Self.templates(), for: Statistics.allPupils(reg)[0], in: reg)
        #expect(a.map(\.template.slug) == ["persistent"])
        let b = Letters.due(try Self.templates(), for: Statistics.allPupils(reg)[1], in: reg)
        #expect(b.map(\.template.slug) == ["penalty-threshold", "unauthorised-run", "persistent"])
        // Two penalty episodes (reached 3 and 10 October): the letter is about the latest.
        #expect(b[0].from == Day(parsing: "2025-10-06")! && b[0].to == Day(parsing: "2025-10-10")!)
        #expect(b[1].from == Day(parsing: "2025-09-29")! && b[1].to == Day(parsing: "2025-10-10")!)
    }

    @Test func oneLetterPerFamilyForTheHighestStep() throws {
        #expect(try Self.letters(Self.register()) == ["B:penalty-threshold", "C:penalty-threshold", "D:penalty-threshold"])
        // Without a shared family_id, each pupil gets their own letter.
        #expect(try Self.letters(Self.register(family: ("", ""))) == ["A:persistent", "B:penalty-threshold", "C:penalty-threshold", "D:penalty-threshold"])
    }

    @Test func lettersAlreadySentAreNotProducedAgain() throws {
        let acts = """
        C,2025-10-10,letter,penalty-threshold,,Office
        C,2025-10-06,letter,unauthorised-run,,Office
        D,2025-10-10,letter,penalty-threshold,,Office
        D,2025-10-06,letter,unauthorised-run,,Office
        D,2025-09-15,letter,persistent,,Office
        """
        #expect(try Self.letters(Self.register(acts + "\n")) == ["B:penalty-threshold", "C:persistent"])
    }

    @Test func aLetterSentBeforeTheEpisodeDoesNotAnswerIt() throws {
        // Answers the episode reached on 3 October, not the one reached on 10 October; a call is no letter.
        let acts = "C,2025-10-06,letter,penalty-threshold,,Office\nC,2025-10-10,call,penalty-threshold,,Office\n"
        #expect(try Self.letters(Self.register(acts)).contains("C:penalty-threshold"))
    }

    @Test func letterCarriesItsDaysAndTheSchoolsContact() throws {
        let reg = try Self.register()
        let d = Letters.due(try Self.templates(), for: Statistics.allPupils(reg)[1], in: reg)[0]
        let body = d.template.fill(Letters.values(Statistics.allPupils(reg)[1], in: reg, due: d))
        #expect(body.contains("Dear Ben, Mon 6 Oct 2025 to Fri 10 Oct 2025."))
        #expect(body.contains("01234 567890 office\\@example\\.org Ms Lee"))
        #expect(reg.config.contact.attendanceLead == "Ms Lee")
    }
}

@Suite("Letter contact details")
struct LetterContactTests {
    @Test func contactTextFallsBackToTheSchoolOffice() throws {
        let base = StandardCalendar.compactYear(school: "X") + "\n  - { name: A, start: 2025-09-01, end: 2025-10-24 }\n"
        #expect(try ProjectConfig.parse(yaml: base).contact.text == "the school office")
        let c = try ProjectConfig.parse(yaml: base + "contact:\n  phone: 01632 960000\n  email: ~\n  attendance_lead: Mrs Patel\n")
        #expect(c.contact.text == "phone 01632 960000, attendance lead Mrs Patel")
    }
}

@Suite("Demo letters on 22 July")
struct DemoLettersTests {
    @Test func onlyLettersASchoolWouldSendThatDay() throws {
        let reg = try ProjectLoader.load(directory: RollbookBinary.packageRoot.path, asOf: Day(parsing: "2026-07-22")!)
        let templates = try ["improvement", "penalty-threshold", "persistent", "severe", "unauthorised-run"].map { name -> LetterTemplate in
            let path = RollbookBinary.packageRoot.path + "/Content/letters/\(name).md"
            return try LetterTemplate.parse(String(contentsOfFile: path, encoding: .utf8), path: "Content/letters/\(name).md")
        }
        let stats = Statistics.allPupils(reg)
        let letters = Letters.perFamily(templates, stats: stats, in: reg)
        #expect(!letters.isEmpty)
        // One letter per family (or pupil without a family) and none before 20 possible sessions.
        var families = Set<String>()
        for d in letters {
            let p = reg.pupils[d.pupil]
            #expect(families.insert(p.familyId.isEmpty ? "#" + p.id : p.familyId).inserted)
            #expect(stats[d.pupil].counts.possible >= reg.config.minPossible)
            // No run letter about a run that ended more than 5 school days before 22 July.
            if d.template.trigger == .unauthorisedRun { #expect(reg.calendar.schoolDaysAfter(d.to) < 5) }
            if d.template.trigger == .penaltyThreshold { #expect(reg.calendar.schoolDaysAfter(d.to) < 10) }
        }
        // Letters recorded in actions.csv are not produced again: a run letter sent since the run
        // began, a penalty letter since the threshold was reached, any other this half term.
        let termStart = reg.calendar.term(of: reg.calendar.asOf)!.start
        for a in reg.actions where a.action == "letter" {
            for d in letters where d.pupil == a.pupil && d.template.slug == a.detail {
                let since = d.template.trigger == .unauthorisedRun ? d.from : d.template.trigger == .penaltyThreshold ? d.to : termStart
                #expect(a.date < since)
            }
        }
    }

    /// A part-time timetable (C2) still going on is absence the school agreed: no persistent
    /// letter while it lasts; once it has ended, the year's figure speaks again.
    @Test func noPersistentLetterWhileAPartTimeTimetableGoesOn() throws {
        var rows = [TestSchool.marksHeader]
        var d = day("2025-09-01")
        while d <= day("2025-10-24") {
            if d.weekday < 5, d != day("2025-09-12") {
                let unauthorised = day("2025-09-22") <= d && d <= day("2025-09-26")
                for (p, c2From, c2To) in [("P1", "2025-10-13", "2025-10-24"), ("P2", "2025-10-06", "2025-10-17")] {
                    rows.append("\(p),\(d.iso),AM,\(unauthorised ? "O" : "/")")
                    let c2 = day(c2From) <= d && d <= day(c2To)
                    if d != day("2025-09-17") { rows.append("\(p),\(d.iso),PM,\(unauthorised ? "O" : c2 ? "C2" : "/")") }
                }
            }
            d = d.adding(days: 1)
        }
        let school = TestSchool(asOf: "2025-10-24", pupils: """
            pupil_id,forename,surname,class,year_group
            P1,Amy,Ash,7A,7
            P2,Ben,Birch,7A,7
            """, marks: rows.joined(separator: "\n"))
        let reg = try school.register()
        let stats = Statistics.allPupils(reg)
        #expect(stats.allSatisfy { $0.persistent && !$0.severe })
        let persistent = try LettersRememberTests.template("persistent")
        #expect(Letters.due([persistent], for: stats[0], in: reg).isEmpty)
        #expect(Letters.due([persistent], for: stats[1], in: reg).map(\.template.slug) == ["persistent"])
    }
}
