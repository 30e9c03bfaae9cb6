import RollbookKit
import Testing

/// Spec section 6.1, both definitions, at their edges.
@Suite struct CompulsorySchoolAgeTests {
    static let yearStart = day("2025-09-01")
    static let yearEnd = day("2026-07-22")

    func pupil(dob: String?, year: String = "5") -> Pupil {
        var p = Pupil(id: "P", forename: "A", surname: "B", className: "C", yearGroup: year, dob: nil, line: 2)
        p.dob = dob.map(day)
        return p
    }

    func stats(_ dob: String) -> Bool { CompulsorySchoolAge.forStatistics(pupil(dob: dob), yearStart: Self.yearStart) }

    @Test func statisticsAgeOn31AugustIs5To15() {
        // Age on 2025-08-31.
        #expect(stats("2020-08-31"))       // turns 5 that day
        #expect(!stats("2020-09-01"))      // still 4: Reception
        #expect(stats("2009-09-01"))       // 15
        #expect(!stats("2009-08-31"))      // turns 16 that day: Year 12
        #expect(stats("2016-02-29"))
        #expect(!stats("2020-12-31") && stats("2019-12-31"))
        #expect(!stats("2021-03-31") && stats("2020-03-31"))
    }

    @Test func statisticsUsesTheCalendarYearOfYearStart() {
        // A year starting in August still uses 31 August of that calendar year.
        let p = pupil(dob: "2020-08-31")
        #expect(CompulsorySchoolAge.forStatistics(p, yearStart: day("2025-08-01")))
        #expect(!CompulsorySchoolAge.forStatistics(p, yearStart: day("2024-09-02")))
    }

    @Test func statisticsWithoutDobGoesByYearGroup() {
        for y in ["1", "2", "6", "10", "11"] { #expect(CompulsorySchoolAge.forStatistics(pupil(dob: nil, year: y), yearStart: Self.yearStart), "year \(y)") }
        for y in ["R", "N", "12", "13", "0", "Y5", ""] { #expect(!CompulsorySchoolAge.forStatistics(pupil(dob: nil, year: y), yearStart: Self.yearStart), "year \(y)") }
        // A dob decides over the year group.
        #expect(!CompulsorySchoolAge.forStatistics(pupil(dob: "2020-09-01", year: "1"), yearStart: Self.yearStart))
    }

    @Test func firstDayIsTheNext31Dec31MarOr31AugOnOrAfterTheFifthBirthday() {
        let cases: [(String, String)] = [
            ("2020-08-31", "2025-08-31"), ("2020-09-01", "2025-12-31"), ("2020-12-31", "2025-12-31"),
            ("2021-01-01", "2026-03-31"), ("2020-03-31", "2025-03-31"), ("2020-04-01", "2025-08-31"),
            ("2020-02-29", "2025-03-31"), ("2019-03-01", "2024-03-31"),
        ]
        for (dob, first) in cases {
            #expect(CompulsorySchoolAge.firstDay(born: day(dob)) == day(first), "born \(dob)")
            let p = pupil(dob: dob)
            #expect(CompulsorySchoolAge.onDate(p, day(first), yearEnd: Self.yearEnd))
            #expect(!CompulsorySchoolAge.onDate(p, day(first).adding(days: -1), yearEnd: Self.yearEnd))
        }
        // 29 February: the fifth birthday is 1 March in a year without one.
        #expect(CompulsorySchoolAge.birthday(5, of: day("2020-02-29")) == day("2025-03-01"))
        #expect(CompulsorySchoolAge.birthday(4, of: day("2020-02-29")) == day("2024-02-29"))
    }

    @Test func lastDayIsTheLastFridayInJune() {
        #expect(CompulsorySchoolAge.lastFridayInJune(2025) == day("2025-06-27"))
        #expect(CompulsorySchoolAge.lastFridayInJune(2026) == day("2026-06-26"))
        #expect(CompulsorySchoolAge.lastFridayInJune(2029) == day("2029-06-29"))
        #expect(CompulsorySchoolAge.lastFridayInJune(2018) == day("2018-06-29"))
        // Sixteenth birthday in January to August: that year; September to December: the next.
        #expect(CompulsorySchoolAge.lastDay(born: day("2009-08-31")) == day("2025-06-27"))
        #expect(CompulsorySchoolAge.lastDay(born: day("2009-09-01")) == day("2026-06-26"))
        #expect(CompulsorySchoolAge.lastDay(born: day("2010-01-01")) == day("2026-06-26"))
        #expect(CompulsorySchoolAge.lastDay(born: day("2009-12-31")) == day("2026-06-26"))
        #expect(CompulsorySchoolAge.lastDay(born: day("2008-02-29")) == day("2024-06-28"))
        #expect(CompulsorySchoolAge.lastDay(born: day("2010-03-31")) == day("2026-06-26"))   // 31 March
        #expect(CompulsorySchoolAge.lastDay(born: day("2010-08-31")) == day("2026-06-26"))   // 31 August: that year
        #expect(CompulsorySchoolAge.lastDay(born: day("2010-12-31")) == day("2027-06-25"))   // 31 December: the next
        let p = pupil(dob: "2009-09-01")
        #expect(CompulsorySchoolAge.onDate(p, day("2026-06-26"), yearEnd: Self.yearEnd))
        #expect(!CompulsorySchoolAge.onDate(p, day("2026-06-27"), yearEnd: Self.yearEnd))
    }

    @Test func onADateWithoutDob() {
        for d in ["2025-09-01", "2026-06-26", "2026-07-22"] {
            #expect(CompulsorySchoolAge.onDate(pupil(dob: nil, year: "1"), day(d), yearEnd: Self.yearEnd))
            #expect(CompulsorySchoolAge.onDate(pupil(dob: nil, year: "10"), day(d), yearEnd: Self.yearEnd))
            #expect(!CompulsorySchoolAge.onDate(pupil(dob: nil, year: "R"), day(d), yearEnd: Self.yearEnd))
            #expect(!CompulsorySchoolAge.onDate(pupil(dob: nil, year: "12"), day(d), yearEnd: Self.yearEnd))
        }
        let y11 = pupil(dob: nil, year: "11")
        #expect(CompulsorySchoolAge.onDate(y11, day("2026-06-26"), yearEnd: Self.yearEnd))
        #expect(!CompulsorySchoolAge.onDate(y11, day("2026-06-29"), yearEnd: Self.yearEnd))
    }

    // MARK: stats output

    static let school = TestSchool(asOf: "2025-09-02", pupils: """
        pupil_id,forename,surname,class,year_group,dob,sen,fsm,sex
        P1,Amy,Ash,R,R,2020-09-01,K,yes,F
        P2,Ben,Birch,1A,1,2019-09-01,N,no,M
        P3,Cal,Cedar,12A,12,,E,,F
        P4,Dee,Dale,11A,11,,maybe,1,é
        """, marks: csv(TestSchool.marksHeader,
                        markRows("P1", "N", from: "2025-09-01", to: "2025-09-02"),
                        markRows("P2", "/", from: "2025-09-01", to: "2025-09-02"),
                        markRows("P3", "/", from: "2025-09-01", to: "2025-09-02"),
                        markRows("P4", "N", from: "2025-09-01", to: "2025-09-01"),
                        markRows("P4", "/", from: "2025-09-02", to: "2025-09-02")))

    func rows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    @Test func statsPrintsTheColumnForEveryPupil() throws {
        let r = rows(StatsReport.csv(try Self.school.register(), by: .pupil))
        #expect(r.map { $0["pupil_id"]! } == ["P1", "P2", "P3", "P4"])
        #expect(r.map { $0["compulsory_school_age"]! } == ["false", "true", "false", "true"])
        let json = StatsReport.json(try Self.school.register(), by: .pupil)
        #expect(json.contains("\"compulsory_school_age\": false") && json.contains("\"compulsory_school_age\": true"))
    }

    @Test func csaOnlyRestrictsEveryOutput() throws {
        let reg = try Self.school.register()
        #expect(rows(StatsReport.csv(reg, by: .pupil, csaOnly: true)).map { $0["pupil_id"]! } == ["P2", "P4"])
        let school = rows(StatsReport.csv(reg, by: .school, csaOnly: true))
        #expect(school.count == 1 && school[0]["pupils"] == "2" && school[0]["possible"] == "8" && school[0]["unauthorised"] == "2")
        #expect(rows(StatsReport.csv(reg, by: .class, csaOnly: true)).map { $0["group"]! } == ["1A", "11A"])
        #expect(rows(StatsReport.csv(reg, by: .year, csaOnly: true)).map { $0["group"]! } == ["1", "11"])
        // Groups without any pupil of compulsory school age are left out.
        #expect(rows(StatsReport.csv(reg, by: .sen, csaOnly: true)).map { $0["group"]! } == ["N", "unknown"])
        #expect(rows(StatsReport.csv(reg, by: .sex, csaOnly: true)).map { $0["group"]! } == ["M", "é"])
    }

    @Test func groupsByCharacteristic() throws {
        let reg = try Self.school.register()
        let sen = rows(StatsReport.csv(reg, by: .sen))
        #expect(sen.map { $0["group"]! } == ["E", "K", "N", "unknown"])
        #expect(sen.map { $0["pupils"]! } == ["1", "1", "1", "1"])
        #expect(sen[1]["unauthorised"] == "4" && sen[1]["class"] == "" && sen[1]["year_group"] == "")
        let fsm = rows(StatsReport.csv(reg, by: .fsm))
        #expect(fsm.map { $0["group"]! } == ["false", "true", "unknown"])
        #expect(fsm.map { $0["pupils"]! } == ["1", "2", "1"])
        #expect(fsm[1]["possible"] == "8" && fsm[1]["unauthorised"] == "6" && fsm[1]["persistent_pupils"] == "2")
        // Byte order: upper case before lower case, ASCII before é.
        #expect(rows(StatsReport.csv(reg, by: .sex)).map { $0["group"]! } == ["F", "M", "é"])
        #expect(rows(StatsReport.csv(reg, by: .cla)).map { $0["group"]! } == ["unknown"])
        #expect(StatsReport.csv(reg, by: .ethnicity).hasPrefix(StatsReport.groupColumns.joined(separator: ",") + "\n"))
    }
}
