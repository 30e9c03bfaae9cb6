/// `unknown-pupil` (error): a marks.csv or contacts.csv row names a `pupil_id` that pupils.csv
/// lacks. One finding per row, whatever its date; `pupil_id` is the id that was not found. For a
/// contact covering both sessions, `session` is null.
public struct UnknownPupilRule: CheckRule {
    public let id = "unknown-pupil"
    public let severity = Severity.error
    public let summary = "A row names a pupil who is not on the roll (pupils.csv)."

    public init() {}

    public func check(_ ctx: CheckContext) -> [Finding] {
        let pupils = ctx.register.config.pupilsPath
        return ctx.register.unknownPupilRows.map { r in
            let what = r.markText.map { "mark \(Escape.quoted($0)) for" } ?? "contact about"
            return Finding(rule: id, severity: severity, pupilId: r.pupilId, date: r.date, session: r.session,
                           mark: r.markText,
                           message: "\(what) pupil_id \(Escape.quoted(r.pupilId)) on \(r.date.iso)\(r.session.map { " \($0.text)" } ?? ""), who is not in \(pupils)",
                           file: r.file, line: r.line)
        }
    }
}
