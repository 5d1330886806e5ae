import Foundation

/// Where the shipped deck and the deck-edition fixtures live in the source tree.
enum DeckPaths {
    /// The repository's root folder.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DeckEdition
        .deletingLastPathComponent()  // CardboxEngineTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// The shipped decks (`Content/`).
    static var content: URL { repository.appendingPathComponent("Content") }
    /// The shipped deck as its first edition had it.
    static var firstEdition: URL { repository.appendingPathComponent("Tests/Fixtures/FirstEditionDeck") }
    /// The seed map and the retired-key lists of the second edition.
    static var secondEdition: URL { repository.appendingPathComponent("Tests/Fixtures/SecondEdition") }

    /// `url`'s path relative to the repository, or its full path when it lies elsewhere.
    static func display(_ url: URL) -> String {
        let root = repository.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}
