import CYaml
import Yams

/// YAML aliases (`*name`), found before a document is composed.
///
/// The YAML library composes an alias by copying the node it names, and checks every mapping
/// for duplicate keys by hashing whole keys: a few hundred bytes of aliases used as mapping keys
/// (each key an anchored mapping of the previous ones) take minutes. A school's `rollbook.yml`
/// and a page's front matter never need aliases, so Rollbook refuses them, naming the line,
/// before composing. The scan uses libyaml's own scanner, so `*` inside quotes, comments or a
/// plain value (`A*B`) is not an alias; it is linear in the size of the text.
enum YAMLAliases {
    /// The 1-based lines of the aliases in `yaml`, in order. Scanning stops at the first syntax
    /// error: composing stops there too, so aliases after it can do no harm (and the error is
    /// reported by the composer).
    static func lines(in yaml: String) -> [(line: Int, name: String)] {
        var found: [(Int, String)] = []
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return [] }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(yaml.utf8)
        bytes.withUnsafeBufferPointer { buf in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            var token = yaml_token_t()
            while yaml_parser_scan(&parser, &token) == 1 {
                defer { yaml_token_delete(&token) }
                if token.type == YAML_STREAM_END_TOKEN { break }
                if token.type == YAML_ALIAS_TOKEN {
                    let name = token.data.alias.value.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
                    found.append((Int(token.start_mark.line) + 1, name))
                }
            }
        }
        return found
    }

    /// A diagnostic for the first alias of `yaml` (with the count of the others), or nil when it
    /// has none. `lineOffset`: the file's lines before the YAML's first line.
    static func diagnostic(_ yaml: String, path: String, lineOffset: Int = 0) -> Diagnostic? {
        // Fast path: no `*` at all, no alias.
        guard yaml.utf8.contains(42) else { return nil }
        let found = lines(in: yaml)
        guard let first = found.first else { return nil }
        let more = found.count > 1 ? " (and \(found.count - 1) more alias\(found.count > 2 ? "es" : "") after it)" : ""
        return Diagnostic(path: path, line: first.line + lineOffset,
                          "YAML alias \(Escape.quoted("*" + first.name))\(more): Rollbook does not follow aliases; write the value out in full")
    }

    /// Parses a whole YAML file (rollbook.yml, trust.yml) into its node tree, refusing aliases
    /// first: every problem as a `path:line:` diagnostic.
    static func compose(_ yaml: String, path: String) throws -> Node? {
        if let alias = diagnostic(yaml, path: path) { throw InputError([alias]) }
        do {
            return try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw InputError([ProjectConfig.diagnostic(from: e, path: path)])
        } catch {
            throw InputError([Diagnostic(path: path, "cannot read YAML: \(error)")])
        }
    }
}
