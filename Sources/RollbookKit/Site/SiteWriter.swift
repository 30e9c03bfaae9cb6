import CSupport
import Foundation

/// Writes a whole site so that readers only ever see the old site or the new one.
///
/// Files are written, as they are rendered, into a sibling temporary folder; at the end that
/// folder is checked against the list of files written and exchanged with the old site in a
/// single `renameat2(RENAME_EXCHANGE)`. A build that fails or is killed at any moment leaves the
/// previous site whole (its leftovers are removed by the next build). A file whose bytes equal
/// the old site's is hard-linked rather than written again. Pages go to disk as soon as they are
/// made, so memory does not grow with the school.
///
/// Files in the old site that Rollbook did not write (the previous manifest does not list them:
/// an `.htaccess`, a `web.config`) are carried into the new site unchanged, never deleted.
/// The caller holds the output's `SiteLock` for the whole build; the temporary folder is
/// `flock`ed by its owner too, so only the leftovers of dead builds are ever swept.
public final class SiteOutput: @unchecked Sendable {
    public let output: String
    let temp: String
    let existing: Set<String>
    /// Files the previous build wrote (nil: no previous site, or no manifest to tell).
    let previous: Set<String>?
    private var tempLock: Int32 = -1
    private let lock = NSLock()
    private var entries: [(path: String, size: Int)] = []
    private var paths: Set<String> = []
    private var madeDirectories: Set<String> = [""]
    public private(set) var written = 0
    public private(set) var unchanged = 0
    /// Files of the old site that Rollbook did not write, carried into the new one.
    public private(set) var kept: [String] = []
    /// Problems that did not stop the build (an old copy that could not be removed).
    public private(set) var warnings: [Diagnostic] = []

    /// `output` is a real path (`OutputFolder.check`).
    public init(output: String) throws {
        self.output = output
        let (dir, name) = SiteOutput.split(output)
        try makeDirectory(dir)
        guard access(dir, W_OK | X_OK) == 0 else {
            throw InputError([Diagnostic(path: output, "cannot build here: the folder \(dir) cannot be written (\(String(cString: strerror(errno))))")])
        }
        try SiteOutput.sweep(output)
        var st = stat()
        if lstat(output, &st) == 0 {
            guard (st.st_mode & S_IFMT) == S_IFDIR else {
                throw InputError([Diagnostic(path: output, "exists and is not a folder")])
            }
            // After the swap the old site is removed: every folder in it must be writable, or
            // its pupil pages would stay behind where no later build can remove them.
            if let stuck = SiteOutput.firstReadOnlyFolder(output) {
                let shown = stuck == output ? output : stuck
                throw InputError([Diagnostic(path: output, "cannot replace the site: \(shown) is read-only; make it writable again (chmod -R u+w \(output)) or build into another folder")])
            }
            previous = BuildManifest.filesWritten(in: output)
        } else {
            previous = nil
        }
        existing = Set(SiteWriter.listFiles(output))
        temp = (dir == "/" ? "" : dir) + "/.\(name).rollbook-\(getpid())"
        SiteOutput.removeTree(temp)
        guard mkdir(temp, 0o755) == 0 else {
            throw InputError([Diagnostic(path: output, "cannot create the temporary folder \(temp): \(String(cString: strerror(errno)))")])
        }
        tempLock = open(temp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if tempLock >= 0 { _ = flock(tempLock, LOCK_EX) }
    }

    deinit { if tempLock >= 0 { close(tempLock) } }

    static func split(_ path: String) -> (dir: String, name: String) {
        let slash = path.lastIndex(of: "/")!
        return (slash == path.startIndex ? "/" : String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// Removes the temporary folders of builds of `output` that are no longer running (their
    /// owner's `flock` is gone and no Rollbook runs under their process id), also those of
    /// builds killed in the middle of the swap.
    public static func sweep(_ output: String) throws {
        let (dir, name) = split(output)
        let prefix = ".\(name).rollbook-"
        for e in FileIO.list(dir) ?? [] where e.hasPrefix(prefix) {
            let path = (dir == "/" ? "" : dir) + "/" + e
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            let free = flock(fd, LOCK_EX | LOCK_NB) == 0
            close(fd)
            if free, !ownerMayBeRunning(e.dropFirst(prefix.count)) { removeTree(path) }
        }
    }

    /// Whether the process named in a temporary folder's name (`…-<pid>` or `…-<pid>.old`) is
    /// still a running Rollbook, such as an older version that did not lock its folder.
    static func ownerMayBeRunning(_ suffix: Substring) -> Bool {
        guard let pid = Int32(suffix.prefix { $0.isNumber }), pid > 0, pid != getpid(), kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let comm = readFileBytes("/proc/\(pid)/comm") else { return false }
        return String(decoding: comm, as: UTF8.self).lowercased().hasPrefix("rollbook")
    }

    /// The first folder under `root` (itself included) that this process cannot change, or that
    /// was made read-only (no write permission for its owner: even root leaves it alone), or nil.
    static func firstReadOnlyFolder(_ root: String) -> String? {
        func readOnly(_ path: String, _ st: stat) -> Bool { (st.st_mode & S_IWUSR) == 0 || access(path, W_OK | X_OK) != 0 }
        var st = stat()
        if lstat(root, &st) == 0, readOnly(root, st) { return root }
        var found: String?
        walk(root) { rel, st in
            if found == nil, (st.st_mode & S_IFMT) == S_IFDIR, readOnly(root + "/" + rel, st) { found = root + "/" + rel }
        }
        return found
    }

    /// Calls `body` for every entry under `root` (not following links), parents before children.
    static func walk(_ root: String, _ rel: String = "", _ body: (String, stat) -> Void) {
        guard let names = FileIO.list(rel.isEmpty ? root : root + "/" + rel) else { return }
        for n in names.sorted() {
            let r = rel.isEmpty ? n : rel + "/" + n
            var st = stat()
            guard lstat(root + "/" + r, &st) == 0 else { continue }
            body(r, st)
            if (st.st_mode & S_IFMT) == S_IFDIR { walk(root, r, body) }
        }
    }

    /// Removes a folder of Rollbook's own (a temporary or old copy), making read-only folders
    /// in it writable first. Returns whether it is gone.
    @discardableResult
    static func removeTree(_ path: String) -> Bool {
        var st = stat()
        guard lstat(path, &st) == 0 else { return true }
        if (try? FileManager.default.removeItem(atPath: path)) != nil { return true }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            _ = chmod(path, 0o700)
            walk(path) { rel, s in if (s.st_mode & S_IFMT) == S_IFDIR { _ = chmod(path + "/" + rel, 0o700) } }
        }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    /// Writes one file (path relative to the site). Safe to call from several threads.
    public func write(_ path: String, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write(path, raw: $0) }
    }

    /// Writes a page straight from the string's UTF-8 (no copy into an array).
    public func write(_ path: String, _ text: String) throws {
        var text = text
        try text.withUTF8 { try write(path, raw: UnsafeRawBufferPointer($0)) }
    }

    func write(_ path: String, raw bytes: UnsafeRawBufferPointer) throws {
        guard SiteWriter.isContained(path) else {
            throw InputError([Diagnostic(path: path, "refusing to write outside the output folder")])
        }
        // A contained path has no empty part: its folder is what comes before the last slash.
        let dir = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
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
               old.withUnsafeBytes({ $0.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, $0.count) == 0 }), link(output + "/" + path, target) == 0 {
                same = true
            }
        }
        if !same { try FileIO.write(target, raw: bytes) }
        lock.lock()
        entries.append((path, bytes.count))
        paths.insert(path)
        if same { unchanged += 1 } else { written += 1 }
        lock.unlock()
    }

    /// Whether a file was written at this path.
    public func contains(_ path: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return paths.contains(path)
    }

    /// Every file written so far, sorted by path.
    public var files: [(path: String, size: Int)] {
        lock.lock(); defer { lock.unlock() }
        return entries.sorted { $0.path < $1.path }
    }

    /// Whether the old site's file at `rel` is one Rollbook wrote.
    func isRollbooks(_ rel: String) -> Bool {
        rel == OutputFolder.markName || rel == BuildManifest.legacyPath || rel == BuildManifest.fileName || (previous?.contains(rel) ?? false)
    }

    /// Carries the old site's files that Rollbook did not write into the new tree (hard links,
    /// so nothing is copied and nothing is lost), and keeps the modes of its folders.
    func carryUserFiles() throws {
        var st = stat()
        guard lstat(output, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return }
        var problems: [Diagnostic] = []
        var modes: [(String, mode_t)] = [("", st.st_mode & 0o7777)]
        SiteOutput.walk(output) { rel, st in
            let from = output + "/" + rel, to = temp + "/" + rel
            if (st.st_mode & S_IFMT) == S_IFDIR {
                modes.append((rel, st.st_mode & 0o7777))
                // An empty folder of the user's is kept too.
                if OutputFolder.isEmptyFolder(from), !(previous ?? []).contains(where: { $0.hasPrefix(rel + "/") }) {
                    do { try makeDirectory(to) } catch let e as InputError { problems += e.diagnostics } catch {}
                }
                return
            }
            if isRollbooks(rel) { return }
            var there = stat()
            if lstat(to, &there) == 0 {
                // The build writes a file where the user has one: equal bytes are simply adopted.
                if (st.st_mode & S_IFMT) == S_IFREG, readFileBytes(from) == readFileBytes(to) { return }
                problems.append(Diagnostic(path: from, "this file was not written by Rollbook and the new site has a file of its own here; move it away (or into the theme's static/ folder) and build again"))
                return
            }
            do { try makeDirectory(temp + "/" + (rel as NSString).deletingLastPathComponent) } catch let e as InputError {
                problems += e.diagnostics
                return
            } catch { return }
            if link(from, to) == 0 { kept.append(rel); return }
            // No hard link possible (protected links, odd file systems): a copy.
            if (st.st_mode & S_IFMT) == S_IFREG, let b = readFileBytes(from), (try? writeFile(to, b)) != nil {
                _ = chmod(to, st.st_mode & 0o7777)
                kept.append(rel)
                return
            }
            problems.append(Diagnostic(path: from, "cannot keep this file in the new site: \(String(cString: strerror(errno)))"))
        }
        if !problems.isEmpty { throw InputError(problems) }
        // Deepest first, so a folder made private (chmod o-rx) stays so.
        for (rel, mode) in modes.reversed() {
            var there = stat()
            let to = rel.isEmpty ? temp : temp + "/" + rel
            if stat(to, &there) == 0, (there.st_mode & 0o7777) != mode { _ = chmod(to, mode | 0o700) }
        }
    }

    /// Checks the temporary tree against the list of files written: each is there with its size.
    func verify() throws {
        var missing: [String] = []
        for f in files {
            var st = stat()
            if lstat(temp + "/" + f.path, &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG || Int(st.st_size) != f.size { missing.append(f.path) }
        }
        if !missing.isEmpty {
            throw InputError([Diagnostic(path: output, "the new site is incomplete (\(missing.count) of \(files.count) files missing or changed, such as \(missing[0])); the old site was left in place")])
        }
    }

    /// Runs `body`, which writes the site and returns the digest of its inputs, then `finish`es
    /// it. On any error the temporary folder is removed and the previous site stays as it was.
    public func writing(_ body: () throws -> String) throws -> BuildManifest {
        do {
            return try finish(digest: body())
        } catch {
            discard()
            throw error
        }
    }

    /// Ends a build: writes Rollbook's mark and the manifest of every file written under
    /// `digest`, then swaps the new site in (`commit`). Returns the manifest.
    public func finish(digest: String) throws -> BuildManifest {
        try write(OutputFolder.markName, OutputFolder.markText)
        let written = files
        let manifest = BuildManifest(digest: digest, files: written, pages: written.filter { $0.path.hasSuffix(".html") }.count)
        try write(BuildManifest.fileName, manifest.text)
        try commit()
        return manifest
    }

    /// Puts the new site in place of the old one, atomically.
    public func commit() throws {
        try carryUserFiles()
        try verify()
        var st = stat()
        if lstat(output, &st) == 0 {
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
                rescue(from: old)
                if !SiteOutput.removeTree(old) { warnings.append(Diagnostic(.warning, path: old, "the old site could not be removed; delete it by hand")) }
            } else {
                rescue(from: temp)
                if !SiteOutput.removeTree(temp) { warnings.append(Diagnostic(.warning, path: temp, "the old site could not be removed; delete it by hand")) }
            }
        } else if rename(temp, output) != 0 {
            throw InputError([Diagnostic(path: output, "cannot create the site: \(String(cString: strerror(errno)))")])
        }
        if tempLock >= 0 { close(tempLock); tempLock = -1 }
    }

    /// Moves into the new site any file the user put in the old one while this build ran.
    func rescue(from old: String) {
        SiteOutput.walk(old) { rel, st in
            guard (st.st_mode & S_IFMT) != S_IFDIR, !isRollbooks(rel) else { return }
            var there = stat()
            guard lstat(output + "/" + rel, &there) != 0 else { return }
            try? makeDirectory(output + "/" + (rel as NSString).deletingLastPathComponent)
            if rename(old + "/" + rel, output + "/" + rel) == 0 { kept.append(rel) }
        }
    }

    /// Throws the half-made site away; the old one is untouched.
    public func discard() {
        SiteOutput.removeTree(temp)
        if tempLock >= 0 { close(tempLock); tempLock = -1 }
    }
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
