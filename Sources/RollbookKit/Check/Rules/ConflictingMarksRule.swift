/// `conflicting-marks` (error): one pupil-session (a school session on or before `as_of` on which
/// the pupil is on roll) has two or more marks.csv rows with different valid codes. One finding
/// per pupil-session, pointing at the first of the rows; the message names every row and the
/// effective mark (latest `recorded_at`, then the later row).
public struct ConflictingMarksRule: CheckRule {
    public let id = RuleID.conflictingMarks
    public let severity = Severity.error
    public let summary = "Two rows give one session different codes."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        var out: [Finding] = []
        for (k, rows) in reg.sessionsWithSeveralRows() where Set(rows.map(\.code)).count > 1 {
            let p = k / reg.slotCount, s = k % reg.slotCount
            let d = ctx.calendar.slotDay[s], sess = ctx.calendar.slotSession[s]
            let first = rows[0]
            let list = Escape.list(rows.map { "\($0.text) (line \($0.line))" })
            let eff = reg.code(pupil: p, slot: s)?.text ?? "?"
            out.append(finding(ctx, pupil: p, date: d, session: sess, mark: first.text,
                               message: "\(ctx.where_(p, d, sess)) has conflicting marks \(list); \(eff) counts",
                               line: first.line))
        }
        return out
    }
}

extension RuleID {
    public static let conflictingMarks = RuleID("conflicting-marks")
}
