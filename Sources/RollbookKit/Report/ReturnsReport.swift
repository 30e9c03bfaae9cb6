/// Formats `rollbook returns` (spec section 6.3): one row per episode, for the local authority.
public enum ReturnsReport {
    /// `rollbook returns --format`.
    public enum Format: String, CaseIterable, Sendable { case csv, json }

    public static let columns = ["kind", "pupil_id", "upn", "forename", "surname", "class", "year_group", "dob",
                                 "address", "postcode", "start", "reached", "end", "days", "sessions"]

    /// The episodes `rollbook returns` lists: of compulsory school age on the `reached` date,
    /// sorted; with `since`, those reached on or after it and those still going on.
    public static func episodes(_ reg: Register, since: Day? = nil) -> [Episode] {
        let all = Episodes.all(reg)
        guard let since else { return all }
        return all.filter { $0.reached >= since || $0.isOngoing }
    }

    public static func csv(_ reg: Register, since: Day? = nil) -> String {
        csv(reg, episodes: episodes(reg, since: since))
    }

    /// The CSV text for these episodes (also written to the intranet as `returns.csv`).
    public static func csv(_ reg: Register, episodes: [Episode]) -> String {
        var out = columns.joined(separator: ",") + "\n"
        for e in episodes { out += csvCells(reg, e).joined(separator: ",") + "\n" }
        return out
    }

    /// One episode's CSV cells, in the order of `columns`.
    static func csvCells(_ reg: Register, _ e: Episode) -> [String] {
        let p = reg.pupils[e.pupil]
        let texts = [e.kind.rawValue, p.id, p.upn, p.forename, p.surname, p.className, p.yearGroup]
        return texts.map(field) + [p.dob?.iso ?? "", field(p.address), field(p.postcode), e.start.iso, e.reached.iso,
                                   e.end?.iso ?? "", e.daysText, String(e.sessions)]
    }

    /// One episode's JSON values, in the order of `columns`.
    static func jsonValues(_ reg: Register, _ e: Episode) -> [String] {
        let p = reg.pupils[e.pupil]
        return [
            Escape.json(e.kind.rawValue), Escape.json(p.id), Escape.json(p.upn), Escape.json(p.forename),
            Escape.json(p.surname), Escape.json(p.className), Escape.json(p.yearGroup), Escape.json(p.dob?.iso),
            Escape.json(p.address), Escape.json(p.postcode), Escape.json(e.start.iso), Escape.json(e.reached.iso),
            Escape.json(e.end?.iso), e.daysText, String(e.sessions),
        ]
    }

    public static func json(_ reg: Register, since: Day? = nil) -> String {
        let list = episodes(reg, since: since)
        var out = "{\n  \"as_of\": \(Escape.json(reg.calendar.asOf.iso)),\n  \"episodes\": ["
        for (i, e) in list.enumerated() {
            out += (i == 0 ? "\n    {" : ",\n    {")
            out += zip(columns, jsonValues(reg, e)).map { "\(Escape.json($0)): \($1)" }.joined(separator: ", ") + "}"
        }
        out += list.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// A CSV text field, protected against spreadsheet formulas (spec section 7).
    static func field(_ s: String) -> String { Escape.csvCell(s) }
}
