/// `rollbook returns` on a trust folder (spec sections 6.3 and 10): each school's episodes, found
/// by the single-school code on its own calendar, with `school` as the first column. Schools
/// come in `trust.yml` order, each school's episodes sorted as spec 6.3 says (by `reached`, then
/// `kind`, then `pupil_id`); pupil ids are the school's own, so two schools may share one.
extension TrustReports {
    /// One school's episodes, formatted in the worker that read the school (so that no school's
    /// register is kept once it is done).
    public struct SchoolReturns: Sendable {
        /// CSV lines (without the newline) or JSON objects, `school` first.
        public var rows: [String]
    }

    public static func returns(_ s: TrustSchool, _ reg: Register, since: Day?, format: ReturnsReport.Format) -> SchoolReturns {
        let episodes = ReturnsReport.episodes(reg, since: since)
        switch format {
        case .csv:
            let school = Escape.csvCell(s.name)
            return SchoolReturns(rows: episodes.map { ([school] + ReturnsReport.csvCells(reg, $0)).joined(separator: ",") })
        case .json:
            let school = Escape.json(s.name)
            return SchoolReturns(rows: episodes.map { e in
                "{\"school\": \(school), " + zip(ReturnsReport.columns, ReturnsReport.jsonValues(reg, e))
                    .map { "\(Escape.json($0)): \($1)" }.joined(separator: ", ") + "}"
            })
        }
    }

    public static func returnsCSV(_ outcomes: [SchoolOutcome<SchoolReturns>]) -> String {
        var out = (["school"] + ReturnsReport.columns).joined(separator: ",") + "\n"
        for o in outcomes { for r in o.result?.rows ?? [] { out += r + "\n" } }
        return out
    }

    /// `{"as_of": shared or null, "trust": ..., "schools": [...], "episodes": [...]}`.
    public static func returnsJSON(_ trust: OpenTrust, _ outcomes: [SchoolOutcome<SchoolReturns>]) -> String {
        var out = "{\n  \"as_of\": \(Escape.json(outcomes.sharedAsOf()?.iso)),\n"
        out += "  \"trust\": \(Escape.json(trust.config.name)),\n"
        out += schoolsJSON(outcomes) { r in ", \"episodes\": \(r.rows.count)" }
        out += "  \"episodes\": ["
        var first = true
        for o in outcomes {
            for r in o.result?.rows ?? [] {
                out += (first ? "\n    " : ",\n    ") + r
                first = false
            }
        }
        out += first ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}
