/// What `rollbook import` has read from a school's exports (spec section 9), before it is checked
/// against the calendar and written as `Data/pupils.csv` and `Data/marks.csv`.

/// A message about the input: `file:line: warning: message`, or `file: UPN X: warning: message`
/// for a CTF pupil (an XML file has no useful line per session).
public struct ImportNote: Sendable, Hashable, CustomStringConvertible {
    public enum Level: String, Sendable { case error, warning }
    public var level: Level
    public var file: String
    public var line: Int?
    public var upn: String?
    public var message: String

    public init(_ level: Level, file: String, line: Int? = nil, upn: String? = nil, _ message: String) {
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
        return s + ": \(level.rawValue): \(message)"
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

/// A mark, stored compactly (24 bytes): a full-year CTF of 1 500 pupils holds over half a million
/// school sessions.
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

/// Everything read so far: pupils by id, their marks, and what was dropped and why.
public struct ImportStore: Sendable {
    public private(set) var pupils: [ImportedPupil] = []
    var pupilIndex: [String: Int] = [:]
    /// Marks per pupil id (including ids that are not on the roll: `check` reports them).
    var marks: [[ImportedMark]] = []
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
    /// Marks dated outside the academic year of rollbook.yml (dropped).
    var outsideYear = 0
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

    mutating func drop(_ reason: String, _ n: Int = 1) { dropped[reason, default: 0] += n }

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
        return UInt16(truncatingIfNeeded: files.count - 1)
    }

    static let closedReason = "`#` on sessions that are not school sessions in rollbook.yml (weekends, holidays, closures)"

    mutating func addMark(pupil: String, day: Day, session: Session, code: String, minutesLate: String = "",
                          recordedAt: String = "", file: UInt16 = 0) {
        if let cal = calendar {
            if code == "#", !cal.isSchoolSession(day, session) { drop(ImportStore.closedReason); return }
            if day < cal.yearStart || cal.yearEnd < day { outsideYear += 1; return }
        }
        let owner: Int
        if let o = markOwnerIndex[pupil] { owner = o } else {
            owner = markOwners.count
            markOwnerIndex[pupil] = owner
            markOwners.append(pupil)
            marks.append([])
        }
        seq &+= 1
        marks[owner].append(ImportedMark(day: day.raw, code: internString(code), minutesLate: internString(minutesLate),
                                         recordedAt: internString(recordedAt), seq: seq, file: file, session: session.rawValue))
        marksRead += 1
    }

    public var markCount: Int { marks.reduce(0) { $0 + $1.count } }
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
