#if canImport(Glibc)
import Glibc
#endif

/// Reads a school project folder (spec sections 1 to 3) into a `Register`.
public enum ProjectLoader {
    /// Loads `rollbook.yml` from `directory`.
    public static func loadConfig(directory: String) throws -> ProjectConfig {
        let path = directory + "/rollbook.yml"
        guard let bytes = readFileBytes(path) else {
            throw InputError([Diagnostic(path: "rollbook.yml", "not found in `\(directory)` (is this a school project folder?)")])
        }
        var w: [String] = []
        let text = String(decoding: TextDecoding.utf8(from: bytes, warnings: &w), as: UTF8.self)
        var config = try ProjectConfig.parse(yaml: text)
        config.warnings = w.map { Diagnostic(.warning, path: config.path, $0) }
        return config
    }

    /// The date the report covers to: the flag, else `as_of` in the config, else the earlier of
    /// today and `year.end`.
    public static func resolveAsOf(_ flag: Day?, config: ProjectConfig, today: Day = Day.today) -> Day {
        flag ?? config.asOf ?? min(today, config.yearEnd)
    }

    /// Loads a whole project. Throws `InputError` (every problem, not just the first) when the
    /// input cannot be read at all; row-level problems become `invalidRows` instead. `config` is
    /// the project's rollbook.yml when the caller has read it already (each command reads it once).
    public static func load(directory: String, config known: ProjectConfig? = nil, asOf flag: Day? = nil, today: Day = Day.today,
                            keepRecordedAt: Bool = false, extent: Extent = .all) throws -> Register {
        let config = try known ?? loadConfig(directory: directory)
        let asOf = resolveAsOf(flag, config: config, today: today)
        func file(_ rel: String) -> CSVFile? {
            let full = rel.hasPrefix("/") ? rel : directory + "/" + rel
            return CSVFile(displayPath: rel, path: full)
        }
        var problems: [Diagnostic] = []
        let pupils = file(config.pupilsPath)
        let marks = file(config.marksPath)
        var contacts = file(config.contactsPath)
        // A path named under `data:` is shown as such: the mistake may be in rollbook.yml.
        func named(_ key: String, _ path: String, _ standard: String) -> String {
            path == standard ? "" : "; named under `data.\(key)` in \(config.path)"
        }
        if pupils == nil {
            problems.append(Diagnostic(path: config.pupilsPath, "file not found (the roll: pupil_id, forename, surname, class, year_group\(named("pupils", config.pupilsPath, "Data/pupils.csv")))"))
        }
        if marks == nil {
            problems.append(Diagnostic(path: config.marksPath, "file not found (register marks: pupil_id, date, session, mark\(named("marks", config.marksPath, "Data/marks.csv")))"))
        }
        if contacts == nil, !config.contactsPathIsDefault {
            problems.append(Diagnostic(path: config.contactsPath, "file not found (named under `data.contacts` in rollbook.yml)"))
        }
        if contacts == nil { contacts = nil }
        let actions = file(config.actionsPath)
        if actions == nil, !config.actionsPathIsDefault {
            problems.append(Diagnostic(path: config.actionsPath, "file not found (named under `data.actions` in \(config.path))"))
        }
        return try load(config: config, asOf: asOf, pupils: pupils, marks: marks, contacts: contacts, actions: actions, problems: problems,
                        keepRecordedAt: keepRecordedAt, extent: extent)
    }

    /// What a command needs of the project's files.
    public enum Extent: Sendable {
        /// Everything.
        case all
        /// The roll and the marks: contacts.csv and actions.csv are still decoded and their
        /// headers checked (every error and warning about them is the same), but their rows
        /// are not kept (`rollbook stats` uses neither).
        case rollAndMarks
    }

    /// Loads from CSV sources (files or memory). `problems` carries earlier file-level errors.
    public static func load(config: ProjectConfig, asOf: Day, pupils: CSVFile?, marks: CSVFile?, contacts: CSVFile?,
                            actions: CSVFile? = nil, problems initial: [Diagnostic] = [], keepRecordedAt: Bool = false,
                            extent: Extent = .all) throws -> Register {
        var problems = initial
        var reg = Register(config: config, calendar: SchoolCalendar(config: config, asOf: asOf))
        reg.keepsRecordedAt = keepRecordedAt
        reg.warnings += config.warnings
        if let pupils { readPupils(pupils, into: &reg, problems: &problems) }
        // Headers of the other files are checked even if the roll failed, to list every problem.
        let rollOK = problems.isEmpty
        if let marks { readMarks(marks, into: &reg, problems: &problems, headerOnly: !rollOK) }
        let rows = extent == .all
        if let contacts { readContacts(contacts, into: &reg, problems: &problems, headerOnly: !rollOK, rows: rows) }
        if let actions { readActions(actions, into: &reg, problems: &problems, headerOnly: !rollOK, rows: rows) }
        guard problems.isEmpty else { throw InputError(problems) }
        return reg
    }
}

extension Day {
    /// Today's date on this machine's clock (local time).
    public static var today: Day {
        var t = time(nil)
        var tmv = tm()
        localtime_r(&t, &tmv)
        return Day(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday))!
    }
}
