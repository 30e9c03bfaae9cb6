/// `mark-outside-enrolment` (error): a marks.csv row with a valid code for a school session on
/// or before `as_of` dated before the pupil's `admitted` date (unless the code is `Z`, prospective
/// pupil, or `#`, closure) or after their `left` date (unless `#`). One finding per row. The mark
/// does not count in the statistics.
public struct MarkOutsideEnrolmentRule: CheckRule {
    public let id = RuleID.markOutsideEnrolment, severity = Severity.error
    public let summary = "A mark for a day on which the pupil was not on roll."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        var out: [Finding] = []
        for r in reg.unplacedMarks where r.reason == .offRoll {
            guard let code = r.code else { continue }
            let p = Int(r.pupil)
            let pupil = reg.pupils[p]
            if let a = pupil.admitted, r.date < a {
                if code == .notOnRoll || code == .closure { continue }
                out.append(finding(ctx, pupil: p, date: r.date, session: r.session, mark: r.markText,
                                   message: "\(ctx.where_(p, r.date, r.session)) marked \(r.markText) before admission on \(a.iso) (use Z, or correct the admission date)",
                                   line: r.line))
            } else if let l = pupil.left, l < r.date {
                if code == .closure { continue }
                out.append(finding(ctx, pupil: p, date: r.date, session: r.session, mark: r.markText,
                                   message: "\(ctx.where_(p, r.date, r.session)) marked \(r.markText) after leaving on \(l.iso)",
                                   line: r.line))
            }
        }
        return out
    }
}

extension RuleID {
    public static let markOutsideEnrolment = RuleID("mark-outside-enrolment")
}
