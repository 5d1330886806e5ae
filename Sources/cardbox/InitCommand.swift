import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox init [DIR]`: writes a small sample deck that shows every part of the deck format.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a sample deck (topics, Q/A, cloze, reverse, code, a table, a link) into DIR.")

    @Argument(help: ArgumentHelp("The folder to write into (created if missing).", valueName: "DIR"))
    var folder = "cards"

    func run() throws {
        let file = URL(fileURLWithPath: folder).appendingPathComponent(SampleDeck.fileName).path
        let shown = folder.hasSuffix("/") ? folder + SampleDeck.fileName : folder + "/" + SampleDeck.fileName
        if FileManager.default.fileExists(atPath: file) {
            printError("cardbox: \(shown) already exists; nothing was written. Name another folder: cardbox init DIR")
            throw ExitCode(1)
        }
        if let reason = Self.createFolders(folder) {
            printError("cardbox: cannot create the folder \(folder): \(reason)")
            throw ExitCode(1)
        }
        // O_EXCL: never overwrite, even a file that appeared since the check above.
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else {
            printError("cardbox: cannot write \(shown): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let bytes = Array((SampleDeck.text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count else {
            printError("cardbox: cannot write \(shown): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let cards = ContentLoader.load(paths: [file]).cards.count
        print("Wrote \(shown) (\(cards) cards).")
        print("Study it:  cardbox --content \(folder)")
        print("Check it:  cardbox check \(folder)")
    }

    /// Creates `path` and its missing parents; nil when done, else the system's reason ("Not a
    /// directory"), which Foundation on Linux replaces with "the operation could not be completed".
    static func createFolders(_ path: String) -> String? {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST { return String(cString: strerror(errno)) }
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return String(cString: strerror(ENOTDIR))
        }
        return nil
    }
}
