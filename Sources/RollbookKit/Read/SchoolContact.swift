import Yams

/// The school's contact details for parents, from the optional `contact:` block of
/// `rollbook.yml`:
///
/// ```yaml
/// contact:
///   phone: 01632 960000
///   email: office@school.example
///   attendance_lead: Mrs A Patel
/// ```
///
/// Campaign pages and letters use them as `{{contact.phone}}`, `{{contact.email}}` and
/// `{{contact.attendance_lead}}`; letters also print them. Parsed with the rest of rollbook.yml
/// (`ProjectConfig.contact`); every key is optional.
public struct SchoolContact: Sendable, Hashable {
    public var phone: String?
    public var email: String?
    public var attendanceLead: String?

    public init(phone: String? = nil, email: String? = nil, attendanceLead: String? = nil) {
        self.phone = phone
        self.email = email
        self.attendanceLead = attendanceLead
    }

    /// Keys of the block, as written in rollbook.yml.
    public static let keys = ["phone", "email", "attendance_lead"]

    /// Reads the `contact:` block of an already-parsed rollbook.yml (`ProjectConfig.parse` calls
    /// this); no block, or a null one, means no details. Problems are `path:line:` diagnostics.
    static func parse(node: Node?, path: String, problems: inout [Diagnostic]) -> SchoolContact {
        guard let node else { return SchoolContact() }
        if let s = node.scalar?.string, ["", "~", "null", "Null", "NULL"].contains(s.trimmingSpaces) { return SchoolContact() }
        guard let map = node.mapping else {
            problems.append(Diagnostic(path: path, line: node.mark?.line, "`contact` must be a mapping with phone, email and attendance_lead"))
            return SchoolContact()
        }
        var c = SchoolContact()
        for (k, v) in map {
            guard let key = k.scalar?.string else { continue }
            guard keys.contains(key) else {
                problems.append(Diagnostic(path: path, line: k.mark?.line, "unknown key `contact.\(key)`; known: \(keys.joined(separator: ", "))"))
                continue
            }
            guard let s = v.scalar?.string else {
                problems.append(Diagnostic(path: path, line: v.mark?.line, "`contact.\(key)` must be text"))
                continue
            }
            let value = s.trimmingSpaces
            if value.isEmpty || ["~", "null", "Null", "NULL"].contains(value) { continue }
            switch key {
            case "phone": c.phone = value
            case "email":
                if !value.contains("@") || value.contains(" ") {
                    problems.append(Diagnostic(path: path, line: v.mark?.line, "`contact.email` is not an email address: `\(value)`"))
                }
                c.email = value
            default: c.attendanceLead = value
            }
        }
        return c
    }

    /// Reads the `contact:` block of a rollbook.yml text on its own (used by tests).
    public static func parse(yaml: String, path: String = "rollbook.yml") throws -> SchoolContact {
        guard let root = try YAMLAliases.compose(yaml, path: path), let top = root.mapping else { return SchoolContact() }
        var problems: [Diagnostic] = []
        let c = parse(node: top["contact"], path: path, problems: &problems)
        if !problems.isEmpty { throw InputError(problems) }
        return c
    }

    /// "phone 01234 567890, email office@example.org, attendance lead Ms Lee", or "the school
    /// office" when there are no details.
    public var text: String {
        let parts = [phone.map { "phone " + $0 }, email.map { "email " + $0 }, attendanceLead.map { "attendance lead " + $0 }]
        let given = parts.compactMap { $0 }
        return given.isEmpty ? "the school office" : given.joined(separator: ", ")
    }
}
