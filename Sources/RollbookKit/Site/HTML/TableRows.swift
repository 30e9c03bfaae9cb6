/// Rows of the site's tables.
///
/// Small tables (a row per group, year, class, band, measure or school) are rendered by the
/// theme: `context` gives each row as plain values for `Themes/default/partials/table.mustache`.
/// The larger ones, a row per pupil (or per pupil's session), keep their structure (caption,
/// header, classes) in the templates while Rollbook renders the `<tr>` rows here, escaping every
/// cell (`row`), because a template lookup costs far more than appending a string and a pupil
/// list of a whole school has tens of thousands of cells.
public struct TableRows {
    public struct Cell {
        var text: String
        var cls: String
        var sort: String?
        var href: String?
        /// Pre-rendered, already escaped HTML (flags); used instead of `text` when set. Only in
        /// rows rendered here (`row`): the templates' tables take plain values.
        var html: String?
        /// The text in `<strong>`, then `after` (plain text).
        var strong = false
        var after = ""
        var colspan: Int?

        public static func text(_ t: String, _ cls: String = "", sort: String? = nil) -> Cell { Cell(text: t, cls: cls, sort: sort) }
        public static func num(_ t: String, sort: String? = nil) -> Cell { Cell(text: t, cls: "num", sort: sort) }
        public static func link(_ t: String, _ href: String, sort: String? = nil) -> Cell { Cell(text: t, cls: "", sort: sort, href: href) }
        public static func html(_ h: String, class cls: String = "", sort: String? = nil) -> Cell { Cell(text: "", cls: cls, sort: sort, html: h) }
        /// `<strong>text</strong>` when `strong`, then `after`.
        static func emphasis(_ t: String, strong: Bool, after: String, class cls: String = "") -> Cell {
            Cell(text: t, cls: cls, strong: strong, after: strong ? after : "")
        }

        /// The cell as the theme's table partial takes it: `tag` (`th`, a row header, or `td`)
        /// and `text`, and only when they apply `scope`, `cls`, `sort`, `colspan`, `href`,
        /// `strong` and `after` (the partial looks them up in the cell alone: `{{#.sort}}`).
        func context(header: Bool) -> [String: Any] {
            precondition(html == nil, "a table the theme renders takes plain values, not HTML")
            var c: [String: Any] = ["tag": header ? "th" : "td", "text": text]
            if header { c["scope"] = "row" }
            if !cls.isEmpty { c["cls"] = cls }
            if let sort { c["sort"] = sort }
            if let colspan { c["colspan"] = String(colspan) }
            if let href { c["href"] = href }
            if strong { c["strong"] = true }
            if !after.isEmpty { c["after"] = after }
            return c
        }
    }

    /// A row for the theme's table partial (the first cell the row header), as `row` writes it.
    static func context(_ cells: [Cell], class cls: String? = nil) -> [String: Any] {
        var r: [String: Any] = ["cells": cells.enumerated().map { $1.context(header: $0 == 0) }]
        if let cls { r["cls"] = cls }
        return r
    }

    static func contexts(_ rows: [[Cell]]) -> [[String: Any]] { rows.map { context($0) } }

    /// A row of a group too small to show (fewer than 5 pupils): its label, then one cell
    /// over the `columns` other columns saying why.
    static func suppressedContext(_ label: String, columns: Int) -> [String: Any] {
        var note = Cell.text("Figures not shown, so that no pupil can be identified.")
        note.colspan = columns
        return context([.text(label), .num("fewer than 5"), note], class: "suppressed")
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
            let content = c.html ?? (c.strong ? "<strong>" + Escape.html(c.text) + "</strong>" : Escape.html(c.text))
            if let href = c.href { s += "<a href=\""; s += Escape.html(href); s += "\">"; s += content; s += "</a>" } else { s += content }
            if !c.after.isEmpty { s += Escape.html(c.after) }
            s += i == 0 ? "</th>" : "</td>"
        }
        s += "</tr>\n"
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
