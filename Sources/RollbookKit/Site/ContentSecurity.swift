/// The Content-Security-Policy every page carries (spec section 8): the page may load only
/// files of the site itself; scripts and styles are files, never inline code.
public enum ContentSecurity {
    public static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        + "connect-src 'self'; manifest-src 'self'; media-src 'self'; form-action 'self'; base-uri 'none'"

    /// The `<meta>` element that carries the policy.
    public static let meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(policy)\">"

    /// `html` with the policy's `<meta>`: pages from a theme whose layout lacks it get it right
    /// after `<meta charset>` (or the `<head>` tag). Fragments (no `<head>`) are left alone.
    public static func ensure(_ html: String) -> String {
        guard !html.contains("http-equiv=\"Content-Security-Policy\""),
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
}
