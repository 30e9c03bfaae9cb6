/// What the school did about a pupil (spec section 3.4, actions.csv): its casework record. Actions
/// never change statistics or the register's findings.
public struct Action: Sendable, Hashable {
    /// The actions of the contract's list; any other text is kept as the school wrote it.
    public static let known = ["call", "letter", "meeting", "plan", "contract", "notice-to-improve", "penalty-notice",
                               "referral", "early-help", "review"]

    /// Index into `Register.pupils`.
    public var pupil: Int
    public var date: Day
    /// As written (trimmed): one of `known`, or the school's own wording.
    public var action: String
    /// Free text; for `letter`, the letter template's name.
    public var detail: String
    /// nil when empty or invalid (an invalid one is an `invalid-field`).
    public var reviewBy: Day?
    public var by: String
    public var line: Int

    /// The action for people: `notice-to-improve` → `Notice to improve`; other text as written.
    public var label: String {
        guard Action.known.contains(action.lowercased()) else { return action }
        let t = action.lowercased().replacingAll("-", with: " ")
        return t.prefix(1).uppercased() + t.dropFirst()
    }

    /// Whether this is a `letter` action naming template `slug` in `detail`.
    public func isLetter(_ slug: String) -> Bool {
        action.lowercased() == "letter" && detail.lowercased() == slug.lowercased()
    }
}

extension Register {
    /// Actions by pupil, each pupil's in date order (file order within a date).
    public func actionsByPupil() -> [Int: [Action]] {
        Dictionary(grouping: actions, by: \.pupil).mapValues { $0.sorted { ($0.date, $0.line) < ($1.date, $1.line) } }
    }
}

extension ProjectLoader {
    /// Reads actions.csv: `pupil_id`, `date`, `action` required; `detail`, `review_by`, `by`
    /// optional. A row with a bad `date` or an empty required field is an `invalid-row`; a bad
    /// `review_by` an `invalid-field` (the row is kept); an unknown pupil an `unknown-pupil`.
    static func readActions(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic], headerOnly: Bool, rows: Bool = true) {
        let path = file.displayPath
        readRows(file, required: ["pupil_id", "date", "action"], optional: ["detail", "review_by", "by"],
                 problems: &problems, reg: &reg, headerOnly: headerOnly, optionalFile: true, rows: rows) { row, h, reg in
            var why = shapeProblems(row, h)
            var date: Day? = nil
            if why.isEmpty {
                date = pupilAndDate(row, h, why: &why)
                if row.isEmpty(h["action"]!) { why.append("empty action") }
            }
            guard why.isEmpty, let date else {
                reg.invalidRows.append(InvalidRow(file: path, line: row.line, reason: why.joined(separator: "; ")))
                return
            }
            let id = row.string(h["pupil_id"]!)
            var reviewBy: Day? = nil
            if let i = h["review_by"], !row.isEmpty(i) {
                reviewBy = Day(bytes: row[i])
                if reviewBy == nil {
                    reg.invalidFields.append(InvalidField(file: path, line: row.line, pupilId: id, field: "review_by",
                                                          value: row.string(i), expected: "a date (YYYY-MM-DD or DD/MM/YYYY)"))
                }
            }
            guard let p = reg.pupilIndex[id] else {
                reg.unknownPupilRows.append(UnknownPupilRow(file: path, line: row.line, pupilId: id, date: date, session: nil, markText: nil))
                return
            }
            reg.actions.append(Action(pupil: p, date: date, action: row.string(h["action"]!),
                                      detail: h["detail"].map { row.string($0) } ?? "", reviewBy: reviewBy,
                                      by: h["by"].map { row.string($0) } ?? "", line: row.line))
        }
    }
}
