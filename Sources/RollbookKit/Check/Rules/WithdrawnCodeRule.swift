/// `withdrawn-code` (warning): a marks.csv row dated on or after 19 August 2024 uses `H`, `J`,
/// `F` or `Y`, codes the DfE withdrew then. One finding per row, whatever its date relative to
/// `as_of` and whether or not it is the session's effective mark. The mark still counts, in its
/// old category.
public struct WithdrawnCodeRule: CheckRule {
    public let id = RuleID.withdrawnCode, severity = Severity.warning
    public let summary = "A code the DfE withdrew in August 2024 (H, J, F, Y)."

    /// The date from which `H`, `J`, `F` and `Y` are withdrawn.
    public static let withdrawalDate = Day(year: 2024, month: 8, day: 19)!

    static let replacement = [
        "H": "C (leave in exceptional circumstances) or G (holiday not agreed)",
        "J": "J1 (interview)",
        "F": "G (holiday not agreed) or C",
        "Y": "Y1 to Y7 (unable to attend, by cause)",
    ]

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        let cal = ctx.calendar
        var out: [Finding] = []
        func add(pupil: Int, unknownId: String, date: Day, session: Session, mark: String, line: Int) {
            guard Self.withdrawalDate <= date else { return }
            let known = pupil >= 0
            let who = known ? reg.pupils[pupil].label : "pupil \(unknownId)"
            let use = Self.replacement[mark].map { "; use \($0)" } ?? ""
            out.append(Finding(rule: id, severity: severity,
                               pupilId: known ? reg.pupils[pupil].id : unknownId,
                               pupil: known ? pupil : nil, className: known ? reg.pupils[pupil].className : nil,
                               date: date, session: session, mark: mark,
                               message: "\(who) \(date.iso) \(session.text) marked \(mark), withdrawn from 19 August 2024\(use)",
                               file: reg.marksPath, line: line))
        }
        // Effective marks.
        var withdrawn = [Bool](repeating: false, count: 256)
        for c in AttendanceCode.all where c.isWithdrawn { withdrawn[Int(c.rawValue)] = true }
        for p in reg.pupils.indices {
            let row = reg.row(p)
            for s in reg.rollSlots[p] where withdrawn[Int(row[row.startIndex + s])] {
                let code = AttendanceCode(rawValue: row[row.startIndex + s])!
                add(pupil: p, unknownId: "", date: cal.slotDay[s], session: cal.slotSession[s], mark: code.text,
                    line: reg.line(pupil: p, slot: s)!)
            }
        }
        // Rows that are not an effective mark (any reason, any date).
        for r in reg.unplacedMarks where r.code?.isWithdrawn == true {
            add(pupil: Int(r.pupil), unknownId: r.unknownId, date: r.date, session: r.session, mark: r.markText, line: r.line)
        }
        return out
    }
}

extension RuleID {
    public static let withdrawnCode = RuleID("withdrawn-code")
}
