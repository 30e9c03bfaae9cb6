/// `duplicate-pupil` (error, Rollbook's own): a pupils.csv row repeats the `pupil_id` of an
/// earlier row. The later row is ignored, so marks go to the first pupil with that id.
public struct DuplicatePupilRule: CheckRule {
    public let id = RuleID.duplicatePupil, severity = Severity.error
    public let summary = "Two rows of the roll share a pupil_id."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.register.repeatedPupilRows.map { r in
            let message = "pupil_id \(Escape.quoted(r.pupilId)) already used on line \(r.firstLine); this row is ignored"
            return Finding(rule: id, severity: severity, message: r.idWithheld ? Pseudonyms.withholdQuoted(message) : message,
                           file: r.file, line: r.line)
        }
    }
}

extension RuleID {
    public static let duplicatePupil = RuleID("duplicate-pupil")
}
