/// Rollbook's one hash: 64-bit FNV-1a, written as 16 hex digits. Its values reach output
/// (long slugs, pseudonyms, the site's manifest digest, the import marker), so they never change.
public struct FNV1a: Sendable {
    public internal(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3
    public init() {}

    /// FNV-1a over the bytes, one at a time.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        var x = value
        for c in bytes { x = (x ^ UInt64(c)) &* FNV1a.prime }
        value = x
    }

    public mutating func feed(_ s: String) {
        var s = s
        s.withUTF8 { feed(UnsafeRawBufferPointer($0)) }
    }

    /// FNV-1a's step on 8-byte words (then the tail byte by byte), after mixing in the length:
    /// the faster form the site's manifest digest uses over whole input files.
    public mutating func feedWords(_ bytes: UnsafeRawBufferPointer) {
        value ^= UInt64(bytes.count)
        continueWords(bytes)
    }

    /// `feedWords` over bytes that arrive in pieces: mix in the total length (`value ^= count`
    /// as `feedWords` does), then call this with each piece; every piece but the last must be a
    /// multiple of 8 bytes long.
    mutating func continueWords(_ bytes: UnsafeRawBufferPointer) {
        var x = value
        let n = bytes.count
        var i = 0
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                x = (x ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* FNV1a.prime
                x ^= x >> 29
                i += 8
            }
        }
        while i < n { x = (x ^ UInt64(bytes[i])) &* FNV1a.prime; i += 1 }
        value = x
    }

    /// 16 hex digits.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The hash of a string's UTF-8 bytes, as 16 hex digits.
    public static func hex(_ s: String) -> String {
        var h = FNV1a()
        h.feed(s)
        return h.hex
    }
}
