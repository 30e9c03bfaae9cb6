import Foundation
@testable import RollbookKit
import RollbookTestSupport
import Testing

/// The cheaper paths of `check` and `stats` (issue 11, goal 1, second pass) give what the
/// plain ones give: minutes late by line, the marks parser's date cache, and `stats` reading
/// no contact or action rows.
@Suite struct ReadFastPathTests {
    /// `LateMinutes` answers as the dictionary it replaced, whatever the order lines come in.
    @Test func lateMinutesAnswersAsADictionary() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<20 {
            var fast = LateMinutes()
            var model: [UInt32: Int] = [:]
            var line: UInt32 = 1
            for _ in 0..<400 {
                // Mostly rising lines (the read's order), some repeated, some earlier, some removed.
                let key: UInt32
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<6: line += UInt32.random(in: 1...5, using: &rng); key = line
                case 6, 7: key = UInt32.random(in: 1...line, using: &rng)
                default: key = line
                }
                let value: Int? = round % 2 == 0 && Int.random(in: 0..<8, using: &rng) == 0 ? nil : Int.random(in: 0...90, using: &rng)
                fast[key] = value
                model[key] = value
                #expect(fast.count == model.count)
            }
            for k in 0...(line + 2) { #expect(fast[k] == model[k], "line \(k)") }
        }
        var big = LateMinutes()
        big[7] = Int(Int32.max)
        #expect(big[7] == Int(Int32.max) && big[6] == nil && big[8] == nil && !big.isEmpty)
    }

    /// The direct-mapped cache gives `Day(bytes:)` for every field: every day of three years in
    /// random order (entries collide across years), impossible dates and other shapes.
    @Test func dateCacheGivesDayOfBytes() {
        var fields: [String] = []
        var d = day("2024-08-01")
        while d <= day("2027-07-31") { fields.append(d.iso); d = d.adding(days: 1) }
        fields += ["2025-02-29", "2025-13-01", "2025-00-10", "2025-09-00", "2025-09-32", "2025-9-01", "01/09/2025",
                   "1/9/2025", "2025-0A-01", "2025/09/01", "20250901AB", "", "2025-09-01 ", "9999-12-31"]
        var cache = ProjectLoader.DateCache()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<4 {
            for f in fields.shuffled(using: &rng) {
                let bytes = Array(f.utf8)
                let (fast, plain) = bytes.withUnsafeBytes { (cache.day($0), Day(bytes: $0)) }
                #expect(fast == plain, "\(f)")
            }
        }
    }

    /// A school whose contacts.csv and actions.csv have rows of every kind (valid, invalid,
    /// unknown pupil), with a given contacts header and encoding.
    func load(contacts: [UInt8], extent: ProjectLoader.Extent) throws -> Result<Register, InputError> {
        let config = try ProjectConfig.parse(yaml: StandardCalendar.yaml)
        let marks = """
            pupil_id,date,session,mark,minutes_late
            P1,2025-09-01,AM,L,12
            P1,2025-09-01,PM,N,
            P2,2025-09-01,AM,/,
            P2,2025-09-01,AM,O,
            P9,2025-09-01,AM,/,
            P3,2025-09-0x,AM,/,
            """
        let actions = """
            pupil_id,date,action,review_by
            P1,2025-09-01,call,not-a-date
            P9,2025-09-01,letter,
            P2,,call,
            """
        do {
            let reg = try ProjectLoader.load(config: config, asOf: day("2025-09-05"),
                                             pupils: CSVFile(displayPath: config.pupilsPath, text: TestSchool.standardRoll),
                                             marks: CSVFile(displayPath: config.marksPath, text: marks),
                                             contacts: CSVFile(displayPath: config.contactsPath, rawBytes: contacts),
                                             actions: CSVFile(displayPath: config.actionsPath, text: actions), extent: extent)
            return .success(reg)
        } catch let e as InputError {
            return .failure(e)
        }
    }

    static let contactRows = "P1,2025-09-01,AM,absence,ill,,phone\nP9,2025-09-01,,absence,ill,,\nP2,2025-09-3x,,,,,\nP3,2025-09-01,PM,late,bus,,email\n"

    /// `stats` loads the roll and marks as `check` does; contacts.csv and actions.csv give the
    /// same errors and warnings, and no rows. The statistics are the same.
    @Test func rollAndMarksReadsTheSameRollMarksErrorsAndWarnings() throws {
        let good = Array((TestSchool.contactsHeader + "\n" + Self.contactRows).utf8)
        let windows1252 = Array((TestSchool.contactsHeader + "\n").utf8) + Array("P1,2025-09-01,AM,absence,".utf8) + [0xE9] + Array(",,phone\n".utf8)
        let badHeader = Array("pupil,date\nP1,2025-09-01\n".utf8)
        for contacts in [good, windows1252, badHeader] {
            let all = try load(contacts: contacts, extent: .all), some = try load(contacts: contacts, extent: .rollAndMarks)
            switch (all, some) {
            case (.success(let a), .success(let b)):
                #expect(a.codes == b.codes && a.lines == b.lines && a.minutesLate == b.minutesLate)
                #expect(a.unplacedMarks == b.unplacedMarks)
                #expect(a.pupils == b.pupils && a.rollSlots == b.rollSlots)
                #expect(a.warnings == b.warnings)
                #expect(!a.contacts.isEmpty && !a.actions.isEmpty)
                #expect(b.contacts.isEmpty && b.actions.isEmpty && b.unknownPupilRows.isEmpty)
                #expect(b.invalidRows == a.invalidRows.filter { $0.file == a.config.marksPath })
                for by in [StatsReport.Grouping.pupil, .class, .school] {
                    #expect(StatsReport.csv(a, by: by) == StatsReport.csv(b, by: by))
                    #expect(StatsReport.json(a, by: by) == StatsReport.json(b, by: by))
                }
            case (.failure(let a), .failure(let b)):
                #expect(a.diagnostics == b.diagnostics)
            default:
                Issue.record("one extent failed, the other did not")
            }
        }
        // The windows-1252 file warns in both.
        let w = try load(contacts: windows1252, extent: .rollAndMarks).get().warnings.map(\.description)
        #expect(w.contains { $0.contains("Windows-1252") })
    }
}
