/// `missing-mark` (error): a pupil on roll has no valid mark for a school session on or before
/// `as_of`, and the class's register was taken for that session (otherwise `register-not-taken`
/// covers it).
///
/// A row that was skipped (`invalid-row`) or carries an unknown code is not a valid mark, so
/// the session is also missing.
public struct MissingMarkRule: CheckRule {
    public let id = RuleID.missingMark, severity = Severity.error
    public let summary = "A pupil on roll has no mark for a session whose register was taken."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.findings(onRollSessions: { p, s, raw in
            guard raw == 0, ctx.registerTaken(pupil: p, slot: s) else { return nil }
            let d = ctx.calendar.slotDay[s], sess = ctx.calendar.slotSession[s]
            return finding(ctx, pupil: p, date: d, session: sess, mark: nil, message: "\(ctx.where_(p, d, sess)) has no mark")
        })
    }
}

extension RuleID {
    public static let missingMark = RuleID("missing-mark")
}
