import Foundation

/// Notices changes to a project's inputs by polling: `rollbook.yml` and every file under
/// `Data/`, `Content/` and `Themes/` (plus data files rollbook.yml names elsewhere), by
/// modification time, size and inode. Polling is portable and cheap at a school's scale
/// (a few hundred files), and sees edits made by any editor, including save-by-rename.
public struct ProjectWatcher: Sendable {
    public struct Stamp: Equatable, Sendable {
        var seconds: Int
        var nanoseconds: Int
        var size: Int64
        var inode: UInt64
    }

    public let directory: String
    public static let folders = ["Data", "Content", "Themes"]
    /// Extra project-relative files to watch (data paths outside `Data/`).
    public var extraFiles: [String] = []

    public init(directory: String) { self.directory = directory }

    /// Project-relative path → stamp, for every watched file that exists.
    public func snapshot() -> [String: Stamp] {
        var out: [String: Stamp] = [:]
        for f in ["rollbook.yml"] + extraFiles {
            if let s = ProjectWatcher.stamp(path(f)) { out[f] = s }
        }
        let fm = FileManager.default
        for folder in ProjectWatcher.folders {
            guard let e = fm.enumerator(atPath: path(folder)) else { continue }
            while let rel = e.nextObject() as? String {
                let name = (rel as NSString).lastPathComponent
                if name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") {
                    if (e.fileAttributes?[.type] as? FileAttributeType) == .typeDirectory { e.skipDescendants() }
                    continue
                }
                let key = folder + "/" + rel
                if let s = ProjectWatcher.stamp(path(key)) { out[key] = s }
            }
        }
        return out
    }

    func path(_ rel: String) -> String { rel.hasPrefix("/") ? rel : directory + "/" + rel }

    static func stamp(_ path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        let t = st.st_mtimespec
        #else
        let t = st.st_mtim
        #endif
        return Stamp(seconds: Int(t.tv_sec), nanoseconds: Int(t.tv_nsec), size: Int64(st.st_size), inode: UInt64(st.st_ino))
    }

    /// The files added, removed or changed between two snapshots, sorted.
    public static func changes(from a: [String: Stamp], to b: [String: Stamp]) -> [String] {
        var out: [String] = []
        for (k, v) in b where a[k] != v { out.append(k) }
        for k in a.keys where b[k] == nil { out.append(k) }
        return out.sorted()
    }
}
