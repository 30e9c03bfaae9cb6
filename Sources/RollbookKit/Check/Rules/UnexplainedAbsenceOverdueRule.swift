/// `unexplained-absence-overdue` (error): the effective mark of a school session on which the
/// pupil is on roll is `N`, and 6 or more school days lie after the session's date, up to and
/// including `as_of`. School days, not calendar days: weekends, holidays and closures do not
/// count. The DfE expects `N` to be replaced within 5 school days (by the reason, or by `O`).
public struct UnexplainedAbsenceOverdueRule: CheckRule {
    public let id = RuleID.unexplainedAbsenceOverdue, severity = Severity.error
    public let summary = "An N code left in place for more than 5 school days."

    /// School days after the session from which an `N` is overdue.
    public static let limit = 6

    public func check(_ ctx: CheckContext) -> [Finding] {
        let cal = ctx.calendar
        let n = AttendanceCode.noReason.rawValue
        // School days after each slot's date, up to as_of.
        let after = (0..<cal.slotCount).map { cal.schoolDays.count - 1 - Int(cal.slotDayIndex[$0]) }
        return ctx.findings(onRollSessions: { p, s, raw in
            guard raw == n, after[s] >= Self.limit else { return nil }
            let d = cal.slotDay[s], sess = cal.slotSession[s]
            return finding(ctx, pupil: p, date: d, session: sess, mark: "N",
                           message: "\(ctx.where_(p, d, sess)) has been N for \(after[s]) school days; record the reason, or O if none is given",
                           line: ctx.register.line(pupil: p, slot: s))
        })
    }
}

extension RuleID {
    public static let unexplainedAbsenceOverdue = RuleID("unexplained-absence-overdue")
}
