/// A parent campaign page from `Content/campaigns/` (Markdown with front matter).
public struct CampaignPage: Sendable {
    public var path: String
    public var key: String
    public var lang: String
    public var title: String
    public var summary: String
    public var order: Int
    public var date: Day?
    public var draft: Bool
    public var body: String
    /// Line of the `key` front matter field, where there is one.
    public var keyLine: Int? = nil
    /// Line of the file on which the body starts.
    public var bodyLine: Int = 1

    /// Parses a campaign page; problems are `path:line:` diagnostics.
    public static func parse(_ text: String, path: String) throws -> CampaignPage {
        let doc = try MarkdownDocument.parse(text, path: path)
        var problems: [Diagnostic] = []
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.hasSuffix(".md") ? String(file.dropLast(3)) : file
        // `every-day-counts.pl` → key every-day-counts, language pl.
        let parts = stem.split(separator: ".", maxSplits: 1).map(String.init)
        let lang = doc.fields["lang"] ?? (parts.count == 2 ? parts[1] : "en")
        if !lang.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) || lang.isEmpty {
            problems.append(doc.problem("lang", "`lang` must be a language tag such as en, pl or ur, not `\(lang)`"))
        }
        let title = doc.fields["title"] ?? ""
        if title.isEmpty { problems.append(doc.problem("title", "a campaign page needs a `title`")) }
        var order = 100
        if let o = doc.fields["order"] {
            if let n = Int(o) { order = n } else { problems.append(doc.problem("order", "`order` must be a whole number, not `\(o)`")) }
        }
        var date: Day? = nil
        if let d = doc.fields["date"], !d.isEmpty {
            date = Day(parsing: d)
            if date == nil { problems.append(doc.problem("date", "`date` must be a date (YYYY-MM-DD), not `\(d)`")) }
        }
        var draft = false
        if let d = doc.fields["draft"] {
            switch d.lowercased() {
            case "true", "yes": draft = true
            case "false", "no", "": draft = false
            default: problems.append(doc.problem("draft", "`draft` must be true or false, not `\(d)`"))
            }
        }
        problems += ContentSecurity.remoteImageProblems(doc.body, path: path, bodyLine: doc.bodyLine)
        let key = doc.fields["key"] ?? parts[0]
        if key.isEmpty { problems.append(doc.problem("key", "`key` must not be empty")) }
        if !problems.isEmpty { throw InputError(problems) }
        return CampaignPage(path: path, key: key, lang: lang.lowercased(), title: title, summary: doc.fields["summary"] ?? "",
                            order: order, date: date, draft: draft, body: doc.body,
                            keyLine: doc.fieldLines["key"], bodyLine: doc.bodyLine)
    }

    /// The file this page is written to under `site/parents/`: `<key>.html` for English,
    /// `<key>.<lang>.html` otherwise.
    public var outputPath: String { lang == "en" ? "\(Slug.make(key)).html" : "\(Slug.make(key)).\(Slug.make(lang)).html" }
}

/// Names and right-to-left scripts of the languages schools most often translate into.
enum Languages {
    static let names: [String: String] = [
        "en": "English", "pl": "Polski", "ur": "اردو", "ro": "Română", "pa": "ਪੰਜਾਬੀ", "bn": "বাংলা", "ar": "العربية",
        "so": "Soomaali", "es": "Español", "fr": "Français", "pt": "Português", "lt": "Lietuvių", "uk": "Українська",
        "ru": "Русский", "tr": "Türkçe", "zh": "中文", "gu": "ગુજરાતી", "ta": "தமிழ்", "fa": "فارسی", "ps": "پښتو",
        "ku": "Kurdî", "sq": "Shqip", "it": "Italiano", "bg": "Български", "hu": "Magyar", "lv": "Latviešu", "cy": "Cymraeg",
    ]
    static let rtl: Set<String> = ["ar", "ur", "fa", "ps", "he", "yi", "ckb", "dv", "sd", "ug"]
    static func name(_ lang: String) -> String { names[lang] ?? lang }

    /// A few interface words in each language with a shipped translation; English otherwise.
    static let words: [String: [String: String]] = [
        "skip": ["en": "Skip to main content", "pl": "Przejdź do treści", "ur": "مرکزی مواد پر جائیں"],
        "back": ["en": "All pages for parents and carers", "pl": "Wszystkie strony dla rodziców i opiekunów", "ur": "والدین اور سرپرستوں کے لیے تمام صفحات"],
        "also": ["en": "Also in:", "pl": "Również w języku:", "ur": "دیگر زبانوں میں:"],
    ]
    static func word(_ key: String, _ lang: String) -> String { words[key]?[lang] ?? words[key]?["en"] ?? key }
}

/// The parents' site (spec section 8, `site/parents/`). It is built only from `Content/` and
/// the school's name: no pupil data reaches it.
struct ParentsSite {
    let theme: Theme
    let schoolName: String
    let pages: [CampaignPage]

    /// Loads and validates every campaign page; all problems are reported together.
    static func load(_ sources: SourceFiles) throws -> [CampaignPage] {
        var pages: [CampaignPage] = []
        var problems: [Diagnostic] = []
        for (path, text) in sources.under("Content/campaigns") where path.hasSuffix(".md") {
            do { pages.append(try CampaignPage.parse(text, path: path)) } catch let e as InputError { problems += e.diagnostics }
        }
        // Output paths must differ even where case does not count (Windows, macOS), and must
        // not take the index page's place.
        var seen: [String: String] = [OutputPaths.fold("index.html"): "the index page of the parents' site"]
        for p in pages where !p.draft {
            let key = OutputPaths.fold(p.outputPath)
            if let other = seen[key] {
                let line = p.keyLine ?? 1
                problems.append(Diagnostic(path: p.path, line: line, "this page would be written to site/parents/\(p.outputPath), as \(other) is (key `\(p.key)`, language `\(p.lang)`; file names do not tell case apart on Windows and macOS): give it another `key`"))
            }
            seen[key] = p.path
        }
        if !problems.isEmpty { throw InputError(problems) }
        return pages.filter { !$0.draft }.sorted { ($0.order, $0.key, $0.lang) < ($1.order, $1.key, $1.lang) }
    }

    func translations(of key: String) -> [CampaignPage] {
        pages.filter { $0.key == key }.sorted { ($0.lang == "en" ? "" : $0.lang) < ($1.lang == "en" ? "" : $1.lang) }
    }

    func base(lang: String, current: String?, key: String?) -> [String: Any] {
        var ctx: [String: Any] = [
            "root": "", "school": schoolName, "lang": lang, "rtl": Languages.rtl.contains(lang),
            "skipText": Languages.word("skip", lang),
        ]
        if let key {
            let t = translations(of: key)
            ctx["hasTranslations"] = t.count > 1
            ctx["translations"] = t.map { ["href": $0.outputPath, "lang": $0.lang, "name": Languages.name($0.lang), "current": $0.outputPath == current] as [String: Any] }
        }
        return ctx
    }

    /// Path → HTML for every page, plus the stylesheet.
    func render() -> [(String, String)] {
        var out: [(String, String)] = []
        // One entry per key, shown in English where there is an English page.
        var keys: [String] = []
        for p in pages where !keys.contains(p.key) { keys.append(p.key) }
        var index = base(lang: "en", current: "index.html", key: nil)
        index["heading"] = "Attendance: information for parents and carers"
        index["intro"] = "Why every day at school matters, and how we can help. Some pages are also available in other languages."
        index["pages"] = keys.map { key -> [String: Any] in
            let t = translations(of: key)
            let main = t.first { $0.lang == "en" } ?? t[0]
            let other = t.filter { $0.outputPath != main.outputPath }
            return ["href": main.outputPath, "title": Markdown.plainText(main.title), "summary": Markdown.plainText(main.summary),
                    "hasOther": !other.isEmpty, "alsoText": Languages.word("also", "en"),
                    "other": other.map { ["href": $0.outputPath, "lang": $0.lang, "name": Languages.name($0.lang)] }]
        }
        out.append(("index.html", theme.render("parents/index", index)))
        for p in pages {
            var ctx = base(lang: p.lang, current: p.outputPath, key: p.key)
            ctx["title"] = Markdown.plainText(p.title)
            if !p.summary.isEmpty { ctx["summary"] = Markdown.plainText(p.summary) }
            ctx["body"] = Markdown.html(p.body, topHeading: 2)
            ctx["indexHref"] = "index.html"
            ctx["backText"] = Languages.word("back", p.lang)
            out.append((p.outputPath, theme.render("parents/page", ctx)))
        }
        return out
    }
}
