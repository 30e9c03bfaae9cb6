import RollbookKit

// Compact fixtures for the check rules' tests: a rule's passing and failing examples differ in a
// mark or two, so CSV rows are written one string each, several to a line.

/// The text of a CSV file from its lines, the header first: `csvLines("pupil_id,…", "P1,…")`.
func csvLines(_ lines: String...) -> String { lines.joined(separator: "\n") }

/// The text of a CSV file from its header and a list of rows.
func csvLines(_ header: String, _ rows: [String]) -> String { ([header] + rows).joined(separator: "\n") }

/// marks.csv text: the header `pupil_id,date,session,mark` and these rows.
func marksCSV(_ rows: String...) -> String { csvLines(TestSchool.marksHeader, rows) }

/// marks.csv rows marking each pupil present for both sessions of `date` (`/` AM, `\` PM).
func presentAllDay(_ pupils: [String], on date: String) -> [String] {
    pupils.flatMap { ["\($0),\(date),AM,/", "\($0),\(date),PM,\\"] }
}

/// marks.csv text giving each pupil their mark for both sessions of every weekday from `from`
/// to `to` inclusive (`markRows`), pupil by pupil.
func everyWeekday(_ marks: [(pupil: String, mark: String)], from: String, to: String) -> String {
    csv(TestSchool.marksHeader, marks.map { markRows($0.pupil, $0.mark, from: from, to: to) }.joined(separator: "\n"))
}
