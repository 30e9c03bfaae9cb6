/// `present-despite-parent-call` (error): an `absence` contact covers a school session on which
/// the pupil is on roll (on or before `as_of`), the effective mark is `/`, `\` or `L`, and the
/// contact was received before that session's register closed on that date, or has no
/// `received_at`. A contact received at or after the close is news the register could not
/// know, and is not flagged. One finding per pupil-session, pointing at the mark's row.
public struct PresentDespiteParentCallRule: CheckRule {
    public let id = "present-despite-parent-call"
    public let severity = Severity.error
    public let summary = "Marked present although a parent had already reported the pupil absent."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        let cal = ctx.calendar
        var out: [Finding] = []
        var seen = Set<Int>()
        ctx.absenceContactSessions { c, sess, s in
            guard let code = reg.code(pupil: c.pupil, slot: s), code.isPhysicallyPresent else { return }
            let closes = LocalTime(day: c.date, minuteOfDay: reg.config.registers.closes(sess).minuteOfDay)
            if let r = c.receivedAt, !(r < closes) { return }
            guard seen.insert(c.pupil * cal.slotCount + s).inserted else { return }
            let what = c.reason.isEmpty ? "an absence" : Escape.capped(c.reason)
            let when = c.receivedAt.map { r in r.day == c.date ? " at \(r.clock)" : " on \(r.day.iso) at \(r.clock)" } ?? ""
            out.append(finding(ctx, pupil: c.pupil, date: c.date, session: sess, mark: code.text,
                               message: "\(ctx.where_(c.pupil, c.date, sess)) marked \(code.text) but a parent reported \(what)\(when) (\(reg.config.contactsPath):\(c.line))",
                               line: reg.line(pupil: c.pupil, slot: s)))
        }
        return out
    }
}
