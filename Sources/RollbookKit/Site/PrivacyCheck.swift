/// Proves that the parents' site holds no pupil data: every pupil's full name, pupil_id and UPN
/// is looked for in the text of every file under `site/parents/`. A hit fails the build, with an
/// error at the campaign page's source line that holds the data where there is one.
///
/// Names match case-insensitively as whole words ("Amelia Jones", also "Jones, Amelia");
/// ids and UPNs as whole tokens. Ids of one or two characters are skipped (they would match
/// any number on a page).
public enum PrivacyCheck {
    public struct Leak: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var what: String
        public var message: String { "contains \(what): \(Leak.consequence)" }
        static let consequence = "pupil data must never appear in the parents' site; the build was stopped, leaving any previous site as it was"
        public var description: String { "\(file):\(line): error: \(message)" }
    }

    /// Splits text into lower-cased tokens of letters and digits.
    static func tokens(_ s: String) -> [Substring] {
        s.lowercased().split { !($0.isLetter || $0.isNumber) }
    }

    public static func scan(files: [(path: String, text: String)], pupils: [Pupil]) -> [Leak] {
        // Index: every n-gram of tokens, per file and line, as long as the longest name needs.
        let longest = pupils.map { tokens($0.forename + " " + $0.surname).count }.max() ?? 1
        let n = max(1, min(longest, 8))
        var grams: [String: (String, Int)] = [:]
        for f in files.sorted(by: { $0.path < $1.path }) {
            for (i, line) in f.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let t = tokens(String(line))
                for a in t.indices {
                    var g = ""
                    for b in a..<min(t.count, a + n) {
                        g += (b == a ? "" : " ") + t[b]
                        if grams[g] == nil { grams[g] = (f.path, i + 1) }
                    }
                }
            }
        }
        var leaks: [Leak] = []
        func look(_ phrase: String, _ what: String) {
            let key = tokens(phrase).joined(separator: " ")
            guard !key.isEmpty, let (file, line) = grams[key] else { return }
            leaks.append(Leak(file: file, line: line, what: what))
        }
        for p in pupils {
            look(p.forename + " " + p.surname, "the name of pupil \(p.id)")
            look(p.surname + " " + p.forename, "the name of pupil \(p.id)")
            if p.id.count >= 3 { look(p.id, "pupil_id \(p.id)") }
            if p.upn.count >= 3 { look(p.upn, "the UPN of pupil \(p.id)") }
        }
        return leaks.sorted { ($0.file, $0.line, $0.what) < ($1.file, $1.line, $1.what) }
    }

    /// The build errors for leaks found in the pages under `site/`: each points at the line of
    /// the source (a campaign page's Markdown) that holds the same data, where there is one, so
    /// the message names the file to fix; otherwise at the page.
    public static func diagnostics(_ leaks: [Leak], sources: [(path: String, text: String)], pupils: [Pupil]) -> [Diagnostic] {
        var inSource: [String: Leak] = [:]
        for l in scan(files: sources, pupils: pupils) where inSource[l.what] == nil { inSource[l.what] = l }
        var out: [Diagnostic] = []
        for l in leaks {
            let page = "site/\(l.file):\(l.line)"
            let d = inSource[l.what].map { Diagnostic(path: $0.file, line: $0.line, "contains \(l.what) (in \(page)): \(Leak.consequence)") }
                ?? Diagnostic(path: "site/" + l.file, line: l.line, l.message)
            if !out.contains(d) { out.append(d) }
        }
        return out.sorted()
    }
}
