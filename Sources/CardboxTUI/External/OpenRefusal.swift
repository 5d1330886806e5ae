/// Why a link or an image was not opened, as the status line says it.
public struct OpenRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
