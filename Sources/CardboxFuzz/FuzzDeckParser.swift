import CardboxEngine

// libFuzzer entry point for the deck parser (`make fuzz`). Built only with
// `-sanitize=fuzzer,address -parse-as-library`, where libFuzzer supplies `main`; see the Makefile.
// Each input is one deck file's bytes: parsed, then built into a collection, as `cardbox check` does;
// then parsed as the app does, with card text parsed later from each card's own lines, which must
// give the same cards; then its index entry is written and read back, and read again altered.
@_cdecl("LLVMFuzzerTestOneInput")
public func cardboxFuzzDeckParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parsed = DeckParser.parse(bytes: bytes, path: "fuzz.md")
    let collection = CollectionBuilder.build(files: [parsed])
    // Touch what the app reads first, so a malformed result fails here rather than later.
    for card in collection.cards {
        precondition(collection.nodes.indices.contains(card.topic), "card points outside the topic tree")
        precondition(card.source.line >= 1, "diagnostic line below 1")
    }
    for diagnostic in collection.diagnostics { precondition(diagnostic.location.line >= 1, "diagnostic line below 1") }
    // Cards whose text is parsed later from their own lines must read exactly as parsed with the file.
    let deferred = CollectionBuilder.build(files: [ContentLoader.parse(bytes: bytes, path: "fuzz.md")])
    precondition(deferred.cards == collection.cards, "a card reads differently when parsed from its own lines")
    precondition(deferred.diagnostics == collection.diagnostics, "diagnostics differ with deferred card text")
    // The deck's index entry reads back as the same cards; entries altered with the input's own
    // bytes (checksum made valid) are refused or read without harm.
    IndexEntryProbe.check(deck: bytes, noise: Array(bytes.prefix(64)))
    return 0
}

#if CARDBOX_LIBFUZZER
/// libFuzzer's driver (in the fuzzer runtime that `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer there.
@_cdecl("CardboxFuzz_main")
func cardboxFuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return llvmFuzzerRunDriver(&count, &arguments) { data, size in cardboxFuzzDeckParser(data, size) }
}
#endif
