#if canImport(Glibc)
import Glibc
#endif

/// Files as Rollbook reads and writes them: whole files, files streamed through a buffer
/// (`Writer`, in place or atomically: a temporary file beside the target, renamed over it),
/// folders made on the way and listed, and the one loop that writes every byte of a buffer
/// (retrying a write that a signal interrupted). Every file Rollbook writes goes through here.
public enum FileIO {
    /// A whole regular file; nil when it cannot be opened or read.
    public static func read(_ path: String) -> [UInt8]? {
        withRegularFile(path) { fd, size in
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buf, count in
                let n = readAll(fd, into: buf.baseAddress!, count: size)
                failed = n == nil
                count = n ?? 0
            }
            return failed ? nil : bytes
        }
    }

    /// Opens `path` for reading and hands `body` the descriptor and the file's size, closing it
    /// afterwards; nil when it cannot be opened or is not a regular file (a folder, a device).
    public static func withRegularFile<T>(_ path: String, _ body: (_ fd: Int32, _ size: Int) -> T?) -> T? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return body(fd, Int(st.st_size))
    }

    /// Reads `count` bytes into `buffer`, again after an interrupted read, or fewer when the file
    /// ends first: the number read, or nil when a read fails.
    public static func readAll(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int? {
        var done = 0
        while done < count {
            let r = Glibc.read(fd, buffer + done, count - done)
            if r < 0 { if errno == EINTR { continue }; return nil }
            if r == 0 { break }
            done += r
        }
        return done
    }

    /// Writes every byte to `fd`, again after an interrupted write. Returns nil, or the
    /// `errno` of the write that failed.
    @discardableResult
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let r = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if r < 0 { if errno == EINTR { continue }; return errno }
            if r == 0 { return EIO }
            done += r
        }
        return nil
    }

    /// Creates (or truncates) the file and writes `bytes` to it.
    public static func write(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, raw: $0) }
    }

    /// Creates (or truncates) the file and writes `bytes` to it.
    public static func write(_ path: String, raw bytes: UnsafeRawBufferPointer) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw cannot("write", path) }
        defer { close(fd) }
        if let e = writeAll(fd, bytes) { throw cannot("write", path, errno: e) }
    }

    public static func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

    /// Replaces the file at once: writes a temporary file beside it and renames it over the old
    /// one, so a reader sees the old bytes or the new ones, never a part.
    public static func writeAtomically(_ path: String, _ bytes: [UInt8]) throws {
        let w = try Writer(path: path, atomic: true)
        w.buffer = bytes
        do { try w.finish() } catch { w.discard(); throw error }
        try w.commit()
    }

    /// The names in a folder (not `.` and `..`; hidden ones included), in the order the file
    /// system gives them. Nil when it cannot be opened.
    public static func list(_ path: String) -> [String]? {
        guard let d = opendir(path) else { return nil }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != ".", name != ".." { names.append(name) }
        }
        return names
    }

    /// Streams a file through a buffer (written out whenever it holds `flushAt` bytes). With
    /// `atomic`, the bytes go to a temporary file beside `path` that `commit()` renames into
    /// place and `discard()` removes; otherwise straight to `path` (created or truncated).
    public final class Writer {
        public let path: String
        /// Where the bytes go: `path`, or the temporary file.
        public let target: String
        let fd: Int32
        let flushAt: Int
        /// Bytes not yet written; append to it directly, then call `flushIfFull()`.
        public var buffer: [UInt8] = []
        /// The FNV-1a hash of the bytes written so far, when set before the first write.
        public var hash: FNV1a?
        /// How many bytes were written so far.
        public private(set) var size = 0

        public init(path: String, atomic: Bool = false, flushAt: Int = 1 << 20) throws {
            self.path = path
            self.flushAt = flushAt
            target = atomic ? path + ".rollbook-\(getpid()).tmp" : path
            fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw FileIO.cannot("write", path) }
            buffer.reserveCapacity(flushAt)
        }

        public func write(_ s: String) {
            buffer.append(contentsOf: s.utf8)
            if buffer.count >= flushAt { try? flush() }
        }

        public func flushIfFull() throws { if buffer.count >= flushAt { try flush() } }

        public func flush() throws {
            try buffer.withUnsafeBytes { b in
                hash?.feed(b)
                size += b.count
                if let e = FileIO.writeAll(fd, b) { throw FileIO.cannot("write", path, errno: e) }
            }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes what is left and closes the file (`sync` also waits for the disk).
        public func finish(sync: Bool = true) throws {
            defer { close(fd) }
            try flush()
            if sync { fsync(fd) }
        }

        /// An atomic writer's file takes the place of `path`.
        public func commit() throws {
            guard target != path else { return }
            guard rename(target, path) == 0 else {
                let e = errno
                unlink(target)
                throw InputError([Diagnostic(path: path, "cannot replace the file: \(String(cString: strerror(e)))")])
            }
        }

        /// An atomic writer's temporary file is removed; `path` is left as it was.
        public func discard() { if target != path { unlink(target) } }
    }

    /// Creates a folder and its parents (nothing to do when it exists).
    public static func makeFolder(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 { return }
        let parent = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty, parent != path { try makeFolder(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw cannot("create folder", path) }
    }

    /// The error for a file that could not be read, written or made: `path: error: cannot write: …`.
    public static func cannot(_ what: String, _ path: String, errno e: Int32 = errno) -> InputError {
        InputError([Diagnostic(path: path, "cannot \(what): \(String(cString: strerror(e)))")])
    }
}

/// Creates a folder and its parents (`FileIO.makeFolder`).
public func makeDirectory(_ path: String) throws { try FileIO.makeFolder(path) }

/// Writes a whole file (`FileIO.write`).
public func writeFile(_ path: String, _ text: String) throws { try FileIO.write(path, text) }

public func writeFile(_ path: String, _ bytes: [UInt8]) throws { try FileIO.write(path, bytes) }
