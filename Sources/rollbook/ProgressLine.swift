import Foundation
import RollbookKit
#if canImport(Glibc)
import Glibc
#endif

/// `rollbook build`'s one-line progress indicator on a terminal: after the build has run for a
/// second, the phase and its count, rewritten in place with `\r`, and erased at the end. Nothing
/// at all when stderr is not a terminal (or TERM is `dumb`); bold only when NO_COLOR is unset.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var phase = ""
    private var done = 0
    private var total = 0
    private var finished = false
    private var drawnWidth = 0
    private let started = Date()
    private let bold: Bool
    private var thread: Thread?

    /// nil when stderr is not a terminal.
    init?() {
        let env = ProcessInfo.processInfo.environment
        guard isatty(2) == 1, env["TERM"] != "dumb" else { return nil }
        bold = (env["NO_COLOR"] ?? "").isEmpty
    }

    /// For `SiteBuilder.Options.progress`.
    var sink: SiteBuilder.Progress {
        { [self] phase, done, total in lock.withLock { self.phase = phase; self.done = done; self.total = total } }
    }

    func start() {
        let t = Thread { [self] in
            Thread.sleep(forTimeInterval: 1)
            var last = ""
            while true {
                let line: String? = lock.withLock { finished ? nil : text() }
                guard let line else { return }
                if line != last { draw(line); last = line }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        thread = t
        t.start()
    }

    /// Erases the line (if one was drawn) before the build's own output.
    func finish() {
        lock.withLock {
            finished = true
            if drawnWidth > 0 { write("\r" + String(repeating: " ", count: drawnWidth) + "\r") }
            drawnWidth = 0
        }
    }

    private func text() -> String {
        let seconds = Int(Date().timeIntervalSince(started))
        var count = ""
        if total > 0 { count = " \(Format.thousands(done))/\(Format.thousands(total)) (\(done * 100 / total) %)" }
        return "Building: \(phase)\(count)  \(seconds) s"
    }

    private func draw(_ line: String) {
        lock.withLock {
            guard !finished else { return }
            // Never wrap: a wrapped line cannot be rewritten with \r.
            var ws = winsize()
            let columns = ioctl(2, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 ? Int(ws.ws_col) : 80
            var visible = line
            if visible.count > columns - 1 { visible = String(visible.prefix(max(0, columns - 1))) }
            let pad = max(0, drawnWidth - visible.count)
            var out = "\r"
            if bold, let colon = visible.firstIndex(of: ":") {
                out += "\u{1B}[1m" + visible[...colon] + "\u{1B}[0m" + visible[visible.index(after: colon)...]
            } else {
                out += visible
            }
            write(out + String(repeating: " ", count: pad))
            drawnWidth = visible.count
        }
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
