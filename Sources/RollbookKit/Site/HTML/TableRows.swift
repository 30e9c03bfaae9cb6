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
        var s = HTML.open("tr", ["class": cls])
        for (i, c) in cells.enumerated() {
            let content = c.html ?? (c.href.map { HTML.element("a", ["href": $0], text: c.text) } ?? HTML.text(c.text))
            s += HTML.element(i == 0 ? "th" : "td", ["scope": i == 0 ? "row" : nil, "class": c.cls.isEmpty ? nil : c.cls, "data-sort": c.sort], html: content)
        }
        return s + "</tr>\n"
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
        for r in rows { s += row(r) }
        return s
    }

    /// `<span class="flag bad">Severe absence</span> …`
    public static func flags(_ f: [(text: String, tone: String)]) -> String {
        f.map { HTML.element("span", ["class": "flag " + $0.tone], text: $0.text) }.joined(separator: " ")
    }
}
