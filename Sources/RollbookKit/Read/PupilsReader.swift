/// pupils.csv (spec section 3.1): the roll, read into the register.
extension ProjectLoader {
    static func readPupils(_ file: CSVFile, into reg: inout Register, problems: inout [Diagnostic]) {
        let required = ["pupil_id", "forename", "surname", "class", "year_group"]
        let optional = ["upn", "admitted", "left"] + Characteristics.columns
        readRows(file, required: required, optional: optional, problems: &problems, reg: &reg) { row, h, reg in
            var why = shapeProblems(row, h)
            if why.isEmpty {
                for name in required where row.isEmpty(h[name]!) { why.append("empty \(name)") }
            }
            var admitted: Day? = nil, left: Day? = nil
            if why.isEmpty {
                if let i = h["admitted"], !row.isEmpty(i) {
                    admitted = Day(bytes: row[i])
                    if admitted == nil { why.append(notADate("admitted", row.string(i))) }
                }
                if let i = h["left"], !row.isEmpty(i) {
                    left = Day(bytes: row[i])
                    if left == nil { why.append(notADate("left", row.string(i))) }
                }
                // Spec section 11: a pupil who left before being admitted is an invalid row.
                if let a = admitted, let l = left, l < a { why.append("left \(l.iso) is before admitted \(a.iso)") }
            }
            guard why.isEmpty else {
                reg.invalidRows.append(InvalidRow(file: file.displayPath, line: row.line, reason: why.joined(separator: "; ")))
                // Remember the id, so that the pupil's marks say their own row was skipped.
                if let i = h["pupil_id"], i < row.count, !row.isEmpty(i), reg.skippedPupilLines[row.string(i)] == nil {
                    reg.skippedPupilLines[row.string(i)] = row.line
                }
                return
            }
            let id = row.string(h["pupil_id"]!)
            if let other = reg.pupilIndex[id] {
                reg.repeatedPupilRows.append(RepeatedPupilRow(file: file.displayPath, line: row.line, pupilId: id,
                                                              firstLine: reg.pupils[other].line))
                return
            }
            var p = Pupil(id: id, upn: h["upn"].map { row.string($0) } ?? "",
                          forename: row.string(h["forename"]!), surname: row.string(h["surname"]!),
                          className: row.string(h["class"]!), yearGroup: row.string(h["year_group"]!),
                          admitted: admitted, left: left, line: row.line)
            Characteristics.read(row, h, into: &p, file: file.displayPath, invalid: &reg.invalidFields)
            reg.pupilIndex[id] = reg.pupils.count
            reg.pupils.append(p)
        }
        let cal = reg.calendar
        reg.rollSlots = reg.pupils.map { p in
            let start = cal.firstSlot(onOrAfter: p.admitted ?? cal.yearStart)
            let end = p.left.map { cal.firstSlot(onOrAfter: $0.adding(days: 1)) } ?? cal.slotCount
            return start..<max(start, end)
        }
        let n = reg.pupils.count * cal.slotCount
        reg.codes = [UInt8](repeating: 0, count: n)
        reg.lines = [UInt32](repeating: 0, count: n)
    }
}
