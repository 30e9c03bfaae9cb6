/// Writes a school project's register the way an MIS exports it: a DfE Common Transfer File, and
/// CSV marks in the long, grid and week layouts with a roster. `rollbook sample --export` uses it
/// so that sample → export → import → `stats` can be checked end to end; the demo imports its CTF.
///
/// What is exported is each pupil's effective mark on each school session on which they are on
/// roll, up to `as_of` (what the statistics count); rows `check` would reject are not carried.
public enum SchoolExport {
    public enum Format: String, CaseIterable, Sendable { case ctf, long, grid, week }

    /// The LEA and establishment numbers the exports give the school (a made-up DfE number).
    public static let lea = "999", estab = "4001"

    /// Writes each format into `outdir` (created if missing); returns the paths written.
    public static func write(register reg: Register, formats: [Format], to outdir: String) throws -> [String] {
        try makeDirectory(outdir)
        var written: [String] = []
        for f in formats {
            switch f {
            case .ctf:
                let p = outdir + "/school.ctf.xml"
                try writeFile(p, ctf(reg))
                written.append(p)
            case .long:
                let p = outdir + "/marks-long.csv"
                try writeFile(p, windows1252(long(reg)))
                written.append(p)
            case .grid:
                let p = outdir + "/marks-grid.csv"
                try writeFile(p, [0xEF, 0xBB, 0xBF] + Array(grid(reg).utf8))
                written.append(p)
            case .week:
                let p = outdir + "/marks-week.csv"
                try writeFile(p, week(reg))
                written.append(p)
            }
        }
        if formats.contains(where: { $0 != .ctf }) {
            let p = outdir + "/roster.csv"
            try writeFile(p, roster(reg))
            written.append(p)
        }
        return written
    }

    /// Per pupil, per slot: the effective code's text, or nil (no mark, or not on roll).
    static func mark(_ reg: Register, _ p: Int, _ s: Int) -> String? {
        guard reg.rollSlots[p].contains(s), let c = reg.code(pupil: p, slot: s) else { return nil }
        return c.text
    }

    static func uk(_ d: Day, pad: Bool = true) -> String {
        let c = d.components
        return pad ? Day.pad(c.day, 2) + "/" + Day.pad(c.month, 2) + "/" + String(c.year) : "\(c.day)/\(c.month)/\(c.year)"
    }

    /// XML text: the HTML escaping serves (`&#39;` is XML too).
    static func xml(_ s: String) -> String { Escape.html(s) }

    /// A CTF 25 file from the school: calendar-day marks strings from `year.start` to `as_of`,
    /// weekends and other non-school sessions as `#`, sessions with no mark as `-`; comma-separated
    /// when a code has two characters. Year 7 pupils also carry their primary school's block.
    public static func ctf(_ reg: Register) -> String {
        let cal = reg.calendar
        let start = reg.config.yearStart, end = cal.asOf
        let startYear = start.components.month >= 8 ? start.components.year : start.components.year - 1
        var s = """
        <?xml version="1.0" encoding="UTF-8"?>
        <CTfile>
          <Header>
            <DocumentName>Common Transfer File</DocumentName>
            <CTFversion>25.0</CTFversion>
            <DateTime>\(end.iso)T17:30:00</DateTime>
            <DocumentQualifier>full</DocumentQualifier>
            <SupplierID>Rollbook sample</SupplierID>
            <SourceSchool>
              <LEA>\(lea)</LEA>
              <Estab>\(estab)</Estab>
              <URN>\(xml(reg.config.urn ?? ""))</URN>
              <SchoolName>\(xml(reg.config.schoolName))</SchoolName>
              <AcademicYear>\(startYear)</AcademicYear>
            </SourceSchool>
            <DestSchool>
              <LEA>MMM</LEA>
              <Estab>MMMM</Estab>
            </DestSchool>
          </Header>
          <CTFpupilData>

        """
        for (p, pupil) in reg.pupils.enumerated() {
            var tokens: [String] = []
            var d = start
            while d <= end {
                for sess in Session.allCases {
                    if let slot = cal.slot(d, sess) { tokens.append(mark(reg, p, slot) ?? "-") }
                    else { tokens.append("#") }
                }
                d = d.adding(days: 1)
            }
            let totals = SessionTotals(codes: tokens)
            let marks = tokens.contains(where: { $0.count > 1 }) ? tokens.joined(separator: ",") : tokens.joined()
            s += """
                <Pupil>
                  <UPN>\(xml(pupil.upn))</UPN>
                  <Surname>\(xml(pupil.surname))</Surname>
                  <Forename>\(xml(pupil.forename))</Forename>
                  <BasicDetails>
                    <NCyearActual>\(xml(pupil.yearGroup))</NCyearActual>
                  </BasicDetails>
                  <Attendance>

            """
            if pupil.yearGroup == "7" {
                s += """
                        <YearData>
                          <Year>\(startYear - 1)</Year>
                          <LEA>\(lea)</LEA>
                          <Estab>2001</Estab>
                          <SchoolName>Brookside Primary School</SchoolName>
                          <SessionsPossible>10</SessionsPossible>
                          <AttendSessions>
                            <AttendanceStartDate>\(Day(year: startYear, month: 6, day: 1)!.monday.iso)</AttendanceStartDate>
                            <AttendanceMarks>/\\/\\/\\/\\/\\##</AttendanceMarks>
                          </AttendSessions>
                        </YearData>

                """
            }
            s += """
                    <YearData>
                      <Year>\(startYear)</Year>
                      <LEA>\(lea)</LEA>
                      <Estab>\(estab)</Estab>
                      <SchoolName>\(xml(reg.config.schoolName))</SchoolName>
                      <SessionsPossible>\(totals.possible)</SessionsPossible>
                      <SessionsAuthorised>\(totals.authorised)</SessionsAuthorised>
                      <SessionsAttended>\(totals.attended)</SessionsAttended>
                      <SessionsUnauthorised>\(totals.unauthorised)</SessionsUnauthorised>
                      <AttendSessions>
                        <AttendanceStartDate>\(start.iso)</AttendanceStartDate>
                        <AttendanceMarks>\(xml(marks))</AttendanceMarks>
                      </AttendSessions>
                    </YearData>
                  </Attendance>
                  <SchoolHistory>

            """
            if pupil.yearGroup == "7" {
                s += """
                        <School>
                          <LEA>\(lea)</LEA>
                          <Estab>2001</Estab>
                          <SchoolName>Brookside Primary School</SchoolName>
                          <EntryDate>\(startYear - 7)-09-01</EntryDate>
                          <LeavingDate>\(startYear)-07-22</LeavingDate>
                        </School>

                """
            }
            s += """
                      <School>
                        <LEA>\(lea)</LEA>
                        <Estab>\(estab)</Estab>
                        <SchoolName>\(xml(reg.config.schoolName))</SchoolName>
                        <EntryDate>\((pupil.admitted ?? start).iso)</EntryDate>

            """
            if let l = pupil.left { s += "          <LeavingDate>\(l.iso)</LeavingDate>\n" }
            s += "        </School>\n      </SchoolHistory>\n    </Pupil>\n"
        }
        s += "  </CTFpupilData>\n</CTfile>\n"
        return s
    }

    /// The roster as an MIS writes it: UK dates, its own header names.
    public static func roster(_ reg: Register) -> String {
        var s = "Adno,UPN,Legal Surname,Legal Forename,Reg Group,Year Group,Admission Date,Leaving Date\n"
        for p in reg.pupils {
            s += [p.id, p.upn, p.surname, p.forename, p.className, "Year " + p.yearGroup,
                  p.admitted.map { uk($0) } ?? "", p.left.map { uk($0) } ?? ""].map { Escape.csv($0) }.joined(separator: ",") + "\n"
        }
        return s
    }

    /// Long layout, SIMS-style headers, one- or two-digit UK dates, Morning/Afternoon, CRLF.
    public static func long(_ reg: Register) -> String {
        var s = "Adno,UPN,Surname,Forename,Reg Group,Year,Session Date,AM/PM,Mark,Comment\r\n"
        for (p, pupil) in reg.pupils.enumerated() {
            let head = [pupil.id, pupil.upn, pupil.surname, pupil.forename, pupil.className, pupil.yearGroup].map { Escape.csv($0) }.joined(separator: ",")
            for slot in 0..<reg.calendar.slotCount {
                guard let m = mark(reg, p, slot) else { continue }
                let sess = reg.calendar.slotSession[slot] == .am ? "Morning" : "Afternoon"
                s += head + "," + uk(reg.calendar.slotDay[slot], pad: false) + "," + sess + "," + Escape.csv(m) + ",\r\n"
            }
        }
        return s
    }

    /// Grid layout: one column per school session, headed like `Mon 01/09/2025 AM`.
    public static func grid(_ reg: Register) -> String {
        let cal = reg.calendar
        var s = "Pupil ID,UPN,Legal Surname,Legal Forename,Registration Group,NC Year"
        for slot in 0..<cal.slotCount {
            let d = cal.slotDay[slot]
            s += "," + String(Day.weekdayNames[d.weekday].prefix(3)) + " " + uk(d) + " " + cal.slotSession[slot].text
        }
        s += "\r\n"
        for (p, pupil) in reg.pupils.enumerated() {
            s += [pupil.id, pupil.upn, pupil.surname, pupil.forename, pupil.className, pupil.yearGroup].map { Escape.csv($0) }.joined(separator: ",")
            for slot in 0..<cal.slotCount { s += "," + Escape.csv(mark(reg, p, slot) ?? "") }
            s += "\r\n"
        }
        return s
    }

    /// Week layout: a Monday and ten sessions (Mon to Fri, AM then PM); `#` where the school is
    /// closed, `-` where there is no mark.
    public static func week(_ reg: Register) -> String {
        let cal = reg.calendar
        var s = "Student ID,UPN,Forename,Surname,Form,NC Year,Week Commencing,Attendance String\n"
        for (p, pupil) in reg.pupils.enumerated() {
            let head = [pupil.id, pupil.upn, pupil.forename, pupil.surname, pupil.className, pupil.yearGroup].map { Escape.csv($0) }.joined(separator: ",")
            for monday in cal.schoolWeeks {
                var tokens: [String] = []
                var any = false
                for k in 0..<5 {
                    let d = monday.adding(days: k)
                    for sess in Session.allCases {
                        if let slot = cal.slot(d, sess) {
                            if let m = mark(reg, p, slot) { tokens.append(m); any = true } else { tokens.append("-") }
                        } else {
                            tokens.append("#")
                        }
                    }
                }
                guard any else { continue }
                let str = tokens.contains(where: { $0.count > 1 }) ? tokens.joined(separator: ",") : tokens.joined()
                s += head + "," + uk(monday) + "," + Escape.csv(str) + "\n"
            }
        }
        return s
    }

    /// Text as Windows-1252 bytes (what a spreadsheet saves as "CSV"); `?` for what it cannot hold.
    public static func windows1252(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            if u.value < 0x80 || (u.value >= 0xA0 && u.value < 0x100) { out.append(UInt8(u.value)) }
            else if let i = TextDecoding.cp1252High.firstIndex(of: u.value) { out.append(UInt8(0x80 + i)) }
            else { out.append(63) }
        }
        return out
    }
}
