/// File names made from data (pupil ids, class names, year groups, campaign keys).
///
/// The mapping is injective: letters, digits and `-` stay, every other byte becomes `_XX`
/// (hex), so `7/B`, `../x` or `<script>` can never leave the output folder or collide with
/// another name. Names that would be too long for a file system are cut and suffixed with a
/// hash, and `SlugTable` resolves the (astronomically unlikely) collision that could leave.
public enum Slug {
    public static let maxLength = 120

    public static func make(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            switch b {
            case 48...57, 65...90, 97...122, 45: out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let h = String(b, radix: 16, uppercase: true)
                out += "_" + (h.count == 1 ? "0" + h : h)
            }
        }
        if out.isEmpty { out = "_" }
        if out.count > maxLength {
            out = String(out.prefix(maxLength - 17)) + "-" + fnv1a(s)
        }
        // `CON`, `nul`, `COM1`, `LPT9` … are devices on Windows: escape the first letter (a
        // form `make` never yields otherwise, so the mapping stays injective).
        if OutputPaths.isReservedName(out), let b = out.utf8.first {
            out = "_" + String(b, radix: 16, uppercase: true) + out.dropFirst()
        }
        return out
    }

    /// 64-bit FNV-1a as 16 hex digits (`FNV1a.hex`).
    public static func fnv1a(_ s: String) -> String { FNV1a.hex(s) }
}

/// Hands out unique slugs in one folder, in a deterministic order.
public struct SlugTable {
    private var used: Set<String> = []
    public init() {}

    public mutating func claim(_ s: String) -> String {
        let base = Slug.make(s)
        var slug = base
        var n = 2
        while !used.insert(slug.lowercased()).inserted { slug = base + "--\(n)"; n += 1 }
        return slug
    }
}
