import Foundation
@testable import RollbookKit
import RollbookTestSupport
import Testing

/// marks.csv is parsed in parts on all cores and applied in file order (issue 11): whatever the
/// split, the register, its lists and the diagnostics are those of a serial read.
@Suite struct ParallelReadTests {
    static let roll = """
        pupil_id,forename,surname,class,year_group
        P1,Amy,Ash,7A,7
        P2,Ben,Birch,7A,7
        P3,Cal,Cedar,7B,7
        """

    /// A marks.csv with every hazard for a split: the same pupil-sessions given again and again
    /// (with earlier, equal, later and no `recorded_at`) all through the file, bad rows, quoted
    /// fields holding commas and line breaks, a stray quote inside a field, CRLF and lone CR line
    /// ends, blank lines, a BOM, and text outside ASCII.
    static func marks() -> [UInt8] {
        var rows: [String] = ["pupil_id,date,session,mark,minutes_late,recorded_at"]
        let dates = ["2025-09-01", "2025-09-02", "2025-09-03"]
        let codes = ["/", "N", "L", "O", "\\", "U", "C"]
        var n = 0
        for round in 0..<12 {
            for p in ["P1", "P2", "P3"] {
                for d in dates {
                    for s in ["AM", "PM"] {
                        n += 1
                        let code = codes[n % codes.count]
                        let late = code == "L" || code == "U" ? "\(n % 40)" : ""
                        // Stamps rise and fall, repeat, or are missing, so every branch of the
                        // effective-mark rule is taken on both sides of many part boundaries.
                        let stamp = n % 5 == 0 ? "" : "2025-09-0\(1 + (n * 7 + round) % 4)T09:\(10 + n % 3)"
                        rows.append("\(p),\(d),\(s),\(code),\(late),\(stamp)")
                    }
                }
            }
            switch round % 6 {
            case 0: rows.append("\"P1\",\"2025-09-01\",\"AM\",\"N\",\"\",\"2025-09-04T10:00\"")  // all quoted
            case 1: rows.append("P2,2025-09-02,PM,\"O\nX\",,")  // a mark holding a line break
            case 2: rows.append("\"Q,9\",2025-09-01,AM,/,,")  // unknown pupil with a comma
            case 3: rows.append("P3,2025-09-0\"3,AM,/,,")  // a stray quote inside a field
            case 4: rows.append("P1,2025-13-01,AM,/,,\r\nP1,2025-09-01,XM,/,,\r\n\r\nP2,2025-09-01,AM,é,,\rP3,2025-09-01,PM,/,,")
            default: rows.append("P1,2025-09-02,AM,/,,,extra\n   ,  ,\nP9,2025-09-02,\"A\r\nM\",/,,")
            }
        }
        rows.append("P3,2025-09-03,PM,N,,2025-09-09T09:00")
        return [0xEF, 0xBB, 0xBF] + Array(rows.joined(separator: "\n").utf8) + Array("\n".utf8)
    }

    struct Read: Equatable {
        var codes: [UInt8]
        var lines: [UInt32]
        var minutesLate: LateMinutes
        var unplaced: [UnplacedMark]
        var invalid: [InvalidRow]
        var warnings: [Diagnostic]
        var findings: [String]
    }

    func read(_ path: String, _ layout: CSVPartLayout) throws -> Read {
        let config = try ProjectConfig.parse(yaml: StandardCalendar.yaml)
        let marks = try #require(CSVFile(displayPath: config.marksPath, path: path)).withPartLayout(layout)
        let reg = try ProjectLoader.load(config: config, asOf: day("2025-09-05"),
                                         pupils: CSVFile(displayPath: config.pupilsPath, text: Self.roll), marks: marks,
                                         contacts: nil, keepRecordedAt: true)
        return Read(codes: reg.codes, lines: reg.lines, minutesLate: reg.minutesLate, unplaced: reg.unplacedMarks,
                    invalid: reg.invalidRows, warnings: reg.warnings, findings: Checker.check(reg).map(\.compilerStyle))
    }

    func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "rollbook-parallel-\(UUID().uuidString).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Splits from a few bytes to the default, with windows cutting rows and parts everywhere.
    static let layouts: [CSVPartLayout] = [
        CSVPartLayout(window: 7, parts: 3, minPart: 1),
        CSVPartLayout(window: 64, parts: 2, minPart: 1),
        CSVPartLayout(window: 97, parts: 5, minPart: 3),
        CSVPartLayout(window: 500, parts: 8, minPart: 1),
        CSVPartLayout(window: 4096, parts: 16, minPart: 16),
        CSVPartLayout(window: 1 << 20, parts: 64, minPart: 1),
        CSVPartLayout(),
    ]

    @Test func aParallelReadEqualsASerialOne() throws {
        let path = try write(Self.marks())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let serial = try read(path, .serial)
        // The serial read itself is right: superseded rows, bad rows and their lines.
        #expect(serial.unplaced.filter { $0.reason == .superseded }.count > 100)
        #expect(serial.invalid.count >= 10)
        #expect(serial.invalid.contains { $0.reason.contains("is not a date") })
        #expect(serial.invalid.contains { $0.reason.contains("session `XM`") })
        #expect(serial.unplaced.contains { $0.reason == .unknownPupil && $0.unknownId == "Q,9" })
        #expect(serial.unplaced.contains { $0.reason == .unknownCode && $0.markText == "é" })
        #expect(serial.warnings.isEmpty)
        for layout in Self.layouts {
            let parallel = try read(path, layout)
            #expect(parallel == serial, "layout \(layout)")
        }
    }

    /// The last row's line is the file's last line, however it was split: line counting across
    /// parts (CRLF, lone CR, breaks inside quotes) agrees with the serial parser.
    @Test func lineNumbersMatchTheFile() throws {
        let bytes = Self.marks()
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        // LF, and CR not followed by LF, as a person counts lines in an editor.
        var breaks = 0
        for (i, c) in bytes.enumerated() where c == 10 || (c == 13 && (i + 1 == bytes.count || bytes[i + 1] != 10)) { breaks += 1 }
        for layout in [CSVPartLayout.serial] + Self.layouts {
            let r = try read(path, layout)
            // The last row (P3 PM on 3 September, the latest stamp) is an effective mark, on the
            // file's last line (the file ends with a line break).
            #expect(r.lines.max() == UInt32(breaks), "layout \(layout)")
        }
    }

    /// A file that turns out not to be UTF-8 only after valid UTF-8 text was applied is read
    /// again from the start as Windows-1252: the same result as a serial read.
    @Test func invalidUTF8LateInTheFileRestartsTheRead() throws {
        var bytes = Array("pupil_id,date,session,mark\nP1,2025-09-01,AM,é\n".utf8)
        for _ in 0..<200 { bytes += Array("P2,2025-09-01,AM,/\nP2,2025-09-01,PM,N\n".utf8) }
        bytes += [0x50, 0x33, 0x2C, 0x32, 0x30, 0x32, 0x35, 0x2D, 0x30, 0x39, 0x2D, 0x30, 0x31, 0x2C, 0x41, 0x4D, 0x2C, 0xE9, 0x0A]  // P3,2025-09-01,AM,<é in Windows-1252>
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let serial = try read(path, .serial)
        #expect(serial.warnings.map(\.message) == ["not valid UTF-8; read as Windows-1252"])
        // Read as Windows-1252, the first row's two bytes are two characters.
        #expect(serial.unplaced.first?.markText == "Ã©")
        #expect(serial.unplaced.last?.markText == "é")
        for layout in Self.layouts {
            #expect(try read(path, layout) == serial, "layout \(layout)")
        }
    }

    /// The same with invalid bytes after ASCII only: no restart, the same result.
    @Test func invalidUTF8AfterASCIIOnly() throws {
        var bytes = Array("pupil_id,date,session,mark\n".utf8)
        for _ in 0..<100 { bytes += Array("P2,2025-09-01,AM,/\nP1,2025-09-01,PM,N\n".utf8) }
        bytes += [0x50, 0x33, 0x2C, 0x32, 0x30, 0x32, 0x35, 0x2D, 0x30, 0x39, 0x2D, 0x30, 0x31, 0x2C, 0x41, 0x4D, 0x2C, 0x93, 0x0A]
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let serial = try read(path, .serial)
        #expect(serial.unplaced.last?.markText == "\u{201C}")
        for layout in Self.layouts {
            #expect(try read(path, layout) == serial, "layout \(layout)")
        }
    }

    /// The build manifest's digest of a file read in pieces is the digest of the whole file
    /// (its value reaches `.rollbook-manifest`, so it never changes).
    @Test func theDigestOfAFileReadInPiecesIsTheDigestOfItsBytes() throws {
        for size in [0, 1, 7, 8, 9, 4 << 20, (4 << 20) + 3, (8 << 20) + 8] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
            let path = try write(bytes)
            defer { try? FileManager.default.removeItem(atPath: path) }
            var whole = BuildManifest.Hasher(), streamed = BuildManifest.Hasher()
            whole.add("marks.csv")
            streamed.add("marks.csv")
            whole.add(bytes)
            let read = streamed.addFile(path)
            #expect(read)
            #expect(streamed.hex == whole.hex, "\(size) bytes")
        }
        var h = BuildManifest.Hasher()
        let before = h.hex
        let missing = h.addFile("/nonexistent/marks.csv"), folder = h.addFile(NSTemporaryDirectory())
        #expect(!missing && !folder)
        #expect(h.hex == before)
        // A known value, so that a change to the hash itself cannot pass unnoticed.
        var known = BuildManifest.Hasher()
        known.add(Array("pupil_id,date,session,mark\n".utf8))
        #expect(known.hex == "370fc1f644c18ddc")
    }
}
