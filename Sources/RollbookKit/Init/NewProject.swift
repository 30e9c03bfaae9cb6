#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `rollbook init`: a new, empty school project that builds and checks clean (issue 16).
///
/// It writes a commented `rollbook.yml` with an example calendar (clearly marked: term dates
/// are set by each local authority or trust), empty `Data/` files with the spec's headers, one
/// example campaign page and one example letter in `Content/`, a note on themes in `Themes/`,
/// and a `.gitignore` that keeps the built site and the pupil data out of version control.
public struct NewProject {
    public var schoolName: String
    /// The day the project is made: the example calendar is the academic year around it.
    public var today: Day
    /// Set by `--from-ctf`: the calendar inferred from the transfer file's marks replaces the
    /// example one, and the importer writes Data/pupils.csv and Data/marks.csv.
    public var inferred: ImportWriter.InferredCalendar?

    public init(schoolName: String = "Example School", today: Day = .today) {
        self.schoolName = schoolName
        self.today = today
    }

    /// The academic year the example calendar covers: the one running on `today` (from
    /// September), or the one about to start when made in August.
    public var startYear: Int {
        let c = today.components
        return c.month >= 8 ? c.year : c.year - 1
    }

    /// The headers of the data files (spec section 3).
    public static let headers: [(file: String, columns: [String])] = [
        ("Data/pupils.csv", ["pupil_id", "upn", "forename", "surname", "class", "year_group", "admitted", "left", "dob", "sex",
                             "sen", "fsm", "disadvantaged", "eal", "ethnicity", "cla", "address", "postcode", "family_id"]),
        ("Data/marks.csv", ["pupil_id", "date", "session", "mark", "minutes_late", "recorded_at"]),
        ("Data/contacts.csv", ["pupil_id", "date", "session", "kind", "reason", "received_at", "channel"]),
        ("Data/actions.csv", ["pupil_id", "date", "action", "detail", "review_by", "by"]),
    ]

    /// Every file of the new project: path relative to the project folder → text.
    public func files() -> [(path: String, text: String)] {
        var out: [(String, String)] = [("rollbook.yml", config()), (".gitignore", NewProject.gitignore)]
        for h in NewProject.headers where inferred == nil || !NewProject.importedFiles.contains(h.file) {
            out.append((h.file, h.columns.joined(separator: ",") + "\n"))
        }
        out.append(("Content/campaigns/our-school-day.md", NewProject.examplePage))
        out.append(("Content/letters/illness.md", NewProject.exampleLetter))
        out.append(("Themes/README.md", NewProject.themesNote()))
        return out
    }

    /// Writes the project into `directory`, which must be missing or empty. Returns the paths written.
    @discardableResult
    public func write(to directory: String) throws -> [String] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw InputError([Diagnostic(path: directory, "exists and is not a folder")]) }
            let entries = FileIO.list(directory) ?? []
            if !entries.isEmpty {
                throw InputError([Diagnostic(path: directory, "is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")); `rollbook init` only writes into a new or empty folder, so nothing of yours is overwritten")])
            }
        }
        if schoolName.trimmingSpaces.isEmpty { throw InputError([Diagnostic(path: "--school", "the school's name must not be empty")]) }
        var written: [String] = []
        for (path, text) in files() {
            let full = directory + "/" + path
            try makeDirectory((full as NSString).deletingLastPathComponent)
            try writeFile(full, text)
            written.append(path)
        }
        return written
    }

    /// A YAML double-quoted string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n", "\r", "\t": out += " "
            default:
                if c.value < 0x20 || c.value == 0x7F { continue }
                out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// The first weekday (Monday to Friday) on or after `d`.
    static func weekdayOnOrAfter(_ d: Day) -> Day {
        var d = d
        while !d.isWeekday { d = d.adding(days: 1) }
        return d
    }

    /// The Friday on or before `d`.
    static func fridayOnOrBefore(_ d: Day) -> Day { d.adding(days: -((d.weekday - 4 + 7) % 7)) }

    /// The Monday on or after `d`.
    static func mondayOnOrAfter(_ d: Day) -> Day { d.adding(days: (7 - d.weekday) % 7) }

    /// A typical English calendar for the year starting in September of `startYear`: six
    /// terms with a week's half-term and two weeks at Christmas and Easter. Only an example.
    public var exampleTerms: [Term] {
        let y = startYear
        func day(_ yy: Int, _ m: Int, _ d: Int) -> Day { Day(year: yy, month: m, day: d)! }
        let a1s = NewProject.weekdayOnOrAfter(day(y, 9, 3)), a1e = NewProject.fridayOnOrBefore(day(y, 10, 24))
        let a2s = a1e.adding(days: 10), a2e = NewProject.fridayOnOrBefore(day(y, 12, 19))
        let s1s = NewProject.weekdayOnOrAfter(day(y + 1, 1, 5)), s1e = NewProject.fridayOnOrBefore(day(y + 1, 2, 13))
        let s2s = s1e.adding(days: 10), s2e = NewProject.fridayOnOrBefore(day(y + 1, 3, 27))
        // Summer half-term is the week of the late May bank holiday (the last Monday in May).
        let springBankHoliday = NewProject.mondayOnOrAfter(day(y + 1, 5, 25))
        let u1s = NewProject.mondayOnOrAfter(day(y + 1, 4, 13)), u1e = springBankHoliday.adding(days: -3)
        let u2s = springBankHoliday.adding(days: 7)
        var u2e = day(y + 1, 7, 22)
        while !u2e.isWeekday { u2e = u2e.adding(days: -1) }
        return [Term(name: "Autumn 1", start: a1s, end: a1e), Term(name: "Autumn 2", start: a2s, end: a2e),
                Term(name: "Spring 1", start: s1s, end: s1e), Term(name: "Spring 2", start: s2s, end: s2e),
                Term(name: "Summer 1", start: u1s, end: u1e), Term(name: "Summer 2", start: u2s, end: u2e)]
    }

    /// The end of rollbook.yml's opening comment (the commands to run next) and its `school:`
    /// section, the same in `init` and `init --from-ctf`.
    var schoolSection: String {
        """
        #   rollbook check        (the register's errors, for the office to fix)
        #   rollbook serve        (a live preview in your browser while you edit Content/ and Themes/)
        #   rollbook build        (the staff intranet and the parents' pages, in site/)

        school:
          name: \(NewProject.quoted(schoolName))
          # urn: "100000"              # the school's Unique Reference Number (optional)
        """
    }

    func config() -> String {
        if let inferred { return inferredConfig(inferred) }
        let y = startYear
        let terms = exampleTerms
        let inset = terms[0].start
        let mayDay = NewProject.mondayOnOrAfter(Day(year: y + 1, month: 5, day: 1)!)
        var t = """
        # Rollbook project for \(schoolName.replacingAll("\n", with: " ")).
        # Written by `rollbook init` on \(today.iso). Every key is explained beside it; lines starting with # are comments.
        # Next: replace the EXAMPLE calendar below, put your register export in Data/, then run
        \(schoolSection)

        year:                          # the academic year, first and last day inclusive
          start: \(Day(year: y, month: 9, day: 1)!.iso)
          end: \(Day(year: y + 1, month: 7, day: 31)!.iso)

        # as_of: \(terms[1].end.iso)        # the last date reports cover; default: today, or year.end if earlier

        # ----------------------------------------------------------------------------------------
        # EXAMPLE CALENDAR: REPLACE IT WITH YOUR SCHOOL'S OWN TERM DATES.
        # Term dates are set by each local authority (or, for academies, each trust), and differ
        # from school to school. The dates below are only a typical pattern for England.
        # School sessions are the weekdays (Monday to Friday) inside a term, minus the closures.
        # ----------------------------------------------------------------------------------------
        terms:

        """
        for term in terms { t += "  - { name: \(term.name), start: \(term.start.iso), end: \(term.end.iso) }   # EXAMPLE\n" }
        t += """

        closures:                      # days or half-days inside terms when the school is closed
          - { date: \(inset.iso), reason: INSET day }                  # EXAMPLE: use your own INSET days
          - { date: \(mayDay.iso), reason: Early May bank holiday }
          # - { from: \(terms[1].start.adding(days: 14).iso), to: \(terms[1].start.adding(days: 15).iso), reason: Heating failure }
          # - { date: \(terms[3].start.adding(days: 17).iso), session: PM, reason: Parents' evening }

        """
        return t + NewProject.configTail
    }

    /// The part of rollbook.yml after the calendar: register times, contact, data paths, theme.
    static let configTail = """
        registers:                     # when your registers open and close (local time); parent pages show these
          am_opens: "08:45"
          am_closes: "09:15"
          pm_opens: "13:15"
          pm_closes: "13:30"

        # How parents reach the school, for {{contact.phone}}, {{contact.email}} and
        # {{contact.attendance_lead}} in Content/ pages and letters. Remove the # signs and fill in.
        # contact:
        #   phone: 01632 960000
        #   email: office@yourschool.example
        #   attendance_lead: Mrs A Example, attendance officer

        # data:                        # only if your files are not the usual ones in Data/
        #   pupils: Data/pupils.csv
        #   marks: Data/marks.csv
        #   contacts: Data/contacts.csv

        # theme: myschool              # your own look: a folder Themes/myschool/ (see Themes/README.md)

        """

    static let gitignore = """
    # The built site is made from the rest by `rollbook build`.
    site/
    # Pupils' personal data: never put it in a shared or public repository.
    Data/

    """

    static let examplePage = """
    ---
    # An EXAMPLE page for parents: change it, or delete the file. Every file in Content/campaigns/
    # is a page of the parents' site; the built-in pages are listed on its index too.
    # {{school.name}} and {{registers.am_closes}} below are filled in from rollbook.yml.
    title: Our school day
    summary: When the school day starts and ends, and what to do if your child will be late or absent.
    order: 1
    lang: en
    key: our-school-day
    draft: false
    ---

    Every day at {{school.name}} starts with the register. Being on time means your child starts the day calm and ready to learn.

    ## When the register closes

    - The morning register closes at **{{registers.am_closes}}**.
    - The afternoon register closes at **{{registers.pm_closes}}**.

    If your child arrives after the register has closed, they are marked absent for that session, even though they are now in school.

    ## If your child is ill

    Please tell the school office on the first morning of the absence, and every day your child is away.

    """

    static let exampleLetter = """
    ---
    # An EXAMPLE letter: change it, or delete the file. Every file in Content/letters/ is a letter
    # template; `trigger` says which pupils get it (see the list in Rollbook's Content/README.md).
    title: Your child's absence through illness
    trigger: illness
    order: 6
    lang: en
    ---

    Dear parent or carer of {{forename}},

    We are writing because {{forename}} has missed {{illness_sessions}} sessions through illness since {{from}}. We hope {{forename}} is feeling better.

    Children can usually come to school with a cough, a cold or a mild sore throat. If you are worried about {{forename}}'s health, or think that something other than illness may be keeping {{forename}} away, please talk to us: we would like to help.

    **{{forename}}'s attendance from {{from}} to {{as_of}}**

    - Attendance: {{attendance_pct}}%
    - Sessions missed through illness: {{illness_sessions}}

    Kind regards,

    The attendance team, {{school.name}}

    """

    static func themesNote() -> String {
        let files = DefaultFiles.all.map(\.path).filter { $0.hasPrefix("Themes/default/") }.sorted()
        return """
        # Themes: changing how the site looks

        Rollbook's built-in theme is called `default`. You change it file by file: a file here with the
        same path as a built-in one is used instead of it, and every other file stays built in.

        - To change one template or stylesheet of the built-in theme, put your version at the same
          path under `Themes/default/`, for example `Themes/default/assets/parents.css` or
          `Themes/default/parents/page.mustache`.
        - To make a theme of your own, put its files in a new folder, for example `Themes/myschool/`,
          and add `theme: myschool` to rollbook.yml. Files it does not have come from `default`.

        Templates are Mustache (`{{name}}` escapes the value, `{{{name}}}` does not: use it only for
        HTML that Rollbook made, such as `{{{body}}}`). Keep every page free of inline scripts and
        styles, and load nothing from other websites: the pages forbid both.
        `rollbook serve` reloads the browser as you save.

        The built-in theme's files, any of which you can override:

        \(files.map { "- `\($0)`" }.joined(separator: "\n"))

        """
    }
}
