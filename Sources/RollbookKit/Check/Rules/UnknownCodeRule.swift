/// `unknown-code` (error): a marks.csv row's mark is not one of the codes of spec section 4
/// (codes are case-sensitive: `l` is not `L`). One finding per row, whatever its date (rows after
/// `as_of` included) and whether or not the pupil is known. The row is not a valid mark.
public struct UnknownCodeRule: CheckRule {
    public let id = RuleID.unknownCode, severity = Severity.error
    public let summary = "A mark that is not a DfE attendance code."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        return reg.unplacedMarks.filter { $0.reason == .unknownCode }.map { r in
            let known = r.pupil >= 0
            let who = known ? reg.pupils[Int(r.pupil)].label : "pupil \(Escape.quoted(r.unknownId))"
            let hint = AttendanceCode(r.markText.uppercased()).map { "; did you mean \($0.text)?" } ?? ""
            return Finding(rule: id, severity: severity,
                           pupilId: known ? reg.pupils[Int(r.pupil)].id : r.unknownId,
                           pupil: known ? Int(r.pupil) : nil, className: known ? reg.pupils[Int(r.pupil)].className : nil,
                           date: r.date, session: r.session, mark: r.markText,
                           message: "\(who) \(r.date.iso) \(r.session.text) marked \(Escape.quoted(r.markText)), which is not an attendance code\(hint)",
                           file: reg.marksPath, line: r.line)
        }
    }
}

extension RuleID {
    public static let unknownCode = RuleID("unknown-code")
}
