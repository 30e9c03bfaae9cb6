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
/// `{{contact.attendance_lead}}`. Read apart from `ProjectConfig` so the block can be added
/// without touching the spec's keys; every key is optional.
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

    /// Reads the `contact:` block; no block means no details. Problems are `path:line:` diagnostics
    /// (a malformed file as a whole is reported by `ProjectConfig.parse`, not here).
    public static func parse(yaml: String, path: String = "rollbook.yml") throws -> SchoolContact {
        guard let root = try? Yams.compose(yaml: yaml), let top = root.mapping, let node = top["contact"] else { return SchoolContact() }
        if let s = node.scalar?.string, ["", "~", "null"].contains(s.trimmingSpaces) { return SchoolContact() }
        guard let map = node.mapping else {
            throw InputError([Diagnostic(path: path, line: node.mark?.line, "`contact` must be a mapping with phone, email and attendance_lead")])
        }
        var problems: [Diagnostic] = []
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
            if value.isEmpty { continue }
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
        if !problems.isEmpty { throw InputError(problems) }
        return c
    }

    /// Reads `rollbook.yml` in a project folder (no file: no details).
    public static func load(directory: String) throws -> SchoolContact {
        guard let bytes = readFileBytes(directory + "/rollbook.yml") else { return SchoolContact() }
        return try parse(yaml: String(decoding: bytes, as: UTF8.self))
    }
}
