#if canImport(Glibc)
import Glibc
#endif

/// This year against the last (issue 15, item 4): the school, each year group, each class and
/// each group of pupils (spec section 6.2), this year's reporting period against the same span
/// of last year's project (`compare_with:` in rollbook.yml).
///
/// **Like with like.** Both spans start at their own `year.start`. This year's runs to `as_of`;
/// last year's runs to the same point last year: the same day and month one year earlier (29
/// February becomes 28 February): the usual "same point last year" of year-to-date attendance
/// figures, which keeps the calendar's season (a year to 27 March against last year's to 27
/// March, whatever the Easter dates). When this year is complete
/// (`as_of` on or after the end of its last term), last year's full year is used instead. Last
/// year's span never goes past its own `year.end` or its own `as_of` (its year end unless its
/// rollbook.yml says otherwise); when that cuts it short, `notes` say so, and a full-year figure
/// set against a part-year one is always named as such.
///
/// **Whole cohorts.** Each year counts every pupil on roll in its span, as that year's register
/// has them (pupils who left or joined are in the year they were on roll), not only pupils on
/// roll in both years. Year groups and groups of pupils are matched by their value, classes by
/// their name as written (byte for byte): a class with no namesake last year has no figure.
public struct YearComparison: Sendable {
    /// One year's span: dates (inclusive), school sessions in it and whether it is a full year.
    public struct Span: Sendable, Hashable {
        public var from: Day
        public var to: Day
        public var sessions: Int
        public var fullYear: Bool
        /// "2025/26", from the year's start.
        public var yearName: String
    }

    /// One row of a level: this year's figures and last year's (nil: no such group that year).
    public struct Row: Sendable {
        public var name: String
        public var this: GroupStats?
        public var last: GroupStats?
        /// Each side hidden because the group had fewer than 5 pupils (or was hidden with one that had).
        public var thisSuppressed = false
        public var lastSuppressed = false

        /// Attendance this year minus last year, in points; nil when either side is missing,
        /// hidden or has no possible session.
        public var change: Double? {
            guard !thisSuppressed, !lastSuppressed, let a = this?.counts.attendancePct, let b = last?.counts.attendancePct else { return nil }
            return a - b
        }
    }

    public let this: Span
    public let last: Span
    /// Sentences the page must show beside the figures (shorter spans, part-year against full year).
    public let notes: [String]
    public let thisRegister: Register
    public let thisStats: [PupilStats]
    public let lastRegister: Register
    public let lastStats: [PupilStats]
    /// The site's early-year guard (`thresholds: min_possible:` of this year's project).
    public let minPossible: Int

    /// The end of a year's last term (its `year.end` without terms).
    static func lastTermEnd(_ c: ProjectConfig) -> Day { c.terms.map(\.end).max() ?? c.yearEnd }

    static func yearName(_ start: Day) -> String {
        let y = start.components.year
        return "\(y)/" + Day.pad((y + 1) % 100, 2)
    }

    /// The same day and month one year earlier (29 February → 28 February).
    public static func sameDateLastYear(_ d: Day) -> Day {
        let c = d.components
        return Day(year: c.year - 1, month: c.month, day: c.day) ?? Day(year: c.year - 1, month: c.month, day: 28)!
    }

    /// The last day of last year's span, and the notes that go with it. `lastAsOf` is last
    /// year's own as_of (its data runs no further).
    public static func lastSpanEnd(thisConfig: ProjectConfig, thisAsOf: Day, lastConfig: ProjectConfig, lastAsOf: Day)
        -> (end: Day, notes: [String]) {
        let thisFull = thisAsOf >= lastTermEnd(thisConfig)
        let wanted = thisFull ? lastConfig.yearEnd : min(sameDateLastYear(thisAsOf), lastConfig.yearEnd)
        var notes: [String] = []
        var end = wanted
        if lastAsOf < wanted {
            end = lastAsOf
            notes.append("Last year's project runs only to \(lastAsOf.display) (its as_of), so last year's figures stop there, "
                         + "short of \(thisFull ? "its year end" : "the same point last year (\(wanted.display))").")
        }
        return (end, notes)
    }

    /// Compares `thisRegister` (read to this year's as_of, with `thisStats` over its reporting
    /// period) with `lastRegister`, which must already be read up to the end of its span
    /// (`lastSpanEnd`); `notes` come from there.
    public init(this thisRegister: Register, stats thisStats: [PupilStats], last lastRegister: Register, notes: [String] = []) {
        self.thisRegister = thisRegister
        self.thisStats = thisStats
        self.lastRegister = lastRegister
        self.lastStats = Statistics.allPupils(lastRegister)
        self.minPossible = thisRegister.config.minPossible
        let tc = thisRegister.calendar, lc = lastRegister.calendar
        this = Span(from: tc.yearStart, to: tc.asOf, sessions: tc.slotCount, fullYear: tc.asOf >= YearComparison.lastTermEnd(thisRegister.config),
                    yearName: YearComparison.yearName(tc.yearStart))
        last = Span(from: lc.yearStart, to: lc.asOf, sessions: lc.slotCount, fullYear: lc.asOf >= YearComparison.lastTermEnd(lastRegister.config),
                    yearName: YearComparison.yearName(lc.yearStart))
        var n = notes
        if this.fullYear && !last.fullYear {
            n.append("This year's figures cover the full year; last year's cover only part of it (\(last.from.display) to \(last.to.display)).")
        } else if !this.fullYear && last.fullYear {
            n.append("This year's figures cover the year to date only; last year's cover its full year.")
        }
        self.notes = n
    }

    func group(_ reg: Register, _ stats: [PupilStats], name: String, _ include: (Pupil) -> Bool) -> GroupStats? {
        var g = GroupStats(name: name)
        for s in stats where include(reg.pupils[s.pupil]) { g.add(s, minPossible: minPossible) }
        return g.pupils == 0 ? nil : g
    }

    /// The whole school each year (every pupil on roll in the span).
    public var school: Row {
        Row(name: thisRegister.config.schoolName,
            this: group(thisRegister, thisStats, name: "this") { _ in true } ?? GroupStats(name: "this"),
            last: group(lastRegister, lastStats, name: "last") { _ in true } ?? GroupStats(name: "last"))
    }

    /// Pupils on roll in both spans, matched by `pupil_id`.
    public var pupilsInBoth: Int {
        let lastIDs = Set(lastStats.map { ExactText(lastRegister.pupils[$0.pupil].id) })
        return thisStats.filter { lastIDs.contains(ExactText(thisRegister.pupils[$0.pupil].id)) }.count
    }

    /// Year groups of either year, in school order, matched by name.
    public var years: [Row] {
        let names = Set(thisStats.map { thisRegister.pupils[$0.pupil].yearGroup } + lastStats.map { lastRegister.pupils[$0.pupil].yearGroup })
        return names.sorted(by: GroupStats.yearOrder).map { y in
            Row(name: y, this: group(thisRegister, thisStats, name: y) { $0.yearGroup == y },
                last: group(lastRegister, lastStats, name: y) { $0.yearGroup == y })
        }
    }

    /// This year's classes, each with last year's class of the same name (nil: none).
    public var classes: [Row] {
        let this = GroupStats.byClass(thisRegister, thisStats, minPossible: minPossible)
        let last = Dictionary(GroupStats.byClass(lastRegister, lastStats, minPossible: minPossible).map { (ExactText($0.name), $0) }) { a, _ in a }
        return this.map { Row(name: $0.name, this: $0, last: last[ExactText($0.name)]) }
    }

    /// Last year's classes with no class of the same name this year.
    public var classesGone: [String] {
        let now = Set(thisStats.map { ExactText(thisRegister.pupils[$0.pupil].className) })
        return GroupStats.byClass(lastRegister, lastStats).map(\.name).filter { !now.contains(ExactText($0)) }
    }

    /// The groups of one characteristic (values of either year, sorted as `stats --by` sorts
    /// them); each year's side is suppressed as the Groups page suppresses it (fewer than 5
    /// pupils, and one more when a single group is hidden).
    public func groups(_ g: Grouping) -> [Row] {
        let a = GroupInsight(thisRegister, thisStats, g, minPossible: minPossible)
        let b = GroupInsight(lastRegister, lastStats, g, minPossible: minPossible)
        let thisRows = Dictionary(a.rows.map { ($0.value, $0) }) { x, _ in x }
        let lastRows = Dictionary(b.rows.map { ($0.value, $0) }) { x, _ in x }
        let values = Set(thisRows.keys).union(lastRows.keys).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        return values.map { v in
            Row(name: v, this: thisRows[v]?.stats, last: lastRows[v]?.stats,
                thisSuppressed: thisRows[v]?.suppressed ?? false, lastSuppressed: lastRows[v]?.suppressed ?? false)
        }
    }
}

/// What a build made of `compare_with:`: the comparison, or why there is none.
public enum YearComparisonOutcome: Sendable {
    case compared(YearComparison, folder: String)
    /// The folder as written, and the problem (also given to the build as a warning).
    case unavailable(folder: String, reason: String)

    /// Reads last year's project named by `compare_with:` (its rollbook.yml read already) with
    /// its own calendar, up to the end of the span that matches this year's
    /// (`YearComparison.lastSpanEnd`). Never throws: a folder that cannot be read, or a year
    /// that does not come before this one, gives `.unavailable` and a warning.
    public static func load(_ project: LinkedProjects.Project, register: Register, stats: [PupilStats], today: Day)
        -> (outcome: YearComparisonOutcome, warnings: [Diagnostic]) {
        let config = register.config
        let folder = project.folder, dir = project.directory
        func unavailable(_ reason: String, _ details: [Diagnostic] = []) -> (outcome: YearComparisonOutcome, warnings: [Diagnostic]) {
            let head = Diagnostic(.warning, path: config.path, line: config.compareWithLine,
                                  "`compare_with: \(folder)`: \(reason); the Last year page shows no comparison")
            let rest = details.map { d -> Diagnostic in
                var d = d
                d.level = .warning
                d.path = folder + "/" + d.path
                d.message += " (in last year's project, named by `compare_with:`)"
                return d
            }
            return (.unavailable(folder: folder, reason: reason), [head] + rest)
        }
        var st = stat()
        guard stat(dir, &st) == 0 else { return unavailable("no such folder (\(dir))") }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return unavailable("it is a file, not a project folder") }
        let lastConfig: ProjectConfig
        do { lastConfig = try project.config.get() } catch let e as InputError {
            return unavailable("its rollbook.yml cannot be read", e.diagnostics)
        } catch { return unavailable("its rollbook.yml cannot be read (\(error))") }
        guard lastConfig.yearStart < config.yearStart else {
            return unavailable("its academic year (\(lastConfig.yearStart.iso) to \(lastConfig.yearEnd.iso)) does not come before this one (\(config.yearStart.iso) to \(config.yearEnd.iso))")
        }
        let lastAsOf = ProjectLoader.resolveAsOf(nil, config: lastConfig, today: today)
        let (end, notes) = YearComparison.lastSpanEnd(thisConfig: config, thisAsOf: register.calendar.asOf, lastConfig: lastConfig, lastAsOf: lastAsOf)
        do {
            let last = try ProjectLoader.load(directory: dir, config: lastConfig, asOf: end, today: today)
            return (.compared(YearComparison(this: register, stats: stats, last: last, notes: notes), folder: folder), [])
        } catch let e as InputError {
            return unavailable("its register cannot be read", e.diagnostics)
        } catch {
            return unavailable("its register cannot be read (\(error))")
        }
    }
}
