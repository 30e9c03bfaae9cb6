#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock held through a lock file (`flock`), which holds the owner's process id and
/// is removed when the owner lets go. Taking it never waits: when another process holds it, `init`
/// throws `.busy` with that process's id, so a second `build` of one site or a second `import`
/// into one project refuses instead of mixing its files with the first's.
public final class FileLock {
    let fd: Int32
    public let path: String

    public enum Failure: Error {
        /// Another process holds the lock; `holder` is its process id (nil when the file holds none).
        case busy(holder: String?)
        /// The lock file cannot be created or opened (`reason`: the system's message).
        case cannotOpen(reason: String)
    }

    /// Takes the lock `path`, creating the file in its (existing) folder.
    public init(path: String) throws(Failure) {
        self.path = path
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .cannotOpen(reason: String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                var buf = [UInt8](repeating: 0, count: 32)
                let n = pread(fd, &buf, 31, 0)
                close(fd)
                let pid = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingSpaces : ""
                throw .busy(holder: pid.isEmpty ? nil : pid)
            }
            // The lock file may have been removed by the owner that just let go: lock the file now there.
            var a = stat(), b = stat()
            if fstat(fd, &a) == 0, stat(path, &b) == 0, a.st_ino == b.st_ino, a.st_dev == b.st_dev {
                self.fd = fd
                break
            }
            close(fd)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, text, text.count, 0)
    }

    /// Removes the lock file, then lets go of the lock.
    public func release() {
        unlink(path)
        close(fd)
    }
}
