/// Stable pseudonyms for demos and for sharing reports with external agencies.
///
/// Each pupil's forename and surname are replaced by names drawn from a hash of their pupil_id
/// (and an optional key), so the same pupil gets the same pseudonym on every run, and UPNs (a
/// national identifier) are removed. pupil_id is kept, so the school can still look a pupil up.
public enum Pseudonyms {
    public static func name(for id: String, key: String = "") -> (forename: String, surname: String) {
        let h = UInt64(Slug.fnv1a(key + "\u{1F}" + id), radix: 16) ?? 0
        let f = SampleSchool.forenames, s = SampleSchool.surnames
        return (f[Int(h % UInt64(f.count))], s[Int((h / UInt64(f.count)) % UInt64(s.count))])
    }
}

extension Register {
    /// The same register with every pupil's name replaced by a stable pseudonym and UPNs and addresses removed.
    public func pseudonymised(key: String = "") -> Register {
        var r = self
        r.pupils = pupils.map { p in
            var q = p
            let n = Pseudonyms.name(for: p.id, key: key)
            q.forename = n.forename
            q.surname = n.surname
            q.upn = ""
            q.address = ""
            q.postcode = ""
            return q
        }
        return r
    }
}
