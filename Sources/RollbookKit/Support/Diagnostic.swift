/// How serious a problem is: a check finding, a problem with the input, an import note.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    case error, warning

    public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
}

/// Where a problem is in the input: a file (as the user names it, project-relative where the
/// project is known) and, where there is one, a 1-based line.
public struct FileLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int?

    public init(path: String, line: Int? = nil) {
        self.path = path
        self.line = line
    }

    /// `path:line`, or `path` without a line.
    public var description: String { line.map { "\(path):\($0)" } ?? path }

    public static func < (a: FileLocation, b: FileLocation) -> Bool {
        (a.path, a.line ?? 0) < (b.path, b.line ?? 0)
    }
}

/// The one compiler-style formatter: every problem Rollbook prints with a place in the input
/// (check findings, input errors, import notes, the privacy check) goes through `line`.
public enum CompilerStyle {
    /// `path:line: level: [rule] message`; the location, line and rule only where there are.
    /// `location` is a `FileLocation`'s text, with anything the place needs after it
    /// (`file: UPN X` for a CTF pupil).
    public static func line(_ location: String?, _ severity: Severity, rule: String? = nil, _ message: String) -> String {
        var s = location.map { "\($0): " } ?? ""
        s += severity.rawValue + ": "
        if let rule { s += "[\(rule)] " }
        return s + message
    }

    public static func line(_ location: FileLocation?, _ severity: Severity, rule: String? = nil, _ message: String) -> String {
        line(location?.description, severity, rule: rule, message)
    }
}

/// A problem with the input that a user can act on, printed compiler-style:
/// `path:line: error: message`.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible, Comparable {
    public var level: Severity
    public var location: FileLocation
    public var message: String

    public var path: String {
        get { location.path }
        set { location.path = newValue }
    }
    public var line: Int? {
        get { location.line }
        set { location.line = newValue }
    }

    public init(_ level: Severity = .error, path: String, line: Int? = nil, _ message: String) {
        self.level = level
        self.location = FileLocation(path: path, line: line)
        self.message = message
    }

    public var description: String { CompilerStyle.line(location, level, message) }

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
