import CardboxAnki
import CardboxTestSupport
import Foundation
import GRDB
import XCTest
import ZIPFoundation

/// Bad input is one clear message and nothing written.
final class BadPackageTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.create(prefix: "cardbox-bad-package", cleanup: addTeardownBlock)
    }

    private var out: URL { folder.appendingPathComponent("decks") }

    /// Imports `package` and returns the message; asserts that nothing was written.
    private func failure(_ package: URL, limits: AnkiLimits = .standard, line: UInt = #line) -> String {
        do {
            _ = try AnkiImporter.run(file: package, into: out, limits: limits)
            XCTFail("the import should fail", line: line)
            return ""
        } catch {
            XCTAssertTrue(error is AnkiError, "\(error)", line: line)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing is written", line: line)
            let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            XCTAssertEqual(leftovers.filter { $0 != "in.apkg" && $0 != "in.txt" }, [], line: line)
            return "\(error)"
        }
    }

    private func zip(_ entries: [String: Data]) throws -> URL {
        let url = folder.appendingPathComponent("in.apkg")
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (name, data) in entries.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return url
    }

    func testCorruptZip() throws {
        let url = folder.appendingPathComponent("in.apkg")
        try Data("PK\u{3}\u{4} this is not really a zip file".utf8).write(to: url)
        XCTAssertTrue(failure(url).contains("not a readable zip file"))
    }

    func testPackageWithoutCollection() throws {
        let message = failure(try zip(["media": Data("{}".utf8)]))
        XCTAssertTrue(message.contains("no Anki collection in this package"), message)
    }

    func testNewerPackageVersion() throws {
        let message = failure(try zip(["meta": Data([0x08, 0x04]), "collection.anki21b": Data()]))
        XCTAssertTrue(message.contains("made by a newer Anki"), message)
    }

    func testZipBombIsRefused() throws {
        // 20 MB of zeros deflate to a few kilobytes; the limit is 1 MB.
        let bomb = try zip(["collection.anki21": Data(count: 20_000_000)])
        let message = failure(
            bomb, limits: AnkiLimits(collectionBytes: 1_000_000, mediaBytes: 1_000_000, indexBytes: 1000))
        XCTAssertTrue(message.contains("expands to more than 1 MB"), message)
    }

    func testZstdBombIsRefused() throws {
        let packages = try RealAnki.packages()
        let message = failure(
            packages.appendingPathComponent("latest.apkg"),
            limits: AnkiLimits(collectionBytes: 1000, mediaBytes: 1000, indexBytes: 1000))
        XCTAssertTrue(message.contains("collection.anki21b expands to more than 1000 bytes"), message)
    }

    func testNotADatabase() throws {
        let message = failure(try zip(["collection.anki21": Data(repeating: 7, count: 4096)]))
        XCTAssertTrue(message.contains("the collection"), message)
    }

    func testInvalidUTF8InAField() throws {
        // Anki's legacy package with one field's bytes broken.
        let packages = try RealAnki.packages()
        let source = try Archive(url: packages.appendingPathComponent("legacy.apkg"), accessMode: .read)
        var collection = Data()
        _ = try source.extract(source["collection.anki21"]!) { collection.append($0) }
        let database = try TemporaryFolder.create(prefix: "cardbox-bad-field", cleanup: addTeardownBlock)
            .appendingPathComponent("c.sqlite")
        try collection.write(to: database)
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE notes SET flds = CAST(X'416E6B69FF1F6F6B' AS TEXT) WHERE id = (SELECT min(id) FROM notes)")
        }
        try queue.close()
        let message = failure(try zip(["collection.anki21": try Data(contentsOf: database)]))
        XCTAssertTrue(message.contains("has invalid UTF-8 in a field"), message)
    }

    func testInvalidUTF8InAText() throws {
        let url = folder.appendingPathComponent("in.txt")
        try Data([
            0x23, 0x73, 0x65, 0x70, 0x61, 0x72, 0x61, 0x74, 0x6F, 0x72, 0x3A, 0x74, 0x61, 0x62, 0x0A, 0x61, 0x09, 0xFF,
            0x0A,
        ])
        .write(to: url)
        let message = failure(url)
        XCTAssertTrue(message.contains("in.txt:2: invalid UTF-8"), message)
    }

    func testNewerCollectionSchema() throws {
        let database = try TemporaryFolder.create(prefix: "cardbox-bad-schema", cleanup: addTeardownBlock)
            .appendingPathComponent("c.sqlite")
        let queue = try DatabaseQueue(path: database.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE col (ver integer); INSERT INTO col VALUES (19)")
        }
        try queue.close()
        let message = failure(try zip(["collection.anki21": try Data(contentsOf: database)]))
        XCTAssertTrue(message.contains("collection schema 19 is newer than cardbox reads"), message)
    }
}
