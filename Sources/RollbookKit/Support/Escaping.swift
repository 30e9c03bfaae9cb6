/// Escaping for the formats Rollbook writes. Every piece of data passes through one of these.
public enum Escape {
    /// `s` appended to `out`, each scalar that `replacement` gives a text for replaced by it.
    @inline(__always)
    static func append(_ s: String, to out: inout String, _ replacement: (Unicode.Scalar) -> String?) {
        for u in s.unicodeScalars {
            if let r = replacement(u) { out += r } else { out.unicodeScalars.append(u) }
        }
    }

    /// A JSON string literal, quotes included.
    public static func json(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        append(s, to: &out) { u in
            switch u {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case "<": "\\u003c"   // safe inside <script> blocks too
            case ">": "\\u003e"
            case "&": "\\u0026"
            case "\u{2028}": "\\u2028"
            case "\u{2029}": "\\u2029"
            default: u.value < 0x20 ? "\\u" + String(repeating: "0", count: u.value < 0x10 ? 3 : 2) + String(u.value, radix: 16) : nil
            }
        }
        return out + "\""
    }

    public static func json(_ s: String?) -> String { s.map { json($0) } ?? "null" }

    /// Appends `json(s)` to `bytes`: a string of printable ASCII that `json` leaves alone (no
    /// quote, backslash, `<`, `>` or `&`) is copied as it is, without building a String.
    public static func appendJSON(_ s: String?, to bytes: inout [UInt8]) {
        guard let s else { bytes += "null".utf8; return }
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 34 && $0 != 92 && $0 != 60 && $0 != 62 && $0 != 38 }) {
            bytes.append(34)
            bytes += s.utf8
            bytes.append(34)
        } else {
            bytes += json(s).utf8
        }
    }

    /// An RFC 4180 CSV field, quoted when needed. With `protectFormulas`, a text field that a
    /// spreadsheet would run as a formula is prefixed with `'` (see `csvCell`). Without it the
    /// field is written as it is: for the data files `import` and `sample` write (Rollbook's input).
    public static func csv(_ s: String, protectFormulas: Bool = false) -> String {
        var t = s
        if protectFormulas, startsFormula(t) { t = "'" + t }
        // Per scalar, not per Character: a `"` or `,` glued to a combining or prepend
        // character (`"\u{301}`, `\u{600},`) is still a quote or a separator to a CSV reader.
        guard t.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return t }
        var out = "\""
        for u in t.unicodeScalars {
            if u == "\"" { out += "\"\"" } else { out.unicodeScalars.append(u) }
        }
        return out + "\""
    }

    /// A field of a CSV report people open in a spreadsheet (spec section 7): every CSV that
    /// Rollbook writes for people (`check`, `stats`, `returns`, `diff`, the site's CSV files)
    /// passes each field through here. A text field that starts with `=`, `+`, `-`, `@`, a tab
    /// or a carriage return and is not a number gets a leading `'`, so a spreadsheet shows it
    /// as text instead of running it; then it is quoted as RFC 4180 needs.
    public static func csvCell(_ s: String) -> String { csv(s, protectFormulas: true) }

    /// One CSV report row (no line break): every field through `csvCell`.
    public static func csvRow(_ fields: [String]) -> String { fields.map(csvCell).joined(separator: ",") }

    /// Whether a spreadsheet could take `s` for a formula: its first character is `=`, `+`,
    /// `-`, `@`, a tab or a carriage return, and it is not a plain decimal number (`-3.5`,
    /// `+12`, `-1e-3`).
    public static func startsFormula(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first else { return false }
        switch f {
        case "=", "@", "\t", "\r": return true
        case "+", "-": return !isDecimalNumber(s)
        default: return false
        }
    }

    /// `[+-]digits[.digits][e[+-]digits]` (or `.5`): a number a spreadsheet reads as a number.
    static func isDecimalNumber(_ s: String) -> Bool {
        var u = Array(s.utf8)[...]
        if let c = u.first, c == 43 || c == 45 { u = u.dropFirst() }
        func digits() -> Int { var n = 0; while let c = u.first, (48...57).contains(c) { u = u.dropFirst(); n += 1 }; return n }
        var n = digits()
        if u.first == 46 { u = u.dropFirst(); n += digits() }
        guard n > 0 else { return false }
        if let c = u.first, c == 101 || c == 69 {
            u = u.dropFirst()
            if let c = u.first, c == 43 || c == 45 { u = u.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return u.isEmpty
    }

    /// Cap on a value from the input echoed in a message, a CSV field or a JSON value.
    public static let echoLimit = 200

    /// A value from the input as it is, or, when longer than `limit` characters (Unicode
    /// scalars), its first `limit` characters and its length: `xxxx… (1048576 characters)`.
    public static func capped(_ s: String, limit: Int = echoLimit) -> String {
        let n = s.unicodeScalars.count
        guard n > limit else { return s }
        var out = ""
        out.unicodeScalars.append(contentsOf: s.unicodeScalars.prefix(limit))
        return out + "… (\(n) characters)"
    }

    /// Items for a message, at most `limit` of them: `3, 4, 5 … and 99 980 more`.
    public static func list(_ items: [String], limit: Int = 20) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " … and \(Format.spaced(items.count - limit)) more"
    }

    /// HTML text or attribute value: `& < > " '` escaped.
    public static func html(_ s: String) -> String {
        // Most data needs no escaping: check the bytes first.
        if !s.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        append(s, to: &out) { c in
            switch c {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
        return out
    }

    /// A value from the input, quoted in backticks for a one-line message: control characters
    /// (line breaks, tabs, NUL …) shown as `\n`, `\t`, `\0` or `\u{1B}`, and a value longer than
    /// `limit` characters cut, with its length: `` `yyyy…` (50000 characters) ``.
    public static func quoted(_ s: String, limit: Int = 40) -> String {
        var out = "`"
        var n = 0
        for c in s.unicodeScalars {
            n += 1
            guard n <= limit else { continue }
            switch c {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                if c.value < 0x20 || c.value == 0x7F { out += "\\u{" + String(c.value, radix: 16, uppercase: true) + "}" }
                else { out.unicodeScalars.append(c) }
            }
        }
        return n <= limit ? out + "`" : out + "…` (\(n) characters)"
    }
}

extension String {
    package func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        guard let first = target.first else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i] == first, self[i...].hasPrefix(target) {
                return i..<index(i, offsetBy: target.count)
            }
            i = index(after: i)
        }
        return nil
    }
}

/// Fixed-decimal formatting without Foundation (deterministic everywhere).
public enum Format {
    /// `d` decimals, rounded half away from zero; nil as "".
    public static func fixed(_ v: Double?, _ d: Int = 2) -> String {
        guard let v, v.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let r = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
        var n = Int(r)
        let neg = v < 0 && n != 0
        var frac = ""
        for _ in 0..<d { frac = String(n % 10) + frac; n /= 10 }
        return (neg ? "-" : "") + String(n) + (d > 0 ? "." + frac : "")
    }

    /// `92.3%`, or an en dash when there is nothing to show.
    public static func pct(_ v: Double?, _ d: Int = 1) -> String { v == nil ? "–" : fixed(v, d) + "%" }

    /// `99 980`: thousands separated by spaces, for counts in messages.
    public static func spaced(_ n: Int) -> String { thousands(n).replacingAll(",", with: " ") }

    /// 12,345
    public static func thousands(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0, (s.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
