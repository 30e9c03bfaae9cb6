/// Reading the optional pupil characteristics of pupils.csv (spec section 3.1): `dob` to `cla`,
/// plus `address`, `postcode` and `family_id`.
///
/// Codes (`sen`) and booleans are read case-insensitively; booleans from `true/false`, `yes/no`,
/// `y/n`, `1/0`; empty means unknown. Any other value in one of the columns `dob` to `cla` is an
/// `invalid-field`: the pupil is kept and that field is unknown.
enum Characteristics {
    /// Optional pupils.csv columns read here.
    static let columns = ["dob", "sex", "sen", "fsm", "disadvantaged", "eal", "ethnicity", "cla",
                          "address", "postcode", "family_id"]

    /// A boolean as the contract reads it; nil when the text is none of the accepted forms.
    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "y", "1": return true
        case "false", "no", "n", "0": return false
        default: return nil
        }
    }

    /// `N`, `K` or `E` (any case); nil otherwise.
    static func sen(_ text: String) -> String? {
        let t = text.uppercased()
        return t == "N" || t == "K" || t == "E" ? t : nil
    }

    /// Fills `p`'s characteristics from the row; appends an `InvalidField` per value that does
    /// not parse.
    static func read(_ row: CSVRow, _ h: HeaderMap, into p: inout Pupil, file: String, invalid: inout [InvalidField]) {
        func text(_ name: String) -> String {
            guard let i = h[name], !row.isEmpty(i) else { return "" }
            return row.string(i)
        }
        func bad(_ name: String, _ value: String, _ expected: String) {
            invalid.append(InvalidField(file: file, line: row.line, pupilId: p.id, field: name, value: value, expected: expected))
        }
        let dob = text("dob")
        if !dob.isEmpty {
            if let d = Day(parsing: dob) { p.dob = d } else { bad("dob", dob, "a date (YYYY-MM-DD or DD/MM/YYYY)") }
        }
        p.sex = text("sex")
        let sen = text("sen")
        if !sen.isEmpty {
            if let s = Characteristics.sen(sen) { p.sen = s } else { bad("sen", sen, "N, K or E") }
        }
        func flag(_ name: String, _ kp: WritableKeyPath<Pupil, Bool?>) {
            let v = text(name)
            guard !v.isEmpty else { return }
            if let b = bool(v) { p[keyPath: kp] = b } else { bad(name, v, "true/false, yes/no, y/n or 1/0") }
        }
        flag("fsm", \.fsm)
        flag("disadvantaged", \.disadvantaged)
        flag("eal", \.eal)
        p.ethnicity = text("ethnicity")
        flag("cla", \.cla)
        p.address = text("address")
        p.postcode = text("postcode")
        p.familyId = text("family_id")
    }
}

extension Pupil {
    /// A pupil with the required columns (and optionally dates of enrolment and birth); the
    /// characteristics start unknown.
    public init(id: String, upn: String = "", forename: String, surname: String, className: String, yearGroup: String,
                admitted: Day? = nil, left: Day? = nil, dob: Day?, line: Int) {
        self.id = id
        self.upn = upn
        self.forename = forename
        self.surname = surname
        self.className = className
        self.yearGroup = yearGroup
        self.admitted = admitted
        self.left = left
        self.line = line
        self.dob = dob
    }
}
