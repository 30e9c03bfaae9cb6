#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files under a folder of a school project (`Themes/`, `Content/`), for the build and for
/// the build's digest.
///
/// Symbolic links are followed when they lead to a file or folder inside the project folder (a
/// `Content/` that is a link to a shared folder of the project, say); a link that leads out of
/// the project, or nowhere, is never followed: it is skipped with a warning naming it. A link
/// back to a folder being walked is skipped too (it would loop).
public enum ProjectTree {
    public struct Listing: Sendable {
        /// Path relative to the project (`Content/campaigns/x.md`) and the path to read.
        public var files: [(path: String, file: String)] = []
        public var warnings: [Diagnostic] = []
    }

    /// Every regular file under `project/top`, sorted by path; names starting with `.` are
    /// left out unless `hidden`. An absent `top` gives nothing.
    public static func list(project: String, top: String, hidden: Bool = false) -> Listing {
        var out = Listing()
        guard let root = realPath(project) else { return out }
        func inside(_ real: String) -> Bool { real == root || real.hasPrefix(root == "/" ? "/" : root + "/") }

        /// Follows `path` if it is a link; the real path and whether it is a folder, or nil
        /// (with a warning) when it must not be followed.
        func resolve(_ path: String, rel: String) -> (real: String, isDir: Bool)? {
            var st = stat()
            guard lstat(path, &st) == 0 else { return nil }
            let isLink = (st.st_mode & S_IFMT) == S_IFLNK
            guard isLink else {
                let kind = st.st_mode & S_IFMT
                guard kind == S_IFDIR || kind == S_IFREG else { return nil }
                return (path, kind == S_IFDIR)
            }
            guard let real = realPath(path), stat(real, &st) == 0 else {
                out.warnings.append(Diagnostic(.warning, path: rel, "a symbolic link that leads nowhere (\(linkText(path))); skipped"))
                return nil
            }
            guard inside(real) else {
                out.warnings.append(Diagnostic(.warning, path: rel,
                    "a symbolic link to \(Escape.quoted(real, limit: 120)), outside the project folder; not followed, skipped"))
                return nil
            }
            let kind = st.st_mode & S_IFMT
            guard kind == S_IFDIR || kind == S_IFREG else { return nil }
            return (real, kind == S_IFDIR)
        }

        func walk(_ path: String, rel: String, real: String, open: Set<String>) {
            guard let all = FileIO.list(path) else {
                out.warnings.append(Diagnostic(.warning, path: rel, "cannot read the folder; skipped"))
                return
            }
            for name in all.sorted() where hidden || !name.hasPrefix(".") {
                let childPath = path + "/" + name, childRel = rel + "/" + name
                guard let (childReal, isDir) = resolve(childPath, rel: childRel) else { continue }
                if isDir {
                    let r = realPath(childReal) ?? childReal
                    if open.contains(r) {
                        out.warnings.append(Diagnostic(.warning, path: childRel, "a symbolic link to a folder that contains it (a loop); skipped"))
                        continue
                    }
                    walk(childPath, rel: childRel, real: r, open: open.union([r]))
                } else {
                    out.files.append((childRel, childPath))
                }
            }
        }

        let start = project + "/" + top
        guard let (real, isDir) = resolve(start, rel: top) else { return out }
        if isDir {
            let r = realPath(real) ?? real
            walk(start, rel: top, real: r, open: [r])
        }
        out.files.sort { $0.path < $1.path }
        return out
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func linkText(_ path: String) -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buf, buf.count - 1)
        guard n >= 0 else { return "unreadable" }
        return "to " + Escape.quoted(String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self), limit: 120)
    }
}
