/// One Anki note as deck Markdown, with the deck it goes to.
struct ImportedNote {
    /// Anki's deck name, `::` between levels.
    var deck: String
    /// The card as written in a deck file: its id line, its sides and its tags line.
    var markdown: String
}
