/// Rows of the site's larger tables, rendered in Swift.
///
/// Templates keep each table's structure (caption, header, classes); Rollbook renders the
/// `<tr>` rows, escaping every cell, because a Mustache lookup costs microseconds and a pupil
/// list of a whole school has tens of thousands of cells.
public struct TableRows {
    public struct Cell {
        var text: String
        var cls: String
        var sort: String?
        var href: String?
        /// Pre-rendered, already escaped HTML (flags); used instead of `text` when set.
        var html: String?

        public static func text(_ t: String, _ cls: String = "", sort: String? = nil) -> Cell { Cell(text: t, cls: cls, sort: sort) }
        public static func num(_ t: String, sort: String? = nil) -> Cell { Cell(text: t, cls: "num", sort: sort) }
        public static func link(_ t: String, _ href: String, sort: String? = nil) -> Cell { Cell(text: t, cls: "", sort: sort, href: href) }
        public static func html(_ h: String, sort: String? = nil) -> Cell { Cell(text: "", cls: "", sort: sort, html: h) }
    }

    /// `<tr>` with the first cell as a row header.
    public static func row(_ cells: [Cell]) -> String {
        var s = "<tr>"
        for (i, c) in cells.enumerated() {
            let tag = i == 0 ? "th" : "td"
            s += "<" + tag + (i == 0 ? " scope=\"row\"" : "")
            if !c.cls.isEmpty { s += " class=\"" + c.cls + "\"" }
            if let sort = c.sort { s += " data-sort=\"" + Escape.html(sort) + "\"" }
            s += ">"
            if let h = c.html { s += h }
            else if let href = c.href { s += "<a href=\"" + Escape.html(href) + "\">" + Escape.html(c.text) + "</a>" }
            else { s += Escape.html(c.text) }
            s += "</" + tag + ">"
        }
        return s + "</tr>\n"
    }

    public static func rows(_ rows: [[Cell]]) -> String {
        var s = ""
        for r in rows { s += row(r) }
        return s
    }

    /// `<span class="flag bad">Severe absence</span> …`
    public static func flags(_ f: [(text: String, tone: String)]) -> String {
        f.map { "<span class=\"flag \($0.tone)\">\(Escape.html($0.text))</span>" }.joined(separator: " ")
    }
}
