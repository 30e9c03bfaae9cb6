/// `invalid-field` (warning): one of the columns `dob`, `sex`, `sen`, `fsm`, `disadvantaged`,
/// `eal`, `ethnicity`, `cla` of pupils.csv, or `review_by` of actions.csv, holds a value that does
/// not parse: a `dob` or `review_by` that is not a date (a date with a time is not a date), a
/// `sen` other than `N`, `K` or `E`, a boolean other than true/false, yes/no, y/n or 1/0 (any
/// case). (`sex` and `ethnicity` are free text and never fire.) One finding per field, with file
/// and line; the row is kept and that field is read as unknown.
public struct InvalidFieldRule: CheckRule {
    public let id = RuleID.invalidField, severity = Severity.warning
    public let summary = "A value that does not parse in an optional column; the row is kept, the field is unknown."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        return reg.invalidFields.map { f in
            let p = reg.pupilIndex[f.pupilId]
            let who = p.map { reg.pupils[$0].label } ?? "pupil_id \(Escape.quoted(f.pupilId))"
            return Finding(rule: id, severity: severity, pupilId: f.pupilId, pupil: p,
                           className: p.map { reg.pupils[$0].className },
                           message: "\(who): \(f.field) \(Escape.quoted(f.value)) is not \(f.expected); the row is kept and \(f.field) is unknown",
                           file: f.file, line: f.line)
        }
    }
}

extension RuleID {
    public static let invalidField = RuleID("invalid-field")
}
