import Foundation
@testable import RollbookKit
import Testing

/// `CSVParser.readPlainRow`, the one-scan reader for rows without quotes or CR, must return what
/// the general `readRow` returns for every row, wherever a window ends (issue 11, goal 1).
@Suite struct PlainRowReaderTests {
    /// One row as the parser returned it, with what the row's fields point at.
    struct Seen: Equatable, CustomStringConvertible {
        var line: Int, lastLine: Int
        var fields: [[UInt8]]
        var offsets: [Int]  // where each field starts in the buffer (pointers, as offsets)
        var problem: String?, nul: Int?
        var description: String { "\(line)-\(lastLine) \(fields.map { String(decoding: $0, as: UTF8.self) }) \(offsets) \(problem ?? "") \(nul.map(String.init) ?? "")" }
    }

    /// Every row of `bytes` read as one window (`atEnd` as given), and where the parser stopped.
    static func read(_ bytes: [UInt8], atEnd: Bool, plain: Bool) -> (rows: [Seen], pos: Int, line: Int) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        defer { scratch.deallocate() }
        return bytes.withUnsafeBytes { buf in
            var parser = CSVParser(buffer: buf, scratch: scratch, line: 1, atEnd: atEnd)
            parser.plainRows = plain
            defer { parser.deallocate() }
            var rows: [Seen] = []
            while let row = parser.next() {
                let offsets = (0..<row.count).map { i -> Int in
                    guard let a = row[i].baseAddress else { return -1 }
                    // Quoted fields live in the scratch space: mark them apart.
                    if let b = buf.baseAddress, a >= b, a <= b + buf.count { return a - b }
                    return -2
                }
                rows.append(Seen(line: row.line, lastLine: row.lastLine, fields: (0..<row.count).map { Array(row[$0]) },
                                 offsets: offsets, problem: row.lexicalError, nul: row.nulField))
            }
            return (rows, parser.pos, parser.line)
        }
    }

    static let tricky: [String] = [
        "pupil_id,date,session,mark,minutes_late,recorded_at\nP1,2026-01-05,AM,/,,\nP1,2026-01-05,PM,L,12,2026-01-05T13:40\n",
        "P1,2026-01-05,AM,/,,",  // no final line break
        "P1,2026-01-05,AM,/,,\r\nP2,2026-01-05,AM,#,,\r\n",  // CRLF, and a code below the comma
        "P1,2026-01-05,AM,/\rP2,2026-01-05,PM,\\\r",  // CR alone
        "\n\n  \n,,,\nP1,2026-01-05,AM,/,,\n\n , \t,\nP2,x\n",  // blank lines, spreadsheet blank rows
        "P1,2026-01-05,AM,/,,,,\nP1,2026\nP1\n,\n,P2\n",  // trailing commas, wrong field counts
        " P1 ,\t2026-01-05\t, AM ,  /  ,   ,\nP1,   ,AM,/,,\n",  // spaces and tabs around fields
        "P1,\"2026-01-05\",AM,/,,\n\"P,2\",2026-01-05,AM,\"a \"\"b\"\"\",,\nP3,\"x\ny\",AM,/,,\nP4,\"un\n",  // quotes
        "P1,2026-01-05,AM,\"/\" x,,\nP5,ok,AM,/,,\n",  // text after a closing quote
        "P1,a\"b,AM,/,,\nP2,2026-01-05,AM,/,,\n",  // a quote inside an unquoted field
        "Pé,2026-01-05,AM,/,,\nP✓,2026-01-05,AM,ü,,\n",  // non-ASCII
        "P1,2026-01-05,AM,/,,\nP1,20\u{0}26-01-05,AM,/,,\nP3,2026-01-05,AM,/,,\n",  // NUL
        String(repeating: "x", count: 5000) + "," + String(repeating: "y,", count: 100) + "\nP1,d,AM,/,,\n",  // long row, many fields
        "",
        "\n",
        ",",
        "P1",
    ]

    @Test("plain rows read as readRow reads them, whole and cut at every byte")
    func sameAsGeneralReader() {
        for text in Self.tricky {
            let bytes = Array(text.utf8)
            for atEnd in [true, false] {
                let fast = Self.read(bytes, atEnd: atEnd, plain: true)
                let slow = Self.read(bytes, atEnd: atEnd, plain: false)
                #expect(fast.rows == slow.rows, "\(text.debugDescription) atEnd \(atEnd)")
                #expect(fast.pos == slow.pos && fast.line == slow.line, "\(text.debugDescription) atEnd \(atEnd)")
            }
            // A window that ends anywhere, as a part or chunk boundary leaves it.
            for cut in 0..<min(bytes.count, 300) {
                let head = Array(bytes[..<cut])
                let fast = Self.read(head, atEnd: false, plain: true)
                let slow = Self.read(head, atEnd: false, plain: false)
                #expect(fast.rows == slow.rows && fast.pos == slow.pos && fast.line == slow.line,
                        "\(text.debugDescription) cut at \(cut)")
            }
        }
    }

    @Test("the plain reader takes the common rows")
    func takesPlainRows() {
        // Fields trimmed, a code below the comma ('#') kept, empty fields at the end.
        let bytes = Array("P1,2026-01-05,AM,/,,\nP2, x ,PM,#,3,\n".utf8)
        let rows = Self.read(bytes, atEnd: true, plain: true).rows
        #expect(rows.map { $0.fields.map { String(decoding: $0, as: UTF8.self) } } == [["P1", "2026-01-05", "AM", "/", "", ""], ["P2", "x", "PM", "#", "3", ""]])
        #expect(rows.map(\.line) == [1, 2])
    }

    @Test("a file read in small windows and parts gives the rows of a single read")
    func partsAgree() throws {
        var text = "pupil_id,date,session,mark,minutes_late,recorded_at\n"
        for i in 0..<400 {
            switch i % 9 {
            case 0: text += "P\(i),2026-01-05,AM,/,,\r\n"
            case 1: text += "P\(i),\"2026-01-05\",PM,\\,,\n"
            case 2: text += "\n"
            case 3: text += "P\(i),2026-01-06,AM,L,\(i),2026-01-06T09:\(10 + i % 40)\n"
            case 4: text += "P\(i), 2026-01-06 ,AM,#,,,\n"
            case 5: text += "Pé\(i),2026-01-06,PM,/,,\n"
            default: text += "P\(i),2026-01-07,AM,/,,\n"
            }
        }
        let file = CSVFile(displayPath: "marks.csv", text: text)
        var whole: [PlainRow] = []
        _ = try file.forEachRow { row in
            whole.append(PlainRow(line: row.line, fields: (0..<row.count).map { row.string($0) }, error: row.lexicalError))
        }
        for chunk in [1, 7, 64, 1000] {
            var rows: [PlainRow] = []
            _ = try file.withChunkSize(chunk).forEachRow { row in
                rows.append(PlainRow(line: row.line, fields: (0..<row.count).map { row.string($0) }, error: row.lexicalError))
            }
            #expect(rows == whole, "chunk \(chunk)")
        }
        // And against the general reader alone.
        let slow = Self.read(Array(text.utf8), atEnd: true, plain: false).rows
        #expect(whole.map(\.line) == slow.map(\.line))
        #expect(whole.map { $0.fields } == slow.map { $0.fields.map { String(decoding: $0, as: UTF8.self) } })
    }
}
