/// `reason-known-still-n` (warning): an `absence` contact covers a school session on which the
/// pupil is on roll (on or before `as_of`) and the effective mark is still `N` (reason not yet
/// provided). The office should replace `N` with the code for the reason given. One finding
/// per pupil-session, pointing at the mark's row.
public struct ReasonKnownStillNRule: CheckRule {
    public let id = "reason-known-still-n"
    public let severity = Severity.warning
    public let summary = "Still marked N although a parent has given a reason."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        let cal = ctx.calendar
        var out: [Finding] = []
        var seen = Set<Int>()
        ctx.absenceContactSessions { c, sess, s in
            guard reg.code(pupil: c.pupil, slot: s) == .noReason, seen.insert(c.pupil * cal.slotCount + s).inserted else { return }
            let reason = c.reason.isEmpty ? "" : ": \(Escape.capped(c.reason))"
            out.append(finding(ctx, pupil: c.pupil, date: c.date, session: sess, mark: "N",
                               message: "\(ctx.where_(c.pupil, c.date, sess)) is still N although a parent gave a reason\(reason) (\(reg.config.contactsPath):\(c.line)); replace N with the code for that reason",
                               line: reg.line(pupil: c.pupil, slot: s)))
        }
        return out
    }
}
