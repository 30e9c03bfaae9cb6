#if canImport(Glibc)
import Glibc
#endif

/// Where `rollbook build` may write, decided before anything is written (spec section 8: "the
/// output folder is the user's").
///
/// The output is first resolved to its real path (`.`, `..`, trailing slashes and every symbolic
/// link, even one whose target does not exist yet), so that an output reached through a link is
/// built beside the link's target and the link keeps pointing at the new site. Then it is refused
/// when it is the project folder or one of its parents, is, holds or lies inside an input, is a
/// file, is a folder with files that Rollbook did not write (no mark), or lies inside a site
/// Rollbook wrote (building there would break that site).
public enum OutputFolder {
    /// The mark at the root of every site Rollbook writes: the one file outside `intranet/` and
    /// `parents/`. It holds no pupil data.
    public static let markName = ".rollbook-site"
    public static let markText = """
        \(BuildManifest.formatVersion)
        This folder was written by Rollbook (`rollbook build`). A build replaces only the files it
        wrote itself; other files here (such as intranet/.htaccess) are kept.

        """

    /// Whether `dir` carries Rollbook's mark (also the manifest that versions up to
    /// `rollbook-site-5` left at the root). A newer manifest at `dir/.rollbook-manifest` is not a
    /// mark: that is where a site keeps it inside `intranet/`, and `intranet/` is not a site.
    public static func isMarked(_ dir: String) -> Bool {
        if let b = readFileBytes(dir + "/" + markName), b.starts(with: Array("rollbook-site".utf8)) { return true }
        if let b = readFileBytes(dir + "/" + BuildManifest.legacyPath), let v = siteFormat(b), v <= 5 { return true }
        return false
    }

    /// N of a manifest or mark that starts `rollbook-site-N`.
    static func siteFormat(_ bytes: [UInt8]) -> Int? {
        let prefix = Array("rollbook-site-".utf8)
        guard bytes.starts(with: prefix) else { return nil }
        let digits = bytes.dropFirst(prefix.count).prefix { $0 >= 48 && $0 <= 57 }
        guard !digits.isEmpty, digits.count < 6 else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// The nearest folder above `path` that is a site Rollbook wrote, if any.
    static func enclosingSite(_ path: String) -> String? {
        var dir = SiteLock.parent(path)
        while true {
            if isMarked(dir) { return dir }
            if dir == "/" { return nil }
            dir = SiteLock.parent(dir)
        }
    }

    /// The working directory (the kernel's, so already free of links).
    static func currentDirectory() -> String {
        var buf = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let ok = buf.withUnsafeMutableBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { getcwd($0.baseAddress, $0.count) != nil }
        }
        guard ok else { return "/" }
        return String(decoding: buf.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The absolute real path of `path` (relative to `base`, default the working directory):
    /// `.` and `..` applied and symbolic links followed the way the kernel would, component by
    /// component. Components that do not exist are kept as written.
    public static func realPath(_ path: String, base: String? = nil) -> String {
        var out = "/"
        var pending: [Substring]
        if path.hasPrefix("/") {
            pending = path.split(separator: "/")
        } else {
            let b = base.map { realPath($0) } ?? currentDirectory()
            pending = b.split(separator: "/") + path.split(separator: "/")
        }
        pending.reverse()
        var hops = 0
        func join(_ a: String, _ c: Substring) -> String { a == "/" ? "/" + c : a + "/" + c }
        while let c = pending.popLast() {
            if c == "." { continue }
            if c == ".." {
                if let slash = out.lastIndex(of: "/") { out = slash == out.startIndex ? "/" : String(out[..<slash]) }
                continue
            }
            let next = join(out, c)
            var st = stat()
            if hops < 64, lstat(next, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
                hops += 1
                var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(next, &buf, buf.count - 1)
                if n > 0 {
                    let target = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    if target.hasPrefix("/") { out = "/" }
                    pending += target.split(separator: "/").reversed()
                    continue
                }
            }
            out = next
        }
        return out
    }

    /// Folders named by `previous:` and `compare_with:` at the top level of `rollbook.yml`
    /// (other exports and earlier years a build reads), as written there.
    static func namedFolders(in yaml: String) -> [String] {
        var out: [String] = []
        for line in yaml.split(separator: "\n") {
            for key in ["previous:", "compare_with:"] where line.hasPrefix(key) {
                var v = line.dropFirst(key.count)
                if let hash = v.range(of: " #") { v = v[..<hash.lowerBound] }
                var s = String(v).trimmingSpaces
                if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { s = String(s.dropFirst().dropLast()) }
                if !s.isEmpty, s != "~", s != "null" { out.append(s) }
            }
        }
        return out
    }

    /// The inputs of a project: (what to call it, real path).
    static func inputs(project: String, config: ProjectConfig) -> [(name: String, path: String)] {
        var names = ["rollbook.yml", config.pupilsPath, config.marksPath, config.contactsPath, "Content", "Themes"]
        if let b = readFileBytes(project + "/rollbook.yml") { names += namedFolders(in: String(decoding: b, as: UTF8.self)) }
        return names.map { ($0, realPath($0, base: project)) }
    }

    /// Checks the output a build was asked for and returns its real path, or throws one clear
    /// line (exit status 2) saying why Rollbook will not write there.
    public static func check(_ requested: String, project: String, config: ProjectConfig) throws -> String {
        let out = realPath(requested)
        let proj = realPath(project)
        func refuse(_ why: String) -> InputError {
            InputError([Diagnostic(path: requested, "refusing to build here: \(why)")])
        }
        func inside(_ a: String, _ b: String) -> Bool { b == "/" ? a != "/" : a.hasPrefix(b + "/") }
        if out == proj { throw refuse("it is the project folder (the site would replace rollbook.yml and the data); use the default site/ or an empty folder") }
        if inside(proj, out) { throw refuse("it is a parent of the project folder \(proj); use the default site/ or an empty folder") }
        for input in inputs(project: proj, config: config) {
            if out == input.path { throw refuse("it is \(input.name), an input of the project") }
            if inside(out, input.path) { throw refuse("it lies inside \(input.name), an input of the project") }
            if inside(input.path, out) { throw refuse("it holds \(input.name), an input of the project") }
        }
        if let site = enclosingSite(out) {
            throw refuse("it lies inside the site Rollbook wrote in \(site) (a build here would break that site); build into \(site) itself or a folder outside it")
        }
        var st = stat()
        guard stat(out, &st) == 0 else { return out }
        if (st.st_mode & S_IFMT) != S_IFDIR { throw refuse("it is a file, not a folder") }
        if !isMarked(out) && !isEmptyFolder(out) {
            throw refuse("it is a folder with files that Rollbook did not write (no \(markName) mark); choose an empty or new folder")
        }
        return out
    }

    /// A folder with no entries at all (hidden ones count).
    public static func isEmptyFolder(_ path: String) -> Bool {
        FileIO.list(path)?.isEmpty ?? false
    }
}

/// An exclusive lock on one output folder, held for a whole build: `.<name>.rollbook.lock`
/// beside the output, holding the owner's process id, removed when the build ends. A second
/// build into the same output refuses (exit status 2) rather than mixing two sites.
public final class SiteLock {
    let lock: FileLock
    public var path: String { lock.path }

    public init(output: String) throws {
        let parent = SiteLock.parent(output)
        let name = String(output[output.index(after: output.lastIndex(of: "/")!)...])
        let path = (parent == "/" ? "" : parent) + "/.\(name).rollbook.lock"
        try makeDirectory(parent)
        do { lock = try FileLock(path: path) } catch {
            switch error {
            case .cannotOpen(let reason):
                throw InputError([Diagnostic(path: output, "cannot write beside the output folder (\(path)): \(reason)")])
            case .busy(let holder):
                let who = holder.map { "another build (process \($0))" } ?? "another build"
                throw InputError([Diagnostic(path: output, "\(who) is writing this site; wait for it to finish, then build again")])
            }
        }
    }

    static func parent(_ path: String) -> String {
        let slash = path.lastIndex(of: "/")!
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Removes the lock file, then lets go of the lock.
    public func release() { lock.release() }
}
