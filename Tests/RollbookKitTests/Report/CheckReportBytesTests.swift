import RollbookKit
import Testing

/// `check --format json` is written as bytes (issue 11, goal 1, second pass): the same text as
/// the field-by-field string it replaced.
@Suite struct CheckReportBytesTests {
    /// `check --format json` as it was written before (a string per field through
    /// `Escape.json`), to compare the byte-built report with.
    static func referenceJSON(_ findings: [Finding], asOf: Day) -> String {
        var out = "{\n  \"as_of\": \(Escape.json(asOf.iso)),\n  \"findings\": ["
        for (i, f) in findings.enumerated() {
            out += i == 0 ? "\n" : ",\n"
            out += "    {\"rule\": \(Escape.json(f.rule.rawValue)), \"severity\": \(Escape.json(f.severity.rawValue)), "
            out += "\"pupil_id\": \(Escape.json(f.pupilId)), \"class\": \(Escape.json(f.className)), "
            out += "\"date\": \(Escape.json(f.date?.iso)), \"session\": \(Escape.json(f.session?.text)), "
            out += "\"mark\": \(Escape.json(f.mark)), \"message\": \(Escape.json(f.message)), "
            out += "\"file\": \(Escape.json(f.file)), \"line\": \(f.line.map(String.init) ?? "null")}"
        }
        out += findings.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"counts\": {"
        out += Checker.counts(findings).map { "\(Escape.json($0.rule.rawValue)): \($0.count)" }.joined(separator: ", ")
        out += "}\n}\n"
        return out
    }

    /// Every character `Escape.json` escapes, text outside ASCII, and plain text, in every field.
    @Test func checkJSONIsTheFieldByFieldOne() {
        let texts = ["P1", "say \"hi\"", "back\\slash", "<b>&amp;</b>", "tab\there", "line\nbreak\r", "\u{1}\u{1F}\u{7F}",
                     "Zoë", "sep\u{2028}par\u{2029}", "", "emoji 🎒"]
        var findings: [Finding] = []
        for (i, t) in texts.enumerated() {
            findings.append(Finding(rule: .unknownCode, severity: .error, pupilId: t, className: texts[(i + 1) % texts.count],
                                    date: i % 2 == 0 ? day("2025-09-01") : nil, session: i % 3 == 0 ? .pm : nil,
                                    mark: i % 4 == 0 ? nil : texts[(i + 2) % texts.count], message: t + " message",
                                    file: i % 5 == 0 ? nil : "Data/marks.csv", line: i % 2 == 0 ? i + 2 : nil))
        }
        #expect(CheckReport.json(findings, asOf: day("2025-09-05")) == Self.referenceJSON(findings, asOf: day("2025-09-05")))
        #expect(CheckReport.json([], asOf: day("2025-09-05")) == Self.referenceJSON([], asOf: day("2025-09-05")))
    }
}
