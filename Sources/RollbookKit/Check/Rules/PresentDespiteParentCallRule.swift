/// `present-despite-parent-call` (error): an `absence` contact covers a school session on which
/// the pupil is on roll (on or before `as_of`), the effective mark is `/`, `\` or `L`, and the
/// contact was received before that session's register closed on that date, or has no
/// `received_at`. A contact received at or after the close is news the register could not
/// know, and is not flagged. One finding per pupil-session, pointing at the mark's row.
public struct PresentDespiteParentCallRule: CheckRule {
    public let id = RuleID.presentDespiteParentCall, severity = Severity.error
    public let summary = "Marked present although a parent had already reported the pupil absent."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let registers = ctx.register.config.registers
        return ctx.contactSessions { c, sess, code in
            // Received at or after the close: news the register could not know.
            code.isPhysicallyPresent && (c.receivedAt.map { $0 < LocalTime(day: c.date, minuteOfDay: registers.closes(sess).minuteOfDay) } ?? true)
        }.map { x in
            let c = x.contact
            let what = c.reason.isEmpty ? "an absence" : Escape.capped(c.reason)
            let when = c.receivedAt.map { r in r.day == c.date ? " at \(r.clock)" : " on \(r.day.iso) at \(r.clock)" } ?? ""
            return finding(ctx, pupil: c.pupil, date: c.date, session: x.session, mark: x.code.text,
                           message: "\(ctx.where_(c.pupil, c.date, x.session)) marked \(x.code.text) but a parent reported \(what)\(when) (\(ctx.register.config.contactsPath):\(c.line))",
                           line: x.line)
        }
    }
}

extension RuleID {
    public static let presentDespiteParentCall = RuleID("present-despite-parent-call")
}
