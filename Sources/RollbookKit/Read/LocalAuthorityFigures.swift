import Yams

/// The optional `local_authority:` block of rollbook.yml (issue 15, item 2): the local
/// authority's own figures, shown beside the national ones on the National page.
///
/// ```yaml
/// local_authority:
///   name: Northshire
///   period: 2024/25 autumn term      # what the figures cover, shown as written
///   full_year: false                 # whether that is a whole academic year (default false)
///   attendance_pct: 93.4             # any of the five may be left out
///   authorised_pct: 4.1
///   unauthorised_pct: 2.5
///   persistent_pct: 17.9
///   severe_pct: 1.8
///   source: Northshire County Council attendance bulletin, January 2025
/// ```
public struct LocalAuthorityFigures: Sendable, Hashable {
    public var name: String
    public var period: String = ""
    public var fullYear = false
    public var attendancePct: Double?
    public var authorisedPct: Double?
    public var unauthorisedPct: Double?
    public var persistentPct: Double?
    public var severePct: Double?
    public var source: String = ""

    /// Reads the block; every problem is returned with its line.
    static func parse(_ node: Node, path: String) -> (LocalAuthorityFigures?, [Diagnostic]) {
        var problems: [Diagnostic] = []
        guard let m = node.mapping else {
            return (nil, [Diagnostic(path: path, line: node.mark?.line, "`local_authority` must be a mapping")])
        }
        func str(_ key: String) -> String? { m[key]?.scalar?.string.trimmingSpaces }
        guard let name = str("name"), !name.isEmpty else {
            return (nil, [Diagnostic(path: path, line: node.mark?.line, "`local_authority.name` is missing")])
        }
        var la = LocalAuthorityFigures(name: name)
        la.period = str("period") ?? ""
        la.source = str("source") ?? ""
        if let v = m["full_year"] {
            switch v.scalar?.string.trimmingSpaces.lowercased() {
            case "true", "yes": la.fullYear = true
            case "false", "no", "": la.fullYear = false
            default: problems.append(Diagnostic(path: path, line: v.mark?.line, "`local_authority.full_year` must be true or false"))
            }
        }
        let keys: [(String, WritableKeyPath<LocalAuthorityFigures, Double?>)] = [
            ("attendance_pct", \.attendancePct), ("authorised_pct", \.authorisedPct), ("unauthorised_pct", \.unauthorisedPct),
            ("persistent_pct", \.persistentPct), ("severe_pct", \.severePct),
        ]
        for (key, kp) in keys {
            guard let v = m[key], let s = v.scalar?.string.trimmingSpaces, !s.isEmpty else { continue }
            guard let d = Double(s), d >= 0, d <= 100 else {
                problems.append(Diagnostic(path: path, line: v.mark?.line, "`local_authority.\(key)` must be a percentage"))
                continue
            }
            la[keyPath: kp] = d
        }
        return (la, problems)
    }
}
