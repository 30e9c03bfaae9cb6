import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the DfE Common Transfer File (CTF, any version from 16 on) into an `ImportStore`
/// (spec section 9). The XML is streamed: only one pupil is held at a time.
///
/// Elements are matched by their local names as the DfE spells them; namespaces and prefixes are
/// ignored. Read: `Header` (`CTFversion`, `DateTime`, `SourceSchool`, `DestSchool`) and each
/// `CTFpupilData/Pupil` (UPN, names, DOB, sex, NC year, ethnicity, first language, FSM, SEN,
/// looked-after status, school history and `Attendance/YearData`).
public struct CTFReader {
    public var codeMap: CodeMap?
    public var allSchools: Bool

    public init(codeMap: CodeMap? = nil, allSchools: Bool = false) {
        self.codeMap = codeMap
        self.allSchools = allSchools
    }

    /// Reads one file into `store`. A file that is not well-formed XML, or not a CTF, adds an
    /// error note and contributes nothing (returns false).
    @discardableResult
    public func read(path: String, displayPath: String, into store: inout ImportStore) -> Bool {
        guard let stream = InputStream(fileAtPath: path), FileManager.default.isReadableFile(atPath: path) else {
            store.error(displayPath, "cannot open the file")
            return false
        }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue == 0 {
            store.error(displayPath, "the file is empty; nothing was imported from this file")
            return false
        }
        return read(stream: stream, displayPath: displayPath, into: &store, lineCount: {
            // Only on the error path: lines in the file, to tell a truncated file from a broken one.
            guard let r = ChunkReader(path: path, chunkSize: 1 << 20) else { return Int.max }
            defer { r.close() }
            var n = 1
            while case let c = r.read(), !c.isEmpty { n += c.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
            return n
        })
    }

    public func read(bytes: [UInt8], displayPath: String, into store: inout ImportStore) -> Bool {
        if bytes.isEmpty {
            store.error(displayPath, "the file is empty; nothing was imported from this file")
            return false
        }
        return read(stream: InputStream(data: Data(bytes)), displayPath: displayPath, into: &store,
             lineCount: { 1 + bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } })
    }

    func read(stream: InputStream, displayPath: String, into store: inout ImportStore, lineCount: () -> Int) -> Bool {
        let handler = CTFHandler(file: displayPath, reader: self)
        // Work on a copy: a file that turns out to be malformed adds nothing but its error.
        handler.store = store
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        var ok = parser.parse()
        if ok, handler.failure == nil, !handler.rootClosed {
            // The stream ended inside the document (the parser does not always say so).
            handler.failure = handler.sawRoot
                ? "malformed XML: the file ends before the root element `\(handler.rootName)` is closed; the file may be truncated"
                : "not XML: no root element"
            handler.failureLine = parser.lineNumber
            ok = false
        }
        if !ok || handler.failure != nil {
            let message: String
            let code = parser.parserError.map { ($0 as NSError).code } ?? 0
            if let f = handler.failure, !handler.xmlErrorFirst { message = f }
            else {
                let detail: String
                let line = handler.errorLine ?? parser.lineNumber, column = handler.errorColumn ?? parser.columnNumber
                let atEnd = handler.sawRoot && !handler.rootClosed && line >= lineCount()
                switch code {
                case 76: detail = "a closing tag does not match the element it closes"
                case _ where atEnd: detail = "the file ends before the document does; it may be truncated"
                case 4: detail = "the file holds no XML document"
                case 5: detail = "the document is not a single XML element (text or a second element outside the root)"
                case 9: detail = "a character that XML does not allow"
                case 68, 23, 26, 27: detail = "an `&` that starts no entity the parser knows; write `&amp;` for a literal `&`"
                case 77: detail = "an element is not finished"
                default: detail = "the XML is not well formed (libxml2 error \(code))"
                }
                message = "malformed XML (line \(line), column \(column)): \(detail)"
            }
            let line = handler.failure == nil || handler.xmlErrorFirst ? handler.errorLine ?? parser.lineNumber
                : handler.failureLine ?? parser.lineNumber
            store.error(displayPath, line: line > 0 ? line : nil, message + "; nothing was imported from this file")
            return false
        }
        guard handler.sawHeader else {
            store.error(displayPath, "not a Common Transfer File: no `Header` element; nothing was imported from this file")
            return false
        }
        store = handler.store
        return true
    }
}

/// The XMLParser delegate behind `CTFReader`.
final class CTFHandler: NSObject, XMLParserDelegate {
    let file: String
    let reader: CTFReader
    var store = ImportStore()
    var failure: String?
    var failureLine: Int?
    var sawRoot = false
    var sawHeader = false
    var rootClosed = false
    /// Whether the XML parser found an error before this reader gave up for its own reason.
    var xmlErrorFirst = false
    /// Line and column of the first XML error, as the parser reported them when it found it.
    var errorLine: Int?
    var errorColumn: Int?
    var rootName = ""

    var stack: [String] = []
    var fileIndex: UInt16 = 0
    var headerDone = false
    var text = ""

    // Header.
    var version = ""
    var dateTimeText = ""
    var recordedAt = ""
    var stamp: Int64 = .min
    var fileDay: Day?
    var sourceLEA = "", sourceEstab = "", sourceName = "", destLEA = "", destEstab = "", destName = ""
    enum SchoolField: String { case lea = "LEA", estab = "Estab", name = "SchoolName" }

    // The pupil being read.
    struct SchoolEntry { var lea = "", estab = "", name = "", entry = "", leaving = "" }
    struct YearBlock {
        var year = "", lea = "", estab = "", name = ""
        var totals: [String: String] = [:]
        var start = "", marks = ""
        var line = 0
    }
    var inPupil = false
    var pupilLine = 0
    var pupil = ImportedPupil()
    var pupilCount = 0
    var ncYear = ""
    var languageType = "", language = ""
    var firstLanguage: String?
    var fsmStart = "", fsmEnd = ""
    var fsmInstances: [(String, String)] = []
    var sawFSM = false
    var senStart = "", senProvision = ""
    var senRecords: [(String, String)] = []
    var school = SchoolEntry()
    var history: [SchoolEntry] = []
    var block = YearBlock()
    var blocks: [YearBlock] = []

    // Counts for the summary.
    var blocksImported = 0
    var blocksOther = 0
    var otherSchools = Set<String>()

    /// What a marks-string token is (cached per distinct token in `kinds`).
    enum TokenKind { case none, underscore, bad, stray, code(AttendanceCode) }
    var kinds: [TokenKind?] = []
    /// Per ASCII byte, its string index in the store (`.max`: not interned yet).
    var byteIDs = [UInt32](repeating: .max, count: 128)
    static let ascii: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    init(file: String, reader: CTFReader) {
        self.file = file
        self.reader = reader
    }

    static func local(_ name: String) -> String {
        guard name.utf8.contains(58) else { return name }
        if let i = name.lastIndex(of: ":") { return String(name[name.index(after: i)...]) }
        return name
    }

    func parent(_ k: Int = 1) -> String { stack.count > k ? stack[stack.count - 1 - k] : "" }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let name = CTFHandler.local(elementName)
        if stack.isEmpty {
            sawRoot = true
            rootName = name
            if name != "CTfile" && name != "CTF" && name != "CTFile" {
                failure = "not a Common Transfer File: the root element is `\(name)`, not `CTfile`"
                failureLine = parser.lineNumber
                parser.abortParsing()
                return
            }
        }
        stack.append(name)
        text = ""
        switch name {
        case "Header": sawHeader = true
        case "Pupil" where parent() == "CTFpupilData":
            guard headerDone else {
                failure = "not a Common Transfer File: a `Pupil` comes before the `Header` is complete"
                failureLine = parser.lineNumber
                parser.abortParsing()
                return
            }
            inPupil = true
            pupilLine = parser.lineNumber
            pupil = ImportedPupil()
            ncYear = ""; firstLanguage = nil; fsmInstances = []; sawFSM = false; senRecords = []
            history = []; blocks = []
        case "Type" where inPupil && parent() == "Languages": languageType = ""; language = ""
        case "FSMinstance" where inPupil: fsmStart = ""; fsmEnd = ""
        case "FSMhistory" where inPupil: sawFSM = true
        case "SEN" where inPupil && parent() == "SENhistory": senStart = ""; senProvision = ""
        case "School" where inPupil && parent() == "SchoolHistory": school = SchoolEntry()
        case "YearData" where inPupil: block = YearBlock(); block.line = parser.lineNumber
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text += String(decoding: CDATABlock, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let name = stack.last ?? CTFHandler.local(elementName)
        let value = text.trimmingSpaces
        let p1 = parent(), p2 = parent(2)
        defer { stack.removeLast(); text = ""; if stack.isEmpty { rootClosed = true } }
        if !inPupil {
            if p1 == "Header" {
                switch name {
                case "CTFversion": version = value
                case "DateTime":
                    dateTimeText = value
                    if let dt = ImportNormalise.dateTime(value) {
                        recordedAt = dt.text; stamp = dt.time.seconds; fileDay = dt.time.day
                    } else if let d = ImportNormalise.date(value) {
                        recordedAt = d.iso + "T00:00"; stamp = LocalTime(day: d, minuteOfDay: 0).seconds; fileDay = d
                    } else {
                        store.warn(file, line: parser.lineNumber,
                                   "the header's DateTime \(Escape.quoted(value)) is not a date and time; marks from this file count as older than any dated file")
                    }
                default: break
                }
            } else if p1 == "SourceSchool" || p1 == "DestSchool", p2 == "Header", let field = SchoolField(rawValue: name) {
                // The header's two schools: LEA, Estab and SchoolName of each.
                let source = p1 == "SourceSchool"
                switch field {
                case .lea: if source { sourceLEA = value } else { destLEA = value }
                case .estab: if source { sourceEstab = value } else { destEstab = value }
                case .name: if source { sourceName = value } else { destName = value }
                }
            } else if name == "Header" {
                fileIndex = store.addFile(file, stamp: stamp)
                headerDone = true
                if !sourceName.isEmpty, store.schoolName == nil { store.schoolName = sourceName }
                if !reader.allSchools, sourceLEA.isEmpty || sourceEstab.isEmpty {
                    failure = "the header's SourceSchool has no LEA and Estab, so this school's attendance cannot be told from earlier schools'; give --all-schools to import every school's blocks"
                    failureLine = parser.lineNumber
                    parser.abortParsing()
                }
            }
            return
        }
        switch name {
        case "UPN" where p1 == "Pupil": pupil.upn = value
        case "Surname" where p1 == "Pupil": pupil.surname = value
        case "Forename" where p1 == "Pupil": pupil.forename = value
        case "DOB" where p1 == "Pupil": pupil.dob = ImportNormalise.date(value)?.iso ?? value
        case "Sex" where p1 == "Pupil", "Gender" where p1 == "Pupil": pupil.sex = value
        case "NCyearActual": if ncYear.isEmpty { ncYear = value }
        case "Ethnicity" where p1 == "BasicDetails" || p1 == "Pupil": pupil.ethnicity = value
        case "LanguageType" where p1 == "Type": languageType = value
        case "Language" where p1 == "Type": language = value
        case "Type" where p1 == "Languages":
            if firstLanguage == nil, languageType.uppercased() == "F" || languageType.uppercased() == "FIRST" { firstLanguage = language }
        case "FSMstartDate": fsmStart = value
        case "FSMendDate": fsmEnd = value
        case "FSMinstance": fsmInstances.append((fsmStart, fsmEnd))
        case "StartDate" where p1 == "SEN": senStart = value
        case "SENprovision" where p1 == "SEN" || p1 == "SENhistory": senProvision = value
        case "SEN" where p1 == "SENhistory": senRecords.append((senStart, senProvision))
        case "InCare": pupil.cla = ImportNormalise.boolean(value)
        case "EALstatus", "EAL": pupil.eal = ImportNormalise.boolean(value)
        case "PupilPremiumIndicator", "PupilPremium": pupil.disadvantaged = ImportNormalise.boolean(value)
        case "LEA" where p1 == "School": school.lea = value
        case "Estab" where p1 == "School": school.estab = value
        case "SchoolName" where p1 == "School": school.name = value
        case "EntryDate" where p1 == "School": school.entry = value
        case "LeavingDate" where p1 == "School": school.leaving = value
        case "School" where p1 == "SchoolHistory": history.append(school)
        case "Year" where p1 == "YearData": block.year = value
        case "LEA" where p1 == "YearData": block.lea = value
        case "Estab" where p1 == "YearData": block.estab = value
        case "SchoolName" where p1 == "YearData": block.name = value
        case "SessionsPossible", "SessionsAuthorised", "SessionsUnauthorised", "SessionsAttended":
            if p1 == "YearData" || p1 == "AttendSessions" { block.totals[name] = value }
        case "AttendanceStartDate": block.start = value
        case "AttendanceMarks": block.marks = text  // untrimmed: trimmed when read
        case "YearData": blocks.append(block)
        case "Pupil" where p1 == "CTFpupilData":
            inPupil = false
            finishPupil()
        default: break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil, !xmlErrorFirst {
            xmlErrorFirst = true
            // Where the parser is now: after the whole stream has been fed it would be the end of the file.
            errorLine = parser.lineNumber
            errorColumn = parser.columnNumber
        }
    }

    func parserDidEndDocument(_ parser: XMLParser) {
        var line = "\(file): CTF \(version.isEmpty ? "(version not given)" : version)"
        line += " from \(sourceName.isEmpty ? "an unnamed school" : sourceName) (\(sourceLEA.isEmpty ? "?" : sourceLEA)/\(sourceEstab.isEmpty ? "?" : sourceEstab))"
        if !destLEA.isEmpty || !destName.isEmpty { line += " to \(destName.isEmpty ? "" : destName + " ")(\(destLEA)/\(destEstab))" }
        line += ", dated \(dateTimeText.isEmpty ? "(no DateTime)" : dateTimeText): \(pupilCount) pupil\(pupilCount == 1 ? "" : "s"), \(blocksImported) YearData block\(blocksImported == 1 ? "" : "s") imported"
        if blocksOther > 0 { line += ", \(blocksOther) of other schools left out (\(otherSchools.sorted().joined(separator: ", ")))" }
        store.readLines.append(line)
    }

    static func sameSchool(_ lea: String, _ estab: String, _ l2: String, _ e2: String) -> Bool {
        func norm(_ s: String) -> String { let t = s.trimmingSpaces; let d = t.drop { $0 == "0" }; return d.isEmpty ? t : String(d) }
        return norm(lea) == norm(l2) && norm(estab) == norm(e2)
    }

    func finishPupil() {
        let upn = pupil.upn
        guard !upn.isEmpty else {
            let who = [pupil.forename, pupil.surname].filter { !$0.isEmpty }.joined(separator: " ")
            store.skip(file, line: pupilLine, "a pupil\(who.isEmpty ? "" : " (" + who + ")") has no UPN, so cannot be identified; skipped")
            return
        }
        pupilCount += 1
        pupil.id = upn
        pupil.yearGroup = ImportNormalise.yearGroup(ncYear)
        pupil.className = pupil.yearGroup.isEmpty ? "" : "Y" + pupil.yearGroup
        if pupil.yearGroup.isEmpty { store.warn(file, upn: upn, "no NCyearActual: year_group and class are empty, so `check` will report the pupil's row") }
        if let lang = firstLanguage {
            let l = lang.uppercased()
            if l == "ENG" || l == "ENB" { pupil.eal = "false" }
            else if l != "NOT" && l != "REF" && !l.isEmpty { pupil.eal = "true" }
        }
        if sawFSM {
            let asAt = fileDay ?? Day.today
            pupil.fsm = fsmInstances.contains { inst in
                let s = ImportNormalise.date(inst.0), e = ImportNormalise.date(inst.1)
                return (s.map { $0 <= asAt } ?? true) && (e.map { asAt <= $0 } ?? true) && !(inst.0.isEmpty && inst.1.isEmpty)
            } ? "true" : "false"
        }
        if let latest = senRecords.enumerated().max(by: { a, b in
            (ImportNormalise.date(a.element.0)?.raw ?? Int32.min, a.offset) < (ImportNormalise.date(b.element.0)?.raw ?? Int32.min, b.offset)
        }) {
            pupil.sen = latest.element.1.isEmpty ? "" : ImportNormalise.sen(latest.element.1)
        }

        // Attendance: the source school's blocks only, unless --all-schools.
        var earliestStart: Day? = nil
        for b in blocks {
            let own = b.lea.isEmpty && b.estab.isEmpty || CTFHandler.sameSchool(b.lea, b.estab, sourceLEA, sourceEstab)
            if !own && !reader.allSchools {
                blocksOther += 1
                otherSchools.insert("\(b.lea)/\(b.estab)" + (b.name.isEmpty ? "" : " " + b.name))
                store.drop("YearData blocks of other schools (earlier schools' attendance; give --all-schools to import them)", file: fileIndex)
                continue
            }
            if let s = readBlock(b, upn: upn) {
                blocksImported += 1
                earliestStart = min(earliestStart ?? s, s)
            }
        }

        // Enrolment: the school history's entry and leaving dates at this school.
        let entries = history.filter { reader.allSchools || CTFHandler.sameSchool($0.lea, $0.estab, sourceLEA, sourceEstab) }
        let own = history.filter { CTFHandler.sameSchool($0.lea, $0.estab, sourceLEA, sourceEstab) }
        let entryDates = entries.compactMap { e -> Day? in
            guard !e.entry.isEmpty else { return nil }
            guard let d = ImportNormalise.date(e.entry) else {
                store.warn(file, upn: upn, "school history EntryDate \(Escape.quoted(e.entry)) is not a date; ignored")
                return nil
            }
            return d
        }
        if let first = entryDates.min() { pupil.admitted = first.iso }
        else if let s = earliestStart { pupil.admitted = s.iso }
        if !own.isEmpty, !own.contains(where: { $0.leaving.isEmpty }) {
            let leaving = own.compactMap { e -> Day? in
                guard let d = ImportNormalise.date(e.leaving) else {
                    store.warn(file, upn: upn, "school history LeavingDate \(Escape.quoted(e.leaving)) is not a date; ignored")
                    return nil
                }
                return d
            }
            if let last = leaving.max() { pupil.left = last.iso }
        }
        let previous = store.pupilStamps[upn]
        store.addPupil(pupil, newer: previous.map { $0 <= stamp } ?? true)
        store.pupilStamps[upn] = max(previous ?? .min, stamp)
    }

    /// Reads one YearData block's marks string; returns its start date, or nil when it was skipped.
    func readBlock(_ b: YearBlock, upn: String) -> Day? {
        let label = "YearData \(b.year.isEmpty ? "" : b.year + " ")(\(b.lea)/\(b.estab))"
        guard !b.start.isEmpty || !b.marks.trimmingSpaces.isEmpty else { return nil }  // totals only: nothing to import
        guard let start = ImportNormalise.date(b.start) else {
            store.skip(file, upn: upn, "\(label): AttendanceStartDate \(Escape.quoted(b.start)) is not a date; the block's marks are skipped")
            return nil
        }
        // Tokens: one character per session, or comma-separated codes (CTF 24 on).
        var raw = b.marks
        if raw.utf8.contains(where: { $0 == 10 || $0 == 13 || $0 == 9 }) { raw.removeAll { $0 == "\n" || $0 == "\r" || $0 == "\t" } }
        if raw.utf8.first == 32 || raw.utf8.last == 32 { raw = raw.trimmingSpaces }
        var tokens: [String]
        var ids: [UInt32] = []
        let isASCII = raw.utf8.allSatisfy { $0 < 128 }
        if raw.utf8.contains(44) {
            tokens = raw.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            if tokens.last == "" { tokens.removeLast() }  // a trailing comma
        } else if isASCII {
            tokens = raw.utf8.map { CTFHandler.ascii[Int($0)] }
            if reader.codeMap == nil {
                // One character per session: each byte's string index, found once per file.
                ids.reserveCapacity(tokens.count)
                for b in raw.utf8 {
                    var id = byteIDs[Int(b)]
                    if id == .max { id = store.internString(CTFHandler.ascii[Int(b)]); byteIDs[Int(b)] = id }
                    ids.append(id)
                }
            }
        } else {
            tokens = raw.map { String($0) }
        }
        if let map = reader.codeMap { tokens = tokens.map { map.apply($0) } }
        guard !tokens.isEmpty else { return start }
        if tokens.count % 2 == 1 {
            store.warn(file, upn: upn, "\(label): the marks string has an odd number of sessions (\(tokens.count)); the last day has an AM and no PM")
        }
        // Each distinct token is looked at once (`kinds`, by string index), not once per session.
        if ids.count != tokens.count { ids = tokens.map { store.internString($0) } }
        var kinds = self.kinds
        defer { self.kinds = kinds }
        func kind(_ i: Int) -> TokenKind {
            let id = Int(ids[i])
            if id < kinds.count, let k = kinds[id] { return k }
            if id >= kinds.count { kinds.append(contentsOf: repeatElement(nil, count: id + 1 - kinds.count)) }
            let t = tokens[i]
            let k: TokenKind
            if t == "-" || t.isEmpty { k = .none }
            else if t == "#" { k = .code(AttendanceCode("#")!) }
            else if t == "_" { k = .underscore }
            else if t.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 32 || $0.value == 127 }) { k = .bad }
            else if let c = AttendanceCode(t) { k = .code(c) }
            else { k = .stray }
            kinds[id] = k
            return k
        }
        func blank(_ i: Int) -> Bool {
            switch kind(i) {
            case .none: return true
            case .code(let c): return c.text == "#"
            default: return false
            }
        }
        // Calendar days (weekends as `#`), unless a weekend session holds a mark.
        var weekdaysOnly = false
        for i in tokens.indices where !blank(i) {
            if !start.adding(days: i / 2).isWeekday { weekdaysOnly = true; break }
        }
        var dates: [Day] = []
        dates.reserveCapacity((tokens.count + 1) / 2)
        if weekdaysOnly {
            var d = start
            while !d.isWeekday { d = d.adding(days: 1) }
            for _ in 0..<((tokens.count + 1) / 2) {
                dates.append(d)
                d = d.adding(days: 1)
                while !d.isWeekday { d = d.adding(days: 1) }
            }
            store.warn(file, upn: upn, "\(label): weekend sessions hold marks, so the string is read as weekdays only (Monday to Friday, from \(start.iso)); check the dates of a few marks")
        } else {
            for k in 0..<((tokens.count + 1) / 2) { dates.append(start.adding(days: k)) }
        }
        // Marks after the file's date.
        if let fd = fileDay {
            var late = 0
            var first: Day? = nil
            for i in tokens.indices where dates[i / 2] > fd && !blank(i) {
                late += 1
                if first == nil { first = dates[i / 2] }
            }
            if late > 0, let f = first {
                store.warn(file, upn: upn, "\(label): the marks string runs past the file's date (\(fd.iso)): \(late) session\(late == 1 ? "" : "s") from \(f.iso) hold marks; kept as they are")
            }
        }
        // The block's totals against its marks.
        var counted = SessionTotals(codes: [])
        for i in tokens.indices {
            guard case .code(let c) = kind(i) else { continue }
            if c.category.isPossible { counted.possible += 1 }
            if c.category.isAttended { counted.attended += 1 }
            if c.category == .authorised { counted.authorised += 1 }
            if c.category == .unauthorised { counted.unauthorised += 1 }
        }
        var disagree: [String] = []
        for (key, n) in [("SessionsPossible", counted.possible), ("SessionsAttended", counted.attended),
                         ("SessionsAuthorised", counted.authorised), ("SessionsUnauthorised", counted.unauthorised)] {
            guard let given = b.totals[key], !given.isEmpty else { continue }
            if let g = Int(given), g == n { continue }
            disagree.append("\(key) \(given), the marks give \(n)")
        }
        if !disagree.isEmpty {
            store.warn(file, upn: upn, "\(label): totals disagree with the marks: \(disagree.joined(separator: "; ")); the marks are imported")
        }
        // The marks.
        var stray: [String: (count: Int, first: String)] = [:]
        var bad = 0
        var firstBad = ""
        let fileIndex = self.fileIndex
        var noMark = 0, underscore = 0
        defer {
            store.drop("sessions with no mark (`-` or empty)", noMark, file: fileIndex)
            store.drop("sessions marked `_` with no code map for it (no mark)", underscore, file: fileIndex)
        }
        store.sessionHint = tokens.count + (weekdaysOnly ? tokens.count * 2 / 5 + 4 : 0)
        defer { store.sessionHint = 0 }
        var list: [(day: Day, session: Session, code: UInt32)] = []
        list.reserveCapacity(tokens.count)
        for i in tokens.indices {
            let d = dates[i / 2]
            let s: Session = i % 2 == 0 ? .am : .pm
            switch kind(i) {
            case .none: noMark += 1; continue
            case .underscore: underscore += 1; continue
            case .bad:
                bad += 1
                if firstBad.isEmpty { firstBad = "\(d.iso) \(s.text)" }
                continue
            case .stray:
                let t = tokens[i], k = stray[t]
                stray[t] = (count: (k?.count ?? 0) + 1, first: k?.first ?? "\(d.iso) \(s.text)")
            case .code: break
            }
            list.append((d, s, ids[i]))
        }
        store.addMarks(pupil: upn, list, recordedAt: recordedAt, file: fileIndex)
        if bad > 0 {
            store.skip(file, upn: upn, "\(label): \(bad) session\(bad == 1 ? "" : "s") hold a space or control character instead of a code (first \(firstBad)); skipped")
        }
        for (t, v) in stray.sorted(by: { $0.key < $1.key }) {
            let hint = reader.codeMap == nil && CodeMap.one.entries[t] != nil ? " (if your MIS squeezes two-character codes into one, try --code-map one)" : ""
            store.warn(file, upn: upn, "\(label): \(Escape.quoted(t)) is not an attendance code (\(v.count) session\(v.count == 1 ? "" : "s"), first \(v.first)); kept for `rollbook check` to report\(hint)")
        }
        return start
    }
}
