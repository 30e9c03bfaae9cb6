import RollbookKit
import Testing

/// Generates messy registers (duplicates, conflicts, late marks, marks off roll and on
/// closures, unknown pupils and codes, unreadable rows, parent calls around the register's
/// close, rows in any order) and checks Rollbook's findings and statistics against
/// `ReferenceModel`, a plain reading of the spec.
@Suite struct ReferenceComparisonTests {
    /// Two digits, zero-padded.
    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }

    struct Generated {
        var model: ReferenceModel
        var pupilsCSV: String
        var marksCSV: String
        var contactsCSV: String
    }

    static func generate(seed: UInt64, asOf: Day) throws -> Generated {
        var rng = SplitMix64(seed: seed)
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
        func pick<T>(_ a: [T]) -> T { a[Int.random(in: 0..<a.count, using: &rng)] }
        func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }

        let config = try ProjectConfig.parse(yaml: TestSchool.standardConfig)
        let start = config.yearStart

        // The roll.
        var roll: [ReferenceModel.PupilRow] = []
        for i in 1...14 {
            let cls = ["7A", "7B", "8A"][i % 3]
            var admitted: Day? = nil, left: Day? = nil
            if chance(0.25) { admitted = start.adding(days: int(-3...max(0, asOf - start + 3))) }
            if chance(0.2) { left = (admitted ?? start).adding(days: int(0...max(0, asOf - start + 3))) }
            roll.append(.init(id: "P" + (i < 10 ? "0" : "") + String(i), cls: cls, year: String(cls.prefix(1)),
                              admitted: admitted, left: left))
        }
        var pupilsCSV = "pupil_id,forename,surname,class,year_group,admitted,left\n"
        for p in roll {
            pupilsCSV += "\(p.id),F\(p.id),S\(p.id),\(p.cls),\(p.year),\(p.admitted?.iso ?? ""),\(p.left?.iso ?? "")\n"
        }

        let model0 = ReferenceModel(config: config, asOf: asOf, pupils: roll, marks: [], contacts: [])
        let sessions = model0.sessions

        // Marks, as (fields, readable, structured) before lines are assigned.
        struct Pending { var fields: [String]; var row: ReferenceModel.MarkRow }
        var pending: [Pending] = []
        let common = ["/", "/", "/", "\\", "\\", "\\", "/", "\\"]
        let rare = ["L", "L", "U", "U", "N", "N", "O", "G", "I", "I", "M", "C", "V", "B", "X", "Z", "#", "D",
                    "H", "J", "F", "Y", "Y1", "J1", "C1", "l", "x", "n"]
        func stamp(_ d: Day) -> (String, Int) {
            let minute = int(7 * 60...16 * 60), second = int(0...59)
            let text = d.iso + "T" + Self.pad2(minute / 60) + ":" + Self.pad2(minute % 60) + (chance(0.5) ? ":" + Self.pad2(second) : "")
            let secs = text.count > 16 ? second : 0
            return (text, Int(d.raw) * 86_400 + minute * 60 + secs)
        }
        func markRow(_ pupil: String, _ d: Day, _ s: String, _ mark: String, recorded: Bool) -> Pending {
            var minutes: Int? = nil
            if mark == "L" || mark == "U", chance(0.85) { minutes = int(0...50) }
            var rec: (String, Int)? = nil
            if recorded { rec = stamp(chance(0.8) ? d : d.adding(days: int(-2...3))) }
            let fields = [pupil, d.iso, chance(0.1) ? s.lowercased() : s, mark, minutes.map(String.init) ?? "", rec?.0 ?? ""]
            return Pending(fields: fields, row: .init(line: 0, pupil: pupil, date: d, session: s, mark: mark,
                                                      minutes: minutes, recorded: rec?.1, readable: true))
        }
        let skippedClassSessions = Set(sessions.indices.filter { _ in chance(0.02) }.map { $0 * 3 + int(0...2) })
        for (si, (d, s)) in sessions.enumerated() {
            for p in roll {
                let classIndex = ["7A", "7B", "8A"].firstIndex(of: p.cls)!
                if skippedClassSessions.contains(si * 3 + classIndex) { continue }
                guard model0.onRoll(p, d) else {
                    if chance(0.08) { pending.append(markRow(p.id, d, s, pick(["/", "Z", "#", "N", "\\"]), recorded: false)) }
                    continue
                }
                if chance(0.03) { continue }
                let mark = chance(0.8) ? pick(common) : pick(rare)
                pending.append(markRow(p.id, d, s, mark, recorded: chance(0.3)))
                if chance(0.07) { pending.append(markRow(p.id, d, s, chance(0.5) ? mark : pick(rare + common), recorded: chance(0.6))) }
            }
        }
        // Noise: any pupil (or none), any date near the period, any code.
        for _ in 0..<30 {
            let who = chance(0.85) ? pick(roll).id : pick(["P99", "X01", "p01"])
            let d = chance(0.1) ? Day(year: 2024, month: pick([6, 7, 8]), day: int(15...25))! : start.adding(days: int(-10...(asOf - start + 15)))
            pending.append(markRow(who, d, pick(["AM", "PM"]), pick(rare + common), recorded: chance(0.3)))
        }
        // Unreadable rows.
        for _ in 0..<8 {
            let p = pick(roll).id
            let d = sessions.isEmpty ? start : pick(sessions).0
            var fields = [p, d.iso, "AM", "/", "", ""]
            switch int(0...6) {
            case 0: fields[1] = "2025-09-31"
            case 1: fields[2] = pick(["XX", "A", "AMPM"])
            case 2: fields[3] = ""
            case 3: fields[4] = pick(["abc", "-3", "1.5"])
            case 4: fields[5] = pick(["2025-09-01T25:00", "yesterday", "2025-09-01"])
            case 5: fields[0] = ""
            default: fields.removeLast()
            }
            pending.append(Pending(fields: fields, row: .init(line: 0, pupil: p, date: nil, session: "AM", mark: "/",
                                                              minutes: nil, recorded: nil, readable: false)))
        }
        pending.shuffle(using: &rng)

        var marksCSV = "pupil_id,date,session,mark,minutes_late,recorded_at\n"
        var line = 2
        var marks: [ReferenceModel.MarkRow] = []
        for var p in pending {
            if chance(0.01) { marksCSV += "\n"; line += 1 }
            p.row.line = line
            marks.append(p.row)
            marksCSV += p.fields.map { Escape.csv($0) }.joined(separator: ",") + "\n"
            line += 1
        }

        // Contacts, around the sessions that have marks, with calls either side of the close.
        var contactsCSV = "pupil_id,date,session,kind,reason,received_at,channel\n"
        var contacts: [ReferenceModel.ContactRow] = []
        line = 2
        let regs = config.registers
        for r in marks where r.readable && chance(0.12) {
            let d = r.date!
            let session: String? = chance(0.3) ? nil : (chance(0.8) ? r.session : pick(["AM", "PM"]))
            let sessionText = session ?? pick(["", "ALL", "all"])
            let kind = pick(["", "absence", "absence", "late"])
            var received: Int? = nil, receivedText = ""
            if chance(0.8) {
                let close = (session ?? r.session) == "AM" ? regs.amCloses.minuteOfDay : regs.pmCloses.minuteOfDay
                let dayOffset = chance(0.15) ? -1 : 0
                let minute = close + (chance(0.3) ? 0 : int(-5...5)) + dayOffset * int(0...300)
                let second = chance(0.2) ? int(0...59) : 0
                let day = d.adding(days: dayOffset)
                receivedText = day.iso + "T" + Self.pad2(minute / 60) + ":" + Self.pad2(minute % 60) + ":" + Self.pad2(second)
                received = Int(day.raw) * 86_400 + minute * 60 + second
            }
            let who = chance(0.95) ? r.pupil : "P77"
            contacts.append(.init(line: line, pupil: who, date: d, session: session, kind: kind, received: received, readable: true))
            contactsCSV += "\(who),\(d.iso),\(sessionText),\(kind),\(pick(["illness", "dentist", "\"bus, late\""])),\(receivedText),phone\n"
            line += 1
        }
        for _ in 0..<2 {
            let p = pick(roll).id
            contacts.append(.init(line: line, pupil: p, date: nil, session: nil, kind: "", received: nil, readable: false))
            contactsCSV += chance(0.5) ? "\(p),2025-13-01,AM,absence,illness,,phone\n" : "\(p),2025-09-01,EVE,absence,illness,,phone\n"
            line += 1
        }
        let model = ReferenceModel(config: config, asOf: asOf, pupils: roll, marks: marks, contacts: contacts)
        return Generated(model: model, pupilsCSV: pupilsCSV, marksCSV: marksCSV, contactsCSV: contactsCSV)
    }

    static func implementationKeys(_ findings: [Finding]) -> [ReferenceModel.Key] {
        findings.filter { $0.rule != .duplicatePupil }.map { f in
            let pointsAtARowOfItsChoosing = f.rule == .conflictingMarks || f.rule == .duplicateMark
            return ReferenceModel.key(f.rule.rawValue, pupil: f.pupilId, cls: f.className, date: f.date, session: f.session?.text,
                                      file: f.file, line: pointsAtARowOfItsChoosing ? nil : f.line)
        }.sorted()
    }

    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]
    static let asOfs = ["2025-09-19", "2025-10-10", "2025-11-07", "2025-12-03"]

    @Test(arguments: seeds)
    func findingsAndStatisticsMatchTheReference(seed: UInt64) throws {
        let asOf = day(Self.asOfs[Int(seed) % Self.asOfs.count])
        let g = try Self.generate(seed: seed, asOf: asOf)
        let reg = try ProjectLoader.load(
            config: g.model.config, asOf: asOf,
            pupils: CSVFile(displayPath: "Data/pupils.csv", text: g.pupilsCSV),
            marks: CSVFile(displayPath: "Data/marks.csv", text: g.marksCSV),
            contacts: CSVFile(displayPath: "Data/contacts.csv", text: g.contactsCSV))

        let expected = g.model.findings()
        let actual = Self.implementationKeys(Checker.check(reg))
        let diff = actual.difference(from: expected)
        let extra = diff.insertions.compactMap { change -> String? in
            if case let .insert(_, element, _) = change { return element.description }
            return nil
        }
        let lacking = diff.removals.compactMap { change -> String? in
            if case let .remove(_, element, _) = change { return element.description }
            return nil
        }
        #expect(extra.isEmpty, "Rollbook reports findings the spec does not call for (seed \(seed))")
        #expect(lacking.isEmpty, "Rollbook misses findings the spec calls for (seed \(seed))")

        for p in g.model.pupils {
            let i = try #require(reg.pupilIndex[p.id])
            let s = Statistics.pupil(i, in: reg)
            let c = s.counts
            let mine = ReferenceModel.Stats(
                present: c.present, aea: c.aea, authorised: c.authorised, unauthorised: c.unauthorised,
                notRequired: c.notRequired, missing: c.missing, illness: c.illness, persistent: s.persistent,
                severe: s.severe, runDays: s.unauthorisedRunDays, penalty: s.penaltyWindowSessions)
            #expect(mine == g.model.stats(p.id), "\(p.id), seed \(seed)")
        }
    }

    @Test func theGeneratedRegistersExerciseEveryRule() throws {
        var seen = Set<String>()
        for seed in Self.seeds {
            let g = try Self.generate(seed: seed, asOf: day(Self.asOfs[Int(seed) % Self.asOfs.count]))
            seen.formUnion(g.model.findings().map(\.rule))
        }
        let rules: Set<String> = [
            "missing-mark", "register-not-taken", "present-despite-parent-call", "reason-known-still-n",
            "unexplained-absence-overdue", "unknown-code", "withdrawn-code", "conflicting-marks", "duplicate-mark",
            "unknown-pupil", "mark-outside-enrolment", "mark-on-closure", "late-code-mismatch", "invalid-row",
        ]
        #expect(rules.subtracting(seen).isEmpty)
    }
}
