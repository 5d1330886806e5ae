/// Why an Anki package or text file could not be imported or exported: one line for the user.
public struct AnkiError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
