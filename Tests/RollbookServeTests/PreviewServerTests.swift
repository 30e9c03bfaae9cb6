import Foundation
import Testing
@testable import RollbookKit
@testable import rollbook
@testable import RollbookServe
import FlyingFox
import FlyingSocks
#if canImport(Glibc)
import Glibc
#endif

/// `rawGet` on a thread of its own, so the test does not hold one of the few cooperative
/// threads the server's tasks need while the whole suite runs in parallel.
func fetch(port: UInt16, _ target: String) async throws -> (status: Int, body: String) {
    try await withCheckedThrowingContinuation { c in
        Thread { c.resume(with: Result { try rawGet(port: port, target) }) }.start()
    }
}

/// Sends `GET target` over a raw socket (so `..` and encodings reach the server exactly as
/// written, as no URL library would send them) and returns the status and body.
func rawGet(port: UInt16, _ target: String) throws -> (status: Int, body: String) {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = port.bigEndian
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard ok == 0 else { throw POSIXError(.ECONNREFUSED) }
    var tv = timeval(tv_sec: 60, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    let request = Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
    _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
    var data: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buf, buf.count, 0)
        if n <= 0 { break }
        data += buf[0..<n]
    }
    let text = String(decoding: data, as: UTF8.self)
    let status = Int(text.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0
    let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    return (status, body)
}

@Suite("Preview server", .serialized)
struct PreviewServerTests {
    /// A small built "site" with a page, a stylesheet, a hidden file, and links pointing out.
    static func makeSite() throws -> (root: String, outside: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-serve-test-\(UUID().uuidString)").path
        let root = base + "/site", outside = base + "/secret"
        for d in [root + "/parents/assets", root + "/intranet", outside] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        try "<!DOCTYPE html><html><head><title>P</title></head><body>Parents page</body></html>".write(toFile: root + "/parents/index.html", atomically: true, encoding: .utf8)
        try "body{}".write(toFile: root + "/parents/assets/parents.css", atomically: true, encoding: .utf8)
        try "manifest".write(toFile: root + "/.rollbook-manifest", atomically: true, encoding: .utf8)
        try "TOP SECRET".write(toFile: outside + "/pupils.csv", atomically: true, encoding: .utf8)
        try "TOP SECRET".write(toFile: base + "/outside.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/parents/leak.txt", withDestinationPath: outside + "/pupils.csv")
        try FileManager.default.createSymbolicLink(atPath: root + "/parents/leakdir", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: root + "/intranet/inside.css", withDestinationPath: root + "/parents/assets/parents.css")
        return (root, outside)
    }

    @Test func refusesNonLoopbackHosts() throws {
        let state = PreviewState(siteRoot: "/nonexistent")
        for host in ["0.0.0.0", "192.168.1.10", "10.0.0.1", "::", "::1x", "", "127.0.0", "127.0.0.1.5", "example.com", "0177.0.0.1"] {
            #expect(throws: ServeError.notLoopback(host)) { try PreviewServer(state: state, host: host, port: 0) }
        }
        #expect(PreviewServer.isLoopback("127.0.0.1"))
        #expect(PreviewServer.isLoopback("127.1.2.3"))
    }

    @Test func pathsAreResolvedInsideTheSiteOnly() throws {
        let (root, _) = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        let real = SitePath.realPath(root)!
        #expect(SitePath.resolve("/parents/index.html", root: root) == .file(real + "/parents/index.html"))
        #expect(SitePath.resolve("/parents/", root: root) == .file(real + "/parents/index.html"))
        #expect(SitePath.resolve("/parents", root: root) == .redirect("/parents/"))
        #expect(SitePath.resolve("/intranet/inside.css", root: root) == .file(real + "/parents/assets/parents.css"))
        for bad in ["/../outside.txt", "/parents/../../outside.txt", "/parents/..%2f..%2foutside.txt", "/%2e%2e/outside.txt",
                    "/parents/%2E%2E/%2E%2E/outside.txt", "/parents%2findex.html", "//etc/passwd", "/parents/./index.html",
                    "/parents\\..\\..\\outside.txt", "/parents/%5c..", "/parents/index.html%00.css", "etc/passwd",
                    "/parents/leak.txt", "/parents/leakdir/pupils.csv", "/parents/leakdir/", "/%zz"] {
            if case .forbidden = SitePath.resolve(bad, root: root) { continue }
            Issue.record("not refused: \(bad) → \(SitePath.resolve(bad, root: root))")
        }
        for missing in ["/nope.html", "/.rollbook-manifest", "/parents/assets/", "/intranet/", "/parents/index.html/"] {
            #expect(SitePath.resolve(missing, root: root) == .notFound, "\(missing)")
        }
    }

    /// Over a real socket: only the site's files, the reload script in HTML pages, and the
    /// long poll answering as soon as the version moves.
    @Test func servesTheSiteOverLoopbackAndNothingElse() async throws {
        let (root, _) = try Self.makeSite()
        defer { try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent) }
        let state = PreviewState(siteRoot: root, schoolName: "Oak <Hill>")
        let server = try PreviewServer(state: state, port: 0, pollHold: 5)
        let port = try await server.start()
        defer { Task { await server.stop() } }
        #expect(await server.server.listeningAddress == .ip4("127.0.0.1", port: port))

        let page = try await fetch(port: port, "/parents/index.html")
        #expect(page.status == 200)
        #expect(page.body.contains("Parents page"))
        #expect(page.body.contains("<script src=\"/_rollbook/live-reload.js?v=1\" defer></script>\n</head>"))
        let css = try await fetch(port: port, "/parents/assets/parents.css")
        #expect(css.status == 200 && css.body == "body{}")
        #expect(try await fetch(port: port, LiveReload.scriptPath).body.contains("location.reload()"))
        let index = try await fetch(port: port, "/")
        #expect(index.status == 200 && index.body.contains("Oak &lt;Hill&gt;: preview"))

        for bad in ["/../outside.txt", "/parents/..%2f..%2foutside.txt", "/%2e%2e/%2e%2e/outside.txt", "//etc/passwd",
                    "/parents/leak.txt", "/parents/leakdir/pupils.csv", "/parents/%2e%2e/%2e%2e/outside.txt", "/parents%2F..%2F..%2Foutside.txt"] {
            let r = try await fetch(port: port, bad)
            #expect(r.status == 403, "\(bad): \(r.status)")
            #expect(!r.body.contains("TOP SECRET"), "\(bad)")
        }
        for missing in ["/nope.html", "/.rollbook-manifest", "/etc/passwd", "/_rollbook/other"] {
            #expect(try await fetch(port: port, missing).status == 404, "\(missing)")
        }

        // The long poll answers with the new version as soon as a rebuild changes something.
        async let answer = fetch(port: port, LiveReload.waitPath + "?since=1")
        try await Task.sleep(nanoseconds: 200_000_000)
        let t0 = Date()
        state.update(problems: nil, changed: true)
        let r = try await answer
        #expect(r.body.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        // Well before the 5 s hold ends (the margin is for a machine busy with the other tests).
        #expect(Date().timeIntervalSince(t0) < 4)

        // While the build fails, HTML pages show its problems (escaped), with the reload script.
        state.update(problems: [Diagnostic(path: "Content/campaigns/x.md", line: 7, "unknown variable {{<b>}}")], changed: false)
        let failing = try await fetch(port: port, "/parents/index.html")
        #expect(failing.status == 500)
        #expect(failing.body.contains("Content/campaigns/x.md:7: error: unknown variable {{&lt;b&gt;}}"))
        #expect(failing.body.contains("/_rollbook/live-reload.js?v=3"))
        #expect(try await fetch(port: port, "/parents/assets/parents.css").status == 200)
    }

    @Test func aPortInUseIsRefusedClearly() async throws {
        let state = PreviewState(siteRoot: "/nonexistent")
        let first = try PreviewServer(state: state, port: 0)
        let port = try await first.start()
        defer { Task { await first.stop() } }
        #expect(!PreviewServer.portIsFree(port))
        #expect(throws: ServeError.portInUse(port)) { try PreviewServer.choosePort(requested: port) }
        #expect(ServeError.portInUse(port).description.contains("choose another with --port"))
        // Without --port, the next free one is taken.
        let next = try PreviewServer.choosePort(requested: nil, preferred: port)
        #expect(next > port)
    }

    /// The whole loop: serve a project, edit a page, and the served page changes (and the
    /// private folder goes when the session stops).
    @Test func sessionRebuildsOnChangeAndCleansUp() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-session-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(Commands.initProject(directory: dir, schoolName: "Ash Grove", today: .today).status == 0)
        let session = try ServeSession(.init(directory: dir, port: 0), say: { _ in }, warn: { _ in })
        // A watcher thread that starts late (a busy machine) must still see the edit below, made
        // straight after start() returns: its starting point is taken before the first build.
        session.watcherStartDelay = 1
        let url = try await session.start()
        let port = UInt16(url.split(separator: ":").last!.dropLast())!
        #expect(!FileManager.default.fileExists(atPath: dir + "/site"))
        let before = try await fetch(port: port, "/parents/our-school-day.html")
        #expect(before.status == 200 && before.body.contains("Every day at Ash Grove"))
        let v = session.state.version

        let page = dir + "/Content/campaigns/our-school-day.md"
        let text = try String(contentsOfFile: page, encoding: .utf8)
        try text.replacingOccurrences(of: "Every day at", with: "Each morning at").write(toFile: page, atomically: true, encoding: .utf8)
        var waited = 0
        while session.state.version == v, waited < 600 { try await Task.sleep(nanoseconds: 50_000_000); waited += 1 }
        #expect(try await fetch(port: port, "/parents/our-school-day.html").body.contains("Each morning at Ash Grove"))

        // A broken page: the problem with its line, then fixed again.
        try (text + "\n{{nope}}\n").write(toFile: page, atomically: true, encoding: .utf8)
        waited = 0
        while session.state.problems == nil, waited < 600 { try await Task.sleep(nanoseconds: 50_000_000); waited += 1 }
        let failing = try await fetch(port: port, "/parents/our-school-day.html")
        #expect(failing.body.contains("Content/campaigns/our-school-day.md:"))
        #expect(failing.body.contains("{{nope}}"))

        let folder = session.folder
        await session.stop()
        #expect(!FileManager.default.fileExists(atPath: folder))
        #expect(!FileManager.default.fileExists(atPath: dir + "/site"))
    }
}
