import Foundation
import RollbookTestSupport
@testable import RollbookKit

/// A `SiteSink` that keeps every file in memory. With a `seed`, some writes are held back for a
/// moment (0 to 3 ms, most none, chosen by a stable hash of the path and the seed) so that the
/// rendering jobs finish in another order.
final class MemorySiteSink: SiteSink, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var files: [String: [UInt8]] = [:]
    let seed: UInt64?
    init(seed: UInt64? = nil) { self.seed = seed }
    func write(_ path: String, _ bytes: [UInt8]) throws {
        if let seed {
            var h: UInt64 = seed &* 0x9E37_79B9_7F4A_7C15
            for b in path.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
            if h % 4 == 0 { usleep(useconds_t((h >> 40) % 3_000)) }
        }
        lock.lock(); files[path] = bytes; lock.unlock()
    }
    func write(_ path: String, _ text: String) throws { try write(path, Array(text.utf8)) }
    func contains(_ path: String) -> Bool { lock.lock(); defer { lock.unlock() }; return files[path] != nil }
}

/// The demo school (the project at the package's root) rendered into memory.
enum DemoPages {
    static let root = RollbookBinary.packageRoot.path
    static let today = Day(parsing: "2026-07-23")!

    /// The two builds the page-equivalence tests make: as of the demo's config, and mid-year
    /// with a meeting-pack section (`--since`) and pseudonyms.
    enum Build: String, CaseIterable, Sendable {
        case asOfConfig, midYearWithSinceAndPseudonyms
        var options: SiteBuilder.Options {
            switch self {
            case .asOfConfig: return SiteBuilder.Options(directory: root, today: today)
            case .midYearWithSinceAndPseudonyms:
                var options = SiteBuilder.Options(directory: root, asOf: Day(parsing: "2026-03-20")!, today: today, pseudonymise: true)
                options.since = Day(parsing: "2026-03-02")!
                return options
            }
        }
    }

    /// Prepares the demo school with `options`, lets `adjust` change what was prepared (e.g. the
    /// template engine), and writes its pages into a `MemorySiteSink` made with `seed`.
    static func write(_ options: SiteBuilder.Options, seed: UInt64? = nil,
                      adjust: (inout SiteBuilder.Prepared) -> Void = { _ in }) throws -> (sink: MemorySiteSink, prepared: SiteBuilder.Prepared) {
        let builder = SiteBuilder(options)
        let config = try ProjectLoader.loadConfig(directory: root)
        var prepared = try builder.prepare(asOf: ProjectLoader.resolveAsOf(options.asOf, config: config, today: options.today), config: config)
        adjust(&prepared)
        let sink = MemorySiteSink(seed: seed)
        _ = try builder.writePages(builder.files(sink, prepared), prepared, steps: SiteBuilder.Steps())
        return (sink, prepared)
    }

    /// The paths whose bytes differ between two sites, or that only one of them has, in order.
    static func differingPaths(_ a: [String: [UInt8]], _ b: [String: [UInt8]]) -> [String] {
        Set(a.keys).union(b.keys).sorted().filter { a[$0] != b[$0] }
    }
}
