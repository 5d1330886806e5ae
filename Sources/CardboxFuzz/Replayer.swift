#if !CARDBOX_LIBFUZZER
import Foundation

/// Without libFuzzer (a plain `swift build`) the target is a replayer: `CardboxFuzz FILE...` runs each
/// file through the entry point the fuzzer uses, so a saved crashing input reproduces in a debugger.
@main
enum Replayer {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("CardboxFuzz: cannot read \(path)\n".utf8))
                exit(1)
            }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { cardboxFuzzDeckParser($0.baseAddress, $0.count) }
            print("\(path): ok")
        }
    }
}
#endif
