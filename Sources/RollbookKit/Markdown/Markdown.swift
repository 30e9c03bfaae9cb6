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
    /// ellipses). With `topHeading`, the body's headings are moved together so that the highest
    /// one is `h<topHeading>` and their order is kept (at most `h6`): a page whose title is the
    /// `h1` gets `h2` sections whether its author wrote `#` or `##`, and no level is skipped.
    public static func html(_ text: String, topHeading: Int? = nil) -> String {
        let options = CMARK_OPT_SMART | CMARK_OPT_VALIDATE_UTF8
        var source = text
        guard let doc = source.withUTF8({ buf in
            cmark_parse_document(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, options)
        }) else { return "" }
        defer { cmark_node_free(doc) }
        if let topHeading {
            let headings = Markdown.headings(doc)
            if let highest = headings.map({ cmark_node_get_heading_level($0) }).min() {
                let shift = Int32(topHeading) - highest
                for node in headings {
                    cmark_node_set_heading_level(node, min(6, max(1, cmark_node_get_heading_level(node) + shift)))
                }
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

    /// Every image in a Markdown text (inline `![](url)` or reference-style `![x][ref]`), with
    /// the 1-based line of `text` it is on and its URL as cmark resolved it.
    public static func images(_ text: String) -> [(line: Int, url: String)] {
        var source = text
        guard let doc = source.withUTF8({ buf in
            cmark_parse_document(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, CMARK_OPT_DEFAULT)
        }) else { return [] }
        defer { cmark_node_free(doc) }
        var out: [(line: Int, url: String)] = []
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        // Inline nodes carry no line of their own: count the line breaks since the start of
        // the block that holds them.
        var blockLine = 1, breaks = 0
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard ev == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING {
                blockLine = Int(cmark_node_get_start_line(node))
                breaks = 0
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                breaks += 1
            } else if type == CMARK_NODE_IMAGE {
                let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                out.append((max(1, blockLine) + breaks, url))
            }
        }
        return out
    }

    /// The heading nodes of a parsed document, in document order.
    private static func headings(_ doc: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        let iter = cmark_iter_new(doc)
        defer { cmark_iter_free(iter) }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            if ev == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter), cmark_node_get_type(node) == CMARK_NODE_HEADING {
                out.append(node)
            }
        }
        return out
    }
}
