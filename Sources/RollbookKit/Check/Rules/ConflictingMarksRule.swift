/// `conflicting-marks` (error): one pupil-session (a school session on or before `as_of` on which
/// the pupil is on roll) has two or more marks.csv rows with different valid codes. One finding
/// per pupil-session, pointing at the first of the rows; the message names every row and the
/// effective mark (latest `recorded_at`, then the later row).
public struct ConflictingMarksRule: CheckRule {
    public let id = "conflicting-marks"
    public let severity = Severity.error
    public let summary = "Two rows give one session different codes."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        var out: [Finding] = []
        for (k, rows) in reg.multiRowSlots where Set(rows.compactMap(\.code)).count > 1 {
            let p = k / reg.slotCount, s = k % reg.slotCount
            let first = rows.min { $0.line < $1.line }!
            let list = Escape.list(rows.sorted { $0.line < $1.line }.map { "\($0.markText) (line \($0.line))" })
            let eff = reg.code(pupil: p, slot: s)?.text ?? "?"
            out.append(finding(ctx, pupil: p, date: first.date, session: first.session, mark: first.markText,
                               message: "\(ctx.where_(p, first.date, first.session)) has conflicting marks \(list); \(eff) counts",
                               line: first.line))
        }
        return out
    }
}
