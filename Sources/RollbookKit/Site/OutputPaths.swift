import Foundation

/// The one allocator of every file path in the site (pupil, class and year pages, letters,
/// campaign pages, assets): issue 13 item 10.
///
/// A path is accepted once. Two paths that differ only by case (or Unicode normalisation) are
/// the same file on Windows and macOS, so the second is a duplicate; so is a path that would
/// not survive a copy to Windows: a component that is a reserved device name (`CON`, `PRN`,
/// `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, with any extension), ends with a dot or a space,
/// or holds a character Windows forbids (`< > : " \ | ? *` or a control character). Any such
/// path fails the build: one family's link must never open another child's page.
public struct OutputPaths: Sendable {
    private var claimed: [String: String] = [:]
    public init() {}

    /// The key two paths share when they name one file on a case-insensitive file system.
    public static func fold(_ path: String) -> String {
        // ASCII is its own canonical composition, and lowercases byte by byte: the same key
        // without Foundation (every path the build itself makes is ASCII).
        if let ascii = asciiLowercased(path) { return ascii }
        return path.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// `path` lowercased, when it is all ASCII; nil otherwise.
    static func asciiLowercased(_ path: String) -> String? {
        var path = path
        return path.withUTF8 { b -> String? in
            for c in b where c >= 0x80 { return nil }
            return String(unsafeUninitializedCapacity: b.count) { out in
                for i in 0..<b.count { let c = b[i]; out[i] = c >= 65 && c <= 90 ? c + 32 : c }
                return b.count
            }
        }
    }

    /// Whether `path` is plain ASCII that `problem` surely accepts: non-empty relative parts
    /// that are not `.` or `..`, do not end with a dot or a space, hold no character Windows
    /// forbids, and whose stem cannot be a device name. When this says no, `problem` decides.
    static func isPlainSafe(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { b -> Bool in
            guard !b.isEmpty, b[0] != 47 else { return false }
            var start = 0
            while start <= b.count {
                var end = start
                while end < b.count, b[end] != 47 { end += 1 }
                // One part: b[start..<end].
                guard end > start else { return false }
                let last = b[end - 1]
                if last == 46 || last == 32 { return false }   // also `.` and `..`
                var stemEnd = end
                for i in start..<end {
                    let c = b[i]
                    if c < 0x20 || c >= 0x7F { return false }
                    switch c {
                    case 60, 62, 58, 34, 92, 124, 63, 42: return false   // < > : " \ | ? *
                    case 46: if stemEnd == end { stemEnd = i }
                    default: break
                    }
                }
                // A stem (spaces around it trimmed) of 3 to 7 characters starting like a device
                // name (CON, COM1, CONOUT$ …) is left to `problem`.
                var i = start, j = stemEnd
                while i < j, b[i] == 32 || b[i] == 9 { i += 1 }
                while j > i, b[j - 1] == 32 || b[j - 1] == 9 { j -= 1 }
                if j - i >= 3, j - i <= 7 {
                    func up(_ c: UInt8) -> UInt8 { c >= 97 && c <= 122 ? c - 32 : c }
                    let three = Int(up(b[i])) << 16 | Int(up(b[i + 1])) << 8 | Int(up(b[i + 2]))
                    for name in OutputPaths.deviceStems where three == name { return false }
                }
                start = end + 1
            }
            return true
        }
    }

    /// The first three letters of Windows' device names, as `isPlainSafe` compares them.
    static let deviceStems: [Int] = ["CON", "PRN", "AUX", "NUL", "COM", "LPT"].map { n in n.utf8.reduce(0) { $0 << 8 | Int($1) } }

    /// Why `path` is unsafe as a file name on Windows, macOS or Linux; nil when it is fine.
    public static func problem(_ path: String) -> String? {
        isPlainSafe(path) ? nil : spelledOutProblem(path)
    }

    /// `problem` for any path, part by part over Unicode scalars (`isPlainSafe` is its fast
    /// answer for the plain ASCII paths the build makes).
    static func spelledOutProblem(_ path: String) -> String? {
        if path.isEmpty { return "an empty path" }
        if path.hasPrefix("/") { return "an absolute path" }
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part.isEmpty { return "an empty folder name" }
            if part == "." || part == ".." { return "`\(part)` as a folder name" }
            if let last = part.unicodeScalars.last, last == "." || last == " " {
                return "a name ending with a dot or a space (`\(part)`), which Windows drops"
            }
            if let bad = part.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F || "<>:\"\\|?*".unicodeScalars.contains($0) }) {
                return "the character \(Escape.quoted(String(bad))), which Windows does not allow in a file name"
            }
            if isReservedName(String(part)) { return "the name `\(part)`, which Windows reserves for a device" }
        }
        return nil
    }

    /// Windows device names, with any extension: `CON`, `con.html`, `Com1.tar.gz`, `LPT9`.
    public static func isReservedName(_ name: String) -> Bool {
        let base = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? name
        let stem = base.uppercased().trimmingCharacters(in: .whitespaces)
        if ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"].contains(stem) { return true }
        if stem.count == 4, stem.hasPrefix("COM") || stem.hasPrefix("LPT") {
            let d = stem.unicodeScalars.last!
            return ("0"..."9").contains(d) || d == "¹" || d == "²" || d == "³"
        }
        return false
    }

    /// Claims `path` (relative to the output folder). Throws when it is unsafe or when another
    /// file already has that path, up to case.
    public mutating func claim(_ path: String) throws {
        try claim(path, key: OutputPaths.checked(path))
    }

    /// The key `claim(_:key:)` takes for `path` (`fold`), or the error for an unsafe path. Needs
    /// no claimed paths, so it can run before taking a lock.
    public static func checked(_ path: String) throws -> String {
        if let why = OutputPaths.problem(path) {
            throw InputError([Diagnostic(path: "site/" + path, "cannot write this file: the path has \(why)")])
        }
        return OutputPaths.fold(path)
    }

    /// Claims a safe `path` whose `fold` is `key`. Throws when another file already has it.
    mutating func claim(_ path: String, key: String) throws {
        if let other = claimed[key] {
            let how = other == path ? "written twice" : "the same file as site/\(other) on Windows and macOS, where case does not count"
            throw InputError([Diagnostic(path: "site/" + path, "two files of the site would share this path (\(how)); the build was stopped")])
        }
        claimed[key] = path
    }
}

/// The site's output as the pages see it: every file passes through `OutputPaths` (so a
/// duplicate or unsafe path stops the build before anything is swapped in) and, when `watch`
/// is set, through a check for data that must not appear in it.
final class SiteFiles: @unchecked Sendable {
    let out: any SiteSink
    private let lock = NSLock()
    private var paths = OutputPaths()
    /// Called with every file's path and text; returns problems that stop the build.
    let watch: (@Sendable (String, String) -> [Diagnostic])?

    init(_ out: any SiteSink, watch: (@Sendable (String, String) -> [Diagnostic])? = nil) {
        self.out = out
        self.watch = watch
    }

    /// Claims a path written by other means (the theme's static files).
    func claim(_ path: String) throws {
        let key = try OutputPaths.checked(path)
        lock.lock()
        defer { lock.unlock() }
        try paths.claim(path, key: key)
    }

    func write(_ path: String, _ text: String) throws {
        try claim(path)
        if let watch {
            let problems = watch(path, text)
            if !problems.isEmpty { throw InputError(problems) }
        }
        try out.write(path, text)
    }

    /// Writes a page given as its UTF-8 bytes (checked as text when `watch` is set).
    func write(_ path: String, bytes: [UInt8]) throws {
        try claim(path)
        if let watch {
            let problems = watch(path, String(decoding: bytes, as: UTF8.self))
            if !problems.isEmpty { throw InputError(problems) }
        }
        try out.write(path, bytes)
    }
}
