#if canImport(Glibc)
import Glibc
#endif

/// Writes what an import read as the project's `Data/pupils.csv` and `Data/marks.csv` (spec
/// sections 3 and 9): UTF-8, LF, sorted by pupil, date, AM before PM; each file written to a
/// temporary name and renamed into place, so a reader never sees half a file.
///
/// The importer replaces only files it wrote itself: `.rollbook-import`, next to `rollbook.yml`,
/// records the size and hash of each file it wrote. A data file that is not listed there, or has
/// changed since, is the user's (hand-made, or edited), and is replaced only with `--force`.
public enum ImportWriter {
    public static let markerName = ".rollbook-import"
    /// The lock file an import holds in the project folder while it checks and writes the data
    /// files (removed when it ends).
    public static let lockName = ".rollbook-import.lock"

    /// Takes the project's import lock, held from the check of the data files to the marker's
    /// rename: a second import into the same project refuses (exit status 2) instead of writing
    /// one import's pupils beside another's marks.
    public static func lock(directory dir: String) throws -> FileLock {
        do { return try FileLock(path: dir + "/" + lockName) } catch {
            switch error {
            case .cannotOpen(let reason):
                throw InputError([Diagnostic(path: dir + "/" + lockName, "cannot write the import's lock file: \(reason); no file was written")])
            case .busy(let holder):
                let who = holder.map { "another import (process \($0))" } ?? "another import"
                throw InputError([Diagnostic(path: dir, "\(who) is writing this project's data; wait for it to finish, then import again; no file was written")])
            }
        }
    }

    public struct Written: Sendable {
        public var pupils = 0
        public var marks = 0
        public var pupilsPath = ""
        public var marksPath = ""
    }

    /// FNV-1a, 64 bits: enough to tell the importer's own file from an edited one.
    /// A written file's size and hash (`FNV1a`), as the marker records them.
    struct Hasher64 {
        var h = FNV1a()
        var size = 0
        mutating func feed(_ b: UnsafeRawBufferPointer) {
            h.feed(b)
            size += b.count
        }
        var text: String { h.hex }
    }

    static func fullPath(_ rel: String, _ dir: String) -> String { rel.hasPrefix("/") ? rel : dir + "/" + rel }

    /// The marker's entries: relative path → (size, hash).
    static func readMarker(_ dir: String) -> [String: (Int, String)] {
        guard let bytes = readFileBytes(dir + "/" + markerName) else { return [:] }
        var out: [String: (Int, String)] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            // `<size> <hash> <path>`: the path last, since it may hold spaces.
            let parts = line.split(separator: " ", maxSplits: 2)
            guard parts.count == 3, let size = Int(parts[0]) else { continue }
            out[String(parts[2])] = (size, String(parts[1]))
        }
        return out
    }

    static func hashFile(_ path: String) -> (Int, String)? {
        guard let r = ChunkReader(path: path, chunkSize: 1 << 20) else { return nil }
        defer { r.close() }
        var h = Hasher64()
        while case let c = r.read(), !c.isEmpty { c.withUnsafeBytes { h.feed($0) } }
        return (h.size, h.text)
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// The data files in `dir` that are not the importer's own: relative paths.
    public static func foreignFiles(config: ProjectConfig, directory dir: String) -> [String] {
        let marker = readMarker(dir)
        var out: [String] = []
        for rel in [config.pupilsPath, config.marksPath] {
            let full = fullPath(rel, dir)
            guard exists(full) else { continue }
            guard let m = marker[rel], let h = hashFile(full), h.0 == m.0, h.1 == m.1 else { out.append(rel); continue }
        }
        return out
    }

    /// A data file written atomically, hashed as it goes (for the marker).
    static func atomicFile(_ path: String) throws -> FileIO.Writer {
        let w = try FileIO.Writer(path: path, atomic: true)
        w.hash = FNV1a()
        return w
    }

    package static func byteLess(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    /// Writes the files. `store.dropped` and `store.notes` gain the calendar's drops and warnings.
    public static func write(_ store: inout ImportStore, config: ProjectConfig, directory dir: String) throws -> Written {
        var written = Written()
        written.pupilsPath = config.pupilsPath
        written.marksPath = config.marksPath
        let pupilsFull = fullPath(config.pupilsPath, dir), marksFull = fullPath(config.marksPath, dir)
        for full in [pupilsFull, marksFull] {
            let parent = String(full[..<(full.lastIndex(of: "/") ?? full.startIndex)])
            if !parent.isEmpty { try makeDirectory(parent) }
        }
        let calendar = SchoolCalendar(config: config, asOf: config.yearEnd)

        // pupils.csv
        let pupilsOut = try atomicFile(pupilsFull)
        let marksOut: FileIO.Writer
        do { marksOut = try atomicFile(marksFull) } catch { pupilsOut.discard(); throw error }
        do {
            pupilsOut.write(ImportedPupil.columns.joined(separator: ",") + "\n")
            for p in store.pupils.sorted(by: { byteLess($0.id, $1.id) }) {
                pupilsOut.write(p.fields.map { Escape.csv($0) }.joined(separator: ",") + "\n")
                written.pupils += 1
            }
            try pupilsOut.finish()

            // marks.csv
            marksOut.write("pupil_id,date,session,mark,minutes_late,recorded_at\n")
            let hash = store.intern("#")
            // Each distinct value and date is escaped and formatted once.
            var csvCache: [[UInt8]?] = Array(repeating: nil, count: store.strings.count)
            var isoCache: [Int32: [UInt8]] = [:]
            let sessionBytes: [[UInt8]] = [Array(",AM,".utf8), Array(",PM,".utf8)]
            var closedOnSchool: [String: (count: Int, first: String, file: UInt16)] = [:]
            let owners = store.markOwners.indices.sorted { byteLess(store.markOwners[$0], store.markOwners[$1]) }
            for o in owners {
                let id = store.markOwners[o]
                let idBytes = Array(Escape.csv(id).utf8)
                var list = store.marks(ofOwner: o)
                list.sort { ($0.day, $0.session, $0.seq) < ($1.day, $1.session, $1.seq) }
                var i = 0
                while i < list.count {
                    var m = list[i]
                    var j = i + 1
                    if store.keepNewestOnly {
                        // One row per pupil-session: the newest file's (the later read among equals).
                        while j < list.count, list[j].day == m.day, list[j].session == m.session {
                            let other = list[j]
                            let newer = (store.fileStamps[Int(other.file)], other.seq) > (store.fileStamps[Int(m.file)], m.seq)
                            // Counted against the file whose mark gives way.
                            store.drop("sessions also given by a newer file (the newer DateTime wins)", file: newer ? m.file : other.file)
                            if newer { m = other }
                            j += 1
                        }
                    } else {
                        j = i + 1
                    }
                    defer { i = store.keepNewestOnly ? j : i + 1 }
                    let d = Day(raw: m.day)
                    let s: Session = m.session == 0 ? .am : .pm
                    if (d < config.yearStart || config.yearEnd < d) && m.code != hash { store.outsideDropped[Int(m.file)] += 1; continue }
                    if m.code == hash {
                        if !calendar.isSchoolSession(d, s) {
                            store.closedDropped[Int(m.file)] += 1
                            continue
                        }
                        let k = closedOnSchool[id]
                        closedOnSchool[id] = ((k?.count ?? 0) + 1, k?.first ?? "\(d.iso) \(s.text)", k?.file ?? m.file)
                    }
                    func csv(_ i: UInt32) -> [UInt8] {
                        if let b = csvCache[Int(i)] { return b }
                        let b = Array(Escape.csv(store.strings[Int(i)]).utf8)
                        csvCache[Int(i)] = b
                        return b
                    }
                    let iso: [UInt8]
                    if let c = isoCache[m.day] { iso = c } else { iso = Array(d.iso.utf8); isoCache[m.day] = iso }
                    marksOut.buffer.append(contentsOf: idBytes)
                    marksOut.buffer.append(44)
                    marksOut.buffer.append(contentsOf: iso)
                    marksOut.buffer.append(contentsOf: sessionBytes[Int(m.session & 1)])
                    marksOut.buffer.append(contentsOf: csv(m.code))
                    marksOut.buffer.append(44)
                    marksOut.buffer.append(contentsOf: csv(m.minutesLate))
                    marksOut.buffer.append(44)
                    marksOut.buffer.append(contentsOf: csv(m.recordedAt))
                    marksOut.buffer.append(10)
                    try marksOut.flushIfFull()
                    written.marks += 1
                }
            }
            store.settleDrops(calendar)
            for (id, v) in closedOnSchool.sorted(by: { byteLess($0.key, $1.key) }) {
                let file = store.files.isEmpty ? "" : store.files[Int(v.file)]
                let upn = store.pupil(id)?.upn ?? ""
                store.warn(file, upn: upn.isEmpty ? nil : upn, (upn.isEmpty ? "pupil \(Escape.quoted(id)): " : "")
                           + "`#` (school closed) on \(v.count) school session\(v.count == 1 ? "" : "s") of rollbook.yml's calendar (first \(v.first)); written as they are: check the terms and closures in rollbook.yml")
            }
            try marksOut.finish()
        } catch {
            pupilsOut.discard()
            marksOut.discard()
            throw error
        }
        try pupilsOut.commit()
        try marksOut.commit()

        // The marker: what the importer wrote, so that the next import may replace it.
        var marker = "# Written by `rollbook import`: the data files it wrote (size, FNV-1a hash, path). A later import\n"
            + "# replaces these files only while they are unchanged; delete this file to protect them.\n"
        marker += "\(pupilsOut.size) \(pupilsOut.hash!.hex) \(config.pupilsPath)\n"
        marker += "\(marksOut.size) \(marksOut.hash!.hex) \(config.marksPath)\n"
        let markerOut = try atomicFile(dir + "/" + markerName)
        markerOut.write(marker)
        try markerOut.finish()
        try markerOut.commit()
        return written
    }

    /// The calendar the marks imply, for a starter `rollbook.yml`. A session is a school session
    /// when some pupil has a mark that counts in possible sessions (or one that is not a code at
    /// all); sessions where every pupil has `#`, another not-required code, or no mark, are not.
    /// Terms are runs of weekdays with school sessions (a gap of a week or more ends a term); a
    /// shorter gap inside a term is a closure of whole days; on a day inside a term whose AM (or PM)
    /// has no school marks while the other session has, the missing session is a half-day closure,
    /// provided that session has marks on most school days (an export of morning marks only
    /// implies no afternoon closures) and the day is not the last one marked (its afternoon may
    /// simply not have been taken yet). The academic year is that of the latest school mark. Nil
    /// when there are no school marks.
    public struct InferredCalendar: Sendable {
        public var yearStart: Day
        public var yearEnd: Day
        public var terms: [(start: Day, end: Day)]
        /// Whole days (`session` nil) or one session of one day.
        public var closures: [(from: Day, to: Day, session: Session?)]
    }

    public static func inferredCalendar(_ store: ImportStore) -> InferredCalendar? {
        // Per code (index into store.strings): does it show the session was a school session?
        var evidence: [UInt32: Bool] = [:]
        var sessions: [Int32: UInt8] = [:]   // day → bit 0 AM, bit 1 PM
        func record(_ day: Int32, _ session: UInt8, _ code: UInt32) {
            let school: Bool
            if let e = evidence[code] { school = e } else {
                school = AttendanceCode(store.strings[Int(code)]).map { $0.category.isPossible } ?? true
                evidence[code] = school
            }
            if school, Day(raw: day).isWeekday { sessions[day, default: 0] |= (1 << session) }
        }
        for list in store.marks { for m in list { record(m.day, m.session, m.code) } }
        for runs in store.dense {
            for run in runs {
                for (i, k) in run.slots.enumerated() where k != 0 {
                    record(run.start + Int32(i >> 1), UInt8(i & 1), store.denseCodes[Int(k) - 1])
                }
            }
        }
        guard let latest = sessions.keys.max() else { return nil }
        let lc = Day(raw: latest).components
        let startYear = lc.month >= 8 ? lc.year : lc.year - 1
        let yearStart = Day(year: startYear, month: 8, day: 1)!, yearEnd = Day(year: startYear + 1, month: 7, day: 31)!
        let sorted = sessions.keys.map { Day(raw: $0) }.filter { yearStart <= $0 && $0 <= yearEnd }.sorted()
        guard let first = sorted.first, let last = sorted.last else { return nil }
        var terms: [(start: Day, end: Day)] = []
        var closures: [(from: Day, to: Day, session: Session?)] = []
        // Half days: only for a session marked on most school days.
        let amDays = sorted.filter { sessions[$0.raw]! & 1 != 0 }.count, pmDays = sorted.filter { sessions[$0.raw]! & 2 != 0 }.count
        func halfDay(_ d: Day) {
            guard d != last else { return }
            let m = sessions[d.raw]!
            if m == 2, amDays * 2 > sorted.count { closures.append((d, d, .am)) }
            if m == 1, pmDays * 2 > sorted.count { closures.append((d, d, .pm)) }
        }
        var termStart = first, prev = first
        halfDay(first)
        for d in sorted.dropFirst() {
            // Weekdays strictly between prev and d.
            var gap: [Day] = []
            var k = prev.adding(days: 1)
            while k < d { if k.isWeekday { gap.append(k) }; k = k.adding(days: 1) }
            if gap.count >= 5 {
                terms.append((termStart, prev))
                termStart = d
            } else if let g0 = gap.first, let g1 = gap.last {
                closures.append((g0, g1, nil))
            }
            halfDay(d)
            prev = d
        }
        terms.append((termStart, prev))
        let sept1 = Day(year: startYear, month: 9, day: 1)!
        return InferredCalendar(yearStart: sept1 < first ? sept1 : first, yearEnd: max(prev, Day(year: startYear + 1, month: 7, day: 22)!),
                                terms: terms, closures: closures)
    }

    /// One closure as rollbook.yml writes it: `{ date: …, session: PM, reason: … }` or `{ from: …, to: …, reason: … }`.
    public static func closureYAML(_ c: (from: Day, to: Day, session: Session?), reason: String) -> String {
        if let s = c.session { return "{ date: \(c.from.iso), session: \(s.text), reason: \(reason) }" }
        return c.from == c.to ? "{ date: \(c.from.iso), reason: \(reason) }" : "{ from: \(c.from.iso), to: \(c.to.iso), reason: \(reason) }"
    }

    public static func starterConfig(_ store: ImportStore) -> String? {
        guard let cal = inferredCalendar(store) else { return nil }
        let name = store.schoolName.map { $0.isEmpty ? "Your School" : $0 } ?? "Your School"
        var y = """
        # A starter rollbook.yml, inferred by `rollbook import` from the marks it read: terms are runs of
        # weekdays that have school marks; a gap of under a week inside a term is listed as a closure,
        # and so is a morning or afternoon for which no pupil has a mark that counts (`#` for all).
        # CHECK every date against the school's calendar before use (the export carries no calendar).
        school:
          name: \(name.contains(":") || name.contains("#") || name.hasPrefix("'") ? "\"" + name.replacingAll("\"", "\\\"") + "\"" : name)
        year:
          start: \(cal.yearStart.iso)
          end: \(cal.yearEnd.iso)
        terms:

        """
        for (i, t) in cal.terms.enumerated() { y += "  - { name: Term \(i + 1), start: \(t.0.iso), end: \(t.1.iso) }\n" }
        if !cal.closures.isEmpty {
            y += "closures:\n"
            for c in cal.closures { y += "  - " + closureYAML(c, reason: "No marks in the export") + "\n" }
        }
        return y
    }
}
