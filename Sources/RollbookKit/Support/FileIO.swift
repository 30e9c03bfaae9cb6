#if canImport(Glibc)
import Glibc
#endif

/// Files as Rollbook reads and writes them: whole files, folders made on the way, and the one
/// loop that writes every byte of a buffer (retrying a write that a signal interrupted).
public enum FileIO {
    /// A whole regular file; nil when it cannot be opened or read.
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: max(size, 1)) { buf, count in
            var done = 0
            while done < size {
                let r = Glibc.read(fd, buf.baseAddress! + done, size - done)
                if r < 0 { if errno == EINTR { continue }; failed = true; break }
                if r == 0 { break }
                done += r
            }
            count = done
        }
        return failed ? nil : bytes
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
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw cannot("write", path) }
        defer { close(fd) }
        if let e = bytes.withUnsafeBytes({ writeAll(fd, $0) }) { throw cannot("write", path, errno: e) }
    }

    public static func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

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
