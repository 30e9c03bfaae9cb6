import CCmark
#if canImport(Glibc)
import Glibc
#endif

/// CommonMark to HTML through the C library cmark.
///
/// cmark's safe default is kept: raw HTML becomes `<!-- raw HTML omitted -->` and links or
/// images with `javascript:`, `vbscript:`, `file:` and most `data:` URLs get an empty target.
public enum Markdown {
    /// Renders Markdown to an HTML fragment, with smart punctuation (curly quotes, dashes,
    /// ellipses). Headings are shifted down by `headingShift` levels (at most `h6`), so a page
    /// whose title is the `h1` can use `#` in its body without a second `h1`.
    public static func html(_ text: String, headingShift: Int = 0) -> String {
        let options = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
        var source = text
        guard let doc = source.withUTF8({ buf in
            cmark_parse_document(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, options)
        }) else { return "" }
        defer { cmark_node_free(doc) }
        if headingShift != 0 {
            let iter = cmark_iter_new(doc)
            defer { cmark_iter_free(iter) }
            while true {
                let ev = cmark_iter_next(iter)
                if ev == CMARK_EVENT_DONE { break }
                guard ev == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter),
                      cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
                let level = Int(cmark_node_get_heading_level(node))
                cmark_node_set_heading_level(node, Int32(min(6, max(1, level + headingShift))))
            }
        }
        guard let out = cmark_render_html(doc, options) else { return "" }
        defer { free(out) }
        return String(cString: out)
    }

    /// The plain text of a Markdown fragment (for summaries and titles): inline markup dropped.
    public static func plainText(_ text: String) -> String {
        var source = text
        guard let doc = source.withUTF8({ buf in
            cmark_parse_document(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, CMARK_OPT_SMART)
        }) else { return text }
        defer { cmark_node_free(doc) }
        var out = ""
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if ev == CMARK_EVENT_ENTER, type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE,
               let lit = cmark_node_get_literal(node) {
                out += String(cString: lit)
            } else if ev == CMARK_EVENT_ENTER, type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                out += " "
            } else if ev == CMARK_EVENT_EXIT, type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                out += " "
            }
        }
        return out.trimmingSpaces
    }

}
