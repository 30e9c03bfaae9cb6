/// `reason-known-still-n` (warning): an `absence` contact covers a school session on which the
/// pupil is on roll (on or before `as_of`) and the effective mark is still `N` (reason not yet
/// provided). The office should replace `N` with the code for the reason given. One finding
/// per pupil-session, pointing at the mark's row.
public struct ReasonKnownStillNRule: CheckRule {
    public let id = RuleID.reasonKnownStillN, severity = Severity.warning
    public let summary = "Still marked N although a parent has given a reason."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.contactSessions { _, _, code in code == .noReason }.map { x in
            let c = x.contact
            let reason = c.reason.isEmpty ? "" : ": \(Escape.capped(c.reason))"
            return finding(ctx, pupil: c.pupil, date: c.date, session: x.session, mark: "N",
                           message: "\(ctx.where_(c.pupil, c.date, x.session)) is still N although a parent gave a reason\(reason) (\(ctx.register.config.contactsPath):\(c.line)); replace N with the code for that reason",
                           line: x.line)
        }
    }
}

extension RuleID {
    public static let reasonKnownStillN = RuleID("reason-known-still-n")
}
