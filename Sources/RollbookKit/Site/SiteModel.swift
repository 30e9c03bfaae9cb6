/// Everything the site pages are made from, computed once per build.
public struct SiteModel: Sendable {
    public let register: Register
    public let findings: [Finding]
    public let stats: [PupilStats]
    public let school: GroupStats
    public let years: [GroupStats]
    public let classes: [GroupStats]
    public let weekly: WeeklyCounts
    /// The case list, in its order (`Cases.rank`).
    public let cases: [Case]
    /// File-name slug per pupil, class and year group (unique, safe).
    public let pupilSlug: [String]
    public let classSlug: [ExactText: String]
    public let yearSlug: [String: String]
    /// Pupils of each class and year, sorted by surname then forename.
    public let pupilsOfClass: [ExactText: [Int]]
    /// Pupils in A–Z order (surname, forename, then id; letter case aside).
    public let pupilsAlphabetical: [Int]
    public let pupilsOfYear: [String: [Int]]
    public let classesOfYear: [String: [ExactText]]
    public let findingsOfPupil: [Int: [Finding]]
    public let contactsOfPupil: [Int: [Contact]]
    /// The school's actions per pupil, in date order.
    public let actionsOfPupil: [Int: [Action]]
    /// Each pupil's episodes (spec section 6.3), listed or not, found once for the pupil page,
    /// the letters and the returns page.
    public let episodesOfPupil: [[Episode]]
    /// The listed episodes (of compulsory school age on the `reached` date), in returns order.
    public var listedEpisodes: [Episode] {
        Episodes.sorted(episodesOfPupil.flatMap { $0.filter(\.compulsorySchoolAge) }, register)
    }

    public var config: ProjectConfig { register.config }
    public var calendar: SchoolCalendar { register.calendar }

    public init(register reg: Register, findings: [Finding]) {
        register = reg
        self.findings = findings
        stats = Statistics.allPupils(reg)
        school = GroupStats.school(reg, stats, minPossible: reg.config.minPossible)
        years = GroupStats.byYear(reg, stats, minPossible: reg.config.minPossible)
        classes = GroupStats.byClass(reg, stats, minPossible: reg.config.minPossible)
        weekly = WeeklyCounts(reg)
        var t = SlugTable()
        pupilSlug = reg.pupils.map { t.claim($0.id) }
        var ct = SlugTable(), yt = SlugTable()
        classSlug = Dictionary(uniqueKeysWithValues: classes.map { (ExactText($0.name), ct.claim($0.name)) })
        yearSlug = Dictionary(uniqueKeysWithValues: years.map { ($0.name, yt.claim($0.name)) })
        // Each pupil's sort key made once, not at every comparison.
        let keys = reg.pupils.map { ($0.surname.lowercased(), $0.forename.lowercased(), $0.id) }
        let order = reg.pupils.indices.sorted { keys[$0] < keys[$1] }
        pupilsAlphabetical = order
        pupilsOfClass = Dictionary(grouping: order, by: { ExactText(reg.pupils[$0].className) })
        pupilsOfYear = Dictionary(grouping: order, by: { reg.pupils[$0].yearGroup })
        var cy: [String: [ExactText]] = [:]
        for c in classes {
            let ys = Set(pupilsOfClass[ExactText(c.name), default: []].map { reg.pupils[$0].yearGroup })
            for y in ys { cy[y, default: []].append(ExactText(c.name)) }
        }
        classesOfYear = cy
        findingsOfPupil = Dictionary(grouping: findings.filter { $0.pupil != nil }, by: { $0.pupil! })
        contactsOfPupil = reg.contactsByPupil()
        actionsOfPupil = reg.actionsByPupil()
        episodesOfPupil = parallelMap(reg.pupils.count) { Episodes.pupil($0, in: reg) }
        cases = Cases.rank(reg, stats: stats, findings: findings, episodes: episodesOfPupil, actions: actionsOfPupil)
    }


    public func pupilPath(_ p: Int) -> String { "pupils/\(pupilSlug[p]).html" }
    public func classPath(_ c: String) -> String { "classes/\(classSlug[ExactText(c)] ?? Slug.make(c)).html" }
    public func yearPath(_ y: String) -> String { "years/\(yearSlug[y] ?? Slug.make(y)).html" }

    /// `2025/26 to Fri 27 Mar 2026`.
    public var periodText: String {
        let y = calendar.yearStart.components.year
        return "\(y)/\(String(y + 1).suffix(2)) to \(calendar.asOf.display)"
    }
}
