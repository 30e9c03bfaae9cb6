/// Where a mark becomes a table cell: the class register grid and the pupil's year calendar.
/// Built in Swift rather than Mustache because they are the largest, most repeated part of the
/// site; every piece of data still goes through `Escape.html`.
public enum RegisterTables {
    /// A `<td>` for one pupil-session: the code, coloured by category; or why there is none.
    static func cell(_ reg: Register, pupil p: Int, slot s: Int) -> String {
        guard reg.rollSlots[p].contains(s) else { return "<td class=\"off-roll\" title=\"Not on roll\">·</td>" }
        guard let code = reg.code(pupil: p, slot: s) else { return "<td class=\"missing\" title=\"No mark\">?</td>" }
        return "<td class=\"\(code.category.slug)\" title=\"\(Escape.html(code.meaning))\">\(Escape.html(code.text))</td>"
    }

    /// Pupils × the last `sessions` school sessions, for a class page.
    public static func classGrid(_ reg: Register, pupils: [Int], pupilHref: (Int) -> String, sessions: Int, caption: String) -> String {
        let cal = reg.calendar
        let start = max(0, cal.slotCount - sessions)
        var s = "<table class=\"register\"><caption>\(Escape.html(caption))</caption><thead><tr><th scope=\"col\">Pupil</th>"
        for k in start..<cal.slotCount {
            let d = cal.slotDay[k]
            let c = d.components
            s += "<th scope=\"col\"><abbr title=\"\(Escape.html(d.display)) \(cal.slotSession[k].text)\">\(String(Day.weekdayNames[d.weekday].prefix(2))) \(c.day)/\(c.month)<br>\(cal.slotSession[k].text)</abbr></th>"
        }
        s += "</tr></thead><tbody>"
        for p in pupils {
            let pupil = reg.pupils[p]
            s += "<tr><th scope=\"row\"><a href=\"\(pupilHref(p))\">\(Escape.html(pupil.surname)), \(Escape.html(pupil.forename))</a></th>"
            for k in start..<cal.slotCount { s += cell(reg, pupil: p, slot: k) }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }

    /// Every session of the year for one pupil: a row per week, a cell per session (Mon AM …
    /// Fri PM). Closures, holidays and days off roll are shown distinctly.
    public static func calendar(_ reg: Register, pupil p: Int) -> String {
        let cal = reg.calendar
        let first = cal.yearStart.monday
        let last = min(cal.asOf, cal.yearEnd)
        var s = "<table class=\"register calendar\"><caption>Sessions from \(Escape.html(cal.yearStart.display)) to \(Escape.html(last.display)), week by week</caption><thead><tr><th scope=\"col\">Week of</th>"
        for d in 0..<5 {
            for sess in Session.allCases { s += "<th scope=\"col\">\(String(Day.weekdayNames[d].prefix(3))) \(sess.text)</th>" }
        }
        s += "</tr></thead><tbody>"
        var monday = first
        while monday <= last {
            // Skip whole weeks with no school session (holidays) to keep the table short.
            let hasSchool = (0..<5).contains { d in Session.allCases.contains { cal.slot(monday.adding(days: d), $0) != nil } }
            if hasSchool {
                s += "<tr><th scope=\"row\">\(Escape.html(monday.display))</th>"
                for d in 0..<5 {
                    let day = monday.adding(days: d)
                    for sess in Session.allCases {
                        if let k = cal.slot(day, sess) {
                            s += cell(reg, pupil: p, slot: k)
                        } else if day > last || day < cal.yearStart {
                            s += "<td class=\"off-roll\" title=\"Outside the period\"></td>"
                        } else {
                            s += "<td class=\"closed\" title=\"\(Escape.html(cal.closureReason(day, sess) ?? "Closed"))\">–</td>"
                        }
                    }
                }
                s += "</tr>"
            }
            monday = monday.adding(days: 7)
        }
        return s + "</tbody></table>"
    }
}
