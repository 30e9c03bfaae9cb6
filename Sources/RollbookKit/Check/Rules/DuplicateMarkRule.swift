/// `duplicate-mark` (warning): one pupil-session (a school session on or before `as_of` on which
/// the pupil is on roll) has two or more marks.csv rows, all with the same valid code. One
/// finding per pupil-session, pointing at the first row. (Different codes are
/// `conflicting-marks` instead.)
public struct DuplicateMarkRule: CheckRule {
    public let id = "duplicate-mark"
    public let severity = Severity.warning
    public let summary = "The same mark entered twice for one session."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        var out: [Finding] = []
        for (k, rows) in reg.multiRowSlots where Set(rows.compactMap(\.code)).count == 1 {
            let p = k / reg.slotCount
            let sorted = rows.sorted { $0.line < $1.line }
            let first = sorted[0]
            out.append(finding(ctx, pupil: p, date: first.date, session: first.session, mark: first.markText,
                               message: "\(ctx.where_(p, first.date, first.session)) has the mark \(first.markText) \(rows.count) times (lines \(Escape.list(sorted.map { String($0.line) })))",
                               line: first.line))
        }
        return out
    }
}
