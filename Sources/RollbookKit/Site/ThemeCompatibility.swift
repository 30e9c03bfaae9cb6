/// Values that held HTML in an earlier Rollbook and now hold plain values that the theme's
/// partials render (the small tables went back to the templates: `partials/table`,
/// `partials/table-rows`). A school's own copy of one of these templates, made before, still
/// prints the value raw (`{{{bandTable}}}`) and would put no table on the page; the theme warns
/// instead, naming the line and the way out.
enum RetiredHTMLValues {
    /// Template (path under the theme, without `.mustache`) → names no longer holding HTML.
    static let byTemplate: [String: Set<String>] = [
        "intranet/bands": ["bandTable", "atRiskTable"],
        "intranet/benchmarks": ["table", "yearTable"],
        "intranet/compare": ["schoolTable", "table"],
        "intranet/groups": ["table"],
        "intranet/pack": ["figures", "became", "episodes", "improved", "groups"],
        "intranet/projection": ["crossingTable", "allTable"],
        "intranet/trends": ["table", "patternTable", "groupPatternTable"],
        "intranet/letters": ["items"],
        "partials/group-table": ["rows"],
        "trust/overview": ["rows", "totalRow", "benchmarkRows"],
    ]

    /// A warning for each `{{{name}}}` or `{{& name}}` of a retired name in `text`, the
    /// project's own version of `template` (at `file`).
    static func warnings(template: String, file: String, text: String) -> [Diagnostic] {
        guard let retired = byTemplate[template] else { return [] }
        var out: [Diagnostic] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            for name in rawNames(in: line) where retired.contains(name) {
                out.append(Diagnostic(.warning, path: file, line: i + 1,
                                      "`\(name)` no longer holds HTML (this table or list is now written by the templates, from plain values), so printing it raw puts no table on the page: start again from the built-in \(template).mustache and make your changes there"))
            }
        }
        return out
    }

    /// The names printed without escaping on one line: `{{{name}}}` and `{{& name}}`.
    static func rawNames(in line: Substring) -> [String] {
        var names: [String] = []
        var rest = line
        while let open = rest.range(of: "{{") {
            var after = rest[open.upperBound...]
            let close: String
            if after.hasPrefix("{") { close = "}}}"; after = after.dropFirst() }
            else if after.hasPrefix("&") { close = "}}"; after = after.dropFirst() }
            else { rest = after; continue }
            guard let end = after.range(of: close) else { break }
            names.append(String(after[..<end.lowerBound]).trimmingSpaces)
            rest = after[end.upperBound...]
        }
        return names
    }
}
