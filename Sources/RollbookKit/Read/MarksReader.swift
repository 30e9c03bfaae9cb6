#if canImport(Glibc)
import Glibc
#endif

/// marks.csv (spec section 3.2): each row becomes a pupil's effective mark for a session, or
/// an unplaced row with its reason.
extension ProjectLoader {
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
}
