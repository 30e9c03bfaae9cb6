/// contacts.csv (spec section 3.3): what parents told the school.
extension ProjectLoader {
    static func readContacts(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic], headerOnly: Bool, rows: Bool = true) {
        let path = file.displayPath
        readRows(file, required: ["pupil_id", "date"], optional: ["session", "kind", "reason", "received_at", "channel"],
                 problems: &problems, reg: &reg, headerOnly: headerOnly, optionalFile: true, rows: rows) { row, h, reg in
            var why = shapeProblems(row, h)
            var date: Day? = nil, session: Session? = nil, received: LocalTime? = nil
            if why.isEmpty {
                date = pupilAndDate(row, h, why: &why)
                if let i = h["session"], !row.isEmpty(i) {
                    let s = row.string(i)
                    if s.uppercased() != "ALL" {
                        session = Session(s)
                        if session == nil { why.append("session \(Escape.quoted(s)) is not AM, PM or ALL") }
                    }
                }
                if let i = h["received_at"], !row.isEmpty(i) {
                    let (t, problem) = dateTime(row, i, "received_at")
                    received = t
                    if let problem { why.append(problem) }
                }
            }
            guard why.isEmpty, let date else {
                reg.invalidRows.append(InvalidRow(file: path, line: row.line, reason: why.joined(separator: "; ")))
                return
            }
            let id = row.string(h["pupil_id"]!)
            guard let p = reg.pupilIndex[id] else {
                reg.unknownPupilRows.append(UnknownPupilRow(file: path, line: row.line, pupilId: id, date: date, session: session, markText: nil))
                return
            }
            let kindText = h["kind"].map { row.string($0) } ?? ""
            let kind: Contact.Kind
            switch kindText.lowercased() {
            case "", "absence", "absent": kind = .absence
            case "late": kind = .late
            default: kind = .other
            }
            reg.contacts.append(Contact(pupil: p, date: date, session: session, kind: kind, kindText: kindText.isEmpty ? "absence" : kindText,
                                        reason: h["reason"].map { row.string($0) } ?? "",
                                        receivedAt: received, channel: h["channel"].map { row.string($0) } ?? "",
                                        line: row.line))
        }
    }
}
