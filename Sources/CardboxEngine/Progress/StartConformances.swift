/// The protocol conformances a start of the full-screen app asks the Swift runtime about, asked for
/// ahead of it.
///
/// The first use of a generic type with given parameters (a dictionary keyed by `String`, a set of
/// `CardID`, an array of `Substring`s) makes the runtime check the parameters against the
/// type's requirements. The first check of a type against a protocol walks every conformance record
/// of the binary (about 6,600, most of them the statically linked Foundation's), about 0.1 ms; the
/// answer is then kept for the process, and later checks cost next to nothing. `lookUp()` asks for the
/// answers a start needs before its first frame, in the order it needs them: run on a second thread
/// as the start begins, it walks the records while the main thread reads the settings and opens the
/// files, which then finds the answers kept. Nothing else is done; a type that is not found is skipped.
/// The progress store (GRDB), opened after the first frame, is not asked for.
public enum StartConformances {
    /// The part of a start a lookup is for.
    public enum Part: Sendable {
        /// Loading the decks from their index entries, on the deck threads: the slowest part of a warm
        /// start, so looked up first.
        case decks
        /// Reading the settings and the progress file's states: everything before the tree memory is read.
        case files
        /// Drawing the first frame.
        case frame
    }

    /// Looks up the conformances `part` of a start needs, in the order it needs them; returns how many
    /// held (all of them, `expectedCount(part)`, unless one of GRDB's types was not found). The result
    /// is what keeps the optimizer from dropping the checks as unused.
    @discardableResult
    public static func lookUp(_ part: Part) -> Int {
        switch part {
        case .decks:
            // Each file's topics by parent and title; the decks by the bytes of their names; the
            // files' results (`Result` requires its failure to be an `Error`).
            return hashable([TopicKey.self, [UInt8].self]) + error([Diagnostic.self])
        case .files:
            // Reading the environment and the settings; the progress folder's path.
            var held = hashable([String.self])
            held += collection([[String].self])
            held += hashable([UInt8.self])
            // The card states and the suspended cards.
            held += hashable([Int.self])
            held += comparable([Int.self])
            held += hashable([CardID.self])
            return held
        case .frame:
            // Column widths and the key hints.
            return comparable([UInt32.self]) + collection([Substring.self])
        }
    }

    /// What `lookUp(part)` returns when every type was found.
    static func expectedCount(_ part: Part) -> Int {
        switch part {
        case .decks: 3
        case .files: 6
        case .frame: 2
        }
    }

    /// How many of `types` conform to `Hashable`, checked at run time (the types are data, so the
    /// checks are not folded away).
    @inline(never)
    static func hashable(_ types: [Any.Type]) -> Int {
        types.filter { $0 is any Hashable.Type }.count
    }

    @inline(never)
    static func error(_ types: [Any.Type]) -> Int {
        types.filter { $0 is any Error.Type }.count
    }

    @inline(never)
    static func comparable(_ types: [Any.Type]) -> Int {
        types.filter { $0 is any Comparable.Type }.count
    }

    @inline(never)
    static func collection(_ types: [Any.Type]) -> Int {
        types.filter { $0 is any Collection.Type }.count
    }
}
