#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// `site/intranet/.rollbook-manifest`: what a site was built from, so that a rebuild with no
/// input change does nothing at all (no rendering, no file rewritten).
///
/// The first line is a digest of every input: the Rollbook executable and its built-in files, the
/// options, `rollbook.yml`, the three CSV files, the previous export's (`previous:`), and every file under the project's `Themes/`
/// and `Content/`. The rest lists each file Rollbook wrote with its size, to notice a site that
/// was changed or damaged by hand, and to know which files are Rollbook's (the others in the
/// output folder are the user's and are kept). It names pupils' pages, so it lives inside
/// `intranet/`; the site root carries only a mark without pupil data (`OutputFolder.markName`).
public struct BuildManifest: Sendable, Equatable {
    public static let fileName = "intranet/.rollbook-manifest"
    /// Where versions up to `rollbook-site-5` kept the manifest (at the site root).
    public static let legacyPath = ".rollbook-manifest"
    /// Bump when output changes for the same inputs.
    public static let formatVersion = "rollbook-site-9"

    public var digest: String
    public var files: [(path: String, size: Int)]
    public var pages: Int

    public static func == (a: BuildManifest, b: BuildManifest) -> Bool {
        a.digest == b.digest && a.pages == b.pages && a.files.map(\.path) == b.files.map(\.path) && a.files.map(\.size) == b.files.map(\.size)
    }

    public var text: String {
        var s = "\(BuildManifest.formatVersion) \(digest) \(pages)\n"
        for f in files { s += "\(f.size) \(f.path)\n" }
        return s
    }

    public init(digest: String, files: [(path: String, size: Int)], pages: Int) {
        self.digest = digest
        self.files = files
        self.pages = pages
    }

    public init?(text: String) {
        let lines = text.split(separator: "\n")
        guard let head = lines.first?.split(separator: " "), head.count == 3, head[0] == BuildManifest.formatVersion,
              let pages = Int(head[2]) else { return nil }
        digest = String(head[1])
        self.pages = pages
        var files: [(String, Int)] = []
        for l in lines.dropFirst() {
            guard let space = l.firstIndex(of: " "), let size = Int(l[..<space]) else { return nil }
            files.append((String(l[l.index(after: space)...]), size))
        }
        self.files = files
    }

    /// Whether every file this manifest lists is in `output` with its size (files the user
    /// added beside them do not matter).
    public func isIntact(in output: String) -> Bool {
        for f in files {
            var st = stat()
            guard lstat(output + "/" + f.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) == f.size else { return false }
        }
        return true
    }

    /// The files a previous build of `output` wrote (the manifest itself included), read from
    /// its manifest of any format version; nil when there is none.
    public static func filesWritten(in output: String) -> Set<String>? {
        for path in [fileName, legacyPath] {
            guard let b = readFileBytes(output + "/" + path) else { continue }
            let lines = String(decoding: b, as: UTF8.self).split(separator: "\n")
            guard let head = lines.first, head.hasPrefix("rollbook-site-") else { continue }
            var out: Set<String> = [path]
            for l in lines.dropFirst() {
                guard let space = l.firstIndex(of: " "), Int(l[..<space]) != nil else { continue }
                out.insert(String(l[l.index(after: space)...]))
            }
            return out
        }
        return nil
    }

    /// The manifest of the site in `output` when it was built from inputs with this `digest`
    /// and is as that build left it: then there is nothing to build.
    static func upToDate(_ output: String, digest: String) -> BuildManifest? {
        guard let bytes = readFileBytes(output + "/" + fileName),
              let previous = BuildManifest(text: String(decoding: bytes, as: UTF8.self)),
              previous.digest == digest, previous.isIntact(in: output), OutputFolder.isMarked(output) else { return nil }
        return previous
    }

    /// The digest's hash (`FNV1a`, eight bytes at a time), streamed over many byte strings.
    public struct Hasher {
        var h = FNV1a()
        public init() {}
        public mutating func add(_ bytes: UnsafeRawBufferPointer) { h.feedWords(bytes) }
        public mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }
        public mutating func add(_ s: String) { var s = s; s.withUTF8 { add(UnsafeRawBufferPointer($0)) }; add([0]) }
        public var hex: String { h.hex }

        /// `add` of a whole file's bytes, read 4 MB at a time rather than whole (marks.csv can
        /// be a gigabyte); false, with nothing added, when it cannot be read (`readFileBytes` nil).
        public mutating func addFile(_ path: String) -> Bool {
            enum Outcome { case hashed(FNV1a), shrank, failed }
            let outcome = FileIO.withRegularFile(path) { fd, size -> Outcome in
                var x = h
                x.value ^= UInt64(size)
                let piece = 1 << 22
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece, alignment: 8)
                defer { buffer.deallocate() }
                var done = 0
                while done < size {
                    // Fill the buffer (or reach the end), so that every piece but the last is whole.
                    let want = min(piece, size - done)
                    guard let got = FileIO.readAll(fd, into: buffer.baseAddress!, count: want) else { return .failed }
                    if got < want { return .shrank }
                    x.continueWords(UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
                    done += got
                }
                return .hashed(x)
            }
            switch outcome {
            case .hashed(let x)?:
                h = x
                return true
            case .shrank?:
                // The file shrank while being read: hash what there is, as a whole read would.
                guard let b = readFileBytes(path) else { return false }
                add(b)
                return true
            case .failed?, nil:
                return false
            }
        }
    }

    /// The digest of everything a build reads. `linked` are the other projects rollbook.yml
    /// names, read once for the build.
    public static func digest(directory: String, config: ProjectConfig, linked: LinkedProjects, asOf: Day, pseudonymise: Bool,
                              since: Day? = nil) -> String {
        var h = Hasher()
        h.add(formatVersion)
        h.add(defaultsDigest)
        h.add(toolDigest)
        h.add("as_of=\(asOf.iso) pseudonymise=\(pseudonymise)")
        if let since { h.add("since=\(since.iso)") }
        func file(_ rel: String) {
            h.add(rel)
            let full = rel.hasPrefix("/") ? rel : directory + "/" + rel
            if !h.addFile(full) { h.add("(missing)") }
        }
        file("rollbook.yml")
        file(config.pupilsPath)
        file(config.marksPath)
        file(config.contactsPath)
        file(config.actionsPath)
        // Another project the build reads (`previous:`, `compare_with:`): its rollbook.yml and
        // data files, named `<key>/<path>`.
        func project(_ linked: LinkedProjects.Project?, as key: String) {
            guard let linked else { return }
            var files = [(key + "/rollbook.yml", linked.directory + "/rollbook.yml")]
            if case .success(let c) = linked.config {
                for rel in [c.pupilsPath, c.marksPath] { files.append((key + "/" + rel, linked.path(rel))) }
            }
            for (name, path) in files {
                h.add(name)
                if let b = readFileBytes(path) { h.add(b) } else { h.add("(missing)") }
            }
        }
        project(linked.previous, as: "previous")
        project(linked.compareWith, as: "compare_with")
        for top in ["Themes", "Content"] {
            for f in ProjectTree.list(project: directory, top: top, hidden: true).files { file(f.path) }
        }
        return h.hex
    }

    /// The running executable's bytes: a new or rebuilt Rollbook (a bug fixed in a figure, a page
    /// changed in code) rebuilds a site the previous one wrote, even when no input changed. The
    /// same executable gives the same digest, so its output stays byte-identical.
    static let toolDigest: String = {
        var h = Hasher()
        #if os(Linux)
        let path: String? = "/proc/self/exe"
        #else
        let path: String? = Bundle.main.executablePath
        #endif
        if let path, let bytes = readFileBytes(path) { h.add(bytes) } else { h.add(RollbookVersion.number) }
        return h.hex
    }()

    static let defaultsDigest: String = {
        var h = Hasher()
        for f in DefaultFiles.all { h.add(f.path); h.add(f.text) }
        return h.hex
    }()
}
