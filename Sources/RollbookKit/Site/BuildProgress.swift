import Foundation

/// Counts items done by parallel workers and tells `progress` about every 1 % (and the last).
final class ProgressCounter: @unchecked Sendable {
    let total: Int
    let phase: String
    let progress: SiteBuilder.Progress?
    private let lock = NSLock()
    private var done = 0
    private let step: Int

    init(total: Int, phase: String, progress: SiteBuilder.Progress?) {
        self.total = total
        self.phase = phase
        self.progress = progress
        step = max(1, total / 100)
        progress?(phase, 0, total)
    }

    func add() {
        guard let progress else { return }
        let n: Int = lock.withLock { done += 1; return done }
        if n % step == 0 || n == total { progress(phase, n, total) }
    }
}
