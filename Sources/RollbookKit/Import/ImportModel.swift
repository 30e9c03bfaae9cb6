/// What `rollbook import` has read from a school's exports (spec section 9), before it is checked
/// against the calendar and written as `Data/pupils.csv` and `Data/marks.csv`.

/// A message about the input: `file:line: warning: message`, or `file: UPN X: warning: message`
/// for a CTF pupil (an XML file has no useful line per session).
public struct ImportNote: Sendable, Hashable, CustomStringConvertible {
    public var level: Severity
    public var file: String
    public var line: Int?
    public var upn: String?
    public var message: String

    public init(_ level: Severity, file: String, line: Int? = nil, upn: String? = nil, _ message: String) {
        self.level = level
        self.file = file
        self.line = line
        self.upn = upn
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let upn { s += ": UPN \(upn)" }
        return CompilerStyle.line(s, level, message)
    }
}

/// One pupil of the roll, as it will be written to pupils.csv (section 3.1). Every value is text,
/// kept as the export spells it apart from the normalisations of section 9.
public struct ImportedPupil: Sendable, Hashable {
    public var id = ""
    public var upn = ""
    public var forename = ""
    public var surname = ""
    public var className = ""
    public var yearGroup = ""
    public var admitted = ""
    public var left = ""
    public var dob = ""
    public var sex = ""
    public var sen = ""
    public var fsm = ""
    public var disadvantaged = ""
    public var eal = ""
    public var ethnicity = ""
    public var cla = ""

    public init() {}

    static let columns = ["pupil_id", "upn", "forename", "surname", "class", "year_group", "admitted", "left",
                          "dob", "sex", "sen", "fsm", "disadvantaged", "eal", "ethnicity", "cla"]

    var fields: [String] {
        [id, upn, forename, surname, className, yearGroup, admitted, left, dob, sex, sen, fsm, disadvantaged, eal, ethnicity, cla]
    }

    /// Fills the fields this record leaves empty from `other`.
    mutating func fillGaps(from other: ImportedPupil) {
        func fill(_ kp: WritableKeyPath<ImportedPupil, String>) { if self[keyPath: kp].isEmpty { self[keyPath: kp] = other[keyPath: kp] } }
        for kp in [\ImportedPupil.upn, \.forename, \.surname, \.className, \.yearGroup, \.admitted, \.left, \.dob, \.sex,
                   \.sen, \.fsm, \.disadvantaged, \.eal, \.ethnicity, \.cla] { fill(kp) }
    }
}

/// The session totals a CTF `YearData` block carries, counted from its marks (spec section 4).
struct SessionTotals {
    var possible = 0, attended = 0, authorised = 0, unauthorised = 0

    init(codes tokens: [String]) {
        for t in tokens {
            guard let c = AttendanceCode(t) else { continue }
            if c.category.isPossible { possible += 1 }
            if c.category.isAttended { attended += 1 }
            if c.category == .authorised { authorised += 1 }
            if c.category == .unauthorised { unauthorised += 1 }
        }
    }
}

/// A mark as one row of marks.csv will carry it (24 bytes). CSV exports keep every row (several
/// rows for one pupil-session are `check`'s business); a CTF's marks are held more compactly, as
/// `DenseRun`s, and expanded into these one pupil at a time when written.
struct ImportedMark: Sendable {
    var day: Int32
    /// Index into `ImportStore.strings`.
    var code: UInt32
    var minutesLate: UInt32
    var recordedAt: UInt32
    /// Order of reading, for a stable sort and for "the later row wins".
    var seq: UInt32
    /// The file it came from (index into `ImportStore.files`).
    var file: UInt16
    var session: UInt8
}

/// A run of sessions from one file for one pupil, one byte per session (as the register holds
/// them): slot `2 * (day - start) + session` holds 0 (no mark) or 1 + an index into
/// `ImportStore.denseCodes`. A full-year CTF block takes about 650 bytes, so 100 000 pupils fit in
/// well under 100 MB. The minutes late are empty and `recorded_at` is the file's.
struct DenseRun: Sendable {
    var start: Int32
    var file: UInt16
    var recordedAt: UInt32
    var seq: UInt32
    var slots: [UInt8]
}

/// Everything read so far: pupils by id, their marks, and what was dropped and why.
public struct ImportStore: Sendable {
    public private(set) var pupils: [ImportedPupil] = []
    var pupilIndex: [String: Int] = [:]
    /// Marks per pupil id (including ids that are not on the roll: `check` reports them).
    var marks: [[ImportedMark]] = []
    /// Marks per pupil id held one byte per session (CTF), parallel to `marks`.
    var dense: [[DenseRun]] = []
    /// The codes of `dense` slots: slot value k means `strings[denseCodes[k - 1]]`.
    var denseCodes: [UInt32] = []
    /// String index → its slot value in `dense` (0: none yet).
    var denseSlot: [UInt8] = []
    /// The string index of `#`, once interned.
    var closedCode: UInt32?
    /// How many sessions the block being read spans (a CTF marks string's length), so a run's
    /// storage is allocated once at its full size.
    var sessionHint = 0
    var markTotal = 0
    var markOwners: [String] = []
    var markOwnerIndex: [String: Int] = [:]
    var strings: [String] = [""]
    var stringIndex: [String: UInt32] = ["": 0]
    var seq: UInt32 = 0
    /// When true, one row per pupil-session is kept: the newest file, then the later read (CTF).
    package var keepNewestOnly = false
    /// Input files as shown, and each one's time stamp in seconds (a CTF's `DateTime`; `Int64.min`
    /// when none), for "the newer file wins".
    var files: [String] = []
    var fileStamps: [Int64] = []
    /// The calendar, when the target folder has one: `#` on a session that is not a school session,
    /// and marks outside the academic year, are dropped as they are read (a CTF spells out every
    /// weekend and holiday).
    package var calendar: SchoolCalendar?

    public var notes: [ImportNote] = []
    /// Reasons for rows the conventions drop (normal: exit 0), with counts.
    public var dropped: [String: Int] = [:]
    /// Rows or blocks that could not be read (exit 1).
    public var unreadable = 0
    /// What was read, one line per input file.
    public var readLines: [String] = []
    public var marksRead = 0
    /// The school named by the exports (a CTF's SourceSchool), for a starter rollbook.yml.
    public var schoolName: String?
    /// Per CTF pupil, the newest header DateTime seen for them.
    var pupilStamps: [String: Int64] = [:]
    /// Roster pupils by UPN, so marks keyed by UPN find the MIS id.
    var rosterByUPN: [String: String] = [:]
    /// Ids in the marks that the roster lacks.
    public var strangers = Set<String>()

    public init() {}

    func intern(_ s: String) -> UInt32? { stringIndex[s] }

    mutating func internString(_ s: String) -> UInt32 {
        if let i = stringIndex[s] { return i }
        let i = UInt32(strings.count)
        strings.append(s)
        stringIndex[s] = i
        return i
    }

    package mutating func warn(_ file: String, line: Int? = nil, upn: String? = nil, _ message: String) {
        notes.append(ImportNote(.warning, file: file, line: line, upn: upn, message))
    }

    /// A row or block that could not be read: a warning, and exit status 1.
    mutating func skip(_ file: String, line: Int? = nil, upn: String? = nil, _ message: String) {
        notes.append(ImportNote(.warning, file: file, line: line, upn: upn, message))
        unreadable += 1
    }

    package mutating func error(_ file: String, line: Int? = nil, upn: String? = nil, _ message: String) {
        notes.append(ImportNote(.error, file: file, line: line, upn: upn, message))
    }

    /// The files each reason of `dropped` concerns (indices into `files`), for the summary.
    public var droppedFiles: [String: Set<UInt16>] = [:]
    /// Per input file: `#` marks on sessions that are not school sessions, and marks dated outside
    /// the academic year, dropped as they were read (counted here, as there are many: a CTF spells
    /// out every weekend).
    var closedDropped: [Int] = []
    var outsideDropped: [Int] = []

    mutating func drop(_ reason: String, _ n: Int = 1, file: UInt16? = nil) {
        guard n > 0 else { return }
        dropped[reason, default: 0] += n
        if let file { droppedFiles[reason, default: []].insert(file) }
    }

    /// "reason: file, file" lines of what was dropped, sorted by reason.
    public var droppedSummary: [(count: Int, reason: String, files: [String])] {
        dropped.sorted { $0.key < $1.key }.map { reason, n in
            let fs = (droppedFiles[reason] ?? []).map { Int($0) < files.count ? files[Int($0)] : "" }.filter { !$0.isEmpty }
            return (n, reason, fs.sorted())
        }
    }

    /// Adds a pupil, or merges with the one already known by that id (`newer` wins field by field).
    mutating func addPupil(_ p: ImportedPupil, newer: Bool = true) {
        if let i = pupilIndex[p.id] {
            if newer {
                var merged = p
                merged.fillGaps(from: pupils[i])
                pupils[i] = merged
            } else {
                pupils[i].fillGaps(from: p)
            }
        } else {
            pupilIndex[p.id] = pupils.count
            pupils.append(p)
        }
    }

    func pupil(_ id: String) -> ImportedPupil? { pupilIndex[id].map { pupils[$0] } }

    mutating func updatePupil(_ id: String, _ body: (inout ImportedPupil) -> Void) {
        if let i = pupilIndex[id] { body(&pupils[i]) }
    }

    /// Registers an input file; returns its index for `addMark`.
    mutating func addFile(_ path: String, stamp: Int64 = .min) -> UInt16 {
        files.append(path)
        fileStamps.append(stamp)
        closedDropped.append(0)
        outsideDropped.append(0)
        return UInt16(truncatingIfNeeded: files.count - 1)
    }

    static func outsideReason(_ cal: SchoolCalendar) -> String {
        "marks dated outside the academic year in rollbook.yml (\(cal.yearStart.iso) to \(cal.yearEnd.iso))"
    }

    /// Folds the per-file counts of `closedDropped` and `outsideDropped` into `dropped`.
    mutating func settleDrops(_ cal: SchoolCalendar) {
        for (i, n) in closedDropped.enumerated() { drop(ImportStore.closedReason, n, file: UInt16(i)) }
        for (i, n) in outsideDropped.enumerated() { drop(ImportStore.outsideReason(cal), n, file: UInt16(i)) }
        closedDropped = Array(repeating: 0, count: closedDropped.count)
        outsideDropped = Array(repeating: 0, count: outsideDropped.count)
    }

    static let closedReason = "`#` on sessions that are not school sessions in rollbook.yml (weekends, holidays, closures)"

    mutating func addMark(pupil: String, day: Day, session: Session, code: String, minutesLate: String = "",
                          recordedAt: String = "", file: UInt16 = 0) {
        let codeIndex = internString(code)
        guard keep(day, session, codeIndex, file: file) else { return }
        addKept(owner: owner(pupil), day: day, session: session, code: codeIndex, minutesLate: minutesLate,
                recordedAt: internString(recordedAt), file: file)
    }

    /// Many marks of one pupil from one file (a CTF block): codes as indices into `strings`.
    mutating func addMarks(pupil: String, _ list: [(day: Day, session: Session, code: UInt32)], recordedAt: String, file: UInt16) {
        let o = owner(pupil)
        let r = internString(recordedAt)
        for m in list where keep(m.day, m.session, m.code, file: file) {
            addKept(owner: o, day: m.day, session: m.session, code: m.code, minutesLate: "", recordedAt: r, file: file)
        }
    }

    /// False (and counted as dropped) for `#` on a session that is not a school session, and for a
    /// mark outside the academic year, when the calendar is known.
    private mutating func keep(_ day: Day, _ session: Session, _ code: UInt32, file: UInt16) -> Bool {
        guard let cal = calendar else { return true }
        let hash: UInt32
        if let h = closedCode { hash = h } else { hash = internString("#"); closedCode = hash }
        if code == hash, !cal.isSchoolSession(day, session) {
            if Int(file) < closedDropped.count { closedDropped[Int(file)] += 1 } else { drop(ImportStore.closedReason) }
            return false
        }
        if day < cal.yearStart || cal.yearEnd < day {
            if Int(file) < outsideDropped.count { outsideDropped[Int(file)] += 1 } else { drop(ImportStore.outsideReason(cal)) }
            return false
        }
        return true
    }

    private mutating func owner(_ pupil: String) -> Int {
        if let o = markOwnerIndex[pupil] { return o }
        let o = markOwners.count
        markOwnerIndex[pupil] = o
        markOwners.append(pupil)
        marks.append([])
        dense.append([])
        return o
    }

    private mutating func addKept(owner: Int, day: Day, session: Session, code codeIndex: UInt32, minutesLate: String,
                                  recordedAt: UInt32, file: UInt16) {
        marksRead += 1
        markTotal += 1
        if keepNewestOnly, minutesLate.isEmpty, addDense(owner: owner, day: day, session: session, code: codeIndex,
                                                        recordedAt: recordedAt, file: file) {
            return
        }
        seq &+= 1
        marks[owner].append(ImportedMark(day: day.raw, code: codeIndex, minutesLate: internString(minutesLate),
                                         recordedAt: recordedAt, seq: seq, file: file, session: session.rawValue))
    }

    /// Stores a mark in the owner's last run when it extends it, else in a new run. False when the
    /// code table is full (over 255 distinct codes: the mark is then kept as a full row).
    private mutating func addDense(owner: Int, day: Day, session: Session, code: UInt32, recordedAt: UInt32, file: UInt16) -> Bool {
        let k: UInt8
        if Int(code) < denseSlot.count, denseSlot[Int(code)] != 0 { k = denseSlot[Int(code)] } else {
            guard denseCodes.count < 255 else { return false }
            denseCodes.append(code)
            k = UInt8(denseCodes.count)
            if Int(code) >= denseSlot.count { denseSlot.append(contentsOf: repeatElement(0, count: Int(code) + 1 - denseSlot.count)) }
            denseSlot[Int(code)] = k
        }
        if let last = dense[owner].indices.last {
            let run = dense[owner][last]
            let slot = 2 * (Int(day.raw) - Int(run.start)) + Int(session.rawValue)
            // Same file, later in the same run, within a year and a bit, and not given already.
            if run.file == file, run.recordedAt == recordedAt, slot >= 0, slot < 2 * 400 {
                if slot < run.slots.count {
                    if run.slots[slot] == 0 { dense[owner][last].slots[slot] = k; return true }
                } else {
                    dense[owner][last].slots.append(contentsOf: repeatElement(0, count: slot - run.slots.count))
                    dense[owner][last].slots.append(k)
                    return true
                }
            }
        }
        seq &+= 1
        var slots: [UInt8] = []
        slots.reserveCapacity(max(sessionHint, 1 + Int(session.rawValue)))
        if session == .pm { slots.append(0) }
        slots.append(k)
        dense[owner].append(DenseRun(start: day.raw, file: file, recordedAt: recordedAt, seq: seq, slots: slots))
        return true
    }

    /// Every mark of one pupil id (by `markOwners` index), full rows and runs alike, in no order.
    func marks(ofOwner o: Int) -> [ImportedMark] {
        var list = marks[o]
        for run in dense[o] {
            for (i, k) in run.slots.enumerated() where k != 0 {
                list.append(ImportedMark(day: run.start + Int32(i >> 1), code: denseCodes[Int(k) - 1], minutesLate: 0,
                                         recordedAt: run.recordedAt, seq: run.seq, file: run.file, session: UInt8(i & 1)))
            }
        }
        return list
    }

    public var markCount: Int { markTotal }
}

/// The normalisations of section 9, shared by the CTF and CSV readers.
public enum ImportNormalise {
    /// `Year 5`, `Y5`, `NC Year 5`, `05`, `5` → `5`; `Reception`, `YR`, `R` → `R`; `Nursery` → `N`.
    /// Anything else is kept as written.
    public static func yearGroup(_ raw: String) -> String {
        let t = raw.trimmingSpaces
        var s = t.uppercased().replacingAll(" ", "").replacingAll(".", "").replacingAll("_", "")
        if s.isEmpty { return "" }
        if s == "RECEPTION" || s == "YR" || s == "R" || s == "YEARR" || s == "NCYEARR" { return "R" }
        if s == "NURSERY" { return "N" }
        for prefix in ["NCYEAR", "YEARGROUP", "YEAR", "YR", "NC", "Y"] where s.hasPrefix(prefix) {
            let rest = String(s.dropFirst(prefix.count))
            if !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.isNumber }) { s = rest; break }
        }
        if s.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(s) { return String(n) }
        return t
    }

    /// Booleans as `true`/`false` when they are one of the spellings of section 3.1; else verbatim
    /// (so `check` reports an `invalid-field`).
    public static func boolean(_ raw: String) -> String {
        let t = raw.trimmingSpaces
        switch t.lowercased() {
        case "true", "yes", "y", "1", "t": return "true"
        case "false", "no", "n", "0", "f": return "false"
        default: return t
        }
    }

    /// SEN provision as the DfE's `N`, `K`, `E`; spelled-out forms are recognised.
    public static func sen(_ raw: String) -> String {
        let t = raw.trimmingSpaces
        let k = t.lowercased().replacingAll(" ", "").replacingAll("-", "")
        switch k {
        case "n", "none", "nosen", "no": return "N"
        case "k", "sensupport", "support": return "K"
        case "e", "ehc", "ehcp", "ehcplan", "s", "statement": return "E"
        default: return t
        }
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Dates as MIS exports write them: ISO, `D/M/YYYY` (one- or two-digit day and month),
    /// `DD-MM-YYYY`, `D Mon YYYY` or `D Month YYYY`, optionally led by a weekday name (which must
    /// then match) and followed by a midnight time (`00:00`, `00:00:00`). nil when it is not a
    /// date or the date does not exist.
    public static func date(_ raw: String) -> Day? {
        var words = raw.trimmingSpaces.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return nil }
        if words.count > 1, let last = words.last, last.hasPrefix("00:00") || last == "0:00" { words.removeLast() }
        if words.count > 1, let last = words.last, last.hasPrefix("00:00") || last == "0:00" { words.removeLast() }
        var weekday: Int? = nil
        if words.count > 1, let w = weekdayIndex(words[0]) { weekday = w; words.removeFirst() }
        var day: Day? = nil
        if words.count == 1 {
            let w = words[0].hasSuffix("T00:00:00") ? String(words[0].dropLast(9)) : words[0]
            if let d = Day(parsing: w) { day = d }
            else {
                let parts = w.split(separator: "-", omittingEmptySubsequences: false)
                if parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
                   let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) {
                    day = Day(year: y, month: m, day: d)
                } else if parts.count == 3, parts[2].count == 4, let d = Int(parts[0]), let m = monthIndex(String(parts[1])),
                          let y = Int(parts[2]) {
                    day = Day(year: y, month: m, day: d)
                }
            }
        } else if words.count == 3, let d = Int(words[0]), let m = monthIndex(words[1]), words[2].count == 4, let y = Int(words[2]) {
            day = Day(year: y, month: m, day: d)
        }
        guard let found = day else { return nil }
        if let w = weekday, found.weekday != w { return nil }
        return found
    }

    static func weekdayIndex(_ w: String) -> Int? {
        var k = w.lowercased()
        if k.hasSuffix(",") || k.hasSuffix(".") { k.removeLast() }
        guard k.count >= 3 else { return nil }
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        if let i = weekdayNames.firstIndex(of: k) { return i }
        if let i = full.firstIndex(of: k) { return i }
        if k == "tues" { return 1 }
        if k == "thur" || k == "thurs" { return 3 }
        return nil
    }

    static func monthIndex(_ m: String) -> Int? {
        var k = m.lowercased()
        if k.hasSuffix(".") { k.removeLast() }
        if k == "sept" { return 9 }
        if let i = monthNames.firstIndex(of: k) { return i + 1 }
        let full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
        if let i = full.firstIndex(of: k) { return i + 1 }
        return nil
    }

    /// `AM`, `PM`, `Morning`, `Afternoon`, `A.M.`, `a`/`p`, case-insensitive.
    public static func session(_ raw: String) -> Session? {
        let k = raw.trimmingSpaces.lowercased().replacingAll(".", "").replacingAll(" ", "")
        switch k {
        case "am", "morning", "a", "amsession", "morningsession", "am1": return .am
        case "pm", "afternoon", "p", "pmsession", "afternoonsession", "pm1": return .pm
        default: return nil
        }
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` from a date-time as an export writes it (fractions of a second and a
    /// time zone dropped; a UK date allowed). nil when it is not one.
    public static func dateTime(_ raw: String) -> (text: String, time: LocalTime)? {
        let t = raw.trimmingSpaces
        guard let sep = t.firstIndex(where: { $0 == "T" || $0 == " " }) else { return nil }
        guard let d = date(String(t[..<sep])) else { return nil }
        var clock = String(t[t.index(after: sep)...])
        if let cut = clock.firstIndex(where: { $0 == "." || $0 == "+" || $0 == "Z" || $0 == "z" }) { clock = String(clock[..<cut]) }
        if clock.count > 8, let cut = clock.lastIndex(of: "-") { clock = String(clock[..<cut]) }
        if clock.count == 4 || clock.count == 7 { clock = "0" + clock }
        guard let c = ClockTime(parsing: clock) else { return nil }
        let text = d.iso + "T" + c.text + (clock.count == 8 ? ":" + Day.pad(c.second, 2) : "")
        return (text, LocalTime(day: d, minuteOfDay: c.minuteOfDay, second: c.second))
    }
}

extension String {
    func replacingAll(_ a: Character, _ b: String) -> String {
        guard contains(a) else { return self }
        var out = ""
        for ch in self { if ch == a { out += b } else { out.append(ch) } }
        return out
    }
}
