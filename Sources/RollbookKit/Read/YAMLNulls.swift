import Yams

/// YAML null in `rollbook.yml` (spec section 11): an optional key set to null (`as_of:`,
/// `data:` with every entry commented out, `closures: ~`) is the same as leaving it out.
enum YAMLNulls {
    /// Whether a node is YAML null: a plain (unquoted) empty value, `~` or `null`. A quoted
    /// `""` is an empty string, not null.
    static func isNull(_ n: Node) -> Bool {
        guard let s = n.scalar else { return false }
        guard s.style == .plain || s.style == .any else { return false }
        return s.string.isEmpty || s.string == "~" || s.string == "null" || s.string == "Null" || s.string == "NULL"
    }

    /// The node with every mapping entry whose value is null removed, at every depth (the
    /// entries of sequences are kept: a null term is still a mistake to report).
    static func dropped(_ n: Node) -> Node {
        switch n {
        case .mapping(let m):
            let pairs = m.compactMap { k, v in isNull(v) ? nil : (k, dropped(v)) }
            return .mapping(Node.Mapping(pairs, m.tag, m.style, m.mark))
        case .sequence(let s):
            return .sequence(Node.Sequence(s.map(dropped), s.tag, s.style, s.mark))
        default:
            return n
        }
    }
}
