/// A problem with the input that a user can act on, printed compiler-style:
/// `path:line: error: message`.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible, Comparable {
    public enum Level: String, Sendable { case error, warning }

    public var level: Level
    public var path: String
    public var line: Int?
    public var message: String

    public init(_ level: Level = .error, path: String, line: Int? = nil, _ message: String) {
        self.level = level
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        (line.map { "\(path):\($0)" } ?? path) + ": \(level.rawValue): \(message)"
    }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.path, a.line ?? 0, a.message) < (b.path, b.line ?? 0, b.message)
    }
}

/// Input that could not be read at all: every problem found, not just the first.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
