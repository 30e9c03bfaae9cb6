import CCmark

/// Proves that the parents' site holds no pupil data: every pupil's full name, pupil_id and UPN,
/// and every pupil's forename next to their class, is looked for in every file under
/// `site/parents/`. A hit fails the build, with an error at the campaign page's source line that
/// holds the data where there is one.
///
/// Matching is on words: lower-cased runs of letters and digits, so case, punctuation and
/// spacing do not matter. Each page is read twice: as written (names in URLs and attributes
/// count) and as a reader sees it, tags stripped, entities decoded and whitespace collapsed, so
/// `**Amelia** Jones`, a name split over two lines, inside a link or in code is still caught.
/// The Markdown source is read the same way, through cmark, to point at its line.
///
/// - Full names: "Amelia Jones" and "Jones, Amelia".
/// - A forename with the pupil's class within two words ("Amelia in 7B", "Amelia (7B)", "7B's
///   Amelia"), when the forename is written with a capital (so "in 7B will" is not pupil Will)
///   and the class name has two characters or more. A forename alone is fine.
/// - ids and UPNs as whole tokens; ids of one or two characters are skipped (they would match
///   any number on a page).
public enum PrivacyCheck {
    public struct Leak: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var what: String
        public var message: String { "contains \(what): \(Leak.consequence)" }
        static let consequence = "pupil data must never appear in the parents' site; the build was stopped, leaving any previous site as it was"
        public var description: String { CompilerStyle.line(FileLocation(path: file, line: line), .error, message) }
    }

    /// A word of a text: lower-cased, with its line and whether it was written with a capital.
    struct Word: Hashable {
        var text: Substring
        var line: Int
        var capital: Bool
        /// A sentence or clause ends between the previous word and this one (`.`, `!`, `?`, `:`, `;`).
        var stop = false
        /// A block of the page (paragraph, table cell, list item …) starts with this word.
        var block = false
    }

    /// Splits text into lower-cased tokens of letters and digits.
    static func tokens(_ s: String) -> [Substring] { Names.tokens(s) }

    /// The words of plain text, line by line from `firstLine`.
    static func words(_ text: String, firstLine: Int = 1) -> [Word] {
        var out: [Word] = []
        var line = firstLine
        var current = ""
        var capital = false, stop = false, block = false
        func flush() {
            if !current.isEmpty {
                out.append(Word(text: Substring(current.lowercased()), line: line, capital: capital, stop: stop, block: block))
                stop = false
                block = false
            }
            current = ""
        }
        for c in text {
            if c.isLetter || c.isNumber {
                if current.isEmpty { capital = c.isUppercase }
                current.append(c)
            } else {
                flush()
                if c == "\n" || c == "\r\n" || c == "\r" { line += 1 }
                if c == "." || c == "!" || c == "?" || c == ":" || c == ";" { stop = true }
                if c == PrivacyCheck.blockMark { block = true; stop = true }
            }
        }
        flush()
        return out
    }

    /// Marks a block boundary in visible text (never in a page: control characters are escaped).
    static let blockMark: Character = "\u{1}"

    /// Elements whose tags do not separate words (`<b>Ame</b>lia` is one word to a reader).
    static let inlineTags: Set<String> = [
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
        "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    ]

    /// The words of an HTML page as a reader sees them: tags stripped (block tags separate words,
    /// inline ones do not), comments, scripts and styles left out, entities decoded. Each word
    /// keeps the line of the page it starts on.
    static func visibleWords(html: String) -> [Word] {
        var text = ""          // visible text, with "\n" where the page has a line break
        var i = html.startIndex
        let end = html.endIndex
        func skip(past marker: String) {
            if let r = html[i...].range(of: marker) {
                text += String(repeating: "\n", count: html[i..<r.upperBound].filter { $0 == "\n" || $0 == "\r\n" }.count)
                i = r.upperBound
            } else { i = end }
        }
        while i < end {
            let c = html[i]
            if c == "<" {
                let rest = html[html.index(after: i)...]
                if rest.hasPrefix("!--") { skip(past: "-->"); text += " "; continue }
                let name = String(rest.prefix { $0 == "/" || $0.isLetter || $0.isNumber }.drop(while: { $0 == "/" })).lowercased()
                guard !name.isEmpty || rest.hasPrefix("!") || rest.hasPrefix("?") else { text.append(c); i = html.index(after: i); continue }
                skip(past: ">")
                if (name == "script" || name == "style"), !rest.hasPrefix("/") { skip(past: "</" + name); skip(past: ">") }
                if !inlineTags.contains(name) { text.append(PrivacyCheck.blockMark) }
            } else if c == "&", let semi = html[i...].prefix(12).firstIndex(of: ";"),
                      let decoded = decodeEntity(String(html[html.index(after: i)..<semi])) {
                text += decoded
                i = html.index(after: semi)
            } else {
                text.append(c)
                i = html.index(after: i)
            }
        }
        return words(text)
    }

    static func decodeEntity(_ name: String) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
            return UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
        if name.hasPrefix("#") { return UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) } }
        let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
                                       "shy": "", "zwj": "", "zwnj": "", "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”",
                                       "ndash": "–", "mdash": "—", "hellip": "…"]
        return named[name]
    }

    /// The words of a Markdown file as its rendered page shows them (emphasis, links and code
    /// spans do not separate words; line breaks and blocks do), each with its line in the file.
    /// The front matter is read as plain text, line by line.
    static func markdownWords(_ text: String) -> [Word] {
        guard let doc = try? MarkdownDocument.parse(text, path: "") else { return words(text) }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out = words(lines.prefix(max(0, doc.bodyLine - 1)).joined(separator: "\n"))
        var source = doc.body
        let bodyLines = doc.body.split(separator: "\n", omittingEmptySubsequences: false)
        guard let root = source.withUTF8({ buf in
            cmark_parse_document(buf.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }, buf.count, CMARK_OPT_DEFAULT)
        }) else { return out + words(doc.body, firstLine: doc.bodyLine) }
        defer { cmark_node_free(root) }
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        var block = "", blockLine = 1
        func flush() {
            out += words(block, firstLine: doc.bodyLine + blockLine - 1)
            block = ""
        }
        while true {
            let ev = cmark_iter_next(iter)
            if ev == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iter) else { continue }
            let type = cmark_node_get_type(node)
            let literal = { cmark_node_get_literal(node).map { String(cString: $0) } ?? "" }
            switch (ev, type) {
            case (CMARK_EVENT_ENTER, CMARK_NODE_PARAGRAPH), (CMARK_EVENT_ENTER, CMARK_NODE_HEADING):
                flush(); blockLine = Int(cmark_node_get_start_line(node))
            case (CMARK_EVENT_EXIT, CMARK_NODE_PARAGRAPH), (CMARK_EVENT_EXIT, CMARK_NODE_HEADING):
                flush()
            case (CMARK_EVENT_ENTER, CMARK_NODE_TEXT), (CMARK_EVENT_ENTER, CMARK_NODE_CODE):
                block += literal()
            case (CMARK_EVENT_ENTER, CMARK_NODE_SOFTBREAK), (CMARK_EVENT_ENTER, CMARK_NODE_LINEBREAK):
                block += "\n"
            case (CMARK_EVENT_ENTER, CMARK_NODE_CODE_BLOCK):
                flush()
                let start = Int(cmark_node_get_start_line(node))
                let first = start - 1 < bodyLines.count ? bodyLines[start - 1].drop { $0 == " " } : ""
                let fenced = first.hasPrefix("```") || first.hasPrefix("~~~")
                out += words(literal(), firstLine: doc.bodyLine + start - 1 + (fenced ? 1 : 0))
            default: break
            }
        }
        flush()
        return out
    }

    /// What is looked for: word sequences, each with a description.
    struct Watch: Sendable {
        var phrases: [Substring: [(words: [Substring], what: String)]] = [:]
        var pairs: [Substring: [(forename: [Substring], className: [Substring], what: String)]] = [:]

        /// `firstWords`: the only words a looked-for sequence may start with (the words of the
        /// texts to search; nil: any). A sequence starting with another word can never match
        /// there, so it is not kept: at a trust's scale the full list is over 100 MB.
        init(pupils: [Pupil], ids: Bool = true, forenameWithClass: Bool = true, firstWords: Set<Substring>? = nil) {
            func add(_ phrase: String, _ what: @autoclosure () -> String) {
                let t = PrivacyCheck.tokens(phrase)
                guard let first = t.first, firstWords?.contains(first) ?? true else { return }
                phrases[first, default: []].append((t, what()))
            }
            for p in pupils {
                add(p.forename + " " + p.surname, "the name of pupil \(p.id)")
                add(p.surname + " " + p.forename, "the name of pupil \(p.id)")
                if ids, p.id.count >= 3 { add(p.id, "pupil_id \(p.id)") }
                if p.upn.count >= 3 { add(p.upn, "the UPN of pupil \(p.id)") }
                let f = PrivacyCheck.tokens(p.forename), c = PrivacyCheck.tokens(p.className)
                if forenameWithClass, let first = f.first, firstWords?.contains(first) ?? true, !c.isEmpty, c.joined().count >= 2 {
                    pairs[first, default: []].append((f, c, "the forename and class of pupil \(p.id)"))
                }
            }
        }

        /// Whether a name may run from one block of a page into the next (`<p>Amelia</p><p>Jones`).
        /// The parents' check says yes; the pseudonym check says no, or a table's rows ("… Amelia |
        /// Smith, …") would read as a name.
        var acrossBlocks = true

        func matches(_ w: [Word], _ at: Int, _ t: [Substring]) -> Bool {
            guard at >= 0, at + t.count <= w.count else { return false }
            for k in t.indices where w[at + k].text != t[k] || (k > 0 && !acrossBlocks && w[at + k].block) { return false }
            return true
        }

        /// Every hit in `w`: (line, what), first hit per description.
        func hits(_ w: [Word]) -> [(line: Int, what: String)] {
            var out: [(line: Int, what: String)] = []
            var seen = Set<String>()
            for i in w.indices {
                for (t, what) in phrases[w[i].text] ?? [] where matches(w, i, t) {
                    if seen.insert(what).inserted { out.append((w[i].line, what)) }
                }
                guard w[i].capital else { continue }
                for (f, c, what) in pairs[w[i].text] ?? [] where matches(w, i, f) {
                    // The class up to two words after the forename, or up to two words before it.
                    // No sentence ends between them ("… in 8C. Will you help?" is not pupil Will).
                    func unbroken(_ a: Int, _ b: Int) -> Bool { a >= 0 && b <= w.count && !w[max(a, 0)..<b].contains { $0.stop } }
                    let after = i + f.count
                    let near = (0...2).contains { gap in
                        (matches(w, after + gap, c) && unbroken(i + 1, after + gap + c.count))
                            || (matches(w, i - c.count - gap, c) && unbroken(i - c.count - gap + 1, i + 1))
                    }
                    if near, seen.insert(what).inserted { out.append((w[i].line, what)) }
                }
            }
            return out
        }
    }

    /// The words of a file of the site or of a source: HTML is read both as written and as
    /// shown; Markdown through cmark and as written; anything else as written.
    static func readings(path: String, text: String) -> [[Word]] {
        if path.hasSuffix(".html") || path.hasSuffix(".htm") { return [words(text), visibleWords(html: text)] }
        if path.hasSuffix(".md") { return [words(text), markdownWords(text)] }
        return [words(text)]
    }

    public static func scan(files: [(path: String, text: String)], pupils: [Pupil]) -> [Leak] {
        let read = files.map { readings(path: $0.path, text: $0.text) }
        var present = Set<Substring>()
        for file in read { for words in file { for w in words { present.insert(w.text) } } }
        let watch = Watch(pupils: pupils, firstWords: present)
        var leaks: Set<Leak> = []
        for (f, file) in zip(files, read) {
            var found: [String: Int] = [:]
            for w in file {
                for h in watch.hits(w) { found[h.what] = min(found[h.what] ?? .max, h.line) }
            }
            for (what, line) in found { leaks.insert(Leak(file: f.path, line: line, what: what)) }
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

/// The last step of a `--pseudonymise` run: every output (what `check` and `stats` print, every
/// file of the site) is searched for the real names and UPNs of the pupils on the roll. A hit
/// fails the command (exit 2) without showing the output; the message names the pupil by
/// pupil_id only.
public struct RealNameGuard: Sendable {
    private let watch: PrivacyCheck.Watch
    public init(realPupils: [Pupil]) {
        var w = PrivacyCheck.Watch(pupils: realPupils, ids: false, forenameWithClass: false)
        w.acrossBlocks = false
        watch = w
    }

    /// The problems with one output: `where` names it (`site/intranet/x.html`, `standard output`).
    public func problems(in text: String, where place: String) -> [Diagnostic] {
        var found: [String: Int] = [:]
        for w in PrivacyCheck.readings(path: place, text: text) {
            for h in watch.hits(w) { found[h.what] = min(found[h.what] ?? .max, h.line) }
        }
        return found.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map {
            Diagnostic(path: place, line: $0.value,
                       "contains \($0.key) although --pseudonymise was given; the output was withheld (nothing written or printed)")
        }
    }
}
