/// What the shipped deck must look like: the MLS-C01 exam's domains and weights, and the size of the
/// seed list its facts came from.
enum ExamBlueprint {
    /// The deck's title; part of every card's identity, so it never changes.
    static let deckTitle = "AWS Certified Machine Learning – Specialty"

    /// The exam guide's four domains, in order, with their weights in percent.
    static let domains: [DeckEditionChecks.Domain] = [
        .init(title: "Data Engineering", weight: 20),
        .init(title: "Exploratory Data Analysis", weight: 24),
        .init(title: "Modeling", weight: 36),
        .init(title: "Machine Learning Implementation and Operations", weight: 20),
    ]

    /// How far, in percentage points, a domain's share of the cards may be from its weight.
    static let shareTolerance = 8.0
    static let minimumCards = 420
    /// The seed list's numbered items run from 1 to this.
    static let numberedSeedItems = 55
    /// What the deck's first card must say: the exam's retirement.
    static let retirementMentions = ["MLS-C01", "31 March 2026"]
    /// The successor exam, named by a card on the deck itself.
    static let successorExam = "MLA-C01"
}
