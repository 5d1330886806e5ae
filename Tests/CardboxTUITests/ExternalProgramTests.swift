import CardboxEngine
import CardboxTestSupport
import Foundation
import XCTest

@testable import CardboxTUI

/// The editor's command line, what `o` may open, and the programs that open it.
final class ExternalProgramTests: XCTestCase {
    func testEditorChoiceAndLineArgument() {
        func argv(_ environment: [String: String]) -> [String] {
            EditorCommand(environment: environment, file: "/d/deck one.md", line: 12).argv
        }
        XCTAssertEqual(argv([:]), ["/bin/sh", "-c", "vi \"$@\"", "sh", "+12", "/d/deck one.md"])
        XCTAssertEqual(argv(["EDITOR": "nano", "VISUAL": "nvim"])[2], "nvim \"$@\"", "VISUAL comes first")
        XCTAssertEqual(argv(["EDITOR": "nano", "VISUAL": " "])[2], "nano \"$@\"", "a blank VISUAL is unset")
        XCTAssertEqual(argv(["EDITOR": "emacsclient -t"]).suffix(2), ["+12", "/d/deck one.md"])
        XCTAssertEqual(argv(["EDITOR": "/usr/bin/hx"]).suffix(2), ["+12", "/d/deck one.md"])
        XCTAssertEqual(argv(["EDITOR": "kak"]).suffix(2), ["+12", "/d/deck one.md"])
        XCTAssertEqual(
            argv(["EDITOR": "code --wait"]), ["/bin/sh", "-c", "code --wait \"$@\"", "sh", "-g", "/d/deck one.md:12"])
        XCTAssertEqual(argv(["VISUAL": "env FOO=1 codium -w"]).suffix(2), ["-g", "/d/deck one.md:12"])
        XCTAssertEqual(argv(["EDITOR": "subl -w"]).suffix(1), ["/d/deck one.md:12"])
        XCTAssertEqual(EditorCommand.programName("'/opt/My Editor/vim'"), "vim")
    }

    func testTheEditorRunsThroughTheShellWithTheFileAsAnArgument() throws {
        let folder = try TemporaryFolder.create(prefix: "cardbox-editor") { self.addTeardownBlock($0) }
        let log = folder.appendingPathComponent("args").path
        let file = folder.appendingPathComponent("it's $(here).md").path
        let command = EditorCommand(environment: ["EDITOR": "printf '%s|' >'\(log)'"], file: file, line: 3)
        XCTAssertNil(ChildProcess.runInForeground(command.argv, what: "the editor"))
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), "+3|\(file)|")
        let failing = EditorCommand(environment: ["EDITOR": "exit 3;"], file: file, line: 1)
        XCTAssertEqual(
            ChildProcess.runInForeground(failing.argv, what: "the editor"), "The editor exited with status 3")
        let missing = EditorCommand(environment: ["EDITOR": "cardbox-no-such-editor"], file: file, line: 1)
        XCTAssertEqual(
            ChildProcess.runInForeground(missing.argv, what: "the editor"),
            "The editor exited with status 127 (command not found? set $VISUAL or $EDITOR)")
    }

    func testOnlyHttpLinksAndImagesInsideTheDecksFolderAreOpened() throws {
        let root = try TemporaryFolder.create(prefix: "cardbox-open") { self.addTeardownBlock($0) }
        let decks = root.appendingPathComponent("decks")
        try FileManager.default.createDirectory(
            at: decks.appendingPathComponent("img"), withIntermediateDirectories: true)
        try Data("png".utf8).write(to: decks.appendingPathComponent("img/chart.png"))
        try Data("secret".utf8).write(to: root.appendingPathComponent("outside.png"))
        try FileManager.default.createSymbolicLink(
            atPath: decks.appendingPathComponent("img/link.png").path, withDestinationPath: "../../outside.png")
        let deckFile = decks.appendingPathComponent("deck.md").path
        func target(_ markdown: String) -> OpenTarget? {
            let card = EditAndReloadTests.collection("# T\nQ: \(markdown)\nA: x\n", path: deckFile).cards.first
            return card.flatMap { OpenTarget.first(in: [$0.question], deckFile: deckFile) }
        }
        XCTAssertEqual(target("[a](mailto:x@y.z) then [b](https://example.com)"), .link("https://example.com"))
        XCTAssertNil(target("[a](file:///etc/passwd) [b](javascript:alert(1)) [c](ftp://x)"))
        XCTAssertEqual(target("![chart](img/chart.png)"), .image(path: "img/chart.png", folder: decks.path))
        XCTAssertEqual(
            try target("![chart](img/chart.png)")?.resolved().get(),
            decks.appendingPathComponent("img/chart.png").resolvingSymlinksInPath().path)
        for escape in ["../outside.png", "img/link.png", root.appendingPathComponent("outside.png").path] {
            guard case .failure(let refusal) = target("![x](\(escape))")?.resolved() else {
                return XCTFail("\(escape) must not be opened")
            }
            XCTAssertTrue(refusal.description.contains("outside the deck's folder"), refusal.description)
        }
        guard case .failure(let missing) = target("![x](img/none.png)")?.resolved() else { return XCTFail() }
        XCTAssertEqual(missing.description, "no such image: img/none.png")
        guard case .failure(let folder) = target("![x](img)")?.resolved() else { return XCTFail() }
        XCTAssertEqual(folder.description, "not a file: img")
    }

    func testTheOpenerNeedsADisplay() {
        XCTAssertEqual(
            try Opener.command(for: "https://x.y", environment: ["DISPLAY": ":0"], isMacOS: false).get(),
            ["xdg-open", "https://x.y"])
        XCTAssertEqual(
            try Opener.command(for: "https://x.y", environment: ["WAYLAND_DISPLAY": "wayland-0"], isMacOS: false).get(),
            ["xdg-open", "https://x.y"])
        XCTAssertEqual(
            try Opener.command(for: "https://x.y", environment: [:], isMacOS: true).get(), ["open", "https://x.y"])
        guard
            case .failure(let refusal) = Opener.command(
                for: "https://x.y", environment: ["DISPLAY": ""], isMacOS: false)
        else {
            return XCTFail("no display, nothing to open it with")
        }
        XCTAssertEqual(
            refusal.description, "No display to open it on ($DISPLAY and $WAYLAND_DISPLAY are unset): https://x.y")
    }

    func testADetachedOpenerDoesNotHoldTheApp() throws {
        let folder = try TemporaryFolder.create(prefix: "cardbox-opener") { self.addTeardownBlock($0) }
        let script = folder.appendingPathComponent("opener")
        let done = folder.appendingPathComponent("done")
        let go = folder.appendingPathComponent("go")
        // Finishes only once the test lets it: had the app waited for it, it would never have returned.
        try "#!/bin/sh\nwhile [ ! -e '\(go.path)' ]; do sleep 0.05; done\necho \"$1\" > '\(done.path)'\n"
            .write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        XCTAssertNil(ChildProcess.startDetached([script.path, "https://example.com"]))
        try Data().write(to: go)
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: done.path) { usleep(50_000) }
        XCTAssertEqual(try String(contentsOf: done, encoding: .utf8), "https://example.com\n")
        XCTAssertEqual(
            ChildProcess.startDetached(["cardbox-no-such-opener", "x"]), "cardbox-no-such-opener is not installed")
    }
}
