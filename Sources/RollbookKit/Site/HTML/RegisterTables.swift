/// Where a mark becomes a table cell: the class register grid and the pupil's year calendar.
/// Built in Swift rather than Mustache because they are the largest, most repeated part of the
/// site (a pupil's calendar has ~400 cells); every piece of data still goes through
/// `Escape.html`. The parts that are the same for every pupil are prepared once per build.
public struct RegisterTables: Sendable {
    let register: Register
    /// `<td>` per code raw value (index 0: no mark).
    let codeCell: [String]
    static let offRollCell = HTML.element("td", ["class": NoCode.offRoll.slug, "title": NoCode.offRoll.label], text: NoCode.offRoll.symbol)
    /// The same for a pupil's calendar, without the codes' meanings: the pupil page's code
    /// table, beside it, names every code the pupil has.
    let calendarCodeCell: [String]
    /// Codes written as a bare `<td>`: present in the morning and the afternoon, most cells of
    /// every grid. Their column heading already names the session and the page's key says
    /// "/ Present"; the stylesheet colours a register cell without a class as present
    /// (`table.register td:not([class])`). Every other code keeps its category class and its
    /// meaning as a title.
    static let plainPresent: Set<String> = ["/", "\\"]
    /// The calendar: header, then per week its row header and per cell either a slot or fixed HTML.
    let calendarHead: String
    let weeks: [(header: String, cells: [Cell])]
    enum Cell: Sendable { case slot(Int), fixed(String) }
    /// Column headers of the class grid (the last sessions).
    let gridStart: Int
    let gridHead: String
    /// Sessions shown in a register grid.
    var gridSessionCount: Int { register.calendar.slotCount - gridStart }

    public init(_ reg: Register, gridSessions: Int = 20) {
        register = reg
        let cal = reg.calendar
        codeCell = [HTML.element("td", ["class": NoCode.missing.slug, "title": NoCode.missing.label], text: NoCode.missing.symbol)]
            + AttendanceCode.all.map {
                RegisterTables.plainPresent.contains($0.text) ? HTML.element("td", text: $0.text)
                    : HTML.element("td", ["class": $0.category.slug, "title": $0.meaning], text: $0.text)
            }
        calendarCodeCell = [codeCell[0]] + AttendanceCode.all.map {
            RegisterTables.plainPresent.contains($0.text) ? HTML.element("td", text: $0.text)
                : HTML.element("td", ["class": $0.category.slug], text: $0.text)
        }
        let last = min(cal.asOf, cal.yearEnd)
        var head = "<thead><tr>" + HTML.element("th", ["scope": "col"], text: "Week of")
        for d in 0..<5 {
            for sess in Session.allCases { head += HTML.element("th", ["scope": "col"], text: "\(Day.weekdayNames[d].prefix(3)) \(sess.text)") }
        }
        calendarHead = head + "</tr></thead>"
        var weeks: [(String, [Cell])] = []
        var monday = cal.yearStart.monday
        while monday <= last {
            let hasSchool = (0..<5).contains { d in Session.allCases.contains { cal.slot(monday.adding(days: d), $0) != nil } }
            if hasSchool {
                var cells: [Cell] = []
                for d in 0..<5 {
                    let day = monday.adding(days: d)
                    for sess in Session.allCases {
                        if let k = cal.slot(day, sess) { cells.append(.slot(k)) }
                        else if day > last || day < cal.yearStart { cells.append(.fixed(HTML.element("td", ["class": NoCode.offRoll.slug, "title": "Outside the period"], text: ""))) }
                        else { cells.append(.fixed(HTML.element("td", ["class": NoCode.closed.slug, "title": cal.closureReason(day, sess) ?? "Closed"], text: NoCode.closed.symbol))) }
                    }
                }
                weeks.append(("<tr>" + HTML.element("th", ["scope": "row"], text: monday.display), cells))
            }
            monday = monday.adding(days: 7)
        }
        self.weeks = weeks
        gridStart = max(0, cal.slotCount - gridSessions)
        var g = "<thead><tr>" + HTML.element("th", ["scope": "col"], text: "Pupil")
        for k in gridStart..<cal.slotCount {
            let d = cal.slotDay[k], c = d.components, sess = cal.slotSession[k].text
            let abbr = HTML.element("abbr", ["title": "\(d.display) \(sess)"], html: HTML.text("\(Day.weekdayNames[d.weekday].prefix(2)) \(c.day)/\(c.month)") + "<br>" + HTML.text(sess))
            g += HTML.element("th", ["scope": "col"], html: abbr)
        }
        gridHead = g + "</tr></thead>"
    }

    /// A `<td>` for one pupil-session: the code, coloured by category; or why there is none.
    @inline(__always)
    func cell(pupil p: Int, slot s: Int, row: ArraySlice<UInt8>, cells: [String]) -> String {
        guard register.rollSlots[p].contains(s) else { return RegisterTables.offRollCell }
        return cells[Int(row[row.startIndex + s])]
    }

    /// Pupils × the last sessions, for a class page.
    public func classGrid(pupils: [Int], pupilHref: (Int) -> String, caption: String) -> String {
        var s = HTML.open("table", ["class": "register"]) + HTML.element("caption", text: caption) + gridHead + "<tbody>"
        for p in pupils {
            let pupil = register.pupils[p], row = register.row(p)
            s += "<tr>" + HTML.element("th", ["scope": "row"], html: HTML.element("a", ["href": pupilHref(p)], text: "\(pupil.surname), \(pupil.forename)"))
            for k in gridStart..<register.calendar.slotCount { s += cell(pupil: p, slot: k, row: row, cells: codeCell) }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }

    /// Every session of the year for one pupil: a row per school week, a cell per session
    /// (Mon AM … Fri PM). Closures, holidays and days off roll are shown distinctly.
    public func calendar(pupil p: Int) -> String {
        let cal = register.calendar
        let row = register.row(p)
        var s = HTML.open("table", ["class": "register calendar"])
            + HTML.element("caption", text: "Sessions from \(cal.yearStart.display) to \(min(cal.asOf, cal.yearEnd).display), week by week")
        s.reserveCapacity(weeks.count * 600)
        s += calendarHead
        s += "<tbody>"
        for w in weeks {
            s += w.header
            for c in w.cells {
                switch c {
                case .slot(let k): s += cell(pupil: p, slot: k, row: row, cells: calendarCodeCell)
                case .fixed(let html): s += html
                }
            }
            s += "</tr>"
        }
        return s + "</tbody></table>"
    }
}
