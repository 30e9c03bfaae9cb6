/// Rollbook's own Mustache compiler: each theme template is parsed once, when the theme loads,
/// into a tree of nodes whose names are resolved to symbol numbers, and rendered over
/// `TemplateValue`s (typed values: no variable lookup goes through a dynamic cast).
///
/// It reproduces exactly what swift-mustache (the engine themes were written for, still used as
/// the fallback) makes of the features themes use: `{{x}}` escaped, `{{{x}}}` and `{{& x}}`
/// not; sections over lists, booleans and objects; inverted sections; comments; partials
/// `{{> p}}` with their indentation; parents `{{< layout}}` with blocks `{{$b}}`; dotted names,
/// `{{.}}`, `{{.x}}` and the context-stack lookup; `{{% CONTENT_TYPE: … }}`; and the parser's
/// standalone-line and whitespace rules, ported line by line from its `Template+Parser.swift`
/// (quirks included: a section's closing tag does not make the next line "new", trailing
/// spaces at the very end of a template are dropped, indentation is added per token).
///
/// What it does not support — set delimiters `{{=<% %>=}}`, transforms `{{f(x)}}`, dynamic
/// partials `{{>*x}}`, another content type — throws `TemplateCompiler.Unsupported`, and the
/// theme renders that template (and every template using it) with swift-mustache instead.
enum TemplateCompiler {
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// How `{{x}}` escapes: Rollbook's per-scalar `Escape.html` (the `HTML` content type the
    /// theme registers), none (`TEXT`), or swift-mustache's own default (what a partial or
    /// parent starts with until its `{{% CONTENT_TYPE: HTML }}` line).
    enum EscapeMode: Sendable { case scalarHTML, text, mustacheDefault }

    /// A variable name: `.` (the top of the stack), a dotted path looked up through the stack,
    /// or a path starting with `.` looked up in the top of the stack only.
    struct Name: Sendable {
        let fromTopOnly: Bool
        /// Symbol numbers of the parts (`a.b.c` → three); empty for `.`.
        let parts: [Int]
    }

    indirect enum Node: Sendable {
        case text([UInt8])
        case variable(Name, escaped: Bool)
        case section(Name, CompiledTemplate)
        case inverted(Name, CompiledTemplate)
        case partial(String, indentation: String?)
        case parent(String, indentation: String, blocks: [String: CompiledTemplate])
        /// A block: its default body and indentation where a layout expands it; in a `{{< parent}}`,
        /// an override (no indentation).
        case block(String, CompiledTemplate, indentation: String?)
        case contentType(EscapeMode)
    }

    /// Name → symbol number, shared by every template of a theme (and by the values rendered).
    struct Symbols: Sendable {
        private(set) var numbers: [String: Int] = [:]
        mutating func number(_ name: String) -> Int {
            if let n = numbers[name] { return n }
            let n = numbers.count
            numbers[name] = n
            return n
        }
        func lookup(_ name: String) -> Int? { numbers[name] }
    }

    /// Parses one template (as swift-mustache would) into nodes; `partials` collects the names
    /// of the partials and parents it uses.
    static func compile(_ text: String, symbols: inout Symbols, partials: inout Set<String>) throws -> CompiledTemplate {
        var p = Reader(Array(text))
        var compiler = Compiling(symbols: symbols)
        let t = try compiler.parse(&p, state: State())
        symbols = compiler.symbols
        partials.formUnion(compiler.partials)
        return t
    }

    // MARK: the parser, after swift-mustache's Template+Parser.swift

    struct State {
        var sectionName: String? = nil
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var partialDefinitionIndent: [Character]? = nil

        func withSectionName(_ name: String, newLine: Bool) -> State {
            var s = self
            s.sectionName = name
            s.isPartialDefinitionTopLevel = false
            if !newLine { s.newLine = false }
            return s
        }

        func withInheritancePartial(_ name: String) -> State {
            var s = self
            s.sectionName = name
            s.newLine = true
            s.isPartialDefinition = true
            s.isPartialDefinitionTopLevel = true
            return s
        }
    }

    /// A cursor over the template's Characters (swift-mustache reads Characters, so `\r\n` is one).
    struct Reader {
        let chars: [Character]
        var i = 0
        init(_ chars: [Character]) { self.chars = chars }
        var atEnd: Bool { i == chars.count }
        var current: Character { atEnd ? "\0" : chars[i] }

        @discardableResult
        mutating func read(while set: Set<Character>) -> [Character] {
            let start = i
            while i < chars.count, set.contains(chars[i]) { i += 1 }
            return Array(chars[start..<i])
        }

        @discardableResult
        mutating func read(while test: (Character) -> Bool) -> [Character] {
            let start = i
            while i < chars.count, test(chars[i]) { i += 1 }
            return Array(chars[start..<i])
        }

        /// Reads `s` if it comes next; throws at the end of the text where swift-mustache would.
        mutating func read(string s: String) throws -> Bool {
            let want = Array(s)
            guard !want.isEmpty else { return true }
            guard i + want.count <= chars.count else { throw Unsupported("unexpected end of template") }
            guard Array(chars[i..<(i + want.count)]) == want else { return false }
            i += want.count
            return true
        }
    }

    static let sectionNameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*")
    static let sectionNameCharsWithoutBrackets = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    static let partialNameChars = Set<Character>("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?()*/")
    static let spaceOrTab = Set<Character>(" \t")

    struct Compiling {
        var symbols: Symbols
        var partials: Set<String> = []

        mutating func parse(_ parser: inout Reader, state: State) throws -> CompiledTemplate {
            var nodes: [Node] = []
            var state = state
            var whiteSpaceBefore: [Character] = []
            func text(_ c: [Character]) -> Node { .text(Array(String(c).utf8)) }
            while !parser.atEnd {
                if state.newLine {
                    let whiteSpace = parser.read(while: TemplateCompiler.spaceOrTab)
                    if state.isPartialDefinition, !state.isPartialDefinitionTopLevel {
                        if let indent = state.partialDefinitionIndent {
                            whiteSpaceBefore = Array(whiteSpace.dropFirst(indent.count))
                        } else {
                            state.partialDefinitionIndent = whiteSpace
                        }
                    } else {
                        whiteSpaceBefore = whiteSpace
                    }
                }
                let t = try readUntilDelimiterOrNewline(&parser)
                if parser.current.isNewline {
                    nodes.append(text(whiteSpaceBefore + t + [parser.current]))
                    state.newLine = true
                    parser.i += 1
                    continue
                }
                if !t.isEmpty {
                    nodes.append(text(whiteSpaceBefore + t))
                    whiteSpaceBefore = []
                    state.newLine = false
                }
                if parser.atEnd { break }
                var setNewLine = false
                switch parser.current {
                case "#", "^":
                    let inverted = parser.current == "^"
                    parser.i += 1
                    let name = try parseName(&parser)
                    if isStandalone(&parser, state) {
                        setNewLine = true
                    } else if !whiteSpaceBefore.isEmpty {
                        nodes.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = []
                    }
                    let inner = try parse(&parser, state: state.withSectionName(name, newLine: setNewLine))
                    let n = try resolve(name)
                    nodes.append(inverted ? .inverted(n, inner) : .section(n, inner))
                case "/":
                    parser.i += 1
                    let name = try parseName(&parser)
                    guard name == state.sectionName else { throw Unsupported("section closed with the wrong name") }
                    if isStandalone(&parser, state) {
                        // swift-mustache sets no new line here: the opening tag decides it.
                    } else if !whiteSpaceBefore.isEmpty {
                        nodes.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = []
                    }
                    return CompiledTemplate(nodes)
                case "!":
                    parser.i += 1
                    try skipComment(&parser)
                    setNewLine = isStandalone(&parser, state)
                case "{", "&":
                    let triple = parser.current == "{"
                    if !whiteSpaceBefore.isEmpty {
                        nodes.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = []
                    }
                    parser.i += 1
                    let name = try parseName(&parser)
                    if triple {
                        guard !parser.atEnd else { throw Unsupported("unexpected end of template") }
                        guard parser.current == "}" else { throw Unsupported("unfinished triple mustache") }
                        parser.i += 1
                    }
                    nodes.append(.variable(try resolve(name), escaped: false))
                case ">":
                    parser.i += 1
                    parser.read(while: { $0.isWhitespace })
                    if parser.current == "*" { throw Unsupported("dynamic partial") }
                    let name = try parseName(&parser, partial: true)
                    if !whiteSpaceBefore.isEmpty { nodes.append(text(whiteSpaceBefore)) }
                    partials.insert(name)
                    if isStandalone(&parser, state) {
                        setNewLine = true
                        nodes.append(.partial(name, indentation: String(whiteSpaceBefore)))
                    } else {
                        nodes.append(.partial(name, indentation: nil))
                    }
                    whiteSpaceBefore = []
                case "<":
                    parser.i += 1
                    parser.read(while: { $0.isWhitespace })
                    let name = try parseName(&parser, partial: true)
                    if name.first == "*" { throw Unsupported("dynamic parent") }
                    if !whiteSpaceBefore.isEmpty { nodes.append(text(whiteSpaceBefore)) }
                    if isStandalone(&parser, state) { setNewLine = true }
                    let inner = try parse(&parser, state: state.withInheritancePartial(name))
                    var blocks: [String: CompiledTemplate] = [:]
                    for node in inner.nodes {
                        switch node {
                        case .block(let b, let t, indentation: nil): blocks[b] = t
                        case .text: break
                        default: throw Unsupported("only blocks inside a parent")
                        }
                    }
                    partials.insert(name)
                    nodes.append(.parent(name, indentation: String(whiteSpaceBefore), blocks: blocks))
                    whiteSpaceBefore = []
                case "$":
                    parser.i += 1
                    let name = try parseName(&parser)
                    if state.isPartialDefinitionTopLevel {
                        if isStandalone(&parser, state) { setNewLine = true }
                        let inner = try parse(&parser, state: state.withSectionName(name, newLine: setNewLine))
                        nodes.append(.block(name, inner, indentation: nil))
                    } else {
                        if !whiteSpaceBefore.isEmpty { nodes.append(text(whiteSpaceBefore)) }
                        if isStandalone(&parser, state) { setNewLine = true }
                        let inner = try parse(&parser, state: state.withSectionName(name, newLine: setNewLine))
                        nodes.append(.block(name, inner, indentation: String(whiteSpaceBefore)))
                        whiteSpaceBefore = []
                    }
                case "=":
                    throw Unsupported("set delimiters")
                case "%":
                    parser.i += 1
                    nodes.append(.contentType(try readContentType(&parser)))
                    setNewLine = isStandalone(&parser, state)
                default:
                    if !whiteSpaceBefore.isEmpty {
                        nodes.append(text(whiteSpaceBefore))
                        whiteSpaceBefore = []
                    }
                    nodes.append(.variable(try resolve(try parseName(&parser)), escaped: true))
                }
                state.newLine = setNewLine
            }
            guard state.sectionName == nil else { throw Unsupported("section not closed") }
            return CompiledTemplate(nodes)
        }

        func readUntilDelimiterOrNewline(_ parser: inout Reader) throws -> [Character] {
            var out: [Character] = []
            while !parser.atEnd {
                while !parser.atEnd, parser.current != "\n", parser.current != "\r\n", parser.current != "{" {
                    out.append(parser.current)
                    parser.i += 1
                }
                if parser.current.isNewline { break }
                if parser.current == "{" {
                    if try parser.read(string: "{{") { break }
                    out.append("{")
                    parser.i += 1
                }
            }
            return out
        }

        /// A tag's name up to its `}}`: a variable's or section's (transforms are not compiled),
        /// or with `partial` a partial's, which may name a folder.
        func parseName(_ parser: inout Reader, partial: Bool = false) throws -> String {
            parser.read(while: { $0.isWhitespace })
            let name = String(parser.read(while: partial ? TemplateCompiler.partialNameChars : TemplateCompiler.sectionNameChars))
            parser.read(while: { $0.isWhitespace })
            guard try parser.read(string: "}}") else { throw Unsupported("unfinished tag") }
            if !partial, name.contains("(") || name.contains(")") { throw Unsupported("transforms") }
            return name
        }

        func skipComment(_ parser: inout Reader) throws {
            while !parser.atEnd {
                if try parser.read(string: "}}") { return }
                parser.i += 1
            }
            throw Unsupported("unfinished comment")
        }

        func readContentType(_ parser: inout Reader) throws -> EscapeMode {
            parser.read(while: { $0.isWhitespace })
            let variable = String(parser.read(while: TemplateCompiler.sectionNameCharsWithoutBrackets))
            parser.read(while: { $0.isWhitespace })
            guard try parser.read(string: ":") else { throw Unsupported("config variable") }
            parser.read(while: { $0.isWhitespace })
            let value = String(parser.read(while: TemplateCompiler.sectionNameCharsWithoutBrackets))
            parser.read(while: { $0.isWhitespace })
            guard try parser.read(string: "}}"), variable == "CONTENT_TYPE" else { throw Unsupported("config variable") }
            switch value {
            case "HTML": return .scalarHTML
            case "TEXT": return .text
            default: throw Unsupported("content type \(value)")
            }
        }

        func isStandalone(_ parser: inout Reader, _ state: State) -> Bool {
            guard state.newLine else { return false }
            if parser.atEnd { return true }
            var p2 = parser
            p2.read(while: TemplateCompiler.spaceOrTab)
            if p2.current.isNewline {
                p2.i += 1
                parser.i = p2.i
                return true
            }
            return false
        }

        /// A name as symbol numbers. `some` is refused: on an optional value swift-mustache's
        /// reflection would find a child of that name, which typed values do not model.
        mutating func resolve(_ name: String) throws -> Name {
            if name == "." { return Name(fromTopOnly: true, parts: []) }
            let parts = name.split(separator: ".").map(String.init)
            if parts.contains("some") { throw Unsupported("the name `some`") }
            return Name(fromTopOnly: name.first == ".", parts: parts.map { symbols.number($0) })
        }
    }
}

/// One compiled template (or the body of a section or block).
final class CompiledTemplate: Sendable {
    let nodes: [TemplateCompiler.Node]
    init(_ nodes: [TemplateCompiler.Node]) { self.nodes = nodes }
}
