import Foundation
@testable import RollbookKit
import Testing

/// `CSVFile.readInParts` applies a file's parts on a thread of its own while the next windows
/// are parsed (issue 11): `apply` still sees every part once, in file order, and an error it
/// throws stops the read and reaches the caller, with nothing applied after it.
@Suite struct PipelinedApplyTests {
    struct Stop: Error, Equatable { let at: Int }

    /// A file of `rows` rows after a header, each naming its own line.
    func write(rows: Int) throws -> String {
        var text = "line,value\n"
        for i in 0..<rows { text += "\(i + 2),v\(i % 97)\n" }
        let path = NSTemporaryDirectory() + "rollbook-pipelined-\(UUID().uuidString).csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The lines of every row of a part, as the parser numbered them and as the row says.
    @Sendable static func parse(_ part: inout CSVPart) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        while let row = part.next() { out.append((row.line, Int(row.string(0)) ?? -1)) }
        return out
    }

    func read(_ path: String, _ layout: CSVPartLayout, stopAfter: Int? = nil) throws -> (parts: Int, lines: [Int]) {
        let file = try #require(CSVFile(displayPath: "x.csv", path: path))
        var parts = 0
        var lines: [Int] = []
        try file.readInParts(layout: layout, header: { _ in }, parse: Self.parse, apply: { rows in
            if let stopAfter, parts == stopAfter { throw Stop(at: parts) }
            parts += 1
            for (line, written) in rows {
                #expect(line == written)
                lines.append(line)
            }
        }, restart: {})
        return (parts, lines)
    }

    @Test func everyPartIsAppliedOnceInFileOrder() throws {
        let rows = 20_000
        let path = try write(rows: rows)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for layout in [CSVPartLayout.serial, CSVPartLayout(window: 300, parts: 3, minPart: 1),
                       CSVPartLayout(window: 4096, parts: 8, minPart: 16), CSVPartLayout()] {
            let r = try read(path, layout)
            #expect(r.lines == Array(2..<(rows + 2)), "layout \(layout)")
        }
    }

    @Test func anErrorFromApplyStopsTheReadAndNothingIsAppliedAfterIt() throws {
        let path = try write(rows: 20_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let layout = CSVPartLayout(window: 300, parts: 3, minPart: 1)
        let whole = try read(path, layout)
        #expect(whole.parts > 100)
        var thrown: (any Error)? = nil
        var applied = -1
        do {
            let file = try #require(CSVFile(displayPath: "x.csv", path: path))
            var parts = 0
            try file.readInParts(layout: layout, header: { _ in }, parse: Self.parse, apply: { _ in
                if parts == 40 { throw Stop(at: parts) }
                parts += 1
                applied = parts
            }, restart: {})
        } catch {
            thrown = error
        }
        #expect(thrown as? Stop == Stop(at: 40))
        #expect(applied == 40)
    }
}
