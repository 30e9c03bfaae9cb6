/// `duplicate-mark` (warning): one pupil-session (a school session on or before `as_of` on which
/// the pupil is on roll) has two or more marks.csv rows, all with the same valid code. One
/// finding per pupil-session, pointing at the first row. (Different codes are
/// `conflicting-marks` instead.)
public struct DuplicateMarkRule: CheckRule {
    public let id = RuleID.duplicateMark, severity = Severity.warning
    public let summary = "The same mark entered twice for one session."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.repeatedSessions(sameCode: true).map { r in
            let first = r.rows[0]
            return finding(ctx, pupil: r.pupil, date: r.date, session: r.session, mark: first.text,
                           message: "\(ctx.where_(r.pupil, r.date, r.session)) has the mark \(first.text) \(r.rows.count) times (lines \(Escape.list(r.rows.map { String($0.line) })))",
                           line: first.line)
        }
    }
}

extension RuleID {
    public static let duplicateMark = RuleID("duplicate-mark")
}
