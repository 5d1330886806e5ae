import ArgumentParser
import CardboxEngine
import CardboxTUI
import Foundation

/// `cardbox render`: runs the app headless on keys and prints the final screen as text.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render", abstract: "Run the app headless on --keys and print the final screen as text.",
        discussion:
            "Reads the progress file but never writes it. Key names: <Enter> <Space> <Esc> <Tab> <S-Tab> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <BS> <C-c>, and <lt> for '<', <gt> for '>'."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: ArgumentHelp("Screen size as WIDTHxHEIGHT.", valueName: "WxH"))
    var size = "100x30"

    @Option(help: ArgumentHelp("Keys to press, e.g. \"jj<Enter><Space>y\".", valueName: "KEYS"))
    var keys = ""

    func validate() throws {
        guard parsedSize != nil else {
            throw ValidationError("--size '\(size)' must be WIDTHxHEIGHT, each 1 to 1000, e.g. 100x30")
        }
        do {
            _ = try Key.parseKeys(keys)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    private var parsedSize: (width: Int, height: Int)? {
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
            (1...1000).contains(width), (1...1000).contains(height)
        else { return nil }
        return (width, height)
    }

    func run() throws {
        let session = try LoadedSession.open(try options.settings(), now: options.currentDate(), writable: false)
        let fixed = options.currentDate()
        // The tree as the app would open it (the last run's open topics); rendering never changes it.
        let context = try session.appContext(now: { fixed }, rememberedTree: true)
        let size = parsedSize!
        do {
            print(try renderHeadless(context, width: size.width, height: size.height, keys: keys))
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
