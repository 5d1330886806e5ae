import Foundation
import XCTest

/// `make install` puts the binary, the decks, shell completions and the man page in the usual places.
final class InstallTests: XCTestCase {
    func testInstallPutsCompletionsAndTheManPageUnderThePrefix() throws {
        let destination = try BinaryRunner.temporaryFolder(self)
        let root = BinaryRunner.packageRoot.path
        let binaries = URL(fileURLWithPath: BinaryRunner.binary).deletingLastPathComponent().path
        // `make test` makes the man page first: the plugin that makes it cannot run inside `swift test`,
        // which holds the build folder.
        let manPage = BinaryRunner.packageRoot.appendingPathComponent(".build/man/cardbox.1").path
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: manPage), "no \(manPage); run make man (make test does)")
        let install = try BinaryRunner.runProcess(
            "/usr/bin/env",
            ["make", "-C", root, "install-files", "DESTDIR=\(destination.path)", "PREFIX=/usr", "BINDIR=\(binaries)"])
        XCTAssertEqual(install.status, 0, install.stdout + install.stderr)

        let prefix = destination.path + "/usr"
        func read(_ path: String) throws -> String { try String(contentsOfFile: prefix + path, encoding: .utf8) }
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: prefix + "/bin/cardbox"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: prefix + "/share/cardbox/Content"))
        let bash = try read("/share/bash-completion/completions/cardbox")
        XCTAssertTrue(bash.contains("complete ") && bash.contains("cardbox"), bash)
        XCTAssertTrue(bash.contains("--reset-progress"), "subcommand options are completed")
        XCTAssertTrue(try read("/share/zsh/site-functions/_cardbox").hasPrefix("#compdef cardbox"))
        XCTAssertTrue(try read("/share/fish/vendor_completions.d/cardbox.fish").contains("complete -c 'cardbox'"))
        // The welcome screen points to the format guide, so it is installed with the binary.
        XCTAssertTrue(try read("/share/doc/cardbox/CONTENT-FORMAT.md").contains("Q:"))
        let page = try read("/share/man/man1/cardbox.1")
        XCTAssertTrue(page.contains(".Dt CARDBOX 1"), page)
        for subcommand in ["study", "check", "stats", "render"] {
            XCTAssertTrue(page.contains("Em \(subcommand)"), "the man page describes \(subcommand)")
        }
    }

    func testInstallFilesWithoutABinarySaysWhatToRun() throws {
        let destination = try BinaryRunner.temporaryFolder(self)
        let result = try BinaryRunner.runProcess(
            "/usr/bin/env",
            [
                "make", "-s", "-C", BinaryRunner.packageRoot.path, "install-files", "DESTDIR=\(destination.path)",
                "BINDIR=\(destination.path)/nowhere",
            ])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("run make install"), result.stdout + result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: destination.path + "/usr/local/bin/cardbox"))
    }
}
