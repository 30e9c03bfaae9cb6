import Foundation
import RollbookKit
import Testing

/// Two exports of one school, read as `rollbook diff` reads them (OLD plainly, NEW keeping its
/// `recorded_at`), on `TestSchool`'s standard calendar unless a test gives its own.
struct DiffPair {
    var old: TestSchool
    var new: TestSchool
    var asOf: String

    func diff() throws -> RegisterDiff {
        func load(_ s: TestSchool, keep: Bool) throws -> Register {
            let c = try s.config()
            return try ProjectLoader.load(config: c, asOf: day(asOf),
                                          pupils: CSVFile(displayPath: c.pupilsPath, text: s.pupils),
                                          marks: CSVFile(displayPath: c.marksPath, text: s.marks),
                                          contacts: nil, keepRecordedAt: keep)
        }
        return RegisterDiff(old: try load(old, keep: false), new: try load(new, keep: true))
    }
}

extension RegisterDiff.Row {
    /// `P1 2025-09-01 AM / → N added` — a compact key to compare rows with.
    var key: String {
        [pupilId, date?.iso ?? "-", session?.text ?? "-", (old?.text ?? "·") + ">" + (new?.text ?? "·"), change.rawValue,
         lateDays.map(String.init) ?? "-"].joined(separator: " ")
    }
}

@Suite struct RegisterDiffTests {
    static let week = markRows("P1", "/", from: "2025-09-01", to: "2025-09-05")

    @Test func eachKindOfChange() throws {
        let old = csv(TestSchool.marksHeader,
                      "P1,2025-09-01,PM,\\", "P1,2025-09-02,AM,N", "P1,2025-09-02,PM,I", "P1,2025-09-03,AM,N",
                      "P1,2025-09-03,PM,\\", "P1,2025-09-04,AM,I", "P1,2025-09-04,PM,\\", "P1,2025-09-05,AM,/",
                      "P1,2025-09-05,PM,N", "P2,2025-09-01,AM,/")
        let new = csv(TestSchool.marksHeader,
                      "P1,2025-09-01,AM,/", "P1,2025-09-02,AM,I", "P1,2025-09-02,PM,G", "P1,2025-09-03,AM,/",
                      "P1,2025-09-03,PM,M", "P1,2025-09-04,AM,M", "P1,2025-09-04,PM,L", "P1,2025-09-05,AM,V",
                      "P1,2025-09-05,PM,X", "P2,2025-09-01,AM,/")
        let d = try DiffPair(old: TestSchool(marks: old), new: TestSchool(marks: new), asOf: "2025-09-05").diff()
        #expect(d.rows.map(\.key) == [
            "P1 2025-09-01 AM ·>/ added -",
            "P1 2025-09-01 PM \\>· removed -",
            "P1 2025-09-02 AM N>I authorised -",
            "P1 2025-09-02 PM I>G unauthorised -",
            "P1 2025-09-03 AM N>/ to-present -",
            "P1 2025-09-03 PM \\>M to-absent -",
            "P1 2025-09-04 AM I>M other -",
            "P1 2025-09-04 PM \\>L other -",
            "P1 2025-09-05 AM />V other -",
            "P1 2025-09-05 PM N>X other -",
        ])
        #expect(d.counts.map { "\($0.change.rawValue)=\($0.count)" } ==
                ["added=1", "removed=1", "authorised=1", "unauthorised=1", "to-present=1", "to-absent=1", "other=4"])
        #expect(d.rows.allSatisfy { $0.className == "7A" })
    }

    @Test func kindsFollowCategoriesNotCodes() {
        func kind(_ a: String?, _ b: String?) -> String {
            RegisterDiff.Change.of(old: a.flatMap(AttendanceCode.init), new: b.flatMap(AttendanceCode.init))?.rawValue ?? "none"
        }
        #expect(kind("C", "P") == "to-present")      // authorised absence to approved activity
        #expect(kind("U", "B") == "to-present")      // unauthorised absence to approved activity
        #expect(kind("K", "O") == "to-absent")       // approved activity to unauthorised absence
        #expect(kind("H", "N") == "unauthorised")    // a withdrawn code counts as its category
        #expect(kind("O", "C2") == "authorised")
        #expect(kind("/", "K") == "other")           // present to approved activity
        #expect(kind("D", "/") == "other")           // from not required
        #expect(kind("I", "Y1") == "other")          // to not required
        #expect(kind("N", "N") == "none")
        #expect(kind(nil, nil) == "none")
        #expect(kind(nil, "D") == "added")
        #expect(kind("X", nil) == "removed")
    }

    @Test func pupilsWhoJoinedOrLeftTheRoll() throws {
        let oldRoll = csv("pupil_id,forename,surname,class,year_group", "P1,Amy,Ash,7A,7", "P3,Cal,Cedar,7B,7")
        let newRoll = csv("pupil_id,forename,surname,class,year_group,admitted", "P1,Amy,Ash,7A,7,", "P4,Dee,Dale,8C,8,2025-09-03")
        let old = csv(TestSchool.marksHeader, "P1,2025-09-03,AM,/", "P3,2025-09-03,AM,/", "P3,2025-09-03,PM,N")
        let new = csv(TestSchool.marksHeader, "P1,2025-09-03,AM,/", "P4,2025-09-03,PM,\\")
        let d = try DiffPair(old: TestSchool(pupils: oldRoll, marks: old), new: TestSchool(pupils: newRoll, marks: new), asOf: "2025-09-05").diff()
        #expect(d.rows.map(\.key) == [
            "P3 - - ·>· left-roll -",
            "P4 - - ·>· joined -",
            "P3 2025-09-03 AM />· removed -",
            "P3 2025-09-03 PM N>· removed -",
            "P4 2025-09-03 PM ·>\\ added -",
        ])
        #expect(d.rows.map(\.className) == ["7B", "8C", "7B", "7B", "8C"])
        #expect(d.counts.map(\.change) == [.joined, .leftRoll, .added, .removed])
    }

    @Test func classIsNewsElseOlds() throws {
        let oldRoll = csv("pupil_id,forename,surname,class,year_group", "P1,Amy,Ash,7A,7")
        let newRoll = csv("pupil_id,forename,surname,class,year_group", "P1,Amy,Ash,8A,8")
        let d = try DiffPair(old: TestSchool(pupils: oldRoll, marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,N")),
                             new: TestSchool(pupils: newRoll, marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,I")),
                             asOf: "2025-09-01").diff()
        #expect(d.rows.map(\.className) == ["8A"])
    }

    @Test func marksAfterAsOfAreIgnored() throws {
        let old = csv(TestSchool.marksHeader, Self.week)
        let new = csv(TestSchool.marksHeader, Self.week, "P1,2025-09-05,PM,N", "P1,2025-09-08,AM,/")
        let d = try DiffPair(old: TestSchool(marks: old), new: TestSchool(marks: new), asOf: "2025-09-04").diff()
        #expect(d.rows.isEmpty)
        #expect(d.asOf == day("2025-09-04"))
        let later = try DiffPair(old: TestSchool(marks: old), new: TestSchool(marks: new), asOf: "2025-09-08").diff()
        #expect(later.rows.map(\.key) == ["P1 2025-09-05 PM />N to-absent -", "P1 2025-09-08 AM ·>/ added -"])
    }

    @Test func asOfIsTheEarlierOfTheTwoFolders() throws {
        let a = try ProjectConfig.parse(yaml: TestSchool.standardConfig + "\nas_of: 2025-10-01\n")
        let b = try ProjectConfig.parse(yaml: TestSchool.standardConfig + "\nas_of: 2025-09-20\n")
        let none = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        #expect(RegisterDiff.resolveAsOf(nil, old: a, new: b) == day("2025-09-20"))
        #expect(RegisterDiff.resolveAsOf(nil, old: b, new: a) == day("2025-09-20"))
        #expect(RegisterDiff.resolveAsOf(day("2025-11-01"), old: a, new: b) == day("2025-11-01"))
        // Without as_of: the earlier of today and year.end.
        #expect(RegisterDiff.resolveAsOf(nil, old: a, new: none, today: day("2025-09-10")) == day("2025-09-10"))
        #expect(RegisterDiff.resolveAsOf(nil, old: none, new: none, today: day("2027-01-01")) == day("2026-07-22"))
    }

    @Test func aClosureRemovedInNewMakesOldsMarkCountAsNone() throws {
        // OLD closed Wednesday 3rd (its marks there are not school-session marks); NEW reopened it.
        let closedYaml = TestSchool.standardConfig.replacingOccurrences(
            of: "closures:\n", with: "closures:\n  - { date: 2025-09-03, reason: Boiler }\n")
        #expect(closedYaml != TestSchool.standardConfig)
        let marks = csv(TestSchool.marksHeader, "P1,2025-09-03,AM,/", "P1,2025-09-03,PM,\\", "P1,2025-09-17,PM,/")
        let d = try DiffPair(old: TestSchool(yaml: closedYaml, marks: marks), new: TestSchool(marks: marks), asOf: "2025-09-19").diff()
        // The 17th PM is closed in both: never listed, although both have a mark there.
        #expect(d.rows.map(\.key) == ["P1 2025-09-03 AM ·>/ added -", "P1 2025-09-03 PM ·>\\ added -"])
        // The other way round: a session closed in NEW is not one of NEW's sessions, so not compared.
        let back = try DiffPair(old: TestSchool(marks: marks), new: TestSchool(yaml: closedYaml, marks: marks), asOf: "2025-09-19").diff()
        #expect(back.rows.isEmpty)
    }

    @Test func lateDaysCountNewsSchoolDaysUpToRecordedAt() throws {
        let header = "pupil_id,date,session,mark,minutes_late,recorded_at"
        let old = csv(header, "P1,2025-09-10,AM,N,,", "P1,2025-09-10,PM,N,,", "P1,2025-09-11,AM,N,,", "P1,2025-09-11,PM,N,,",
                      "P2,2025-09-10,AM,N,,", "P2,2025-09-10,PM,N,,", "P2,2025-09-11,AM,N,,2025-09-11T09:00")
        let new = csv(header,
                      "P1,2025-09-10,AM,I,,2025-09-15T08:00",   // Thu 11, (Fri 12 INSET), Mon 15: 2
                      "P1,2025-09-10,PM,I,,2025-09-17 16:00",   // 11, 15, 16, 17 (PM closed, AM open): 4
                      "P1,2025-09-11,AM,I,,2025-09-22T10:00",   // 12 closed: 15..19, 22: 6; after as_of too
                      "P1,2025-09-11,PM,I,,2025-09-11T17:00",   // the same day: 0
                      "P2,2025-09-10,AM,I,,2025-09-01T09:00",   // before the session: 0
                      "P2,2025-09-10,PM,I,,",                   // no recorded_at: empty
                      "P2,2025-09-11,AM,I,,2025-09-13T09:00")  // Saturday: only the 12th lies between, closed: 0
        let d = try DiffPair(old: TestSchool(marks: old), new: TestSchool(marks: new), asOf: "2025-09-11").diff()
        #expect(d.rows.map(\.key) == [
            "P1 2025-09-10 AM N>I authorised 2",
            "P2 2025-09-10 AM N>I authorised 0",
            "P1 2025-09-10 PM N>I authorised 4",
            "P2 2025-09-10 PM N>I authorised -",
            "P1 2025-09-11 AM N>I authorised 6",
            "P2 2025-09-11 AM N>I authorised 0",
            "P1 2025-09-11 PM N>I authorised 0",
        ])
        #expect(d.rows.first?.recordedAt?.day == day("2025-09-15"))
    }

    @Test func lateDaysUseNewsEffectiveMark() throws {
        let header = "pupil_id,date,session,mark,minutes_late,recorded_at"
        let old = csv(header, "P1,2025-09-01,AM,N,,")
        // The later recorded_at wins, wherever it stands in the file.
        let new = csv(header, "P1,2025-09-01,AM,I,,2025-09-05T09:00", "P1,2025-09-01,AM,M,,2025-09-02T09:00")
        let d = try DiffPair(old: TestSchool(marks: old), new: TestSchool(marks: new), asOf: "2025-09-05").diff()
        #expect(d.rows.map(\.key) == ["P1 2025-09-01 AM N>I authorised 4"])
        // OLD's recorded_at plays no part; NEW without recorded_at gives no late_days.
        let d2 = try DiffPair(old: TestSchool(marks: csv(header, "P1,2025-09-01,AM,N,,2025-09-01T09:00")),
                              new: TestSchool(marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,I")), asOf: "2025-09-05").diff()
        #expect(d2.rows.map(\.key) == ["P1 2025-09-01 AM N>I authorised -"])
    }

    @Test func identicalExportsGiveNoRows() throws {
        let s = TestSchool(marks: csv(TestSchool.marksHeader, Self.week, markRows("P2", "N", from: "2025-09-01", to: "2025-09-05")))
        let d = try DiffPair(old: s, new: s, asOf: "2025-09-05").diff()
        #expect(d.rows.isEmpty)
        #expect(d.counts.isEmpty)
        #expect(DiffReport.csv(d) == DiffReport.csvHeader + "\n")
        #expect(DiffReport.json(d) == "{\n  \"as_of\": \"2025-09-05\",\n  \"changes\": [],\n  \"counts\": {}\n}\n")
        #expect(DiffReport.text(d).hasPrefix("No changes"))
    }

    @Test func rowOrderIsDateSessionClassThenPupilIdAsBytes() throws {
        let roll = csv("pupil_id,forename,surname,class,year_group",
                       "P9,A,A,7a,7", "P10,B,B,7B,7", "p1,C,C,7B,7", "Z1,D,D,7B,7", "É1,E,E,7B,7")
        let newRoll = csv(roll, "N1,New,One,7B,7")
        let old = csv(TestSchool.marksHeader, "P9,2025-09-02,AM,N", "P10,2025-09-02,AM,N", "p1,2025-09-02,AM,N",
                      "Z1,2025-09-02,AM,N", "É1,2025-09-02,AM,N", "P9,2025-09-01,PM,N", "P10,2025-09-02,PM,N")
        let new = old.replacingOccurrences(of: ",N", with: ",I")
        let d = try DiffPair(old: TestSchool(pupils: roll, marks: old), new: TestSchool(pupils: newRoll, marks: new), asOf: "2025-09-05").diff()
        // "7B" < "7a" and "P10" < "Z1" < "p1" < "É1" as bytes.
        #expect(d.rows.map { "\($0.pupilId) \($0.date?.iso ?? "-") \($0.session?.text ?? "-")" } == [
            "N1 - -",
            "P9 2025-09-01 PM",
            "P10 2025-09-02 AM", "Z1 2025-09-02 AM", "p1 2025-09-02 AM", "É1 2025-09-02 AM", "P9 2025-09-02 AM",
            "P10 2025-09-02 PM",
        ])
    }

    @Test func jsonHasNullsForEmptyValuesAndCountsOfOccurringKinds() throws {
        let oldRoll = csv("pupil_id,forename,surname,class,year_group", "P1,Amy,Ash,7A,7")
        let newRoll = csv("pupil_id,forename,surname,class,year_group", "P1,Amy,Ash,7A,7", "P2,Ben,\"Bi\"\"rch\",7A,7")
        let d = try DiffPair(old: TestSchool(pupils: oldRoll, marks: csv(TestSchool.marksHeader, "P1,2025-09-01,AM,/")),
                             new: TestSchool(pupils: newRoll, marks: csv(TestSchool.marksHeader)), asOf: "2025-09-01").diff()
        #expect(DiffReport.json(d) == """
            {
              "as_of": "2025-09-01",
              "changes": [
                {"pupil_id": "P2", "class": "7A", "date": null, "session": null, "old": null, "new": null, "change": "joined", "late_days": null},
                {"pupil_id": "P1", "class": "7A", "date": "2025-09-01", "session": "AM", "old": "/", "new": null, "change": "removed", "late_days": null}
              ],
              "counts": {"joined": 1, "removed": 1}
            }

            """)
    }

    @Test func csvIsProtectedAgainstFormulas() throws {
        let oldRoll = csv("pupil_id,forename,surname,class,year_group", "=1+1,Amy,Ash,@7A,7", "-5,Ben,Birch,-7B,7")
        let d = try DiffPair(old: TestSchool(pupils: oldRoll, marks: csv(TestSchool.marksHeader, "-5,2025-09-01,AM,\\")),
                             new: TestSchool(pupils: oldRoll, marks: csv(TestSchool.marksHeader, "-5,2025-09-01,AM,/")),
                             asOf: "2025-09-01").diff()
        #expect(DiffReport.csv(d) == """
            pupil_id,class,date,session,old,new,change,late_days
            -5,'-7B,2025-09-01,AM,\\,/,other,

            """)
        #expect(Escape.csvCell("\tx") == "'\tx")
        #expect(Escape.csvCell("\rx") == "\"'\rx\"")
        #expect(Escape.csvCell("+44") == "+44")
        #expect(Escape.csvCell("=A1,B") == "\"'=A1,B\"")
    }

    @Test func marksOutsideEnrolmentAreStillEffectiveMarks() throws {
        // NEW records that P1 left on the 2nd; the marks after it stay in the file, unchanged.
        let oldRoll = csv("pupil_id,forename,surname,class,year_group,left", "P1,Amy,Ash,7A,7,")
        let newRoll = csv("pupil_id,forename,surname,class,year_group,left", "P1,Amy,Ash,7A,7,2025-09-02")
        let marks = csv(TestSchool.marksHeader, Self.week)
        let d = try DiffPair(old: TestSchool(pupils: oldRoll, marks: marks), new: TestSchool(pupils: newRoll, marks: marks), asOf: "2025-09-05").diff()
        #expect(d.rows.isEmpty)
        // A change to such a mark is a change.
        let changed = marks.replacingOccurrences(of: "P1,2025-09-04,AM,/", with: "P1,2025-09-04,AM,N")
        let d2 = try DiffPair(old: TestSchool(pupils: oldRoll, marks: marks), new: TestSchool(pupils: newRoll, marks: changed), asOf: "2025-09-05").diff()
        #expect(d2.rows.map(\.key) == ["P1 2025-09-04 AM />N to-absent -"])
    }

    @Test func textIsGroupedByKindThenClassWithASummary() throws {
        let old = csv(TestSchool.marksHeader, "P1,2025-09-01,AM,N", "P3,2025-09-01,AM,N", "P2,2025-09-02,AM,/")
        let new = csv(TestSchool.marksHeader, "P1,2025-09-01,AM,I", "P3,2025-09-01,AM,I", "P2,2025-09-02,AM,N")
        let d = try DiffPair(old: TestSchool(marks: old), new: TestSchool(marks: new), asOf: "2025-09-05").diff()
        #expect(DiffReport.text(d, old: "a", new: "b") == """
            authorised: Unauthorised absence changed to authorised (2)
              7A
                2025-09-01 AM  P1 Amy Ash: N → I
              7B
                2025-09-01 AM  P3 Cal Cedar: N → I

            to-absent: Present or approved activity changed to absence (1)
              7A
                2025-09-02 AM  P2 Ben Birch: / → N

            3 changes from a to b up to 2025-09-05: 2 authorised, 1 to-absent; 3 to review (present to absent, unauthorised to authorised, or recorded more than 5 school days later).

            """)
    }
}
