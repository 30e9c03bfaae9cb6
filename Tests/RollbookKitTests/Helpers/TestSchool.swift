import RollbookKit
import RollbookTestSupport
import Testing

/// A school built in memory: a `rollbook.yml` string and CSV text for the three input files,
/// loaded exactly as `rollbook` loads a project folder (minus the disk).
///
/// The standard calendar (`TestSchool.standardConfig`), worth knowing by heart when reading
/// the tests:
///
/// - Autumn 1 runs Mon 2025-09-01 to Fri 2025-10-24; half term is 2025-10-27 to 2025-10-31;
///   Autumn 2 runs Mon 2025-11-03 to Fri 2025-12-19; Spring 1 Mon 2026-01-05 to Fri 2026-02-13.
/// - Fri 2025-09-12 is an INSET day (both sessions closed).
/// - Wed 2025-09-17 PM is closed (parents' evening); the AM is a school session.
/// - Registers: AM opens 08:45, closes 09:15; PM opens 13:15, closes 13:30.
struct TestSchool {
    static let standardConfig = StandardCalendar.yaml

    /// The usual roll: two pupils in 7A, one in 7B.
    static let standardRoll = """
        pupil_id,forename,surname,class,year_group
        P1,Amy,Ash,7A,7
        P2,Ben,Birch,7A,7
        P3,Cal,Cedar,7B,7
        """

    /// The usual roll with a `left` column: P1 leaves on `date`, P2 and P3 stay.
    static func standardRoll(p1Leaves date: String) -> String {
        """
        pupil_id,forename,surname,class,year_group,left
        P1,Amy,Ash,7A,7,\(date)
        P2,Ben,Birch,7A,7,
        P3,Cal,Cedar,7B,7,
        """
    }

    /// P1 on roll all year; P2 in the same class, admitted on Monday 2025-09-08 (the second week).
    static let lateJoinerRoll = """
        pupil_id,forename,surname,class,year_group,admitted
        P1,Amy,Ash,7A,7,
        P2,Ben,Birch,7A,7,2025-09-08
        """

    static let marksHeader = "pupil_id,date,session,mark"
    static let contactsHeader = "pupil_id,date,session,kind,reason,received_at,channel"

    var yaml: String
    var asOf: String
    var pupils: String
    var marks: String
    var contacts: String?
    /// actions.csv, when the test has one.
    var actions: String? = nil

    init(yaml: String = TestSchool.standardConfig, asOf: String = "2025-09-01",
         pupils: String = TestSchool.standardRoll, marks: String, contacts: String? = nil) {
        self.yaml = yaml
        self.asOf = asOf
        self.pupils = pupils
        self.marks = marks
        self.contacts = contacts
    }

    /// The same school, for a test that means to include unreadable rows.
    func withInvalidRows() -> TestSchool {
        var s = self
        s.expectsInvalidRows = true
        return s
    }

    func config() throws -> ProjectConfig { try ProjectConfig.parse(yaml: yaml) }

    func register() throws -> Register {
        let config = try config()
        return try ProjectLoader.load(
            config: config, asOf: day(asOf),
            pupils: CSVFile(displayPath: config.pupilsPath, text: pupils),
            marks: CSVFile(displayPath: config.marksPath, text: marks),
            contacts: contacts.map { CSVFile(displayPath: config.contactsPath, text: $0) },
            actions: actions.map { CSVFile(displayPath: config.actionsPath, text: $0) })
    }

    /// Whether the test means to include unreadable rows. When false, an `invalid-row` finding
    /// fails the test: a typo in test data must not make a "stays silent" test pass.
    var expectsInvalidRows = false

    /// Every finding, as `rollbook check` reports them. Input that cannot be read at all is
    /// recorded as a test failure (and gives no findings), so that `#expect` can show values.
    func findings(sourceLocation: SourceLocation = #_sourceLocation) -> [Finding] {
        do {
            let all = Checker.check(try register())
            if !expectsInvalidRows {
                for f in all where f.rule == .invalidRow {
                    Issue.record("unexpected invalid row in test data: \(f.compilerStyle)", sourceLocation: sourceLocation)
                }
            }
            return all
        } catch {
            Issue.record(error, "the test school could not be loaded", sourceLocation: sourceLocation)
            return []
        }
    }

    /// The findings of one rule.
    func findings(_ rule: RuleID, sourceLocation: SourceLocation = #_sourceLocation) -> [Finding] {
        findings(sourceLocation: sourceLocation).filter { $0.rule == rule }
    }

    /// One pupil's statistics.
    func stats(_ pupilId: String) throws -> PupilStats {
        let reg = try register()
        let p = try #require(reg.pupilIndex[pupilId], "no pupil \(pupilId)")
        return Statistics.pupil(p, in: reg)
    }
}

/// A date from its ISO form (test data is always well formed).
func day(_ iso: String) -> Day {
    guard let d = Day(parsing: iso) else { fatalError("bad test date \(iso)") }
    return d
}

/// Marks rows (`pupil_id,date,session,mark`) giving `mark` to both sessions of every weekday
/// from `from` to `to` inclusive, except the dates in `skipping`. Worked out here from the
/// dates alone, not from Rollbook's calendar, so tests do not lean on the code they test.
func markRows(_ pupil: String, _ mark: String, from: String, to: String, skipping: [String] = []) -> String {
    var rows: [String] = []
    var d = day(from)
    let end = day(to)
    let skip = Set(skipping.map(day))
    while d <= end {
        if d.weekday < 5, !skip.contains(d) {
            rows.append("\(pupil),\(d.iso),AM,\(mark)")
            rows.append("\(pupil),\(d.iso),PM,\(mark)")
        }
        d = d.adding(days: 1)
    }
    return rows.joined(separator: "\n")
}

/// Joins CSV pieces (a header, rows, generated blocks) with line breaks.
func csv(_ parts: String...) -> String { parts.filter { !$0.isEmpty }.joined(separator: "\n") }

extension Finding {
    /// `P1 2025-09-01 AM` — a compact key to compare findings with.
    var key: String {
        [self.pupilId ?? "-", self.date?.iso ?? "-", self.session?.text ?? "-"].joined(separator: " ")
    }
}

extension Array where Element == Finding {
    var keys: [String] { map(\.key) }
}

/// A register in memory whose marks are chosen per pupil and school session: `mark(id, k, cal)`
/// for each pupil of `ids` on each session `k` of the calendar up to `asOf` (rows session by
/// session, pupils in `ids`' order). `pupils` and `actions` are the whole CSV texts.
func slotRegister(yaml: String, asOf: String, pupils: String, ids: [String], actions: String? = nil,
                  mark: (String, Int, SchoolCalendar) -> String) throws -> Register {
    let config = try ProjectConfig.parse(yaml: yaml)
    let cal = SchoolCalendar(config: config, asOf: day(asOf))
    var marks = "pupil_id,date,session,mark\n"
    for k in 0..<cal.slotCount {
        let d = cal.slotDay[k].iso, s = cal.slotSession[k].text
        for id in ids { marks += "\(id),\(d),\(s),\(mark(id, k, cal))\n" }
    }
    return try ProjectLoader.load(config: config, asOf: day(asOf), pupils: CSVFile(displayPath: "p", text: pupils),
                                  marks: CSVFile(displayPath: "m", text: marks), contacts: nil,
                                  actions: actions.map { CSVFile(displayPath: "a", text: $0) })
}
