import Dispatch

/// Results written by index from concurrent workers; each index is written exactly once.
private final class Slots<T>: @unchecked Sendable {
    var values: [T?]
    init(_ n: Int) { values = [T?](repeating: nil, count: n) }
}

/// `(0..<n).map(transform)`, computed on all cores in contiguous chunks; the result keeps the
/// order of the indices, so output stays deterministic.
public func parallelMap<T: Sendable>(_ n: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard n > 1 else { return (0..<n).map(transform) }
    let slots = Slots<T>(n)
    let chunks = min(n, 64)
    slots.values.withUnsafeMutableBufferPointer { buf in
        nonisolated(unsafe) let out = buf
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = n * c / chunks, hi = n * (c + 1) / chunks
            for i in lo..<hi { out[i] = transform(i) }
        }
    }
    return slots.values.map { $0! }
}
