/// `late-code-mismatch` (warning): on a school session on which the pupil is on roll (on or
/// before `as_of`), the effective mark is `L` and the arrival time (`am_opens`/`pm_opens` plus
/// `minutes_late`) is after that session's register closed, so it should be `U`; or it is `U`
/// and the arrival is at or before the close, so it should be `L`. Marks without
/// `minutes_late` are not judged.
public struct LateCodeMismatchRule: CheckRule {
    public let id = RuleID.lateCodeMismatch, severity = Severity.warning
    public let summary = "L after the register closed (should be U), or U before it closed (should be L)."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        let times = reg.config.registers
        let l = AttendanceCode.late.rawValue, u = AttendanceCode.lateAfterClose.rawValue
        return ctx.findings(onRollSessions: { p, s, c in
            guard c == l || c == u, let line = reg.line(pupil: p, slot: s),
                  let minutes = reg.minutesLate[UInt32(line)] else { return nil }
            let sess = ctx.calendar.slotSession[s], d = ctx.calendar.slotDay[s]
            let arrival = times.opens(sess).minuteOfDay + minutes
            let close = times.closes(sess).minuteOfDay
            let at = ClockTime(minuteOfDay: arrival % 1440).text
            if c == l, arrival > close {
                return finding(ctx, pupil: p, date: d, session: sess, mark: "L",
                               message: "\(ctx.where_(p, d, sess)) marked L but arrived at \(at) (\(minutes) minutes late), after the register closed at \(times.closes(sess).text); should be U",
                               line: line)
            }
            if c == u, arrival <= close {
                return finding(ctx, pupil: p, date: d, session: sess, mark: "U",
                               message: "\(ctx.where_(p, d, sess)) marked U but arrived at \(at) (\(minutes) minutes late), before the register closed at \(times.closes(sess).text); should be L",
                               line: line)
            }
            return nil
        })
    }
}

extension RuleID {
    public static let lateCodeMismatch = RuleID("late-code-mismatch")
}
