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
        path.precomposedStringWithCanonicalMapping.lowercased()
    }

    /// Why `path` is unsafe as a file name on Windows, macOS or Linux; nil when it is fine.
    public static func problem(_ path: String) -> String? {
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
        if let why = OutputPaths.problem(path) {
            throw InputError([Diagnostic(path: "site/" + path, "cannot write this file: the path has \(why)")])
        }
        let key = OutputPaths.fold(path)
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
        lock.lock()
        defer { lock.unlock() }
        try paths.claim(path)
    }

    func write(_ path: String, _ text: String) throws {
        lock.lock()
        do { try paths.claim(path) } catch { lock.unlock(); throw error }
        lock.unlock()
        if let watch {
            let problems = watch(path, text)
            if !problems.isEmpty { throw InputError(problems) }
        }
        try out.write(path, text)
    }
}
