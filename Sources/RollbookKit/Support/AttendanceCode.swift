/// The category of an attendance code (spec section 4).
public enum CodeCategory: UInt8, Sendable, CaseIterable, Comparable {
    case present
    case approvedEducationalActivity
    case authorised
    case unauthorised
    case notRequired

    public static func < (a: CodeCategory, b: CodeCategory) -> Bool { a.rawValue < b.rawValue }

    /// Whether a session with this code counts in possible sessions.
    public var isPossible: Bool { self != .notRequired }
    /// Whether a session with this code counts as attended.
    public var isAttended: Bool { self == .present || self == .approvedEducationalActivity }

    public var label: String {
        switch self {
        case .present: return "Present"
        case .approvedEducationalActivity: return "Approved educational activity"
        case .authorised: return "Authorised absence"
        case .unauthorised: return "Unauthorised absence"
        case .notRequired: return "Not required"
        }
    }

    /// Short stable name, used as a CSS class and in machine output.
    public var slug: String {
        switch self {
        case .present: return "present"
        case .approvedEducationalActivity: return "aea"
        case .authorised: return "authorised"
        case .unauthorised: return "unauthorised"
        case .notRequired: return "not-required"
        }
    }
}

/// A DfE attendance code (England, from 19 August 2024), interned as one byte.
///
/// `rawValue` 0 is reserved for "no mark" in the register, so every real code is 1...n.
public struct AttendanceCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: UInt8

    public init?(rawValue: UInt8) {
        guard rawValue >= 1, Int(rawValue) <= AttendanceCode.table.count else { return nil }
        self.rawValue = rawValue
    }

    private init(index: Int) { rawValue = UInt8(index + 1) }

    public static func < (a: AttendanceCode, b: AttendanceCode) -> Bool { a.rawValue < b.rawValue }

    struct Entry {
        let code: String
        let category: CodeCategory
        let withdrawn: Bool
        let meaning: String
    }

    /// The code table, in the DfE's order within each category.
    static let table: [Entry] = [
        Entry(code: "/", category: .present, withdrawn: false, meaning: "Present (AM)"),
        Entry(code: "\\", category: .present, withdrawn: false, meaning: "Present (PM)"),
        Entry(code: "L", category: .present, withdrawn: false, meaning: "Late, before the register closed"),
        Entry(code: "K", category: .approvedEducationalActivity, withdrawn: false, meaning: "Education arranged by the local authority"),
        Entry(code: "V", category: .approvedEducationalActivity, withdrawn: false, meaning: "Educational visit or trip"),
        Entry(code: "P", category: .approvedEducationalActivity, withdrawn: false, meaning: "Approved sporting activity"),
        Entry(code: "W", category: .approvedEducationalActivity, withdrawn: false, meaning: "Work experience"),
        Entry(code: "B", category: .approvedEducationalActivity, withdrawn: false, meaning: "Other approved education off-site"),
        Entry(code: "C", category: .authorised, withdrawn: false, meaning: "Leave for exceptional circumstances"),
        Entry(code: "C1", category: .authorised, withdrawn: false, meaning: "Leave for a regulated performance or employment abroad"),
        Entry(code: "C2", category: .authorised, withdrawn: false, meaning: "Leave for a part-time timetable"),
        Entry(code: "M", category: .authorised, withdrawn: false, meaning: "Medical or dental appointment"),
        Entry(code: "J1", category: .authorised, withdrawn: false, meaning: "Interview"),
        Entry(code: "S", category: .authorised, withdrawn: false, meaning: "Study leave"),
        Entry(code: "T", category: .authorised, withdrawn: false, meaning: "Parent travelling for occupational purposes"),
        Entry(code: "R", category: .authorised, withdrawn: false, meaning: "Religious observance"),
        Entry(code: "I", category: .authorised, withdrawn: false, meaning: "Illness (not medical or dental appointment)"),
        Entry(code: "E", category: .authorised, withdrawn: false, meaning: "Suspended or excluded, no alternative provision"),
        Entry(code: "G", category: .unauthorised, withdrawn: false, meaning: "Holiday not granted by the school"),
        Entry(code: "N", category: .unauthorised, withdrawn: false, meaning: "Reason not yet provided"),
        Entry(code: "O", category: .unauthorised, withdrawn: false, meaning: "Absent in other or unknown circumstances"),
        Entry(code: "U", category: .unauthorised, withdrawn: false, meaning: "Arrived after the register closed"),
        Entry(code: "D", category: .notRequired, withdrawn: false, meaning: "Dual registered, at another school"),
        Entry(code: "X", category: .notRequired, withdrawn: false, meaning: "Not of compulsory school age"),
        Entry(code: "Z", category: .notRequired, withdrawn: false, meaning: "Prospective pupil not on roll"),
        Entry(code: "#", category: .notRequired, withdrawn: false, meaning: "Planned whole or partial school closure"),
        Entry(code: "Q", category: .notRequired, withdrawn: false, meaning: "Unable to attend: lack of access arrangements"),
        Entry(code: "Y1", category: .notRequired, withdrawn: false, meaning: "Unable to attend: transport not available"),
        Entry(code: "Y2", category: .notRequired, withdrawn: false, meaning: "Unable to attend: widespread transport disruption"),
        Entry(code: "Y3", category: .notRequired, withdrawn: false, meaning: "Unable to attend: part of the school closed"),
        Entry(code: "Y4", category: .notRequired, withdrawn: false, meaning: "Unable to attend: whole school closed unexpectedly"),
        Entry(code: "Y5", category: .notRequired, withdrawn: false, meaning: "Unable to attend: in criminal justice detention"),
        Entry(code: "Y6", category: .notRequired, withdrawn: false, meaning: "Unable to attend: public health guidance or law"),
        Entry(code: "Y7", category: .notRequired, withdrawn: false, meaning: "Unable to attend: other unavoidable cause"),
        Entry(code: "H", category: .authorised, withdrawn: true, meaning: "Holiday authorised by the school (withdrawn 2024)"),
        Entry(code: "J", category: .approvedEducationalActivity, withdrawn: true, meaning: "Interview (withdrawn 2024)"),
        Entry(code: "F", category: .authorised, withdrawn: true, meaning: "Extended family holiday (withdrawn 2024)"),
        Entry(code: "Y", category: .notRequired, withdrawn: true, meaning: "Enforced closure (withdrawn 2024)"),
    ]

    /// All codes, in table order.
    public static let all: [AttendanceCode] = (0..<table.count).map { AttendanceCode(index: $0) }

    /// Category per raw value (index 0 unused), for hot loops.
    static let categoryByRaw: [CodeCategory] = [.notRequired] + table.map(\.category)

    private static let byText: [String: AttendanceCode] = {
        var d: [String: AttendanceCode] = [:]
        for (i, e) in table.enumerated() { d[e.code] = AttendanceCode(index: i) }
        return d
    }()

    /// Looks up a code exactly (codes are case-sensitive).
    public init?(_ text: String) {
        guard let c = AttendanceCode.byText[text] else { return nil }
        self = c
    }

    /// Looks up a code from raw bytes without allocating (codes are one or two ASCII bytes).
    public init?(bytes b: UnsafeRawBufferPointer) {
        // A second byte of 0 would share its key with the one-byte code (`L\0` is not `L`).
        guard b.count == 1 || (b.count == 2 && b[1] != 0) else { return nil }
        let key = b.count == 1 ? Int(b[0]) : Int(b[0]) | Int(b[1]) << 8
        guard key < AttendanceCode.fastTable.count else { return nil }
        let v = AttendanceCode.fastTable[key]
        guard v != 0 else { return nil }
        rawValue = v
    }

    private static let fastTable: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 65536)
        for (i, e) in table.enumerated() {
            let u = Array(e.code.utf8)
            let key = u.count == 1 ? Int(u[0]) : Int(u[0]) | Int(u[1]) << 8
            t[key] = UInt8(i + 1)
        }
        return t
    }()

    private var entry: Entry { AttendanceCode.table[Int(rawValue) - 1] }
    public var text: String { entry.code }
    public var description: String { entry.code }
    public var category: CodeCategory { entry.category }
    public var meaning: String { entry.meaning }
    /// `H`, `J`, `F` and `Y`, withdrawn from 19 August 2024.
    public var isWithdrawn: Bool { entry.withdrawn }

    /// `G`, `N`, `O`, `U`.
    public var isUnauthorised: Bool { category == .unauthorised }
    /// `/`, `\`, `L`: the pupil was in school.
    public var isPhysicallyPresent: Bool { category == .present }

    public static let present = AttendanceCode("/")!
    public static let presentPM = AttendanceCode("\\")!
    public static let late = AttendanceCode("L")!
    public static let lateAfterClose = AttendanceCode("U")!
    public static let noReason = AttendanceCode("N")!
    public static let illness = AttendanceCode("I")!
    public static let closure = AttendanceCode("#")!
    public static let notOnRoll = AttendanceCode("Z")!
}

/// A register session.
public enum Session: UInt8, Sendable, Comparable, CaseIterable {
    case am = 0
    case pm = 1

    public static func < (a: Session, b: Session) -> Bool { a.rawValue < b.rawValue }
    public var text: String { self == .am ? "AM" : "PM" }

    /// `AM` or `PM`, case-insensitive.
    public init?(bytes b: UnsafeRawBufferPointer) {
        guard b.count == 2, b[1] | 0x20 == 109 else { return nil }  // 'm'
        switch b[0] | 0x20 {
        case 97: self = .am
        case 112: self = .pm
        default: return nil
        }
    }

    public init?(_ text: String) {
        switch text.uppercased() {
        case "AM": self = .am
        case "PM": self = .pm
        default: return nil
        }
    }
}

extension CodeCategory {
    /// The code that stands for the category in the site's key to the colours.
    public var keyCode: AttendanceCode {
        switch self {
        case .present: return AttendanceCode("/")!
        case .approvedEducationalActivity: return AttendanceCode("V")!
        case .authorised: return AttendanceCode("I")!
        case .unauthorised: return AttendanceCode("O")!
        case .notRequired: return AttendanceCode("#")!
        }
    }
}

/// What a register cell shows when it holds no code of the pupil's.
public enum NoCode: CaseIterable, Sendable {
    case missing, closed, offRoll

    /// The CSS class.
    public var slug: String {
        switch self {
        case .missing: return "missing"
        case .closed: return "closed"
        case .offRoll: return "off-roll"
        }
    }

    public var symbol: String {
        switch self {
        case .missing: return "?"
        case .closed: return "–"
        case .offRoll: return "·"
        }
    }

    public var label: String {
        switch self {
        case .missing: return "No mark"
        case .closed: return "School closed"
        case .offRoll: return "Not on roll"
        }
    }
}

/// The key to the register's colours (`partials/key`): one entry per code category, shown
/// with its `keyCode`, then the cells without a code.
public enum CodeKey {
    public static let entries: [(slug: String, symbol: String, label: String)] =
        CodeCategory.allCases.map { ($0.slug, $0.keyCode.text, $0.label) } + NoCode.allCases.map { ($0.slug, $0.symbol, $0.label) }
}
