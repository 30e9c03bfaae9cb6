/// `register-not-taken` (error): for a school session on or before `as_of`, at least one pupil
/// of a class is on roll and none of them has a valid mark. One finding per class and session,
/// with no pupil.
public struct RegisterNotTakenRule: CheckRule {
    public let id = RuleID.registerNotTaken, severity = Severity.error
    public let summary = "No pupil of a class has a mark for a session: the register was not taken."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let cal = ctx.calendar
        var onRoll = [[Int]](repeating: [], count: ctx.classNames.count)
        var out: [Finding] = []
        for (c, name) in ctx.classNames.enumerated() {
            for s in 0..<cal.slotCount where ctx.registerState(class: c, slot: s) == 1 {
                if onRoll[c].isEmpty {
                    onRoll[c] = [Int](repeating: 0, count: cal.slotCount)
                    for p in ctx.register.pupils.indices where Int(ctx.classOfPupil[p]) == c {
                        for k in ctx.register.rollSlots[p] { onRoll[c][k] += 1 }
                    }
                }
                let d = cal.slotDay[s], sess = cal.slotSession[s]
                let n = onRoll[c][s]
                out.append(Finding(rule: id, severity: severity, className: name, date: d, session: sess,
                                   message: "\(name) \(d.iso) \(sess.text): register not taken (none of the \(n) pupil\(n == 1 ? "" : "s") on roll has a mark)",
                                   file: ctx.register.marksPath))
            }
        }
        return out
    }
}

extension RuleID {
    public static let registerNotTaken = RuleID("register-not-taken")
}
