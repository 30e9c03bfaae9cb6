import RollbookKit

// Compact fixtures for the check rules' tests: a rule's passing and failing examples differ in a
// mark or two, so the rows are written one to a string, several to a line.

/// marks.csv text: the header and one row per string, written `pupil date session mark`
/// (`"P1 2025-09-01 AM /"`); a fifth word is `recorded_at`, and adds that column.
func marksFile(_ rows: String...) -> String {
    let split = rows.map { $0.split(separator: " ").map(String.init) }
    let recorded = split.contains { $0.count > 4 }
    let header = TestSchool.marksHeader + (recorded ? ",recorded_at" : "")
    return csv(header, split.map { r in (r + (recorded && r.count == 4 ? [""] : [])).joined(separator: ",") }.joined(separator: "\n"))
}

/// Rows marking each pupil present for both sessions of `date` (`/` AM, `\` PM).
func presentAllDay(_ pupils: [String], on date: String) -> [String] {
    pupils.flatMap { ["\($0) \(date) AM /", "\($0) \(date) PM \\"] }
}

/// marks.csv text from rows built by the helpers above.
func marksFile(_ rows: [String]) -> String {
    csv(TestSchool.marksHeader, rows.map { $0.split(separator: " ").joined(separator: ",") }.joined(separator: "\n"))
}
