#if canImport(Glibc)
import Glibc
#endif

/// Column positions found in a CSV header (names matched case-insensitively, spaces ignored).
struct HeaderMap {
    var index: [String: Int] = [:]
    var count = 0
    /// The header's column names, trimmed and lower-cased, in file order.
    var names: [String] = []
    /// Problems worth telling but not stopping for (a known column repeated).
    var warnings: [Diagnostic] = []

    /// Validates the header row; appends a diagnostic per missing required column and per
    /// required or optional column that appears twice.
    init(row: CSVRow, file: String, required: [String], optional: [String], problems: inout [Diagnostic]) {
        count = row.count
        var seen: [String: Int] = [:]
        for i in 0..<row.count {
            let name = row.string(i).trimmingSpaces.lowercased()
            names.append(name)
            if let first = seen[name], required.contains(name) || optional.contains(name) {
                warnings.append(Diagnostic(.warning, path: file, line: row.line,
                                           "column `\(name)` appears twice (columns \(first + 1) and \(i + 1)); column \(first + 1) is used"))
                continue
            }
            if seen[name] == nil { seen[name] = i }
        }
        index = seen
        let missing = required.filter { seen[$0] == nil }
        if !missing.isEmpty {
            let found = (0..<row.count).map { Escape.quoted(row.string($0)) }.joined(separator: ", ")
            let list = missing.map { "`\($0)`" }.joined(separator: ", ")
            problems.append(Diagnostic(path: file, line: row.line,
                "missing required column\(missing.count > 1 ? "s" : "") \(list) (found: \(found.isEmpty ? "nothing" : found))"))
        }
    }

    subscript(_ name: String) -> Int? { index[name] }
}

/// Reads a school project folder (spec sections 1 to 3) into a `Register`.
public enum ProjectLoader {
    struct StopReading: Error {}

    /// Loads `rollbook.yml` from `directory`.
    public static func loadConfig(directory: String) throws -> ProjectConfig {
        let path = directory + "/rollbook.yml"
        guard let bytes = readFileBytes(path) else {
            throw InputError([Diagnostic(path: "rollbook.yml", "not found in `\(directory)` (is this a school project folder?)")])
        }
        var w: [String] = []
        let text = String(decoding: TextDecoding.utf8(from: bytes, warnings: &w), as: UTF8.self)
        var config = try ProjectConfig.parse(yaml: text)
        config.warnings = w.map { Diagnostic(.warning, path: config.path, $0) }
        return config
    }

    /// The date the report covers to: the flag, else `as_of` in the config, else the earlier of
    /// today and `year.end`.
    public static func resolveAsOf(_ flag: Day?, config: ProjectConfig, today: Day = Day.today) -> Day {
        flag ?? config.asOf ?? min(today, config.yearEnd)
    }

    /// Loads a whole project. Throws `InputError` (every problem, not just the first) when the
    /// input cannot be read at all; row-level problems become `invalidRows` instead.
    public static func load(directory: String, asOf flag: Day? = nil, today: Day = Day.today, keepRecordedAt: Bool = false) throws -> Register {
        let config = try loadConfig(directory: directory)
        let asOf = resolveAsOf(flag, config: config, today: today)
        func file(_ rel: String) -> CSVFile? {
            let full = rel.hasPrefix("/") ? rel : directory + "/" + rel
            return CSVFile(displayPath: rel, path: full)
        }
        var problems: [Diagnostic] = []
        let pupils = file(config.pupilsPath)
        let marks = file(config.marksPath)
        var contacts = file(config.contactsPath)
        // A path named under `data:` is shown as such: the mistake may be in rollbook.yml.
        func named(_ key: String, _ path: String, _ standard: String) -> String {
            path == standard ? "" : "; named under `data.\(key)` in \(config.path)"
        }
        if pupils == nil {
            problems.append(Diagnostic(path: config.pupilsPath, "file not found (the roll: pupil_id, forename, surname, class, year_group\(named("pupils", config.pupilsPath, "Data/pupils.csv")))"))
        }
        if marks == nil {
            problems.append(Diagnostic(path: config.marksPath, "file not found (register marks: pupil_id, date, session, mark\(named("marks", config.marksPath, "Data/marks.csv")))"))
        }
        if contacts == nil, !config.contactsPathIsDefault {
            problems.append(Diagnostic(path: config.contactsPath, "file not found (named under `data.contacts` in rollbook.yml)"))
        }
        if contacts == nil { contacts = nil }
        let actions = file(config.actionsPath)
        if actions == nil, !config.actionsPathIsDefault {
            problems.append(Diagnostic(path: config.actionsPath, "file not found (named under `data.actions` in \(config.path))"))
        }
        return try load(config: config, asOf: asOf, pupils: pupils, marks: marks, contacts: contacts, actions: actions, problems: problems,
                        keepRecordedAt: keepRecordedAt)
    }

    /// Loads from CSV sources (files or memory). `problems` carries earlier file-level errors.
    public static func load(config: ProjectConfig, asOf: Day, pupils: CSVFile?, marks: CSVFile?, contacts: CSVFile?,
                            actions: CSVFile? = nil, problems initial: [Diagnostic] = [], keepRecordedAt: Bool = false) throws -> Register {
        var problems = initial
        var reg = Register(config: config, calendar: SchoolCalendar(config: config, asOf: asOf))
        reg.keepsRecordedAt = keepRecordedAt
        reg.warnings += config.warnings
        if let pupils { readPupils(pupils, into: &reg, problems: &problems) }
        // Headers of the other files are checked even if the roll failed, to list every problem.
        let rollOK = problems.isEmpty
        if let marks { readMarks(marks, into: &reg, problems: &problems, headerOnly: !rollOK) }
        if let contacts { readContacts(contacts, into: &reg, problems: &problems, headerOnly: !rollOK) }
        if let actions { readActions(actions, into: &reg, problems: &problems, headerOnly: !rollOK) }
        guard problems.isEmpty else { throw InputError(problems) }
        return reg
    }

    static func note(_ warnings: [String], file: String, into reg: inout Register) {
        for w in warnings { reg.warnings.append(Diagnostic(.warning, path: file, w)) }
    }

    /// Runs `body` for each data row after validating the header. Empty files are an error.
    static func readRows(_ file: CSVFile, required: [String], optional: [String], problems: inout [Diagnostic],
                         reg: inout Register, headerOnly: Bool = false, optionalFile: Bool = false,
                         body: (CSVRow, HeaderMap, inout Register) -> Void) {
        var header: HeaderMap? = nil
        var local: [Diagnostic] = []
        do {
            let warnings = try file.forEachRow { row in
                guard let h = header else {
                    let h = HeaderMap(row: row, file: file.displayPath, required: required, optional: optional, problems: &local)
                    header = h
                    reg.warnings += h.warnings
                    if !local.isEmpty || headerOnly { throw StopReading() }
                    return
                }
                body(row, h, &reg)
            }
            note(warnings, file: file.displayPath, into: &reg)
        } catch is StopReading {
        } catch let e as InputError {
            local += e.diagnostics
        } catch {
            local.append(Diagnostic(path: file.displayPath, "cannot read: \(error)"))
        }
        if header == nil, local.isEmpty {
            let message = "the file is empty: expected a header row naming \(required.joined(separator: ", "))"
            if optionalFile { reg.warnings.append(Diagnostic(.warning, path: file.displayPath, message + (file.displayPath == reg.config.actionsPath ? "; no actions read" : "; no contacts read"))) }
            else { local.append(Diagnostic(path: file.displayPath, message)) }
        }
        problems += local
    }

    /// Checks a row's shape; returns the reasons it is invalid (none when fine). A NUL byte
    /// makes a row invalid, except in the column `nulChecked` whose own check rejects the value
    /// (a mark with a NUL byte is an unknown code).
    /// The finding's words for a date field that does not parse.
    static func notADate(_ field: String, _ text: String) -> String {
        "\(field) \(Escape.quoted(text)) is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    }

    static func shapeProblems(_ row: CSVRow, _ h: HeaderMap, nulChecked: String? = nil) -> [String] {
        if let e = row.lexicalError { return [e] }
        if row.count != h.count {
            // A quote opened by mistake swallows the following lines into one field: say so.
            let spill = row.lastLine > row.line ? " (a quoted field runs on to line \(row.lastLine): is a `\"` stray or missing?)" : ""
            return ["expected \(h.count) fields, found \(row.count)\(spill)"]
        }
        if let first = row.nulField {
            let skip = nulChecked.flatMap { h[$0] }
            if let k = (first..<row.count).first(where: { $0 != skip && row.containsNUL($0) }) {
                return ["NUL byte (0x00) in field \(k + 1) (\(Escape.quoted(h.names[k]))): the file is damaged or not text"]
            }
        }
        return []
    }

    static func readPupils(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic]) {
        let required = ["pupil_id", "forename", "surname", "class", "year_group"]
        let optional = ["upn", "admitted", "left"] + Characteristics.columns
        readRows(file, required: required, optional: optional, problems: &problems, reg: &reg) { row, h, reg in
            var why = shapeProblems(row, h)
            if why.isEmpty {
                for name in required where row.isEmpty(h[name]!) { why.append("empty \(name)") }
            }
            var admitted: Day? = nil, left: Day? = nil
            if why.isEmpty {
                if let i = h["admitted"], !row.isEmpty(i) {
                    admitted = Day(bytes: row[i])
                    if admitted == nil { why.append(notADate("admitted", row.string(i))) }
                }
                if let i = h["left"], !row.isEmpty(i) {
                    left = Day(bytes: row[i])
                    if left == nil { why.append(notADate("left", row.string(i))) }
                }
                // Spec section 11: a pupil who left before being admitted is an invalid row.
                if let a = admitted, let l = left, l < a { why.append("left \(l.iso) is before admitted \(a.iso)") }
            }
            guard why.isEmpty else {
                reg.invalidRows.append(InvalidRow(file: file.displayPath, line: row.line, reason: why.joined(separator: "; ")))
                // Remember the id, so that the pupil's marks say their own row was skipped.
                if let i = h["pupil_id"], i < row.count, !row.isEmpty(i), reg.skippedPupilLines[row.string(i)] == nil {
                    reg.skippedPupilLines[row.string(i)] = row.line
                }
                return
            }
            let id = row.string(h["pupil_id"]!)
            if let other = reg.pupilIndex[id] {
                reg.repeatedPupilRows.append(RepeatedPupilRow(file: file.displayPath, line: row.line, pupilId: id,
                                                              firstLine: reg.pupils[other].line))
                return
            }
            var p = Pupil(id: id, upn: h["upn"].map { row.string($0) } ?? "",
                          forename: row.string(h["forename"]!), surname: row.string(h["surname"]!),
                          className: row.string(h["class"]!), yearGroup: row.string(h["year_group"]!),
                          admitted: admitted, left: left, line: row.line)
            Characteristics.read(row, h, into: &p, file: file.displayPath, invalid: &reg.invalidFields)
            reg.pupilIndex[id] = reg.pupils.count
            reg.pupils.append(p)
        }
        let cal = reg.calendar
        reg.rollSlots = reg.pupils.map { p in
            let start = cal.firstSlot(onOrAfter: p.admitted ?? cal.yearStart)
            let end = p.left.map { cal.firstSlot(onOrAfter: $0.adding(days: 1)) } ?? cal.slotCount
            return start..<max(start, end)
        }
        let n = reg.pupils.count * cal.slotCount
        reg.codes = [UInt8](repeating: 0, count: n)
        reg.lines = [UInt32](repeating: 0, count: n)
    }

    /// `recorded_at` and `received_at` take years 1900 to 2999 (spec section 11).
    static let stampYears = 1900...2999

    /// A date-time column's value, or the reason it cannot be read.
    static func dateTime(_ row: CSVRow, _ i: Int, _ name: String) -> (LocalTime?, String?) {
        guard let t = LocalTime(bytes: row[i]) else {
            return (nil, "\(name) \(Escape.quoted(row.string(i))) is not a date-time (YYYY-MM-DDTHH:MM[:SS])")
        }
        guard stampYears.contains(t.day.components.year) else {
            return (nil, "\(name) \(Escape.quoted(row.string(i))) has a year outside 1900 to 2999")
        }
        return (t, nil)
    }

    /// `recorded_at` stamps of effective marks, one `UInt32` per pupil-session: seconds since
    /// 1990 plus one (0: none), which covers 1990 to 2126; a stamp outside that range is kept
    /// aside whole, so any year from 1900 to 2999 orders correctly.
    struct Stamps {
        static let base: Int64 = 631_152_000  // 1990-01-01T00:00
        var packed: [UInt32] = []
        var wide: [Int: Int64] = [:]

        /// The stamp of slot `k` in seconds since 1970, `Int64.min` when there is none.
        @inline(__always) func get(_ k: Int) -> Int64 {
            guard !packed.isEmpty else { return Int64.min }
            let v = packed[k]
            if v == 0 { return Int64.min }
            if v == UInt32.max { return wide[k]! }
            return Int64(v) - 1 + Stamps.base
        }

        @inline(__always) mutating func set(_ k: Int, _ seconds: Int64, count: Int) {
            if packed.isEmpty { packed = [UInt32](repeating: 0, count: count) }
            let v = seconds - Stamps.base + 1
            if v >= 1, v < Int64(UInt32.max) {
                packed[k] = UInt32(v)
                if !wide.isEmpty { wide[k] = nil }
            } else {
                packed[k] = UInt32.max
                wide[k] = seconds
            }
        }
    }

    static func readMarks(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic], headerOnly: Bool) {
        let path = file.displayPath
        let cal = reg.calendar
        let slots = cal.slotCount
        let asOf = cal.asOf
        var stamps = Stamps()
        var cachedId: [UInt8] = []
        var cachedPupil = -2
        var cachedDateBytes: [UInt8] = []
        var cachedDate: Day? = nil
        var columns: (Int, Int, Int, Int, Int?, Int?)? = nil
        readRows(file, required: ["pupil_id", "date", "session", "mark"], optional: ["minutes_late", "recorded_at"],
                 problems: &problems, reg: &reg, headerOnly: headerOnly) { row, h, reg in
            // Column positions, looked up once rather than by name on every row.
            if columns == nil { columns = (h["pupil_id"]!, h["date"]!, h["session"]!, h["mark"]!, h["minutes_late"], h["recorded_at"]) }
            let (iId, iDate, iSession, iMark, iLate, iRecorded) = columns!
            var why = shapeProblems(row, h, nulChecked: "mark")
            var date: Day? = nil, session: Session? = nil, minutes: Int? = nil, recorded: LocalTime? = nil
            if why.isEmpty {
                if row.isEmpty(iId) { why.append("empty pupil_id") }
                let db = row[iDate]
                if db.isEmpty { why.append("empty date") } else {
                    if sameBytes(db, cachedDateBytes) { date = cachedDate } else {
                        date = Day(bytes: db)
                        cachedDateBytes = Array(db)
                        cachedDate = date
                    }
                    if date == nil { why.append(notADate("date", row.string(iDate))) }
                }
                session = Session(bytes: row[iSession])
                if row.isEmpty(iSession) { why.append("empty session") }
                else if session == nil { why.append("session \(Escape.quoted(row.string(iSession))) is not AM or PM") }
                if row.isEmpty(iMark) { why.append("empty mark") }
                if let i = iLate, !row.isEmpty(i) {
                    minutes = parseMinutes(row[i])
                    if minutes == nil { why.append("minutes_late \(Escape.quoted(row.string(i))) is not a whole number of minutes") }
                }
                if let i = iRecorded, !row.isEmpty(i) {
                    let (t, problem) = dateTime(row, i, "recorded_at")
                    recorded = t
                    if let problem { why.append(problem) }
                }
            }
            guard why.isEmpty, let date, let session else {
                reg.invalidRows.append(InvalidRow(file: path, line: row.line, reason: why.joined(separator: "; ")))
                return
            }
            // Pupil, with a one-entry cache: exports are usually sorted by pupil.
            let idBytes = row[iId]
            if cachedPupil == -2 || !sameBytes(idBytes, cachedId) {
                cachedId = Array(idBytes)
                cachedPupil = reg.pupilIndex[String(decoding: idBytes, as: UTF8.self)] ?? -1
            }
            let p = cachedPupil
            let code = AttendanceCode(bytes: row[iMark])
            func unplaced(_ reason: UnplacedMark.Reason) {
                reg.unplacedMarks.append(UnplacedMark(reason: reason, pupil: Int32(p), date: date, session: session, code: code,
                                                      markText: row.string(iMark), unknownId: p < 0 ? row.string(iId) : "",
                                                      line: row.line, recordedAt: recorded?.seconds ?? Int64.min, minutesLate: minutes))
            }
            guard let code else { unplaced(.unknownCode); return }
            guard p >= 0 else { unplaced(.unknownPupil); return }
            // Rows dated after as_of or outside the academic year are read no further (spec
            // section 11); one with a withdrawn code is kept, as its code is judged whatever the date.
            guard date <= asOf else { if code.isWithdrawn { unplaced(.afterAsOf) }; return }
            guard cal.yearStart <= date, date <= cal.yearEnd else { if code.isWithdrawn { unplaced(.outsideYear) }; return }
            guard let slot = cal.slot(date, session) else { unplaced(.notASchoolSession); return }
            guard reg.rollSlots[p].contains(slot) else { unplaced(.offRoll); return }
            let k = p * slots + slot
            let st = recorded?.seconds ?? Int64.min
            if code == .late || code == .lateAfterClose, let minutes { reg.minutesLate[UInt32(row.line)] = minutes }
            if reg.codes[k] == 0 {
                reg.codes[k] = code.rawValue
                reg.lines[k] = UInt32(row.line)
                if recorded != nil { stamps.set(k, st, count: reg.codes.count) }
                return
            }
            // A second row for this pupil-session. Latest recorded_at wins; no recorded_at is
            // earliest; among equals the later row wins. The loser is kept aside.
            let current = stamps.get(k)
            guard st >= current else { unplaced(.superseded); return }
            let previous = AttendanceCode(rawValue: reg.codes[k])!, previousLine = Int(reg.lines[k])
            reg.unplacedMarks.append(UnplacedMark(reason: .superseded, pupil: Int32(p), date: date, session: session, code: previous,
                                                  markText: previous.text, line: previousLine, recordedAt: current,
                                                  minutesLate: reg.minutesLate[UInt32(previousLine)]))
            reg.codes[k] = code.rawValue
            reg.lines[k] = UInt32(row.line)
            if recorded != nil { stamps.set(k, st, count: reg.codes.count) }
        }
        if reg.keepsRecordedAt { reg.recordedStamps = stamps }
    }

    @inline(__always)
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.count == 0 { return true }
        return b.withUnsafeBytes { memcmp(a.baseAddress!, $0.baseAddress!, a.count) == 0 }
    }

    /// Any whole number of minutes, leading zeros allowed (spec section 11); a value too large
    /// to matter (over a year of minutes) is kept as `Int32.max`.
    static func parseMinutes(_ b: UnsafeRawBufferPointer) -> Int? {
        guard !b.isEmpty else { return nil }
        var v = 0
        for c in b {
            guard c >= 48, c <= 57 else { return nil }
            v = min(v * 10 + Int(c - 48), Int(Int32.max))
        }
        return v
    }

    static func readContacts(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic], headerOnly: Bool) {
        let path = file.displayPath
        readRows(file, required: ["pupil_id", "date"], optional: ["session", "kind", "reason", "received_at", "channel"],
                 problems: &problems, reg: &reg, headerOnly: headerOnly, optionalFile: true) { row, h, reg in
            var why = shapeProblems(row, h)
            var date: Day? = nil, session: Session? = nil, received: LocalTime? = nil
            if why.isEmpty {
                if row.isEmpty(h["pupil_id"]!) { why.append("empty pupil_id") }
                let i = h["date"]!
                if row.isEmpty(i) { why.append("empty date") } else {
                    date = Day(bytes: row[i])
                    if date == nil { why.append(notADate("date", row.string(i))) }
                }
                if let i = h["session"], !row.isEmpty(i) {
                    let s = row.string(i)
                    if s.uppercased() != "ALL" {
                        session = Session(s)
                        if session == nil { why.append("session \(Escape.quoted(s)) is not AM, PM or ALL") }
                    }
                }
                if let i = h["received_at"], !row.isEmpty(i) {
                    let (t, problem) = dateTime(row, i, "received_at")
                    received = t
                    if let problem { why.append(problem) }
                }
            }
            guard why.isEmpty, let date else {
                reg.invalidRows.append(InvalidRow(file: path, line: row.line, reason: why.joined(separator: "; ")))
                return
            }
            let id = row.string(h["pupil_id"]!)
            guard let p = reg.pupilIndex[id] else {
                reg.unknownPupilRows.append(UnknownPupilRow(file: path, line: row.line, pupilId: id, date: date, session: session, markText: nil))
                return
            }
            let kindText = h["kind"].map { row.string($0) } ?? ""
            let kind: Contact.Kind
            switch kindText.lowercased() {
            case "", "absence", "absent": kind = .absence
            case "late": kind = .late
            default: kind = .other
            }
            reg.contacts.append(Contact(pupil: p, date: date, session: session, kind: kind, kindText: kindText.isEmpty ? "absence" : kindText,
                                        reason: h["reason"].map { row.string($0) } ?? "",
                                        receivedAt: received, channel: h["channel"].map { row.string($0) } ?? "",
                                        line: row.line))
        }
    }
}

extension Day {
    /// Today's date on this machine's clock (local time).
    public static var today: Day {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return Day(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday))!
    }
}
