import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook

/// `rollbook import ctf` on hand-made Common Transfer Files (spec section 9). The calendar is the
/// standard test one: Autumn 1 from Mon 2025-09-01, INSET day Fri 2025-09-12, Wed 2025-09-17 PM closed.
@Suite struct CTFImportTests {
    typealias F = CTFFixture

    @Test func writesThePupilAndEveryMarkWithTheFilesDateTime() throws {
        let marks = "/\\LN/\\IO/\\####"  // Mon 1 to Sun 7 September
        let (f, out) = try ImportFolder.importingCTF(F.file(pupils: [F.pupil(year: "Year R", blocks: [.init(marks: marks)])]))
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr == "")
        #expect(f.pupils == """
            pupil_id,upn,forename,surname,class,year_group,admitted,left,dob,sex,sen,fsm,disadvantaged,eal,ethnicity,cla
            A123456789012,A123456789012,Amy,Ash,YR,R,2025-09-01,,,,,,,,,

            """)
        #expect(f.marks == """
            pupil_id,date,session,mark,minutes_late,recorded_at
            A123456789012,2025-09-01,AM,/,,2025-09-20T10:15:00
            A123456789012,2025-09-01,PM,\\,,2025-09-20T10:15:00
            A123456789012,2025-09-02,AM,L,,2025-09-20T10:15:00
            A123456789012,2025-09-02,PM,N,,2025-09-20T10:15:00
            A123456789012,2025-09-03,AM,/,,2025-09-20T10:15:00
            A123456789012,2025-09-03,PM,\\,,2025-09-20T10:15:00
            A123456789012,2025-09-04,AM,I,,2025-09-20T10:15:00
            A123456789012,2025-09-04,PM,O,,2025-09-20T10:15:00
            A123456789012,2025-09-05,AM,/,,2025-09-20T10:15:00
            A123456789012,2025-09-05,PM,\\,,2025-09-20T10:15:00

            """)
        #expect(out.stdout.contains("Wrote Data/pupils.csv (1 pupil) and Data/marks.csv (10 marks)"))
        #expect(out.stdout.contains("4 `#` on sessions that are not school sessions in rollbook.yml (weekends, holidays, closures)"))
        // The imported folder reads cleanly.
        let stats = Commands.stats(directory: f.dir, asOf: Day(parsing: "2025-09-05"), by: .school, format: .csv)
        #expect(stats.status == 0)
        #expect(stats.stdout.contains(",1,10,7,"))  // 1 pupil, 10 possible, 7 attended
    }

    @Test func sortsPupilsAndMarksAndKeepsIdsAsText() throws {
        let f = try ImportFolder(files: ["a.xml": F.file(pupils: [
            F.pupil(upn: "Z000000000002", blocks: [.init(marks: "/\\")]),
            F.pupil(upn: "A000000000001", forename: "Bo", blocks: [.init(start: "2025-09-02", marks: "/\\"), .init(marks: "NN")]),
        ])])
        let out = f.ctf(["a.xml"])
        #expect(out.status == 0)
        #expect(f.markRows.map { String($0.prefix(30)) } == [
            "A000000000001,2025-09-01,AM,N,", "A000000000001,2025-09-01,PM,N,", "A000000000001,2025-09-02,AM,/,",
            "A000000000001,2025-09-02,PM,\\,", "Z000000000002,2025-09-01,AM,/,", "Z000000000002,2025-09-01,PM,\\,",
        ])
        #expect(f.pupils?.split(separator: "\n").dropFirst().map { String($0.prefix(13)) } == ["A000000000001", "Z000000000002"])
        #expect(!(f.marks ?? "").contains("\r"))
    }

    @Test func commaSeparatedCodesFromCTF24() throws {
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "C1, Y4,/,\\,J1,-")))
        #expect(out.status == 0)
        #expect(f.markRows.map { $0.split(separator: ",", omittingEmptySubsequences: false)[3] } == ["C1", "Y4", "/", "\\", "J1"])
    }

    @Test func weekdaysOnlyStringIsDetectedWithAWarning() throws {
        // Mon 1 to Fri 5, then Mon 8: 12 sessions, no weekend.
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "/\\/\\/\\/\\/\\NN")))
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: YearData 2025 (823/4321): weekend sessions hold marks, so the string is read as weekdays only (Monday to Friday, from 2025-09-01); check the dates of a few marks",
        ])
        #expect(f.markRows.last == "A123456789012,2025-09-08,PM,N,,2025-09-20T10:15:00")
        #expect(f.markRows.count == 12)
    }

    @Test func oddLengthIsAWarning() throws {
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "/\\/")))
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: YearData 2025 (823/4321): the marks string has an odd number of sessions (3); the last day has an AM and no PM",
        ])
        #expect(f.markRows.count == 3)
    }

    @Test func aStringRunningPastTheFilesDateIsAWarning() throws {
        // File dated Wed 2025-09-03; marks up to Fri 5th.
        let (f, out) = try ImportFolder.importingCTF(F.file(dateTime: "2025-09-03T16:00:00", pupils: [F.pupil(blocks: [.init(marks: "/\\/\\/\\/\\V-")])]))
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: YearData 2025 (823/4321): the marks string runs past the file's date (2025-09-03): 3 sessions from 2025-09-04 hold marks; kept as they are",
        ])
    }

    @Test func closedMarkOnASchoolSessionIsAWarningAndKept() throws {
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "/\\##/\\")))
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: `#` (school closed) on 2 school sessions of rollbook.yml's calendar (first 2025-09-02 AM); written as they are: check the terms and closures in rollbook.yml",
        ])
        #expect(f.markRows.count == 6)
    }

    @Test func totalsThatDisagreeWithTheMarksAreAWarning() throws {
        let block = F.Block(marks: "/\\NN", totals: ["SessionsPossible": 4, "SessionsAttended": 3, "SessionsUnauthorised": 2])
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(block))
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: YearData 2025 (823/4321): totals disagree with the marks: SessionsAttended 3, the marks give 2; the marks are imported",
        ])
    }

    @Test func aStrayCharacterIsKeptForCheckAndReported() throws {
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "/@/\\")))
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: YearData 2025 (823/4321): `@` is not an attendance code (1 session, first 2025-09-01 PM); kept for `rollbook check` to report",
        ])
        #expect(f.markRows[1] == "A123456789012,2025-09-01,PM,@,,2025-09-20T10:15:00")
        let check = Commands.check(directory: f.dir, asOf: Day(parsing: "2025-09-02"), format: .csv)
        #expect(check.stdout.contains("unknown-code"))
    }

    @Test func aSpaceInsideTheStringIsSkippedWithExit1() throws {
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "/ /\\")))
        #expect(out.status == 1)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml: UPN A123456789012: warning: YearData 2025 (823/4321): 1 session hold a space or control character instead of a code (first 2025-09-01 PM); skipped",
        ])
        #expect(f.markRows.count == 3)
    }

    @Test func aCodeMapIsAppliedOnlyWhenAsked() throws {
        let file = F.onePupil(.init(marks: "&lt;&gt;?_/\\"))
        let plain = try ImportFolder(files: ["a.xml": file])
        let out = plain.ctf(["a.xml"])
        #expect(out.status == 0)
        #expect(plain.markRows.map { $0.split(separator: ",")[3] } == ["<", ">", "?", "/", "\\"])
        #expect(out.stdout.contains("1 sessions marked `_` with no code map for it (no mark)"))
        #expect(out.stderr.contains("`<` is not an attendance code (1 session, first 2025-09-01 AM); kept for `rollbook check` to report (if your MIS squeezes two-character codes into one, try --code-map one)"))
        let mapped = try ImportFolder(files: ["a.xml": file])
        #expect(mapped.ctf(["a.xml"], codeMap: "one").status == 0)
        #expect(mapped.markRows.map { $0.split(separator: ",")[3] } == ["C1", "C2", "J1", "Y7", "/", "\\"])
    }

    @Test func onlyTheSourceSchoolsBlocksUnlessAllSchools() throws {
        let earlier = F.Block(year: "2025", lea: "823", estab: "2001", name: "Brook Primary", start: "2025-09-01", marks: "/\\")
        let own = F.Block(start: "2025-09-02", marks: "NN")
        let file = F.file(pupils: [F.pupil(blocks: [earlier, own],
                                           history: [("823", "2001", "2018-09-01", "2025-09-01"), ("823", "4321", "2025-09-02", nil)])])
        let (f, out) = try ImportFolder.importingCTF(file)
        #expect(out.status == 0)
        #expect(f.markRows.map { String($0.prefix(30)) } == ["A123456789012,2025-09-02,AM,N,", "A123456789012,2025-09-02,PM,N,"])
        #expect(out.stdout.contains("1 YearData blocks of other schools (earlier schools' attendance; give --all-schools to import them)"))
        #expect(out.stdout.contains("1 of other schools left out (823/2001 Brook Primary)"))
        #expect(f.pupils?.contains(",Y5,5,2025-09-02,,") == true)
        let all = try ImportFolder(files: ["a.xml": file])
        #expect(all.ctf(["a.xml"], allSchools: true).status == 0)
        #expect(all.markRows.count == 4)
        #expect(all.pupils?.contains(",Y5,5,2018-09-01,,") == true)
    }

    @Test func schoolHistoryGivesAdmittedAndLeft() throws {
        let file = F.file(pupils: [F.pupil(blocks: [.init(marks: "/\\")], history: [("823", "4321", "2024-09-04", "2025-09-05")])])
        let f = try ImportFolder(files: ["a.xml": file])
        #expect(f.ctf(["a.xml"]).status == 0)
        #expect(f.pupils?.contains(",Y5,5,2024-09-04,2025-09-05,") == true)
    }

    @Test func theNewerFileWinsPerSessionWhateverTheOrder() throws {
        let older = F.file(dateTime: "2025-09-02T16:00:00", pupils: [F.pupil(forename: "Old", blocks: [.init(marks: "/\\NN")])])
        let newer = F.file(dateTime: "2025-09-03T16:00:00", pupils: [F.pupil(forename: "New", blocks: [.init(start: "2025-09-02", marks: "MM/\\")])])
        for order in [["old.xml", "new.xml"], ["new.xml", "old.xml"]] {
            let f = try ImportFolder(files: ["old.xml": older, "new.xml": newer])
            let out = f.ctf(order)
            #expect(out.status == 0)
            #expect(f.markRows == [
                "A123456789012,2025-09-01,AM,/,,2025-09-02T16:00:00",
                "A123456789012,2025-09-01,PM,\\,,2025-09-02T16:00:00",
                "A123456789012,2025-09-02,AM,M,,2025-09-03T16:00:00",
                "A123456789012,2025-09-02,PM,M,,2025-09-03T16:00:00",
                "A123456789012,2025-09-03,AM,/,,2025-09-03T16:00:00",
                "A123456789012,2025-09-03,PM,\\,,2025-09-03T16:00:00",
            ])
            #expect(f.pupils?.contains(",New,Ash,") == true)
            #expect(out.stdout.contains("2 sessions also given by a newer file (the newer DateTime wins)"))
        }
    }

    @Test func characteristicsGoToTheOptionalColumns() throws {
        let extra = """
            <DOB>2015-03-14</DOB><Sex>F</Sex>
            <BasicDetails><Ethnicity>WBRI</Ethnicity></BasicDetails>
            <Languages><Type><LanguageType>F</LanguageType><Language>POL</Language></Type></Languages>
            <FSMhistory><FSMinstance><FSMstartDate>2024-01-10</FSMstartDate></FSMinstance></FSMhistory>
            <SENhistory><SEN><StartDate>2023-09-01</StartDate><SENprovision>K</SENprovision></SEN><SEN><StartDate>2025-01-01</StartDate><SENprovision>E</SENprovision></SEN></SENhistory>
            <LookedAfter><InCare>true</InCare></LookedAfter>

            """
        let f = try ImportFolder(files: ["a.xml": F.file(pupils: [F.pupil(blocks: [.init(marks: "/\\")], extra: extra)])])
        #expect(f.ctf(["a.xml"]).status == 0)
        #expect(f.pupils?.split(separator: "\n").last == "A123456789012,A123456789012,Amy,Ash,Y5,5,2025-09-01,,2015-03-14,F,E,true,,true,WBRI,true")
    }

    @Test func namespacesAndPrefixesAreIgnored() throws {
        let file = F.onePupil(.init(marks: "/\\"))
            .replacingOccurrences(of: "<CTfile>", with: "<c:CTfile xmlns:c=\"http://www.example.org/ctf\">")
            .replacingOccurrences(of: "</CTfile>", with: "</c:CTfile>")
            .replacingOccurrences(of: "<UPN>", with: "<c:UPN>").replacingOccurrences(of: "</UPN>", with: "</c:UPN>")
        let f = try ImportFolder(files: ["a.xml": file])
        #expect(f.ctf(["a.xml"]).status == 0)
        #expect(f.markRows.count == 2)
    }

    @Test func malformedXMLExitsWith2AndWritesNothing() throws {
        let (f, out) = try ImportFolder.importingCTF(F.onePupil(.init(marks: "/\\")).replacingOccurrences(of: "</Surname>", with: "</Surnam>"))
        #expect(out.status == 2)
        let lines = ImportFolder.lines(out.stderr, in: f)
        #expect(lines.first?.hasPrefix("a.xml:") == true)
        #expect(lines.first?.contains(": error: malformed XML (line ") == true)
        #expect(lines.first?.hasSuffix("; nothing was imported from this file") == true)
        #expect(lines.last == "error: nothing could be read; no file was written")
        #expect(f.marks == nil)
    }

    @Test func aTruncatedFileExitsWith2() throws {
        let whole = F.file(pupils: [F.pupil(blocks: [.init(marks: "/\\")]), F.pupil(upn: "B1", blocks: [.init(marks: "/\\")])])
        let (f, out) = try ImportFolder.importingCTF(String(whole.prefix(whole.count * 2 / 3)))
        #expect(out.status == 2)
        #expect(out.stderr.contains("it may be truncated; nothing was imported from this file"))
        #expect(f.marks == nil)
    }

    @Test func oneBadFileOfTwoExitsWith1() throws {
        let good = F.onePupil(.init(marks: "/\\"))
        let f = try ImportFolder(files: ["good.xml": good, "bad.xml": "<CTfile><Header>"])
        let out = f.ctf(["good.xml", "bad.xml"])
        #expect(out.status == 1)
        #expect(f.markRows.count == 2)
    }

    @Test func notACTFExitsWith2() throws {
        let (f, out) = try ImportFolder.importingCTF("<?xml version=\"1.0\"?><html><body/></html>")
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f).first == "a.xml:1: error: not a Common Transfer File: the root element is `html`, not `CTfile`; nothing was imported from this file")
    }

    @Test func aHeaderWithoutSourceSchoolNeedsAllSchools() throws {
        let file = F.file(lea: "", estab: "", pupils: [F.pupil(blocks: [.init(marks: "/\\")])])
        let (f, out) = try ImportFolder.importingCTF(file)
        #expect(out.status == 2)
        #expect(out.stderr.contains("the header's SourceSchool has no LEA and Estab, so this school's attendance cannot be told from earlier schools'; give --all-schools to import every school's blocks"))
        #expect(f.ctf(["a.xml"], allSchools: true).status == 0)
    }

    @Test func aPupilWithoutUPNOrABadStartDateIsSkippedWithExit1() throws {
        let file = F.file(pupils: [F.pupil(upn: "", blocks: [.init(marks: "/\\")]),
                                   F.pupil(upn: "B1", blocks: [.init(start: "2025-02-30", marks: "/\\")]),
                                   F.pupil(upn: "C1", blocks: [.init(marks: "/\\")])])
        let (f, out) = try ImportFolder.importingCTF(file)
        #expect(out.status == 1)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "a.xml:7: warning: a pupil (Amy Ash) has no UPN, so cannot be identified; skipped",
            "a.xml: UPN B1: warning: YearData 2025 (823/4321): AttendanceStartDate `2025-02-30` is not a date; the block's marks are skipped",
        ])
        #expect(f.markRows.count == 2)
    }
}

@Suite struct CTFStructureTests {
    @Test func aPupilBeforeTheHeaderIsNotACTF() throws {
        let text = "<CTfile><CTFpupilData><Pupil><UPN>A1</UPN></Pupil></CTFpupilData><Header></Header></CTfile>"
        let (f, out) = try ImportFolder.importingCTF(text)
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f).first == "a.xml:1: error: not a Common Transfer File: a `Pupil` comes before the `Header` is complete; nothing was imported from this file")
    }

    @Test func anOlderVersionWithGenderAndNoHistory() throws {
        let text = CTFFixture.file(version: "16.0", pupils: [CTFFixture.pupil(blocks: [.init(start: "2025-09-03", marks: "/\\")], extra: "<Gender>M</Gender>\n")])
        let f = try ImportFolder(files: ["a.xml": text])
        #expect(f.ctf(["a.xml"]).status == 0)
        #expect(f.pupils?.contains("A123456789012,A123456789012,Amy,Ash,Y5,5,2025-09-03,,,M,") == true)
    }
}
