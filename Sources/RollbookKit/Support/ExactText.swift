/// A string compared, hashed and ordered byte for byte (its UTF-8), with no Unicode
/// normalisation: spec section 11 says ids and class names are compared as written. Swift's
/// own `String ==` treats canonically equivalent strings as equal (`é` precomposed and `e` +
/// combining accent), which would merge two pupils or two classes.
public struct ExactText: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public static func == (a: ExactText, b: ExactText) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    public func hash(into h: inout Hasher) {
        var s = text
        s.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        h.combine(text.utf8.count)
    }

    /// Byte order (the order of `sort` on raw bytes).
    public static func < (a: ExactText, b: ExactText) -> Bool { a.text.utf8.lexicographicallyPrecedes(b.text.utf8) }

    public var description: String { text }
}

/// Pupil ids → index into `Register.pupils`, matched byte for byte (see `ExactText`).
public struct PupilIndex: Sendable {
    var map: [ExactText: Int] = [:]

    public init() {}

    public subscript(_ id: String) -> Int? {
        get { map[ExactText(id)] }
        set { map[ExactText(id)] = newValue }
    }

    public var count: Int { map.count }
}
