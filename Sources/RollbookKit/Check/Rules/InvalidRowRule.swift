/// `invalid-row` (error): a row of pupils.csv, marks.csv or contacts.csv that cannot be read:
/// a different number of fields from the header, an unterminated quote, a NUL byte (outside
/// marks.csv's `mark`, where it makes an unknown code), a date, time or number that does not
/// parse, a session other than AM/PM (ALL also allowed in contacts), or an empty required field.
/// One finding per row, with file and line; the row is skipped.
public struct InvalidRowRule: CheckRule {
    public let id = RuleID.invalidRow, severity = Severity.error
    public let summary = "A row that cannot be read; it was skipped."

    public func check(_ ctx: CheckContext) -> [Finding] {
        ctx.register.invalidRows.map {
            Finding(rule: id, severity: severity, message: "row skipped: \($0.reason)", file: $0.file, line: $0.line)
        }
    }
}

extension RuleID {
    public static let invalidRow = RuleID("invalid-row")
}
