/// Groups of pupils by a characteristic (spec section 6.2).
extension GroupStats {
    /// The group a pupil falls in for `--by sen|fsm|disadvantaged|eal|sex|ethnicity|cla`:
    /// booleans as `true`/`false`, codes and free text as read, an empty or invalid value as
    /// `unknown`. nil for the other groupings.
    public static func characteristic(_ p: Pupil, _ grouping: Grouping) -> String? {
        func b(_ v: Bool?) -> String { v.map { $0 ? "true" : "false" } ?? "unknown" }
        func t(_ s: String) -> String { s.isEmpty ? "unknown" : s }
        switch grouping {
        case .sen: return t(p.sen)
        case .fsm: return b(p.fsm)
        case .disadvantaged: return b(p.disadvantaged)
        case .eal: return b(p.eal)
        case .sex: return t(p.sex)
        case .ethnicity: return t(p.ethnicity)
        case .cla: return b(p.cla)
        case .pupil, .class, .year, .school: return nil
        }
    }

    /// One group per value of the characteristic among `stats`' pupils, sorted by value as byte strings.
    public static func byCharacteristic(_ reg: Register, _ stats: [PupilStats], _ grouping: Grouping) -> [GroupStats] {
        var groups: [String: GroupStats] = [:]
        for s in stats {
            guard let v = characteristic(reg.pupils[s.pupil], grouping) else { continue }
            groups[v, default: GroupStats(name: v)].add(s)
        }
        return groups.values.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }
}
