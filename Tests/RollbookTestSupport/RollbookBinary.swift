import Foundation

/// The built `rollbook` executable, run as a process: the one helper of every test that runs it
/// (end-to-end, bad input, output safety, killed builds).
public enum RollbookBinary {
    /// The package's root folder (holding Package.swift).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `rollbook` built alongside the test binary (whatever `--scratch-path` was used), else
    /// `.build/debug/rollbook` in the package; nil when neither exists.
    public static var path: String? {
        var candidates: [String] = []
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(exe.deletingLastPathComponent().appendingPathComponent("rollbook").path)
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/rollbook").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The executable's path; a test without it fails with `Missing`.
    public static func required() throws -> String {
        guard let path else { throw Missing() }
        return path
    }

    public struct Missing: Error, CustomStringConvertible {
        public init() {}
        public var description: String {
            "the rollbook executable was not found next to the test binary nor at \(packageRoot.path)/.build/debug/rollbook: run `swift build` first"
        }
    }

    /// What a run printed and its exit status (128 + the signal's number when a signal ended it).
    public struct Result: Sendable, Equatable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }

        public var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Runs `rollbook arguments` in `directory` (default: the test's own) and waits for it;
    /// `executable`: another copy of the binary to run instead.
    public static func run(_ arguments: [String], in directory: String? = nil, executable: String? = nil) throws -> Result {
        guard let binary = executable ?? path else { throw Missing() }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("rollbook-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("stdout"), err = tmp.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}
