/// A pupil from `pupils.csv` (spec section 3.1).
public struct Pupil: Sendable, Hashable {
    public var id: String
    public var upn: String
    public var forename: String
    public var surname: String
    public var className: String
    public var yearGroup: String
    /// First day on roll; nil means `year.start`.
    public var admitted: Day?
    /// Last day on roll, inclusive; nil means still on roll.
    public var left: Day?
    /// Line in pupils.csv.
    public var line: Int
    /// Characteristics (spec section 3.1); nil or empty means unknown (not given or invalid).
    public var dob: Day? = nil
    public var sex: String = ""
    /// `N`, `K` or `E` (DfE SEN provision codes), upper case.
    public var sen: String = ""
    public var fsm: Bool? = nil
    public var disadvantaged: Bool? = nil
    public var eal: Bool? = nil
    public var ethnicity: String = ""
    public var cla: Bool? = nil
    /// Home address and postcode, for returns to the local authority (intranet only).
    public var address: String = ""
    public var postcode: String = ""
    /// Pupils sharing a non-empty `family_id` live in one family.
    public var familyId: String = ""

    public var name: String { forename + " " + surname }
    /// `Amelia Jones (7B)`.
    public var label: String { "\(name) (\(className))" }

    public func isOnRoll(_ d: Day, yearStart: Day) -> Bool {
        (admitted ?? yearStart) <= d && (left.map { d <= $0 } ?? true)
    }
}

/// What a parent told the school (spec section 3.3).
public struct Contact: Sendable, Hashable {
    public enum Kind: String, Sendable { case absence, late, other }
    public var pupil: Int
    public var date: Day
    /// nil: both sessions.
    public var session: Session?
    public var kind: Kind
    public var kindText: String
    public var reason: String
    public var receivedAt: LocalTime?
    public var channel: String
    public var line: Int

    public func covers(_ s: Session) -> Bool { session == nil || session == s }
}

/// A marks.csv row that is not a pupil's effective mark, and why: what the reader found, for the
/// check rules to judge (`Check/Rules/`).
public struct UnplacedMark: Sendable, Hashable {
    /// Why the row is not in the register. A row gets the first reason that applies, in this
    /// order (the reader's order).
    public enum Reason: UInt8, Sendable {
        /// The mark is not a code of spec section 4 (`code` is nil). Any date, any pupil.
        case unknownCode
        /// The pupil_id is not in pupils.csv (`pupil` is -1). Any date.
        case unknownPupil
        /// Dated after `as_of`.
        case afterAsOf
        /// Dated before `year.start` or after `year.end`.
        case outsideYear
        /// Not a school session: a weekend, holiday or closure of the academic year.
        case notASchoolSession
        /// A school session on which the pupil is not on roll (before `admitted` or after `left`).
        case offRoll
        /// A school session with an earlier effective mark of another row: this row lost to it
        /// (latest `recorded_at` wins; no `recorded_at` is earliest; among equals the later row).
        case superseded
    }

    public var reason: Reason
    /// Index into `Register.pupils`, or -1 when the pupil is unknown.
    public var pupil: Int32
    public var date: Day
    public var session: Session
    /// nil when the mark is not a known code (see `markText`).
    public var code: AttendanceCode?
    public var markText: String
    /// The pupil_id as written, kept only when the pupil is unknown (empty otherwise).
    public var unknownId: String = ""
    public var line: Int
    public var recordedAt: Int64
    public var minutesLate: Int?
}

/// A pupils.csv row that repeats the `pupil_id` of an earlier row (the row is ignored).
public struct RepeatedPupilRow: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var pupilId: String
    /// The line of the earlier row with that id.
    public var firstLine: Int
    /// Set in a pseudonymised register: messages must not show the id.
    public var idWithheld = false
}

/// A row of any input file that names a pupil_id not in pupils.csv.
public struct UnknownPupilRow: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var pupilId: String
    public var date: Day
    public var session: Session?
    public var markText: String?
}

/// A field of an otherwise good row that does not parse (spec rule `invalid-field`): the row is
/// kept, the field is unknown.
public struct InvalidField: Sendable, Hashable {
    public var file: String
    public var line: Int
    /// The pupil_id of the row, as written.
    public var pupilId: String
    /// The column name, e.g. `dob`.
    public var field: String
    public var value: String
    /// What was expected, for the message.
    public var expected: String
}

/// A row that could not be read (spec rule `invalid-row`).
public struct InvalidRow: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var reason: String
}

/// The school's register: every pupil's effective mark for every school session up to `asOf`,
/// one byte each, plus the rows that did not become an effective mark and why.
///
/// Layout: slot `s` of pupil `p` is at `p * calendar.slotCount + s`. A zero byte means "no valid
/// mark". `lines` keeps the marks.csv line of each effective mark (for findings), `stamps` the
/// `recorded_at` of it (seconds, 0 = none; only kept while reading, to resolve conflicts).
public struct Register: Sendable {
    public let config: ProjectConfig
    public let calendar: SchoolCalendar
    public internal(set) var pupils: [Pupil] = []
    /// Per pupil: the slots on which they are on roll, `start..<end`.
    public internal(set) var rollSlots: [Range<Int>] = []
    public internal(set) var codes: [UInt8] = []
    public internal(set) var lines: [UInt32] = []
    /// Minutes late of effective `L` and `U` marks, by marks.csv line.
    public internal(set) var minutesLate = LateMinutes()
    /// marks.csv rows that are not an effective mark, with the reason, in file order (a row that
    /// lost to a later one is added when it loses). To keep memory small, rows dated after
    /// `as_of` or outside the academic year are kept only when their code is withdrawn
    /// (`AttendanceCode.isWithdrawn`); rows with an unknown code or pupil are kept whatever
    /// their date.
    public internal(set) var unplacedMarks: [UnplacedMark] = []
    /// Rows of contacts.csv and actions.csv that name a pupil_id not in pupils.csv (marks.csv's
    /// are in `unplacedMarks`, with `pupil` -1).
    public internal(set) var unknownPupilRows: [UnknownPupilRow] = []
    public internal(set) var invalidRows: [InvalidRow] = []
    /// Fields of kept rows that do not parse (pupils.csv characteristics, actions.csv review_by).
    public internal(set) var invalidFields: [InvalidField] = []
    /// Rows of pupils.csv that repeat an earlier pupil_id (ignored).
    public internal(set) var repeatedPupilRows: [RepeatedPupilRow] = []
    /// Contacts of known pupils, in file order.
    public internal(set) var contacts: [Contact] = []
    /// The school's actions (actions.csv) about known pupils, in file order.
    public internal(set) var actions: [Action] = []
    /// Warnings about the input as a whole (e.g. encodings), already formatted.
    public internal(set) var warnings: [Diagnostic] = []
    public internal(set) var pupilIndex = PupilIndex()
    /// pupils.csv rows that could not be read but name a pupil_id (id → line), so that the
    /// pupil's marks say why the pupil is unknown.
    public internal(set) var skippedPupilLines = PupilIndex()
    /// Whether the loader keeps `recordedStamps` (for `rollbook diff`: NEW's `recorded_at`).
    var keepsRecordedAt = false
    /// The `recorded_at` stamp of each effective mark, kept only when asked for
    /// (`ProjectLoader.load(..., keepRecordedAt: true)`). Read it with `recordedAt(pupil:slot:)`.
    var recordedStamps = ProjectLoader.Stamps()

    public var slotCount: Int { calendar.slotCount }
    public var marksPath: String { config.marksPath }

    /// The effective code of pupil `p` in slot `s`, nil when there is no valid mark.
    @inline(__always)
    public func code(pupil p: Int, slot s: Int) -> AttendanceCode? {
        AttendanceCode(rawValue: codes[p * calendar.slotCount + s])
    }

    /// The marks.csv line of that effective mark (nil after `forgetLines`).
    public func line(pupil p: Int, slot s: Int) -> Int? {
        guard !lines.isEmpty else { return nil }
        let l = lines[p * calendar.slotCount + s]
        return l == 0 ? nil : Int(l)
    }

    /// The `recorded_at` of the effective mark of pupil `p` in slot `s` (nil when it has none, or
    /// when the register was loaded without `keepRecordedAt`).
    public func recordedAt(pupil p: Int, slot s: Int) -> LocalTime? {
        let seconds = recordedStamps.get(p * calendar.slotCount + s)
        guard seconds != Int64.min else { return nil }
        var t = LocalTime(day: Day(raw: 0), minuteOfDay: 0)
        t.seconds = seconds
        return t
    }

    /// Lets go of the effective marks' marks.csv lines (4 bytes per pupil-session: about 150 MB
    /// at 100 000 pupils) once the checks, which cite them, have run: `line(pupil:slot:)` is nil
    /// from then on. The build does this; nothing after its check step reads a mark's line.
    mutating func forgetLines() {
        lines = []
    }

    /// The pupil's codes over all slots, one byte each (0 = no mark); check `rollSlots` for
    /// which of them the pupil was on roll.
    public func row(_ p: Int) -> ArraySlice<UInt8> {
        let n = calendar.slotCount
        return codes[(p * n)..<((p + 1) * n)]
    }

    /// Pupil-sessions with two or more marks.csv rows with valid codes, by key
    /// `pupil * slotCount + slot`: every row, by line (the effective mark's and those it superseded).
    public func sessionsWithSeveralRows() -> [Int: [(code: AttendanceCode, text: String, line: Int)]] {
        var out: [Int: [(code: AttendanceCode, text: String, line: Int)]] = [:]
        let n = calendar.slotCount
        for r in unplacedMarks where r.reason == .superseded {
            guard let code = r.code, let s = calendar.slot(r.date, r.session) else { continue }
            out[Int(r.pupil) * n + s, default: []].append((code, r.markText, r.line))
        }
        for (k, rows) in out {
            let code = AttendanceCode(rawValue: codes[k])!
            out[k] = (rows + [(code, code.text, lines.isEmpty ? 0 : Int(lines[k]))]).sorted { $0.line < $1.line }
        }
        return out
    }

    /// Contacts by pupil.
    public func contactsByPupil() -> [Int: [Contact]] {
        Dictionary(grouping: contacts, by: \.pupil)
    }
}

/// Minutes late by marks.csv line. The read adds lines in increasing order (file order), so
/// this is two sorted arrays searched by halves: no hashing per row, a third of a dictionary's memory.
public struct LateMinutes: Sendable, Equatable {
    private var lines: [UInt32] = []
    private var minutes: [Int32] = []

    public init() {}

    public var isEmpty: Bool { lines.isEmpty }
    public var count: Int { lines.count }

    /// The first index whose line is at least `line`.
    @inline(__always) private func index(_ line: UInt32) -> Int {
        var lo = 0, hi = lines.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if lines[mid] < line { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public subscript(line: UInt32) -> Int? {
        get {
            let i = index(line)
            return i < lines.count && lines[i] == line ? Int(minutes[i]) : nil
        }
        set {
            if let m = newValue, lines.last.map({ $0 < line }) ?? true {
                lines.append(line)
                minutes.append(Int32(clamping: m))
                return
            }
            let i = index(line)
            let found = i < lines.count && lines[i] == line
            switch (newValue, found) {
            case (let m?, true): minutes[i] = Int32(clamping: m)
            case (let m?, false): lines.insert(line, at: i); minutes.insert(Int32(clamping: m), at: i)
            case (nil, true): lines.remove(at: i); minutes.remove(at: i)
            case (nil, false): break
            }
        }
    }
}
