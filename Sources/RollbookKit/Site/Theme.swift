import Foundation
import Mustache

/// The files a build draws on: Rollbook's built-in theme and content, overridden file by file
/// by the school project's own `Themes/` and `Content/` (spec section 8).
public struct SourceFiles: Sendable {
    /// Project-relative path → text, e.g. `Themes/default/intranet/pupil.mustache`.
    public private(set) var files: [String: String]
    /// Paths that came from the project folder (the rest are built in).
    public private(set) var fromProject: Set<String> = []
    /// Files under a theme's `static/` folder (`Themes/<name>/static/…`, dotfiles included):
    /// copied into the site as they are, never read as templates or text.
    public private(set) var staticFiles: Set<String> = []

    public init(builtIn: Bool = true) {
        files = builtIn ? Dictionary(DefaultFiles.all.map { ($0.path, $0.text) }, uniquingKeysWith: { $1 }) : [:]
    }

    /// Warnings about the project's files (symbolic links not followed).
    public private(set) var warnings: [Diagnostic] = []

    /// Adds every file under `directory/top` (e.g. `Themes`, `Content`), overriding built-ins.
    /// Symbolic links inside the project are followed; links out of it are skipped with a
    /// warning (`ProjectTree`).
    public mutating func overlay(directory: String, top: String) throws {
        var problems: [Diagnostic] = []
        // Hidden files too: a theme's `static/` folder is copied as it is, dotfiles included.
        let all = ProjectTree.list(project: directory, top: top, hidden: true)
        warnings += all.warnings
        for (rel, path) in all.files {
            if SourceFiles.isStatic(rel) { staticFiles.insert(rel); continue }
            guard !rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
            guard let bytes = readFileBytes(path) else { problems.append(Diagnostic(path: rel, "cannot read the file")); continue }
            guard TextDecoding.isValidUTF8(bytes) else { problems.append(Diagnostic(path: rel, "not UTF-8 text; save it as UTF-8")); continue }
            files[rel] = String(decoding: bytes, as: UTF8.self)
            fromProject.insert(rel)
        }
        if !problems.isEmpty { throw InputError(problems) }
    }

    /// `Themes/<name>/static/…`
    static func isStatic(_ rel: String) -> Bool {
        let parts = rel.split(separator: "/", maxSplits: 3)
        return parts.count == 4 && parts[0] == "Themes" && parts[2] == "static"
    }

    /// Adds or replaces one file, as if it came from the project (used by tests).
    public mutating func set(_ path: String, _ text: String) { files[path] = text; fromProject.insert(path) }

    /// Files under a folder, sorted by path.
    public func under(_ prefix: String) -> [(path: String, text: String)] {
        let p = prefix.hasSuffix("/") ? prefix : prefix + "/"
        return files.filter { $0.key.hasPrefix(p) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// A theme: Mustache templates (with partials and a base layout) and static assets.
///
/// The project's `Themes/<name>/` overrides `Themes/default/` file by file.
public struct Theme: Sendable {
    public let name: String
    let library: MustacheLibrary
    /// Path under the theme's `assets/` → file text.
    public let assets: [String: String]
    /// The theme's `static/` folder: (path in the site, project-relative source), sorted by path.
    /// Copied as it is, dotfiles included (an `intranet/.htaccess`, a `web.config`).
    public let staticFiles: [(path: String, source: String)]
    /// Inline code in the theme's templates, which the pages' Content-Security-Policy blocks.
    public let warnings: [Diagnostic]
    /// Every template compiled by `TemplateCompiler` (with all the partials and parents it
    /// uses), by name (`intranet.pupil`); the others render with swift-mustache.
    let compiled: [String: CompiledTemplate]
    /// Templates left to swift-mustache, with the feature that kept them from being compiled.
    let uncompiled: [String: String]
    /// The names the compiled templates use, as numbers.
    let symbols: TemplateCompiler.Symbols
    /// Which engine renders pages: the compiled templates (swift-mustache for what they do not
    /// support), or swift-mustache for everything (the reference the tests compare with).
    enum Engine: Sendable { case compiled, mustache }
    var engine = Engine.compiled
    /// Pages a compiled template handed back to swift-mustache (their context held a value the
    /// typed values do not model).
    let fallbacks = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.lock(); n += 1; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return n }
    }

    /// Templates every build needs.
    public static let required = [
        "layouts/intranet", "layouts/parents", "layouts/letter",
        "intranet/overview", "intranet/group", "intranet/pupil", "intranet/fix-list", "intranet/cases",
        "intranet/pupils", "intranet/letters", "intranet/letter", "parents/index", "parents/page",
    ]

    /// swift-mustache's own `{{x}}` escaping looks characters up per grapheme cluster (Swift
    /// `Character`), so a `<`, `>` or `"` glued to its neighbour (`\u{600}<img …>` after a
    /// "prepend" character, `"\u{301}` before a combining accent) is a different Character and
    /// passes through unescaped: markup injection from any name in the data. Rollbook registers
    /// its own per-scalar escaping (`Escape.html`) as the `HTML` content type and switches every
    /// template to it (partials and layouts start again from the library's default, so each
    /// template gets the pragma).
    struct ScalarHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.html(text) }
    }
    static let escapePragma: String = {
        MustacheContentTypes.register(ScalarHTML(), named: "HTML")
        return "{{% CONTENT_TYPE: HTML }}"
    }()

    /// `line`: where rollbook.yml names the theme, for the message when it does not exist.
    public init(name: String, sources: SourceFiles, line: Int? = nil) throws {
        self.name = name
        var chosen: [String: (file: String, text: String)] = [:]
        // Built-in default first, then the theme named in rollbook.yml on top.
        for theme in name == "default" ? ["default"] : ["default", name] {
            for (path, text) in sources.under("Themes/\(theme)") {
                let rel = String(path.dropFirst("Themes/\(theme)/".count))
                chosen[rel] = (path, text)
            }
        }
        var statics: [String: String] = [:]
        var staticProblems: [Diagnostic] = []
        for theme in name == "default" ? ["default"] : ["default", name] {
            let prefix = "Themes/\(theme)/static/"
            for source in sources.staticFiles.sorted() where source.hasPrefix(prefix) {
                let rel = String(source.dropFirst(prefix.count))
                guard (rel.hasPrefix("intranet/") || rel.hasPrefix("parents/")), SiteWriter.isContained(rel) else {
                    staticProblems.append(Diagnostic(path: source, "a theme's static files go under static/intranet/ or static/parents/ (nothing else is written to the site)"))
                    continue
                }
                statics[rel] = source
            }
        }
        if name != "default", !sources.files.keys.contains(where: { $0.hasPrefix("Themes/\(name)/") }),
           !sources.staticFiles.contains(where: { $0.hasPrefix("Themes/\(name)/") }) {
            throw InputError([Diagnostic(path: "rollbook.yml", line: line, "theme `\(name)` not found: expected a folder Themes/\(name)/ in the project")])
        }
        var library = MustacheLibrary()
        var assets: [String: String] = [:]
        var files: [String: String] = [:]
        var problems: [Diagnostic] = staticProblems
        // Templates that exist but do not parse: reported once, not as "missing" as well.
        var broken: Set<String> = []
        for (rel, f) in chosen.sorted(by: { $0.key < $1.key }) {
            if rel.hasPrefix("assets/") { assets[String(rel.dropFirst(7))] = f.text; continue }
            guard rel.hasSuffix(".mustache") else { continue }
            // Mustache section names cannot hold `/`, so `layouts/intranet.mustache` is `layouts.intranet`.
            let tname = String(rel.dropLast(".mustache".count)).replacingAll("/", with: ".")
            do {
                // Same line, so template line numbers in messages do not move.
                try library.register(Theme.escapePragma + f.text, named: tname)
                files[tname] = f.file
            } catch let e as MustacheTemplate.ParserError {
                let (line, message) = Theme.explain(e, text: f.text)
                problems.append(Diagnostic(path: f.file, line: line, "template error: \(message)"))
                broken.insert(tname)
            } catch {
                problems.append(Diagnostic(path: f.file, "template error: \(error)"))
                broken.insert(tname)
            }
        }
        // Partials and parents that are named but missing render as nothing in Mustache: refuse them.
        for (tname, file) in files.sorted(by: { $0.key < $1.key }) {
            let text = chosen[tname.replacingAll(".", with: "/") + ".mustache"]!.text
            for (line, ref) in Theme.references(in: text) where files[ref] == nil && !broken.contains(ref) {
                problems.append(Diagnostic(path: file, line: line,
                                           "template `\(ref)` is used here but the theme has no \(ref.replacingAll(".", with: "/")).mustache"))
            }
        }
        for r in Theme.required where files[r.replacingAll("/", with: ".")] == nil && !broken.contains(r.replacingAll("/", with: "."))
            && !problems.contains(where: { $0.message.contains("`\(r)`") }) {
            problems.append(Diagnostic(path: "Themes/\(name)/\(r).mustache", "required template is missing"))
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.library = library
        // The same text swift-mustache parsed, pragma included, compiled once here.
        var symbols = TemplateCompiler.Symbols()
        var compiled: [String: CompiledTemplate] = [:], uses: [String: Set<String>] = [:], uncompiled: [String: String] = [:]
        for tname in files.keys.sorted() {
            let text = chosen[tname.replacingAll(".", with: "/") + ".mustache"]!.text
            var refs = Set<String>()
            do {
                compiled[tname] = try TemplateCompiler.compile(Theme.escapePragma + text, symbols: &symbols, partials: &refs)
                uses[tname] = refs
            } catch {
                uncompiled[tname] = "\(error)"
            }
        }
        // A template that uses one left to swift-mustache is left to it too.
        var changed = true
        while changed {
            changed = false
            for (tname, refs) in uses where compiled[tname] != nil {
                if let r = refs.sorted().first(where: { files[$0] != nil && compiled[$0] == nil }) {
                    compiled[tname] = nil
                    uncompiled[tname] = "uses \(r), which is not compiled"
                    changed = true
                }
            }
        }
        self.compiled = compiled
        self.uncompiled = uncompiled
        self.symbols = symbols
        self.assets = assets
        self.staticFiles = statics.sorted { $0.key < $1.key }.map { (path: $0.key, source: $0.value) }
        // Scripts and styles must be files of the site (spec section 8): say where a theme inlines them.
        warnings = files.sorted(by: { $0.value < $1.value }).compactMap { tname, file in
            guard let text = chosen[tname.replacingAll(".", with: "/") + ".mustache"]?.text,
                  let hit = ContentSecurity.inlineCode(in: text) else { return nil }
            return Diagnostic(.warning, path: file, line: hit.line,
                              "\(hit.what): browsers ignore it, as pages allow only scripts and styles that are files of the site (Content-Security-Policy); move it to a file in the theme's assets/")
        } + files.sorted(by: { $0.value < $1.value }).flatMap { tname, file -> [Diagnostic] in
            // A school's copy of a template from before its tables went back to the theme.
            let rel = tname.replacingAll(".", with: "/")
            guard sources.fromProject.contains(file), let text = chosen[rel + ".mustache"]?.text else { return [] }
            return RetiredHTMLValues.warnings(template: rel, file: file, text: text)
        }
    }

    /// A parse error in words, with the line where the mistake most likely is: for a section
    /// closed by the wrong name or never closed, the line that opened it.
    static func explain(_ e: MustacheTemplate.ParserError, text: String) -> (line: Int, message: String) {
        let near = "near `\(e.context.line.trimmingSpaces)`"
        switch e.error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?, .expectedSectionEnd?:
            if let p = sectionProblem(in: text) { return p }
            return (e.context.lineNumber, "a section is closed with the wrong name or not at all \(near)")
        case .unfinishedName?:
            return (e.context.lineNumber, "a tag is not finished (no `}}`, or a name with spaces) \(near)")
        case .invalidSetDelimiter?:
            return (e.context.lineNumber, "malformed set-delimiter tag \(near)")
        case .transformAppliedToInheritanceSection?:
            return (e.context.lineNumber, "a transform cannot be applied to an inherited section \(near)")
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return (e.context.lineNumber, "only `{{$block}}` overrides may appear inside `{{<parent}}` \(near)")
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?:
            return (e.context.lineNumber, "malformed or unknown `{{% ... }}` setting \(near)")
        case nil:
            return (e.context.lineNumber, "\(e.error) \(near)")
        }
    }

    /// Walks the section tags (`{{#a}}`, `{{^a}}`, `{{$a}}`, `{{<a}}` … `{{/a}}`) and describes
    /// the first pair that does not match; nil when all do (or the delimiters are changed).
    static func sectionProblem(in text: String) -> (line: Int, message: String)? {
        var open: [(name: String, tag: String, line: Int)] = []
        for (line, tag) in tags(in: text) {
            guard let sigil = tag.first else { continue }
            let name = String(tag.dropFirst()).trimmingSpaces
            switch sigil {
            case "=": return nil
            case "#", "^", "$", "<": open.append((name, "{{\(sigil)\(name)}}", line))
            case "/":
                if open.last?.name == name { open.removeLast(); continue }
                if let o = open.last {
                    return (line, "`{{/\(name)}}` does not close the open section `\(o.tag)` from line \(o.line)")
                }
                return (line, "`{{/\(name)}}` closes a section that was never opened")
            default: continue
            }
        }
        if let o = open.last { return (o.line, "section `\(o.tag)` is never closed: add `{{/\(o.name)}}`") }
        return nil
    }

    /// The text inside each `{{…}}` tag (triple mustaches left out) with its line.
    static func tags(in text: String) -> [(Int, Substring)] {
        var out: [(Int, Substring)] = []
        var line = 1
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            line += rest[..<open.lowerBound].utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { break }
            let inner = after[..<close.lowerBound]
            if inner.first != "{" { out.append((line, inner)) }
            line += inner.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            rest = after[close.upperBound...]
        }
        return out
    }

    /// `{{> name}}` and `{{< name}}` references with their lines.
    static func references(in text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var line = 1
        let chars = Array(text.utf8)
        var i = 0
        while i < chars.count {
            if chars[i] == 10 { line += 1 }
            if chars[i] == 123, i + 2 < chars.count, chars[i + 1] == 123, chars[i + 2] == 62 || chars[i + 2] == 60 {
                var j = i + 3
                var name: [UInt8] = []
                while j + 1 < chars.count, !(chars[j] == 125 && chars[j + 1] == 125) { name.append(chars[j]); j += 1 }
                let n = String(decoding: name, as: UTF8.self).trimmingSpaces
                if !n.isEmpty { out.append((line, n)) }
                i = j
                continue
            }
            i += 1
        }
        return out
    }

    /// `value` typed once for this theme, to be used in the contexts of many pages.
    func shared(_ value: Any) -> SharedContextValue { SharedContextValue(value, symbols: symbols) }

    /// `render`'s bytes. A compiled page that carries its Content-Security-Policy already (every
    /// page of the default theme) is written as the renderer made it, without becoming a String
    /// and back: it only joins valid UTF-8 (the template's text, cut at ASCII tags, and the
    /// context's strings), so the bytes are those of `render`. Any other page goes through `render`.
    public func renderBytes(_ template: String, _ context: [String: Any]) -> [UInt8] {
        let name = String(decoding: template.utf8.map { $0 == 47 ? 46 : $0 }, as: UTF8.self)
        if engine == .compiled, let t = compiled[name], let root = TemplateValue.object(context, symbols) {
            var r = TemplateRenderer(templates: compiled, root: .object(root), capacity: 32_768)
            r.render(t, TemplateRenderer.Context())
            if !r.failed, ContentSecurity.containsBytes(r.out, ContentSecurity.policyAttribute) { return r.out }
        }
        return Array(render(template, context).utf8)
    }

    /// Renders a template with a context of dictionaries, arrays and strings.
    public func render(_ template: String, _ context: [String: Any]) -> String {
        // `intranet/pupil` → `intranet.pupil`, byte by byte (a slash is one byte in UTF-8).
        let name = String(decoding: template.utf8.map { $0 == 47 ? 46 : $0 }, as: UTF8.self)
        if engine == .compiled, let t = compiled[name] {
            if let root = TemplateValue.object(context, symbols) {
                var r = TemplateRenderer(templates: compiled, root: .object(root), capacity: 32_768)
                r.render(t, TemplateRenderer.Context())
                if !r.failed { return ContentSecurity.ensure(String(decoding: r.out, as: UTF8.self)) }
            }
            fallbacks.add()
        }
        return ContentSecurity.ensure(library.render(TemplateContext.wrap(context), withTemplate: name) ?? "")
    }
}

/// A rendering context: a dictionary in a final class, so that swift-mustache's many protocol
/// casts per variable hit a direct conformance instead of `Dictionary`'s conditional one.
final class TemplateContext: MustacheParent {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }
    func child(named name: String) -> Any? { values[name] }

    /// Wraps a context and every dictionary inside it (also inside arrays).
    static func wrap(_ value: Any) -> Any {
        switch value {
        case let shared as SharedContextValue: return wrap(shared.value)
        case let d as [String: Any]: return TemplateContext(d.mapValues(wrap))
        case let a as [[String: Any]]: return a.map { TemplateContext($0.mapValues(wrap)) }
        case let a as [Any]: return a.map(wrap)
        default: return value
        }
    }
}
