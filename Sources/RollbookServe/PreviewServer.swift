import FlyingFox
import FlyingSocks
import Foundation
import RollbookKit

/// What the server shows: the built site's folder, its version (raised on every rebuild that
/// changed something) and the problems of the last build, if it failed. Shared between the
/// builder thread and the server's tasks.
public final class PreviewState: @unchecked Sendable {
    private let lock = NSLock()
    private var _version = 1
    private var _problems: [Diagnostic]? = nil
    private var _schoolName: String
    public let siteRoot: String

    public init(siteRoot: String, schoolName: String = "School") {
        self.siteRoot = siteRoot
        _schoolName = schoolName
    }

    public var version: Int { lock.withLock { _version } }
    /// The problems that stopped the last build; nil when it succeeded.
    public var problems: [Diagnostic]? { lock.withLock { _problems } }
    public var schoolName: String { lock.withLock { _schoolName } }

    /// Records a build's outcome; open pages reload when `changed` (or the problems differ).
    public func update(problems: [Diagnostic]?, changed: Bool, schoolName: String? = nil) {
        lock.withLock {
            if changed || problems != _problems { _version += 1 }
            _problems = problems
            if let schoolName { _schoolName = schoolName }
        }
    }
}

public enum ServeError: Error, CustomStringConvertible, Equatable {
    case notLoopback(String)
    case portInUse(UInt16)
    case noFreePort(UInt16, UInt16)
    case cannotListen(String)

    public var description: String {
        switch self {
        case .notLoopback(let h):
            return "error: refusing to serve on `\(h)`: the preview shows pupils' data and is served on 127.0.0.1 (this computer) only"
        case .portInUse(let p):
            return "error: port \(p) is in use (another `rollbook serve`, or another program); choose another with --port"
        case .noFreePort(let a, let b):
            return "error: ports \(a) to \(b) are all in use; choose a free one with --port"
        case .cannotListen(let m):
            return "error: cannot start the preview server: \(m)"
        }
    }
}

/// The preview's HTTP server (FlyingFox): serves the built site from `PreviewState.siteRoot`
/// on a loopback address only, adds the live-reload script to HTML pages, answers the
/// script's long polls, and shows the build's problems while it fails.
public final class PreviewServer: Sendable {
    public let host: String
    let state: PreviewState
    let server: HTTPServer
    let requestedPort: UInt16
    /// How long a long poll waits for a new version before answering with the same one.
    let pollHold: Double

    /// Refuses any host that is not a loopback address (127.0.0.0/8): the preview holds
    /// pupils' data. `port` 0 lets the system choose.
    public init(state: PreviewState, host: String = "127.0.0.1", port: UInt16, pollHold: Double = 10) throws {
        guard PreviewServer.isLoopback(host) else { throw ServeError.notLoopback(host) }
        let ip = host == "localhost" ? "127.0.0.1" : host
        self.host = ip
        self.state = state
        self.requestedPort = port
        self.pollHold = pollHold
        let address = try sockaddr_in.inet(ip4: ip, port: port)
        let handler = Handler(state: state, pollHold: pollHold)
        server = HTTPServer(address: address, timeout: 30, logger: .disabled, handler: handler)
    }

    /// Whether `host` is an IPv4 loopback address (127.x.x.x) or `localhost`.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else { return false }
        return parts[0] == "127"
    }

    /// Starts listening; returns the port (the one chosen by the system for port 0).
    public func start() async throws -> UInt16 {
        let server = self.server
        let task = Task { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 5)
        } catch {
            task.cancel()
            throw ServeError.cannotListen("\(error)")
        }
        guard let address = await server.listeningAddress, case let .ip4(ip, port) = address else {
            throw ServeError.cannotListen("no listening address")
        }
        guard PreviewServer.isLoopback(ip) else {
            await server.stop()
            throw ServeError.notLoopback(ip)
        }
        return port
    }

    public func stop() async { await server.stop(timeout: 0) }

    /// Whether nothing listens on `host:port` (tried by binding to it for a moment).
    public static func portIsFree(_ port: UInt16, host: String = "127.0.0.1") -> Bool {
        guard let s = try? Socket(domain: AF_INET) else { return false }
        defer { try? s.close() }
        try? s.setValue(true, for: .localAddressReuse)
        guard let a = try? sockaddr_in.inet(ip4: host, port: port) else { return false }
        do { try s.bind(to: a) } catch { return false }
        return true
    }

    /// The port to use: `requested` if given (an error when it is taken), else the first free
    /// one from `preferred` on.
    public static func choosePort(requested: UInt16?, preferred: UInt16 = 8000, tries: UInt16 = 20) throws -> UInt16 {
        if let requested {
            if requested != 0, !portIsFree(requested) { throw ServeError.portInUse(requested) }
            return requested
        }
        for p in preferred..<(preferred + tries) where portIsFree(p) { return p }
        throw ServeError.noFreePort(preferred, preferred + tries - 1)
    }

    /// The answer to one request; public for tests that call it without a socket.
    public func respond(method: String, target: String) async -> (status: Int, headers: [String: String], body: [UInt8]) {
        let r = await Handler(state: state, pollHold: pollHold).respond(method: method, target: target)
        return (r.status, r.headers, r.body)
    }
}

/// The request handler.
struct Handler: HTTPHandler {
    let state: PreviewState
    let pollHold: Double

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = request.target.rawValue
        let r = await respond(method: request.method.rawValue, target: target)
        var headers = HTTPHeaders()
        for (k, v) in r.headers { headers[HTTPHeader(k)] = v }
        return HTTPResponse(statusCode: HTTPStatusCode(r.status, phrase: Handler.phrase(r.status)), headers: headers,
                            body: request.method == .HEAD ? Data() : Data(r.body))
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 301: return "Moved Permanently"
        case 400: return "Bad Request"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        default: return "Internal Server Error"
        }
    }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
    }

    static func text(_ status: Int, _ s: String, type: String = "text/plain; charset=utf-8") -> Reply {
        Reply(status: status, headers: ["Content-Type": type], body: Array(s.utf8))
    }

    func respond(method: String, target: String) async -> Reply {
        var r = await route(method: method, target: target)
        r.headers["Cache-Control"] = "no-store"
        r.headers["X-Content-Type-Options"] = "nosniff"
        r.headers["Referrer-Policy"] = "no-referrer"
        r.headers["Content-Length"] = String(r.body.count)
        return r
    }

    func route(method: String, target: String) async -> Reply {
        guard method == "GET" || method == "HEAD" else {
            var r = Handler.text(405, "Method not allowed\n")
            r.headers["Allow"] = "GET, HEAD"
            return r
        }
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(parts.first ?? "")
        let query = parts.count > 1 ? String(parts[1]) : ""
        if path == LiveReload.scriptPath { return Handler.text(200, LiveReload.script, type: "text/javascript; charset=utf-8") }
        if path == LiveReload.waitPath { return await wait(query: query) }
        if path.hasPrefix("/_rollbook/") { return Handler.text(404, "Not found\n") }

        let version = state.version
        switch SitePath.resolve(path, root: state.siteRoot) {
        case .forbidden:
            return Handler.text(403, "Forbidden: this server only serves the files of the built site.\n")
        case .redirect(let to):
            var r = Handler.text(301, "Moved to \(to)\n")
            r.headers["Location"] = to
            return r
        case .notFound:
            if let problems = state.problems, path.hasSuffix("/") || path.hasSuffix(".html") {
                return Handler.text(500, LiveReload.errorPage(problems, version: version), type: "text/html; charset=utf-8")
            }
            if path == "/" {
                return Handler.text(200, LiveReload.rootPage(schoolName: state.schoolName, version: version), type: "text/html; charset=utf-8")
            }
            return Handler.text(404, "Not found\n")
        case .file(let file):
            let type = SitePath.contentType(file)
            if type.hasPrefix("text/html"), let problems = state.problems {
                return Handler.text(500, LiveReload.errorPage(problems, version: version), type: "text/html; charset=utf-8")
            }
            guard let bytes = readFileBytes(file) else { return Handler.text(404, "Not found\n") }
            if type.hasPrefix("text/html") {
                return Handler.text(200, LiveReload.inject(String(decoding: bytes, as: UTF8.self), version: version), type: type)
            }
            return Reply(status: 200, headers: ["Content-Type": type], body: bytes)
        }
    }

    /// Answers when the version differs from `since`, or after `pollHold` seconds.
    func wait(query: String) async -> Reply {
        var since: Int? = nil
        for item in query.split(separator: "&") where item.hasPrefix("since=") { since = Int(item.dropFirst(6)) }
        if let since {
            let deadline = Date().addingTimeInterval(pollHold)
            while state.version == since, Date() < deadline {
                do { try await Task.sleep(nanoseconds: 40_000_000) } catch { break }
            }
        }
        return Handler.text(200, String(state.version) + "\n")
    }
}
