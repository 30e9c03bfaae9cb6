#if canImport(Glibc)
import Glibc
#endif

/// A small, fast, seedable random number generator (SplitMix64): the same seed gives the same
/// school on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
}

/// Writes a realistic synthetic school (spec section 1 layout): good attenders, persistent and
/// severe absentees, joiners and leavers, parent calls, closures; and every kind of register
/// error injected at a known rate, so that `check` has something true to find.
public struct SampleSchool {
    public var pupils: Int
    public var seed: UInt64
    public var from: Day?
    public var to: Day?
    /// The school's name (default: one of a few, chosen by the seed).
    public var name: String? = nil
    /// Which of three calendars (half-terms and register times differ): 0, 1 or 2.
    public var variant = 0

    public init(pupils: Int, seed: UInt64, from: Day? = nil, to: Day? = nil) {
        self.pupils = pupils
        self.seed = seed
        self.from = from
        self.to = to
    }

    static var forenames: [String] { Names.forenames }
    static var surnames: [String] { Names.surnames }

    /// The calendar used for a sample year starting in September of `year`.
    public static func calendarYAML(schoolName: String, startYear y: Int, from: Day?, asOf: Day, variant: Int = 0) -> String {
        let sep1 = Day(year: y, month: 9, day: 1)!
        let base = sep1.weekday <= 2 ? sep1.monday : sep1.monday.adding(days: 7)
        func wk(_ w: Int, _ day: Int) -> Day { base.adding(days: w * 7 + day) }
        let start = from ?? sep1
        let v = min(2, max(0, variant))
        let end = wk(46, 2)
        let terms: [(String, Day, Day)] = [
            ("Autumn 1", wk(0, 2), wk(7 - v, 4)), ("Autumn 2", wk(9 - v, 0), wk(15, 4)),
            ("Spring 1", wk(18, 0), wk(23 - v, 4)), ("Spring 2", wk(25 - v, 0), wk(29, 4)),
            ("Summer 1", wk(32, 0), wk(37, 4)), ("Summer 2", wk(39, 0), wk(46, 2)),
        ]
        var s = """
        # Rollbook project: a synthetic school written by `rollbook sample`. No real pupil appears here.
        school:
          name: \(schoolName)
          urn: "100\(String(y).suffix(3))"
        year:
          start: \(start.iso)
          end: \(end.iso)
        as_of: \(asOf.iso)
        terms:

        """
        for t in terms { s += "  - { name: \(t.0), start: \(t.1.iso), end: \(t.2.iso) }\n" }
        s += """
        closures:
          - { date: \(wk(5, 4).iso), reason: INSET day }
          - { from: \(wk(12, 1).iso), to: \(wk(12, 2).iso), reason: Heating failure }
          - { date: \(wk(18, 0).iso), reason: INSET day }
          - { date: \(wk(27, 3).iso), session: PM, reason: Parents' evening }
          - { date: \(wk(35, 0).iso), reason: Early May bank holiday }
        registers:
          am_opens: "\(["08:45", "08:40", "08:50"][v])"
          am_closes: "\(["09:15", "09:00", "09:20"][v])"
          pm_opens: "\(["13:15", "13:00", "13:20"][v])"
          pm_closes: "\(["13:30", "13:10", "13:35"][v])"
        contact:
          phone: 01632 960000
          email: attendance@school.example
          attendance_lead: Mrs Ruth Patel

        """
        return s
    }

    /// Counts of what was written, for tests and the command's summary.
    public struct Summary: Sendable {
        public var pupils = 0
        public var marks = 0
        public var contacts = 0
        public var actions = 0
        public var injected: [String: Int] = [:]
    }

    /// Refuses a folder that already holds a project or any other file: a sample never
    /// overwrites anything (a school's only copy of its register may be there).
    public static func checkTarget(_ dir: String) throws {
        var st = stat()
        guard stat(dir, &st) == 0 else { return }
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw InputError([Diagnostic(path: dir, "refusing to write a sample school: it is a file, not a folder")])
        }
        if stat(dir + "/rollbook.yml", &st) == 0 {
            throw InputError([Diagnostic(path: dir, "refusing to write a sample school: this folder already holds a Rollbook project (rollbook.yml); choose a new or empty folder")])
        }
        if !OutputFolder.isEmptyFolder(dir) {
            throw InputError([Diagnostic(path: dir, "refusing to write a sample school: the folder is not empty; choose a new or empty folder")])
        }
    }

    /// Writes `rollbook.yml` and `Data/*.csv` under `dir`, which must be missing or empty.
    @discardableResult
    public func write(to dir: String) throws -> Summary {
        try SampleSchool.checkTarget(dir)
        var rng = SplitMix64(seed: seed)
        let startYear: Int = {
            let c = (from ?? Day(year: 2025, month: 9, day: 1)!).components
            return c.month >= 8 ? c.year : c.year - 1
        }()
        let yamlProbe = SampleSchool.calendarYAML(schoolName: "Probe", startYear: startYear, from: from, asOf: Day(raw: 0))
        let probe = try ProjectConfig.parse(yaml: yamlProbe)
        let asOf = to ?? probe.yearEnd
        let picked = rng.pick(["Oakfield Academy", "Riverside School", "St Anne's CE School", "Northgate Community School"])
        let yaml = SampleSchool.calendarYAML(schoolName: name ?? picked, startYear: startYear, from: from, asOf: asOf, variant: variant)
        let config = try ProjectConfig.parse(yaml: yaml)
        let cal = SchoolCalendar(config: config, asOf: asOf)
        try makeDirectory(dir)
        try makeDirectory(dir + "/Data")
        try writeFile(dir + "/rollbook.yml", yaml)

        var summary = Summary()
        func inject(_ rule: String) { summary.injected[rule, default: 0] += 1 }

        // The roll: years 7 to 11, classes of up to 28.
        struct P { var id: String; var cls: String; var year: Int; var admitted: Day?; var left: Day?; var rate: Double; var name: String }
        var roll: [P] = []
        let perYear = max(1, (pupils + 4) / 5)
        let classesPerYear = max(1, (perYear + 27) / 28)
        let idWidth = max(4, String(pupils).count + 1)
        for i in 0..<pupils {
            let year = 7 + min(4, i / perYear)
            let k = (i % perYear) % classesPerYear
            let cls = "\(year)\(Character(Unicode.Scalar(UInt8(65 + k % 26))))" + (k >= 26 ? "\(k / 26)" : "")
            let r = rng.unit()
            // Absence rate: most pupils attend well; some are persistently or severely absent.
            let rate: Double = r < 0.55 ? rng.unit() * 0.04 : r < 0.80 ? 0.04 + rng.unit() * 0.06
                : r < 0.95 ? 0.10 + rng.unit() * 0.20 : r < 0.99 ? 0.30 + rng.unit() * 0.25 : 0.55 + rng.unit() * 0.35
            var admitted: Day? = nil, left: Day? = nil
            if cal.slotCount > 40, rng.chance(0.04) { admitted = cal.slotDay[rng.int(10...(cal.slotCount - 20))] }
            else if cal.slotCount > 40, rng.chance(0.03) { left = cal.slotDay[rng.int(20...(cal.slotCount - 10))] }
            let id = "P" + Day.pad(i + 1, idWidth)
            roll.append(P(id: id, cls: cls, year: year, admitted: admitted, left: left, rate: rate,
                          name: rng.pick(SampleSchool.forenames) + "\u{1}" + rng.pick(SampleSchool.surnames)))
        }

        var pupilsCSV = "pupil_id,upn,forename,surname,class,year_group,admitted,left,dob,sex,sen,fsm,disadvantaged,eal,ethnicity,cla,address,postcode,family_id\n"
        // Characteristics come from their own generator, so the register is the same with or without them.
        var crng = SplitMix64(seed: seed ^ 0x5EED_C4A2)
        let ethnicities = ["WBRI", "WBRI", "WBRI", "WOTH", "WIRI", "APKN", "AIND", "ABAN", "BAFR", "BCRB", "CHNE", "MWBC", "MOTH", "OOTH", "REFU"]
        let streets = ["High Street", "Church Lane", "Station Road", "Mill Road", "Park Avenue", "Victoria Road", "Green Lane", "Orchard Close"]
        for (i, p) in roll.enumerated() {
            let parts = p.name.split(separator: "\u{1}")
            let upn = "A" + Day.pad(Int(rng.next() % 1_000_000_000_000), 12)
            // Born in the school year that puts them in their year group (September to August).
            let dob = Day(year: startYear - p.year - 5, month: 9, day: 1)!.adding(days: crng.int(0...364))
            let fsm = crng.chance(0.25)
            let family = i > 0 && i % 23 == 0 ? "F\(i - 1)" : "F\(i)"
            let house = crng.int(1...180)
            if i == 11 { inject("invalid-field") }
            let fields: [String] = [p.id, upn, String(parts[0]), String(parts[1]), p.cls, String(p.year),
                                    p.admitted?.iso ?? "", p.left?.iso ?? "", i == 11 ? "unknown" : dob.iso, crng.pick(["F", "M"]),
                                    crng.chance(0.13) ? "K" : crng.chance(0.03) ? "E" : "N", fsm ? "Y" : "N",
                                    fsm || crng.chance(0.08) ? "Y" : "N", crng.chance(0.18) ? "Y" : "N", crng.pick(ethnicities),
                                    crng.chance(0.01) ? "Y" : "N", "\(house) \(crng.pick(streets)), Oakfield",
                                    "OK\(crng.int(1...9)) \(crng.int(1...9))\(crng.pick(["AB", "DE", "FG", "HJ", "LN", "PQ"]))", family]
            pupilsCSV += fields.map { Escape.csv($0) }.joined(separator: ",") + "\n"
        }
        try writeFile(dir + "/Data/pupils.csv", pupilsCSV)
        summary.pupils = roll.count

        // Registers not taken: a few class-sessions with no marks at all.
        var untaken = Set<Int>()
        let classes = Array(Set(roll.map(\.cls))).sorted()
        if cal.slotCount > 10 {
            for _ in 0..<max(1, classes.count / 8) {
                let c = rng.int(0...(classes.count - 1)), s = rng.int(0...(cal.slotCount - 1))
                if untaken.insert(c * cal.slotCount + s).inserted { inject("register-not-taken") }
            }
        }
        let classIndex = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })

        let marksOut = try FileIO.Writer(path: dir + "/Data/marks.csv", flushAt: 1 << 22)
        marksOut.write("pupil_id,date,session,mark,minutes_late,recorded_at\n")
        var contactsCSV = "pupil_id,date,session,kind,reason,received_at,channel\n"
        let lastDays = Set(cal.schoolDays.suffix(3))
        let slotDates = cal.slotDay.map(\.iso)
        let nonSchoolWeekday: Day? = config.closures.first.map(\.from)
        func stampText(_ d: Day, _ minute: Int) -> String { d.iso + "T" + ClockTime(minuteOfDay: minute).text }
        /// One row of marks.csv (`minutes_late` and `recorded_at` may be left empty).
        func markRow(_ pupil: String, _ date: String, _ session: String, _ mark: String, _ late: String = "", _ recorded: String = "") {
            marksOut.write(pupil + "," + date + "," + session + "," + mark + "," + late + "," + recorded + "\n")
            summary.marks += 1
        }

        // Scripted episodes for the local authority (spec 6.3), so the demo has one of every kind:
        // pupil index → (first school day, last school day, code, sessions it covers).
        var script: [Int: (from: Int, to: Int, code: String, sessions: Set<Session>)] = [:]
        let nDays = cal.schoolDays.count
        if nDays > 60, roll.count > 40 {
            script[3] = (nDays - 50, nDays - 28, "O", [.am, .pm])        // 23 days unauthorised: both runs, ended
            script[13] = (nDays - 70, nDays - 54, "I", [.am, .pm])       // 17 days of illness
            script[23] = (nDays - 30, nDays - 1, "C2", [.pm])            // part-time timetable, still going on
            script[33] = (nDays - 12, nDays - 1, "N", [.am, .pm])        // 12 days unauthorised, still going on
        }
        let scriptedDays = Dictionary(uniqueKeysWithValues: script.map { ($0.key, ($0.value.from)...($0.value.to)) })

        for (pi, p) in roll.enumerated() {
            let c = classIndex[p.cls]!
            var s = 0
            let illnessBias = rng.unit()
            while s < cal.slotCount {
                let d = cal.slotDay[s]
                let onRoll = (p.admitted.map { $0 <= d } ?? true) && (p.left.map { d <= $0 } ?? true)
                if onRoll, let sc = script[pi], scriptedDays[pi]!.contains(Int(cal.slotDayIndex[s])), sc.sessions.contains(cal.slotSession[s]) {
                    markRow(p.id, slotDates[s], cal.slotSession[s].text, sc.code)
                    s += 1
                    continue
                }
                if !onRoll || untaken.contains(c * cal.slotCount + s) {
                    // A mark after leaving (mark-outside-enrolment), now and then.
                    if let l = p.left, l < d, cal.slotDay[s].adding(days: -1) == l, rng.chance(0.3) {
                        markRow(p.id, slotDates[s], cal.slotSession[s].text, "/")
                        inject("mark-outside-enrolment")
                    }
                    s += 1
                    continue
                }
                // An absence episode: a whole day or several.
                if cal.slotSession[s] == .am, rng.chance(p.rate / 2.2) {
                    let days = rng.chance(0.7) ? 1 : rng.int(2...(p.rate > 0.3 ? 12 : 4))
                    let r = rng.unit()
                    var code: String = r < 0.55 + 0.3 * illnessBias - 0.15 ? "I" : r < 0.72 ? "O" : r < 0.80 ? "M"
                        : r < 0.86 ? "C" : r < 0.93 ? "G" : "N"
                    // N is what a register holds until the reason is known: most are resolved.
                    if code == "N", !lastDays.contains(d), rng.chance(0.85) { code = "O" }
                    let startDay = d
                    // Parent contact for illness and appointments.
                    if code == "I" || code == "M" {
                        let mins = code == "I" ? rng.int(450...525) : rng.int(900...1080)
                        let when = code == "I" ? stampText(startDay, mins) : stampText(startDay.adding(days: -1), mins)
                        let reason = code == "I" ? rng.pick(["illness", "sickness bug", "high temperature", "migraine"]) : "medical appointment"
                        contactsCSV += "\(p.id),\(startDay.iso),\(code == "M" ? "AM" : ""),absence,\(reason),\(when),\(rng.pick(["phone", "app", "email"]))\n"
                        summary.contacts += 1
                    }
                    var k = s
                    let endDay = cal.schoolDays[min(cal.schoolDays.count - 1, Int(cal.slotDayIndex[s]) + days - 1)]
                    while k < cal.slotCount, cal.slotDay[k] <= endDay, (p.left.map { cal.slotDay[k] <= $0 } ?? true) {
                        var mark = code
                        // Injected: parent rang in sick but the pupil was marked present.
                        if code == "I", k == s, rng.chance(0.03) { mark = "/"; inject("present-despite-parent-call") }
                        // Injected: reason known, still N.
                        else if code == "I", k == s, rng.chance(0.02) { mark = "N"; inject("reason-known-still-n") }
                        // N is normal only in the last days; older ones are overdue.
                        else if code == "N", !lastDays.contains(cal.slotDay[k]) { inject("unexplained-absence-overdue") }
                        if untaken.contains(c * cal.slotCount + k) { k += 1; continue }
                        markRow(p.id, slotDates[k], cal.slotSession[k].text, mark)
                        k += 1
                    }
                    s = k
                    continue
                }
                var mark = cal.slotSession[s] == .am ? "/" : "\\"
                var late = ""
                let window = config.registers.closes(cal.slotSession[s]).minuteOfDay - config.registers.opens(cal.slotSession[s]).minuteOfDay
                if rng.chance(0.025 + p.rate / 4) { mark = "L"; late = String(rng.int(1...max(1, window))) }
                else if rng.chance(0.002 + p.rate / 40) { mark = "U"; late = String(rng.int((window + 1)...(window + 50))) }
                else if rng.chance(0.004) { mark = rng.pick(["V", "P", "B", "M"]) }
                // Injected errors, each at a small known rate.
                let e = rng.unit()
                if e < 0.0004 { inject("missing-mark"); s += 1; continue }
                else if e < 0.0006 { mark = "L"; late = String(rng.int(40...70)); inject("late-code-mismatch") }
                else if e < 0.0007 { mark = rng.pick(["l", "PR", "x", "?"]); inject("unknown-code"); inject("missing-mark") }
                else if e < 0.00078 { mark = "H"; inject("withdrawn-code") }
                else if e < 0.00086 {
                    markRow(p.id, slotDates[s], cal.slotSession[s].text, mark, late)
                    inject("duplicate-mark")
                } else if e < 0.00094 {
                    markRow(p.id, slotDates[s], cal.slotSession[s].text, "O", "", stampText(d, 600))
                    markRow(p.id, slotDates[s], cal.slotSession[s].text, mark, late, stampText(d, 560))
                    inject("conflicting-marks")
                    s += 1
                    continue
                } else if e < 0.00097 {
                    markRow(p.id, slotDates[s], cal.slotSession[s].text, mark, late)
                    markRow(p.id, "31/02/\(startYear + 1)", "AM", "/")
                    inject("invalid-row")
                    s += 1
                    continue
                }
                markRow(p.id, slotDates[s], cal.slotSession[s].text, mark, late)
                s += 1
            }
            // A handful of marks on a closure day, and rows for pupils not on the roll.
            if let closed = nonSchoolWeekday, closed <= asOf, pi % 97 == 5 {
                markRow(p.id, closed.iso, "AM", "/"); inject("mark-on-closure")
            }
            if pi % 211 == 7, let d = cal.slotDay.first {
                markRow("X\(p.id.dropFirst())", d.iso, "AM", "/"); inject("unknown-pupil")
            }
        }
        try marksOut.finish(sync: false)
        try writeFile(dir + "/Data/contacts.csv", contactsCSV)

        // The school's casework record (spec 3.4): actions for the scripted pupils and a few others.
        var actionsCSV = "pupil_id,date,action,detail,review_by,by\n"
        func act(_ p: Int, _ day: Int, _ action: String, _ detail: String = "", review: Int? = nil, by: String) {
            guard p < roll.count, day >= 0, day < nDays else { return }
            let fields = [roll[p].id, cal.schoolDays[day].iso, action, detail, review.map { cal.schoolDays[min(nDays - 1, max(0, $0))].iso } ?? "", by]
            actionsCSV += fields.map { Escape.csv($0) }.joined(separator: ",") + "\n"
            summary.actions += 1
        }
        if nDays > 60, roll.count > 40 {
            act(3, nDays - 47, "call", "No answer; message left", by: "Attendance office")
            act(3, nDays - 45, "letter", "unauthorised-run", by: "Attendance office")
            act(3, nDays - 40, "Home visit", "With the education welfare officer", by: "EWO")
            act(3, nDays - 38, "referral", "Local authority attendance team", review: nDays - 20, by: "Attendance lead")
            act(13, nDays - 60, "call", "Mum: glandular fever, GP letter to follow", by: "Attendance office")
            act(13, nDays - 50, "meeting", "Return-to-school plan agreed", review: nDays - 5, by: "Head of year")
            act(23, nDays - 31, "plan", "Part-time timetable, afternoons at home; LA informed", review: nDays + 10, by: "SENCo")
            act(33, nDays - 3, "call", "Phone off", by: "Attendance office")
        }
        for i in stride(from: 7, to: roll.count, by: 29) where nDays > 20 {
            act(i, nDays / 3, "call", "Spoke to parent about attendance", by: "Form tutor")
            if i % 2 == 1 { act(i, nDays / 2, "letter", "persistent", review: nDays / 2 + 20, by: "Attendance office") }
        }
        act(roll.count > 1 ? 1 : 0, max(0, nDays - 2), "early-help", "", review: nDays - 1, by: "DSL")
        try writeFile(dir + "/Data/actions.csv", actionsCSV)
        return summary
    }
}
