/// Proves that the parents' site holds no pupil data: every pupil's full name, pupil_id and UPN
/// is looked for in the text of every file under `site/parents/`. A hit fails the build.
///
/// Names match case-insensitively as whole words ("Amelia Jones", also "Jones, Amelia");
/// ids and UPNs as whole tokens. Ids of one or two characters are skipped (they would match
/// any number on a page).
public enum PrivacyCheck {
    public struct Leak: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var what: String
        public var message: String { "contains \(what): pupil data must never appear in the parents' site; the build was stopped and the previous site kept" }
        public var description: String { "\(file):\(line): error: \(message)" }
    }

    /// Splits text into lower-cased tokens of letters and digits.
    static func tokens(_ s: String) -> [Substring] {
        s.lowercased().split { !($0.isLetter || $0.isNumber) }
    }

    public static func scan(files: [(path: String, text: String)], pupils: [Pupil]) -> [Leak] {
        // Index: every n-gram (n ≤ 6) of tokens, per file and line.
        var grams: [String: (String, Int)] = [:]
        for f in files.sorted(by: { $0.path < $1.path }) {
            for (i, line) in f.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let t = tokens(String(line))
                for a in t.indices {
                    var g = ""
                    for b in a..<min(t.count, a + 6) {
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
}
