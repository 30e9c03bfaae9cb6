/// `missing-mark` (error): a pupil on roll has no valid mark for a school session on or before
/// `as_of`, and the class's register was taken for that session (otherwise `register-not-taken`
/// covers it).
///
/// A row that was skipped (`invalid-row`) or carries an unknown code is not a valid mark, so
/// the session is also missing.
public struct MissingMarkRule: CheckRule {
    public let id = RuleID.missingMark
    public let severity = Severity.error
    public let summary = "A pupil on roll has no mark for a session whose register was taken."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        let cal = ctx.calendar
        var out: [Finding] = []
        for p in reg.pupils.indices {
            let row = reg.row(p)
            for s in reg.rollSlots[p] where row[row.startIndex + s] == 0 && ctx.registerTaken(pupil: p, slot: s) {
                let d = cal.slotDay[s], sess = cal.slotSession[s]
                out.append(finding(ctx, pupil: p, date: d, session: sess, mark: nil,
                                   message: "\(ctx.where_(p, d, sess)) has no mark"))
            }
        }
        return out
    }
}

extension RuleID {
    public static let missingMark = RuleID("missing-mark")
}
