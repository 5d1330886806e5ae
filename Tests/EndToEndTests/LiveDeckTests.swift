import Foundation
import XCTest

/// Writing decks while the app runs: `e` with a scripted editor, and files changed from outside.
final class LiveDeckTests: XCTestCase {
    static let deck = """
        # Streams

        Q: Which service keeps a stream of records for a day by default?
        A: Kinesis Data Streams

        Q: Which service delivers a stream to S3 without code?
        A: Amazon Data Firehose

        """

    /// A folder with `deck.md` and an editor script that logs its arguments, then runs `edit` (a sed
    /// program; `$line` is the line it was given) on the file.
    func setUp(edit: String) throws -> (folder: URL, deck: URL, editor: String, log: URL) {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let deck = folder.appendingPathComponent("deck.md")
        try Self.deck.write(to: deck, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("editor.log")
        let editor = folder.appendingPathComponent("edit-card")
        try """
        #!/bin/sh
        echo "$@" >> '\(log.path)'
        line=${1#+}
        sed -i "\(edit)" "$2"

        """.write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        return (folder, deck, editor.path, log)
    }

    func start(_ folder: URL, content: String, environment: [String: String] = [:]) throws -> TmuxSession {
        try TmuxSession(
            folder: folder, arguments: ["--content", content, "--now", "2026-03-01T09:00:00Z"],
            environment: ["VISUAL": "", "DISPLAY": ""].merging(environment) { $1 })
    }

    func keys(_ deck: URL, progress: String) throws -> [String] {
        let result = try BinaryRunner.run(["check", "--keys", deck.path, "--progress", progress])
        return result.stdout.split(separator: "\n").compactMap { row in
            let fields = row.split(separator: "\t")
            return fields.count > 1 ? String(fields[1]) : nil
        }
    }

    func testEditInASessionShowsTheEditedAnswerAndKeepsProgress() throws {
        // The answer is the line after the question.
        let (folder, deck, editor, log) = try setUp(edit: "$((line + 1))s/.*/A: Kinesis, edited in the editor/")
        let app = try start(folder, content: deck.path, environment: ["EDITOR": editor])
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/2")
        try app.send("e")
        try app.waitFor("Edited; the card reads as saved, its progress kept")
        XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), "+3 \(deck.path)\n")
        try app.send("Space")
        try app.waitFor("Kinesis, edited in the editor")
        try app.send("y")
        try app.waitFor("STUDY 2/2")
        try app.send("Escape")
        try app.waitFor("Session summary")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertFalse(try String(contentsOf: deck, encoding: .utf8).contains("A: Kinesis Data Streams"))
    }

    func testRewrittenQuestionInBrowseAndFromASearchHitKeepsItsProgress() throws {
        let (folder, deck, editor, log) = try setUp(
            edit: "${line}s/.*/Q: Rewritten from line ${line}, nothing like before/")
        let app = try start(folder, content: deck.path, environment: ["EDITOR": editor])
        try app.waitFor("All decks")
        // Answer the first card, so that it has progress to keep.
        try app.send("Enter", "Space", "y")
        try app.waitFor("STUDY 2/2")
        try app.send("Escape")
        try app.waitFor("Session summary")
        try app.send("Escape")
        try app.waitFor("TOPICS")
        let before = try keys(deck, progress: app.progress)
        // Browse: the question line itself is rewritten, past what orphan matching would take.
        try app.send("b")
        try app.waitFor("BROWSE 1/2")
        try app.send("e")
        try app.waitFor("Edited; the card reads as saved, its progress kept")
        try app.waitFor("Rewritten from line 3, nothing like before")
        try app.send("Escape")
        try app.waitFor("TOPICS")
        // A search hit opened with Enter.
        try app.send("/")
        try app.type("firehose")
        try app.waitFor("1 of 1")
        try app.send("Enter")
        try app.waitFor("BROWSE 2/2")
        try app.send("e")
        try app.waitFor("Edited; the card reads as saved, its progress kept")
        try app.waitFor("Rewritten from line 6, nothing like before")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), "+3 \(deck.path)\n+6 \(deck.path)\n")
        let after = try keys(deck, progress: app.progress)
        XCTAssertNotEqual(before, after, "the questions changed, and so did their keys")
        let check = try BinaryRunner.run(["check", deck.path, "--progress", app.progress])
        XCTAssertFalse(check.stdout.contains("no longer in deck"), "the progress went with the card: \(check.stdout)")
        let stats = try BinaryRunner.run(["stats", "--json", "--content", deck.path, "--progress", app.progress])
        let numbers = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(numbers["new"] as? Int, 1, stats.stdout)
        XCTAssertEqual(numbers["reviews"] as? Int, 1, stats.stdout)
    }

    /// `sed -i` with no command writes the file back as it was, as an editor quit without saving may
    /// (a new file in the folder, a new modification time): nothing was edited.
    func testAnEditorThatChangesNothingSaysSo() throws {
        let (folder, deck, editor, log) = try setUp(edit: "")
        let app = try start(folder, content: deck.path, environment: ["EDITOR": editor])
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/2")
        try app.send("e")
        try app.waitFor("No change to")
        XCTAssertEqual(try String(contentsOf: log, encoding: .utf8), "+3 \(deck.path)\n")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testAFailingEditorIsReported() throws {
        let (folder, deck, _, _) = try setUp(edit: "")
        let app = try start(folder, content: deck.path, environment: ["EDITOR": "exit 4;"])
        try app.waitFor("All decks")
        try app.send("b")
        try app.waitFor("BROWSE 1/2")
        try app.send("e")
        try app.waitFor("The editor exited with status 4")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testFilesChangedFromOutsideAreReloaded() throws {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        let deck = decks.appendingPathComponent("streams.md")
        try Self.deck.write(to: deck, atomically: true, encoding: .utf8)
        let app = try start(folder, content: decks.path)
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/2")
        // An answer edited in another editor.
        try Self.deck.replacingOccurrences(of: "A: Kinesis Data Streams", with: "A: Kinesis, from outside")
            .write(to: deck, atomically: true, encoding: .utf8)
        try app.waitFor("Decks reloaded")
        try app.send("Space")
        try app.waitFor("Kinesis, from outside")
        // A new file: its deck is in the tree and in the counts.
        try "---\ntitle: Extra\n---\n# More\nQ: A third card?\nA: yes\n".write(
            to: decks.appendingPathComponent("extra.md"), atomically: true, encoding: .utf8)
        try app.waitFor("Decks reloaded (1 new card)")
        try app.waitFor("Extra")
        // The card shown deleted: it leaves the session.
        try Self.deck.replacingOccurrences(
            of: "Q: Which service keeps a stream of records for a day by default?\nA: Kinesis Data Streams\n", with: ""
        ).write(to: deck, atomically: true, encoding: .utf8)
        try app.waitFor("The card shown was deleted from its deck")
        try app.waitFor("Which service delivers a stream to S3")
        // A file deleted: its deck leaves the tree.
        try FileManager.default.removeItem(at: decks.appendingPathComponent("extra.md"))
        try app.waitFor("Decks reloaded (1 card gone)")
        let screen = try app.screen()
        XCTAssertFalse(screen.contains("Extra"), screen)
        try app.send("Escape")
        try app.waitFor("TOPICS")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testATableAndALinkOnTheRealTerminal() throws {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let deck = folder.appendingPathComponent("table.md")
        try """
        # Instances
        Q: Which family for which job? See [the types](https://aws.amazon.com/ec2/instance-types/).
        A: By accelerator:

        | family | use |
        | --- | --- |
        | P5 | training |
        | Inf2 | inference |

        """.write(to: deck, atomically: true, encoding: .utf8)
        let app = try start(folder, content: deck.path)
        try app.waitFor("All decks")
        try app.send("b")
        try app.waitFor("See the types")
        try app.waitFor("<https://aws.amazon.com/ec2/instance-types/>")
        try app.send("Space")
        let screen = try app.waitFor("│ Inf2   │ inference │")
        XCTAssertTrue(screen.contains("┌────────┬───────────┐"), screen)
        XCTAssertTrue(screen.contains("│ family │ use       │"), screen)
        // No display here: `o` says so, and opens nothing.
        try app.send("o")
        try app.waitFor("No display to open it on")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    func testTheWelcomeScreenSaysWhereItLookedAndGivesWayToADeck() throws {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let decks = folder.appendingPathComponent("decks")
        let app = try start(folder, content: decks.path)
        try app.waitFor("No decks were found; to add one:")
        let screen = try app.waitFor("--content \(decks.path): no such file or")
        XCTAssertTrue(screen.contains("cardbox init"), screen)
        XCTAssertTrue(screen.contains("WELCOME"), screen)
        try app.send("Enter")
        try app.waitFor("No decks yet")
        // The deck saved where it looks takes the screen's place.
        try FileManager.default.createDirectory(at: decks, withIntermediateDirectories: true)
        try "# First\nQ: Here at last?\nA: yes\n".write(
            to: decks.appendingPathComponent("first.md"), atomically: true, encoding: .utf8)
        try app.waitFor("All decks")
        try app.waitFor("First")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)

        // Quitting from the welcome screen itself.
        let empty = try start(folder, content: folder.appendingPathComponent("none").path)
        try empty.waitFor("WELCOME")
        try empty.send("q")
        XCTAssertEqual(try empty.waitForExit(), 0)
    }

    func testADeckSavedInTheDefaultContentFolderTakesTheWelcomeScreensPlace() throws {
        // No --content, no settings: the welcome screen offers ./Content, and a deck saved there appears.
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let app = try TmuxSession(
            folder: folder, arguments: ["--now", "2026-03-01T09:00:00Z"],
            environment: ["CARDBOX_CONTENT": "", "VISUAL": "", "DISPLAY": ""],
            shellSetup: "cd \(TmuxSession.quote(folder.path))")
        try app.waitFor("./Content: no such file or folder")
        let content = folder.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try "# First\nQ: Found by itself?\nA: yes\n".write(
            to: content.appendingPathComponent("first.md"), atomically: true, encoding: .utf8)
        try app.waitFor("All decks")
        try app.send("q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }

    /// The bytes the app wrote to the terminal while it browsed a card with a link (`pipe-pane`).
    func linkOutput(environment: [String: String]) throws -> String {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let deck = folder.appendingPathComponent("link.md")
        try "# Links\nQ: Read [the guide](https://example.com/a%20b?x=1) first\nA: ok\n".write(
            to: deck, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("output")
        let app = try start(folder, content: deck.path, environment: environment)
        try app.waitFor("All decks")
        try app.tmux(["pipe-pane", "-o", "-t", "main", "cat >> " + TmuxSession.quote(output.path)])
        try app.send("b")
        try app.waitFor("BROWSE 1/1")
        try app.waitFor("<https://example.com/a%20b?x=1>")
        // Another frame after the link, drawn from where curses believes the cursor is: still whole.
        try app.send("Space")
        let screen = try app.waitFor("ok")
        XCTAssertTrue(screen.contains("Read the guide"), screen)
        // The answer shown has the focus, so the question's border is the light one.
        XCTAssertTrue(screen.contains("││ Read the guide"), "the frame is not shifted: \(screen)")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }

    func testLinksAreHyperlinksUnlessTurnedOff() throws {
        let on = try linkOutput(environment: [:])
        XCTAssertTrue(on.contains("\u{1B}]8;;https://example.com/a%20b?x=1\u{1B}\\"), on.debugDescription)
        XCTAssertTrue(on.contains("the guide"), on.debugDescription)
        XCTAssertTrue(on.contains("\u{1B}]8;;\u{1B}\\"), "every link is closed")
        let off = try linkOutput(environment: ["CARDBOX_HYPERLINKS": "0"])
        XCTAssertFalse(off.contains("\u{1B}]8;"), off.debugDescription)
        XCTAssertTrue(off.contains("the guide"), off.debugDescription)
    }

    func testOOpensTheLinkAndAnImageBesideTheDeckWithXdgOpen() throws {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let decks = folder.appendingPathComponent("decks")
        try FileManager.default.createDirectory(
            at: decks.appendingPathComponent("img"), withIntermediateDirectories: true)
        try Data("png".utf8).write(to: decks.appendingPathComponent("img/chart.png"))
        try Data("secret".utf8).write(to: folder.appendingPathComponent("outside.png"))
        try """
        # Links
        Q: What does the [guide](https://example.com/guide) say?
        A: ok

        Q: Which chart? ![the chart](img/chart.png)
        A: that one

        Q: And this one? ![escape](../outside.png)
        A: never opened

        """.write(to: decks.appendingPathComponent("links.md"), atomically: true, encoding: .utf8)
        // A stand-in opener on the PATH that notes what it was asked to open.
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let opened = folder.appendingPathComponent("opened")
        try "#!/bin/sh\necho \"$1\" >> '\(opened.path)'\n".write(
            to: bin.appendingPathComponent("xdg-open"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: bin.appendingPathComponent("xdg-open").path)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let app = try start(folder, content: decks.path, environment: ["DISPLAY": ":99", "PATH": path])
        try app.waitFor("All decks")
        try app.send("b")
        try app.waitFor("BROWSE 1/3")
        try app.send("o")
        try app.waitFor("Opened https://example.com/guide with xdg-open")
        try app.send("Right", "o")
        try app.waitFor("Opened img/chart.png with xdg-open")
        try app.send("Right", "o")
        try app.waitFor("outside the deck's folder")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
        var lines: [String] = []
        for _ in 0..<200 {
            lines = ((try? String(contentsOf: opened, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.count >= 2 { break }
            usleep(50_000)
        }
        XCTAssertEqual(
            lines,
            ["https://example.com/guide", decks.appendingPathComponent("img/chart.png").resolvingSymlinksInPath().path])
    }

    func testTheEditorGetsAPlainTerminalAndTheAppRedrawsAfterIt() throws {
        let folder = try BinaryRunner.tmuxTestFolder(self)
        let deck = folder.appendingPathComponent("deck.md")
        try Self.deck.write(to: deck, atomically: true, encoding: .utf8)
        let log = folder.appendingPathComponent("terminal.log")
        let editor = folder.appendingPathComponent("inspect")
        // What the editor finds: the pane's alternate screen (curses ended leaves it) and the tty's modes.
        try """
        #!/bin/sh
        tmux display-message -p 'alternate=#{alternate_on}' >> '\(log.path)'
        stty -a < /dev/tty | tr ' ;' '\\n\\n' | grep -x -e '-*icanon' -e '-*echo' >> '\(log.path)'

        """.write(to: editor, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        let app = try start(folder, content: deck.path, environment: ["EDITOR": editor.path])
        try app.waitFor("All decks")
        try app.send("Enter")
        try app.waitFor("STUDY 1/2")
        XCTAssertTrue(try app.alternateScreen())
        try app.send("e")
        try app.waitFor("No change to \(deck.path)")
        XCTAssertEqual(
            try String(contentsOf: log, encoding: .utf8), "alternate=0\nicanon\necho\n",
            "the editor had the normal screen and a cooked terminal")
        // Back in the app: the alternate screen again, the whole frame drawn, keys work.
        XCTAssertTrue(try app.alternateScreen())
        let screen = try app.waitFor("Which service keeps a stream")
        XCTAssertTrue(screen.contains("┌─ Topics"), screen)
        try app.send("Space")
        try app.waitFor("Kinesis Data Streams")
        try app.send("Escape", "q")
        XCTAssertEqual(try app.waitForExit(), 0)
    }
}
