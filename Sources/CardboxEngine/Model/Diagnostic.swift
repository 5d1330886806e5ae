/// A problem found in a deck, reported as `path:line: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How bad the problem is: errors make `cardbox check` fail, warnings do not.
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var location: SourceLocation
    public var message: String
    public var severity: Severity

    public init(_ location: SourceLocation, _ message: String, severity: Severity = .error) {
        self.location = location
        self.message = message
        self.severity = severity
    }

    public var description: String {
        severity == .warning ? "\(location): warning: \(message)" : "\(location): \(message)"
    }
}

/// A file that could not be read at all is carried as its diagnostic, in place of its parse.
extension Diagnostic: Error {}
