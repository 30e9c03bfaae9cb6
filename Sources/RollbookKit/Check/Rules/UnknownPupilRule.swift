/// `unknown-pupil` (error): a marks.csv, contacts.csv or actions.csv row names a `pupil_id` that pupils.csv
/// lacks. One finding per row, whatever its date; `pupil_id` is the id that was not found. For a
/// contact covering both sessions, `session` is null. When pupils.csv has a row with that id
/// that could not be read (an `invalid-row`, e.g. `left` before `admitted`), the message says
/// that the pupil's own row was skipped (spec section 11).
public struct UnknownPupilRule: CheckRule {
    public let id = RuleID.unknownPupil, severity = Severity.error
    public let summary = "A row names a pupil who is not on the roll (pupils.csv)."

    public func check(_ ctx: CheckContext) -> [Finding] {
        let reg = ctx.register
        let marks = reg.unplacedMarks.filter { $0.pupil < 0 }.map {
            UnknownPupilRow(file: reg.marksPath, line: $0.line, pupilId: $0.unknownId, date: $0.date, session: $0.session,
                            markText: $0.markText)
        }
        return (marks + reg.unknownPupilRows).map { finding(ctx, $0) }
    }

    func finding(_ ctx: CheckContext, _ r: UnknownPupilRow) -> Finding {
        let pupils = ctx.register.config.pupilsPath
        let what = r.markText.map { "mark \(Escape.quoted($0)) for" }
            ?? (r.file == ctx.register.config.actionsPath ? "action about" : "contact about")
        let why = ctx.register.skippedPupilLines[r.pupilId].map { "whose own row in \(pupils) (line \($0)) was skipped because it could not be read" }
            ?? "who is not in \(pupils)"
        return Finding(rule: id, severity: severity, pupilId: r.pupilId, date: r.date, session: r.session,
                       mark: r.markText,
                       message: "\(what) pupil_id \(Escape.quoted(r.pupilId)) on \(r.date.iso)\(r.session.map { " \($0.text)" } ?? ""), \(why)",
                       file: r.file, line: r.line)
    }
}

extension RuleID {
    public static let unknownPupil = RuleID("unknown-pupil")
}
