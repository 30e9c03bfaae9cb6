#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One row of a CSV file, borrowed from the reader for the duration of a callback.
///
/// Fields are byte buffers, already unquoted and trimmed of surrounding spaces. They point into
/// the file's bytes or the reader's scratch space and must not escape the callback.
public struct CSVRow {
    /// 1-based line on which the row starts (the header is line 1 in a file without blank lines).
    public let line: Int
    /// The line on which it ends: later than `line` when a quoted field holds line breaks.
    public var lastLine: Int
    /// Why the row is malformed at the lexical level (e.g. an unterminated quote), if it is.
    public var lexicalError: String? { problem?.rawValue }
    /// The same as a plain value, so that a row holds no reference to count.
    enum Problem: String { case unterminated = "unterminated quoted field", textAfterQuote = "unexpected text after a closing quote" }
    let problem: Problem?
    /// The 0-based index of the first field holding a NUL byte, which no text file has: the
    /// file is damaged or not text.
    public var nulField: Int? = nil
    fileprivate let fields: UnsafeBufferPointer<UnsafeRawBufferPointer>

    public var count: Int { fields.count }

    public subscript(i: Int) -> UnsafeRawBufferPointer { fields[i] }

    public func string(_ i: Int) -> String { String(decoding: fields[i], as: UTF8.self) }

    public func isEmpty(_ i: Int) -> Bool { fields[i].isEmpty }

    public func containsNUL(_ i: Int) -> Bool { !fields[i].isEmpty && memchr(fields[i].baseAddress!, 0, fields[i].count) != nil }
}

/// A CSV source: a file streamed in chunks (so a 1.5 GB register never sits in memory whole),
/// or bytes already in memory. Decoding follows spec section 3: UTF-8 with or without a BOM,
/// UTF-16 (with a BOM, or recognised by its NUL bytes) with a warning, otherwise Windows-1252
/// with a warning.
public struct CSVFile: Sendable {
    /// The path shown to users (relative to the project folder).
    public let displayPath: String
    enum Storage: Sendable { case file(String), memory([UInt8]) }
    let storage: Storage
    /// Bytes per read; small in tests to exercise rows that straddle chunks.
    var chunkSize = 1 << 22
    /// How `readInParts` splits the work (windows, parts per window).
    var partLayout = CSVPartLayout()

    public init(displayPath: String, rawBytes: [UInt8]) {
        self.displayPath = displayPath
        storage = .memory(rawBytes)
    }

    public init(displayPath: String, text: String) {
        self.init(displayPath: displayPath, rawBytes: Array(text.utf8))
    }

    /// A file on disk; nil when it does not exist or is not a regular file.
    public init?(displayPath: String, path: String) {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.displayPath = displayPath
        storage = .file(path)
    }

    public func withChunkSize(_ n: Int) -> CSVFile { var c = self; c.chunkSize = max(n, 1); return c }

    /// The same file read with another split of the work (tests force small windows and parts).
    func withPartLayout(_ layout: CSVPartLayout) -> CSVFile { var c = self; c.partLayout = layout; return c }

    enum Encoding { case utf8, windows1252, utf16 }

    /// Calls `body` for every non-blank row, the header included, in file order. Returns the
    /// decoding warnings (e.g. "not valid UTF-8; read as Windows-1252").
    @discardableResult
    public func forEachRow(_ body: (CSVRow) throws -> Void) throws -> [String] {
        switch storage {
        case .memory(let raw):
            var warnings: [String] = []
            let bytes = TextDecoding.utf8(from: raw, warnings: &warnings)
            try CSVFile.parse(chunks: [bytes], body)
            return warnings
        case .file(let path):
            guard let reader = ChunkReader(path: path, chunkSize: chunkSize) else {
                throw InputError([Diagnostic(path: displayPath, "cannot open the file")])
            }
            defer { reader.close() }
            // Pass 1: the encoding (a BOM, UTF-16 text, or a streaming UTF-8 validity check). The
            // head holds at least four bytes (unless the file is shorter), however small the chunks.
            var head: [UInt8] = []
            while head.count < 4, case let c = reader.read(), !c.isEmpty { head += c }
            var encoding = Encoding.utf8
            var skip = 0
            if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { skip = 3 }
            if TextDecoding.utf16Layout(head) != nil {
                encoding = .utf16
            } else {
                var validator = UTF8Validator()
                var chunk = head
                while !chunk.isEmpty {
                    if !validator.feed(chunk) { encoding = .windows1252; break }
                    chunk = reader.read()
                }
                if encoding == .utf8, !validator.finish() { encoding = .windows1252 }
            }
            reader.rewind()
            head = []
            switch encoding {
            case .utf16:
                var all: [UInt8] = []
                while case let c = reader.read(), !c.isEmpty { all += c }
                var warnings: [String] = []
                let bytes = TextDecoding.utf8(from: all, warnings: &warnings)
                try CSVFile.parse(chunks: [bytes], body)
                return warnings
            case .utf8, .windows1252:
                // Drop the BOM, even when it spans chunks; an empty chunk means the end of input.
                var toSkip = skip
                try CSVFile.parse(next: {
                    var c = reader.read()
                    while toSkip > 0, !c.isEmpty {
                        let n = min(toSkip, c.count)
                        c.removeFirst(n)
                        toSkip -= n
                        if c.isEmpty { c = reader.read() }
                    }
                    return encoding == .windows1252 ? TextDecoding.windows1252ToUTF8(c) : c
                }, body)
                return encoding == .windows1252 ? ["not valid UTF-8; read as Windows-1252"] : []
            }
        }
    }

    static func parse(chunks: [[UInt8]], _ body: (CSVRow) throws -> Void) throws {
        var i = 0
        try parse(next: { defer { i += 1 }; return i < chunks.count ? chunks[i] : [] }, body)
    }

    /// Parses a stream of UTF-8 chunks (an empty chunk ends it). A row that straddles two
    /// chunks is carried over and parsed again once its end has arrived.
    static func parse(next: () -> [UInt8], _ body: (CSVRow) throws -> Void) throws {
        var window: [UInt8] = next()
        var eof = window.isEmpty
        var line = 1
        var scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(window.count, 1 << 16), alignment: 1)
        defer { scratch.deallocate() }
        while true {
            if scratch.count < window.count {
                scratch.deallocate()
                scratch = .allocate(byteCount: window.count, alignment: 1)
            }
            var consumed = 0
            try window.withUnsafeBytes { buf in
                var parser = CSVParser(buffer: buf, scratch: scratch, line: line, atEnd: eof)
                defer { parser.deallocate() }
                while let row = parser.next() { try body(row) }
                consumed = parser.pos
                line = parser.line
            }
            if eof { return }
            let more = next()
            if more.isEmpty { eof = true }
            if consumed > 0 { window.removeFirst(consumed) }
            window += more
        }
    }
}

/// The byte-level RFC 4180 state machine behind `CSVFile`. It works on one window of input; a
/// row that reaches the end of a window that is not the end of the input is left for the next.
struct CSVParser {
    let buf: UnsafeRawBufferPointer
    var pos = 0
    var line: Int
    let scratch: UnsafeMutableRawBufferPointer
    var scratchUsed = 0
    var fields: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    var fieldCount = 0
    /// Whether the buffer ends the input.
    let atEnd: Bool
    /// Whether the buffer holds a NUL byte anywhere (one `memchr` over it, not one per row).
    let hasNUL: Bool
    /// Whether plain rows take `readPlainRow` (tests turn it off to compare it with `readRow`).
    var plainRows = true

    /// `scratch` must be at least as large as `buffer` (unquoted text is never longer).
    init(buffer: UnsafeRawBufferPointer, scratch: UnsafeMutableRawBufferPointer, line: Int, atEnd: Bool) {
        buf = buffer
        self.scratch = scratch
        self.line = line
        self.atEnd = atEnd
        hasNUL = !buffer.isEmpty && memchr(buffer.baseAddress!, 0, buffer.count) != nil
        fields = .allocate(capacity: 64)
    }

    func deallocate() { fields.deallocate() }

    @inline(__always) private mutating func append(_ f: UnsafeRawBufferPointer) {
        if fieldCount == fields.count { grow() }
        fields[fieldCount] = f
        fieldCount += 1
    }

    @inline(never) private mutating func grow() {
        let bigger = UnsafeMutableBufferPointer<UnsafeRawBufferPointer>.allocate(capacity: fields.count * 2)
        _ = bigger.initialize(from: fields)
        fields.deallocate()
        fields = bigger
    }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 }

    /// The next non-blank row; nil at the end of the window.
    mutating func next() -> CSVRow? {
        let n = buf.count
        while pos < n {
            // Skip blank lines: empty, or only spaces, tabs and commas (a spreadsheet's empty
            // row; spec section 11).
            var p = pos
            while p < n, CSVParser.isSpace(buf[p]) || buf[p] == 44 { p += 1 }
            if p == n { if atEnd { pos = n }; return nil }
            if buf[p] == 10 || buf[p] == 13 {
                if buf[p] == 13 {
                    if p + 1 == n, !atEnd { return nil }
                    if p + 1 < n, buf[p + 1] == 10 { p += 1 }
                }
                pos = p + 1
                line += 1
                continue
            }
            if plainRows, !hasNUL, let row = readPlainRow() { return row }
            return readRow()
        }
        return nil
    }

    /// The row at `pos` when it is plain (no quote and no CR, in a buffer without NUL bytes) and
    /// ends with LF, or with the end of the input: its fields found in one scan, the same row
    /// `readRow` returns. nil, with nothing changed but the field count, for anything else
    /// (`readRow` then reads it).
    @inline(__always) private mutating func readPlainRow() -> CSVRow? {
        let n = buf.count
        let base = buf.baseAddress!
        var p = pos
        var s = p
        fieldCount = 0
        while true {
            if p == n { if atEnd { break }; return nil }
            let c = base.load(fromByteOffset: p, as: UInt8.self)
            if c > 44 { p += 1; continue }
            if c == 44 { appendTrimmed(s, p); p += 1; s = p; continue }
            if c == 10 { break }
            if c == 34 || c == 13 { return nil }
            p += 1
        }
        appendTrimmed(s, p)
        let startLine = line
        if p < n { p += 1; line += 1 }
        pos = p
        return CSVRow(line: startLine, lastLine: startLine, problem: nil, nulField: nil,
                      fields: UnsafeBufferPointer(start: fields.baseAddress, count: fieldCount))
    }

    /// Appends `buf[s..<e]` less its leading and trailing spaces and tabs, as `readRow` keeps
    /// an unquoted field.
    @inline(__always) private mutating func appendTrimmed(_ start: Int, _ end: Int) {
        var s = start, e = end
        while s < e, CSVParser.isSpace(buf[s]) { s += 1 }
        while e > s, CSVParser.isSpace(buf[e - 1]) { e -= 1 }
        append(UnsafeRawBufferPointer(rebasing: buf[s..<e]))
    }

    /// Reads the row at `pos`; nil (with `pos` and `line` unchanged) when the window ends before
    /// the row does and more input may follow.
    private mutating func readRow() -> CSVRow? {
        let n = buf.count
        let startLine = line
        let startPos = pos
        fieldCount = 0
        scratchUsed = 0
        var error: CSVRow.Problem? = nil
        var p = pos
        rowLoop: while true {
            while p < n, CSVParser.isSpace(buf[p]) { p += 1 }
            if p < n, buf[p] == 34 {  // a quoted field
                p += 1
                let out = scratch.baseAddress! + scratchUsed
                var len = 0
                var closed = false
                while p < n {
                    let c = buf[p]
                    if c == 34 {
                        if p + 1 < n, buf[p + 1] == 34 { out.storeBytes(of: 34, toByteOffset: len, as: UInt8.self); len += 1; p += 2; continue }
                        if p + 1 == n, !atEnd { break }  // maybe a doubled quote split by the window
                        p += 1
                        closed = true
                        break
                    }
                    if c == 10 { line += 1 }
                    else if c == 13 { if !(p + 1 < n && buf[p + 1] == 10) { line += 1 } }
                    out.storeBytes(of: c, toByteOffset: len, as: UInt8.self)
                    len += 1
                    p += 1
                }
                if !closed, !atEnd { line = startLine; return nil }
                if !closed {
                    // Unterminated quote: report the row and resume on the line after it started,
                    // so one stray quote does not swallow the rest of the file.
                    error = .unterminated
                    line = startLine
                    p = startPos
                    while p < n, buf[p] != 10, buf[p] != 13 { p += 1 }
                    fieldCount = 0
                    append(UnsafeRawBufferPointer(rebasing: buf[startPos..<p]))
                    break rowLoop
                }
                // Text between the closing quote and the separator is kept, and reported.
                var tail = p
                while tail < n, buf[tail] != 44, buf[tail] != 10, buf[tail] != 13 { tail += 1 }
                var k = p
                while k < tail, CSVParser.isSpace(buf[k]) { k += 1 }
                if k < tail {
                    error = .textAfterQuote
                    for i in k..<tail { out.storeBytes(of: buf[i], toByteOffset: len, as: UInt8.self); len += 1 }
                }
                p = tail
                var e = len
                while e > 0, CSVParser.isSpace(out.load(fromByteOffset: e - 1, as: UInt8.self)) { e -= 1 }
                var s = 0
                while s < e, CSVParser.isSpace(out.load(fromByteOffset: s, as: UInt8.self)) { s += 1 }
                append(UnsafeRawBufferPointer(start: out + s, count: e - s))
                scratchUsed += len
            } else {
                let s = p
                // Comma, LF and CR are all below 45: one comparison for most bytes.
                while p < n {
                    let c = buf[p]
                    if c > 44 || (c != 44 && c != 10 && c != 13) { p += 1 } else { break }
                }
                var e = p
                while e > s, CSVParser.isSpace(buf[e - 1]) { e -= 1 }
                append(UnsafeRawBufferPointer(rebasing: buf[s..<e]))
            }
            if p >= n { break }
            if buf[p] == 44 {
                p += 1
                if p >= n { append(UnsafeRawBufferPointer(rebasing: buf[n..<n])); break }
                continue
            }
            break
        }
        if p >= n, !atEnd { line = startLine; return nil }
        if p + 1 == n, buf[p] == 13, !atEnd { line = startLine; return nil }
        // One memchr over the row; only a row with a NUL byte looks at its fields.
        var nulField: Int? = nil
        if hasNUL, error == nil, p > startPos, memchr(buf.baseAddress! + startPos, 0, p - startPos) != nil {
            nulField = (0..<fieldCount).first { k in
                !fields[k].isEmpty && memchr(fields[k].baseAddress!, 0, fields[k].count) != nil
            }
        }
        let lastLine = line
        if p < n {
            if buf[p] == 13 { p += 1; if p < n, buf[p] == 10 { p += 1 } }
            else if buf[p] == 10 { p += 1 }
            line += 1
        }
        pos = p
        return CSVRow(line: startLine, lastLine: lastLine, problem: error, nulField: nulField,
                      fields: UnsafeBufferPointer(start: fields.baseAddress, count: fieldCount))
    }
}

/// Streams a file in fixed-size chunks.
final class ChunkReader {
    let fd: Int32
    let chunkSize: Int

    init?(path: String, chunkSize: Int) {
        fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        self.chunkSize = chunkSize
    }

    func read() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: chunkSize) { buf, count in
            var done = 0
            while done < chunkSize {
                let r = Glibc.read(fd, buf.baseAddress! + done, chunkSize - done)
                if r < 0 { if errno == EINTR { continue }; break }
                if r == 0 { break }
                done += r
            }
            count = done
        }
    }

    func rewind() { lseek(fd, 0, SEEK_SET) }
    func close() { _ = Glibc.close(fd) }
}

/// Checks UTF-8 validity across chunk boundaries.
struct UTF8Validator {
    var carry: [UInt8] = []

    /// False as soon as an invalid sequence is seen.
    mutating func feed(_ chunk: [UInt8]) -> Bool {
        var data = carry + chunk
        carry = []
        // Hold back an incomplete sequence at the end.
        var cut = data.count
        var k = data.count - 1
        var back = 0
        while k >= 0, back < 3, data[k] & 0xC0 == 0x80 { k -= 1; back += 1 }
        if k >= 0 {
            let c = data[k]
            let need = c & 0xE0 == 0xC0 ? 2 : c & 0xF0 == 0xE0 ? 3 : c & 0xF8 == 0xF0 ? 4 : 1
            if need > 1, data.count - k < need { cut = k }
        }
        if cut < data.count { carry = Array(data[cut...]); data.removeLast(data.count - cut) }
        return TextDecoding.isValidUTF8(data)
    }

    mutating func finish() -> Bool { carry.isEmpty }
}

/// Turns file bytes into UTF-8: strips a byte-order mark, decodes UTF-16 (with a BOM, or without
/// one when the text starts with ASCII), and falls back to Windows-1252 for bytes that are not
/// valid UTF-8.
public enum TextDecoding {
    public static func utf8(from raw: [UInt8], warnings: inout [String]) -> [UInt8] {
        if raw.count >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF {
            let rest = Array(raw[3...])
            if isValidUTF8(rest) { return rest }
            warnings.append("not valid UTF-8; read as Windows-1252")
            return windows1252ToUTF8(rest)
        }
        if let (little, bom) = utf16Layout(raw) {
            var units: [UInt16] = []
            units.reserveCapacity(raw.count / 2)
            var i = bom ? 2 : 0
            while i + 1 < raw.count {
                units.append(little ? UInt16(raw[i]) | UInt16(raw[i + 1]) << 8 : UInt16(raw[i]) << 8 | UInt16(raw[i + 1]))
                i += 2
            }
            warnings.append("read as UTF-16\(bom ? "" : " (no byte-order mark)"); save it as UTF-8 CSV to avoid this warning")
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
        if isValidUTF8(raw) { return raw }
        warnings.append("not valid UTF-8; read as Windows-1252")
        return windows1252ToUTF8(raw)
    }

    /// UTF-16 with a byte-order mark, or without one when the text starts with two ASCII
    /// characters (a header row does; in UTF-8 they would be followed by NUL bytes): the byte
    /// order, and whether there is a mark to skip. nil for anything else.
    static func utf16Layout(_ b: [UInt8]) -> (little: Bool, bom: Bool)? {
        if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE { return (true, true) }
        if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF { return (false, true) }
        guard b.count >= 4 else { return nil }
        if b[0] != 0, b[0] < 0x80, b[1] == 0, b[2] != 0, b[2] < 0x80, b[3] == 0 { return (true, false) }
        if b[0] == 0, b[1] != 0, b[1] < 0x80, b[2] == 0, b[3] != 0, b[3] < 0x80 { return (false, false) }
        return nil
    }

    public static func isValidUTF8(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            while i < n {
                // Fast path over ASCII, eight bytes at a time.
                if i + 8 <= n {
                    let w = UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    if w & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
                }
                let c = p[i]
                if c < 0x80 { i += 1; continue }
                var need = 0
                var minScalar: UInt32 = 0
                var scalar: UInt32 = 0
                if c & 0xE0 == 0xC0 { need = 1; minScalar = 0x80; scalar = UInt32(c & 0x1F) }
                else if c & 0xF0 == 0xE0 { need = 2; minScalar = 0x800; scalar = UInt32(c & 0x0F) }
                else if c & 0xF8 == 0xF0 { need = 3; minScalar = 0x10000; scalar = UInt32(c & 0x07) }
                else { return false }
                guard i + need < n else { return false }
                for k in 1...need {
                    let d = p[i + k]
                    if d & 0xC0 != 0x80 { return false }
                    scalar = scalar << 6 | UInt32(d & 0x3F)
                }
                if scalar < minScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return false }
                i += need + 1
            }
            return true
        }
    }

    /// Windows-1252 bytes 0x80...0x9F; the rest map to the same code point as Latin-1.
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    public static func windows1252ToUTF8(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        for c in b {
            if c < 0x80 { out.append(c); continue }
            let scalar = c < 0xA0 ? cp1252High[Int(c) - 0x80] : UInt32(c)
            for u in String(Character(Unicode.Scalar(scalar)!)).utf8 { out.append(u) }
        }
        return out
    }
}

/// Reads a whole file; nil when it cannot be opened (`FileIO.read`).
public func readFileBytes(_ path: String) -> [UInt8]? { FileIO.read(path) }
