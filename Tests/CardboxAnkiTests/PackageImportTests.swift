import CardboxAnki
import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest
import ZIPFoundation

/// Packages built by the real Anki library, in every layout, imported and compared card by card.
final class PackageImportTests: XCTestCase {
    private func importPackage(_ name: String) throws -> (folder: URL, collection: CardCollection) {
        let packages = try RealAnki.packages()
        let out = try TemporaryFolder.create(prefix: "cardbox-import", cleanup: addTeardownBlock)
            .appendingPathComponent(
                "decks")
        _ = try AnkiImporter.run(file: packages.appendingPathComponent(name), into: out)
        let collection = ContentLoader.load(paths: [out.path])
        XCTAssertFalse(collection.hasErrors, "\(name): \(collection.diagnostics)")
        return (out, collection)
    }

    func testEveryLayoutGivesTheSameCards() throws {
        let notes = try RealAnki.summary()
        XCTAssertEqual(notes.count, 4)
        var firstDecks: [String: String]?
        for name in ["legacy.apkg", "latest.apkg", "latest.colpkg"] {
            let (folder, collection) = try importPackage(name)
            // Basic 1 + reversed 2 + cloze (c1, c2) 2 + Basic 1.
            XCTAssertEqual(collection.cards.count, 6, name)
            let keys = Set(collection.cards.map(\.key))
            for note in notes {
                let id = note["id"] as! Int
                switch note["type"] as! String {
                case "Basic": XCTAssertTrue(keys.contains("anki-\(id)"), name)
                case "Basic (and reversed card)":
                    XCTAssertTrue(keys.isSuperset(of: ["anki-\(id)", "anki-\(id)-r"]), name)
                case "Cloze": XCTAssertTrue(keys.isSuperset(of: ["anki-\(id)-1", "anki-\(id)-2"]), name)
                default: XCTFail("unexpected note type")
                }
            }
            // Nested decks: Cloud ML, and Streaming › Kinesis under it.
            XCTAssertEqual(collection.decks.map(\.title), ["Cloud ML"], name)
            let kinesis = collection.cards.first { $0.key.hasSuffix("-r") }!
            XCTAssertEqual(collection.path(of: kinesis.topic), ["Cloud ML", "Streaming", "Kinesis"], name)
            let files = try String(contentsOf: folder.appendingPathComponent("Cloud ML.md"), encoding: .utf8)
            XCTAssertTrue(files.contains("Q: What does **SageMaker** do?"), name)
            XCTAssertTrue(files.contains("A: Builds, trains and *deploys* models.\\\nIn the cloud \\& more."), name)
            XCTAssertTrue(files.contains("<!-- tags: aws sagemaker -->"), name)
            XCTAssertTrue(files.contains("- one\n- two"), name)
            XCTAssertTrue(files.contains("[AWS](https://aws.amazon.com), `x = 1` and ![](media/pixel-one.png)"), name)
            XCTAssertFalse(files.contains("alert"), "scripts are dropped")
            let leaf = try String(
                contentsOf: folder.appendingPathComponent("Cloud ML/Streaming/Kinesis.md"), encoding: .utf8)
            XCTAssertTrue(
                leaf.contains(
                    "C: [c1::Kinesis Data Streams] keeps records; [c2::Firehose::delivery] delivers them; [c1::Streams] needs consumers."
                ), name)
            XCTAssertTrue(leaf.contains("R: Kinesis Data Firehose\nA: Loads streams into *S3*"), name)
            XCTAssertTrue(leaf.hasPrefix("---\ntitle: Cloud ML\n---\n\n# Streaming\n\n## Kinesis\n"), name)
            let image = try Data(contentsOf: folder.appendingPathComponent("media/pixel-one.png"))
            XCTAssertEqual(image.prefix(4), Data([0x89, 0x50, 0x4E, 0x47]), name)
            let decks = [
                "Cloud ML.md": files,
                "Kinesis.md": leaf.replacingOccurrences(of: "anki-", with: ""),
            ]
            if let firstDecks {
                XCTAssertEqual(firstDecks["Cloud ML.md"], decks["Cloud ML.md"], "\(name) reads as the legacy layout")
            } else {
                firstDecks = decks
            }
        }
    }

    func testTextExportGivesTheSameCards() throws {
        let (_, collection) = try importPackage("notes.txt")
        XCTAssertEqual(collection.cards.count, 6)
        XCTAssertEqual(collection.cards.filter { $0.kind == .reversed }.count, 1)
        XCTAssertEqual(collection.cards.filter { if case .cloze = $0.kind { true } else { false } }.count, 2)
        XCTAssertTrue(collection.cards.allSatisfy { $0.key.hasPrefix("anki-t") })
    }

    func testSecondImportKeepsAnEditedFileAndUpdatesTheRest() throws {
        let packages = try RealAnki.packages()
        let out = try TemporaryFolder.create(prefix: "cardbox-import", cleanup: addTeardownBlock)
            .appendingPathComponent(
                "decks")
        let package = packages.appendingPathComponent("latest.apkg")
        _ = try AnkiImporter.run(file: package, into: out)
        let edited = out.appendingPathComponent("Cloud ML.md")
        try (String(contentsOf: edited, encoding: .utf8) + "\nQ: My own card\nA: Mine\n").write(
            to: edited, atomically: true, encoding: .utf8)
        let report = try AnkiImporter.run(file: package, into: out)
        XCTAssertEqual(report.kept.map(\.path), ["Cloud ML.md"])
        XCTAssertEqual(report.kept.first?.newVersion, "Cloud ML.imported.md")
        XCTAssertTrue(try String(contentsOf: edited, encoding: .utf8).contains("My own card"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("Cloud ML.imported.md").path))
        XCTAssertEqual(Set(report.unchanged), ["Cloud ML/Streaming/Kinesis.md", "media/pixel-one.png"])
        // The same cards keep the same keys: an update, not a duplicate.
        let keys = ContentLoader.load(paths: [out.appendingPathComponent("Cloud ML/Streaming").path]).cards.map(\.key)
        XCTAssertEqual(keys.count, 4)
    }

    func testReviewHistoryBecomesOneImportReviewPerReviewedCard() throws {
        let summary =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: try RealAnki.packages().appendingPathComponent("summary.json")))
            as? [String: Any]
        let reviewed = summary?["reviewed"] as? [String: [String: Int]] ?? [:]
        let notes = try RealAnki.summary()
        let basic = notes[0]["id"] as! Int
        let reversed = notes[1]["id"] as! Int
        XCTAssertEqual(reviewed["\(basic)-0"]?["ease"], 4)
        let interval = reviewed["\(basic)-0"]?["ivl"] ?? 0
        let scheduler = LeitnerScheduler(config: .standard(timeZone: TimeZone(identifier: "UTC")!))
        for name in ["legacy.apkg", "latest.apkg", "latest.colpkg"] {
            let out = try TemporaryFolder.create(prefix: "cardbox-import", cleanup: addTeardownBlock)
                .appendingPathComponent("decks")
            let report = try AnkiImporter.run(file: try RealAnki.packages().appendingPathComponent(name), into: out)
            let reviews = AnkiProgress.reviews(of: try XCTUnwrap(report.collection), scheduler: scheduler)
            let byKey = Dictionary(uniqueKeysWithValues: reviews.map { ($0.cardKey, $0) })
            XCTAssertEqual(Set(byKey.keys), ["anki-\(basic)", "anki-\(reversed)-r"], name)
            XCTAssertEqual(byKey["anki-\(basic)"]?.boxAfter, scheduler.box(nearestInterval: interval), name)
            XCTAssertGreaterThan(interval, 1, "Easy graduates a new card with days")
            XCTAssertEqual(byKey["anki-\(reversed)-r"]?.boxAfter, 1, name)
            XCTAssertEqual(byKey["anki-\(reversed)-r"]?.answer, .missed, name)
            XCTAssertTrue(reviews.allSatisfy { $0.deck == "Cloud ML" && $0.mode == .imported }, name)
            // Every review is for a card the import wrote.
            let keys = Set(ContentLoader.load(paths: [out.path]).cards.map(\.id))
            XCTAssertTrue(reviews.allSatisfy { keys.contains($0.card) }, name)
        }
    }

    func testOldestLayoutWithoutMeta() throws {
        // Anki 2.0's packages: collection.anki2 only, media as JSON, no meta. Made from the legacy
        // package's own collection and media.
        let source = try Archive(url: try RealAnki.packages().appendingPathComponent("legacy.apkg"), accessMode: .read)
        let folder = try TemporaryFolder.create(prefix: "cardbox-import", cleanup: addTeardownBlock)
        let old = folder.appendingPathComponent("old.apkg")
        let archive = try Archive(url: old, accessMode: .create)
        for (from, to) in [("collection.anki21", "collection.anki2"), ("media", "media"), ("0", "0")] {
            var data = Data()
            _ = try source.extract(source[from]!) { data.append($0) }
            try archive.addEntry(
                with: to, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let out = folder.appendingPathComponent("decks")
        let report = try AnkiImporter.run(file: old, into: out)
        XCTAssertEqual(report.notes, 4)
        XCTAssertEqual(report.media, 1)
        XCTAssertEqual(ContentLoader.load(paths: [out.path]).cards.count, 6)
    }
}
