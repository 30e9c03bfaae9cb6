/// `conflicting-marks` (error): one pupil-session (a school session on or before `as_of` on which
/// the pupil is on roll) has two or more marks.csv rows with different valid codes. One finding
/// per pupil-session, pointing at the first of the rows; the message names every row and the
/// effective mark (latest `recorded_at`, then the later row).
public struct ConflictingMarksRule: CheckRule {
    public let id = RuleID.conflictingMarks, severity = Severity.error
    public let summary = "Two rows give one session different codes."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.repeatedSessions(sameCode: false).map { r in
            let list = Escape.list(r.rows.map { "\($0.text) (line \($0.line))" })
            let eff = ctx.register.code(pupil: r.pupil, slot: r.slot)?.text ?? "?"
            return finding(ctx, pupil: r.pupil, date: r.date, session: r.session, mark: r.rows[0].text,
                           message: "\(ctx.where_(r.pupil, r.date, r.session)) has conflicting marks \(list); \(eff) counts",
                           line: r.rows[0].line)
        }
    }
}

extension RuleID {
    public static let conflictingMarks = RuleID("conflicting-marks")
}
