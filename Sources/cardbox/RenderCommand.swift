import ArgumentParser
import CardboxEngine
import Foundation

/// `cardbox render`: runs the app headless on keys and prints the final screen as text.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Run the app headless on --keys and print the final screen as text.")

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("Screen size as WIDTHxHEIGHT.", valueName: "WxH"))
    var size = "100x30"

    @Option(help: ArgumentHelp("Keys to press, e.g. \"jj<Enter><Space>y\".", valueName: "KEYS"))
    var keys = ""

    func run() throws {
        throw ValidationError("render needs the full-screen app, which is not built yet")
    }
}
