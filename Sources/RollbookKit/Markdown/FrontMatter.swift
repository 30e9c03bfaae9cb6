import Yams

/// A Markdown file with YAML front matter between `---` lines.
public struct MarkdownDocument: Sendable {
    /// Path shown in messages.
    public var path: String
    /// Front matter keys and their scalar values (nested values are ignored).
    public var fields: [String: String]
    /// Line of each key in the file, for messages.
    public var fieldLines: [String: Int]
    public var body: String
    /// Line of the file on which the body starts.
    public var bodyLine: Int

    /// Splits and parses front matter. A file without a leading `---` line has no fields.
    /// Throws `InputError` with `path:line:` for a missing closing `---` or malformed YAML.
    public static func parse(_ text: String, path: String) throws -> MarkdownDocument {
        var t = text
        if t.hasPrefix("\u{FEFF}") { t.removeFirst() }
        let lines = t.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        guard let first = lines.first, first.trimmingTrailingSpaces == "---" else {
            return MarkdownDocument(path: path, fields: [:], fieldLines: [:], body: t, bodyLine: 1)
        }
        guard let close = lines.dropFirst().firstIndex(where: { $0.trimmingTrailingSpaces == "---" || $0.trimmingTrailingSpaces == "..." }) else {
            throw InputError([Diagnostic(path: path, line: 1, "front matter starts with `---` but has no closing `---` line")])
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        var fields: [String: String] = [:], fieldLines: [String: Int] = [:]
        if let alias = YAMLAliases.diagnostic(yaml, path: path, lineOffset: 1) { throw InputError([alias]) }
        do {
            if let node = try Yams.compose(yaml: yaml) {
                guard let map = node.mapping else {
                    throw InputError([Diagnostic(path: path, line: 2, "front matter must be `key: value` lines")])
                }
                for (k, v) in map {
                    guard let key = k.scalar?.string else { continue }
                    fieldLines[key] = (k.mark?.line ?? 1) + 1
                    if let s = v.scalar?.string { fields[key] = s.trimmingSpaces }
                }
            }
        } catch let e as YamlError {
            var d = ProjectConfig.diagnostic(from: e, path: path, lineOffset: 1)
            d.line = d.line ?? 1
            throw InputError([d])
        }
        let body = lines[(close + 1)...].joined(separator: "\n")
        return MarkdownDocument(path: path, fields: fields, fieldLines: fieldLines, body: body, bodyLine: close + 2)
    }

    /// A diagnostic pointing at a front matter key (or the top of the file).
    public func problem(_ key: String, _ message: String) -> Diagnostic {
        Diagnostic(path: path, line: fieldLines[key] ?? 1, message)
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
