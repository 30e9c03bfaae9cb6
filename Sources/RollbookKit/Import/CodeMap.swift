/// A vendor's one-character stand-ins for two-character attendance codes (spec section 9,
/// `--code-map`). Applied only when the user asks for it; an unmapped character stays as it is.
public struct CodeMap: Sendable, Equatable {
    public var name: String
    /// Character (or whole field) as exported → the code to write.
    public var entries: [String: String]

    public init(name: String, entries: [String: String]) {
        self.name = name
        self.entries = entries
    }

    /// The map One Education publishes for its feeds. Its `a` for `Y2` is unconfirmed, so it is
    /// left out: `Y2` sessions must come some other way.
    public static let one = CodeMap(name: "one", entries: [
        "<": "C1", ">": "C2", "?": "J1", "$": "Y1", "%": "Y3", "`": "Y4", ":": "Y5", "|": "Y6", "_": "Y7",
    ])

    public static let builtIn: [String: CodeMap] = ["one": .one]

    public func apply(_ code: String) -> String { entries[code] ?? code }

    /// The reverse map, for exports: code → character.
    public var reversed: [String: String] {
        var r: [String: String] = [:]
        for (k, v) in entries.sorted(by: { $0.key < $1.key }) where r[v] == nil { r[v] = k }
        return r
    }

    /// A built-in name, or a CSV file with the header `character,code`.
    public static func load(_ nameOrPath: String) throws -> CodeMap {
        if let m = builtIn[nameOrPath.lowercased()] { return m }
        guard let file = CSVFile(displayPath: nameOrPath, path: nameOrPath) else {
            throw InputError([Diagnostic(path: nameOrPath,
                "no such code map: give a built-in name (\(builtIn.keys.sorted().joined(separator: ", "))) or a CSV file with the header `character,code`")])
        }
        return try parse(file)
    }

    public static func parse(_ file: CSVFile) throws -> CodeMap {
        var problems: [Diagnostic] = []
        var entries: [String: String] = [:]
        var header: (ch: Int, code: Int)? = nil
        var sawHeader = false
        try file.forEachRow { row in
            if !sawHeader {
                sawHeader = true
                let names = (0..<row.count).map { row.string($0).trimmingSpaces.lowercased() }
                guard let c = names.firstIndex(of: "character"), let k = names.firstIndex(of: "code") else {
                    problems.append(Diagnostic(path: file.displayPath, line: row.line,
                        "a code map needs the header `character,code` (found: \(names.joined(separator: ", ")))"))
                    return
                }
                header = (c, k)
                return
            }
            guard let h = header else { return }
            guard row.lexicalError == nil, row.count > max(h.ch, h.code) else {
                problems.append(Diagnostic(path: file.displayPath, line: row.line, "expected two fields, `character,code`"))
                return
            }
            // A character that is a space or a comma must be quoted; trimming keeps a quoted space empty.
            let ch = row.string(h.ch), code = row.string(h.code)
            guard !ch.isEmpty else { problems.append(Diagnostic(path: file.displayPath, line: row.line, "empty character")); return }
            guard !code.isEmpty else { problems.append(Diagnostic(path: file.displayPath, line: row.line, "empty code for `\(ch)`")); return }
            if let old = entries[ch], old != code {
                problems.append(Diagnostic(path: file.displayPath, line: row.line, "`\(ch)` is mapped twice (to \(old) and \(code))"))
                return
            }
            entries[ch] = code
        }
        if !sawHeader { problems.append(Diagnostic(path: file.displayPath, "the code map is empty")) }
        guard problems.isEmpty else { throw InputError(problems) }
        return CodeMap(name: file.displayPath, entries: entries)
    }
}
