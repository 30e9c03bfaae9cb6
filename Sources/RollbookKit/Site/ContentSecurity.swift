#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
/// The Content-Security-Policy every page carries (spec section 8): the page may load only
/// files of the site itself; scripts and styles are files, never inline code.
public enum ContentSecurity {
    public static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        + "connect-src 'self'; manifest-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'"

    /// The `<meta>` element that carries the policy.
    public static let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"

    /// `html` with the policy's `<meta>`: pages from a theme whose layout lacks it get it right
    /// after `<meta charset>` (or the `<head>` tag). Fragments (no `<head>`) are left alone.
    /// What `ensure` looks for: a page holding it has its policy already.
    static let policyAttribute = "http-equiv=\"Content-Security-Policy\""

    public static func ensure(_ html: String) -> String {
        guard !containsBytes(html, policyAttribute),
              let head = html.range(of: "<head>") ?? html.range(of: "<head ") else { return html }
        var at = head.upperBound
        if head.upperBound != html.endIndex, html[html.index(before: head.upperBound)] == " " {
            guard let close = html[head.upperBound...].firstIndex(of: ">") else { return html }
            at = html.index(after: close)
        }
        if let charset = html[at...].range(of: "<meta charset"), let close = html[charset.upperBound...].firstIndex(of: ">") {
            at = html.index(after: close)
        }
        var out = html
        out.insert(contentsOf: "\n" + meta, at: at)
        return out
    }

    /// Whether `text` holds `needle`, byte for byte. Called on every page: a byte search over
    /// the UTF-8, where Foundation's `contains` would bridge the page and index it in UTF-16
    /// (7 % of a build's CPU).
    static func containsBytes(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { containsBytes($0, needle) }
    }

    /// `containsBytes` over a page's bytes.
    static func containsBytes(_ bytes: [UInt8], _ needle: String) -> Bool {
        bytes.withUnsafeBufferPointer { containsBytes($0, needle) }
    }

    static func containsBytes(_ t: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
                guard let first = n.first else { return true }
                guard t.count >= n.count, let base = t.baseAddress else { return false }
                // memchr to each candidate first byte, memcmp for the rest (glibc's memmem is not imported).
                var i = 0
                let last = t.count - n.count
                while i <= last {
                    guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                    i = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    if memcmp(base + i, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
        }
    }

    /// Whether a URL given to an image (or any resource a page loads) is a file of the site: a
    /// relative path, with no scheme (`https:`, `data:`) and not starting with `//`, `/` or `\`.
    public static func isLocal(_ url: String) -> Bool {
        // Browsers drop tabs and line breaks inside URLs (`/\t/host` is `//host`).
        let u = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })).trimmingSpaces
        if u.isEmpty { return true }
        if let f = u.first, f == "/" || f == "\\" { return false }
        // A scheme: letters, digits, `+ - .` before the first `:` that comes before any `/ ? #`.
        for c in u.unicodeScalars {
            if c == ":" { return false }
            if c == "/" || c == "?" || c == "#" { return true }
        }
        return true
    }

    /// What in a page the policy would block: an inline `<script>` (one without `src`), a
    /// `<style>` element, a `style` attribute or an `on…` event handler attribute. Nil when
    /// there is none. Rollbook's own pages have none; a school's theme is told by a warning.
    public static func inlineCode(in html: String) -> (line: Int, what: String)? {
        var line = 1
        var counted = html.startIndex
        func at(_ i: String.Index, _ what: String) -> (line: Int, what: String) {
            line += html[counted..<i].reduce(0) { $0 + ($1 == "\n" || $1 == "\r\n" ? 1 : 0) }
            counted = i
            return (line, what)
        }
        var i = html.startIndex
        while let lt = html[i...].firstIndex(of: "<") {
            guard let gt = html[lt...].firstIndex(of: ">") else { break }
            let tag = html[html.index(after: lt)..<gt]
            let name = tag.prefix { $0.isLetter || $0.isNumber }.lowercased()
            if name == "style" { return at(lt, "a <style> element") }
            let attrs = tag.dropFirst(name.count).lowercased()
            if name == "script", !attrs.contains("src=") { return at(lt, "an inline <script>") }
            if !name.isEmpty {
                // Attribute names: words after a space, before `=`.
                var k = attrs.startIndex
                while let sp = attrs[k...].firstIndex(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
                    let rest = attrs[attrs.index(after: sp)...]
                    let attr = rest.prefix { $0.isLetter || $0 == "-" }
                    if attr == "style" || (attr.hasPrefix("on") && attr.count > 2), rest.dropFirst(attr.count).first == "=" {
                        return at(lt, "a `\(attr)` attribute")
                    }
                    // Skip a quoted value, so words inside it are not taken for attributes.
                    var j = rest.index(rest.startIndex, offsetBy: attr.count)
                    if j < rest.endIndex, rest[j] == "=" {
                        j = rest.index(after: j)
                        if j < rest.endIndex, rest[j] == "\"" || rest[j] == "'" {
                            let q = rest[j]
                            j = rest[rest.index(after: j)...].firstIndex(of: q) ?? rest.endIndex
                        }
                    }
                    k = j
                    if k >= attrs.endIndex { break }
                }
            }
            i = html.index(after: gt)
        }
        return nil
    }
}

extension ContentSecurity {
    /// `path:line: error` for every image that is not a file of the site (spec section 8: pages
    /// load nothing from outside; a remote image would also tell its server who read the page).
    /// `bodyLine` is the line of the file on which `text` starts.
    public static func remoteImageProblems(_ text: String, path: String, bodyLine: Int) -> [Diagnostic] {
        Markdown.images(text).filter { !isLocal($0.url) }.map {
            Diagnostic(path: path, line: bodyLine + $0.line - 1,
                       "image \(Escape.quoted($0.url, limit: 80)) is loaded from outside the site: pages for parents and letters may only show images that are files of the site (put the picture in Content/ and use a relative path)")
        }
    }
}
