/// Formats `rollbook returns` (spec section 6.3): one row per episode, for the local authority.
public enum ReturnsReport {
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
        for e in episodes {
            let p = reg.pupils[e.pupil]
            let texts = [e.kind.rawValue, p.id, p.upn, p.forename, p.surname, p.className, p.yearGroup]
            var cells = texts.map(field)
            cells += [p.dob?.iso ?? "", field(p.address), field(p.postcode), e.start.iso, e.reached.iso, e.end?.iso ?? "",
                      e.daysText, String(e.sessions)]
            out += cells.joined(separator: ",") + "\n"
        }
        return out
    }

    public static func json(_ reg: Register, since: Day? = nil) -> String {
        let list = episodes(reg, since: since)
        var out = "{\n  \"as_of\": \(Escape.json(reg.calendar.asOf.iso)),\n  \"episodes\": ["
        for (i, e) in list.enumerated() {
            let p = reg.pupils[e.pupil]
            let values: [String] = [
                Escape.json(e.kind.rawValue), Escape.json(p.id), Escape.json(p.upn), Escape.json(p.forename),
                Escape.json(p.surname), Escape.json(p.className), Escape.json(p.yearGroup), Escape.json(p.dob?.iso),
                Escape.json(p.address), Escape.json(p.postcode), Escape.json(e.start.iso), Escape.json(e.reached.iso),
                Escape.json(e.end?.iso), e.daysText, String(e.sessions),
            ]
            out += (i == 0 ? "\n    {" : ",\n    {")
            out += zip(columns, values).map { "\(Escape.json($0)): \($1)" }.joined(separator: ", ") + "}"
        }
        out += list.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// A CSV text field, protected against spreadsheet formulas (spec section 7): a field that
    /// starts with `=`, `+`, `-`, `@`, a tab or a carriage return and is not a number gets a
    /// leading `'`. (Kept private here until a shared function in Support/Escaping.swift lands.)
    static func field(_ s: String) -> String {
        var t = s
        if let f = t.unicodeScalars.first, f == "=" || f == "+" || f == "-" || f == "@" || f == "\t" || f == "\r",
           !isNumber(t) {
            t = "'" + t
        }
        return Escape.csv(t)
    }

    /// A decimal number as a spreadsheet reads one: optional sign, digits, optional fraction.
    static func isNumber(_ s: String) -> Bool {
        var b = Substring(s).utf8[...]
        if let f = b.first, f == UInt8(ascii: "+") || f == UInt8(ascii: "-") { b = b.dropFirst() }
        var digits = 0, dots = 0
        for c in b {
            if c >= 48 && c <= 57 { digits += 1 } else if c == UInt8(ascii: ".") { dots += 1 } else { return false }
        }
        return digits > 0 && dots <= 1
    }
}
