/// Stable pseudonyms for demos and for sharing reports with external agencies (`--pseudonymise`).
///
/// Each pupil's forename and surname are replaced by names drawn from a hash of their pupil_id
/// (and an optional key), so the same pupil gets the same pseudonym on every run of the same
/// roll, and UPNs (a national identifier) are removed. pupil_id is kept, so the school can
/// still look a pupil up.
///
/// Pseudonyms are unique on the roll and never the real name of any pupil on it (in either
/// order, "Amelia Jones" or "Jones Amelia"): drawn again when they would be. Free text that
/// could name someone is withheld: contact reasons and channels, the text of marks that are
/// not codes, and values quoted in messages about unreadable rows.
public enum Pseudonyms {
    /// The `attempt`-th candidate name for a pupil_id.
    public static func name(for id: String, key: String = "", attempt: Int = 0) -> (forename: String, surname: String) {
        let salt = attempt == 0 ? "" : "\u{1E}\(attempt)"
        let h = UInt64(FNV1a.hex(key + "\u{1F}" + id + salt), radix: 16) ?? 0
        let f = Names.forenames, s = Names.surnames
        let forename = f[Int(h % UInt64(f.count))]
        var surname = s[Int((h / UInt64(f.count)) % UInt64(s.count))]
        // Rolls larger than the pool of single names get double-barrelled surnames.
        if attempt >= 16 {
            let other = s[Int((h / UInt64(f.count * s.count)) % UInt64(s.count))]
            if other != surname { surname += "-" + other }
        }
        return (forename, surname)
    }

    /// The words of a full name, as the leak checks compare them.
    static func key(_ forename: String, _ surname: String) -> String {
        Names.tokens(forename + " " + surname).joined(separator: " ")
    }

    /// A pseudonym for each pupil, in the order given: unique, and never a real name on the roll.
    /// Pupils are served in pupil_id order, so a pupil's pseudonym does not depend on the order
    /// of pupils.csv.
    public static func assign(_ pupils: [Pupil], key: String = "") -> [(forename: String, surname: String)] {
        var taken = Set<String>()
        for p in pupils {
            taken.insert(Pseudonyms.key(p.forename, p.surname))
            taken.insert(Pseudonyms.key(p.surname, p.forename))
        }
        var out = [(forename: String, surname: String)](repeating: ("", ""), count: pupils.count)
        for i in pupils.indices.sorted(by: { (pupils[$0].id.utf8.lexicographicallyPrecedes(pupils[$1].id.utf8)) }) {
            var attempt = 0
            while true {
                var n = name(for: pupils[i].id, key: key, attempt: attempt)
                if attempt >= 64 { n.surname += " \(attempt - 63)" }   // a roll of millions: numbered
                let k = Pseudonyms.key(n.forename, n.surname), r = Pseudonyms.key(n.surname, n.forename)
                if !taken.contains(k), !taken.contains(r) {
                    taken.insert(k); taken.insert(r)
                    out[i] = n
                    break
                }
                attempt += 1
            }
        }
        return out
    }

    /// Channels a contact may name without saying who called.
    static let plainChannels: Set<String> = ["phone", "telephone", "call", "email", "e-mail", "app", "text", "sms", "letter",
                                             "note", "in person", "voicemail", "message", "website", "online", "form", "other"]

    /// A message with every value quoted in backticks withheld: "admitted `x` is not a date".
    static func withholdQuoted(_ s: String) -> String {
        guard s.contains("`") else { return s }
        var out = "", inside = false
        for c in s {
            if c == "`" {
                out.append(c)
                if !inside { out += "…" }
                inside.toggle()
            } else if !inside {
                out.append(c)
            }
        }
        return out
    }
}

extension Register {
    /// The same register with every pupil's name replaced by a pseudonym, UPNs and addresses
    /// removed and free text withheld (see `Pseudonyms`).
    public func pseudonymised(key: String = "") -> Register {
        var r = self
        let names = Pseudonyms.assign(pupils, key: key)
        r.pupils = pupils.indices.map { i in
            var q = pupils[i]
            q.forename = names[i].forename
            q.surname = names[i].surname
            q.upn = ""
            q.address = ""
            q.postcode = ""
            return q
        }
        r.contacts = contacts.map { c in
            var c = c
            c.reason = ""
            c.kindText = c.kind.rawValue
            if !Pseudonyms.plainChannels.contains(c.channel.lowercased().trimmingSpaces) { c.channel = "" }
            return c
        }
        // The text of a mark that is not a code may be anything: keep it only when it is one
        // or two characters (a mistyped code), which cannot be a name.
        r.unplacedMarks = unplacedMarks.map { var m = $0; if m.markText.unicodeScalars.count > 2 { m.markText = "…" }; return m }
        r.unknownPupilRows = unknownPupilRows.map { u in
            var u = u
            if let t = u.markText, t.unicodeScalars.count > 2 { u.markText = "…" }
            return u
        }
        r.invalidRows = invalidRows.map { var v = $0; v.reason = Pseudonyms.withholdQuoted(v.reason); return v }
        r.repeatedPupilRows = repeatedPupilRows.map { var v = $0; v.idWithheld = true; return v }
        r.warnings = warnings.map { var w = $0; w.message = Pseudonyms.withholdQuoted(w.message); return w }
        return r
    }
}
