import CardboxEngine
import Foundation
import XCTest

/// The deck-edition checks pass on a small, sound synthetic edition and report each kind of fault in
/// it with a clear message (so the checks on the shipped deck can fail when they should).
final class DeckEditionCheckTests: XCTestCase {
    private static let title = "Synthetic Deck"

    private static let firstEdition = """
        ---
        title: Synthetic Deck
        ---

        # Old topic

        Q: What does Amazon Macie look for in Amazon S3 buckets?
        A: Sensitive data such as personal information.

        Q: Which AWS service turns text into lifelike speech?
        A: Amazon Polly.

        Q: Which SageMaker feature chains several containers into one model?
        A: An inference pipeline.

        Q: Which element of a resource-based policy names who it applies to?
        A: `Principal`.

        Q: What did Amazon Elastic Inference attach to an instance?
        A: A fractional GPU accelerator.
        """

    /// The first edition's cards, loaded from a file like the fixture's.
    private func loadFirstEdition(in folder: URL) throws -> CardCollection {
        let url = folder.appendingPathComponent("first/deck.md")
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.firstEdition.write(to: url, atomically: true, encoding: .utf8)
        return ContentLoader.load(paths: [url.deletingLastPathComponent().path])
    }

    private func key(_ collection: CardCollection, _ question: String) -> String {
        collection.cards.first { $0.question.plainText == question }!.key
    }

    /// A sound second edition: one card reworded and pinned, one lightly edited (left to orphan
    /// matching), one dropped and one merged (both listed as retired), new cards and two domains.
    private struct Edition {
        var about = """
            Q: On what date was the XYZ-C01 exam retired?
            A: On 31 March 2026.
            """
        var domainA = """
            # Domain A

            ## Privacy

            Source: [What is Amazon Macie?](https://docs.aws.amazon.com/macie/latest/user/what-is-macie.html)

            Q: What does Amazon Macie look for in Amazon S3 buckets?
            A: Sensitive data such as personal information; `Principal` elements are IAM's business.

            <!-- id: PIN -->
            Q: Which AWS service reads text aloud in a natural-sounding voice?
            A: Amazon Polly.

            Q: Which SageMaker AI feature chains several containers into one model?
            A: An inference pipeline.
            """
        var domainB = """
            # Domain B

            ## Streams

            Source: [Amazon Kinesis](https://aws.amazon.com/kinesis/)

            Q: Which Kinesis service keeps records so that consumers can replay them?
            A: Kinesis Data Streams.

            Q: Which Kinesis service delivers records to S3 without consumer code?
            A: Amazon Data Firehose.

            Q: Which Kinesis service carries live video?
            A: Kinesis Video Streams.
            """
        var retired = """
            DROPPED\tdropped: the service is no longer available
            MERGED\tmerged:MACIE
            """
        var seedMap = """
            1\tMACIE\tMacie finds sensitive data in S3.
            2\tPOLLY,DROPPED\tPolly speaks text.
            3\tMERGED\tWho a resource policy applies to.
            kinesis-1\tSTREAMS\tStreams keep records for replay.
            kinesis-2\tFIREHOSE\tFirehose delivers without consumer code.
            """

        /// Writes the edition under `folder` with the first edition's `keys` in place of the upper-case
        /// names, and returns its content folder and its retired-list folder.
        func write(to folder: URL, keys: [String: String]) throws -> (content: URL, fixtures: URL) {
            func fill(_ text: String) -> String {
                keys.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
            }
            let content = folder.appendingPathComponent("Content/synthetic")
            let fixtures = folder.appendingPathComponent("SecondEdition")
            for url in [content.appendingPathComponent("1-a"), content.appendingPathComponent("2-b"), fixtures] {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            }
            let front = "---\ntitle: \(DeckEditionCheckTests.title)\n---\n\n"
            try (front + fill(about)).write(
                to: content.appendingPathComponent("0-about.md"), atomically: true, encoding: .utf8)
            try (front + fill(domainA)).write(
                to: content.appendingPathComponent("1-a/01-privacy.md"), atomically: true, encoding: .utf8)
            try (front + fill(domainB)).write(
                to: content.appendingPathComponent("2-b/01-streams.md"), atomically: true, encoding: .utf8)
            try fill(retired).write(
                to: fixtures.appendingPathComponent("retired-synthetic.tsv"), atomically: true, encoding: .utf8)
            try fill(seedMap).write(
                to: fixtures.appendingPathComponent("seed-map.tsv"), atomically: true, encoding: .utf8)
            return (content, fixtures)
        }
    }

    /// The first edition's keys by name, and the keys of the new cards the seed map uses.
    private func keys(_ first: CardCollection) -> [String: String] {
        [
            "MACIE": key(first, "What does Amazon Macie look for in Amazon S3 buckets?"),
            "POLLY": key(first, "Which AWS service turns text into lifelike speech?"),
            "MERGED": key(first, "Which element of a resource-based policy names who it applies to?"),
            "DROPPED": key(first, "What did Amazon Elastic Inference attach to an instance?"),
            "PIN": key(first, "Which AWS service turns text into lifelike speech?"),
        ]
    }

    private struct Loaded {
        var first: CardCollection
        var second: CardCollection
        var content: URL
        var fixtures: URL
        var retired: RetiredKeys
        var seedMap: SeedMap
    }

    private func load(_ edition: Edition = Edition()) throws -> Loaded {
        let folder = try Fixtures.temporaryFolder(self)
        let first = try loadFirstEdition(in: folder)
        let (content, fixtures) = try edition.write(to: folder, keys: keys(first))
        let second = ContentLoader.load(paths: [content.path])
        // The new cards' keys are only known once loaded; the seed map names them by question.
        let streams = key(second, "Which Kinesis service keeps records so that consumers can replay them?")
        let firehose = key(second, "Which Kinesis service delivers records to S3 without consumer code?")
        let mapText = try String(contentsOf: fixtures.appendingPathComponent("seed-map.tsv"), encoding: .utf8)
            .replacingOccurrences(of: "STREAMS", with: streams).replacingOccurrences(of: "FIREHOSE", with: firehose)
        return Loaded(
            first: first, second: second, content: content, fixtures: fixtures,
            retired: RetiredKeys.read(folder: fixtures),
            seedMap: SeedMap.parse(mapText, file: "seed-map.tsv"))
    }

    private let domains = ["Domain A", "Domain B"]

    private func structure(_ loaded: Loaded) -> [String] {
        DeckEditionChecks.structureProblems(
            loaded.second, deck: Self.title, domains: domains, firstCardMentions: ["XYZ-C01", "31 March 2026"])
    }

    private func shares(_ loaded: Loaded, weights: [Double] = [50, 50], minimum: Int = 7) -> [String] {
        DeckEditionChecks.shareProblems(
            loaded.second, deck: Self.title,
            domains: zip(domains, weights).map { DeckEditionChecks.Domain(title: $0, weight: $1) },
            minimumCards: minimum, tolerance: 8)
    }

    private func seedMap(_ loaded: Loaded, numbered: Int = 3) -> [String] {
        DeckEditionChecks.seedMapProblems(
            loaded.seedMap, retired: loaded.retired, cardKeys: Set(loaded.second.cards.map(\.key)),
            numberedItems: numbered)
    }

    private func progress(_ loaded: Loaded) throws -> [String] {
        try DeckEditionChecks.progressProblems(earlier: loaded.first, later: loaded.second, retired: loaded.retired)
    }

    func testASoundEditionPassesEveryCheck() throws {
        let loaded = try load()
        XCTAssertEqual(loaded.second.diagnostics.map(\.description), [])
        XCTAssertEqual(structure(loaded), [])
        XCTAssertEqual(shares(loaded), [])
        XCTAssertEqual(DeckEditionChecks.sourceProblems(folder: loaded.content), [])
        XCTAssertEqual(seedMap(loaded), [])
        XCTAssertEqual(
            DeckEditionChecks.retiredProblems(loaded.retired, cardKeys: Set(loaded.second.cards.map(\.key))), [])
        XCTAssertEqual(try progress(loaded), [])
    }

    func testStructureCheckReportsWrongDomainsAndAMissingRetirementCard() throws {
        var edition = Edition()
        edition.domainB = edition.domainB.replacingOccurrences(of: "# Domain B", with: "# Streaming")
        let renamed = structure(try load(edition))
        XCTAssertEqual(renamed.count, 1)
        XCTAssertTrue(renamed[0].contains("top-level topics are [\"Domain A\", \"Streaming\"]"), "\(renamed)")

        edition = Edition()
        edition.about = ""
        let noOpening = structure(try load(edition))
        XCTAssertEqual(noOpening.count, 1)
        XCTAssertTrue(noOpening[0].contains("no card before its first heading"), "\(noOpening)")

        edition = Edition()
        edition.about = "Q: When did the exam retire?\nA: In 2026."
        let vague = structure(try load(edition))
        XCTAssertEqual(vague.count, 1)
        XCTAssertTrue(vague[0].contains("does not mention [\"XYZ-C01\", \"31 March 2026\"]"), "\(vague)")
    }

    func testShareCheckReportsTooFewCardsAndLopsidedDomainsWithTheCounts() throws {
        let loaded = try load()
        let counts =
            "7 cards in the deck, 6 in the domains: Domain A 3 (50.0%, weight 50%); Domain B 3 (50.0%, weight 50%)"
        XCTAssertEqual(shares(loaded, minimum: 420), ["only 7 cards; at least 420 needed", counts])

        XCTAssertEqual(
            shares(loaded, weights: [30, 70]),
            [
                "Domain A has 50.0% of the cards, more than 8 points from its weight 30%",
                "Domain B has 50.0% of the cards, more than 8 points from its weight 70%",
                counts.replacingOccurrences(
                    of: "weight 50%); Domain B 3 (50.0%, weight 50%)",
                    with: "weight 30%); Domain B 3 (50.0%, weight 70%)"),
            ])
        // 8 points off is still within the tolerance.
        XCTAssertEqual(shares(loaded, weights: [42, 58]), [])
    }

    func testSourceCheckWantsAnAWSLinkUnderEveryTopicBeforeItsFirstCard() {
        let file = "deck.md"
        let good = """
            ---
            title: T
            ---
            # D
            ## Topic
            Source: [Page](https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html)
            ### Sub
            Q: q?
            A: a.
            ## Another
            Source: [Product page](https://aws.amazon.com/kinesis/)
            Q: q2?
            A: a2.
            """
        XCTAssertEqual(DeckEditionChecks.sourceProblems(text: good, file: file), [])

        let missing = good.replacingOccurrences(
            of: "Source: [Page](https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html)\n", with: "")
        XCTAssertEqual(
            DeckEditionChecks.sourceProblems(text: missing, file: file),
            [
                "deck.md:5: topic 'Topic' has no `Source: [title](https://docs.aws.amazon.com/…)` line before its first card"
            ])

        let late = """
            ## Topic
            Q: q?
            A: a.
            Source: [Page](https://docs.aws.amazon.com/x.html)
            """
        XCTAssertEqual(DeckEditionChecks.sourceProblems(text: late, file: file).count, 1)

        let elsewhere = good.replacingOccurrences(
            of: "https://aws.amazon.com/kinesis/", with: "https://example.com/kinesis")
        XCTAssertEqual(
            DeckEditionChecks.sourceProblems(text: elsewhere, file: file),
            [
                "deck.md:11: a Source line must be `Source: [title](https://docs.aws.amazon.com/…)` (or https://aws.amazon.com/…)",
                "deck.md:10: topic 'Another' has no `Source: [title](https://docs.aws.amazon.com/…)` line before its first card",
            ])

        let emptyTopic = "## Topic\n\n## Next\nSource: [P](https://aws.amazon.com/)\nQ: q?\nA: a."
        XCTAssertEqual(
            DeckEditionChecks.sourceProblems(text: emptyTopic, file: file),
            [
                "deck.md:1: topic 'Topic' has no `Source: [title](https://docs.aws.amazon.com/…)` line before the next heading"
            ])

        // A heading inside a code block is not a topic; a Source line inside one does not count.
        let fenced = "## Topic\n```\n## not a topic\nSource: [P](https://aws.amazon.com/)\n```\nQ: q?\nA: a."
        XCTAssertEqual(DeckEditionChecks.sourceProblems(text: fenced, file: file).count, 1)
    }

    func testSeedMapCheckReportsGapsUnknownKeysAndItemsOnlyDroppedCardsTaught() throws {
        var loaded = try load()
        XCTAssertTrue(seedMap(loaded, numbered: 4)[0].contains("missing [4]"), "\(seedMap(loaded, numbered: 4))")

        let items = loaded.seedMap.items
        loaded.seedMap.items = items.filter { $0.id != "2" }
        XCTAssertEqual(
            seedMap(loaded),
            ["numbered seed items must be 1…3, once each and in order; missing [2], found 2 numbered lines"])

        loaded.seedMap.items = items.filter { $0.id != "kinesis-1" }
        XCTAssertEqual(
            seedMap(loaded), ["seed items of section 'kinesis' must be numbered 1…n with no gap; found [2]"])

        loaded.seedMap.items = items
        loaded.seedMap.items[0].keys = ["q-0000000000000000"]
        XCTAssertEqual(
            seedMap(loaded),
            [
                "seed-map.tsv:1: item 1: q-0000000000000000 is not a card of the deck and no retired-*.tsv lists it",
                "seed-map.tsv:1: item 1 is taught by no card of the deck: every key is dropped or missing (q-0000000000000000)",
            ])

        loaded.seedMap.items = items
        let dropped = items[1].keys[1]
        loaded.seedMap.items[1].keys = [dropped]
        XCTAssertEqual(
            seedMap(loaded),
            ["seed-map.tsv:2: item 2 is taught by no card of the deck: every key is dropped or missing (\(dropped))"])

        loaded.seedMap.items = items
        loaded.retired.add(text: "\(items[0].keys[0])\tmerged:\(items[2].keys[0])", file: "retired-more.tsv")
        let circle = seedMap(loaded)
        XCTAssertTrue(circle.contains { $0.contains("run in a circle") }, "\(circle)")

        let malformed = SeedMap.parse("1\tq-1\n2\t\tno key\nthree\tq-3\tx\n", file: "m.tsv").problems
        XCTAssertEqual(
            malformed,
            [
                "m.tsv:1: expected ITEM<TAB>KEY[,KEY…]<TAB>paraphrase", "m.tsv:2: item 2 has an empty card key",
                "m.tsv:3: item 'three' must be a number or section-number",
            ])
    }

    func testRetiredCheckReportsKeysStillCardsAndMergesIntoNothing() throws {
        var edition = Edition()
        edition.retired += "\nMACIE\tdropped: kept by mistake\nPOLLY\tmerged:q-0000000000000000\nbad line"
        let loaded = try load(edition)
        let macie = keys(loaded.first)["MACIE"]!
        let polly = keys(loaded.first)["POLLY"]!
        let file = DeckPaths.display(loaded.fixtures.appendingPathComponent("retired-synthetic.tsv"))
        XCTAssertEqual(
            DeckEditionChecks.retiredProblems(loaded.retired, cardKeys: Set(loaded.second.cards.map(\.key))),
            [
                "\(file):5: expected OLDKEY<TAB>merged:NEWKEY or OLDKEY<TAB>dropped: reason",
                "\(file):3: \(macie) is retired but is still a card of the deck",
                "\(file):4: \(polly) is retired but is still a card of the deck",
                "\(file):4: \(polly) is merged into q-0000000000000000, which is not a card",
            ])
    }

    func testProgressCheckReportsCardsWhoseProgressWasLost() throws {
        // Without its pin, the rewritten card is a new card and the old one's progress has nowhere to go.
        var edition = Edition()
        edition.domainA = edition.domainA.replacingOccurrences(of: "<!-- id: PIN -->\n", with: "")
        var loaded = try load(edition)
        let polly = keys(loaded.first)["POLLY"]!
        let lost = try progress(loaded)
        XCTAssertEqual(lost.count, 1)
        XCTAssertTrue(lost[0].hasPrefix("\(polly) (") && lost[0].contains("lost its progress"), "\(lost)")

        // A dropped card that the retired list forgets is lost too.
        edition = Edition()
        edition.retired = edition.retired.replacingOccurrences(
            of: "DROPPED\tdropped: the service is no longer available\n", with: "")
        loaded = try load(edition)
        let dropped = try progress(loaded)
        XCTAssertEqual(dropped.count, 1)
        XCTAssertTrue(dropped[0].contains("what did amazon elastic inference attach to an instance?"), "\(dropped)")

        // The lightly edited card got its state by orphan matching, not by its key.
        loaded = try load()
        let pipeline = key(loaded.first, "Which SageMaker feature chains several containers into one model?")
        XCTAssertFalse(loaded.second.cards.contains { $0.key == pipeline })
        XCTAssertEqual(try progress(loaded), [])
    }
}
