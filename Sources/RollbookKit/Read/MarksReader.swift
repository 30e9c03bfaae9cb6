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

    /// One marks.csv row as a worker read it: a mark to place in the register (`k` its
    /// pupil-session), or (`k` -1) the next of the part's `unplaced` rows.
    struct MarkRow {
        var recorded: Int64  // seconds, Int64.min when none
        var k: Int
        var line: UInt32
        var pupil: Int32
        var date: Day
        var minutes: Int32  // -1 when none
        var code: UInt8
        var session: Session
        var hasRecorded: Bool
    }

    /// The header map, written by the reading thread before the workers start, then only read.
    final class SharedHeader: @unchecked Sendable { var map: HeaderMap? = nil }

    /// What a worker read from one part of marks.csv, in file order.
    struct MarkPart: Sendable {
        var rows: [MarkRow] = []
        var unplaced: [UnplacedMark] = []
        var invalid: [InvalidRow] = []
    }

    /// Reads marks.csv in one pass: rows are parsed and judged on all cores (everything that
    /// depends on the row alone), then applied in file order, so the effective-mark rule
    /// (latest `recorded_at`, else the later row) and every list stay as a serial read leaves them.
    static func readMarks(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic], headerOnly: Bool) {
        let path = file.displayPath
        let required = ["pupil_id", "date", "session", "mark"], optional = ["minutes_late", "recorded_at"]
        let cal = reg.calendar
        var stamps = Stamps()
        var header: HeaderMap? = nil
        // The header, for the workers (set before any of them starts).
        let shared = SharedHeader()
        let pupilIndex = reg.pupilIndex, rollSlots = reg.rollSlots
        var local: [Diagnostic] = []
        // What reading marks.csv adds to the register, to undo if the read has to start again.
        let invalidBefore = reg.invalidRows.count, warningsBefore = reg.warnings.count
        let unplacedBefore = reg.unplacedMarks.count
        do {
            let warnings = try file.readInParts(layout: file.partLayout, header: { row in
                let h = HeaderMap(row: row, file: path, required: required, optional: optional, problems: &local)
                header = h
                shared.map = h
                reg.warnings += h.warnings
                if !local.isEmpty || headerOnly { throw StopReading() }
            }, parse: { part in
                guard let h = shared.map else { return MarkPart() }
                return parseMarks(&part, h, path: path, cal: cal, pupilIndex: pupilIndex, rollSlots: rollSlots)
            }, apply: { part in
                apply(part, to: &reg, stamps: &stamps)
            }, restart: {
                header = nil
                shared.map = nil
                local = []
                stamps = Stamps()
                reg.codes.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
                reg.lines.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
                reg.minutesLate = LateMinutes()
                reg.invalidRows.removeLast(reg.invalidRows.count - invalidBefore)
                reg.warnings.removeLast(reg.warnings.count - warningsBefore)
                reg.unplacedMarks.removeLast(reg.unplacedMarks.count - unplacedBefore)
            })
            note(warnings, file: path, into: &reg)
        } catch is StopReading {
        } catch let e as InputError {
            local += e.diagnostics
        } catch {
            local.append(Diagnostic(path: path, "cannot read: \(error)"))
        }
        if header == nil, local.isEmpty {
            local.append(Diagnostic(path: path, "the file is empty: expected a header row naming \(required.joined(separator: ", "))"))
        }
        problems += local
        if reg.keepsRecordedAt { reg.recordedStamps = stamps }
    }

    /// Reads one part's rows: everything about a row that does not depend on the rows before it.
    static func parseMarks(_ part: inout CSVPart, _ h: HeaderMap, path: String, cal: SchoolCalendar,
                           pupilIndex: PupilIndex, rollSlots: [Range<Int>]) -> MarkPart {
        var out = MarkPart()
        // About one row per 24 bytes of a typical export; one reservation, no regrowth copies.
        out.rows.reserveCapacity(part.byteCount / 24 + 16)
        let slots = cal.slotCount
        let asOf = cal.asOf
        var cachedId: [UInt8] = []
        var cachedPupil = -2
        var dates = DateCache()
        // Column positions, looked up once rather than by name on every row.
        let iId = h["pupil_id"]!, iDate = h["date"]!, iSession = h["session"]!, iMark = h["mark"]!
        let iLate = h["minutes_late"], iRecorded = h["recorded_at"]
        while let row = part.next() {
            var why = shapeProblems(row, h, nulChecked: "mark")
            var date: Day? = nil, session: Session? = nil, minutes: Int? = nil, recorded: LocalTime? = nil
            if why.isEmpty {
                if row.isEmpty(iId) { why.append("empty pupil_id") }
                let db = row[iDate]
                if db.isEmpty { why.append("empty date") } else {
                    date = dates.day(db)
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
                out.invalid.append(InvalidRow(file: path, line: row.line, reason: why.joined(separator: "; ")))
                continue
            }
            // Pupil, with a one-entry cache: exports are usually sorted by pupil.
            let idBytes = row[iId]
            if cachedPupil == -2 || !sameBytes(idBytes, cachedId) {
                cachedId.removeAll(keepingCapacity: true)
                cachedId.append(contentsOf: idBytes)
                cachedPupil = pupilIndex[String(decoding: idBytes, as: UTF8.self)] ?? -1
            }
            let p = cachedPupil
            let code = AttendanceCode(bytes: row[iMark])
            let st = recorded?.seconds ?? Int64.min
            func unplaced(_ reason: UnplacedMark.Reason) {
                out.unplaced.append(UnplacedMark(reason: reason, pupil: Int32(p), date: date, session: session, code: code,
                                                 markText: row.string(iMark), unknownId: p < 0 ? row.string(iId) : "",
                                                 line: row.line, recordedAt: st, minutesLate: minutes))
                out.rows.append(MarkRow(recorded: st, k: -1, line: UInt32(row.line), pupil: Int32(p), date: date, minutes: -1,
                                        code: 0, session: session, hasRecorded: recorded != nil))
            }
            guard let code else { unplaced(.unknownCode); continue }
            guard p >= 0 else { unplaced(.unknownPupil); continue }
            // Rows dated after as_of or outside the academic year are read no further (spec
            // section 11); one with a withdrawn code is kept, as its code is judged whatever the date.
            guard date <= asOf else { if code.isWithdrawn { unplaced(.afterAsOf) }; continue }
            guard cal.yearStart <= date, date <= cal.yearEnd else { if code.isWithdrawn { unplaced(.outsideYear) }; continue }
            guard let slot = cal.slot(date, session) else { unplaced(.notASchoolSession); continue }
            guard rollSlots[p].contains(slot) else { unplaced(.offRoll); continue }
            out.rows.append(MarkRow(recorded: st, k: p * slots + slot, line: UInt32(row.line), pupil: Int32(p), date: date,
                                    minutes: minutes.map { Int32($0) } ?? -1, code: code.rawValue, session: session,
                                    hasRecorded: recorded != nil))
        }
        return out
    }

    /// Applies one part's rows to the register in file order.
    static func apply(_ part: MarkPart, to reg: inout Register, stamps: inout Stamps) {
        reg.invalidRows += part.invalid
        var next = 0
        let count = reg.codes.count
        // Raw values looked up once, not per row (each static is a lazy global).
        let late = AttendanceCode.late.rawValue, lateAfterClose = AttendanceCode.lateAfterClose.rawValue
        for r in part.rows {
            let k = r.k
            guard k >= 0 else { reg.unplacedMarks.append(part.unplaced[next]); next += 1; continue }
            if r.code == late || r.code == lateAfterClose, r.minutes >= 0 { reg.minutesLate[r.line] = Int(r.minutes) }
            if reg.codes[k] == 0 {
                reg.codes[k] = r.code
                reg.lines[k] = r.line
                if r.hasRecorded { stamps.set(k, r.recorded, count: count) }
                continue
            }
            // A second row for this pupil-session. Latest recorded_at wins; no recorded_at is
            // earliest; among equals the later row wins. The loser is kept aside.
            let current = stamps.get(k)
            let code = AttendanceCode(rawValue: r.code)!
            guard r.recorded >= current else {
                reg.unplacedMarks.append(UnplacedMark(reason: .superseded, pupil: r.pupil, date: r.date, session: r.session, code: code,
                                                      markText: code.text, line: Int(r.line), recordedAt: r.recorded,
                                                      minutesLate: r.minutes >= 0 ? Int(r.minutes) : nil))
                continue
            }
            let previous = AttendanceCode(rawValue: reg.codes[k])!, previousLine = Int(reg.lines[k])
            reg.unplacedMarks.append(UnplacedMark(reason: .superseded, pupil: r.pupil, date: r.date, session: r.session, code: previous,
                                                  markText: previous.text, line: previousLine, recordedAt: current,
                                                  minutesLate: reg.minutesLate[UInt32(previousLine)]))
            reg.codes[k] = r.code
            reg.lines[k] = r.line
            if r.hasRecorded { stamps.set(k, r.recorded, count: count) }
        }
    }

    /// Whether the field holds exactly `b`'s bytes (compared inline: ids are short).
    @inline(__always)
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        return b.withUnsafeBytes { bb in
            var i = 0
            while i + 8 <= n {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != bb.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
                i += 8
            }
            while i < n { if a[i] != bb[i] { return false }; i += 1 }
            return true
        }
    }

    /// `Day(bytes:)` with a direct-mapped cache of `YYYY-MM-DD` fields (a year's dates repeat
    /// on every pupil's rows): a field is parsed once per part, then found by its bytes.
    struct DateCache {
        static let size = 512
        // All ones: bytes no UTF-8 text holds, so an empty entry matches no field.
        var low = [UInt64](repeating: .max, count: DateCache.size)
        var high = [UInt16](repeating: 0, count: DateCache.size)
        var days = [Day](repeating: Day(raw: 0), count: DateCache.size)

        @inline(__always) mutating func day(_ b: UnsafeRawBufferPointer) -> Day? {
            guard b.count == 10 else { return Day(bytes: b) }
            let lo = b.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            let hi = b.loadUnaligned(fromByteOffset: 8, as: UInt16.self)
            // Month and day digits pick the entry; the whole ten bytes must match.
            let month = Int(b[5] & 1) * 10 + Int(b[6] & 15), day = Int(b[8] & 3) * 10 + Int(b[9] & 15)
            let i = ((month << 5) + day) & (DateCache.size - 1)
            if low[i] == lo, high[i] == hi { return days[i] }
            guard let d = Day(bytes: b) else { return nil }
            low[i] = lo
            high[i] = hi
            days[i] = d
            return d
        }
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
