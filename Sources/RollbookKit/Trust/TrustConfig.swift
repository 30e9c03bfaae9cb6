import Yams
#if canImport(Glibc)
import Glibc
#endif

/// `trust.yml` (spec section 10): a trust or local authority standing for many school project
/// folders.
///
/// ```yaml
/// trust:
///   name: Northfield Learning Trust
/// schools:                     # each a school project folder, relative to this file
///   - schools/oakfield
///   - schools/riverside
/// ```
///
/// A file that cannot be read at all (malformed YAML, no `trust.name`, no `schools`) throws.
/// A single entry that cannot stand for a school (a missing folder, the trust folder itself or
/// one of its parents, a folder listed twice, a folder holding a `trust.yml` of its own) is kept
/// in `problems`, with its line, so the other schools still run.
public struct TrustConfig: Sendable {
    public static let fileName = "trust.yml"

    /// One entry of `schools:` that names a usable folder.
    public struct School: Sendable, Hashable {
        /// The folder as written in trust.yml, tidied (`./` and trailing `/` dropped): the
        /// prefix of every file path shown for this school.
        public var folder: String
        /// The folder as the program opens it (the trust folder joined with `folder`).
        public var path: String
        /// The line of the entry in trust.yml.
        public var line: Int?
        /// The school's folder name in the site (`site/intranet/<slug>/`): unique in the trust.
        public var slug: String
    }

    public var name: String
    public var schools: [School]
    /// Entries that cannot be used; each makes the run exit 2.
    public var problems: [Diagnostic]
    /// The trust folder as given.
    public var directory: String

    /// Whether `directory` holds a trust.yml.
    public static func isTrust(directory: String) -> Bool {
        var st = stat()
        return stat(directory + "/" + fileName, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// Reads `directory/trust.yml`. Throws `InputError` when the file cannot be read at all.
    public static func load(directory: String) throws -> TrustConfig {
        guard let bytes = readFileBytes(directory + "/" + fileName) else {
            throw InputError([Diagnostic(path: fileName, "not found in `\(directory)`")])
        }
        var w: [String] = []
        let text = String(decoding: TextDecoding.utf8(from: bytes, warnings: &w), as: UTF8.self)
        if FileSystem.isFile(directory + "/rollbook.yml") {
            throw InputError([Diagnostic(path: fileName, "this folder holds both trust.yml and rollbook.yml: a folder is either one school or a trust of schools; move the school into a folder of its own and list it under `schools:`")])
        }
        return try parse(yaml: text, directory: directory)
    }

    /// Parses the text of trust.yml and checks each school folder against the file system.
    public static func parse(yaml: String, directory: String) throws -> TrustConfig {
        let path = fileName
        let rootNode = try YAMLAliases.compose(yaml, path: path)
        guard let root = rootNode, let top = root.mapping else {
            throw InputError([Diagnostic(path: path, line: rootNode?.mark?.line, "expected a mapping with `trust` (with `name`) and `schools` (a list of school folders)")])
        }
        var fatal: [Diagnostic] = []
        var name = ""
        if let t = top["trust"] {
            if let m = t.mapping, let n = m["name"]?.scalar?.string, !n.trimmingSpaces.isEmpty {
                name = n.trimmingSpaces
            } else {
                fatal.append(Diagnostic(path: path, line: t.mark?.line, "missing `trust.name` (the trust's or authority's name)"))
            }
        } else {
            fatal.append(Diagnostic(path: path, line: root.mark?.line, "missing `trust` (with `name`)"))
        }
        var entries: [(String, Int?)] = []
        if let s = top["schools"] {
            if let list = s.sequence {
                for item in list {
                    if let v = item.scalar?.string, !v.trimmingSpaces.isEmpty {
                        entries.append((v.trimmingSpaces, item.mark?.line))
                    } else {
                        fatal.append(Diagnostic(path: path, line: item.mark?.line, "each entry of `schools` must be a folder path (relative to trust.yml)"))
                    }
                }
                if list.isEmpty { fatal.append(Diagnostic(path: path, line: s.mark?.line, "`schools` lists no school folder")) }
            } else {
                fatal.append(Diagnostic(path: path, line: s.mark?.line, "`schools` must be a list of school folders (relative to trust.yml)"))
            }
        } else {
            fatal.append(Diagnostic(path: path, line: root.mark?.line, "missing `schools` (a list of school folders, relative to trust.yml)"))
        }
        for key in top.keys {
            if let k = key.scalar?.string, k != "trust", k != "schools" {
                fatal.append(Diagnostic(path: path, line: key.mark?.line, "unknown key `\(k)` (expected `trust` and `schools`)"))
            }
        }
        if !fatal.isEmpty { throw InputError(fatal) }

        var problems: [Diagnostic] = []
        var schools: [School] = []
        let trustReal = FileSystem.realPath(directory)
        var seen: [String: (folder: String, line: Int?)] = [:]
        for (raw, line) in entries {
            let folder = tidy(raw)
            let full = folder.hasPrefix("/") ? folder : (directory == "." ? folder : directory + "/" + folder)
            func problem(_ m: String) { problems.append(Diagnostic(path: path, line: line, m)) }
            guard FileSystem.isDirectory(full) else {
                problem(FileSystem.exists(full) ? "school `\(folder)` is not a folder" : "school folder `\(folder)` not found (relative to trust.yml)")
                continue
            }
            let real = FileSystem.realPath(full)
            if real == trustReal {
                problem("school `\(folder)` is the trust folder itself: list each school's own folder")
                continue
            }
            if trustReal.hasPrefix(real == "/" ? "/" : real + "/") {
                problem("school `\(folder)` holds the trust folder (it is one of its parents): the schools would loop back into the trust")
                continue
            }
            if let first = seen[real] {
                let same = first.folder == folder ? "" : " (as `\(first.folder)`)"
                problem("school `\(folder)` is listed twice: already on line \(first.line.map(String.init) ?? "?")\(same)")
                continue
            }
            if isTrust(directory: full) {
                problem("school `\(folder)` holds a trust.yml of its own: list its schools here instead (trusts do not nest)")
                continue
            }
            seen[real] = (folder, line)
            schools.append(School(folder: folder, path: full, line: line, slug: ""))
        }
        // Slugs: the folder's own name; a name two folders share gets the whole path instead.
        let lastNames = schools.map { Slug.make(lastComponent($0.folder)).lowercased() }
        var counts: [String: Int] = [:]
        for n in lastNames { counts[n, default: 0] += 1 }
        var table = SlugTable()
        for i in schools.indices {
            let base = counts[lastNames[i]]! > 1 ? schools[i].folder.split(separator: "/").filter { $0 != ".." }.joined(separator: "-") : lastComponent(schools[i].folder)
            schools[i].slug = table.claim(reserved.contains(base.lowercased()) ? base + "-school" : base)
        }
        return TrustConfig(name: name, schools: schools, problems: problems, directory: directory)
    }

    /// Names the trust site itself uses under `intranet/` and `parents/`.
    static let reserved: Set<String> = ["assets", "index.html", "pupils.html"]

    static func tidy(_ s: String) -> String {
        let parts = s.split(separator: "/").filter { $0 != "." }
        let joined = parts.joined(separator: "/")
        if s.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func lastComponent(_ s: String) -> String {
        let parts = s.split(separator: "/").filter { $0 != "." && $0 != ".." }
        return parts.last.map(String.init) ?? s
    }
}

/// Small file-system questions the trust layer asks.
enum FileSystem {
    static func exists(_ p: String) -> Bool { var st = stat(); return lstat(p, &st) == 0 }
    static func isDirectory(_ p: String) -> Bool { var st = stat(); return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR }
    static func isFile(_ p: String) -> Bool { var st = stat(); return stat(p, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG }

    /// The canonical path (links followed) of an existing path, else the path as given.
    static func realPath(_ p: String) -> String {
        guard let r = realpath(p, nil) else { return p }
        defer { free(r) }
        return String(cString: r)
    }
}
