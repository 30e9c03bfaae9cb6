#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// The rows of one part of a CSV window, for a worker parsing it. Rows are borrowed as in
/// `CSVFile.forEachRow`: they must not escape the call to `next()` that returned them.
struct CSVPart {
    fileprivate var parser: CSVParser
    /// The next non-blank row of the part; nil at its end.
    mutating func next() -> CSVRow? { parser.next() }
    /// The part's size in bytes.
    var byteCount: Int { parser.buf.count }
}

/// How `CSVFile.readInParts` splits its work; tests force small windows and parts to put row
/// boundaries everywhere.
struct CSVPartLayout: Sendable {
    /// Bytes read from the file at a time (the window; rows straddling it are carried over).
    /// Small, so that the buffers and the parts' rows add little to the register's memory.
    var window = 1 << 20
    /// Parts per window; 1 parses serially.
    var parts = max(1, min(64, 2 * ProcessInfoCores.count))
    /// The smallest part worth a worker, in bytes.
    var minPart = 1 << 16

    static let serial = CSVPartLayout(window: 1 << 20, parts: 1, minPart: 1 << 16)
}

enum ProcessInfoCores {
    static let count: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}

extension CSVFile {
    /// Reads the file once: the encoding check (a BOM, UTF-16, UTF-8 validity, else Windows-1252
    /// as in `forEachRow`) and the parse in one pass over each window of bytes. `header` gets the
    /// first non-blank row. The rest of a window is split at row boundaries into parts that
    /// `parse` turns into values on all cores; `apply` gets them in file order, each with the
    /// line its first row starts on, so whatever `apply` does happens in the order a serial read
    /// would do it. For a file on disk `apply` runs on a thread of its own, one window behind
    /// the parse (`ApplyStage`), never at the same time as `header` or `restart`. When UTF-8
    /// turns out invalid after non-ASCII text was already applied, the read starts again as
    /// Windows-1252 after calling `restart`. Returns the decoding warnings.
    @discardableResult
    func readInParts<Parsed>(layout: CSVPartLayout = CSVPartLayout(), header: (CSVRow) throws -> Void,
                        parse: @Sendable (inout CSVPart) -> Parsed, apply: (Parsed) throws -> Void,
                        restart: () -> Void) throws -> [String] {
        switch storage {
        case .memory(let raw):
            var warnings: [String] = []
            let bytes = TextDecoding.utf8(from: raw, warnings: &warnings)
            var engine = PartEngine<Parsed>(layout: layout, encoding: .known)
            try engine.feed(bytes, eof: true, header, parse, { for v in $0 { try apply(v) } })
            return warnings
        case .file(let path):
            guard let reader = ChunkReader(path: path, chunkSize: layout.window) else {
                throw InputError([Diagnostic(path: displayPath, "cannot open the file")])
            }
            defer { reader.close() }
            return try withoutActuallyEscaping(apply) { apply in
                let stage = ApplyStage<Parsed>(apply)
                stage.start()
                defer { stage.finish() }
                let warnings = try CSVFile.readWindows(reader, layout, header, parse, { try stage.submit($0) },
                                                       restart: { try stage.drain(); restart() })
                try stage.drain()
                return warnings
            }
        }
    }

    /// The file case of `readInParts`: `deliver` gets each window's values in file order;
    /// `restart` (after waiting for what was delivered to be applied) undoes them.
    private static func readWindows<Parsed>(_ reader: ChunkReader, _ layout: CSVPartLayout, _ header: (CSVRow) throws -> Void,
                                            _ parse: @Sendable (inout CSVPart) -> Parsed, _ deliver: ([Parsed]) throws -> Void,
                                            restart: () throws -> Void) throws -> [String] {
        var first = reader.read()
        while first.count < 4, case let c = reader.read(), !c.isEmpty { first += c }
        if TextDecoding.utf16Layout(first) != nil {
            var all = first
            while case let c = reader.read(), !c.isEmpty { all += c }
            var warnings: [String] = []
            let bytes = TextDecoding.utf8(from: all, warnings: &warnings)
            var engine = PartEngine<Parsed>(layout: layout, encoding: .known)
            try engine.feed(bytes, eof: true, header, parse, deliver)
            return warnings
        }
        if first.count >= 3, first[0] == 0xEF, first[1] == 0xBB, first[2] == 0xBF { first.removeFirst(3) }
        var engine = PartEngine<Parsed>(layout: layout, encoding: .utf8)
        var chunk = first
        var restarted = false
        while true {
            let next = chunk.isEmpty ? [] : reader.read()
            do {
                try engine.feed(chunk, eof: next.isEmpty, header, parse, deliver)
            } catch is PartEngine<Parsed>.Restart where !restarted {
                // Invalid UTF-8 after valid non-ASCII text was applied: read it all again.
                restarted = true
                try restart()
                reader.rewind()
                var again = reader.read()
                while again.count < 4, case let c = reader.read(), !c.isEmpty { again += c }
                if again.count >= 3, again[0] == 0xEF, again[1] == 0xBB, again[2] == 0xBF { again.removeFirst(3) }
                engine = PartEngine<Parsed>(layout: layout, encoding: .windows1252)
                chunk = again
                continue
            }
            if next.isEmpty { break }
            chunk = next
        }
        return engine.encoding == .windows1252 ? ["not valid UTF-8; read as Windows-1252"] : []
    }
}

/// The window loop behind `readInParts`.
private struct PartEngine<Parsed> {
    enum Encoding { case known, utf8, windows1252 }
    struct Restart: Error {}

    typealias Header = (CSVRow) throws -> Void
    typealias Parse = @Sendable (inout CSVPart) -> Parsed
    /// Gets one window's values, in file order.
    typealias Apply = ([Parsed]) throws -> Void

    let layout: CSVPartLayout
    var encoding: Encoding
    /// Bytes carried over from the previous window (the start of a row not yet complete).
    var carry: [UInt8] = []
    var line = 1
    var headerDone = false
    /// Whether any applied byte was outside ASCII (then a switch to Windows-1252 must restart).
    var appliedNonASCII = false

    init(layout: CSVPartLayout, encoding: Encoding) {
        self.layout = layout
        self.encoding = encoding
    }

    /// Takes the next raw chunk of the file (after any BOM); `eof` when it is the last.
    mutating func feed(_ raw: [UInt8], eof: Bool, _ header: Header, _ parse: Parse, _ apply: Apply) throws {
        var chunk = encoding == .windows1252 ? TextDecoding.windows1252ToUTF8(raw) : raw
        while true {
            var window = carry
            window += chunk
            let outcome = try window.withUnsafeBytes { try process($0, eof: eof, header, parse, apply) }
            switch outcome {
            case .consumed(let n):
                carry = Array(window[n...])
                return
            case .notUTF8(let committed):
                // Nothing of this window after `committed` was applied; what was is ASCII only,
                // which reads the same in Windows-1252.
                encoding = .windows1252
                carry = TextDecoding.windows1252ToUTF8(Array(window[committed...]))
                chunk = []
            }
        }
    }

    /// The bytes of the window read and applied; or invalid UTF-8 found after the first
    /// `committed` bytes were read and applied.
    enum Outcome { case consumed(Int), notUTF8(committed: Int) }

    /// What one part's worker found.
    struct PartResult: @unchecked Sendable {
        var value: Parsed
        var end: Int
        var lines: Int
        var valid: Bool
        var ascii: Bool
    }

    private mutating func process(_ buf: UnsafeRawBufferPointer, eof: Bool, _ header: Header, _ parse: Parse,
                                  _ apply: Apply) throws -> Outcome {
        nonisolated(unsafe) let buf = buf
        let n = buf.count
        var base = 0
        if !headerDone {
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(n, 1), alignment: 1)
            defer { scratch.deallocate() }
            var parser = CSVParser(buffer: buf, scratch: scratch, line: line, atEnd: eof)
            defer { parser.deallocate() }
            guard let row = parser.next() else {
                line = parser.line
                return .consumed(parser.pos)  // blank lines only so far, or the end
            }
            if encoding == .utf8 {
                let head = UnsafeRawBufferPointer(rebasing: buf[0..<parser.pos])
                if !PartEngine.isValid(head) { return try notUTF8(committed: 0) }
                if !PartEngine.isASCII(head) { appliedNonASCII = true }
            }
            try header(row)
            headerDone = true
            base = parser.pos
            line = parser.line
        }
        // Split points: after a line break with an even number of quotes before it (from the
        // window's first row). A wrong guess (a stray quote) is caught below and parsed serially.
        var starts = [base]
        if layout.parts > 1, n - base >= 2 * layout.minPart {
            let hasQuote = memchr(buf.baseAddress! + base, 34, n - base) != nil
            var quotes = 0, scanned = base
            for j in 1..<layout.parts {
                var t = max(base + (n - base) * j / layout.parts, starts.last! + layout.minPart)
                guard t < n else { break }
                if hasQuote {
                    quotes += PartEngine.count(34, buf, scanned, t)
                    scanned = t
                    while t < n {
                        let c = buf[t]
                        if c == 34 { quotes += 1 } else if c == 10, quotes & 1 == 0 { break }
                        t += 1
                    }
                    scanned = min(t + 1, n)
                } else {
                    guard let p = memchr(buf.baseAddress! + t, 10, n - t) else { break }
                    t = buf.baseAddress!.distance(to: UnsafeRawPointer(p))
                }
                guard t + 1 < n else { break }
                starts.append(t + 1)
            }
        }
        let parts = starts.count
        // Each part's first line: the line breaks before it, counted on all cores, in the same
        // pass as whether the part is ASCII (all but the last part; then its rows need no UTF-8 check).
        var firstLine = [Int](repeating: line, count: parts)
        var asciiPart = [Bool](repeating: false, count: parts)
        if parts > 1 {
            let scans = parallelMap(parts - 1) { [starts] j in PartEngine.lineBreaksAndASCII(buf, starts[j], starts[j + 1]) }
            for j in 1..<parts { firstLine[j] = firstLine[j - 1] + scans[j - 1].breaks }
            for j in 0..<(parts - 1) { asciiPart[j] = scans[j].ascii }
        }
        let check = encoding == .utf8
        let results: [PartResult] = parallelMap(parts) { [starts, firstLine, asciiPart] j in
            let lo = starts[j], hi = j + 1 < parts ? starts[j + 1] : n
            let slice = UnsafeRawBufferPointer(rebasing: buf[lo..<hi])
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(hi - lo, 1), alignment: 1)
            defer { scratch.deallocate() }
            var part = CSVPart(parser: CSVParser(buffer: slice, scratch: scratch, line: firstLine[j], atEnd: eof && j + 1 == parts))
            defer { part.parser.deallocate() }
            let value = parse(&part)
            let end = lo + part.parser.pos
            let done = UnsafeRawBufferPointer(rebasing: buf[lo..<end])
            // A part that ended where the next begins was scanned whole above.
            let ascii = !check || (j + 1 < parts && end == hi ? asciiPart[j] : PartEngine.isASCII(done))
            let valid = ascii || TextDecoding.isValidUTF8(Array(done))
            return PartResult(value: value, end: end, lines: part.parser.line, valid: valid, ascii: ascii)
        }
        // The parts agree with a serial read when each ended exactly where the next begins,
        // on the line it was given. Otherwise the window is parsed again in one part.
        var agree = true
        for j in 0..<(parts - 1) where results[j].end != starts[j + 1] || results[j].lines != firstLine[j + 1] { agree = false }
        var final = results
        if !agree {
            let slice = UnsafeRawBufferPointer(rebasing: buf[base..<n])
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(n - base, 1), alignment: 1)
            defer { scratch.deallocate() }
            var part = CSVPart(parser: CSVParser(buffer: slice, scratch: scratch, line: line, atEnd: eof))
            defer { part.parser.deallocate() }
            let value = parse(&part)
            let end = base + part.parser.pos
            let done = UnsafeRawBufferPointer(rebasing: buf[base..<end])
            let ascii = !check || PartEngine.isASCII(done)
            final = [PartResult(value: value, end: end, lines: part.parser.line, valid: ascii || TextDecoding.isValidUTF8(Array(done)),
                                ascii: ascii)]
        }
        if final.contains(where: { !$0.valid }) { return try notUTF8(committed: base) }
        if final.contains(where: { !$0.ascii }) { appliedNonASCII = true }
        try apply(final.map(\.value))
        line = final.last!.lines
        return .consumed(final.last!.end)
    }

    private func notUTF8(committed: Int) throws -> Outcome {
        if appliedNonASCII { throw Restart() }
        return .notUTF8(committed: committed)
    }

    /// Occurrences of byte `c` in `buf[lo..<hi]`, eight bytes at a time.
    static func count(_ c: UInt8, _ buf: UnsafeRawBufferPointer, _ lo: Int, _ hi: Int) -> Int {
        var total = 0
        var i = lo
        let pattern = UInt64(c) &* 0x0101_0101_0101_0101
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= hi {
            let x = buf.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern
            // A high bit for each zero byte of x, exactly.
            let zero = ~(((x & low7) &+ low7) | x | low7)
            total += zero.nonzeroBitCount
            i += 8
        }
        while i < hi { if buf[i] == c { total += 1 }; i += 1 }
        return total
    }

    /// Line breaks in `buf[lo..<hi]` as `CSVParser` counts them (each LF, and each CR not
    /// followed by an LF), and whether those bytes are all ASCII: one pass, eight bytes at a time.
    static func lineBreaksAndASCII(_ buf: UnsafeRawBufferPointer, _ lo: Int, _ hi: Int) -> (breaks: Int, ascii: Bool) {
        var total = 0
        var i = lo
        var high: UInt64 = 0
        let pattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        while i + 8 <= hi {
            let w = buf.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            high |= w
            let x = w ^ pattern
            // A high bit for each zero byte of x, exactly.
            let zero = ~(((x & low7) &+ low7) | x | low7)
            total += zero.nonzeroBitCount
            i += 8
        }
        while i < hi { let c = buf[i]; high |= UInt64(c); if c == 10 { total += 1 }; i += 1 }
        if memchr(buf.baseAddress! + lo, 13, hi - lo) != nil {
            for i in lo..<hi where buf[i] == 13 && !(i + 1 < buf.count && buf[i + 1] == 10) { total += 1 }
        }
        return (total, high & 0x8080_8080_8080_8080 == 0)
    }

    static func isASCII(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        while i + 8 <= n {
            if b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n { if b[i] >= 0x80 { return false }; i += 1 }
        return true
    }

    static func isValid(_ b: UnsafeRawBufferPointer) -> Bool {
        isASCII(b) || TextDecoding.isValidUTF8(Array(b))
    }
}

/// A mutex and its condition (pthreads), for `ApplyStage`.
private final class Gate: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }
    func wait() { pthread_cond_wait(cond, mutex) }
    func broadcast() { pthread_cond_broadcast(cond) }
}

/// What a thread started by `ApplyStage.start` runs.
private class ThreadBody: @unchecked Sendable {
    func run() {}
}

/// Applies windows of parsed values on a thread of its own, in the order they were submitted,
/// while the reading thread parses the next windows: the in-order apply overlaps the parse.
/// At most `capacity` window waits while one is applied, so memory stays bounded. After the first error `apply`
/// throws, nothing more is applied and `submit` and `drain` throw that error.
private final class ApplyStage<Parsed>: ThreadBody, @unchecked Sendable {
    static var capacity: Int { 1 }
    private let gate = Gate()
    private var queue: [[Parsed]] = []
    private var busy = false
    private var closed = false
    private var failure: (any Error)? = nil
    private var apply: ((Parsed) throws -> Void)?
    private var thread: pthread_t? = nil

    init(_ apply: @escaping (Parsed) throws -> Void) {
        self.apply = apply
    }

    /// Starts the thread; without one (it could not be created) `submit` applies at once.
    func start() {
        var t = pthread_t()
        let body = Unmanaged.passRetained(self as ThreadBody).toOpaque()
        let made = pthread_create(&t, nil, { arg in
            Unmanaged<ThreadBody>.fromOpaque(arg!).takeRetainedValue().run()
            return nil
        }, body)
        if made == 0 { thread = t } else { Unmanaged<ThreadBody>.fromOpaque(body).release() }
    }

    override func run() {
        gate.lock()
        while true {
            while queue.isEmpty, !closed { gate.wait() }
            if queue.isEmpty { break }
            let batch = queue.removeFirst()
            busy = true
            let skip = failure != nil
            gate.broadcast()
            gate.unlock()
            var error: (any Error)? = nil
            if !skip, let apply {
                do { for v in batch { try apply(v) } } catch let e { error = e }
            }
            gate.lock()
            if let error, failure == nil { failure = error }
            busy = false
            gate.broadcast()
        }
        gate.unlock()
    }

    /// Queues one window's values, waiting while `capacity` windows wait already (the one
    /// being applied aside).
    func submit(_ batch: [Parsed]) throws {
        guard thread != nil else {
            for v in batch { try apply!(v) }
            return
        }
        gate.lock()
        defer { gate.unlock() }
        while queue.count >= Self.capacity, failure == nil { gate.wait() }
        if let failure { throw failure }
        queue.append(batch)
        gate.broadcast()
    }

    /// Waits until every window submitted is applied.
    func drain() throws {
        guard thread != nil else { return }
        gate.lock()
        defer { gate.unlock() }
        while !queue.isEmpty || busy { gate.wait() }
        if let failure { throw failure }
    }

    /// Applies what is queued, ends the thread and lets go of `apply`.
    func finish() {
        if let t = thread {
            gate.lock()
            closed = true
            gate.broadcast()
            gate.unlock()
            pthread_join(t, nil)
            thread = nil
        }
        apply = nil
    }
}
