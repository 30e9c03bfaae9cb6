import Foundation

/// A value a compiled template renders: text, a boolean, a list or an object whose keys are
/// the theme's symbol numbers. Made once per page from the page's context; rendering then
/// looks names up by comparing numbers, with no dynamic cast.
enum TemplateValue: Sendable {
    /// A string, or a number as swift-mustache would print it (`String(describing:)`).
    case text(String)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateObject)

    /// The typed form of a context value (dictionaries, arrays, strings, booleans, numbers), with
    /// each dictionary's keys as symbol numbers. Keys no template of the theme names are left out:
    /// no lookup can reach them. Nil for a value whose rendering swift-mustache would decide by
    /// reflection (a struct, a tuple, a set …): the page is then rendered by swift-mustache.
    ///
    /// The casts follow swift-mustache's own order of tests, so each value means the same:
    /// a dictionary with `String` keys is an object, any array a list, an optional is unwrapped
    /// (a nil optional inside the context prints as `nil` and counts as a value, as there).
    static func make(_ v: Any, _ symbols: TemplateCompiler.Symbols) -> TemplateValue? {
        if let s = v as? String { return .text(s) }
        if let b = v as? Bool { return .bool(b) }
        if let d = v as? [String: Any] { return object(d, symbols).map { .object($0) } }
        if let a = v as? [Any] {
            var items: [TemplateValue] = []
            items.reserveCapacity(a.count)
            for x in a {
                guard let item = make(x, symbols) else { return nil }
                items.append(item)
            }
            return .list(items)
        }
        if let shared = v as? SharedContextValue { return shared.typed }
        if let i = v as? Int { return .text(String(i)) }
        if let d = v as? Double { return .text(String(describing: d)) }
        if let s = v as? Substring { return .text(String(s)) }
        if let o = v as? any TemplateOptional, o.isNone { return .text("nil") }
        return nil
    }

    static func object(_ d: [String: Any], _ symbols: TemplateCompiler.Symbols) -> TemplateObject? {
        var o = TemplateObject()
        o.keys.reserveCapacity(d.count)
        o.values.reserveCapacity(d.count)
        for (k, x) in d {
            guard let n = symbols.lookup(k) else { continue }
            guard let value = make(x, symbols) else { return nil }
            o.keys.append(n)
            o.values.append(value)
        }
        return o
    }
}

/// A context value many pages share (the navigation, the code key), typed once for the theme
/// (`Theme.shared`): `TemplateValue.make` takes the typed form as it is, and swift-mustache
/// renders `value` (`TemplateContext.wrap`), so a page reads the same either way.
final class SharedContextValue: @unchecked Sendable {
    let value: Any
    let typed: TemplateValue?
    init(_ value: Any, symbols: TemplateCompiler.Symbols) {
        self.value = value
        typed = TemplateValue.make(value, symbols)
    }
}

/// An object's named values (a few dozen at most: a linear search of small integers).
struct TemplateObject: Sendable {
    var keys: [Int] = []
    var values: [TemplateValue] = []

    func child(_ key: Int) -> TemplateValue? {
        var i = 0
        while i < keys.count {
            if keys[i] == key { return values[i] }
            i += 1
        }
        return nil
    }
}

protocol TemplateOptional { var isNone: Bool { get } }
extension Optional: TemplateOptional { var isNone: Bool { self == nil } }

/// Renders compiled templates into bytes, with swift-mustache's semantics (see
/// `TemplateCompiler`). `failed` is set when the page holds something these typed values do
/// not render as swift-mustache would (a list or object printed as `{{x}}`); the caller then
/// renders the page with swift-mustache.
struct TemplateRenderer {
    let templates: [String: CompiledTemplate]
    var out: [UInt8] = []
    var stack: [TemplateValue]
    var failed = false

    /// What swift-mustache's `MustacheContext` carries besides the stack.
    struct Context {
        var indentation: String? = nil
        var inherited: [String: CompiledTemplate]? = nil
        var mode: TemplateCompiler.EscapeMode = .mustacheDefault
    }

    init(templates: [String: CompiledTemplate], root: TemplateValue, capacity: Int = 0) {
        self.templates = templates
        stack = [root]
        out.reserveCapacity(capacity)
    }

    mutating func render(_ t: CompiledTemplate, _ context: Context) {
        var c = context
        if let indentation = c.indentation, !indentation.isEmpty {
            // As swift-mustache: a token's output that starts a line of this template's own
            // output is indented (so never the first token, nor inside a token).
            let start = out.count
            for node in t.nodes {
                let before = out.count
                let onNewLine = before > start && out[before - 1] == 10 && !(before - 1 > start && out[before - 2] == 13)
                renderNode(node, &c)
                if failed { return }
                if onNewLine, out.count > before { out.insert(contentsOf: Array(indentation.utf8), at: before) }
            }
        } else {
            for node in t.nodes {
                renderNode(node, &c)
                if failed { return }
            }
        }
    }

    mutating func renderNode(_ node: TemplateCompiler.Node, _ c: inout Context) {
        switch node {
        case .text(let bytes):
            out.append(contentsOf: bytes)
        case .variable(let name, let escaped):
            guard let v = lookup(name) else { return }
            switch v {
            case .text(let s): if escaped { escape(s, c.mode) } else { append(s) }
            case .bool(let b): append(b ? "true" : "false")
            case .list, .object: failed = true
            }
        case .section(let name, let t):
            guard let v = lookup(name) else { return }
            switch v {
            case .list(let items):
                for item in items {
                    stack.append(item)
                    render(t, c)
                    stack.removeLast()
                }
            case .bool(let b):
                if b { render(t, c) }
            case .text, .object:
                stack.append(v)
                render(t, c)
                stack.removeLast()
            }
        case .inverted(let name, let t):
            guard let v = lookup(name) else { render(t, c); return }
            switch v {
            case .list(let items) where items.isEmpty:
                stack.append(v)
                render(t, c)
                stack.removeLast()
            case .bool(false):
                render(t, c)
            default:
                return
            }
        case .partial(let name, let indentation):
            guard let t = templates[name] else { return }
            var p = c
            p.mode = .mustacheDefault
            if let indentation { p.indentation = (c.indentation ?? "") + indentation }
            render(t, p)
        case .parent(let name, let indentation, let blocks):
            guard let t = templates[name] else { return }
            var p = c
            p.mode = .mustacheDefault
            p.indentation = (c.indentation ?? "") + indentation
            // Overrides from further out win over this parent's own.
            p.inherited = c.inherited.map { $0.merging(blocks) { outer, _ in outer } } ?? blocks
            render(t, p)
        case .block(let name, let body, let indentation):
            var p = c
            p.indentation = (c.indentation ?? "") + (indentation ?? "")
            render(c.inherited?[name] ?? body, p)
        case .contentType(let mode):
            c.mode = mode
        }
    }

    func lookup(_ name: TemplateCompiler.Name) -> TemplateValue? {
        if name.fromTopOnly { return path(stack[stack.count - 1], name.parts[...]) }
        guard let first = name.parts.first else { return stack.last }
        var i = stack.count - 1
        while i >= 0 {
            if case .object(let o) = stack[i], let v = o.child(first) { return path(v, name.parts.dropFirst()) }
            i -= 1
        }
        return nil
    }

    func path(_ start: TemplateValue, _ parts: ArraySlice<Int>) -> TemplateValue? {
        var v = start
        for p in parts {
            guard case .object(let o) = v, let next = o.child(p) else { return nil }
            v = next
        }
        return v
    }

    mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    /// `Escape.html` byte by byte (the five characters are ASCII, so per byte is per scalar).
    /// swift-mustache's default escaping (per grapheme cluster) agrees with it on text holding
    /// none of them; on other text the page falls back to swift-mustache.
    mutating func escape(_ s: String, _ mode: TemplateCompiler.EscapeMode) {
        if mode == .text { append(s); return }
        var s = s
        s.withUTF8 { buf in
            var special = false
            for b in buf where b == 38 || b == 60 || b == 62 || b == 34 || b == 39 { special = true; break }
            if !special { out.append(contentsOf: buf); return }
            if mode == .mustacheDefault { failed = true; return }
            for b in buf {
                switch b {
                case 38: out.append(contentsOf: [38, 97, 109, 112, 59])              // &amp;
                case 60: out.append(contentsOf: [38, 108, 116, 59])                  // &lt;
                case 62: out.append(contentsOf: [38, 103, 116, 59])                  // &gt;
                case 34: out.append(contentsOf: [38, 113, 117, 111, 116, 59])        // &quot;
                case 39: out.append(contentsOf: [38, 35, 51, 57, 59])                // &#39;
                default: out.append(b)
                }
            }
        }
    }
}
