/// The school's own values that campaign pages and letters may use in their Markdown as
/// `{{name}}` (issue 16): `{{school.name}}`, `{{contact.phone}}`, `{{registers.am_closes}}`,
/// `{{terms.1.start}}` … Values are escaped for Markdown, so they always show as plain text.
///
/// A name that is not a variable is a `path:line:` error; so is a variable whose value
/// rollbook.yml does not give (e.g. `{{contact.phone}}` without `contact: phone:`).
public struct PageVariables: Sendable {
    /// Name → text, for the values this school has.
    public private(set) var values: [String: String] = [:]
    /// Names that exist but have no value here, with what to add to rollbook.yml.
    public private(set) var unset: [String: String] = [:]

    /// `contact`: the school's details, by default those of `config` (its `contact:` block).
    public init(config: ProjectConfig, contact: SchoolContact? = nil) {
        let contact = contact ?? config.contact
        values["school.name"] = config.schoolName
        if let urn = config.urn, !urn.isEmpty { values["school.urn"] = urn } else { unset["school.urn"] = "`school: urn:`" }
        for (key, value) in zip(SchoolContact.keys, [contact.phone, contact.email, contact.attendanceLead]) {
            if let value { values["contact." + key] = value } else { unset["contact." + key] = "`contact: \(key):`" }
        }
        let r = config.registers
        values["registers.am_opens"] = PageVariables.clock(r.amOpens)
        values["registers.am_closes"] = PageVariables.clock(r.amCloses)
        values["registers.pm_opens"] = PageVariables.clock(r.pmOpens)
        values["registers.pm_closes"] = PageVariables.clock(r.pmCloses)
        values["year.start"] = PageVariables.date(config.yearStart)
        values["year.end"] = PageVariables.date(config.yearEnd)
        for (i, t) in config.terms.enumerated() {
            for prefix in ["terms.\(i + 1)", "terms." + PageVariables.key(t.name)] {
                values[prefix + ".name"] = t.name
                values[prefix + ".start"] = PageVariables.date(t.start)
                values[prefix + ".end"] = PageVariables.date(t.end)
            }
        }
    }

    /// A term's name as a variable key: lower case, runs of other characters as one `-`
    /// (`Autumn 1` → `autumn-1`).
    static func key(_ name: String) -> String {
        var out = ""
        for c in name.lowercased().unicodeScalars {
            if (c.isASCII && (("a"..."z").contains(c) || ("0"..."9").contains(c))) { out.unicodeScalars.append(c) }
            else if !out.isEmpty, out.last != "-" { out += "-" }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// A time as parents read it: `8:45am`, `1:30pm`.
    static func clock(_ t: ClockTime) -> String {
        let h = t.minuteOfDay / 60, m = t.minuteOfDay % 60
        let h12 = h % 12 == 0 ? 12 : h % 12
        return "\(h12):" + Day.pad(m, 2) + (h < 12 ? "am" : "pm")
    }

    /// A date in full: `Wednesday 3 September 2025`.
    static func date(_ d: Day) -> String {
        let c = d.components
        return "\(Day.weekdayNames[d.weekday]) \(c.day) \(Day.monthNames[c.month - 1]) \(c.year)"
    }

    /// Whether `name` has the form of a page variable (a dotted name such as `school.name`);
    /// letters' own per-pupil placeholders (`forename`, `attendance_pct`) have no dot.
    static func isVariableName(_ name: String) -> Bool { name.contains(".") }

    /// The problem with `{{name}}` on `line` of `path`, or nil when it has a value.
    public func problem(_ name: String, path: String, line: Int) -> Diagnostic? {
        if values[name] != nil { return nil }
        if let needs = unset[name] {
            return Diagnostic(path: path, line: line, "{{\(name)}} has no value: add \(needs) to rollbook.yml")
        }
        return Diagnostic(path: path, line: line, "unknown variable {{\(name)}}; known: \(knownSummary)")
    }

    /// The names for a message: the terms once, as a pattern.
    public var knownSummary: String {
        let terms = values.keys.filter { $0.hasPrefix("terms.") && $0.hasSuffix(".name") && $0.split(separator: ".")[1].allSatisfy(\.isNumber) }.count
        var names = knownNames.filter { !$0.hasPrefix("terms.") }
        if terms > 0 {
            names.append("terms.N.name, terms.N.start, terms.N.end (N = 1\(terms > 1 ? " to \(terms)" : ""), or the term's name such as terms.autumn-1.start)")
        }
        return names.joined(separator: ", ")
    }

    /// Every variable name, in a stable order for messages (terms by number only).
    public var knownNames: [String] {
        (Set(values.keys).union(unset.keys)).filter { !$0.hasPrefix("terms.") || $0.split(separator: ".")[1].allSatisfy(\.isNumber) }
            .sorted { (PageVariables.rank($0), $0) < (PageVariables.rank($1), $1) }
    }

    static func rank(_ name: String) -> Int {
        ["school.", "contact.", "registers.", "year.", "terms."].firstIndex { name.hasPrefix($0) } ?? 9
    }

    /// `text` (a Markdown body starting on line `firstLine` of `path`) with every `{{name}}`
    /// replaced by its value, escaped for Markdown. Throws every unknown or unset name.
    public func apply(to text: String, path: String, firstLine: Int) throws -> String {
        var problems: [Diagnostic] = []
        for (line, name) in LetterTemplate.placeholders(in: text) {
            if let p = problem(name, path: path, line: firstLine + line - 1) { problems.append(p) }
        }
        if !problems.isEmpty { throw InputError(problems) }
        return LetterTemplate.substitute(text) { values[$0] }
    }
}
