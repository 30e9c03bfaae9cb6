import CSupport
import Foundation

/// Writes a whole site so that readers only ever see the old site or the new one.
///
/// Files are written, as they are rendered, into a sibling temporary folder; at the end that
/// folder is exchanged with the old site in a single `renameat2(RENAME_EXCHANGE)`. A build that
/// fails or is killed at any moment leaves the previous site whole (its leftovers are removed by
/// the next build). A file whose bytes equal the old site's is hard-linked rather than written
/// again. Pages go to disk as soon as they are made, so memory does not grow with the school.
public final class SiteOutput: @unchecked Sendable {
    public let output: String
    let temp: String
    let existing: Set<String>
    private let lock = NSLock()
    private var entries: [(path: String, size: Int)] = []
    private var madeDirectories: Set<String> = [""]
    public private(set) var written = 0
    public private(set) var unchanged = 0

    public init(output: String) throws {
        self.output = output
        let fm = FileManager.default
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        let dir = parent.isEmpty ? "." : parent
        try makeDirectory(dir)
        // Remove leftovers of builds that were killed.
        for e in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where e.hasPrefix(".\(name).rollbook-") {
            try? fm.removeItem(atPath: dir + "/" + e)
        }
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDir), !isDir.boolValue {
            throw InputError([Diagnostic(path: output, "exists and is not a folder")])
        }
        existing = Set(SiteWriter.listFiles(output))
        temp = dir + "/.\(name).rollbook-\(getpid())"
        try makeDirectory(temp)
    }

    /// Writes one file (path relative to the site). Safe to call from several threads.
    public func write(_ path: String, _ bytes: [UInt8]) throws {
        guard SiteWriter.isContained(path) else {
            throw InputError([Diagnostic(path: path, "refusing to write outside the output folder")])
        }
        let dir = (path as NSString).deletingLastPathComponent
        // Made under the lock: another thread must not write into a folder not yet created.
        lock.lock()
        if !madeDirectories.contains(dir) {
            do { try makeDirectory(temp + "/" + dir) } catch { lock.unlock(); throw error }
            madeDirectories.insert(dir)
        }
        lock.unlock()
        let target = temp + "/" + path
        var same = false
        if existing.contains(path) {
            var st = stat()
            if stat(output + "/" + path, &st) == 0, Int(st.st_size) == bytes.count, let old = readFileBytes(output + "/" + path),
               old == bytes, link(output + "/" + path, target) == 0 {
                same = true
            }
        }
        if !same { try writeFile(target, bytes) }
        lock.lock()
        entries.append((path, bytes.count))
        if same { unchanged += 1 } else { written += 1 }
        lock.unlock()
    }

    public func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }

    /// Every file written so far, sorted by path.
    public var files: [(path: String, size: Int)] {
        lock.lock(); defer { lock.unlock() }
        return entries.sorted { $0.path < $1.path }
    }

    /// Puts the new site in place of the old one, atomically.
    public func commit() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: output) {
            if rollbook_exchange_paths(temp, output) != 0 {
                // No atomic exchange on this file system: fall back to two renames.
                let old = temp + ".old"
                guard rename(output, old) == 0 else {
                    throw InputError([Diagnostic(path: output, "cannot replace the site: \(String(cString: strerror(errno)))")])
                }
                guard rename(temp, output) == 0 else {
                    let reason = String(cString: strerror(errno))
                    // Put the previous site back: the next build would delete it as a leftover.
                    _ = rename(old, output)
                    throw InputError([Diagnostic(path: output, "cannot replace the site: \(reason)")])
                }
                try? fm.removeItem(atPath: old)
            } else {
                try? fm.removeItem(atPath: temp)
            }
        } else if rename(temp, output) != 0 {
            throw InputError([Diagnostic(path: output, "cannot create the site: \(String(cString: strerror(errno)))")])
        }
    }

    /// Throws the half-made site away; the old one is untouched.
    public func discard() { try? FileManager.default.removeItem(atPath: temp) }
}

public enum SiteWriter {
    /// Relative paths of all regular files under a folder.
    static func listFiles(_ root: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
        }
        return out
    }

    /// A relative path with no `..`, no empty and no absolute part.
    static func isContained(_ path: String) -> Bool {
        !path.hasPrefix("/") && !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == ".." || $0 == "." }
    }
}
