/// How serious a finding is.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// One problem in the register, for office staff to fix (spec section 5).
public struct Finding: Sendable, Hashable {
    public var rule: String
    public var severity: Severity
    /// The pupil the finding is about (for `unknown-pupil`, the id that was not found).
    public var pupilId: String?
    /// Index into `Register.pupils` when the pupil is known.
    public var pupil: Int?
    public var className: String?
    public var date: Day?
    public var session: Session?
    /// The mark the finding is about, as written in marks.csv.
    public var mark: String?
    public var message: String
    /// The file (project-relative) and 1-based line of the row the finding is about.
    public var file: String?
    public var line: Int?

    public init(rule: String, severity: Severity, pupilId: String? = nil, pupil: Int? = nil, className: String? = nil,
                date: Day? = nil, session: Session? = nil, mark: String? = nil, message: String,
                file: String? = nil, line: Int? = nil) {
        self.rule = rule
        self.severity = severity
        // Values echoed from the input are capped (a 1 MB mark is not copied into every report).
        self.pupilId = pupil == nil ? pupilId.map { Escape.capped($0) } : pupilId
        self.pupil = pupil
        self.className = className.map { Escape.capped($0) }
        self.date = date
        self.session = session
        self.mark = mark.map { Escape.capped($0) }
        self.message = message
        self.file = file
        self.line = line
    }

    /// `Data/marks.csv:812: error: [rule] message`.
    public var compilerStyle: String {
        let loc = file.map { f in line.map { "\(f):\($0)" } ?? f }
        return (loc.map { "\($0): " } ?? "") + "\(severity.rawValue): [\(rule)] \(message)"
    }
}

/// A check rule: one file each under `Check/Rules/`, registered in `Checker.rules`.
public protocol CheckRule: Sendable {
    /// The rule id of spec section 5, e.g. `missing-mark`.
    var id: String { get }
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
    /// Per class, per slot: 0 no pupil on roll, 1 pupils on roll but none has a valid mark,
    /// 2 at least one valid mark (the register was taken).
    public let registerState: [[UInt8]]

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
        var state = [[UInt8]](repeating: [UInt8](repeating: 0, count: n), count: names.count)
        register.codes.withUnsafeBufferPointer { codes in
            for p in register.pupils.indices {
                let c = Int(classOf[p])
                let base = p * n
                for s in register.rollSlots[p] {
                    if codes[base + s] != 0 { state[c][s] = 2 } else if state[c][s] == 0 { state[c][s] = 1 }
                }
            }
        }
        registerState = state
    }

    /// Whether pupil `p`'s class had its register taken in slot `s`.
    public func registerTaken(pupil p: Int, slot s: Int) -> Bool { registerState[Int(classOfPupil[p])][s] == 2 }

    /// Every school session on or before `as_of`, with the pupil on roll, that an `absence`
    /// contact covers: contacts in file order, AM before PM. The two contact rules judge these.
    public func absenceContactSessions(_ body: (Contact, Session, Int) -> Void) {
        for c in register.contacts where c.kind == .absence {
            for sess in Session.allCases where c.covers(sess) {
                guard let s = calendar.slot(c.date, sess), register.rollSlots[c.pupil].contains(s) else { continue }
                body(c, sess, s)
            }
        }
    }

}
