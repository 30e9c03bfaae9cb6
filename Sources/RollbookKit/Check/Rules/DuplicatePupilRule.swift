/// `duplicate-pupil` (error, Rollbook's own): a pupils.csv row repeats the `pupil_id` of an
/// earlier row. The later row is ignored, so marks go to the first pupil with that id.
public struct DuplicatePupilRule: CheckRule {
    public let id = "duplicate-pupil"
    public let severity = Severity.error
    public let summary = "Two rows of the roll share a pupil_id."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.register.duplicatePupilRows.map {
            Finding(rule: id, severity: severity, message: $0.reason, file: $0.file, line: $0.line)
        }
    }
}
