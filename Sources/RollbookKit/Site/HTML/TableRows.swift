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
        public static func html(_ h: String, class cls: String = "", sort: String? = nil) -> Cell { Cell(text: "", cls: cls, sort: sort, html: h) }
    }

    /// `<tr>` with the first cell as a row header.
    public static func row(_ cells: [Cell], class cls: String? = nil) -> String {
        var s = ""
        append(cells, class: cls, to: &s)
        return s
    }

    /// Appends `row(cells, class:)` to `s`: the same bytes as `HTML.element` would make for
    /// each cell (`scope`, `class`, `data-sort` in that order), without the pieces in between.
    static func append(_ cells: [Cell], class cls: String? = nil, to s: inout String) {
        s += "<tr"
        if let cls { s += " class=\""; s += Escape.html(cls); s += "\"" }
        s += ">"
        for i in cells.indices {
            let c = cells[i]
            s += i == 0 ? "<th scope=\"row\"" : "<td"
            if !c.cls.isEmpty { s += " class=\""; s += Escape.html(c.cls); s += "\"" }
            if let sort = c.sort { s += " data-sort=\""; s += Escape.html(sort); s += "\"" }
            s += ">"
            if let h = c.html { s += h }
            else if let href = c.href { s += "<a href=\""; s += Escape.html(href); s += "\">"; s += Escape.html(c.text); s += "</a>" }
            else { s += Escape.html(c.text) }
            s += i == 0 ? "</th>" : "</td>"
        }
        s += "</tr>\n"
    }

    /// A row of a group too small to show (fewer than 5 pupils): its label, then one cell
    /// over the `columns` other columns saying why.
    static func suppressed(_ label: String, columns: Int) -> String {
        HTML.open("tr", ["class": "suppressed"]) + HTML.element("th", ["scope": "row"], text: label)
            + HTML.element("td", ["class": "num"], text: "fewer than 5")
            + HTML.element("td", ["colspan": String(columns)], text: "Figures not shown, so that no pupil can be identified.") + "</tr>\n"
    }

    public static func rows(_ rows: [[Cell]]) -> String {
        var s = ""
        for r in rows { append(r, to: &s) }
        return s
    }

    /// `<span class="flag bad">Severe absence</span> …`
    public static func flags(_ f: [(text: String, tone: String)]) -> String {
        f.map { HTML.element("span", ["class": "flag " + $0.tone], text: $0.text) }.joined(separator: " ")
    }
}
