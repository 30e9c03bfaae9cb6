import Foundation
import Testing
import RollbookTestSupport

/// The bad-input corpus (issue "Robustness"): damaged, odd or wrong input, each case with the
/// exact outcome the built `rollbook` must give.
///
/// Every case starts from the good project in `Fixtures/bad-input/_base` (pupils B1 and B2 in 7A,
/// B3 in 7B; marks for Mon 1 to Fri 5 September 2025, nine school sessions each, Thursday PM
/// closed; marks.csv lines 2-10 are B1's, 11-19 B2's, 20-28 B3's, in session order), copied to a
/// temporary folder and overlaid with the files of `Fixtures/bad-input/<case>/`; byte-level
/// content (NUL bytes, Windows-1252, UTF-16, CR line ends, huge fields) is written by the case's
/// `generate` instead.
///
/// For each case: the exit status and exact stderr of `rollbook check` (text and JSON), the
/// exact findings of `check --format json` (rule, file, line; or pupil / class, date and session
/// for findings without a line), and `rollbook build` of the good project and then of the bad one
/// into the same folder: when the second build fails, the good site must come out byte-identical,
/// and a build into a folder with no site must leave none. No `.site.rollbook-*` temporary folder
/// may remain either way.
@Suite("Bad-input corpus")
struct BadInputCorpusTests {
    static let corpus = EndToEndTests.packageRoot.appendingPathComponent("Tests/RollbookKitTests/Fixtures/bad-input").path

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Exit status of `rollbook check` and `rollbook build`.
        var check: Int32
        var build: Int32
        /// stderr of `check`, line by line, exactly; `{DIR}` is the project folder, `{N}` any number.
        var stderr: [String] = []
        /// stderr of `build` when it differs from that of `check`.
        var buildStderr: [String]? = nil
        /// Every finding of `check --format json`: `rule file:line`, or `rule file who date session`
        /// for a finding without a line (`who` is the pupil, else the class).
        var findings: [String] = []
        /// Lines that `check` (text) must print, exactly.
        var text: [String] = []
        /// Text the built site must hold: path under the site → substring.
        var site: [String: String] = [:]
        /// Writes or removes files in the project folder after the overlay.
        var generate: (@Sendable (String) throws -> Void)? = nil

        var testDescription: String { name }
    }

    // MARK: - Expected findings

    /// The school sessions of the base week, in order.
    static let sessions = ["2025-09-01 AM", "2025-09-01 PM", "2025-09-02 AM", "2025-09-02 PM", "2025-09-03 AM",
                           "2025-09-03 PM", "2025-09-04 AM", "2025-09-05 AM", "2025-09-05 PM"]
    static func missing(_ pupil: String, _ session: String) -> String { "missing-mark Data/marks.csv \(pupil) \(session)" }
    static func notTaken(_ group: String, _ session: String) -> String { "register-not-taken Data/marks.csv \(group) \(session)" }
    static func at(_ rule: String, _ file: String, _ line: Int) -> String { "\(rule) \(file):\(line)" }
    static func invalid(_ line: Int, _ file: String = "Data/marks.csv") -> String { at("invalid-row", file, line) }
    static func row(_ line: Int, _ reason: String, _ file: String = "Data/marks.csv") -> String {
        "\(file):\(line): error: [invalid-row] row skipped: \(reason)"
    }
    static let notADate = "is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    static let notADateTime = "is not a date-time (YYYY-MM-DDTHH:MM[:SS])"
    static let notMinutes = "is not a whole number of minutes"
    static let privacy = "pupil data must never appear in the parents' site; the build was stopped, leaving any previous site as it was"

    // MARK: - Generated content

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    static func write(_ path: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
    static func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

    /// The lines of a base file (without the final empty one).
    static func lines(_ dir: String, _ file: String) throws -> [String] {
        var l = try read(dir + "/" + file).components(separatedBy: "\n")
        if l.last == "" { l.removeLast() }
        return l
    }

    /// Replaces lines (1-based) of a file and rewrites it as UTF-8 with LF line ends.
    static func edit(_ dir: String, _ file: String, _ changes: [Int: String]) throws {
        var l = try lines(dir, file)
        for (n, text) in changes { l[n - 1] = text }
        try write(dir + "/" + file, l.joined(separator: "\n") + "\n")
    }

    static func windows1252(_ s: String) -> [UInt8] {
        let high: [Character: UInt8] = ["’": 0x92, "€": 0x80, "“": 0x93, "”": 0x94, "–": 0x96]
        return s.map { c in high[c] ?? UInt8(c.unicodeScalars.first!.value) }
    }

    static func utf16(_ s: String, littleEndian: Bool, bom: Bool) -> [UInt8] {
        var out: [UInt8] = bom ? (littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]) : []
        for u in s.utf16 { out += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)] }
        return out
    }

    /// `2025-09-01` → `01/09/2025`.
    static func ukDate(_ iso: String) -> String {
        let p = iso.split(separator: "-")
        return p.count == 3 ? "\(p[2])/\(p[1])/\(p[0])" : iso
    }

    // MARK: - The cases

    static let cases: [Case] = [
        // Rows of the wrong shape.
        Case(name: "ragged-row-too-many-fields", check: 1, build: 0,
             findings: [invalid(3), missing("B1", "2025-09-01 PM")],
             text: [row(3, "expected 6 fields, found 7")]),
        Case(name: "ragged-row-too-few-fields", check: 1, build: 0,
             findings: [invalid(5), missing("B1", "2025-09-02 PM")],
             text: [row(5, "expected 6 fields, found 4")]),
        Case(name: "truncated-file", check: 1, build: 0,
             findings: [invalid(28), notTaken("7B", "2025-09-05 PM")],
             text: [row(28, "expected 6 fields, found 2")]),
        Case(name: "pupils-row-too-many-fields", check: 1, build: 0,
             findings: [invalid(3, "Data/pupils.csv"), at("unknown-pupil", "Data/contacts.csv", 2)]
                + (11...19).map { at("unknown-pupil", "Data/marks.csv", $0) },
             text: [row(3, "expected 8 fields, found 9", "Data/pupils.csv"),
                    "Data/marks.csv:11: error: [unknown-pupil] mark `/` for pupil_id `B2` on 2025-09-01 AM, whose own row in Data/pupils.csv (line 3) was skipped because it could not be read"]),
        // Spec section 11: a pupil who left before being admitted is an invalid row, and the
        // pupil's marks and contacts say that the pupil's own row was skipped.
        Case(name: "left-before-admitted", check: 1, build: 0,
             findings: [invalid(3, "Data/pupils.csv"), at("unknown-pupil", "Data/contacts.csv", 2)]
                + (11...19).map { at("unknown-pupil", "Data/marks.csv", $0) },
             text: [row(3, "left 2025-09-05 is before admitted 2025-09-10", "Data/pupils.csv"),
                    "Data/contacts.csv:2: error: [unknown-pupil] contact about pupil_id `B2` on 2025-09-08 AM, whose own row in Data/pupils.csv (line 3) was skipped because it could not be read"],
             generate: { dir in try edit(dir, "Data/pupils.csv", [3: "B2,A100000000002,Ben,Brook,7A,7,2025-09-10,2025-09-05"]) }),
        // Spec section 11: a row of nothing but commas and spaces is a blank line.
        Case(name: "comma-only-rows", check: 0, build: 0,
             generate: { dir in
                 try edit(dir, "Data/marks.csv", [10: "B1,2025-09-05,PM,\\,,\n,,,,,\n , ,\t, ,,"])
                 try edit(dir, "Data/pupils.csv", [2: ",,,,,,,\nB1,A100000000001,Ava,Adams,7A,7,,"])
                 try write(dir + "/Data/contacts.csv", try read(dir + "/Data/contacts.csv") + ",,,,,,\n,\n")
             }),
        Case(name: "unterminated-quote", check: 1, build: 0,
             findings: [invalid(3), missing("B1", "2025-09-01 PM")],
             text: [row(3, "unterminated quoted field")]),
        Case(name: "stray-quote-swallows-lines", check: 1, build: 0,
             findings: [invalid(3)] + ["2025-09-01 PM", "2025-09-02 AM", "2025-09-02 PM", "2025-09-03 AM"].map { missing("B1", $0) },
             text: [row(3, "expected 6 fields, found 4 (a quoted field runs on to line 6: is a `\"` stray or missing?)")]),
        Case(name: "text-after-closing-quote", check: 1, build: 0,
             findings: [invalid(4), missing("B1", "2025-09-02 AM")],
             text: [row(4, "unexpected text after a closing quote")]),
        // A NUL byte makes the row invalid, except in a mark: that is an unknown code.
        Case(name: "nul-bytes", check: 1, build: 0,
             findings: [at("unknown-code", "Data/marks.csv", 3), invalid(4), invalid(2, "Data/contacts.csv"),
                        missing("B1", "2025-09-01 PM"), missing("B1", "2025-09-02 AM")],
             text: ["Data/marks.csv:3: error: [unknown-code] Ava Adams (7A) 2025-09-01 PM marked `L\\0`, which is not an attendance code",
                    row(4, "NUL byte (0x00) in field 2 (`date`): the file is damaged or not text"),
                    row(2, "NUL byte (0x00) in field 5 (`reason`): the file is damaged or not text", "Data/contacts.csv")],
             generate: { dir in
                 var marks = try lines(dir, "Data/marks.csv").map { Array($0.utf8) }
                 marks[2] = Array("B1,2025-09-01,PM,L".utf8) + [0] + Array(",,".utf8)
                 marks[3] = Array("B1,2025-".utf8) + [0] + Array("09-02,AM,/,,".utf8)
                 try write(dir + "/Data/marks.csv", Array(marks.joined(separator: [10])) + [10])
                 try write(dir + "/Data/contacts.csv", Array("pupil_id,date,session,kind,reason,received_at,channel\nB2,2025-09-08,AM,absence,den".utf8)
                           + [0] + Array("tist,2025-09-05T15:00,phone\n".utf8))
             }),

        // Encodings.
        Case(name: "windows-1252", check: 1, build: 0,
             stderr: ["Data/pupils.csv: warning: not valid UTF-8; read as Windows-1252"],
             findings: [at("unknown-code", "Data/marks.csv", 3), missing("B1", "2025-09-01 PM")],
             text: ["Data/marks.csv:3: error: [unknown-code] Zoë O’Brien (7A) 2025-09-01 PM marked `l`, which is not an attendance code; did you mean L?"],
             site: ["intranet/pupils/B1.html": "Zoë O’Brien"],
             generate: { dir in
                 try write(dir + "/Data/pupils.csv", windows1252(try read(dir + "/Data/pupils.csv").replacingOccurrences(of: "Ava,Adams", with: "Zoë,O’Brien")))
                 try edit(dir, "Data/marks.csv", [3: "B1,2025-09-01,PM,l,,"])
             }),
        Case(name: "utf-16-le-with-bom", check: 1, build: 0,
             stderr: ["Data/pupils.csv: warning: read as UTF-16; save it as UTF-8 CSV to avoid this warning",
                      "Data/marks.csv: warning: read as UTF-16; save it as UTF-8 CSV to avoid this warning"],
             findings: [invalid(5), missing("B1", "2025-09-02 PM")],
             text: [row(5, "minutes_late `ten` \(notMinutes)")],
             site: ["intranet/pupils/B1.html": "Zoë Adams"],
             generate: { dir in
                 try edit(dir, "Data/marks.csv", [5: "B1,2025-09-02,PM,\\,ten,"])
                 let pupils = try read(dir + "/Data/pupils.csv").replacingOccurrences(of: "Ava", with: "Zoë")
                 for (file, text) in [("pupils", pupils), ("marks", try read(dir + "/Data/marks.csv"))] {
                     try write(dir + "/Data/\(file).csv", utf16(text.replacingOccurrences(of: "\n", with: "\r\n"), littleEndian: true, bom: true))
                 }
             }),
        Case(name: "utf-16-be-without-bom", check: 1, build: 0,
             stderr: ["Data/contacts.csv: warning: read as UTF-16 (no byte-order mark); save it as UTF-8 CSV to avoid this warning"],
             findings: [at("unknown-pupil", "Data/contacts.csv", 2)],
             text: ["Data/contacts.csv:2: error: [unknown-pupil] contact about pupil_id `B9` on 2025-09-03, who is not in Data/pupils.csv"],
             generate: { dir in
                 try write(dir + "/Data/contacts.csv", utf16("pupil_id,date,session,kind,reason,received_at,channel\nB9,2025-09-03,,absence,illness,,phone\n",
                                                              littleEndian: false, bom: false))
             }),
        Case(name: "rollbook-yml-windows-1252", check: 0, build: 0,
             stderr: ["rollbook.yml: warning: not valid UTF-8; read as Windows-1252"],
             site: ["intranet/index.html": "Sainte-Thérèse School"],
             generate: { dir in
                 try write(dir + "/rollbook.yml", windows1252(try read(dir + "/rollbook.yml").replacingOccurrences(of: "Corpus School", with: "Sainte-Thérèse School")))
             }),

        // Empty and header-only files.
        Case(name: "empty-pupils", check: 2, build: 2,
             stderr: ["Data/pupils.csv: error: the file is empty: expected a header row naming pupil_id, forename, surname, class, year_group"]),
        Case(name: "empty-marks", check: 2, build: 2,
             stderr: ["Data/marks.csv: error: the file is empty: expected a header row naming pupil_id, date, session, mark"]),
        Case(name: "empty-contacts", check: 0, build: 0,
             stderr: ["Data/contacts.csv: warning: the file is empty: expected a header row naming pupil_id, date; no contacts read"]),
        Case(name: "blank-lines-only-pupils", check: 2, build: 2,
             stderr: ["Data/pupils.csv: error: the file is empty: expected a header row naming pupil_id, forename, surname, class, year_group"]),
        Case(name: "header-only-marks", check: 1, build: 0,
             findings: ["7A", "7B"].flatMap { c in sessions.map { notTaken(c, $0) } }),
        Case(name: "header-only-everywhere", check: 0, build: 0,
             site: ["intranet/index.html": "Corpus School"]),

        // Headers.
        Case(name: "duplicate-headers", check: 0, build: 0,
             stderr: ["Data/pupils.csv:1: warning: column `class` appears twice (columns 5 and 9); column 5 is used",
                      "Data/marks.csv:1: warning: column `mark` appears twice (columns 4 and 7); column 4 is used"],
             site: ["intranet/classes/7A.html": "Adams, Ava"]),
        Case(name: "missing-required-columns", check: 2, build: 2,
             stderr: ["Data/pupils.csv:1: error: missing required columns `forename`, `class` (found: `pupil_id`, `upn`, `first_name`, `surname`, `form`, `year_group`, `admitted`, `left`)",
                      "Data/marks.csv:1: error: missing required columns `pupil_id`, `mark` (found: `pupil`, `date`, `session`, `code`, `minutes_late`, `recorded_at`)",
                      "Data/contacts.csv:1: error: missing required columns `pupil_id`, `date` (found: `id`, `day`, `session`, `kind`, `reason`, `received_at`, `channel`)"]),

        // Values.
        Case(name: "impossible-dates", check: 1, build: 0,
             findings: [invalid(3), invalid(4), invalid(5)] + ["2025-09-01 PM", "2025-09-02 AM", "2025-09-02 PM"].map { missing("B1", $0) },
             text: [row(3, "date `2026-02-30` \(notADate)"), row(4, "date `31/09/2025` \(notADate)"), row(5, "date `2025-9-2` \(notADate)")]),
        // Spec section 11: rows outside the academic year get only unknown-code, unknown-pupil
        // and withdrawn-code; a closure inside the year is still mark-on-closure.
        Case(name: "dates-outside-the-academic-year", check: 0, build: 0,
             findings: [at("mark-on-closure", "Data/marks.csv", 31)],
             text: ["Data/marks.csv:31: warning: [mark-on-closure] Cara Cole (7B) 2025-09-04 PM marked \\ but this is not a school session (Parents' evening)"]),
        Case(name: "session-case-and-spaces", check: 0, build: 0),
        Case(name: "bad-numbers-and-times", check: 1, build: 0,
             findings: [invalid(6), invalid(7), invalid(8), invalid(9)]
                + ["2025-09-03 AM", "2025-09-03 PM", "2025-09-04 AM", "2025-09-05 AM"].map { missing("B1", $0) },
             text: [row(6, "minutes_late `-5` \(notMinutes)"), row(7, "minutes_late `ten` \(notMinutes)"),
                    row(8, "recorded_at `2025-13-01T10:00` \(notADateTime)"),
                    row(9, "minutes_late `5.5` \(notMinutes); recorded_at `2025-09-05T24:00` \(notADateTime)")]),
        Case(name: "field-of-50000-characters", check: 1, build: 0,
             findings: [at("unknown-code", "Data/marks.csv", 3), invalid(4), missing("B1", "2025-09-01 PM"), missing("B1", "2025-09-02 AM")],
             text: ["Data/marks.csv:3: error: [unknown-code] Ava Adams (7A) 2025-09-01 PM marked `\(String(repeating: "\\", count: 40))…` (50000 characters), which is not an attendance code",
                    row(4, "recorded_at `\(String(repeating: "x", count: 40))…` (50000 characters) \(notADateTime)")],
             site: ["intranet/pupils/B3.html": String(repeating: "C", count: 50_000) + " Cole"],
             generate: { dir in
                 try edit(dir, "Data/marks.csv", [3: "B1,2025-09-01,PM," + String(repeating: "\\", count: 50_000) + ",,",
                                                  4: "B1,2025-09-02,AM,/,,\"" + String(repeating: "x", count: 50_000) + "\""])
                 try edit(dir, "Data/pupils.csv", [4: "B3,A100000000003," + String(repeating: "C", count: 50_000) + ",Cole,7B,7,,"])
                 try edit(dir, "Data/contacts.csv", [2: "B2,2025-09-08,AM,absence," + String(repeating: "r", count: 50_000) + ",2025-09-05T15:00,phone"])
             }),
        Case(name: "very-long-lines", check: 1, build: 0,
             findings: [invalid(3), invalid(5), at("unknown-code", "Data/marks.csv", 2006)]
                + ["2025-09-01 PM", "2025-09-02 PM", "2025-09-03 AM"].map { missing("B1", $0) },
             text: [row(3, "expected 6 fields, found 100006"),
                    row(5, "recorded_at `\(String(repeating: "y", count: 40))…` (1002000 characters) \(notADateTime)"),
                    "Data/marks.csv:2006: error: [unknown-code] Ava Adams (7A) 2025-09-03 AM marked `ZZ`, which is not an attendance code"],
             generate: { dir in
                 // 100 000 empty fields; a quoted field of 2 000 lines of 500 characters (the
                 // rows after it keep their line numbers); a contact reason of a million characters.
                 try edit(dir, "Data/marks.csv", [3: "B1,2025-09-01,PM,\\,," + String(repeating: ",", count: 100_000),
                                                  5: "B1,2025-09-02,PM,\\,,\"" + String(repeating: String(repeating: "y", count: 500) + "\n", count: 2_000) + "\"",
                                                  6: "B1,2025-09-03,AM,ZZ,,"])
                 try edit(dir, "Data/contacts.csv", [2: "B2,2025-09-08,AM,absence," + String(repeating: "r", count: 1_000_000) + ",2025-09-05T15:00,phone"])
             }),

        // Line ends and byte-order marks.
        Case(name: "cr-only-line-ends", check: 1, build: 0,
             findings: [invalid(5), at("unknown-code", "Data/marks.csv", 13), missing("B1", "2025-09-02 PM"), missing("B2", "2025-09-02 AM")],
             text: [row(5, "minutes_late `ten` \(notMinutes)"),
                    "Data/marks.csv:13: error: [unknown-code] Ben Brook (7A) 2025-09-02 AM marked `Q9`, which is not an attendance code"],
             generate: { dir in
                 try edit(dir, "Data/marks.csv", [5: "B1,2025-09-02,PM,\\,ten,", 13: "B2,2025-09-02,AM,Q9,,"])
                 for f in ["pupils", "marks", "contacts"] {
                     let path = dir + "/Data/\(f).csv"
                     try write(path, try read(path).replacingOccurrences(of: "\n", with: "\r"))
                 }
             }),
        Case(name: "bom-crlf-uk-dates", check: 0, build: 0,
             generate: { dir in
                 // Dates as a UK spreadsheet saves them (DD/MM/YYYY), every file with a BOM and CRLF.
                 for (f, dateColumns) in [("pupils", [6]), ("marks", [1]), ("contacts", [1])] {
                     var l = try lines(dir, "Data/\(f).csv")
                     for i in 1..<l.count {
                         var fields = l[i].components(separatedBy: ",")
                         if f == "pupils", i == 1 { fields[6] = "2025-09-01" }
                         for c in dateColumns { fields[c] = ukDate(fields[c]) }
                         l[i] = fields.joined(separator: ",")
                     }
                     try write(dir + "/Data/\(f).csv", [0xEF, 0xBB, 0xBF] + Array((l.joined(separator: "\r\n") + "\r\n").utf8))
                 }
             }),

        // rollbook.yml and the files it names.
        Case(name: "malformed-yaml", check: 2, build: 2,
             stderr: ["rollbook.yml:11: error: malformed YAML: did not find expected ',' or '}' (while parsing a flow mapping that starts on line 10)"]),
        Case(name: "yaml-tab-indentation", check: 2, build: 2,
             stderr: ["rollbook.yml:5: error: malformed YAML: found a tab character that violates indentation (while scanning a plain scalar that starts on line 4)"]),
        Case(name: "term-ends-before-it-starts", check: 2, build: 2,
             stderr: ["rollbook.yml:12: error: term `Autumn 1` ends (2025-09-01) before it starts (2025-10-24)"]),
        // Issue 13 item 12: aliases as mapping keys once hung for minutes; refused at once.
        Case(name: "yaml-alias-keys", check: 2, build: 2,
             stderr: ["rollbook.yml:19: error: YAML alias `*k0` (and 79 more aliases after it): Rollbook does not follow aliases; write the value out in full"]),
        // Spec section 11: terms in any order; YAML null is the same as leaving a key out.
        Case(name: "terms-out-of-order-and-nulls", check: 0, build: 0),
        Case(name: "missing-rollbook-yml", check: 2, build: 2,
             stderr: ["rollbook.yml: error: not found in `{DIR}` (is this a school project folder?)"],
             generate: { dir in try FileManager.default.removeItem(atPath: dir + "/rollbook.yml") }),
        Case(name: "data-path-to-missing-file", check: 2, build: 2,
             stderr: ["Data/register.csv: error: file not found (register marks: pupil_id, date, session, mark; named under `data.marks` in rollbook.yml)"]),

        // Content and themes: `check` does not read them; `build` stops.
        Case(name: "front-matter-not-closed", check: 0, build: 2,
             buildStderr: ["Content/campaigns/x.md:1: error: front matter starts with `---` but has no closing `---` line"]),
        Case(name: "front-matter-alias-keys", check: 0, build: 2,
             buildStderr: ["Content/campaigns/x.md:4: error: YAML alias `*k0` (and 79 more aliases after it): Rollbook does not follow aliases; write the value out in full"]),
        Case(name: "front-matter-bad-values", check: 0, build: 2,
             buildStderr: ["Content/campaigns/x.md:3: error: `order` must be a whole number, not `abc`",
                           "Content/campaigns/x.md:4: error: `date` must be a date (YYYY-MM-DD), not `2025-02-30`",
                           "Content/campaigns/x.md:5: error: `draft` must be true or false, not `maybe`"]),
        Case(name: "front-matter-malformed-yaml", check: 0, build: 2,
             buildStderr: ["Content/campaigns/x.md:4: error: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 3)"]),
        Case(name: "theme-template-syntax-error", check: 0, build: 2,
             buildStderr: ["Themes/default/parents/page.mustache:10: error: template error: `{{/main}}` does not close the open section `{{#summary}}` from line 6"]),
        Case(name: "theme-unfinished-tag", check: 0, build: 2,
             buildStderr: ["Themes/default/parents/page.mustache:5: error: template error: a tag is not finished (no `}}`, or a name with spaces) near `<h1>{{title</h1>`"]),
        Case(name: "theme-missing-partial", check: 0, build: 2,
             buildStderr: ["Themes/default/parents/page.mustache:6: error: template `partials.byline` is used here but the theme has no partials/byline.mustache"]),
        Case(name: "theme-not-found", check: 0, build: 2,
             buildStderr: ["rollbook.yml:18: error: theme `autumn` not found: expected a folder Themes/autumn/ in the project"]),
        Case(name: "letter-unknown-placeholder", check: 0, build: 2,
             buildStderr: ["Content/letters/x.md:8: error: unknown placeholder {{attendance_percent}}; known: absence_pct, as_of, attendance_lead, "
                           + "attendance_pct, authorised_sessions, class, days_missed, forename, from, illness_sessions, name, "
                           + "penalty_window_sessions, period_from, period_to, previous_term_attendance_pct, previous_term_name, "
                           + "school_contact, school_email, school_name, school_phone, sessions_missed, sessions_possible, surname, "
                           + "term_attendance_pct, term_name, unauthorised_run_days, unauthorised_sessions, year_group"]),
        Case(name: "campaign-page-names-a-pupil", check: 0, build: 2,
             buildStderr: ["Content/campaigns/x.md:5: error: contains the name of pupil B1 (in site/parents/x.html:{N}): \(privacy)"]),
    ]

    // MARK: - Running

    /// `rollbook` as a subprocess (the helper of the end-to-end tests).
    static func rollbook(_ arguments: [String]) throws -> EndToEndTests.Result {
        try EndToEndTests().rollbook(arguments)
    }

    static func lines(_ text: String) -> [String] {
        var l = text.components(separatedBy: "\n")
        if l.last == "" { l.removeLast() }
        return l
    }

    /// Whether `line` is `pattern` with each `{N}` standing for a whole number.
    static func matches(_ pattern: String, _ line: String) -> Bool {
        let parts = pattern.components(separatedBy: "{N}")
        var rest = Substring(line)
        for (i, part) in parts.enumerated() {
            if i > 0 {
                let digits = rest.prefix { $0.isASCII && $0.isNumber }
                guard !digits.isEmpty else { return false }
                rest = rest.dropFirst(digits.count)
            }
            guard rest.hasPrefix(part) else { return false }
            rest = rest.dropFirst(part.count)
        }
        return rest.isEmpty
    }

    static func expectLines(_ actual: String, _ expected: [String], dir: String, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let got = lines(actual)
        let want = expected.map { $0.replacingOccurrences(of: "{DIR}", with: dir) }
        let ok = got.count == want.count && zip(want, got).allSatisfy { matches($0, $1) }
        #expect(ok, "\(what):\n\(got.joined(separator: "\n"))\nexpected:\n\(want.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// A finding of `check --format json` as written in `Case.findings`.
    static func key(_ f: [String: Any]) -> String {
        let rule = f["rule"] as? String ?? "?", file = f["file"] as? String ?? "-"
        if let line = f["line"] as? Int { return "\(rule) \(file):\(line)" }
        let who = f["pupil_id"] as? String ?? f["class"] as? String ?? "-"
        return "\(rule) \(file) \(who) \(f["date"] as? String ?? "-") \(f["session"] as? String ?? "-")"
    }

    /// Every file under a folder, relative path → bytes.
    static func tree(_ root: String) -> [String: Data] {
        var out: [String: Data] = [:]
        guard let e = FileManager.default.enumerator(atPath: root) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = FileManager.default.contents(atPath: root + "/" + rel)
            }
        }
        return out
    }

    static func leftovers(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.contains(".rollbook-") }
    }

    static func copyProject(_ name: String?, to dir: String) throws {
        let fm = FileManager.default
        try fm.copyItem(atPath: corpus + "/_base", toPath: dir)
        guard let name, let e = fm.enumerator(atPath: corpus + "/" + name) else { return }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            let from = corpus + "/" + name + "/" + rel, to = dir + "/" + rel
            guard fm.fileExists(atPath: from, isDirectory: &isDir) else { continue }
            if isDir.boolValue { try fm.createDirectory(atPath: to, withIntermediateDirectories: true); continue }
            if fm.fileExists(atPath: to) { try fm.removeItem(atPath: to) }
            try fm.copyItem(atPath: from, toPath: to)
        }
    }

    @Test func everyFolderOfTheCorpusIsACase() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus).filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") }
        let names = Set(Self.cases.map(\.name))
        #expect(Set(folders).subtracting(names).isEmpty, "fixture folders without a case")
        #expect(names.count == Self.cases.count, "two cases share a name")
        #expect(Self.cases.count >= 30)
    }

    @Test(arguments: cases)
    func badInput(_ c: Case) throws {
        let fm = FileManager.default
        let tmp = NSTemporaryDirectory() + "rollbook-bad-input-\(c.name)-\(UUID().uuidString)"
        defer { try? fm.removeItem(atPath: tmp) }
        let dir = tmp + "/project"
        try Self.copyProject(fm.fileExists(atPath: Self.corpus + "/" + c.name) ? c.name : nil, to: dir)
        try c.generate?(dir)

        // check, as JSON and as text.
        let json = try Self.rollbook(["check", dir, "--format", "json"])
        #expect(json.status == c.check, "check exit status")
        Self.expectLines(json.stderr, c.stderr, dir: dir, "check --format json stderr")
        if c.check == 2 {
            #expect(json.stdout.isEmpty)
        } else {
            let j = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let findings = try #require(j["findings"] as? [[String: Any]])
            #expect(findings.map(Self.key).sorted() == c.findings.sorted())
        }
        let text = try Self.rollbook(["check", dir])
        #expect(text.status == c.check)
        Self.expectLines(text.stderr, c.stderr, dir: dir, "check stderr")
        let printed = Set(Self.lines(text.stdout))
        for line in c.text { #expect(printed.contains(line), "check prints: \(line)") }
        if c.check == 2 { #expect(text.stdout.isEmpty) }
        if c.check == 0, c.findings.isEmpty { #expect(text.stdout == "No findings: the register is clean.\n") }

        // build the good project, then the bad one onto its site.
        let good = try Self.rollbook(["build", Self.corpus + "/_base", "--output", tmp + "/out/site"])
        try #require(good.status == 0, "the good project does not build: \(good.stderr)")
        let before = Self.tree(tmp + "/out/site")
        let build = try Self.rollbook(["build", dir, "--output", tmp + "/out/site"])
        #expect(build.status == c.build, "build exit status")
        Self.expectLines(build.stderr, c.buildStderr ?? c.stderr, dir: dir, "build stderr")
        #expect(Self.leftovers(tmp + "/out").isEmpty, "temporary folders left: \(Self.leftovers(tmp + "/out"))")
        let after = Self.tree(tmp + "/out/site")
        if c.build == 0 {
            #expect(after["intranet/index.html"] != nil && after["parents/index.html"] != nil)
            #expect(!after.contains { $0.key.hasSuffix(".html") && $0.value.contains(0) }, "a NUL byte in a page")
            for (path, needle) in c.site {
                let shown = String(decoding: after[path] ?? Data(), as: UTF8.self).contains(needle)
                #expect(shown, "\(path) shows \(needle.prefix(60))")
            }
        } else {
            #expect(after == before, "the previous site changed")
            // … and with no previous site, none appears.
            let fresh = try Self.rollbook(["build", dir, "--output", tmp + "/fresh/site"])
            #expect(fresh.status == c.build)
            Self.expectLines(fresh.stderr, c.buildStderr ?? c.stderr, dir: dir, "build stderr (no previous site)")
            #expect(!fm.fileExists(atPath: tmp + "/fresh/site"), "a partial site was left")
            #expect(Self.leftovers(tmp + "/fresh").isEmpty)
        }
    }
}
