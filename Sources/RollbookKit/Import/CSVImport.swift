/// Reads an MIS's CSV exports of attendance marks (and, optionally, its roster) into an
/// `ImportStore` (spec section 9, `import csv`): the header alias table, and the long, grid and
/// week layouts.
public struct CSVImport {
    public enum Layout: String, CaseIterable, Sendable { case auto, long, grid, week }

    /// The alias table of section 9, in the order fields are looked for. Headers are compared
    /// case-insensitively with spaces, dots and underscores ignored; the first alias found wins.
    public static let aliases: [(field: String, names: [String])] = [
        ("pupil_id", ["pupil_id", "Pupil ID", "Student ID", "StudentId", "PersonID", "Adno", "Admission Number", "MIS ID", "GFSID"]),
        ("upn", ["UPN", "Unique Pupil Number"]),
        ("forename", ["Forename", "Legal Forename", "Preferred Forename", "First Name", "Given Name"]),
        ("surname", ["Surname", "Legal Surname", "Preferred Surname", "Last Name", "Family Name"]),
        ("class", ["class", "Reg Group", "Reg", "Registration Group", "Registration Form", "Form", "RegGroup", "Tutor Group"]),
        ("year_group", ["year_group", "Year Group", "Year", "NCyearActual", "NCYear", "NC Year", "National Curriculum Year"]),
        ("admitted", ["admitted", "Admission Date", "Entry Date", "EntryDate", "Start Date", "Date of Admission"]),
        ("left", ["left", "Leaving Date", "LeavingDate", "Date of Leaving", "End Date"]),
        ("dob", ["dob", "DOB", "Date of Birth", "DateOfBirth"]),
        ("sex", ["sex", "Sex", "Gender"]),
        ("sen", ["sen", "SEN", "SEN Status", "SEN Provision", "SENprovision", "SEN Stage"]),
        ("fsm", ["fsm", "FSM", "FSM Eligible", "FSMeligible", "Free School Meals", "FSM Eligibility"]),
        ("disadvantaged", ["disadvantaged", "Pupil Premium", "PP", "Pupil Premium Indicator", "Disadvantaged"]),
        ("eal", ["eal", "EAL", "English as an Additional Language", "EAL Status"]),
        ("ethnicity", ["ethnicity", "Ethnicity", "Ethnic Group", "Ethnicity Code", "Ethnic Code"]),
        ("cla", ["cla", "CLA", "Looked After", "In Care", "LAC", "Looked After Child", "Child Looked After"]),
        ("date", ["date", "Session Date", "SessionDate", "Attendance Date", "AttendanceDate", "record_date"]),
        ("session", ["session", "Session Name", "SessionName", "AM/PM", "period"]),
        ("mark", ["mark", "Session Mark", "Attendance Mark", "AttendanceMark", "Code", "mark_code", "raw_mark"]),
        ("minutes_late", ["minutes_late", "Minutes Late", "Mins Late", "MinsLate", "MinutesLate"]),
        ("recorded_at", ["recorded_at", "Last Modified", "Record Timestamp"]),
        ("week_start", ["week_start", "WeekStart", "Week Start", "Week Commencing", "W/C", "Week Beginning"]),
        ("week_marks", ["week_marks", "WeekMarks", "Week Marks", "Attendance String", "Session String"]),
    ]

    public static let fields = aliases.map(\.field)

    /// A header name as compared: lower case, without spaces, dots and underscores.
    public static func key(_ header: String) -> String {
        var out = ""
        for ch in header.trimmingSpaces.lowercased() where ch != " " && ch != "." && ch != "_" && ch != "\t" { out.append(ch) }
        return out
    }

    public var layout: Layout = .auto
    public var codeMap: CodeMap?
    /// A school's own header names (`--columns`), tried before the table's.
    public var extraNames: [String: [String]] = [:]

    public init(layout: Layout = .auto, codeMap: CodeMap? = nil, extraNames: [String: [String]] = [:]) {
        self.layout = layout
        self.codeMap = codeMap
        self.extraNames = extraNames
    }

    /// Reads a `--columns` file: `field: Header name` lines (blank lines and `#` comments allowed).
    public static func parseColumns(_ text: String, path: String) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        var problems: [Diagnostic] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                problems.append(Diagnostic(path: path, line: i + 1, "expected `field: Header name`, found \(Escape.quoted(line))"))
                continue
            }
            let field = String(line[..<colon]).trimmingSpaces.lowercased()
            var name = String(line[line.index(after: colon)...]).trimmingSpaces
            if name.count >= 2, name.first == "\"", name.last == "\"" { name = String(name.dropFirst().dropLast()) }
            guard fields.contains(field) else {
                problems.append(Diagnostic(path: path, line: i + 1, "unknown field `\(field)`; the fields are: \(fields.joined(separator: ", "))"))
                continue
            }
            guard !name.isEmpty else { problems.append(Diagnostic(path: path, line: i + 1, "no header name for `\(field)`")); continue }
            out[field, default: []].append(name)
        }
        guard problems.isEmpty else { throw InputError(problems) }
        return out
    }

    /// The names tried for a field, the school's own first.
    func names(_ field: String) -> [String] {
        (extraNames[field] ?? []) + (CSVImport.aliases.first { $0.field == field }?.names ?? [])
    }

    /// Resolves fields to column indices. Each column serves one field at most.
    func resolve(_ headers: [String]) -> [String: Int] {
        let keys = headers.map(CSVImport.key)
        var out: [String: Int] = [:]
        var used = Set<Int>()
        for field in CSVImport.fields {
            for n in names(field) {
                let k = CSVImport.key(n)
                if let i = keys.indices.first(where: { keys[$0] == k && !used.contains($0) }) {
                    out[field] = i
                    used.insert(i)
                    break
                }
            }
        }
        return out
    }

    /// A file's header row: its names; `count` and `cols` (name → column) set from them.
    func readHeader(_ row: CSVRow, count: inout Int, cols: inout [String: Int]) -> [String] {
        let headers = (0..<row.count).map { row.string($0) }
        count = headers.count
        cols = resolve(headers)
        return headers
    }

    /// The fields of `fields` no column was found for (`pupil_id` is found as `upn` too).
    func unresolved(_ fields: [String], _ cols: [String: Int]) -> [String] {
        fields.filter { cols[$0] == nil && !($0 == "pupil_id" && cols["upn"] != nil) }
    }

    func missing(_ fields: [String], headers: [String], file: String, line: Int) -> Diagnostic {
        let found = headers.map { Escape.quoted($0) }.joined(separator: ", ")
        let tried = fields.map { f in "`\(f)` (tried: \(names(f).joined(separator: ", ")))" }.joined(separator: "; ")
        return Diagnostic(path: file, line: line,
                          "missing \(fields.count == 1 ? "a column" : "columns") for \(tried). Found: \(found.isEmpty ? "nothing" : found). Name a column of yours with --columns (lines like `pupil_id: Pupil Ref`)")
    }

    /// A grid column header: a date and a session (`Mon 01/09/2025 AM`, `01 Sep 2025 PM`, `2025-09-01 AM`).
    public static func gridSession(_ header: String) -> (Day, Session)? {
        let words = splitHeader(header)
        guard words.count >= 2 else { return nil }
        if let s = ImportNormalise.session(words.last!), let d = ImportNormalise.date(words.dropLast().joined(separator: " ")) { return (d, s) }
        if let s = ImportNormalise.session(words.first!), let d = ImportNormalise.date(words.dropFirst().joined(separator: " ")) { return (d, s) }
        return nil
    }

    static func splitHeader(_ h: String) -> [String] {
        h.split(whereSeparator: { " _()[]\t".contains($0) }).map(String.init).filter { !$0.isEmpty }
    }

    /// Whether a header looks like a date (so a grid column that is not a session is reported,
    /// not silently ignored).
    static func looksLikeDate(_ header: String) -> Bool {
        for w in splitHeader(header) {
            let digitGroups = w.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).filter { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
            if digitGroups.count >= 3 { return true }
            if ImportNormalise.monthIndex(w) != nil, w.count >= 3, header.contains(where: \.isNumber) { return true }
        }
        return false
    }

    /// Reads the roster (`--pupils`): every pupil with names, class, year, dates and characteristics.
    public func readRoster(_ file: CSVFile, into store: inout ImportStore) throws {
        var cols: [String: Int] = [:]
        var headerCount = 0
        var rows = 0
        var header = true
        let warnings = try file.forEachRow { row in
            if header {
                header = false
                let headers = readHeader(row, count: &headerCount, cols: &cols)
                let need = unresolved(["pupil_id", "forename", "surname", "year_group"], cols)
                if !need.isEmpty { throw InputError([missing(need, headers: headers, file: file.displayPath, line: row.line)]) }
                return
            }
            guard checkShape(row, headerCount: headerCount, file: file.displayPath, store: &store) else { return }
            guard var p = pupil(from: row, cols: cols, file: file.displayPath, store: &store) else { return }
            if p.className.isEmpty, !p.yearGroup.isEmpty, cols["class"] == nil { p.className = "Y" + p.yearGroup }
            if store.pupil(p.id) != nil {
                store.skip(file.displayPath, line: row.line, "pupil \(Escape.quoted(p.id)) appears again; the first row is used")
                return
            }
            store.addPupil(p)
            if !p.upn.isEmpty { store.rosterByUPN[p.upn] = p.id }
            rows += 1
        }
        if header { throw InputError([Diagnostic(path: file.displayPath, "the file is empty: no header row")]) }
        store.readLines.append("\(file.displayPath): roster, \(rows) pupil\(rows == 1 ? "" : "s")" + (warnings.isEmpty ? "" : " (\(warnings.joined(separator: "; ")))"))
    }

    func checkShape(_ row: CSVRow, headerCount: Int, file: String, store: inout ImportStore) -> Bool {
        if let e = row.lexicalError { store.skip(file, line: row.line, "cannot read the row: \(e); skipped"); return false }
        if row.count != headerCount {
            // A spreadsheet's trailing empty cells are harmless.
            var n = row.count
            while n > headerCount, row.isEmpty(n - 1) { n -= 1 }
            if n > headerCount || row.count < headerCount {
                store.skip(file, line: row.line, "the row has \(row.count) field\(row.count == 1 ? "" : "s"), the header \(headerCount); skipped")
                return false
            }
        }
        return true
    }

    /// The pupil a row describes (id, and any roll fields it carries). nil (row skipped) without an id
    /// or with an enrolment date that is not a date.
    func pupil(from row: CSVRow, cols: [String: Int], file: String, store: inout ImportStore) -> ImportedPupil? {
        func v(_ f: String) -> String { cols[f].map { $0 < row.count ? row.string($0) : "" } ?? "" }
        var p = ImportedPupil()
        p.upn = v("upn")
        p.id = v("pupil_id")
        if p.id.isEmpty, !p.upn.isEmpty { p.id = store.rosterByUPN[p.upn] ?? p.upn }
        guard !p.id.isEmpty else {
            store.skip(file, line: row.line, "no pupil id or UPN; skipped")
            return nil
        }
        p.forename = v("forename")
        p.surname = v("surname")
        p.yearGroup = ImportNormalise.yearGroup(v("year_group"))
        p.className = v("class")
        for (f, kp) in [("admitted", \ImportedPupil.admitted), ("left", \ImportedPupil.left)] {
            let raw = v(f)
            guard !raw.isEmpty else { continue }
            guard let d = ImportNormalise.date(raw) else {
                store.skip(file, line: row.line, "`\(f)` \(Escape.quoted(raw)) is not a date (or does not exist); skipped")
                return nil
            }
            p[keyPath: kp] = d.iso
        }
        let dob = v("dob")
        if !dob.isEmpty {
            if let d = ImportNormalise.date(dob) { p.dob = d.iso } else {
                store.warn(file, line: row.line, "`dob` \(Escape.quoted(dob)) is not a date; written as it is (`check` reports it)")
                p.dob = dob
            }
        }
        p.sex = v("sex")
        p.sen = v("sen").isEmpty ? "" : ImportNormalise.sen(v("sen"))
        p.fsm = v("fsm").isEmpty ? "" : ImportNormalise.boolean(v("fsm"))
        p.disadvantaged = v("disadvantaged").isEmpty ? "" : ImportNormalise.boolean(v("disadvantaged"))
        p.eal = v("eal").isEmpty ? "" : ImportNormalise.boolean(v("eal"))
        p.ethnicity = v("ethnicity")
        p.cla = v("cla").isEmpty ? "" : ImportNormalise.boolean(v("cla"))
        return p
    }

    /// A mark as exported → the code to write, or nil for "no mark" (`-`, empty, unmapped `_`).
    func code(_ raw: String, store: inout ImportStore, file: UInt16) -> String? {
        let t = codeMap.map { $0.apply(raw) } ?? raw
        if t.isEmpty || t == "-" { store.drop("sessions with no mark (`-` or empty)", file: file); return nil }
        if t == "_" { store.drop("sessions marked `_` with no code map for it (no mark)", file: file); return nil }
        return t
    }

    /// Reads one marks export. Throws `InputError` when the file cannot be used at all (no header,
    /// a missing required column, no layout recognised).
    public func readMarks(_ file: CSVFile, rosterGiven: Bool, into store: inout ImportStore) throws {
        let path = file.displayPath
        var header = true
        var headerCount = 0
        var cols: [String: Int] = [:]
        var chosen = Layout.auto
        var grid: [(col: Int, day: Day, session: Session)] = []
        var rows = 0, marksBefore = store.marksRead
        let fileIndex = store.addFile(path)
        var unknownCodes: [String: (Int, Int)] = [:]
        func note(_ code: String, _ line: Int) {
            if AttendanceCode(code) == nil { let k = unknownCodes[code]; unknownCodes[code] = ((k?.0 ?? 0) + 1, k?.1 ?? line) }
        }
        let warnings = try file.forEachRow { row in
            if header {
                header = false
                let headers = readHeader(row, count: &headerCount, cols: &cols)
                for (i, h) in headers.enumerated() where !cols.values.contains(i) {
                    if let (d, s) = CSVImport.gridSession(h) { grid.append((i, d, s)) }
                }
                chosen = layout
                if chosen == .auto {
                    if cols["week_start"] != nil && cols["week_marks"] != nil { chosen = .week }
                    else if cols["date"] != nil && cols["session"] != nil && cols["mark"] != nil { chosen = .long }
                    else if !grid.isEmpty { chosen = .grid }
                    else {
                        let found = headers.map { Escape.quoted($0) }.joined(separator: ", ")
                        throw InputError([Diagnostic(path: path, line: row.line,
                            "cannot tell the layout: no `date`, `session` and `mark` columns (long), no columns headed by a date and AM/PM (grid), no `week_start` and `week_marks` (week). Found: \(found). Tried for date: \(names("date").joined(separator: ", ")); session: \(names("session").joined(separator: ", ")); mark: \(names("mark").joined(separator: ", ")); week_start: \(names("week_start").joined(separator: ", ")); week_marks: \(names("week_marks").joined(separator: ", ")). Give --layout, or --columns for your own header names")])
                    }
                }
                var fields = ["pupil_id"]
                switch chosen {
                case .long: fields += ["date", "session", "mark"]
                case .week: fields += ["week_start", "week_marks"]
                case .grid, .auto: break
                }
                if !rosterGiven { fields += ["forename", "surname", "year_group"] }
                let need = unresolved(fields, cols)
                if !need.isEmpty {
                    var d = missing(need, headers: headers, file: path, line: row.line)
                    if !rosterGiven, need.contains(where: { ["forename", "surname", "year_group"].contains($0) }) {
                        d.message += "; or give the roster with --pupils"
                    }
                    throw InputError([d])
                }
                if chosen == .grid {
                    if grid.isEmpty {
                        throw InputError([Diagnostic(path: path, line: row.line, "no column is headed by a date and a session (e.g. `Mon 01/09/2025 AM` or `01 Sep 2025 PM`): not a grid")])
                    }
                    for (i, h) in headers.enumerated() where !cols.values.contains(i) && CSVImport.gridSession(h) == nil && CSVImport.looksLikeDate(h) {
                        store.skip(path, line: row.line, "column \(i + 1) header \(Escape.quoted(h)) looks like a date but is not a session (a date that exists, and AM or PM); its column is skipped")
                    }
                    var seen = Set<Int64>()
                    for g in grid where !seen.insert(Int64(g.day.raw) * 2 + Int64(g.session.rawValue)).inserted {
                        store.warn(path, line: row.line, "two columns are headed \(g.day.iso) \(g.session.text); both are read")
                    }
                }
                return
            }
            guard checkShape(row, headerCount: headerCount, file: path, store: &store) else { return }
            guard var p = pupil(from: row, cols: cols, file: path, store: &store) else { return }
            func v(_ f: String) -> String { cols[f].map { $0 < row.count ? row.string($0) : "" } ?? "" }
            // Roll fields from the marks file, when there is no roster.
            if !rosterGiven {
                if p.className.isEmpty, !p.yearGroup.isEmpty, cols["class"] == nil { p.className = "Y" + p.yearGroup }
                store.addPupil(p, newer: false)
            } else if store.pupil(p.id) == nil {
                store.strangers.insert(p.id)
            }
            rows += 1
            switch chosen {
            case .long:
                let rawDate = v("date"), rawSession = v("session")
                guard let d = ImportNormalise.date(rawDate) else {
                    store.skip(path, line: row.line, "date \(Escape.quoted(rawDate)) is not a date (or does not exist); skipped")
                    return
                }
                guard let s = ImportNormalise.session(rawSession) else {
                    store.skip(path, line: row.line, "session \(Escape.quoted(rawSession)) is not AM or PM (or Morning/Afternoon); skipped")
                    return
                }
                guard let c = code(v("mark"), store: &store, file: fileIndex) else { return }
                var recorded = v("recorded_at")
                if !recorded.isEmpty, let dt = ImportNormalise.dateTime(recorded) { recorded = dt.text }
                note(c, row.line)
                store.addMark(pupil: p.id, day: d, session: s, code: c, minutesLate: v("minutes_late"), recordedAt: recorded, file: fileIndex)
            case .grid:
                for g in grid where g.col < row.count {
                    guard let c = code(row.string(g.col), store: &store, file: fileIndex) else { continue }
                    note(c, row.line)
                    store.addMark(pupil: p.id, day: g.day, session: g.session, code: c, file: fileIndex)
                }
            case .week:
                let rawStart = v("week_start")
                guard let start = ImportNormalise.date(rawStart) else {
                    store.skip(path, line: row.line, "week start \(Escape.quoted(rawStart)) is not a date (or does not exist); skipped")
                    return
                }
                let rawMarks = v("week_marks")
                var tokens: [String]
                if rawMarks.contains(",") {
                    tokens = rawMarks.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                } else {
                    tokens = rawMarks.map { String($0) }
                }
                guard tokens.count == 10 || tokens.count == 14 else {
                    store.skip(path, line: row.line, "the week string \(Escape.quoted(rawMarks)) has \(tokens.count) session\(tokens.count == 1 ? "" : "s"); expected 10 (Monday to Friday) or 14 (Monday to Sunday), AM then PM; skipped")
                    return
                }
                if start.weekday != 0 {
                    store.skip(path, line: row.line, "week start \(start.iso) is a \(Day.weekdayNames[start.weekday]), not a Monday; skipped")
                    return
                }
                for (i, t) in tokens.enumerated() {
                    let raw = t == " " ? "" : t
                    guard let c = code(raw, store: &store, file: fileIndex) else { continue }
                    note(c, row.line)
                    store.addMark(pupil: p.id, day: start.adding(days: i / 2), session: i % 2 == 0 ? .am : .pm, code: c, file: fileIndex)
                }
            case .auto: break
            }
        }
        if header { throw InputError([Diagnostic(path: path, "the file is empty: no header row")]) }
        for (c, v) in unknownCodes.sorted(by: { $0.key < $1.key }) {
            let hint = codeMap == nil && CodeMap.one.entries[c] != nil ? " (if your MIS squeezes two-character codes into one, try --code-map one)" : ""
            store.warn(path, line: v.1, "\(Escape.quoted(c)) is not an attendance code (\(v.0) session\(v.0 == 1 ? "" : "s")); kept for `rollbook check` to report\(hint)")
        }
        marksBefore = store.marksRead - marksBefore
        var line = "\(path): \(chosen.rawValue) layout, \(rows) row\(rows == 1 ? "" : "s"), \(marksBefore) mark\(marksBefore == 1 ? "" : "s")"
        if chosen == .grid { line += " (\(grid.count) session columns)" }
        if !warnings.isEmpty { line += " (\(warnings.joined(separator: "; ")))" }
        store.readLines.append(line)
    }
}
