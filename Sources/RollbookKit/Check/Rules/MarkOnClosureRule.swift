/// `mark-on-closure` (warning): a marks.csv row for a known pupil, with a valid code other than
/// `#`, dated on or before `as_of`, on a date and session that is not a school session (a
/// weekend, a holiday, a closure, or a date outside the academic year). One finding per row.
/// `#` on a closure is how a closure should be marked, and is fine.
public struct MarkOnClosureRule: CheckRule {
    public let id = RuleID.markOnClosure, severity = Severity.warning
    public let summary = "A mark on a day or session when the school was closed."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.register.unplacedMarks.compactMap { r in
            guard r.reason == .notASchoolSession, let code = r.code, code != .closure else { return nil }
            let why = ctx.calendar.closureReason(r.date, r.session) ?? "closed"
            return finding(ctx, pupil: Int(r.pupil), date: r.date, session: r.session, mark: r.markText,
                           message: "\(ctx.where_(Int(r.pupil), r.date, r.session)) marked \(r.markText) but this is not a school session (\(why))",
                           line: r.line)
        }
    }
}

extension RuleID {
    public static let markOnClosure = RuleID("mark-on-closure")
}
