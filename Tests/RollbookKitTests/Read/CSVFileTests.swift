import Foundation
import RollbookKit
import Testing

/// A row as plain values, so it can outlive the reader's callback.
struct PlainRow: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var error: String? = nil
    var description: String { "\(line): \(fields)" + (error.map { " (\($0))" } ?? "") }
}

func readAll(_ file: CSVFile) throws -> (rows: [PlainRow], warnings: [String]) {
    var rows: [PlainRow] = []
    let warnings = try file.forEachRow { row in
        rows.append(PlainRow(line: row.line, fields: (0..<row.count).map { row.string($0) }, error: row.lexicalError))
    }
    return (rows, warnings)
}

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "data.csv") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let url = dir.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url.path
}

@Suite struct CSVFileTests {
    /// BOM, CRLF, blank lines (empty and spaces only), quoted commas, doubled quotes, a quoted
    /// line break, multi-byte characters, spaces to trim and no final line break.
    static let tricky: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((
        "pupil_id,forename,surname,class,year_group\r\n"
        + "P1,Zoë,\"O'Brien, \"\"Jr\"\"\",7A,7\r\n"
        + "\r\n"
        + "   \r\n"
        + "P2,Łukasz,\"Multi\r\nline\",7B,8\n"
        + "P3,€uro,😀Smile,7C,9\n"
        + "\n"
        + "P4,  spaced  ,\"  quoted  \",7D,10"
    ).utf8)

    static let trickyRows = [
        PlainRow(line: 1, fields: ["pupil_id", "forename", "surname", "class", "year_group"]),
        PlainRow(line: 2, fields: ["P1", "Zoë", "O'Brien, \"Jr\"", "7A", "7"]),
        PlainRow(line: 5, fields: ["P2", "Łukasz", "Multi\r\nline", "7B", "8"]),
        PlainRow(line: 7, fields: ["P3", "€uro", "😀Smile", "7C", "9"]),
        PlainRow(line: 9, fields: ["P4", "spaced", "quoted", "7D", "10"]),
    ]

    @Test func readsRFC4180FromMemory() throws {
        let (rows, warnings) = try readAll(CSVFile(displayPath: "x.csv", rawBytes: Self.tricky))
        #expect(rows == Self.trickyRows)
        #expect(warnings.isEmpty)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 11, 64, 1 << 22])
    func rowsStraddlingChunksComeOutTheSame(chunkSize: Int) throws {
        let path = try temporaryFile(Self.tricky)
        let file = try #require(CSVFile(displayPath: "x.csv", path: path))
        let (rows, warnings) = try readAll(file.withChunkSize(chunkSize))
        #expect(rows == Self.trickyRows)
        #expect(warnings.isEmpty)
    }

    @Test func sevenByteChunksMatchOneChunk() throws {
        var text = "pupil_id,date,session,mark,minutes_late,recorded_at\n"
        for i in 0..<200 {
            text += "P\(i),2025-09-\(String(format: "%02d", i % 28 + 1)),\(i % 2 == 0 ? "AM" : "PM"),\(i % 3 == 0 ? "\"/\"" : "N"),\(i % 5),2025-09-01T09:\(String(format: "%02d", i % 60))\(i % 7 == 0 ? "\r\n" : "\n")"
            if i % 13 == 0 { text += "\n" }
        }
        let path = try temporaryFile(Array(text.utf8))
        let file = try #require(CSVFile(displayPath: "Data/marks.csv", path: path))
        let whole = try readAll(file)
        let tiny = try readAll(file.withChunkSize(7))
        #expect(whole.rows.count == 201)
        #expect(tiny.rows == whole.rows)
        #expect(try readAll(CSVFile(displayPath: "m", text: text)).rows == whole.rows)
    }

    @Test func windows1252IsReadWithAWarning() throws {
        let bytes: [UInt8] = Array("pupil_id,surname\nP1,Beaupr".utf8) + [0xE9] + Array("\nP2,".utf8) + [0x80] + Array("uro\n".utf8)
        let expected = [
            PlainRow(line: 1, fields: ["pupil_id", "surname"]),
            PlainRow(line: 2, fields: ["P1", "Beaupré"]),
            PlainRow(line: 3, fields: ["P2", "€uro"]),
        ]
        let memory = try readAll(CSVFile(displayPath: "p.csv", rawBytes: bytes))
        #expect(memory.rows == expected)
        #expect(memory.warnings.count == 1)
        let file = try #require(CSVFile(displayPath: "p.csv", path: try temporaryFile(bytes)))
        for size in [1, 3, 7, 1 << 22] {
            let r = try readAll(file.withChunkSize(size))
            #expect(r.rows == expected)
            #expect(r.warnings.count == 1)
        }
    }

    @Test func utf8SplitAcrossChunksIsStillUTF8() throws {
        // "é" is two bytes, "€" three, "😀" four: chunk sizes 1 to 5 cut them everywhere.
        let bytes = Array("a,b\nRenée,€😀\n".utf8)
        let file = try #require(CSVFile(displayPath: "p.csv", path: try temporaryFile(bytes)))
        for size in 1...5 {
            let r = try readAll(file.withChunkSize(size))
            #expect(r.rows.last?.fields == ["Renée", "€😀"])
            #expect(r.warnings.isEmpty)
        }
    }

    @Test(arguments: [true, false])
    func utf16WithABOMIsRead(littleEndian: Bool) throws {
        let text = "pupil_id,surname\r\nP1,Renée\r\n"
        var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for u in text.utf16 {
            bytes += littleEndian ? [UInt8(u & 0xFF), UInt8(u >> 8)] : [UInt8(u >> 8), UInt8(u & 0xFF)]
        }
        let expected = [PlainRow(line: 1, fields: ["pupil_id", "surname"]), PlainRow(line: 2, fields: ["P1", "Renée"])]
        #expect(try readAll(CSVFile(displayPath: "p.csv", rawBytes: bytes)).rows == expected)
        let file = try #require(CSVFile(displayPath: "p.csv", path: try temporaryFile(bytes)))
        for size in [1, 2, 3, 1 << 22] {
            #expect(try readAll(file.withChunkSize(size)).rows == expected)
        }
    }

    @Test func anEmptyFileHasNoRows() throws {
        #expect(try readAll(CSVFile(displayPath: "e.csv", text: "")).rows.isEmpty)
        #expect(try readAll(CSVFile(displayPath: "e.csv", text: "\n \r\n\n")).rows.isEmpty)
    }

    @Test func anUnterminatedQuoteIsReportedOnItsRow() throws {
        let (rows, _) = try readAll(CSVFile(displayPath: "x.csv", text: "a,b\n1,\"oops\n2,3\n"))
        #expect(rows.first { $0.line == 2 }?.error != nil)
    }

    @Test func aMissingPathOrAFolderIsNoFile() throws {
        #expect(CSVFile(displayPath: "x", path: "/nonexistent/rollbook/x.csv") == nil)
        #expect(CSVFile(displayPath: "x", path: FileManager.default.temporaryDirectory.path) == nil)
    }
}
