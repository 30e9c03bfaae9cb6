/// `duplicate-mark` (warning): one pupil-session (a school session on or before `as_of` on which
/// the pupil is on roll) has two or more marks.csv rows, all with the same valid code. One
/// finding per pupil-session, pointing at the first row. (Different codes are
/// `conflicting-marks` instead.)
public struct DuplicateMarkRule: CheckRule {
    public let id = RuleID.duplicateMark
    public let severity = Severity.warning
    public let summary = "The same mark entered twice for one session."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        var out: [Finding] = []
        for (k, rows) in reg.sessionsWithSeveralRows() where Set(rows.map(\.code)).count == 1 {
            let p = k / reg.slotCount, s = k % reg.slotCount
            let d = ctx.calendar.slotDay[s], sess = ctx.calendar.slotSession[s]
            let first = rows[0]
            out.append(finding(ctx, pupil: p, date: d, session: sess, mark: first.text,
                               message: "\(ctx.where_(p, d, sess)) has the mark \(first.text) \(rows.count) times (lines \(Escape.list(rows.map { String($0.line) })))",
                               line: first.line))
        }
        return out
    }
}

extension RuleID {
    public static let duplicateMark = RuleID("duplicate-mark")
}
