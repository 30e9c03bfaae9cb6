#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps a request's path to a file of the built site, and refuses everything else.
///
/// Only files inside the site folder are ever served. The raw (still percent-encoded) request
/// path is checked before and after decoding:
/// - it must start with `/` and have no empty, `.` or `..` segment (so no `//etc/passwd`, no
///   `/../x`); the segments are not normalised away, they are refused;
/// - encoded slashes, backslashes, dots and NUL (`%2f`, `%5c`, `%2e`, `%00`) and raw backslashes
///   are refused, so decoding cannot make a new separator or dot segment;
/// - names starting with `.` (the build manifest, lock files) are not served;
/// - the file's real path, symbolic links resolved, must lie inside the site's real path, so a
///   link that points out of the site is refused;
/// - anything else that is not a regular file is not found.
public enum SitePath {
    public enum Resolution: Equatable, Sendable {
        /// Serve this file (an absolute real path inside the site).
        case file(String)
        /// A folder asked for without its trailing `/`: send the browser to this path.
        case redirect(String)
        case notFound
        /// A path that tries to leave the site or hide what it names; the reason is for the log.
        case forbidden(String)
    }

    static let refusedEncodings = ["%2f", "%5c", "%2e", "%00"]

    public static func resolve(_ rawPath: String, root: String) -> Resolution {
        guard rawPath.hasPrefix("/") else { return .forbidden("the path does not start with /") }
        let lower = rawPath.lowercased()
        if let e = refusedEncodings.first(where: { lower.contains($0) }) { return .forbidden("encoded \(e) in the path") }
        if rawPath.contains("\\") { return .forbidden("backslash in the path") }
        guard let decoded = rawPath.removingPercentEncodingStrict() else { return .forbidden("malformed percent-encoding") }
        if decoded.utf8.contains(0) { return .forbidden("NUL in the path") }
        var segments = decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let wantsFolder = segments.last == ""
        if wantsFolder { segments.removeLast() }
        for s in segments {
            if s.isEmpty { return .forbidden("empty segment (//) in the path") }
            if s == "." || s == ".." { return .forbidden("`\(s)` segment in the path") }
            if s.hasPrefix(".") { return .notFound }
        }
        guard let realRoot = realPath(root) else { return .notFound }
        let candidate = segments.isEmpty ? realRoot : realRoot + "/" + segments.joined(separator: "/")
        guard let real = realPath(candidate) else { return .notFound }
        guard real == realRoot || real.hasPrefix(realRoot + "/") else { return .forbidden("resolves outside the site (symbolic link)") }
        var st = stat()
        guard stat(real, &st) == 0 else { return .notFound }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if !wantsFolder { return .redirect(rawPath + "/") }
            guard let index = realPath(real + "/index.html"), index.hasPrefix(realRoot + "/") else {
                return realPath(real + "/index.html") == nil ? .notFound : .forbidden("index.html resolves outside the site")
            }
            var ist = stat()
            guard stat(index, &ist) == 0, (ist.st_mode & S_IFMT) == S_IFREG else { return .notFound }
            return .file(index)
        }
        guard (st.st_mode & S_IFMT) == S_IFREG, !wantsFolder else { return .notFound }
        return .file(real)
    }

    /// The canonical absolute path (links resolved), or nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// The MIME type for a file name.
    public static func contentType(_ path: String) -> String {
        let ext = path.split(separator: "/").last.flatMap { $0.contains(".") ? $0.split(separator: ".").last : nil }.map { $0.lowercased() } ?? ""
        switch ext {
        case "html", "htm": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "json": return "application/json"
        case "csv": return "text/csv; charset=utf-8"
        case "txt", "md": return "text/plain; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "ico": return "image/x-icon"
        case "woff2": return "font/woff2"
        case "woff": return "font/woff"
        case "pdf": return "application/pdf"
        case "webmanifest": return "application/manifest+json"
        default: return "application/octet-stream"
        }
    }
}

extension String {
    /// Percent-decoding that fails on a `%` not followed by two hex digits and on bytes that
    /// are not UTF-8.
    func removingPercentEncodingStrict() -> String? {
        var bytes: [UInt8] = []
        let u = Array(utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: return b - 48
            case 65...70: return b - 55
            case 97...102: return b - 87
            default: return nil
            }
        }
        while i < u.count {
            if u[i] == 37 {
                guard i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) else { return nil }
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(u[i])
                i += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
