/// A check rule's id (spec section 5, e.g. `missing-mark`). Each rule file declares its own as a
/// static member (`extension RuleID { static let missingMark = ... }`), so a misspelt id does not
/// compile.
public struct RuleID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: String

    init(_ rawValue: String) { self.rawValue = rawValue }

    /// The rule with this id, if Rollbook has one.
    public init?(rawValue: String) {
        guard let rule = Checker.rule(id: rawValue) else { return nil }
        self = rule.id
    }

    public var description: String { rawValue }

    public static func < (a: RuleID, b: RuleID) -> Bool { a.rawValue < b.rawValue }
}

/// One problem in the register, for office staff to fix (spec section 5). What it points at
/// (`location`: file and line, pupil, class, date, session, mark) reads as the finding's own
/// properties: `finding.pupilId`, `finding.file`.
@dynamicMemberLookup
public struct Finding: Sendable, Hashable {
    /// What a finding points at: the row of an input file, and the pupil, class, date, session
    /// and mark it is about, each where there is one.
    public struct Location: Sendable, Hashable {
        /// The file (project-relative) and 1-based line of the row the finding is about.
        public var source: FileLocation?
        /// The pupil the finding is about (for `unknown-pupil`, the id that was not found).
        public var pupilId: String?
        /// Index into `Register.pupils` when the pupil is known.
        public var pupil: Int?
        public var className: String?
        public var date: Day?
        public var session: Session?
        /// The mark the finding is about, as written in marks.csv.
        public var mark: String?

        public var file: String? {
            get { source?.path }
            set { source = newValue.map { FileLocation(path: $0, line: source?.line) } }
        }
        public var line: Int? { source?.line }

        public init(file: String? = nil, line: Int? = nil, pupilId: String? = nil, pupil: Int? = nil,
                    className: String? = nil, date: Day? = nil, session: Session? = nil, mark: String? = nil) {
            source = file.map { FileLocation(path: $0, line: line) }
            // Values echoed from the input are capped (a 1 MB mark is not copied into every report).
            self.pupilId = pupil == nil ? pupilId.map { Escape.capped($0) } : pupilId
            self.pupil = pupil
            self.className = className.map { Escape.capped($0) }
            self.date = date
            self.session = session
            self.mark = mark.map { Escape.capped($0) }
        }
    }

    public var rule: RuleID
    public var severity: Severity
    public var location: Location
    public var message: String

    public init(rule: RuleID, severity: Severity, pupilId: String? = nil, pupil: Int? = nil, className: String? = nil,
                date: Day? = nil, session: Session? = nil, mark: String? = nil, message: String,
                file: String? = nil, line: Int? = nil) {
        self.rule = rule
        self.severity = severity
        location = Location(file: file, line: line, pupilId: pupilId, pupil: pupil, className: className,
                            date: date, session: session, mark: mark)
        self.message = message
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Location, T>) -> T { location[keyPath: keyPath] }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Location, T>) -> T {
        get { location[keyPath: keyPath] }
        set { location[keyPath: keyPath] = newValue }
    }

    /// `Data/marks.csv:812: error: [rule] message`.
    public var compilerStyle: String {
        CompilerStyle.line(location.source, severity, rule: rule.rawValue, message)
    }
}

/// A check rule: one file each under `Check/Rules/`, registered in `Checker.rules`.
public protocol CheckRule: Sendable {
    /// The rule id of spec section 5, e.g. `missing-mark`, declared in the rule's own file.
    var id: RuleID { get }
    var severity: Severity { get }
    /// One line for people: what the rule looks for and what to do about it.
    var summary: String { get }
    /// Every finding of this rule in the register.
    func check(_ context: CheckContext) -> [Finding]
}

extension CheckRule {
    /// A finding about pupil `p`'s session, with the pupil's id and class filled in.
    func finding(_ ctx: CheckContext, pupil p: Int, date: Day?, session: Session?, mark: String?,
                 message: String, file: String? = nil, line: Int? = nil) -> Finding {
        let pupil = ctx.register.pupils[p]
        return Finding(rule: id, severity: severity, pupilId: pupil.id, pupil: p, className: pupil.className,
                       date: date, session: session, mark: mark, message: message,
                       file: file ?? ctx.register.marksPath, line: line)
    }
}

/// What the rules read: the register plus lookups several rules share.
public struct CheckContext: Sendable {
    public let register: Register
    public var calendar: SchoolCalendar { register.calendar }
    /// `Amelia Jones (7B) 2025-10-03 AM`.
    public func where_(_ p: Int, _ d: Day, _ s: Session?) -> String {
        register.pupils[p].label + " \(d.iso)" + (s.map { " \($0.text)" } ?? "")
    }
    /// Contacts of each pupil, in file order.
    public let contactsByPupil: [Int: [Contact]]

    /// Class names, sorted, and the pupils of each.
    public let classNames: [String]
    public let classOfPupil: [Int32]
    /// Per class, per slot (class × slot, one byte each): 0 no pupil on roll, 1 pupils on roll
    /// but none has a valid mark, 2 at least one valid mark (the register was taken).
    let registerStates: [UInt8]
    private let slots: Int

    public init(register: Register) {
        self.register = register
        contactsByPupil = register.contactsByPupil()
        // Class names byte for byte (spec section 11): `ExactText`, not `String ==`.
        let names = Array(Set(register.pupils.map { ExactText($0.className) })).sorted()
        classNames = names.map(\.text)
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let classOf = register.pupils.map { Int32(index[ExactText($0.className)]!) }
        classOfPupil = classOf
        let n = register.slotCount
        // One flat table (class × slot) filled through pointers.
        var flat = [UInt8](repeating: 0, count: n * names.count)
        flat.withUnsafeMutableBufferPointer { state in
            register.codes.withUnsafeBufferPointer { codes in
                for p in register.pupils.indices {
                    let row = Int(classOf[p]) * n
                    let base = p * n
                    for s in register.rollSlots[p] {
                        if codes[base + s] != 0 { state[row + s] = 2 } else if state[row + s] == 0 { state[row + s] = 1 }
                    }
                }
            }
        }
        registerStates = flat
        slots = n
    }

    /// Whether pupil `p`'s class had its register taken in slot `s`.
    public func registerTaken(pupil p: Int, slot s: Int) -> Bool { registerState(class: Int(classOfPupil[p]), slot: s) == 2 }

    /// Class `c`'s register in slot `s`: 0 no pupil on roll, 1 not taken, 2 taken.
    public func registerState(class c: Int, slot s: Int) -> UInt8 { registerStates[c * slots + s] }

    /// The rules that judge effective marks ask here: every school session on or before `as_of`
    /// on which a pupil is on roll, pupil by pupil, with the raw byte of its effective mark (0: no
    /// valid mark); the findings `judge` gives.
    public func findings(onRollSessions judge: (_ pupil: Int, _ slot: Int, _ raw: UInt8) -> Finding?) -> [Finding] {
        var out: [Finding] = []
        for p in register.pupils.indices {
            let row = register.row(p)
            for s in register.rollSlots[p] {
                if let f = judge(p, s, row[row.startIndex + s]) { out.append(f) }
            }
        }
        return out
    }

    /// A pupil-session (a school session on or before `as_of`, the pupil on roll) with two or
    /// more marks.csv rows with valid codes: every row, by line.
    public struct RepeatedSession {
        public let pupil: Int
        public let slot: Int
        public let date: Day
        public let session: Session
        public let rows: [(code: AttendanceCode, text: String, line: Int)]
    }

    /// The two repeated-row rules' question: the pupil-sessions with several rows, whose rows
    /// all give one code (`sameCode`) or give different codes.
    public func repeatedSessions(sameCode: Bool) -> [RepeatedSession] {
        let n = register.slotCount
        return register.sessionsWithSeveralRows().compactMap { k, rows in
            guard (Set(rows.map(\.code)).count == 1) == sameCode else { return nil }
            let s = k % n
            return RepeatedSession(pupil: k / n, slot: s, date: calendar.slotDay[s], session: calendar.slotSession[s], rows: rows)
        }
    }

    /// A school session on or before `as_of`, with the pupil on roll, that an `absence` contact
    /// covers, and the session's effective mark.
    public struct ContactSession {
        public let contact: Contact
        public let session: Session
        public let slot: Int
        public let code: AttendanceCode
        /// The marks.csv line of the effective mark.
        public let line: Int?
    }

    /// The two contact rules' question: every pupil-session that an `absence` contact covers
    /// and whose effective mark `flags` judges wrong, once per pupil-session (the first such
    /// contact in file order); contacts in file order, AM before PM.
    public func contactSessions(flagged flags: (Contact, Session, AttendanceCode) -> Bool) -> [ContactSession] {
        var out: [ContactSession] = []
        var seen = Set<Int>()
        for c in register.contacts where c.kind == .absence {
            for sess in Session.allCases where c.covers(sess) {
                guard let s = calendar.slot(c.date, sess), register.rollSlots[c.pupil].contains(s),
                      let code = register.code(pupil: c.pupil, slot: s), flags(c, sess, code),
                      seen.insert(c.pupil * calendar.slotCount + s).inserted else { continue }
                out.append(ContactSession(contact: c, session: sess, slot: s, code: code,
                                          line: register.line(pupil: c.pupil, slot: s)))
            }
        }
        return out
    }

}
