import Foundation
import Testing
@testable import RollbookKit
import rollbook

/// `rollbook import csv`: the alias table, the three layouts, what spreadsheets write, and bad
/// input (spec section 9). Standard test calendar (Autumn 1 from Mon 2025-09-01).
@Suite struct CSVImportTests {
    @Test func everyAliasOfTheTableIsRecognised() {
        let importer = CSVImport()
        for (field, names) in CSVImport.aliases {
            for name in names {
                // Case, spaces, dots and underscores do not matter.
                for spelling in [name, name.uppercased(), " " + name.lowercased() + " ", name.replacingOccurrences(of: " ", with: "_")] {
                    let cols = importer.resolve(["Comment", spelling])
                    #expect(cols[field] == 1, "\(spelling) → \(field)")
                }
            }
        }
        #expect(importer.resolve(["Session.Date"])["date"] == 0)
        #expect(importer.resolve(["W/C"])["week_start"] == 0)
        #expect(importer.resolve(["AM/PM"])["session"] == 0)
    }

    @Test func theFirstAliasInTheTableWins() {
        let cols = CSVImport().resolve(["Adno", "Pupil ID", "Preferred Forename", "Legal Forename", "Year", "NC Year"])
        #expect(cols["pupil_id"] == 1)   // `Pupil ID` comes before `Adno` in the table
        #expect(cols["forename"] == 3)   // `Legal Forename` before `Preferred Forename`
        #expect(cols["year_group"] == 4)
    }

    @Test func aSchoolsOwnColumnNamesComeFirst() throws {
        let extra = try CSVImport.parseColumns("# ours\npupil_id: Pupil Ref\nmark: \"Reg Code\"\n", path: "cols.txt")
        let cols = CSVImport(extraNames: extra).resolve(["Adno", "Pupil Ref", "Reg Code"])
        #expect(cols["pupil_id"] == 1)
        #expect(cols["mark"] == 2)
        #expect(throws: InputError.self) { try CSVImport.parseColumns("pupil: Ref\n", path: "cols.txt") }
        let e = try #require(throws: InputError.self) { try CSVImport.parseColumns("pupil: Ref\nmark\n", path: "cols.txt") }
        #expect(e.description == """
            cols.txt:1: error: unknown field `pupil`; the fields are: \(CSVImport.fields.joined(separator: ", "))
            cols.txt:2: error: expected `field: Header name`, found `mark`
            """)
    }

    @Test func yearGroupsAreNormalised() {
        for (raw, want) in [("Year 5", "5"), ("Y5", "5"), ("NC Year 5", "5"), ("5", "5"), ("05", "5"), ("Reception", "R"),
                            ("YR", "R"), ("R", "R"), ("r", "R"), ("Year 11", "11"), ("N1", "N1"), ("X", "X"), ("", "")] {
            #expect(ImportNormalise.yearGroup(raw) == want, "\(raw)")
        }
    }

    @Test func datesAsSpreadsheetsWriteThem() {
        for (raw, want) in [("1/9/2025", "2025-09-01"), ("01/09/2025", "2025-09-01"), ("2025-09-01", "2025-09-01"),
                            ("Mon 01/09/2025", "2025-09-01"), ("01 Sep 2025", "2025-09-01"), ("1 September 2025", "2025-09-01"),
                            ("01/09/2025 00:00", "2025-09-01"), ("01-09-2025", "2025-09-01"), ("01-Sep-2025", "2025-09-01")] {
            #expect(ImportNormalise.date(raw)?.iso == want, "\(raw)")
        }
        for bad in ["31/02/2026", "Tue 01/09/2025", "2025-13-01", "yesterday", "1/9/25"] {
            #expect(ImportNormalise.date(bad) == nil, "\(bad)")
        }
    }

    @Test func longLayoutFromAWindows1252ExportWithCRLF() throws {
        let text = "Adno,UPN,Surname,Forename,Reg Group,Year,Session Date,AM/PM,Mark,Mins Late,Comment\r\n"
            + "001005,A123,Müller,Zoë,5B,Year 5,1/9/2025,Morning,L,12,late bus\r\n"
            + "001005,A123,Müller,Zoë,5B,Year 5,1/9/2025,Afternoon,\\,,\r\n"
            + "000007,A777,Ó Súilleabháin,Seán,R1,Reception,02/09/2025,am,-,,\r\n"
            + "000007,A777,Ó Súilleabháin,Seán,R1,Reception,1/9/2025,PM,/,,\r\n"
        let f = try ImportFolder()
        try f.write("marks.csv", SchoolExport.windows1252(text))
        let out = f.csv(["marks.csv"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stderr == "")
        #expect(f.pupils == """
            pupil_id,upn,forename,surname,class,year_group,admitted,left,dob,sex,sen,fsm,disadvantaged,eal,ethnicity,cla
            000007,A777,Seán,Ó Súilleabháin,R1,R,,,,,,,,,,
            001005,A123,Zoë,Müller,5B,5,,,,,,,,,,

            """)
        #expect(f.marks == """
            pupil_id,date,session,mark,minutes_late,recorded_at
            000007,2025-09-01,PM,/,,
            001005,2025-09-01,AM,L,12,
            001005,2025-09-01,PM,\\,,

            """)
        #expect(out.stdout.contains("marks.csv: long layout, 4 rows, 3 marks (not valid UTF-8; read as Windows-1252)"))
        #expect(out.stdout.contains("1 sessions with no mark (`-` or empty)"))
    }

    @Test func aBOMAndRecordedAtAreRead() throws {
        let text = "\u{FEFF}StudentId,Forename,Surname,Tutor Group,NCYear,SessionDate,Session Name,AttendanceMark,Last Modified\n"
            + "S1,Amy,Ash,7A,7,2025-09-01,AM,N,2025-09-01 09:40\n"
            + "S1,Amy,Ash,7A,7,2025-09-01,AM,I,2025-09-02T08:00:00\n"
        let f = try ImportFolder(files: ["m.csv": text])
        #expect(f.csv(["m.csv"]).status == 0)
        #expect(f.markRows == ["S1,2025-09-01,AM,N,,2025-09-01T09:40", "S1,2025-09-01,AM,I,,2025-09-02T08:00:00"])
    }

    @Test func aMissingRequiredFieldListsHeadersAndNamesTried() throws {
        let (f, out) = try ImportFolder.importingCSV("m.csv", "Name,Session Date,AM/PM,Mark\nAmy,2025-09-01,AM,/\n")
        #expect(out.status == 2)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "m.csv:1: error: missing columns for `pupil_id` (tried: pupil_id, Pupil ID, Student ID, StudentId, PersonID, Adno, Admission Number, MIS ID, GFSID); `forename` (tried: Forename, Legal Forename, Preferred Forename, First Name, Given Name); `surname` (tried: Surname, Legal Surname, Preferred Surname, Last Name, Family Name); `year_group` (tried: year_group, Year Group, Year, NCyearActual, NCYear, NC Year, National Curriculum Year). Found: `Name`, `Session Date`, `AM/PM`, `Mark`. Name a column of yours with --columns (lines like `pupil_id: Pupil Ref`); or give the roster with --pupils; nothing was imported from this file",
            "error: nothing could be read; no file was written",
        ])
        #expect(f.marks == nil)
    }

    @Test func anUnrecognisedLayoutIsAnError() throws {
        let (_, out) = try ImportFolder.importingCSV("m.csv", "Adno,Forename,Surname,Year,Thing\n1,A,B,5,x\n")
        #expect(out.status == 2)
        #expect(out.stderr.contains("m.csv:1: error: cannot tell the layout: no `date`, `session` and `mark` columns (long), no columns headed by a date and AM/PM (grid), no `week_start` and `week_marks` (week). Found: `Adno`, `Forename`, `Surname`, `Year`, `Thing`."))
    }

    @Test func badRowsAreSkippedWithExit1() throws {
        let text = """
            Adno,Forename,Surname,Year,Date,Session,Mark
            1,A,B,5,31/02/2026,AM,/
            1,A,B,5,2025-09-01,XM,/
            ,A,B,5,2025-09-01,AM,/
            1,A,B,5,2025-09-01,AM
            1,A,B,5,2025-09-01,PM,\\

            """
        let (f, out) = try ImportFolder.importingCSV("m.csv", text)
        #expect(out.status == 1)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "m.csv:2: warning: date `31/02/2026` is not a date (or does not exist); skipped",
            "m.csv:3: warning: session `XM` is not AM or PM (or Morning/Afternoon); skipped",
            "m.csv:4: warning: no pupil id or UPN; skipped",
            "m.csv:5: warning: the row has 6 fields, the header 7; skipped",
        ])
        #expect(f.markRows == ["1,2025-09-01,PM,\\,,"])
        #expect(out.stdout.contains("Skipped: 4 unreadable rows or blocks (see the messages above)."))
    }

    @Test func gridLayoutWithHeadersInSeveralForms() throws {
        let text = "Pupil ID,Forename,Surname,Reg Group,Year Group,Mon 01/09/2025 AM,Mon 01/09/2025 PM,02 Sep 2025 AM,2025-09-02 PM,Comment\n"
            + "P1,Amy,Ash,5A,5,/,\\,-,N,x\n"
            + "P2,Ben,Birch,5A,5,L,,I,I,\n"
        let (f, out) = try ImportFolder.importingCSV("g.csv", text)
        #expect(out.status == 0)
        #expect(f.markRows == ["P1,2025-09-01,AM,/,,", "P1,2025-09-01,PM,\\,,", "P1,2025-09-02,PM,N,,",
                               "P2,2025-09-01,AM,L,,", "P2,2025-09-02,AM,I,,", "P2,2025-09-02,PM,I,,"])
        #expect(out.stdout.contains("g.csv: grid layout, 2 rows, 6 marks (4 session columns)"))
    }

    @Test func aGridHeaderThatIsNotASessionIsSkippedWithExit1() throws {
        let text = "Pupil ID,Forename,Surname,Reg Group,Year Group,Mon 01/09/2025 AM,Mon 01/09/2025,31/02/2026 AM,Tue 01/09/2025 PM\n"
            + "P1,Amy,Ash,5A,5,/,x,/,/\n"
        let (f, out) = try ImportFolder.importingCSV("g.csv", text)
        #expect(out.status == 1)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "g.csv:1: warning: column 7 header `Mon 01/09/2025` looks like a date but is not a session (a date that exists, and AM or PM); its column is skipped",
            "g.csv:1: warning: column 8 header `31/02/2026 AM` looks like a date but is not a session (a date that exists, and AM or PM); its column is skipped",
            "g.csv:1: warning: column 9 header `Tue 01/09/2025 PM` looks like a date but is not a session (a date that exists, and AM or PM); its column is skipped",
        ])
        #expect(f.markRows == ["P1,2025-09-01,AM,/,,"])
    }

    @Test func weekLayoutTenAndFourteenSessions() throws {
        let text = """
            Student ID,Forename,Surname,Form,NC Year,Week Commencing,Attendance String
            S1,Amy,Ash,5A,5,01/09/2025,/\\/\\NN----
            S2,Ben,Birch,5A,5,01/09/2025,"/\\,/\\,C1,C1,/\\,/\\,/\\,##,##"
            S3,Cal,Cedar,5A,5,01/09/2025,/\\/\\/\\/\\/\\##

            """
        // S2's string has commas: split on them it is 9 codes, so it is reported.
        let (f, out) = try ImportFolder.importingCSV("w.csv", text)
        #expect(out.status == 1)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "w.csv:3: warning: the week string `/\\,/\\,C1,C1,/\\,/\\,/\\,##,##` has 9 sessions; expected 10 (Monday to Friday) or 14 (Monday to Sunday), AM then PM; skipped",
            "w.csv:4: warning: the week string `/\\/\\/\\/\\/\\##` has 12 sessions; expected 10 (Monday to Friday) or 14 (Monday to Sunday), AM then PM; skipped",
        ])
        #expect(f.markRows == ["S1,2025-09-01,AM,/,,", "S1,2025-09-01,PM,\\,,", "S1,2025-09-02,AM,/,,", "S1,2025-09-02,PM,\\,,",
                               "S1,2025-09-03,AM,N,,", "S1,2025-09-03,PM,N,,"])
    }

    @Test func weekLayoutWithCommaSeparatedCodesAndWeekends() throws {
        let text = """
            Student ID,Forename,Surname,Form,NC Year,Week Start,Session String
            S2,Ben,Birch,5A,5,2025-09-01,"/,\\,C1,C1,/,\\,/,\\,/,\\,#,#,#,#"
            S3,Cal,Cedar,5A,5,02/09/2025,/\\/\\/\\/\\/\\
            """
        let (f, out) = try ImportFolder.importingCSV("w.csv", text)
        #expect(out.status == 1)
        #expect(ImportFolder.lines(out.stderr, in: f) == ["w.csv:3: warning: week start 2025-09-02 is a Tuesday, not a Monday; skipped"])
        #expect(f.markRows.count == 10)
        #expect(f.markRows[2] == "S2,2025-09-02,AM,C1,,")
        #expect(out.stdout.contains("4 `#` on sessions that are not school sessions"))
    }

    @Test func theRosterGivesThePupilsAndMapsUPNsToIds() throws {
        let roster = """
            Adno,UPN,Legal Surname,Legal Forename,Reg Group,Year Group,Admission Date,Leaving Date,Date of Birth,Gender,SEN Status,FSM Eligible,Pupil Premium,EAL,Ethnicity,Looked After
            0042,A1,Ash,Amy,5A,Year 5,3/9/2025,,14/3/2015,F,SEN Support,Yes,N,1,WBRI,no
            0043,A2,Birch,Ben,RB,YR,,19/12/2025,,M,,,,,,
            """
        let marks = "UPN,Session Date,AM/PM,Mark\nA1,03/09/2025,AM,/\nA2,01/09/2025,PM,I\nA9,01/09/2025,AM,/\n"
        let f = try ImportFolder(files: ["roster.csv": roster, "m.csv": marks])
        let out = f.csv(["m.csv"], pupils: "roster.csv")
        #expect(out.status == 0)
        #expect(f.pupils == """
            pupil_id,upn,forename,surname,class,year_group,admitted,left,dob,sex,sen,fsm,disadvantaged,eal,ethnicity,cla
            0042,A1,Amy,Ash,5A,5,2025-09-03,,2015-03-14,F,K,true,false,true,WBRI,false
            0043,A2,Ben,Birch,RB,R,,2025-12-19,,M,,,,,,

            """)
        #expect(f.markRows == ["0042,2025-09-03,AM,/,,", "0043,2025-09-01,PM,I,,", "A9,2025-09-01,AM,/,,"])
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "roster.csv: warning: 1 pupil id in the marks is not in the roster (A9); their marks are written, and `check` reports them as unknown pupils",
        ])
    }

    @Test func aCodeMapFileIsApplied() throws {
        let f = try ImportFolder(files: ["map.csv": "character,code\na,Y2\n\"_\",Y7\n",
                                         "m.csv": "Adno,Forename,Surname,Year,Date,Session,Mark\n1,A,B,5,2025-09-01,AM,a\n1,A,B,5,2025-09-01,PM,_\n"])
        #expect(f.csv(["m.csv"], codeMap: f.path("map.csv")).status == 0)
        #expect(f.markRows == ["1,2025-09-01,AM,Y2,,", "1,2025-09-01,PM,Y7,,"])
        let bad = try ImportFolder(files: ["map.csv": "char,code\n", "m.csv": "x\n"])
        let out = bad.csv(["m.csv"], codeMap: bad.path("map.csv"))
        #expect(out.status == 2)
        #expect(out.stderr.contains("map.csv:1: error: a code map needs the header `character,code` (found: char, code)"))
        let none = bad.csv(["m.csv"], codeMap: "nosuch")
        #expect(none.stderr == "nosuch: error: no such code map: give a built-in name (one) or a CSV file with the header `character,code`\n")
    }

    @Test func theBuiltInOneMap() {
        #expect(CodeMap.one.entries == ["<": "C1", ">": "C2", "?": "J1", "$": "Y1", "%": "Y3", "`": "Y4", ":": "Y5", "|": "Y6", "_": "Y7"])
        #expect(!CodeMap.one.entries.values.contains("Y2"))
    }

    @Test func explicitLayoutAndColumnsFile() throws {
        let f = try ImportFolder(files: ["cols.txt": "pupil_id: Ref\ndate: Day\nsession: Half\nmark: Reg Code\n",
                                         "m.csv": "Ref,Forename,Surname,Year,Day,Half,Reg Code\n7,A,B,5,2025-09-01,Afternoon,B\n"])
        #expect(f.csv(["m.csv"], layout: .long, columns: "cols.txt").status == 0)
        #expect(f.markRows == ["7,2025-09-01,PM,B,,"])
        let g = try ImportFolder(files: ["m.csv": "Adno,Forename,Surname,Year,Date,Session,Mark\n1,A,B,5,2025-09-01,AM,/\n"])
        let out = g.csv(["m.csv"], layout: .week)
        #expect(out.status == 2)
        #expect(out.stderr.contains("missing columns for `week_start`"))
    }
}

@Suite struct CSVImportClosedSessionTests {
    @Test func closedMarkOnASchoolSessionNamesThePupil() throws {
        let (f, out) = try ImportFolder.importingCSV("m.csv", "Adno,Forename,Surname,Year,Date,Session,Mark\n001,A,B,5,2025-09-01,AM,#\n001,A,B,5,2025-09-06,AM,#\n")
        #expect(out.status == 0)
        #expect(ImportFolder.lines(out.stderr, in: f) == [
            "m.csv: warning: pupil `001`: `#` (school closed) on 1 school session of rollbook.yml's calendar (first 2025-09-01 AM); written as they are: check the terms and closures in rollbook.yml",
        ])
        #expect(f.markRows == ["001,2025-09-01,AM,#,,"])
    }
}
