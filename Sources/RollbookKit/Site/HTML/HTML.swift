/// The one way Rollbook writes HTML (and SVG) in Swift: the pages' tables, register grids,
/// charts, finding items and lists in this folder all go through it.
///
/// - Text is always escaped (`text:`); markup that is already HTML is passed as `html:` and
///   must itself come from this helper (or from `Escape.html`).
/// - Attributes are written ` name="value"`, in the order given, every value escaped; an
///   attribute whose value is nil is left out.
enum HTML {
    typealias Attributes = KeyValuePairs<String, String?>

    /// Text content or an attribute value: `& < > " '` escaped.
    @inline(__always)
    static func text(_ s: String) -> String { Escape.html(s) }

    /// ` name="value"` for each attribute with a value, values escaped.
    static func attributes(_ attributes: Attributes) -> String {
        var s = ""
        append(attributes, to: &s)
        return s
    }

    /// Appends `attributes(a)` to `s` (one string grown in place, no pieces in between).
    @inline(__always)
    static func append(_ attributes: Attributes, to s: inout String) {
        for (name, value) in attributes {
            guard let value else { continue }
            s += " "; s += name; s += "=\""; s += Escape.html(value); s += "\""
        }
    }

    /// `<tag name="value">`.
    static func open(_ tag: String, _ attributes: Attributes = [:]) -> String {
        var s = "<"
        s += tag
        append(attributes, to: &s)
        s += ">"
        return s
    }

    /// `<tag name="value">text</tag>`, the text escaped.
    static func element(_ tag: String, _ attributes: Attributes = [:], text: String) -> String {
        element(tag, attributes, html: Escape.html(text))
    }

    /// `<tag name="value">html</tag>`, `html` already markup.
    static func element(_ tag: String, _ attributes: Attributes = [:], html: String) -> String {
        var s = "<"
        s += tag
        append(attributes, to: &s)
        s += ">"; s += html; s += "</"; s += tag; s += ">"
        return s
    }

    /// `<tag name="value"/>`, an SVG element without content.
    static func empty(_ tag: String, _ attributes: Attributes) -> String {
        var s = "<"
        s += tag
        append(attributes, to: &s)
        s += "/>"
        return s
    }
}
