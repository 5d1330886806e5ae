import CardboxAnki
import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

/// Packages exported by cardbox, imported into fresh collections by the real Anki library.
final class ExportTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-export", cleanup: addTeardownBlock)
    }

    /// Imports `packages` in turn into one new Anki collection and returns Anki's description of it.
    private func ankiImport(_ packages: [URL]) throws -> [String: Any] {
        let collection = folder.appendingPathComponent("anki-\(UUID().uuidString).anki2")
        let output = try RealAnki.run("import_package.py", [collection.path] + packages.map(\.path))
        let last = output.split(separator: "\n").last { $0.hasPrefix("{") } ?? ""
        return try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] ?? [:]
    }

    private func export(_ paths: [String], scope: Int = 0, name: String, now: Date) throws -> (URL, CardCollection) {
        let collection = ContentLoader.load(paths: paths)
        let package = folder.appendingPathComponent(name)
        _ = try AnkiExporter.run(collection: collection, scope: scope, to: package, now: now)
        return (package, collection)
    }

    func testShippedDeckImportsIntoAnki() throws {
        let content = RealAnki.root.appendingPathComponent("Content").path
        let (package, collection) = try export([content], name: "shipped.apkg", now: Date())
        let anki = try ankiImport([package])
        // Anki's Check Database finds nothing to fix.
        XCTAssertEqual(anki["integrity"] as? String, "Database rebuilt and optimized.")
        let families = Set(collection.cards.map { $0.deck + "\u{1F}" + $0.family })
        XCTAssertEqual(anki["note_count"] as? Int, families.count)
        XCTAssertEqual(anki["card_count"] as? Int, collection.cards.count)
        // Every topic is a deck: Deck::Topic::Sub.
        let decks = Set(anki["decks"] as? [String] ?? [])
        for node in collection.nodes.indices.dropFirst() {
            XCTAssertTrue(
                decks.contains(collection.path(of: node).joined(separator: "::")), "\(collection.path(of: node))")
        }
        let notes = anki["notes"] as? [[String: Any]] ?? []
        // Each cloze has one Anki card per cardbox card, with the same numbers.
        for card in collection.cards {
            guard case let .cloze(_, count) = card.kind, card.key.hasSuffix("-1") else { continue }
            let note = notes.first {
                ($0["fields"] as? [String])?.first?.contains("{{c1::") == true && ($0["ords"] as? [Int])?.count == count
            }
            XCTAssertNotNil(note, "a cloze note with \(count) cards for \(card.key)")
        }
        let first = collection.cards.first { $0.kind == .basic }!
        let match = notes.first { ($0["fields"] as? [String])?.first == first.question.plainText }
        XCTAssertNotNil(match, "the first card's question is the note's Front: \(first.question.plainText)")
        XCTAssertEqual(match?["decks"] as? [String], [collection.path(of: first.topic).joined(separator: "::")])
    }

    func testReverseClozeImageAndFormatting() throws {
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: decks.appendingPathComponent("chart one.png"))
        try """
        ---
        title: Streams
        ---
        # Kinesis
        ## Firehose

        R: Kinesis Data **Firehose**
        A: Loads streams into S3 ![chart](<chart one.png>)

        C: [c1::Data Streams::service] keeps records; [c2::Firehose] delivers; [c1::Streams] replays.

        C: Gaps [one] and [two] and `[not a gap]`.

        Q: Which list?
        A:

        - first
        - second
        """.write(to: decks.appendingPathComponent("streams.md"), atomically: true, encoding: .utf8)
        let (package, collection) = try export([decks.path], name: "small.apkg", now: Date())
        XCTAssertEqual(collection.cards.count, 2 + 2 + 2 + 1)
        let anki = try ankiImport([package])
        XCTAssertEqual(anki["note_count"] as? Int, 4)
        XCTAssertEqual(anki["card_count"] as? Int, 7)
        XCTAssertEqual(anki["media"] as? [String], ["chart-one.png"])
        let notes = anki["notes"] as? [[String: Any]] ?? []
        let byType = Dictionary(grouping: notes) { $0["type"] as? String ?? "" }
        let reversed = byType["cardbox Basic (and reversed card)"]?.first
        XCTAssertEqual(reversed?["ords"] as? [Int], [0, 1])
        XCTAssertEqual(
            reversed?["fields"] as? [String],
            [
                "Kinesis Data <strong>Firehose</strong>",
                "Loads streams into S3 <img src=\"chart-one.png\" alt=\"chart\" />",
            ])
        XCTAssertEqual(reversed?["decks"] as? [String], ["Streams::Kinesis::Firehose"])
        let clozes = (byType["cardbox Cloze"] ?? []).map { ($0["fields"] as? [String])?.first ?? "" }
        XCTAssertEqual(
            Set(clozes),
            [
                "{{c1::Data Streams::service}} keeps records; {{c2::Firehose}} delivers; {{c1::Streams}} replays.",
                "Gaps {{c1::one}} and {{c2::two}} and <code>[not a gap]</code>.",
            ])
        XCTAssertEqual(Set((byType["cardbox Cloze"] ?? []).map { $0["ords"] as? [Int] ?? [] }), [[0, 1]])
        let basic = byType["cardbox Basic"]?.first
        XCTAssertEqual((basic?["fields"] as? [String])?.last, "<ul>\n<li>first</li>\n<li>second</li>\n</ul>")
    }

    func testReexportAfterAnEditUpdatesTheNote() throws {
        let deck = folder.appendingPathComponent("deck.md")
        let original = "# Topic\n\nQ: What keeps records for replay?\nA: Kinesis Data Streams.\n\nQ: Second?\nA: Yes.\n"
        try original.write(to: deck, atomically: true, encoding: .utf8)
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        let (first, _) = try export([deck.path], name: "first.apkg", now: start)
        try original.replacingOccurrences(
            of: "A: Kinesis Data Streams.", with: "A: Kinesis Data Streams, for 24 hours."
        )
        .write(to: deck, atomically: true, encoding: .utf8)
        let (second, _) = try export([deck.path], name: "second.apkg", now: start.addingTimeInterval(60))
        let anki = try ankiImport([first, second])
        let imports = anki["imports"] as? [[String: Int]] ?? []
        XCTAssertEqual(imports.first?["new"], 2)
        XCTAssertEqual(imports.last?["new"], 0, "no duplicate")
        XCTAssertEqual(imports.last?["updated"], 2)
        XCTAssertEqual(anki["note_count"] as? Int, 2)
        let answers = (anki["notes"] as? [[String: Any]] ?? []).compactMap { ($0["fields"] as? [String])?.last }
        XCTAssertTrue(answers.contains("Kinesis Data Streams, for 24 hours."), "\(answers)")
    }

    func testTopicScope() throws {
        let deck = folder.appendingPathComponent("deck.md")
        try "# One\n\nQ: a?\nA: b\n\n# Two\n\nQ: c?\nA: d\n".write(to: deck, atomically: true, encoding: .utf8)
        let collection = ContentLoader.load(paths: [deck.path])
        let two = collection.nodes.indices.first { collection.path(of: $0) == ["deck", "Two"] }!
        let (package, _) = try export([deck.path], scope: two, name: "two.apkg", now: Date())
        let anki = try ankiImport([package])
        XCTAssertEqual(anki["note_count"] as? Int, 1)
        XCTAssertEqual((anki["notes"] as? [[String: Any]])?.first?["decks"] as? [String], ["deck::Two"])
    }

    func testAnkiToCardboxToAnki() throws {
        // A package built by Anki, imported by cardbox, exported again and imported by Anki.
        let decks = folder.appendingPathComponent("decks")
        _ = try AnkiImporter.run(file: try RealAnki.packages().appendingPathComponent("latest.apkg"), into: decks)
        let (package, _) = try export([decks.path], name: "round-trip.apkg", now: Date())
        let anki = try ankiImport([package])
        XCTAssertEqual(anki["note_count"] as? Int, 4)
        XCTAssertEqual(anki["card_count"] as? Int, 6)
        XCTAssertEqual(anki["media"] as? [String], ["pixel-one.png"])
        let notes = anki["notes"] as? [[String: Any]] ?? []
        let cloze = notes.first { $0["type"] as? String == "cardbox Cloze" }
        XCTAssertEqual(
            (cloze?["fields"] as? [String])?.first,
            "{{c1::Kinesis Data Streams}} keeps records; {{c2::Firehose::delivery}} delivers them; {{c1::Streams}} needs consumers."
        )
        XCTAssertEqual(cloze?["ords"] as? [Int], [0, 1])
        XCTAssertEqual(cloze?["decks"] as? [String], ["Cloud ML::Streaming::Kinesis"])
        let reversed = notes.first { $0["type"] as? String == "cardbox Basic (and reversed card)" }
        XCTAssertEqual(reversed?["fields"] as? [String], ["Kinesis Data Firehose", "Loads streams into <em>S3</em>"])
        let basic = notes.first { ($0["fields"] as? [String])?.first == "What does <strong>SageMaker</strong> do?" }
        XCTAssertEqual(basic?["tags"] as? [String], ["aws", "sagemaker"])
        XCTAssertEqual(
            (basic?["fields"] as? [String])?.last,
            "Builds, trains and <em>deploys</em> models.<br />\nIn the cloud &amp; more.")
        let image = notes.first { ($0["fields"] as? [String])?.last?.contains("<img") == true }
        XCTAssertTrue(
            (image?["fields"] as? [String])?.last?.contains("<img src=\"pixel-one.png\"") == true,
            "\(String(describing: image))")
    }
}
