import CardboxEngine

// libFuzzer entry point for the deck parser (`make fuzz`). Built only with
// `-sanitize=fuzzer,address -parse-as-library`, where libFuzzer supplies `main`; see the Makefile.
// Each input is one deck file's bytes: parsed, then built into a collection, as `cardbox check` does;
// then parsed as the app does, with card text parsed later from each card's own lines, which must
// give the same cards; then read by the structural first pass, which must agree with the full parse;
// then its index entry is written and read back, and read again altered.
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
    // The structural first pass, when it reads the file at all, reads it exactly as the full parse
    // does: keys, kinds, lines, normalized questions, search texts, places and diagnostics.
    if let difference = StructuralCheck.mismatch(bytes, path: "fuzz.md") {
        preconditionFailure("the structural pass reads differently: \(difference)")
    }
    // The deck's index entry reads back as the same cards; entries altered with the input's own
    // bytes (checksum made valid) are refused or read without harm.
    IndexEntryProbe.check(deck: bytes, noise: Array(bytes.prefix(64)))
    // The progress value reader: the input's bytes as column values (NULL, INTEGER and REAL bit
    // patterns, text), which must be read or refused, never trapped on.
    fuzzProgressValues(bytes)
    return 0
}

/// Reads the input, 9 bytes a value, as the four columns of a card state, again and again.
func fuzzProgressValues(_ bytes: [UInt8]) {
    var values: [StoredValues.Value] = []
    var index = 0
    while index + 9 <= bytes.count && values.count < 64 {
        let bits = bytes[(index + 1)..<(index + 9)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        switch bytes[index] % 5 {
        case 0: values.append(.null)
        case 1: values.append(.integer(Int64(bitPattern: bits)))
        case 2: values.append(.real(Double(bitPattern: bits)))
        case 3: values.append(.text(String(decoding: bytes[(index + 1)..<(index + 9)], as: UTF8.self)))
        default: values.append(.blob)
        }
        index += 9
    }
    guard values.count >= 5 else { return }
    for start in 0...(values.count - 5) {
        if let state = try? StoredValues.cardState(
            box: values[start], lastReview: values[start + 1], missed: values[start + 2],
            firstReview: values[start + 3], lapses: values[start + 4])
        {
            precondition(StoredValues.boxes.contains(state.box), "a box out of range was accepted")
            // The scheduler's arithmetic on an accepted state must not trap either.
            _ = LeitnerScheduler(config: .standard()).dueDate(of: state)
        }
    }
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
