import Yams

/// A term of the school year.
public struct Term: Sendable, Hashable {
    public var name: String
    public var start: Day
    public var end: Day
}

/// Days or sessions inside terms on which the school is closed.
public struct Closure: Sendable, Hashable {
    public var from: Day
    public var to: Day
    /// nil: both sessions.
    public var session: Session?
    public var reason: String
}

/// Register opening and closing times (local clock).
public struct RegisterTimes: Sendable, Hashable {
    public var amOpens = ClockTime(minuteOfDay: 8 * 60 + 45)
    public var amCloses = ClockTime(minuteOfDay: 9 * 60 + 15)
    public var pmOpens = ClockTime(minuteOfDay: 13 * 60 + 15)
    public var pmCloses = ClockTime(minuteOfDay: 13 * 60 + 30)

    public func opens(_ s: Session) -> ClockTime { s == .am ? amOpens : pmOpens }
    public func closes(_ s: Session) -> ClockTime { s == .am ? amCloses : pmCloses }
}

/// National figures shown beside the school's for comparison.
public struct NationalFigures: Sendable, Hashable {
    public var label: String
    public var attendancePct: Double
    public var authorisedPct: Double
    public var unauthorisedPct: Double
    public var persistentPct: Double
    public var severePct: Double
    public var source: String

    /// England, all state-funded schools, full academic year 2023/24: DfE, "Pupil absence in
    /// schools in England: 2023/24" (published March 2025): overall absence 7.1 %, authorised
    /// 4.7 %; the release's summary gives no all-schools unauthorised figure, so 2.4 % is its
    /// overall less its authorised rate (and matches "unauthorised absence increased" from 2.4 %
    /// in 2022/23, itself 7.4 % less 5.0 %).
    public static let englandDefault = NationalFigures(
        label: "England, state-funded schools, 2023/24",
        attendancePct: 92.9, authorisedPct: 4.7, unauthorisedPct: 2.4,
        persistentPct: 20.0, severePct: 2.2,
        source: "Department for Education, Pupil absence in schools in England: 2023/24 (March 2025)")
}

/// `rollbook.yml`, resolved: spec section 2.
public struct ProjectConfig: Sendable {
    public var schoolName: String
    public var urn: String?
    public var yearStart: Day
    public var yearEnd: Day
    public var asOf: Day?
    public var terms: [Term]
    public var closures: [Closure]
    public var registers: RegisterTimes
    /// Paths relative to the project folder, as shown in messages.
    public var pupilsPath: String
    public var marksPath: String
    public var contactsPath: String
    public var contactsPathIsDefault: Bool
    /// actions.csv (spec section 3.4): `Data/actions.csv` unless `data: actions:` names another.
    public var actionsPath: String = "Data/actions.csv"
    public var actionsPathIsDefault: Bool = true
    public var theme: String
    /// The line of `theme:` in the file, for messages about the theme.
    public var themeLine: Int? = nil
    public var national: NationalFigures
    /// `previous:` an earlier export of this school (a project folder, relative to this one), whose
    /// changes the intranet's Amendments page lists; nil when absent.
    public var previous: String? = nil
    /// `compare_with:` last year's project folder (relative to this one), compared with this
    /// year on the intranet's Last year page (issue 15); nil when absent.
    public var compareWith: String? = nil
    /// The line of `compare_with:` in the file, for messages about that folder.
    public var compareWithLine: Int? = nil
    /// `thresholds: min_possible:` the site, case list and letters judge no pupil persistent or
    /// severe, and send no letter, before this many possible sessions (issue 17; default 20).
    /// `rollbook stats` ignores it (spec section 6).
    public var minPossible: Int = 20
    /// The optional `contact:` block (phone, email, attendance_lead) that letters and pages carry.
    public var contact = SchoolContact()
    /// `school: phase:` primary, secondary or special (nil: inferred from the year groups).
    public var phase: String? = nil
    /// `local_authority:` the authority's own figures for the National page (nil: none given).
    public var localAuthority: LocalAuthorityFigures? = nil
    /// The file name shown in messages, normally `rollbook.yml`.
    public var path: String
    /// Problems worth telling but not stopping for (the file was not UTF-8).
    public var warnings: [Diagnostic] = []

    /// Reads and validates a configuration. Throws `InputError` listing every problem.
    public static func parse(yaml: String, path: String = "rollbook.yml") throws -> ProjectConfig {
        var problems: [Diagnostic] = []
        func fail(_ line: Int?, _ message: String) { problems.append(Diagnostic(path: path, line: line, message)) }

        let rootNode = try YAMLAliases.compose(yaml, path: path)
        guard let root = rootNode.map(YAMLNulls.dropped), let top = root.mapping else {
            throw InputError([Diagnostic(path: path, line: rootNode?.mark?.line, "expected a mapping with `school`, `year` and `terms`")])
        }

        func line(_ n: Node?) -> Int? { n?.mark?.line }
        func map(_ n: Node?, _ what: String) -> Node.Mapping? {
            guard let n else { return nil }
            guard let m = n.mapping else { fail(line(n), "`\(what)` must be a mapping"); return nil }
            return m
        }
        func str(_ n: Node?) -> String? {
            guard let n, let s = n.scalar?.string else { return nil }
            return s.trimmingSpaces
        }
        func day(_ n: Node?, _ what: String, required: Bool = true) -> Day? {
            guard let n else { if required { fail(nil, "missing `\(what)`") }; return nil }
            guard let s = str(n), let d = Day(parsing: s) else {
                fail(line(n), "`\(what)` is not a date (YYYY-MM-DD): \(n.scalar?.string ?? "not a scalar")")
                return nil
            }
            return d
        }

        let school = map(top["school"], "school")
        if top["school"] == nil { fail(line(root), "missing `school` (with `name`)") }
        let name = str(school?["name"])
        if school != nil, name?.isEmpty ?? true { fail(line(top["school"]), "missing `school.name`") }
        let urn = str(school?["urn"])
        // `school: phase:` (issue 15): the national figures the site compares with.
        var phase: String? = nil
        if let v = school?["phase"], let t = str(v), !t.isEmpty {
            if ["primary", "secondary", "special"].contains(t.lowercased()) { phase = t.lowercased() }
            else { fail(line(v), "`school.phase` must be primary, secondary or special, not `\(t)`") }
        }

        let year = map(top["year"], "year")
        if top["year"] == nil { fail(line(root), "missing `year` (with `start` and `end`)") }
        let yStart = year.flatMap { day($0["start"], "year.start") }
        let yEnd = year.flatMap { day($0["end"], "year.end") }
        if let s = yStart, let e = yEnd, e < s {
            fail(line(year?["end"]), "year.end \(e) is before year.start \(s)")
        } else if let s = yStart, let e = yEnd, e - s > 731 {
            fail(line(year?["end"]), "the academic year from \(s) to \(e) is longer than two years; give one school year")
        }
        let asOf = top["as_of"].flatMap { day($0, "as_of") }

        var terms: [Term] = []
        var termLines: [Int?] = []
        if let tn = top["terms"] {
            if let seq = tn.sequence {
                for (i, t) in seq.enumerated() {
                    guard let m = t.mapping else { fail(line(t), "term \(i + 1) must be a mapping with name, start and end"); continue }
                    let tname = str(m["name"]) ?? "Term \(i + 1)"
                    guard let s = day(m["start"], "terms[\(i)].start"), let e = day(m["end"], "terms[\(i)].end") else {
                        if m["start"] == nil || m["end"] == nil { fail(line(t), "term `\(tname)` needs both `start` and `end`") }
                        continue
                    }
                    if e < s { fail(line(m["end"]) ?? line(t), "term `\(tname)` ends (\(e)) before it starts (\(s))"); continue }
                    if let ys = yStart, let ye = yEnd, s < ys || ye < e {
                        fail(line(t), "term `\(tname)` (\(s) to \(e)) lies outside the academic year (\(ys) to \(ye))")
                        continue
                    }
                    termLines.append(line(t))
                    terms.append(Term(name: tname, start: s, end: e))
                }
                // Any order (spec section 11), but no two terms may share a day.
                let order = terms.indices.sorted { (terms[$0].start, $0) < (terms[$1].start, $1) }
                for (a, b) in zip(order, order.dropFirst()) where terms[b].start <= terms[a].end {
                    let (x, y) = (terms[a], terms[b])
                    fail(termLines[max(a, b)], "term `\(terms[max(a, b)].name)` overlaps term `\(terms[min(a, b)].name)` (\(x.start) to \(x.end) and \(y.start) to \(y.end))")
                }
                terms = order.map { terms[$0] }
            } else {
                fail(line(tn), "`terms` must be a list of { name, start, end }")
            }
        } else {
            fail(line(root), "missing `terms`: the school calendar needs at least one term")
        }

        var closures: [Closure] = []
        if let cn = top["closures"], !(cn.scalar?.string.isEmpty ?? false) || cn.scalar == nil {
            if let seq = cn.sequence {
                for (i, c) in seq.enumerated() {
                    guard let m = c.mapping else { fail(line(c), "closure \(i + 1) must be a mapping"); continue }
                    let reason = str(m["reason"]) ?? "Closed"
                    var from: Day?, to: Day?
                    if m["date"] != nil {
                        from = day(m["date"], "closures[\(i)].date"); to = from
                    } else if m["from"] != nil || m["to"] != nil {
                        from = day(m["from"], "closures[\(i)].from"); to = day(m["to"], "closures[\(i)].to")
                    } else {
                        fail(line(c), "closure needs `date`, or `from` and `to`")
                        continue
                    }
                    var session: Session? = nil
                    if let sn = m["session"], let s = str(sn), !s.isEmpty, s.uppercased() != "ALL" {
                        guard let ss = Session(s) else { fail(line(sn), "closure session must be AM, PM or ALL, not `\(s)`"); continue }
                        session = ss
                    }
                    guard let f = from, let t = to else { continue }
                    if t < f { fail(line(c), "closure ends (\(t)) before it starts (\(f))"); continue }
                    closures.append(Closure(from: f, to: t, session: session, reason: reason))
                }
            } else {
                fail(line(cn), "`closures` must be a list")
            }
        }

        var registers = RegisterTimes()
        if let r = map(top["registers"], "registers") {
            func clock(_ key: String, _ keyPath: WritableKeyPath<RegisterTimes, ClockTime>) {
                guard let n = r[key] else { return }
                guard let s = str(n), let c = ClockTime(parsing: s) ?? ClockTime(parsing: "0" + s) else {
                    fail(line(n), "`registers.\(key)` is not a time (HH:MM): \(n.scalar?.string ?? "")")
                    return
                }
                registers[keyPath: keyPath] = c
            }
            clock("am_opens", \.amOpens); clock("am_closes", \.amCloses)
            clock("pm_opens", \.pmOpens); clock("pm_closes", \.pmCloses)
            if registers.amCloses.minuteOfDay < registers.amOpens.minuteOfDay { fail(line(top["registers"]), "the AM register closes before it opens") }
            if registers.pmCloses.minuteOfDay < registers.pmOpens.minuteOfDay { fail(line(top["registers"]), "the PM register closes before it opens") }
        }

        var pupils = "Data/pupils.csv", marks = "Data/marks.csv", contacts = "Data/contacts.csv"
        var contactsDefault = true
        var actions = "Data/actions.csv"
        if let d = map(top["data"], "data") {
            if let p = str(d["pupils"]), !p.isEmpty { pupils = p }
            if let p = str(d["marks"]), !p.isEmpty { marks = p }
            if let p = str(d["contacts"]), !p.isEmpty { contacts = p; contactsDefault = false }
            if let p = str(d["actions"]), !p.isEmpty { actions = p }
        }

        var national = NationalFigures.englandDefault
        if let n = map(top["national"], "national") {
            func num(_ key: String, _ kp: WritableKeyPath<NationalFigures, Double>) {
                guard let v = n[key] else { return }
                guard let s = str(v), let d = Double(s), d >= 0, d <= 100 else { fail(line(v), "`national.\(key)` must be a percentage"); return }
                national[keyPath: kp] = d
            }
            num("attendance_pct", \.attendancePct); num("authorised_pct", \.authorisedPct)
            num("unauthorised_pct", \.unauthorisedPct); num("persistent_pct", \.persistentPct)
            num("severe_pct", \.severePct)
            if let l = str(n["label"]) { national.label = l }
            if let s = str(n["source"]) { national.source = s }
        }

        var minPossible = 20
        if let t = map(top["thresholds"], "thresholds"), let v = t["min_possible"] {
            if let s = str(v), let n = Int(s), n >= 0 { minPossible = n }
            else { fail(line(v), "`thresholds.min_possible` must be a whole number of sessions (0 or more), not `\(v.scalar?.string ?? "not a scalar")`") }
        }

        let contact = SchoolContact.parse(node: top["contact"], path: path, problems: &problems)

        let theme = str(top["theme"]) ?? "default"
        if theme.isEmpty || theme.contains("/") || theme.hasPrefix(".") {
            fail(line(top["theme"]), "`theme` must be a folder name under Themes/, not `\(theme)`")
        }

        let previous = str(top["previous"]).flatMap { ["", "~", "null", "Null", "NULL"].contains($0) ? nil : $0 }
        if let n = top["previous"], n.scalar == nil { fail(line(n), "`previous` must be a folder path (an earlier export of this school)") }

        let compareWith = str(top["compare_with"]).flatMap { $0.isEmpty ? nil : $0 }
        if let n = top["compare_with"], n.scalar == nil { fail(line(n), "`compare_with` must be a folder path (last year's Rollbook project)") }

        var localAuthority: LocalAuthorityFigures? = nil
        if let n = top["local_authority"] {
            let (la, laProblems) = LocalAuthorityFigures.parse(n, path: path)
            problems += laProblems
            localAuthority = la
        }
        guard problems.isEmpty, let ys = yStart, let ye = yEnd, let n = name else {
            throw InputError(problems)
        }
        if terms.isEmpty { throw InputError([Diagnostic(path: path, line: line(top["terms"]), "no usable term: the school calendar is empty")]) }
        var config = ProjectConfig(
            schoolName: n, urn: urn, yearStart: ys, yearEnd: ye, asOf: asOf, terms: terms,
            closures: closures, registers: registers, pupilsPath: pupils, marksPath: marks,
            contactsPath: contacts, contactsPathIsDefault: contactsDefault, theme: theme,
            themeLine: line(top["theme"]), national: national, path: path)
        config.actionsPath = actions
        config.actionsPathIsDefault = actions == "Data/actions.csv"
        config.previous = previous
        config.compareWith = compareWith
        config.compareWithLine = line(top["compare_with"])
        config.minPossible = minPossible
        config.contact = contact
        config.phase = phase
        config.localAuthority = localAuthority
        return config
    }

    /// `lineOffset`: the line of the file before the YAML's first line (front matter starts on 2).
    static func diagnostic(from e: YamlError, path: String, lineOffset: Int = 0) -> Diagnostic {
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            // libyaml's context ("while parsing a flow mapping") often starts lines earlier than
            // the problem: say where, since that is usually where the mistake is.
            var message = "malformed YAML: \(problem.trimmingSpaces)"
            if let c = context {
                message += c.mark.line == mark.line ? " (\(c.text))" : " (\(c.text) that starts on line \(c.mark.line + lineOffset))"
            }
            return Diagnostic(path: path, line: mark.line + lineOffset, message)
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(path: path, line: context.mark.line + lineOffset, "duplicate key in mapping: \(duplicates.joined(separator: ", "))")
        case let .reader(problem, _, _, _):
            return Diagnostic(path: path, "cannot read YAML: \(problem)")
        default:
            return Diagnostic(path: path, "malformed YAML: \(e)")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    package var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s.removeLast() }
        return String(s)
    }
}
