/// A later export of a school written by `rollbook sample`, with known amendments: what
/// `rollbook sample NEW --amended-from OLD --seed S` writes, for `rollbook diff OLD NEW` and the
/// intranet's Amendments page to show.
///
/// NEW is OLD's folder with, in its last eight school weeks: marks changed in place (each
/// changed row gets a `recorded_at` 0 to 12 school days after its session, so some are late
/// amendments), a few missing marks filled in, a few marks deleted, one pupil who joined (with
/// marks from their admission) and one pupil whose rows were taken out of the export (the one
/// with the fewest marks).
public struct SampleAmendments {
    public var from: String
    public var seed: UInt64

    public init(from: String, seed: UInt64) {
        self.from = from
        self.seed = seed
    }

    public struct Summary: Sendable {
        /// Rows `rollbook diff OLD NEW` will list, by kind.
        public var changes: [RegisterDiff.Change: Int] = [:]
        public var pupils = 0
        public var joined = ""
        public var left = ""
    }

    /// The amendments: (from code, to code), in the order they are handed out.
    static let recipes: [(String, String)] = [
        ("N", "I"), ("O", "C"), ("G", "C"), ("N", "L"), ("/", "N"), ("\\", "N"), ("I", "M"), ("I", "N"), ("/", "L"), ("N", "O"),
    ]

    @discardableResult
    public func write(to dir: String) throws -> Summary {
        func fail(_ path: String, _ message: String) -> InputError {
            InputError([Diagnostic(path: from + "/" + path, message + " (--amended-from expects a project written by `rollbook sample`)")])
        }
        try SampleSchool.checkTarget(dir)   // never overwrites: a new or empty folder only
        let reg = try ProjectLoader.load(directory: from)
        let cal = reg.calendar, n = cal.slotCount
        let severalRows = reg.sessionsWithSeveralRows()
        guard n > 0, !reg.pupils.isEmpty else { throw fail(reg.config.path, "no school session or no pupil to amend") }
        var rng = SplitMix64(seed: seed)
        guard let yaml = readFileBytes(from + "/rollbook.yml"), let marksBytes = readFileBytes(from + "/" + reg.config.marksPath),
              let pupilsBytes = readFileBytes(from + "/" + reg.config.pupilsPath)
        else { throw fail(reg.config.marksPath, "cannot read the data files") }
        var marks = String(decoding: marksBytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = marks.first?.split(separator: ",").map(String.init) ?? []
        guard header == ["pupil_id", "date", "session", "mark", "minutes_late", "recorded_at"] else {
            throw fail(reg.config.marksPath, "expected the header pupil_id,date,session,mark,minutes_late,recorded_at")
        }
        var summary = Summary()

        // Sessions of the last eight school weeks, pupils in a seeded order.
        let firstSlot = cal.firstSlot(onOrAfter: cal.asOf.adding(days: -56))
        let order = reg.pupils.indices.shuffled(using: &rng)
        let perKind = max(2, reg.pupils.count / 50)
        var done = Set<Int>()
        func recorded(_ s: Int, lag: Int) -> String {
            let di = min(Int(cal.slotDayIndex[s]) + lag, cal.schoolDays.count - 1)
            return cal.schoolDays[di].iso + "T" + (lag == 0 ? "16:30" : "10:15")
        }
        func take(_ s: Int, _ p: Int) -> Bool { done.insert(p * n + s).inserted }

        // Changed marks: each recipe on up to `perKind` pupil-sessions that hold its old code.
        for (old, new) in SampleAmendments.recipes {
            guard let oc = AttendanceCode(old), let nc = AttendanceCode(new) else { continue }
            var left = perKind
            outer: for p in order {
                let roll = reg.rollSlots[p], low = max(roll.lowerBound, firstSlot)
                guard low < roll.upperBound else { continue }
                // From a random session of the window back to its start.
                for s in stride(from: rng.int(low...(roll.upperBound - 1)), through: low, by: -1) {
                    let k = p * n + s
                    guard reg.codes[k] == oc.rawValue, severalRows[k] == nil, let line = reg.line(pupil: p, slot: s),
                          line - 1 < marks.count, !done.contains(k) else { continue }
                    var f = marks[line - 1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    guard f.count == 6, !marks[line - 1].contains("\"") else { continue }
                    _ = take(s, p)
                    f[3] = nc.text
                    f[4] = nc == .late ? String(rng.int(3...20)) : ""
                    f[5] = recorded(s, lag: rng.int(0...12))
                    marks[line - 1] = f.joined(separator: ",")
                    summary.changes[RegisterDiff.Change.of(old: oc, new: nc)!, default: 0] += 1
                    left -= 1
                    if left == 0 { break outer }
                    break   // one per pupil and recipe
                }
            }
        }
        // Marks deleted (a clerk's mistake: the session will show as missing).
        var deleted = Set<Int>()
        var removals = perKind / 2 + 1
        for p in order.reversed() where removals > 0 {
            let s = reg.rollSlots[p].upperBound - 1 - rng.int(0...5)
            guard s >= max(firstSlot, reg.rollSlots[p].lowerBound), severalRows[p * n + s] == nil,
                  let line = reg.line(pupil: p, slot: s), take(s, p) else { continue }
            deleted.insert(line - 1)
            summary.changes[.removed, default: 0] += 1
            removals -= 1
        }
        // Missing marks filled in, days later.
        var added: [String] = []
        var fills = perKind
        for p in order where fills > 0 {
            for s in reg.rollSlots[p] where s >= firstSlot && reg.codes[p * n + s] == 0 && !done.contains(p * n + s) {
                _ = take(s, p)
                let code = cal.slotSession[s] == .am ? "/" : "\\"
                added.append("\(reg.pupils[p].id),\(cal.slotDay[s].iso),\(cal.slotSession[s].text),\(code),,\(recorded(s, lag: rng.int(1...8)))")
                summary.changes[.added, default: 0] += 1
                fills -= 1
                break
            }
        }
        // One pupil taken out of the export (every row of theirs), one who joined.
        // The one with the fewest marks (a pupil who joined late or left early), so the page stays readable.
        let touched = Set(done.map { $0 / n })
        let marked = { (p: Int) in (0..<n).reduce(0) { $0 + (reg.codes[p * n + $1] != 0 ? 1 : 0) } }
        let gone = order.filter { !touched.contains($0) && marked($0) > 0 }.min { marked($0) < marked($1) }
        var goneId = ""
        if let g = gone {
            goneId = reg.pupils[g].id
            summary.left = goneId
            summary.changes[.leftRoll] = 1
            let onSchoolSessions = (0..<n).filter { reg.codes[g * n + $0] != 0 }.count
            summary.changes[.removed, default: 0] += onSchoolSessions + OffRoll.count(reg, pupil: g)
        }
        var joinedId = "N0001"
        var i = 1
        while reg.pupilIndex[joinedId] != nil { i += 1; joinedId = "N" + Day.pad(i, 4) }
        summary.joined = joinedId
        summary.changes[.joined] = 1
        let template = reg.pupils[order[0]]
        let admittedSlot = max(0, n - 20)
        let admitted = cal.slotDay[admittedSlot]
        for s in admittedSlot..<n {
            let code = cal.slotSession[s] == .am ? "/" : "\\"
            added.append("\(joinedId),\(cal.slotDay[s].iso),\(cal.slotSession[s].text),\(code),,\(recorded(s, lag: 0))")
            summary.changes[.added, default: 0] += 1
        }

        var out: [String] = []
        out.reserveCapacity(marks.count + added.count)
        for (i, l) in marks.enumerated() where !deleted.contains(i) && (goneId.isEmpty || !l.hasPrefix(goneId + ",")) {
            if l.isEmpty, i == marks.count - 1 { continue }
            out.append(l)
        }
        out += added
        var pupils = String(decoding: pupilsBytes, as: UTF8.self).split(separator: "\n").map(String.init)
        pupils.removeAll { !goneId.isEmpty && $0.hasPrefix(goneId + ",") }
        var jf = [joinedId, "", "Jordan", "Newman", template.className, template.yearGroup, admitted.iso, ""]
        // The roll may carry more columns (characteristics, address): the new pupil leaves them empty.
        let columns = pupils.first?.split(separator: ",", omittingEmptySubsequences: false).count ?? jf.count
        if columns > jf.count { jf += Array(repeating: "", count: columns - jf.count) }
        pupils.append(jf.map { Escape.csv($0) }.joined(separator: ","))
        summary.pupils = pupils.count - 1

        try makeDirectory(dir)
        try makeDirectory(dir + "/Data")
        try writeFile(dir + "/rollbook.yml", yaml)
        try writeFile(dir + "/" + reg.config.pupilsPath, pupils.joined(separator: "\n") + "\n")
        try writeFile(dir + "/" + reg.config.marksPath, out.joined(separator: "\n") + "\n")
        // Contacts and actions come along, without the rows of the pupil taken out.
        for path in [reg.config.contactsPath, reg.config.actionsPath] {
            guard let bytes = readFileBytes(from + "/" + path) else { continue }
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
                .filter { goneId.isEmpty || !$0.hasPrefix(goneId + ",") }
            try writeFile(dir + "/" + path, lines.joined(separator: "\n") + "\n")
        }
        return summary
    }

    /// Marks of a pupil on school sessions outside enrolment (the diff counts them too).
    enum OffRoll {
        static func count(_ reg: Register, pupil: Int) -> Int {
            Set(reg.unplacedMarks.filter { $0.reason == .offRoll && Int($0.pupil) == pupil }.compactMap { reg.calendar.slot($0.date, $0.session) }).count
        }
    }
}
