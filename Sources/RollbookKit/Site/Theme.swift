import Foundation
import Mustache

/// The files a build draws on: Rollbook's built-in theme and content, overridden file by file
/// by the school project's own `Themes/` and `Content/` (spec section 8).
public struct SourceFiles: Sendable {
    /// Project-relative path → text, e.g. `Themes/default/intranet/pupil.mustache`.
    public private(set) var files: [String: String]
    /// Paths that came from the project folder (the rest are built in).
    public private(set) var fromProject: Set<String> = []

    public init(builtIn: Bool = true) {
        files = builtIn ? Dictionary(DefaultFiles.all.map { ($0.path, $0.text) }, uniquingKeysWith: { $1 }) : [:]
    }

    /// Adds every file under `directory/top` (e.g. `Themes`, `Content`), overriding built-ins.
    public mutating func overlay(directory: String, top: String) throws {
        let base = URL(fileURLWithPath: directory).appendingPathComponent(top)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: base.path, isDirectory: &isDir), isDir.boolValue else { return }
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return }
        var problems: [Diagnostic] = []
        var found: [(String, URL)] = []
        for case let url as URL in e {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  !url.lastPathComponent.hasPrefix(".") else { continue }
            let rel = top + "/" + url.path.dropFirst(base.path.count + 1)
            found.append((rel, url))
        }
        for (rel, url) in found.sorted(by: { $0.0 < $1.0 }) {
            guard let bytes = readFileBytes(url.path) else { problems.append(Diagnostic(path: rel, "cannot read the file")); continue }
            guard TextDecoding.isValidUTF8(bytes) else { problems.append(Diagnostic(path: rel, "not UTF-8 text; save it as UTF-8")); continue }
            files[rel] = String(decoding: bytes, as: UTF8.self)
            fromProject.insert(rel)
        }
        if !problems.isEmpty { throw InputError(problems) }
    }

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
    /// Template name (path under the theme, `/` written as `.`) → the file it came from.
    let templateFiles: [String: String]

    /// Templates every build needs.
    public static let required = [
        "layouts/intranet", "layouts/parents", "layouts/letter",
        "intranet/overview", "intranet/group", "intranet/pupil", "intranet/fix-list", "intranet/cases",
        "intranet/pupils", "intranet/letters", "intranet/letter", "parents/index", "parents/page",
    ]

    public init(name: String, sources: SourceFiles) throws {
        self.name = name
        var chosen: [String: (file: String, text: String)] = [:]
        // Built-in default first, then the theme named in rollbook.yml on top.
        for theme in name == "default" ? ["default"] : ["default", name] {
            for (path, text) in sources.under("Themes/\(theme)") {
                let rel = String(path.dropFirst("Themes/\(theme)/".count))
                chosen[rel] = (path, text)
            }
        }
        if name != "default", !sources.files.keys.contains(where: { $0.hasPrefix("Themes/\(name)/") }) {
            throw InputError([Diagnostic(path: "rollbook.yml", "theme `\(name)` not found: expected a folder Themes/\(name)/ in the project")])
        }
        var library = MustacheLibrary()
        var assets: [String: String] = [:]
        var files: [String: String] = [:]
        var problems: [Diagnostic] = []
        for (rel, f) in chosen.sorted(by: { $0.key < $1.key }) {
            if rel.hasPrefix("assets/") { assets[String(rel.dropFirst(7))] = f.text; continue }
            guard rel.hasSuffix(".mustache") else { continue }
            // Mustache section names cannot hold `/`, so `layouts/intranet.mustache` is `layouts.intranet`.
            let tname = String(rel.dropLast(".mustache".count)).replacingAll("/", with: ".")
            do {
                try library.register(f.text, named: tname)
                files[tname] = f.file
            } catch let e as MustacheTemplate.ParserError {
                problems.append(Diagnostic(path: f.file, line: e.context.lineNumber, "template error: \(e.error) near `\(e.context.line.trimmingSpaces)`"))
            } catch {
                problems.append(Diagnostic(path: f.file, "template error: \(error)"))
            }
        }
        // Partials and parents that are named but missing render as nothing in Mustache: refuse them.
        for (tname, file) in files.sorted(by: { $0.key < $1.key }) {
            let text = chosen[tname.replacingAll(".", with: "/") + ".mustache"]!.text
            for (line, ref) in Theme.references(in: text) where files[ref] == nil {
                problems.append(Diagnostic(path: file, line: line, "template `\(ref)` is used here but no \(ref).mustache exists in the theme"))
            }
        }
        for r in Theme.required where files[r.replacingAll("/", with: ".")] == nil && !problems.contains(where: { $0.message.contains("`\(r)`") }) {
            problems.append(Diagnostic(path: "Themes/\(name)/\(r).mustache", "required template is missing"))
        }
        if !problems.isEmpty { throw InputError(problems) }
        self.library = library
        self.assets = assets
        self.templateFiles = files
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

    /// Renders a template with a context of dictionaries, arrays and strings.
    public func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template.replacingAll("/", with: ".")) ?? ""
    }
}
