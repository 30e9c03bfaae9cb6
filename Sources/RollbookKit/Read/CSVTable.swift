/// The table layer under the readers: a CSV file's header checked against the columns a file
/// needs, each row's shape, and the words for values that do not parse (spec sections 3 and 11).
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

extension ProjectLoader {
    struct StopReading: Error {}

    static func note(_ warnings: [String], file: String, into reg: inout Register) {
        for w in warnings { reg.warnings.append(Diagnostic(.warning, path: file, w)) }
    }

    /// Runs `body` for each data row after validating the header. Empty files are an error.
    static func readRows(_ file: CSVFile, required: [String], optional: [String], problems: inout [Diagnostic],
                         reg: inout Register, headerOnly: Bool = false, optionalFile: Bool = false, rows: Bool = true,
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
                if rows { body(row, h, &reg) }
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

    /// A row's required `pupil_id` and `date`: `why` gains `empty pupil_id`, `empty date` or
    /// what is wrong with the date. The day, or nil.
    static func pupilAndDate(_ row: CSVRow, _ h: HeaderMap, why: inout [String]) -> Day? {
        if row.isEmpty(h["pupil_id"]!) { why.append("empty pupil_id") }
        let i = h["date"]!
        if row.isEmpty(i) { why.append("empty date"); return nil }
        let date = Day(bytes: row[i])
        if date == nil { why.append(notADate("date", row.string(i))) }
        return date
    }

    /// The finding's words for a date field that does not parse.
    static func notADate(_ field: String, _ text: String) -> String {
        "\(field) \(Escape.quoted(text)) is not a date (YYYY-MM-DD or DD/MM/YYYY)"
    }

    /// Checks a row's shape; returns the reasons it is invalid (none when fine). A NUL byte
    /// makes a row invalid, except in the column `nulChecked` whose own check rejects the value
    /// (a mark with a NUL byte is an unknown code).
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
}
