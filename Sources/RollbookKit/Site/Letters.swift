/// Letters to the parents of one pupil, from Markdown templates in `Content/letters/`
/// (issue: parent campaign pages and letters). Written under `site/intranet/letters/`, never
/// under `site/parents/`.
public struct LetterTemplate: Sendable {
    /// When a letter is sent.
    public enum Trigger: String, Sendable, CaseIterable {
        case persistent, severe, penaltyThreshold = "penalty-threshold", unauthorisedRun = "unauthorised-run"
        case improvement, illness

        public var description: String {
            switch self {
            case .persistent: return "Persistently absent (10 % or more of sessions missed) but not severely."
            case .severe: return "Severely absent (50 % or more of sessions missed)."
            case .penaltyThreshold: return "10 or more unauthorised sessions within 10 school weeks: the penalty-notice threshold."
            case .unauthorisedRun: return "10 or more school days in a row of unauthorised absence."
            case .improvement: return "This term's attendance is at least 5 points higher than last term's, which was below 90 %."
            case .illness: return "15 days (30 sessions) or more of illness."
            }
        }
    }

    public var path: String
    public var slug: String
    public var title: String
    public var trigger: Trigger
    public var order: Int
    /// The Markdown body, `{{ name }}` placeholders and all.
    public var body: String { didSet { substitution = Substitution(body) } }
    /// The body split at its placeholders once, to fill it for every pupil without searching it again.
    public private(set) var substitution: Substitution

    public init(path: String, slug: String, title: String, trigger: Trigger, order: Int, body: String) {
        self.path = path
        self.slug = slug
        self.title = title
        self.trigger = trigger
        self.order = order
        self.body = body
        substitution = Substitution(body)
    }

    /// Parses a letter template; problems are `path:line:` diagnostics. `variables`: the school's
    /// page variables (`{{school.name}}`, `{{contact.phone}}` …) the letter may use besides the
    /// pupil's own placeholders.
    public static func parse(_ text: String, path: String, variables: PageVariables? = nil) throws -> LetterTemplate {
        let doc = try MarkdownDocument.parse(text, path: path)
        var problems: [Diagnostic] = []
        let title = doc.fields["title"] ?? ""
        if title.isEmpty { problems.append(doc.problem("title", "a letter needs a `title`")) }
        let t = doc.fields["trigger"] ?? ""
        let trigger = Trigger(rawValue: t)
        if trigger == nil {
            problems.append(doc.problem("trigger", "`trigger` must be one of \(Trigger.allCases.map(\.rawValue).joined(separator: ", ")), not `\(t)`"))
        }
        var order = 100
        if let o = doc.fields["order"] {
            if let n = Int(o) { order = n } else { problems.append(doc.problem("order", "`order` must be a whole number, not `\(o)`")) }
        }
        for (line, name) in LetterTemplate.placeholders(in: doc.body) where !LetterTemplate.known.contains(name) {
            if let variables, PageVariables.isVariableName(name) {
                if let p = variables.problem(name, path: path, line: doc.bodyLine + line - 1) { problems.append(p) }
                continue
            }
            problems.append(Diagnostic(path: path, line: doc.bodyLine + line - 1,
                                       "unknown placeholder {{\(name)}}; known: \(LetterTemplate.known.sorted().joined(separator: ", "))"))
        }
        problems += ContentSecurity.remoteImageProblems(doc.body, path: path, bodyLine: doc.bodyLine)
        guard problems.isEmpty, let trigger else { throw InputError(problems) }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let slug = Slug.make(file.hasSuffix(".md") ? String(file.dropLast(3)) : file)
        return LetterTemplate(path: path, slug: slug, title: title, trigger: trigger, order: order, body: doc.body)
    }

    public static let known: Set<String> = [
        "school_name", "forename", "surname", "name", "class", "year_group", "attendance_pct", "absence_pct",
        "sessions_possible", "sessions_missed", "days_missed", "unauthorised_sessions", "authorised_sessions",
        "illness_sessions", "penalty_window_sessions", "unauthorised_run_days", "from", "as_of", "term_name",
        "term_attendance_pct", "previous_term_name", "previous_term_attendance_pct",
        "period_from", "period_to", "school_contact", "school_phone", "school_email", "attendance_lead",
    ]

    /// `{{ name }}` occurrences with their line (1-based within `text`).
    static func placeholders(in text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = Substring(line)
            while let open = rest.range(of: "{{") {
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { break }
                out.append((i + 1, String(after[..<close.lowerBound]).trimmingSpaces))
                rest = after[close.upperBound...]
            }
        }
        return out
    }

    /// Escapes text so Markdown shows it literally (names with `*`, `_`, `<` …).
    static func markdownLiteral(_ s: String) -> String {
        // Most values (numbers, dates, plain names) need nothing: check the bytes first.
        if !s.utf8.contains(where: { isMarkdownPunctuation($0) || $0 == 10 || $0 == 13 }) { return s }
        var out = ""
        for c in s.unicodeScalars {
            if c.isASCII, isMarkdownPunctuation(UInt8(c.value)) { out += "\\" }
            if c == "\n" || c == "\r" { out += " "; continue }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// ASCII punctuation, which Markdown lets a backslash escape: ``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``.
    @inline(__always)
    static func isMarkdownPunctuation(_ b: UInt8) -> Bool {
        (33...47).contains(b) || (58...64).contains(b) || (91...96).contains(b) || (123...126).contains(b)
    }

    /// The body with placeholders replaced by the pupil's values (escaped for Markdown).
    public func fill(_ values: [String: String]) -> String {
        substitution.fill { values[$0] }
    }

    /// `text` with each `{{ name }}` replaced by `value(name)` escaped for Markdown (nothing when nil).
    static func substitute(_ text: String, _ value: (String) -> String?) -> String {
        Substitution(text).fill(value)
    }

    /// A text split where `{{ name }}` placeholders are: the text between them and their names.
    public struct Substitution: Sendable {
        /// The text before each placeholder, then the text after the last (one more than `names`).
        let literals: [String]
        let names: [String]

        public init(_ text: String) {
            var literals: [String] = [], names: [String] = []
            var literal = ""
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                literal += rest[..<open.lowerBound]
                let after = rest[open.upperBound...]
                guard let close = after.range(of: "}}") else { literal += "{{"; rest = after; continue }
                names.append(String(after[..<close.lowerBound]).trimmingSpaces)
                literals.append(literal)
                literal = ""
                rest = after[close.upperBound...]
            }
            literals.append(literal + rest)
            self.literals = literals
            self.names = names
        }

        /// The text with each placeholder replaced by `value(name)` escaped for Markdown (nothing when nil).
        public func fill(_ value: (String) -> String?) -> String {
            var out = literals[0]
            for (i, name) in names.enumerated() {
                out += LetterTemplate.markdownLiteral(value(name) ?? "")
                out += literals[i + 1]
            }
            return out
        }
    }
}

/// Decides which letters each pupil gets and fills them in.
public enum Letters {
    /// Term figures for the improvement trigger: the latest term begun by `as_of` and the one before.
    static func termPair(_ reg: Register) -> (current: Term, previous: Term)? {
        let begun = reg.config.terms.filter { $0.start <= reg.calendar.asOf }
        guard begun.count >= 2 else { return nil }
        return (begun[begun.count - 1], begun[begun.count - 2])
    }

    /// Steps of the letters, highest first: one letter per family per build, for the highest step
    /// that applies (issue 17): penalty threshold > unauthorised run > severe > persistent >
    /// illness > improvement.
    public static let stepOrder: [LetterTemplate.Trigger] = [.penaltyThreshold, .unauthorisedRun, .severe, .persistent, .illness, .improvement]
    static func rank(_ t: LetterTemplate.Trigger) -> Int { stepOrder.firstIndex(of: t) ?? stepOrder.count }

    /// A letter to send now: the template and the school days it refers to.
    public struct Due: Sendable {
        public var template: LetterTemplate
        public var pupil: Int
        public var from: Day
        public var to: Day
    }

    /// School days since a date (0 when it is `as_of`'s school day).
    static func schoolDaysSince(_ d: Day, _ reg: Register) -> Int { reg.calendar.schoolDaysAfter(d) }

    /// Whether a `letter` action with this template's slug is dated on or after `since`.
    static func sent(_ slug: String, since: Day, _ actions: [Action]) -> Bool {
        actions.contains { $0.action.lowercased() == "letter" && Slug.make($0.detail.trimmingSpaces) == slug && $0.date >= since }
    }

    /// The letters due for a pupil today, highest step first. None before the pupil has
    /// `thresholds: min_possible:` possible sessions (early-year guard). A run letter only while
    /// the run goes on or ended within the last 5 school days; a penalty letter only for an episode
    /// reached within the last 10 school days; each not when a `letter` action with the template's
    /// name already answered it (on or after the episode's start or reached date); persistent,
    /// severe, illness and improvement letters at most once per half term (term of `as_of`); no
    /// persistent or severe letter while a part-time timetable (C2) is still going on.
    /// `episodes` and `actions`: the pupil's, when the caller already has them (else found here).
    public static func due(_ templates: [LetterTemplate], for s: PupilStats, in reg: Register,
                           episodes known: [Episode]? = nil, actions knownActions: [Action]? = nil) -> [Due] {
        guard Thresholds.isJudged(possible: s.counts.possible, minPossible: reg.config.minPossible) else { return [] }
        let p = reg.pupils[s.pupil]
        let actions = knownActions ?? reg.actions.filter { $0.pupil == s.pupil }
        let asOf = reg.calendar.asOf
        let from = max(reg.calendar.yearStart, p.admitted ?? reg.calendar.yearStart)
        let termStart = max(reg.calendar.term(of: asOf)?.start ?? reg.calendar.yearStart, from)
        var all: [Episode] = []
        if templates.contains(where: { $0.trigger != .improvement && $0.trigger != .illness }) {
            all = known ?? Episodes.pupil(s.pupil, in: reg)
        }
        let episodes = all.filter(\.compulsorySchoolAge)
        // A part-time timetable still going on is absence the school agreed (C2): no letter
        // tells the family off for the year's absence while it lasts.
        let partTimeNow = all.contains { $0.kind == .partTime && $0.isOngoing }
        var out: [Due] = []
        for t in templates {
            switch t.trigger {
            case .unauthorisedRun:
                let runs = episodes.filter { ($0.kind == .unauthorised10 || $0.kind == .unauthorised20)
                    && ($0.end.map { schoolDaysSince($0, reg) < 5 } ?? true) && !sent(t.slug, since: $0.start, actions) }
                if let e = runs.max(by: { $0.start < $1.start }) { out.append(Due(template: t, pupil: s.pupil, from: e.start, to: e.end ?? asOf)) }
            case .penaltyThreshold:
                let reached = episodes.filter { $0.kind == .penalty && schoolDaysSince($0.reached, reg) < 10 && !sent(t.slug, since: $0.reached, actions) }
                if let e = reached.max(by: { $0.reached < $1.reached }) { out.append(Due(template: t, pupil: s.pupil, from: e.start, to: e.reached)) }
            case .persistent where partTimeNow, .severe where partTimeNow:
                continue
            default:
                if fires(t.trigger, s, in: reg), !sent(t.slug, since: termStart, actions) {
                    out.append(Due(template: t, pupil: s.pupil, from: from, to: asOf))
                }
            }
        }
        return out.sorted { (rank($0.template.trigger), $0.template.order) < (rank($1.template.trigger), $1.template.order) }
    }

    /// One letter per family (pupils sharing `family_id`; otherwise each pupil alone): the highest
    /// step due to any of its pupils, ties to the pupil first in `stats` order.
    public static func perFamily(_ templates: [LetterTemplate], stats: [PupilStats], in reg: Register,
                                 episodes: [[Episode]]? = nil, actions: [Int: [Action]]? = nil) -> [Due] {
        var best: [String: Due] = [:], order: [String] = []
        for s in stats {
            let mine = episodes?[s.pupil], done = actions.map { $0[s.pupil] ?? [] }
            guard let d = due(templates, for: s, in: reg, episodes: mine, actions: done).first else { continue }
            let f = reg.pupils[s.pupil].familyId
            let key = f.isEmpty ? "pupil\u{0}" + reg.pupils[s.pupil].id : "family\u{0}" + f
            if let b = best[key] {
                if rank(d.template.trigger) < rank(b.template.trigger) { best[key] = d }
            } else { best[key] = d; order.append(key) }
        }
        return order.map { best[$0]! }.sorted { $0.pupil < $1.pupil }
    }

    /// Whether a trigger fires for a pupil.
    public static func fires(_ t: LetterTemplate.Trigger, _ s: PupilStats, in reg: Register) -> Bool {
        switch t {
        case .persistent: return s.persistent && !s.severe
        case .severe: return s.severe
        case .penaltyThreshold: return Thresholds.reachesPenalty(windowSessions: s.penaltyWindowSessions)
        case .unauthorisedRun: return Thresholds.isUnauthorisedRun(days: s.unauthorisedRunDays)
        case .illness: return Thresholds.isLongIllness(sessions: s.counts.illness)
        case .improvement:
            guard let (cur, prev) = termPair(reg) else { return false }
            let a = Statistics.counts(s.pupil, in: reg, from: cur.start, to: min(cur.end, reg.calendar.asOf))
            let b = Statistics.counts(s.pupil, in: reg, from: prev.start, to: prev.end)
            guard let now = a.attendancePct, let before = b.attendancePct, a.possible >= 10 else { return false }
            return before < 90 && now >= before + 5
        }
    }

    /// Placeholder values for one pupil.
    public static func values(_ s: PupilStats, in reg: Register, due: Due? = nil) -> [String: String] {
        let p = reg.pupils[s.pupil], c = s.counts
        var v: [String: String] = [
            "school_name": reg.config.schoolName, "forename": p.forename, "surname": p.surname, "name": p.name,
            "class": p.className, "year_group": p.yearGroup,
            "attendance_pct": Format.fixed(c.attendancePct, 1), "absence_pct": Format.fixed(c.absencePct, 1),
            "sessions_possible": String(c.possible), "sessions_missed": String(c.absence),
            "days_missed": Format.fixed(Double(c.absence) / 2, 1), "unauthorised_sessions": String(c.unauthorised),
            "authorised_sessions": String(c.authorised), "illness_sessions": String(c.illness),
            "penalty_window_sessions": String(s.penaltyWindowSessions), "unauthorised_run_days": String(s.unauthorisedRunDays),
            "from": max(reg.calendar.yearStart, p.admitted ?? reg.calendar.yearStart).display,
            "as_of": reg.calendar.asOf.display,
            "period_from": max(reg.calendar.yearStart, p.admitted ?? reg.calendar.yearStart).display,
            "period_to": reg.calendar.asOf.display,
            "school_phone": reg.config.contact.phone ?? "", "school_email": reg.config.contact.email ?? "",
            "attendance_lead": reg.config.contact.attendanceLead ?? "",
            "school_contact": reg.config.contact.text,
        ]
        if let due {
            v["period_from"] = due.from.display
            v["period_to"] = due.to.display
        }
        if let (cur, prev) = termPair(reg) {
            v["term_name"] = cur.name
            v["previous_term_name"] = prev.name
            v["term_attendance_pct"] = Format.fixed(Statistics.counts(s.pupil, in: reg, from: cur.start, to: min(cur.end, reg.calendar.asOf)).attendancePct, 1)
            v["previous_term_attendance_pct"] = Format.fixed(Statistics.counts(s.pupil, in: reg, from: prev.start, to: prev.end).attendancePct, 1)
        } else if let t = reg.calendar.term(of: reg.calendar.asOf) {
            v["term_name"] = t.name
        }
        return v
    }
}
