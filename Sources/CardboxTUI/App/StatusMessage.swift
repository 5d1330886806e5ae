/// A one-line message in the status bar; it is cleared by the next key.
public struct StatusMessage: Hashable, Sendable {
    /// How the message is shown.
    public enum Kind: Hashable, Sendable {
        case info, warning, error
    }

    public var text: String
    public var kind: Kind

    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}
