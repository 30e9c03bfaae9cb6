import CSupport
import Foundation

/// Writes a whole site so that readers only ever see the old site or the new one.
///
/// The new tree is built in a sibling temporary folder, then exchanged with the old one in a
/// single `renameat2(RENAME_EXCHANGE)`: a build killed at any moment leaves the previous site
/// whole. Files whose bytes have not changed are hard-linked from the old tree rather than
/// written again, and when nothing changed at all nothing is touched.
public struct SiteWriter {
    public let output: String
    public init(output: String) { self.output = output }

    public struct Result: Sendable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        public var swapped = false
    }

    /// `files`: path relative to `output` → bytes.
    public func write(_ files: [(path: String, bytes: [UInt8])]) throws -> Result {
        var result = Result()
        let fm = FileManager.default
        let parent = (output as NSString).deletingLastPathComponent
        let name = (output as NSString).lastPathComponent
        try makeDirectory(parent.isEmpty ? "." : parent)
        // Remove leftovers of builds that were killed.
        if let entries = try? fm.contentsOfDirectory(atPath: parent.isEmpty ? "." : parent) {
            for e in entries where e.hasPrefix(".\(name).rollbook-") {
                try? fm.removeItem(atPath: (parent.isEmpty ? "" : parent + "/") + e)
            }
        }
        // Unchanged site? Then touch nothing.
        let existing = Set(SiteWriter.listFiles(output))
        var same = existing.count == files.count
        if same {
            for f in files {
                guard existing.contains(f.path), let old = readFileBytes(output + "/" + f.path), old == f.bytes else { same = false; break }
            }
        }
        if same { result.unchanged = files.count; return result }

        let temp = (parent.isEmpty ? "" : parent + "/") + ".\(name).rollbook-\(getpid())"
        try makeDirectory(temp)
        var dirs: Set<String> = []
        for f in files.sorted(by: { $0.path < $1.path }) {
            guard SiteWriter.isContained(f.path) else {
                throw InputError([Diagnostic(path: f.path, "refusing to write outside the output folder")])
            }
            let dir = (f.path as NSString).deletingLastPathComponent
            if !dir.isEmpty, dirs.insert(dir).inserted { try makeDirectory(temp + "/" + dir) }
            let target = temp + "/" + f.path
            if existing.contains(f.path), let old = readFileBytes(output + "/" + f.path), old == f.bytes,
               link(output + "/" + f.path, target) == 0 {
                result.unchanged += 1
                continue
            }
            try writeFile(target, f.bytes)
            result.written += 1
        }
        result.removed = existing.subtracting(files.map(\.path)).count
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: output, isDirectory: &isDir) {
            guard isDir.boolValue else {
                try? fm.removeItem(atPath: temp)
                throw InputError([Diagnostic(path: output, "exists and is not a folder")])
            }
            if rollbook_exchange_paths(temp, output) != 0 {
                // No atomic exchange on this file system: fall back to two renames.
                let old = temp + ".old"
                guard rename(output, old) == 0, rename(temp, output) == 0 else {
                    throw InputError([Diagnostic(path: output, "cannot replace the site: \(String(cString: strerror(errno)))")])
                }
                try? fm.removeItem(atPath: old)
            } else {
                try? fm.removeItem(atPath: temp)
            }
        } else if rename(temp, output) != 0 {
            throw InputError([Diagnostic(path: output, "cannot create the site: \(String(cString: strerror(errno)))")])
        }
        result.swapped = true
        return result
    }

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
